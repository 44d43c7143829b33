//! Benchmarks for the console with big incidents: one full frame (egui
//! layout and tessellation, headless, timeline panel open) at 100, 10,000 and
//! 100,000 timeline entries, and loading and saving a 100,000-entry incident.
//!
//! Run with `cargo bench --bench console`; the README's "Performance" section
//! holds the numbers from the last run.

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{TimeDelta, TimeZone, Utc};
use criterion::{BatchSize, BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main};
use incident_console::action::{Action, PendingAction};
use incident_console::app::{ConsoleApp, Document};
use incident_console::file::{from_ron_str, load, save, to_ron_string};
use incident_console::model::{
    Edit, EntryKind, ImportBatch, ImportedEntry, Incident, ManualClock, Phase, Timestamp,
};

/// Timeline sizes the frame is measured at.
const SIZES: [usize; 3] = [100, 10_000, 100_000];
/// The size of the incident that is saved and loaded.
const FILE_SIZE: usize = 100_000;

const AUTHORS: [&str; 6] = ["Ana", "Bo", "Chen", "Dara", "Eli", "Femi"];

/// Realistic log lines of about 110 characters; `{n}` varies per entry.
const TEXTS: [&str; 8] = [
    "Checkout error rate at {n}% in eu-west; p99 latency of orders-db climbing and its connection pool near the limit",
    "Rolled back payments-api to the previous release {n}; watching the error budget burn rate for the next ten minutes",
    "Customer support reports {n} tickets about failed card payments since 14:00 UTC, mostly from shoppers in Germany",
    "Failover of the primary orders-db replica started by the on-call DBA; read traffic moved to replica {n} meanwhile",
    "Status page updated: degraded checkout for some customers in Europe, next update in 30 minutes (draft {n} sent)",
    "Decided to pause the nightly batch jobs {n} until the queue backlog drains; owner of the batch platform informed",
    "Paged the network team: packet loss of {n}% between the edge proxies and the eu-west load balancers since 13:52",
    "Cache hit ratio for sessions fell to {n}% after the config push; reverting the cache TTL change across all nodes",
];

fn t0() -> Timestamp {
    Utc.with_ymd_and_hms(2026, 11, 25, 14, 0, 0).unwrap()
}

/// A declared incident whose timeline has exactly `entries` entries (the
/// declaration included), of every kind and a handful of authors, one to
/// five seconds apart. Returns it with the time of its last entry.
fn incident_with(entries: usize) -> (Incident, Timestamp) {
    let mut incident = Incident::declare(t0(), "Ana");
    let mut at = t0();
    for i in 1..entries {
        at += TimeDelta::seconds(1 + (i * 7919 % 5) as i64);
        let recorded_at = at + TimeDelta::seconds((i * 31 % 40) as i64);
        let author = AUTHORS[i * 13 % AUTHORS.len()];
        let kind = EntryKind::ALL[i % EntryKind::ALL.len()];
        let text = TEXTS[i * 7 % TEXTS.len()].replace("{n}", &(i % 97).to_string());
        incident.timeline.add(at, recorded_at, author, kind, text);
    }
    assert_eq!(incident.timeline.len(), entries);
    (incident, at)
}

/// A headless console on a 1280x800 screen, showing `incident`.
struct Console {
    ctx: egui::Context,
    app: ConsoleApp,
    time: f64,
}

impl Console {
    fn new(entries: usize) -> Console {
        let (incident, last) = incident_with(entries);
        let clock = Arc::new(ManualClock::new(last + TimeDelta::minutes(1)));
        // No settings path: nothing on disk is read or written.
        let mut app = ConsoleApp::new(clock, None);
        app.settings.author = "Ana".into();
        app.doc = Document::new(incident, None);
        assert!(app.settings.timeline_open, "the timeline must be visible");
        let mut console = Console {
            ctx: egui::Context::default(),
            app,
            time: 0.0,
        };
        console.warm_up();
        console
    }

    /// Frames until fonts, galley caches and panel sizes have settled.
    fn warm_up(&mut self) {
        for _ in 0..5 {
            self.frame();
        }
    }

    /// One full frame: UI pass, actions, then tessellation. Returns the
    /// number of clipped primitives a renderer would draw.
    fn frame(&mut self) -> usize {
        self.frame_with(Vec::new())
    }

    /// A frame in which these input events arrive (keys, typed text).
    fn frame_with(&mut self, events: Vec<egui::Event>) -> usize {
        self.time += 1.0 / 60.0;
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(
                egui::Pos2::ZERO,
                egui::vec2(1280.0, 800.0),
            )),
            time: Some(self.time),
            events,
            ..Default::default()
        };
        let app = &mut self.app;
        let output = self.ctx.run_ui(input, |ui| incident_console::app::frame(app, ui));
        let primitives = self.ctx.tessellate(output.shapes, output.pixels_per_point);
        primitives.len()
    }

    /// Frames until no typed key is held back (untimed).
    fn settle_keys(&mut self) {
        while incident_console::ui::keyboard_hold::KeyboardHold::is_holding(&self.ctx) {
            self.frame();
        }
    }

    /// A frame in which `key` is pressed with `modifiers`.
    fn press(&mut self, modifiers: egui::Modifiers, key: egui::Key) -> usize {
        let event = |pressed| egui::Event::Key {
            key,
            physical_key: None,
            pressed,
            repeat: false,
            modifiers,
        };
        self.frame_with(vec![event(true), event(false)])
    }

    /// How many entries the timeline panel lists with its current filter.
    fn shown_rows(&mut self) -> usize {
        let generation = self.app.doc.timeline_generation();
        self.app
            .view
            .timeline
            .rows_now(&self.app.doc.incident, generation)
            .len()
    }

    /// Shows `phase` in the centre (or the review dashboard with `None`).
    fn show(&mut self, phase: Option<Phase>) {
        match phase {
            Some(phase) => {
                self.app.view.selected = phase;
                self.app.view.show_review = false;
            }
            None => self.app.view.show_review = true,
        }
        self.warm_up();
    }
}

/// Times the frame `event` runs and the frame after it (where what it
/// opened is first drawn), `iters` times, and counts the slower of the two:
/// the figure is the longest single frame the event causes. Untimed `reset`
/// work follows each.
fn single_frames(
    console: &mut Console,
    iters: u64,
    event: impl FnMut(&mut Console),
    reset: impl FnMut(&mut Console),
) -> Duration {
    single_frames_after(console, iters, |_| {}, event, reset)
}

/// Like [`single_frames`], with untimed `before` work first (starting a
/// load and waiting for the worker to parse it).
fn single_frames_after(
    console: &mut Console,
    iters: u64,
    mut before: impl FnMut(&mut Console),
    mut event: impl FnMut(&mut Console),
    mut reset: impl FnMut(&mut Console),
) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        before(console);
        let start = Instant::now();
        event(console);
        let first = start.elapsed();
        let start = Instant::now();
        console.frame();
        total += first.max(start.elapsed());
        // Keys typed after a shortcut are held a few frames until focus has
        // moved (ui::keyboard_hold); let that end before the next press.
        console.settle_keys();
        reset(console);
        console.settle_keys();
    }
    total
}

/// Each phase panel and the review dashboard, steady (nothing changes
/// between frames), at 100 and 100,000 entries: the ratio shows whether
/// any per-frame work grows with the timeline.
fn panels(c: &mut Criterion) {
    let mut group = c.benchmark_group("panel");
    group
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    for entries in [100, 100_000] {
        let mut console = Console::new(entries);
        let views = Phase::ALL.map(Some).into_iter().chain([None]);
        for view in views {
            console.show(view);
            assert!(console.frame() > 0, "the frame drew nothing");
            let name = view.map_or("Review".to_owned(), |p| format!("{p:?}"));
            group.bench_with_input(BenchmarkId::new(name, entries), &entries, |b, _| {
                b.iter(|| black_box(console.frame()))
            });
        }
    }
    group.finish();
}

fn frames(c: &mut Criterion) {
    let mut group = c.benchmark_group("frame");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));

    for entries in SIZES {
        let mut console = Console::new(entries);
        assert!(console.frame() > 0, "the frame drew nothing");
        assert_eq!(console.shown_rows(), entries);
        group.bench_with_input(BenchmarkId::new("timeline", entries), &entries, |b, _| {
            b.iter(|| black_box(console.frame()))
        });
    }

    // The text filter: the row list is cached, so a steady frame costs the same.
    let entries = *SIZES.last().unwrap();
    let mut console = Console::new(entries);
    console.app.view.timeline.filter.text = "db".into();
    console.warm_up();
    let shown = console.shown_rows();
    assert!(
        0 < shown && shown < entries,
        "the filter should keep some entries"
    );
    eprintln!("filter \"db\" shows {shown} of {entries} entries");
    group.bench_with_input(BenchmarkId::new("filtered", entries), &entries, |b, _| {
        b.iter(|| black_box(console.frame()))
    });
    group.finish();
}

/// Frames in which something happens at 100,000 entries: each must stay
/// under 8 ms, so the work that grows with the timeline cannot be in them.
fn events(c: &mut Criterion) {
    use egui::{Key, Modifiers};
    let entries = *SIZES.last().unwrap();
    let mut group = c.benchmark_group(format!("event_{entries}"));
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    let mut console = Console::new(entries);

    // The filter changes: the longest of the frames from the change to the
    // one that lists the new rows (matching is on a worker; waiting for it
    // is untimed). "db" and "db " are the same search but different
    // filters, so each change misses the cache.
    console.app.view.timeline.filter.text = "db".into();
    console.warm_up();
    let mut flip = false;
    group.bench_function("filter_changed", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                flip = !flip;
                console.app.view.timeline.filter.text = if flip { "db " } else { "db" }.into();
                let start = Instant::now();
                console.frame();
                let mut longest = start.elapsed();
                while console.app.view.timeline.filtering() {
                    std::thread::sleep(Duration::from_millis(1));
                    let start = Instant::now();
                    console.frame();
                    longest = longest.max(start.elapsed());
                }
                total += longest;
            }
            total
        })
    });
    console.app.view.timeline.filter.text.clear();
    console.warm_up();

    // A note logged: the frame in which the entry is added and shown.
    group.bench_function("note_logged", |b| {
        b.iter_custom(|iters| {
            single_frames(
                &mut console,
                iters,
                |c| {
                    let ctx = c.ctx.clone();
                    c.app
                        .apply(&ctx, Action::QuickLog("checked the dashboards again".into()));
                    c.frame();
                },
                |_| {},
            )
        })
    });

    // Ctrl+E opens the severity wizard; Esc closes it (untimed).
    group.bench_function("wizard_opened", |b| {
        b.iter_custom(|iters| {
            single_frames(
                &mut console,
                iters,
                |c| {
                    c.press(Modifiers::COMMAND, Key::E);
                },
                |c| {
                    assert!(c.app.view.dialog.is_some(), "the wizard opened");
                    c.press(Modifiers::NONE, Key::Escape);
                    c.frame();
                },
            )
        })
    });

    // Ctrl+M drafts a customer update and shows it in the composer; the
    // incident is put back afterwards (untimed), so drafts do not pile up.
    let original = console.app.doc.incident.clone();
    group.bench_function("composer_opened", |b| {
        b.iter_custom(|iters| {
            single_frames(
                &mut console,
                iters,
                |c| {
                    c.press(Modifiers::COMMAND, Key::M);
                },
                |c| {
                    assert_eq!(c.app.doc.incident.communications.messages.len(), 1);
                    c.app.doc = Document::new(original.clone(), None);
                    c.app.view.selected = Phase::Detect;
                    c.warm_up();
                },
            )
        })
    });

    // The review dashboard's first frame: its figures are not known yet.
    group.bench_function("review_first_frame", |b| {
        b.iter_custom(|iters| {
            single_frames(
                &mut console,
                iters,
                |c| {
                    c.press(Modifiers::COMMAND, Key::Num9);
                },
                |c| {
                    assert!(c.app.view.show_review);
                    // The worker finishes (so workers never pile up).
                    while c.app.view.review.updating() {
                        std::thread::sleep(Duration::from_millis(1));
                        c.frame();
                    }
                    // Back to a phase, and forget the figures.
                    c.press(Modifiers::COMMAND, Key::Num1);
                    c.app.view.review = Default::default();
                    c.frame();
                },
            )
        })
    });

    group.finish();
}

/// Frames in which file work starts or arrives, at 100,000 entries: the
/// parsing and writing (a quarter of a second each) are on the worker and
/// untimed, so few iterations are measured.
fn file_events(c: &mut Criterion) {
    use egui::{Key, Modifiers};
    let entries = *SIZES.last().unwrap();
    let mut group = c.benchmark_group(format!("file_event_{entries}"));
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(10))
        .measurement_time(Duration::from_millis(100));
    let mut console = Console::new(entries);
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("big.ron");
    console.app.doc.path = Some(path.clone());

    // Ctrl+S: the frame in which a save starts (the file is written on the
    // worker, untimed).
    group.bench_function("save_started", |b| {
        b.iter_custom(|iters| {
            single_frames(
                &mut console,
                iters,
                |c| {
                    c.press(Modifiers::COMMAND, Key::S);
                },
                |c| {
                    let ctx = c.ctx.clone();
                    c.app.finish_pending_io(&ctx);
                    assert!(!c.app.doc.is_dirty(), "saved");
                    // Dirty again, so the next Ctrl+S saves.
                    c.app.apply(&ctx, Action::QuickLog("one more note".into()));
                    c.warm_up();
                },
            )
        })
    });

    // A file opened: the frame in which the parsed incident arrives and is
    // shown, and the one after it (parsing is on the worker, untimed); for
    // editing, and for review (its figures are worked out on a worker).
    let ctx = console.ctx.clone();
    console.app.finish_pending_io(&ctx);
    for (name, review) in [("opened", false), ("opened_for_review", true)] {
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                single_frames_after(
                    &mut console,
                    iters,
                    |c| {
                        let ctx = c.ctx.clone();
                        let path = path.clone();
                        // (Discard: the notes the save benchmark added are not kept.)
                        c.app
                            .apply(&ctx, Action::Discard(PendingAction::Open { path, review }));
                        assert!(c.app.wait_for_io_result(), "the load finished");
                    },
                    |c| {
                        c.frame();
                    },
                    |c| {
                        assert_eq!(c.app.doc.path.as_ref(), Some(&path));
                        assert_eq!(c.app.doc.read_only, review);
                        // (The save benchmark added its notes to the file.)
                        assert!(c.app.doc.incident.timeline.len() >= entries);
                        c.warm_up();
                    },
                )
            })
        });
    }
    group.finish();
}

fn files(c: &mut Criterion) {
    let (incident, _) = incident_with(FILE_SIZE);
    let text = to_ron_string(&incident);
    eprintln!(
        "{FILE_SIZE}-entry incident file: {} bytes ({:.1} MB)",
        text.len(),
        text.len() as f64 / 1e6
    );
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("big.ron");
    save(&path, &incident).expect("save");
    assert_eq!(load(&path).expect("load").timeline.len(), FILE_SIZE);

    let mut group = c.benchmark_group(format!("file_{FILE_SIZE}"));
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    group.bench_function("serialize", |b| {
        b.iter(|| black_box(to_ron_string(black_box(&incident))))
    });
    group.bench_function("parse", |b| {
        b.iter(|| black_box(from_ron_str(black_box(&text)).expect("parse")))
    });
    group.bench_function("save", |b| {
        b.iter(|| save(&path, black_box(&incident)).expect("save"))
    });
    group.bench_function("load", |b| b.iter(|| black_box(load(&path).expect("load"))));
    // What autosave costs the UI thread: only this clone; the rest is on a worker.
    group.bench_function("autosave_snapshot_clone", |b| {
        b.iter(|| black_box(black_box(&incident).clone()))
    });
    group.finish();
}

/// Importing 10,000 alert rows into a 100,000-entry incident, interleaved
/// with what is there (every row lands mid-timeline): one `Edit::Import`,
/// dedupe and merge included. Measured on a fresh copy each time (the copy
/// is not timed).
fn imports(c: &mut Criterion) {
    let (incident, last) = incident_with(FILE_SIZE);
    let span = (last - t0()).num_seconds().max(1);
    let batch = ImportBatch {
        what: "alerts CSV".into(),
        file: "alerts.csv".into(),
        entries: (0..10_000i64)
            .map(|i| ImportedEntry {
                at: t0() + TimeDelta::seconds(i * span / 10_000),
                author: "alertmanager".into(),
                kind: EntryKind::Alert,
                text: format!("FIRING DiskFull on db-{i}: 95% used"),
                source: format!("csv:{i}"),
            })
            .collect(),
        detection: None,
    };
    let mut group = c.benchmark_group("import");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    group.bench_function("10000_rows_into_100000_entries", |b| {
        b.iter_batched(
            || (incident.clone(), batch.clone()),
            |(mut incident, batch)| {
                incident.apply(Edit::Import(batch), last, "Ana").expect("import");
                incident
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

/// A personal-data breach: the Resolve panel (lifecycle, evidence log) and
/// Communicate (notification clocks) at 100 and 100,000 entries; hashing an
/// evidence file; reading a Suricata EVE log of 100,000 alerts.
fn security(c: &mut Criterion) {
    let mut group = c.benchmark_group("security");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    for entries in [100, 100_000] {
        let mut console = Console::new(entries);
        let at = t0() + TimeDelta::minutes(5);
        let edits = [
            Edit::SetIncidentType("personal-data-breach".into()),
            Edit::SetNotificationRule("gdpr-art33".into(), true),
            Edit::SetNotificationRule("nis2-art23".into(), true),
        ];
        for edit in edits {
            console.app.doc.incident.apply(edit, at, "Ana").expect("edit");
        }
        for i in 0..3u64 {
            let evidence = incident_console::model::Evidence {
                path: format!("/cases/INC-1/item-{i}.bin"),
                size: 1 << 30,
                sha256: format!("{i:064x}"),
                what: format!("Item {i}"),
                collected_by: "Ana".into(),
                collected_at: at,
                handed_to: String::new(),
                follows: None,
            };
            let edit = Edit::AddEvidence {
                evidence,
                restricted: i == 2,
            };
            console.app.doc.incident.apply(edit, at, "Ana").expect("evidence");
        }
        for phase in [Phase::Resolve, Phase::Communicate] {
            console.show(Some(phase));
            group.bench_with_input(
                BenchmarkId::new(format!("{phase:?}"), entries),
                &entries,
                |b, _| b.iter(|| black_box(console.frame())),
            );
        }
    }

    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("image.bin");
    let size = 256 << 20;
    let bytes: Vec<u8> = (0..size).map(|i: usize| (i * 31 % 251) as u8).collect();
    std::fs::write(&file, &bytes).expect("write");
    drop(bytes);
    group.throughput(criterion::Throughput::Bytes(size as u64));
    group.bench_function("sha256_256_mb", |b| {
        b.iter(|| black_box(incident_console::file::regular::sha256_regular_file(&file).expect("hash")))
    });

    let mut eve = String::new();
    for i in 0..100_000u64 {
        eve.push_str(&format!(
            r#"{{"timestamp":"2026-11-30T02:{:02}:{:02}.{:06}+0000","flow_id":{},"event_type":"alert","src_ip":"10.20.0.{}","src_port":{},"dest_ip":"203.0.113.50","dest_port":443,"proto":"TCP","alert":{{"action":"allowed","gid":1,"signature_id":{},"rev":3,"signature":"ET MALWARE Cobalt Strike Beacon Observed","category":"A Network Trojan was detected","severity":1}}}}"#,
            i / 60 % 60,
            i % 60,
            i,
            1_000_000 + i,
            i % 250,
            40_000 + i % 20_000,
            2_027_000 + i % 50
        ));
        eve.push('\n');
    }
    group.throughput(criterion::Throughput::Bytes(eve.len() as u64));
    group.bench_function("eve_100000_alerts", |b| {
        b.iter(|| {
            black_box(
                incident_console::import::parse_eve(std::path::Path::new("eve.json"), &eve).expect("eve"),
            )
        })
    });
    group.finish();
}

/// Two headless consoles sharing one incident over loopback: one hosts
/// an incident of `entries` entries, the other joins it.
struct Pair {
    host: Console,
    guest: Console,
}

impl Pair {
    fn new(entries: usize) -> Pair {
        use incident_console::sync::net::{Plan, parse_address};
        let mut host = Console::new(entries);
        host.app.doc.replica = Some(incident_console::sync::Replica::new(&host.app.doc.incident));
        host.app
            .start_sharing(Plan::Host {
                bind: "127.0.0.1:0".parse().expect("address"),
                advertise: parse_address("127.0.0.1:0").expect("address"),
            })
            .expect("shared");
        let link = host
            .app
            .sharing
            .as_ref()
            .expect("sharing")
            .session
            .link
            .to_string();
        let mut guest = Console::new(1);
        let ctx = guest.ctx.clone();
        guest.app.apply(&ctx, Action::Join(link));
        let mut pair = Pair { host, guest };
        let longest = pair.frames_until(|p| p.guest.app.incident().timeline.len() == entries);
        eprintln!(
            "sharing: joining {entries} entries: longest guest frame {:.2} ms (wall clock; the document is read on a worker)",
            longest.as_secs_f64() * 1e3
        );
        pair
    }

    /// Frames on both until `done`; returns the guest's longest frame.
    fn frames_until(&mut self, done: impl Fn(&Pair) -> bool) -> Duration {
        let deadline = Instant::now() + Duration::from_secs(120);
        let mut longest = Duration::ZERO;
        while !done(self) {
            assert!(Instant::now() < deadline, "the consoles never agreed");
            self.host.frame();
            let start = Instant::now();
            self.guest.frame();
            longest = longest.max(start.elapsed());
        }
        longest
    }
}

/// CPU time this thread has used: a frame's own work, whatever else the
/// two cores run meanwhile (here both consoles' network threads share them).
fn thread_cpu() -> Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes the timespec it is given.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}

/// p50 and p95 of `samples`, for the README.
fn percentiles(samples: &mut [Duration]) -> (Duration, Duration) {
    if samples.is_empty() {
        return (Duration::ZERO, Duration::ZERO);
    }
    samples.sort();
    let at = |p: f64| samples[((samples.len() - 1) as f64 * p).round() as usize];
    (at(0.5), at(0.95))
}

/// Sharing: Enter on one console to the entry on the other (p50, p95), a
/// frame while a 100,000-entry incident syncs, and the shared document's
/// size and load time against the RON file's.
fn sharing(c: &mut Criterion) {
    let mut group = c.benchmark_group("sharing");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    for entries in [100, 100_000] {
        let mut pair = Pair::new(entries);
        let mut samples = Vec::new();
        group.bench_with_input(
            BenchmarkId::new("enter_to_other_console", entries),
            &entries,
            |b, _| {
                b.iter_custom(|iters| {
                    let mut total = Duration::ZERO;
                    for _ in 0..iters {
                        let before = pair.guest.app.incident().timeline.len();
                        let ctx = pair.host.ctx.clone();
                        // From the Enter (the edit, its journal record, the send)...
                        let start = Instant::now();
                        pair.host
                            .app
                            .apply(&ctx, Action::QuickLog("db-3 read-only again".into()));
                        // ...to the entry in the other console's record.
                        while pair.guest.app.incident().timeline.len() == before {
                            pair.guest.app.poll_sharing();
                            std::thread::yield_now();
                        }
                        let took = start.elapsed();
                        samples.push(took);
                        total += took;
                    }
                    total
                })
            },
        );
        if samples.is_empty() {
            continue;
        }
        let (p50, p95) = percentiles(&mut samples);
        eprintln!(
            "sharing: Enter to the other console at {entries} entries: p50 {:.2} ms, p95 {:.2} ms ({} samples)",
            p50.as_secs_f64() * 1e3,
            p95.as_secs_f64() * 1e3,
            samples.len()
        );
    }

    // A 100,000-entry incident: joining it, then bursts of 50 notes on the
    // host while the guest draws frames. Every guest frame is timed.
    let started = Instant::now();
    let mut pair = Pair::new(100_000);
    eprintln!(
        "sharing: joining a 100,000-entry incident took {:.1} s in all",
        started.elapsed().as_secs_f64()
    );
    let mut frames = Vec::new();
    let mut cpu_frames = Vec::new();
    group.bench_function("guest_frame_while_100000_sync", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for i in 0..iters {
                if i % 10 == 0 {
                    let ctx = pair.host.ctx.clone();
                    for n in 0..50 {
                        pair.host
                            .app
                            .apply(&ctx, Action::QuickLog(format!("burst note {n}")));
                    }
                }
                pair.host.app.poll_sharing();
                let start = Instant::now();
                let cpu = thread_cpu();
                black_box(pair.guest.frame());
                let took = start.elapsed();
                cpu_frames.push(thread_cpu().saturating_sub(cpu));
                frames.push(took);
                total += took;
            }
            total
        })
    });
    for (what, samples) in [
        ("wall clock", &mut frames),
        ("CPU time of the UI thread", &mut cpu_frames),
    ] {
        let longest = samples.iter().max().copied().unwrap_or_default();
        let (p50, p95) = percentiles(samples);
        eprintln!(
            "sharing: guest frames while a 100,000-entry incident syncs ({what}): p50 {:.2} ms, p95 {:.2} ms, longest {:.2} ms ({} frames)",
            p50.as_secs_f64() * 1e3,
            p95.as_secs_f64() * 1e3,
            longest.as_secs_f64() * 1e3,
            samples.len()
        );
    }

    // The shared document against the RON file, at 100,000 entries.
    let (incident, _) = incident_with(FILE_SIZE);
    let replica = incident_console::sync::Replica::new(&incident);
    let document = replica.save();
    let text = to_ron_string(&incident);
    eprintln!(
        "sharing: {FILE_SIZE} entries: shared document {} bytes ({:.1} MB), RON file {} bytes ({:.1} MB)",
        document.len(),
        document.len() as f64 / 1e6,
        text.len(),
        text.len() as f64 / 1e6
    );
    group.bench_function("document_100000_load", |b| {
        b.iter(|| black_box(incident_console::sync::Replica::load(black_box(&document)).expect("load")))
    });
    group.bench_function("document_100000_make", |b| {
        b.iter(|| black_box(incident_console::sync::Replica::new(black_box(&incident)).save()))
    });
    // An edit through the replica with its journal record: what Enter costs.
    let dir = tempfile::tempdir().expect("temporary directory");
    let mut journal =
        incident_console::sync::Journal::create(&dir.path().join("j.am"), &document).expect("journal");
    let mut replica = replica;
    let mut live = incident.clone();
    group.bench_function("enter_with_journal_100000", |b| {
        b.iter(|| {
            let edit = Edit::Log {
                kind: EntryKind::Note,
                text: "rolled back".into(),
                at: None,
            };
            let (_, change) = replica.apply_local(&mut live, edit, t0(), "Ana").expect("edit");
            journal.append(&change).expect("journal");
        })
    });
    group.finish();
}

criterion_group!(
    benches,
    panels,
    frames,
    events,
    file_events,
    files,
    imports,
    security,
    sharing
);
criterion_main!(benches);
