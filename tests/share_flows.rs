//! Several consoles, one incident: real ConsoleApps in one process, shared
//! through samod over loopback WebSocket connections, driven by keys
//! (Ctrl+Shift+G to share, Ctrl+Shift+J to join, Ctrl+L to log) and
//! checked on their records.

mod common;
use common::*;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use incident_console::action::Action;
use incident_console::app::ConsoleApp;
use incident_console::model::{EntryKind, Incident, ManualClock, Role};
use incident_console::ui::state::Dialog;

type Console = Harness<'static, ConsoleApp>;

fn console(name: &str) -> Console {
    let mut h = console_at(ManualClock::new(t0()));
    h.state_mut().settings.author = name.into();
    h.run();
    h
}

/// Frames on every console until `done` holds; fails after `secs` seconds.
fn pump(consoles: &mut [&mut Console], secs: u64, what: &str, done: impl Fn(&[&mut Console]) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        for h in consoles.iter_mut() {
            h.step();
        }
        if done(consoles) {
            return;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn incident(h: &Console) -> &Incident {
    h.state().incident()
}

fn texts(h: &Console) -> Vec<String> {
    incident(h).timeline.iter().map(|e| e.text.clone()).collect()
}

/// The link the Share dialog shows, once shared.
fn shown_link(h: &Console) -> Option<String> {
    match &h.state().view.dialog {
        Some(Dialog::Share(form)) => form.live.as_ref().map(|l| l.link.clone()),
        _ => None,
    }
}

/// Ctrl+Shift+G, the loopback network, port 0 (a free one), Enter: hosts
/// here. Returns the link the dialog shows.
fn host_by_keys(h: &mut Console) -> String {
    ctrl_shift(h, Key::G);
    assert!(matches!(h.state().view.dialog, Some(Dialog::Share(_))));
    tab_to(h, "Network");
    for _ in 0..8 {
        let Some(Dialog::Share(form)) = &h.state().view.dialog else {
            panic!("the share dialog stays open")
        };
        if form.interfaces[form.interface].1 == "127.0.0.1" {
            break;
        }
        key(h, Key::Space);
        key(h, Key::ArrowDown);
        key(h, Key::Enter);
    }
    tab_to(h, "Port");
    press(h, Modifiers::COMMAND, Key::A);
    typ(h, "0");
    key(h, Key::Enter);
    let link = shown_link(h).expect("the dialog shows the link");
    // The keyboard is on Copy link: Enter copies it.
    assert_eq!(focused(h).as_deref(), Some("Copy link"));
    key(h, Key::Enter);
    assert!(h.state().notice.as_ref().unwrap().text.contains("Copied"));
    key(h, Key::Escape);
    assert!(h.state().view.dialog.is_none());
    link
}

/// Ctrl+Shift+J, the link, Enter; then frames until the incident is here.
fn join_by_keys(h: &mut Console, link: &str, others: &mut [&mut Console]) {
    ctrl_shift(h, Key::J);
    assert_eq!(focused(h).as_deref(), Some("Link"));
    typ(h, link);
    // The join dialog's spinner repaints until the incident is here: frames by hand.
    h.key_press(Key::Enter);
    h.step();
    // Joining, or (on loopback, at once) already joined.
    assert!(
        h.state().sharing.is_some(),
        "sharing: {:?}",
        h.state().notice.as_ref().map(|n| &n.text)
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    while h.state().sharing.as_ref().is_some_and(|s| s.joining) {
        assert!(Instant::now() < deadline, "timed out joining");
        h.step();
        for o in others.iter_mut() {
            o.step();
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    for _ in 0..4 {
        h.step();
    }
    assert!(h.state().view.dialog.is_none(), "the join dialog closes");
    let said = &h.state().notice.as_ref().unwrap().text;
    let incident = &h.state().doc.incident;
    assert!(
        said.starts_with(&format!("Joined {} \u{2013} ", incident.id)),
        "{said}"
    );
    if incident.title.is_empty() {
        assert!(said.contains("(untitled incident)"), "{said}");
    }
}

/// Ctrl+L, the note, Enter.
fn log(h: &mut Console, text: &str) {
    ctrl(h, Key::L);
    typ(h, text);
    key(h, Key::Enter);
}

fn same_record(consoles: &[&mut Console]) -> bool {
    consoles.windows(2).all(|w| incident(w[0]) == incident(w[1]))
}

#[test]
fn two_consoles_share_by_keys_and_write_one_record() {
    let mut ana = console("Ana");
    let mut bo = console("Bo");
    log(&mut ana, "before sharing");
    let link = host_by_keys(&mut ana);
    assert!(
        link.starts_with("automerge:") && link.contains(" ws://127.0.0.1:"),
        "{link}"
    );
    join_by_keys(&mut bo, &link, &mut [&mut ana]);
    assert_eq!(incident(&bo), incident(&ana));
    assert!(texts(&bo).contains(&"before sharing".to_owned()));
    // Notes written at once on both appear on both, in the same order.
    for i in 0..5 {
        log(&mut ana, &format!("ana {i}"));
        log(&mut bo, &format!("bo {i}"));
    }
    pump(&mut [&mut ana, &mut bo], 20, "the same record", |c| {
        incident(c[0]).timeline.len() == incident(c[1]).timeline.len() && same_record(c)
    });
    let notes = texts(&ana);
    for i in 0..5 {
        assert!(notes.contains(&format!("ana {i}")) && notes.contains(&format!("bo {i}")));
    }
    // Entries from the other console carry its author.
    let from_bo = incident(&ana).timeline.iter().find(|e| e.text == "bo 0").unwrap();
    assert_eq!((from_bo.author.as_str(), from_bo.kind), ("Bo", EntryKind::Note));
    // Each header names who is connected; nothing waits to be sent.
    pump(&mut [&mut ana, &mut bo], 20, "presence", |c| {
        c.iter().all(|h| {
            let line = h.state().sharing.as_ref().unwrap().line().text;
            line.contains("Ana") && line.contains("Bo") && line.contains("all changes sent")
        }) && c[0].query_by_label_contains("connected: Ana, Bo").is_some()
    });
    // Stop sharing (Ctrl+Shift+B): each keeps its copy.
    ctrl_shift(&mut bo, Key::B);
    assert!(bo.state().sharing.is_none());
    assert_eq!(incident(&bo).timeline.len(), incident(&ana).timeline.len());
}

#[test]
fn a_field_set_at_once_converges_and_both_values_are_on_the_timeline() {
    let mut ana = console("Ana");
    let mut bo = console("Bo");
    let link = host_by_keys(&mut ana);
    join_by_keys(&mut bo, &link, &mut [&mut ana]);
    // Both type a title before either sees the other's.
    ctrl(&mut ana, Key::Num1);
    ctrl(&mut bo, Key::Num1);
    assert_eq!(focused(&ana).as_deref(), Some("Title"));
    typ(&mut ana, "Checkout down");
    typ(&mut bo, "Payments failing");
    pump(&mut [&mut ana, &mut bo], 20, "the title to converge", |c| {
        same_record(c) && !incident(c[0]).title.is_empty()
    });
    let title = incident(&ana).title.clone();
    assert!(title == "Checkout down" || title == "Payments failing", "{title}");
    let set: Vec<(String, String)> = incident(&ana)
        .timeline
        .changes_of("Title")
        .map(|(e, c)| (e.author.clone(), c.to.clone()))
        .collect();
    assert!(set.contains(&("Ana".into(), "Checkout down".into())), "{set:?}");
    assert!(set.contains(&("Bo".into(), "Payments failing".into())), "{set:?}");
}

/// A loopback relay that can be cut and restored, as a war-room network is.
struct Relay {
    port: u16,
    cut: Arc<AtomicBool>,
    open: Arc<Mutex<Vec<TcpStream>>>,
}

impl Relay {
    fn to(target: u16) -> Relay {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let cut = Arc::new(AtomicBool::new(false));
        let open: Arc<Mutex<Vec<TcpStream>>> = Arc::default();
        let (c, o) = (cut.clone(), open.clone());
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                if c.load(Ordering::SeqCst) {
                    drop(client);
                    continue;
                }
                let Ok(server) = TcpStream::connect(("127.0.0.1", target)) else {
                    continue;
                };
                for stream in [&client, &server] {
                    o.lock().unwrap().push(stream.try_clone().unwrap());
                }
                for (mut from, mut to) in [
                    (client.try_clone().unwrap(), server.try_clone().unwrap()),
                    (server, client),
                ] {
                    std::thread::spawn(move || {
                        let mut buf = [0u8; 16384];
                        while let Ok(n) = from.read(&mut buf) {
                            if n == 0 || to.write_all(&buf[..n]).is_err() {
                                break;
                            }
                        }
                        let _ = to.shutdown(std::net::Shutdown::Both);
                    });
                }
            }
        });
        Relay { port, cut, open }
    }

    fn cut(&self) {
        self.cut.store(true, Ordering::SeqCst);
        for stream in self.open.lock().unwrap().drain(..) {
            let _ = stream.shutdown(std::net::Shutdown::Both);
        }
    }

    fn restore(&self) {
        self.cut.store(false, Ordering::SeqCst);
    }
}

fn port_of(link: &str) -> u16 {
    link.rsplit(':')
        .next()
        .unwrap()
        .trim_end_matches('/')
        .parse()
        .unwrap()
}

#[test]
fn three_consoles_one_offline_for_a_while_lose_nothing_and_double_nothing() {
    let mut ana = console("Ana");
    let mut bo = console("Bo");
    let mut cy = console("Cy");
    let link = host_by_keys(&mut ana);
    join_by_keys(&mut bo, &link, &mut [&mut ana]);
    // Cy reaches Ana through a network that will fail.
    let relay = Relay::to(port_of(&link));
    let cy_link = link.replace(&format!(":{}", port_of(&link)), &format!(":{}", relay.port));
    join_by_keys(&mut cy, &cy_link, &mut [&mut ana, &mut bo]);
    log(&mut ana, "all three here");
    pump(&mut [&mut ana, &mut bo, &mut cy], 20, "three in sync", |c| {
        same_record(&c[..2]) && same_record(&c[1..])
    });
    relay.cut();
    pump(
        &mut [&mut ana, &mut bo, &mut cy],
        20,
        "Cy to see it is offline",
        |c| c[2].state().sharing.as_ref().unwrap().line().offline,
    );
    // Everyone keeps writing; Cy's wait, counted, in Cy's header.
    for i in 0..4 {
        log(&mut ana, &format!("ana while cut {i}"));
        log(&mut cy, &format!("cy while cut {i}"));
    }
    log(&mut bo, "bo while cut");
    pump(&mut [&mut ana, &mut bo, &mut cy], 20, "Cy's unsent count", |c| {
        c[2].state().sharing.as_ref().unwrap().status.unsent == 4
    });
    let line = cy.state().sharing.as_ref().unwrap().line().text;
    assert!(
        line.contains("OFFLINE") && line.contains("4 changes not yet sent"),
        "{line}"
    );
    assert_eq!(texts(&cy).iter().filter(|t| t.contains("while cut")).count(), 4);
    relay.restore();
    pump(
        &mut [&mut ana, &mut bo, &mut cy],
        30,
        "everyone to converge",
        |c| {
            same_record(&c[..2])
                && same_record(&c[1..])
                && incident(c[0]).timeline.len() == incident(c[2]).timeline.len()
        },
    );
    let notes = texts(&ana);
    for text in (0..4)
        .flat_map(|i| [format!("ana while cut {i}"), format!("cy while cut {i}")])
        .chain(["bo while cut".to_owned(), "all three here".to_owned()])
    {
        assert_eq!(
            notes.iter().filter(|t| **t == text).count(),
            1,
            "{text}: once, not lost, not twice"
        );
    }
    assert!(incident(&ana).problems().is_empty());
    pump(&mut [&mut ana, &mut bo, &mut cy], 20, "Cy's changes sent", |c| {
        c[2].state().sharing.as_ref().unwrap().status.unsent == 0
    });
}

#[test]
fn the_incoming_incident_manager_takes_command_on_their_own_laptop() {
    let mut ana = console("Ana");
    let mut bo = console("Bo");
    let ctx = ana.ctx.clone();
    ana.state_mut().apply(
        &ctx,
        Action::Edit(incident_console::model::Edit::AssignRole {
            role: Role::IncidentManager,
            person: "Ana".into(),
        }),
    );
    let link = host_by_keys(&mut ana);
    join_by_keys(&mut bo, &link, &mut [&mut ana]);
    // On Bo's laptop: Ctrl+Shift+H, Bo's name, Enter.
    ctrl_shift(&mut bo, Key::H);
    typ(&mut bo, "Bo");
    key(&mut bo, Key::Enter);
    pump(
        &mut [&mut ana, &mut bo],
        20,
        "the handover on Ana's laptop",
        |c| {
            incident(c[0])
                .current_holder(&Role::IncidentManager)
                .is_some_and(|a| a.person == "Bo")
        },
    );
    assert!(
        texts(&ana)
            .iter()
            .any(|t| t == "Incident Manager handed over from Ana to Bo")
    );
    assert_eq!(incident(&ana), incident(&bo));
}

#[test]
fn review_mode_never_shares_and_a_bad_link_is_explained() {
    let mut ana = console("Ana");
    let ctx = ana.ctx.clone();
    ana.state_mut().doc.read_only = true;
    ctrl_shift(&mut ana, Key::G);
    assert!(ana.state().view.dialog.is_none());
    assert!(ana.state().notice.as_ref().unwrap().text.contains("read-only"));
    ana.state_mut().apply(
        &ctx,
        Action::StartSharing {
            host: true,
            bind: "127.0.0.1".into(),
            port: "0".into(),
            server: String::new(),
        },
    );
    assert!(ana.state().sharing.is_none());
    ana.state_mut().doc.read_only = false;
    let doc = incident_console::sync::net::ShareLink {
        doc: incident_console::sync::net::new_document_id(),
        address: incident_console::sync::net::parse_address("127.0.0.1:9").unwrap(),
    }
    .document_url();
    // Links that are not links: each says what is missing, nothing opens.
    for (bad, says) in [
        ("ws://127.0.0.1:1", "document"),
        ("automerge:2j9x", "not an automerge"),
        (&format!("{doc} wss://x:1"), "not supported"),
    ] {
        ctrl_shift(&mut ana, Key::J);
        typ(&mut ana, bad);
        key(&mut ana, Key::Enter);
        let Some(Dialog::Join(form)) = &ana.state().view.dialog else {
            panic!("{bad}: the dialog stays")
        };
        assert!(
            form.error.as_deref().unwrap_or_default().contains(says),
            "{bad}: {form:?}"
        );
        assert!(ana.state().sharing.is_none());
        key(&mut ana, Key::Escape);
    }
    // A sync server that is not there: offline, retrying, and Cancel
    // leaves the open incident as it was.
    let before = incident(&ana).clone();
    ctrl_shift(&mut ana, Key::J);
    typ(&mut ana, &format!("{doc} ws://127.0.0.1:9"));
    // The dialog's spinner repaints for ever: frames by hand from here.
    let frames = |h: &mut Console| {
        for _ in 0..6 {
            h.step();
        }
    };
    ana.key_press(Key::Enter);
    frames(&mut ana);
    assert!(ana.state().sharing.as_ref().is_some_and(|s| s.joining));
    assert_eq!(focused(&ana).as_deref(), Some("Cancel"));
    ana.key_press(Key::Enter);
    frames(&mut ana);
    assert!(ana.state().sharing.is_none());
    assert_eq!(*incident(&ana), before);
}

#[test]
fn a_hundred_thousand_entry_incident_is_shared_joined_and_kept_in_sync() {
    use incident_console::model::timeline::NewEntry;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.ron");
    let mut big = Incident::declare(t0(), "Ana");
    big.timeline.add_many((0..100_000).map(|i| NewEntry {
        at: t0() + chrono::TimeDelta::seconds(i),
        recorded_at: t0(),
        author: "alertmanager".into(),
        kind: EntryKind::Alert,
        text: format!("alert {i}: disk pressure on node-{}", i % 97),
        source: None,
    }));
    incident_console::file::save(&path, &big).unwrap();
    let mut ana = console("Ana");
    let mut bo = console("Bo");
    let ctx = ana.ctx.clone();
    ana.state_mut().apply(&ctx, Action::Open { path, review: false });
    settle_io(&mut ana);
    assert_eq!(incident(&ana).timeline.len(), 100_001);
    let link = host_by_keys(&mut ana);
    join_by_keys(&mut bo, &link, &mut [&mut ana]);
    assert_eq!(incident(&bo).timeline.len(), 100_001);
    log(&mut ana, "ana on the big one");
    log(&mut bo, "bo on the big one");
    pump(&mut [&mut ana, &mut bo], 60, "both notes on both", |c| {
        c.iter().all(|h| incident(h).timeline.len() == 100_003)
    });
    assert_eq!(incident(&ana), incident(&bo));
}

#[test]
fn ports_and_addresses_that_cannot_be_used_are_explained_and_nothing_is_shared() {
    let mut ana = console("Ana");
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let taken_port = taken.local_addr().unwrap().port().to_string();
    let ctx = ana.ctx.clone();
    // (host here?, network, port, server, what the form says)
    for (host, bind, port, server, says) in [
        (true, "127.0.0.1", "abc", "", "not a port"),
        (true, "127.0.0.1", "70000", "", "not a port"),
        (true, "127.0.0.1", "-1", "", "not a port"),
        (true, "127.0.0.1", taken_port.as_str(), "", "cannot listen"),
        (true, "", "7450", "", "choose a network"),
        (true, "nonsense", "7450", "", "choose a network"),
        // A documentation address (RFC 5737) that no laptop here has.
        (true, "192.0.2.1", "0", "", "cannot listen"),
        (false, "", "", "", "not an address"),
        (false, "", "", "https://sync.example", "not supported"),
        (false, "", "", "ftp://sync.example", "not a WebSocket address"),
        (false, "", "", "ws://", "not an address"),
    ] {
        ctrl_shift(&mut ana, Key::G);
        ana.state_mut().apply(
            &ctx,
            Action::StartSharing {
                host,
                bind: bind.into(),
                port: port.into(),
                server: server.into(),
            },
        );
        ana.run();
        let Some(Dialog::Share(form)) = &ana.state().view.dialog else {
            panic!("{port}{server}: the form stays open")
        };
        assert!(
            form.error.as_deref().unwrap_or_default().contains(says),
            "{port}{server}: {form:?}"
        );
        assert!(form.live.is_none());
        assert!(ana.state().sharing.is_none());
        key(&mut ana, Key::Escape);
    }
}
