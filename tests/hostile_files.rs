//! Hostile files: every file in tests/corpus, plus generated ones (many
//! truncations, deep nesting, a 500 MB file, a huge string), must be answered
//! with a clear error: no panic, no hang, no unbounded allocation, and the
//! incident open in the console stays untouched.

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use incident_console::action::Action;
use incident_console::app::ConsoleApp;
use incident_console::file::{self, LoadError};

/// Counts live and peak heap bytes, to prove loading is bounded.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Loads `path` on a thread with a time limit, measuring the peak memory.
fn load_guarded(path: &Path) -> (Result<incident_console::model::Incident, LoadError>, usize) {
    let path = path.to_path_buf();
    PEAK.store(LIVE.load(Ordering::Relaxed), Ordering::Relaxed);
    let base = LIVE.load(Ordering::Relaxed);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let result = std::panic::catch_unwind(|| file::load(&path));
        let _ = tx.send(result);
    });
    let result = rx
        .recv_timeout(Duration::from_secs(20))
        .expect("loading finishes in bounded time")
        .expect("loading never panics");
    (result, PEAK.load(Ordering::Relaxed).saturating_sub(base))
}

fn corpus() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir("tests/corpus")
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    files
}

fn expect_refused(path: &Path) -> LoadError {
    let size = std::fs::metadata(path).map(|m| m.len() as usize).unwrap_or(0);
    let (result, peak) = load_guarded(path);
    let err = match result {
        Ok(_) => panic!("{} was accepted", path.display()),
        Err(e) => e,
    };
    let text = err.to_string();
    assert!(
        !text.is_empty() && text.len() < 2000,
        "{}: unclear error {text:?}",
        path.display()
    );
    // Parsing may hold the text and the value a few times over, never more.
    let bound = size.min(file::MAX_FILE_BYTES as usize) * 12 + 16 * 1024 * 1024;
    assert!(
        peak <= bound,
        "{}: peak {peak} bytes for a {size}-byte file",
        path.display()
    );
    err
}

#[test]
fn every_hostile_file_is_refused_clearly_quickly_and_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();

    // The committed corpus.
    let files = corpus();
    assert!(files.len() >= 12, "corpus present");
    for path in &files {
        let err = expect_refused(path);
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        match name.as_str() {
            "empty.ron" | "whitespace-only.ron" => assert!(matches!(err, LoadError::Empty), "{name}: {err}"),
            "not-utf8.ron" | "random-bytes.ron" => {
                assert!(matches!(err, LoadError::NotUtf8 { .. }), "{name}: {err}")
            }
            "newer-version.ron" => assert!(
                matches!(err, LoadError::NewerVersion { found: 7, .. }),
                "{name}: {err}"
            ),
            "duplicate-ids.ron" => assert!(matches!(err, LoadError::Invalid { .. }), "{name}: {err}"),
            _ => assert!(err.position().is_some(), "{name}: no line and column in {err}"),
        }
    }

    // Truncations of a valid file at many offsets.
    let example = std::fs::read("assets/examples/checkout-eu-outage.ron").unwrap();
    let cut = dir.path().join("cut.ron");
    for end in (0..example.len() - 2).step_by(389) {
        std::fs::write(&cut, &example[..end]).unwrap();
        expect_refused(&cut);
    }

    // 100,000-deep nesting of each bracket kind.
    for open in ["(", "[", "{", "Some("] {
        let deep = dir.path().join("deep.ron");
        std::fs::write(
            &deep,
            format!(
                "IncidentFile(format_version: 1, incident: {})",
                open.repeat(100_000)
            ),
        )
        .unwrap();
        let err = expect_refused(&deep);
        assert!(err.position().is_some(), "{err}");
    }

    // A 500 MB file (sparse: no disk used) is refused before reading.
    let huge = dir.path().join("huge.ron");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(500 * 1024 * 1024)
        .unwrap();
    let (result, peak) = load_guarded(&huge);
    assert!(matches!(result, Err(LoadError::TooLarge { .. })));
    assert!(peak < 1024 * 1024, "refused without reading: peak {peak}");

    // A 20 MB string in an otherwise valid file loads (it is data, not an attack).
    let text = String::from_utf8(example.clone()).unwrap();
    let big = text.replacen(
        "Checkout fails for EU customers",
        &"x".repeat(20 * 1024 * 1024),
        1,
    );
    let big_path = dir.path().join("big-string.ron");
    std::fs::write(&big_path, big).unwrap();
    let (result, peak) = load_guarded(&big_path);
    assert_eq!(result.unwrap().title.len(), 20 * 1024 * 1024);
    assert!(peak < 12 * 21 * 1024 * 1024, "peak {peak}");
}

#[test]
fn opening_a_hostile_file_leaves_the_open_incident_untouched() {
    let ctx = egui::Context::default();
    let mut app = ConsoleApp::new(std::sync::Arc::new(incident_console::model::SystemClock), None);
    app.apply(
        &ctx,
        Action::Edit(incident_console::model::Edit::SetText(
            incident_console::model::TextField::Title,
            "Keep me".into(),
        )),
    );
    let before = app.incident().clone();
    for path in corpus() {
        // Unsaved changes ask first; discarding is the user's choice here.
        app.apply(
            &ctx,
            Action::Discard(incident_console::action::PendingAction::Open {
                path: path.clone(),
                review: false,
            }),
        );
        app.finish_pending_io(&ctx);
        assert_eq!(
            app.incident(),
            &before,
            "{} replaced the open incident",
            path.display()
        );
        let notice = app.notice.clone().expect("an error is shown");
        assert!(
            notice.is_error && notice.text.starts_with("Could not open"),
            "{}",
            notice.text
        );
    }
}
