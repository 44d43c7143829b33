//! Security incidents by keyboard: ticking a breach proposes the type, the
//! notification clocks count down and are marked sent, evidence files are
//! hashed off the UI thread, an entry is restricted and the postmortem for
//! wider sharing leaves it out.

mod common;
use common::{ctrl, ctrl_shift, focused, key, settle_io, t0, tab_to, typ};

use std::sync::Arc;

use chrono::TimeDelta;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use incident_console::app::{ConsoleApp, Document};
use incident_console::model::{DueState, Edit, EntryKind, Incident, ManualClock, Timestamp};
use sha2::{Digest, Sha256};

fn console_with(incident: Incident, clock: ManualClock) -> Harness<'static, ConsoleApp> {
    let mut h = common::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |_cc| {
            let mut app = ConsoleApp::new(Arc::new(clock), None);
            app.settings.author = "Ana".into();
            app.doc = Document::new(incident, None);
            app
        });
    h.run();
    h
}

fn incident<'a>(h: &'a Harness<'_, ConsoleApp>) -> &'a Incident {
    h.state().incident()
}

/// Selects the focused text field's text and types over it.
fn retype(h: &mut Harness<'_, ConsoleApp>, text: &str) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    typ(h, text);
}

fn has_text(h: &Harness<'_, ConsoleApp>, part: &str) -> bool {
    h.query_all_by(|n| {
        n.label().is_some_and(|l| l.contains(part)) || n.value().is_some_and(|v| v.contains(part))
    })
    .next()
    .is_some()
}

#[test]
fn a_ticked_breach_proposes_the_type_and_the_clocks_are_kept_by_keys() {
    let clock = ManualClock::new(t0());
    let mut h = common::console_at(clock.clone());
    // Assess, tick "Security breach" with Space: the type is proposed, not set.
    ctrl(&mut h, Key::Num3);
    tab_to(&mut h, "Security breach");
    key(&mut h, Key::Space);
    assert!(incident(&h).assessment.factors.security_breach);
    assert_eq!(incident(&h).incident_type, "service-disruption");
    tab_to(&mut h, "Make it a security incident");
    key(&mut h, Key::Enter);
    assert_eq!(incident(&h).incident_type, "security-incident");
    assert!(
        incident(&h)
            .timeline
            .iter()
            .any(|e| e.text == "Incident type changed from “Service disruption” to “Security incident”")
    );
    assert!(has_text(&h, "SECURITY INCIDENT"), "the header shows the type");

    // Communicate: NIS2 applies (Space on its box); its clocks start from
    // detection, as nobody set when the organisation became aware.
    ctrl(&mut h, Key::Num4);
    tab_to(&mut h, "NIS2 article 23");
    key(&mut h, Key::Space);
    assert_eq!(incident(&h).security.rules, ["nis2-art23"]);
    assert!(has_text(&h, "NIS2 early warning in 24:00:00"), "header countdown");
    // 21 hours on, the early warning is SOON in the header.
    clock.advance(TimeDelta::hours(21));
    h.run();
    assert!(
        has_text(&h, "NIS2 early warning in 3:00:00 - SOON"),
        "{:?}",
        h.query_all_by(|n| n.label().is_some_and(|l| l.contains("NIS2")))
            .map(|n| egui_kittest::kittest::NodeT::accesskit_node(&n).label())
            .collect::<Vec<_>>()
    );
    let now: Timestamp = t0() + TimeDelta::hours(21);
    assert_eq!(incident(&h).notification_clocks(now)[0].state, DueState::Soon);

    // Mark it sent: to whom, a reference, then Enter on the button.
    tab_to(&mut h, "Sent to");
    retype(&mut h, "CSIRT Italia");
    key(&mut h, Key::Tab);
    assert_eq!(focused(&h).as_deref(), Some("Reference"));
    typ(&mut h, "EW-2026-7");
    key(&mut h, Key::Tab);
    assert_eq!(focused(&h).as_deref(), Some("Mark sent now"));
    key(&mut h, Key::Enter);
    let sent = incident(&h)
        .notification("nis2-art23/early-warning")
        .cloned()
        .expect("marked");
    assert_eq!(
        (
            sent.to.as_str(),
            sent.reference.as_str(),
            sent.sent_by.as_str(),
            sent.sent_at
        ),
        ("CSIRT Italia", "EW-2026-7", "Ana", now)
    );
    let entry = incident(&h).timeline.iter().last().unwrap();
    assert_eq!(entry.kind, EntryKind::Comms);
    assert_eq!(
        entry.text,
        "NIS2 article 23 early warning sent to CSIRT Italia (reference EW-2026-7)"
    );
    // The header moves on to the next open deadline.
    assert!(!has_text(&h, "NIS2 early warning in"));
    assert!(has_text(&h, "NIS2 incident notification in 2 d 03 h"));
}

fn security_incident(at: Timestamp) -> Incident {
    let mut inc = Incident::declare(at, "Ana");
    inc.apply(Edit::SetIncidentType("security-incident".into()), at, "Ana")
        .unwrap();
    inc
}

#[test]
fn an_evidence_file_is_hashed_off_the_ui_thread_and_logged_by_keys() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("web-3.mem");
    // Over a megabyte, so the hash reads it in more than one piece.
    let bytes: Vec<u8> = (0..1_500_000u32).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(&file, &bytes).unwrap();
    let expected: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();

    let now = t0() + TimeDelta::minutes(30);
    let mut h = console_with(security_incident(t0()), ManualClock::new(now));
    ctrl(&mut h, Key::Num7);
    tab_to(&mut h, "Evidence file");
    typ(&mut h, file.to_str().unwrap());
    key(&mut h, Key::Tab);
    assert_eq!(focused(&h).as_deref(), Some("What it is"));
    typ(&mut h, "Memory image of web-3");
    key(&mut h, Key::Tab);
    assert_eq!(focused(&h).as_deref(), Some("Collected by"));
    key(&mut h, Key::Tab);
    typ(&mut h, "Forensics locker 2");
    key(&mut h, Key::Enter);
    settle_io(&mut h);
    let items: Vec<_> = incident(&h)
        .evidence()
        .map(|(id, e, r)| (id, e.clone(), r))
        .collect();
    assert_eq!(
        items.len(),
        1,
        "{:?}",
        h.state().view.forms.security.evidence_status
    );
    let (id, evidence, restricted) = &items[0];
    assert_eq!(evidence.sha256, expected);
    assert_eq!(evidence.size, bytes.len() as u64);
    assert_eq!(evidence.path, file.to_str().unwrap());
    assert_eq!(evidence.collected_by, "Ana", "prefilled with who is typing");
    assert_eq!(evidence.handed_to, "Forensics locker 2");
    assert_eq!(evidence.collected_at, now);
    assert!(!restricted);
    let entry = incident(&h).timeline.get(*id).unwrap();
    assert_eq!(entry.kind, EntryKind::Evidence);
    assert!(entry.text.contains(&expected));
    // The form is cleared for the next item, and the file was not copied.
    assert!(h.state().view.forms.security.evidence_path.is_empty());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);

    // Not a regular file, or not there: nothing is added, the form says why.
    let mut refused = vec![dir.path().to_path_buf(), dir.path().join("missing.mem")];
    if cfg!(unix) {
        refused.push("/dev/null".into());
    }
    for path in refused {
        tab_to(&mut h, "Evidence file");
        retype(&mut h, path.to_str().unwrap());
        key(&mut h, Key::Tab);
        retype(&mut h, "not evidence");
        key(&mut h, Key::Enter);
        settle_io(&mut h);
        let status = h.state().view.forms.security.evidence_status.clone();
        assert!(
            matches!(&status, Some(Err(why)) if why.starts_with("Not added")),
            "{path:?}: {status:?}"
        );
        assert_eq!(incident(&h).evidence().count(), 1, "{path:?}");
    }
}

#[test]
fn a_restricted_entry_stays_out_of_the_postmortem_for_wider_sharing() {
    let dir = tempfile::tempdir().unwrap();
    let now = t0() + TimeDelta::minutes(40);
    let mut inc = security_incident(t0());
    inc.apply(
        Edit::Log {
            kind: EntryKind::Note,
            text: "Account of j.doe used for the export".into(),
            at: None,
        },
        t0() + TimeDelta::minutes(5),
        "Ana",
    )
    .unwrap();
    let mut h = console_with(inc, ManualClock::new(now));
    // Open the entry from the timeline by keys, restrict it with Space.
    tab_to(&mut h, "Timeline entry: Account of j.doe used for the export");
    key(&mut h, Key::Enter);
    tab_to(
        &mut h,
        "Restricted (left out of the postmortem for wider sharing)",
    );
    key(&mut h, Key::Space);
    let entry = incident(&h)
        .timeline
        .iter()
        .find(|e| e.text.contains("j.doe"))
        .unwrap();
    assert!(entry.restricted);
    assert!(
        incident(&h)
            .timeline
            .iter()
            .any(|e| e.text.starts_with(&format!("Entry {} restricted", entry.id)))
    );

    // Ctrl+Shift+W: the export dialog, set for wider sharing.
    ctrl_shift(&mut h, Key::W);
    let out = dir.path().join("shared.md");
    retype(&mut h, out.to_str().unwrap());
    key(&mut h, Key::Enter);
    settle_io(&mut h);
    let text = std::fs::read_to_string(&out).expect("written");
    assert!(text.starts_with("# Postmortem (for wider sharing):"), "{text}");
    assert!(text.contains("1 restricted timeline entry left out"), "{text}");
    assert!(!text.contains("j.doe"), "{text}");

    // The full postmortem keeps it.
    ctrl_shift(&mut h, Key::P);
    let full = dir.path().join("full.md");
    retype(&mut h, full.to_str().unwrap());
    key(&mut h, Key::Enter);
    settle_io(&mut h);
    let text = std::fs::read_to_string(&full).expect("written");
    assert!(text.contains("j.doe"));
    assert!(text.starts_with("# Postmortem: "), "{text}");
}

#[test]
fn a_hash_that_finishes_after_another_incident_was_opened_adds_nothing_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("fw.log");
    std::fs::write(&file, b"deny tcp 203.0.113.50:443").unwrap();
    let mut h = console_with(security_incident(t0()), ManualClock::new(t0()));
    let request = incident_console::action::EvidenceRequest {
        path: file.clone(),
        what: "firewall log".into(),
        collected_by: "Ana".into(),
        handed_to: String::new(),
        restricted: false,
        follows: None,
    };
    for review in [false, true] {
        let ctx = h.ctx.clone();
        h.state_mut().apply(
            &ctx,
            incident_console::action::Action::HashEvidence(Box::new(request.clone())),
        );
        // Before the worker is done, another incident takes its place (or
        // the same one, opened for review).
        let mut other = Document::new(security_incident(t0()), None);
        other.read_only = review;
        h.state_mut().doc = other;
        settle_io(&mut h);
        assert_eq!(incident(&h).evidence().count(), 0, "review: {review}");
        let status = h.state().view.forms.security.evidence_status.clone();
        assert!(
            matches!(&status, Some(Err(why)) if why.contains("another incident was opened")),
            "{status:?}"
        );
    }
}
