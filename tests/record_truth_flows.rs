//! The record tells the truth, driven as a person would: ids never repeat
//! on one machine, typing leaves one entry per field, the declaration names
//! the declarer, promises are counted as written, and a reviewer's figures
//! are taken at the record's end.

mod common;
use common::{ctrl, ctrl_shift, focused, key, settle_io, typ};

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{TimeDelta, TimeZone, Utc};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use incident_console::app::ConsoleApp;
use incident_console::model::{
    Audience, DueBasis, Edit, EntryKind, Incident, ManualClock, MessageChannel, Stage, TimeField, Timestamp,
    UpdateKind,
};
use incident_console::settings::Settings;

fn t(h: u32, m: u32) -> Timestamp {
    Utc.with_ymd_and_hms(2026, 12, 2, h, m, 0).unwrap()
}

/// A console as on a user's machine: settings kept in `settings`.
fn console_with_settings(settings: &Path, at: Timestamp) -> Harness<'static, ConsoleApp> {
    let settings = settings.to_path_buf();
    let mut h = common::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |_cc| {
            let mut app = ConsoleApp::new(Arc::new(ManualClock::new(at)), Some(settings));
            app.settings.author = "Ana".into();
            app
        });
    h.run();
    h
}

fn open(h: &mut Harness<'_, ConsoleApp>, path: &Path, review: bool) {
    let shortcut = if review { Key::R } else { Key::O };
    h.key_press_modifiers(Modifiers::COMMAND, shortcut);
    h.run();
    h.get_by_label("File path").focus();
    h.get_by_label("File path").type_text(path.to_str().unwrap());
    h.run();
    h.key_press(Key::Enter);
    settle_io(h);
}

fn save(path: &Path, inc: &Incident) -> PathBuf {
    incident_console::file::save(path, inc).unwrap();
    path.to_path_buf()
}

#[test]
fn a_new_incident_never_gets_an_id_this_machine_used() {
    let dir = tempfile::tempdir().unwrap();
    let settings = dir.path().join("settings.ron");
    let first = console_with_settings(&settings, t(9, 0));
    assert_eq!(first.state().incident().id, "INC-2026-0001");
    // The next start on the same machine: the next number.
    let mut second = console_with_settings(&settings, t(9, 5));
    assert_eq!(second.state().incident().id, "INC-2026-0002");
    // Ctrl+N declares another: the next again.
    ctrl(&mut second, Key::N);
    assert_eq!(second.state().incident().id, "INC-2026-0003");

    // A file opened here (even from elsewhere) takes its number.
    let mut other = Incident::declare(t(8, 0), "Bo");
    other.id = "INC-2026-0041".into();
    let file = save(&dir.path().join("other.ron"), &other);
    open(&mut second, &file, false);
    assert_eq!(second.state().incident().id, "INC-2026-0041");
    ctrl(&mut second, Key::N);
    assert_eq!(second.state().incident().id, "INC-2026-0042");
    let remembered = Settings::load(&settings);
    assert!(
        remembered.used_ids.iter().any(|id| id == "INC-2026-0041"),
        "{:?}",
        remembered.used_ids
    );

    // Settings lost their memory (edited by hand, another version): the
    // recent files still count.
    let mut stripped = Settings::load(&settings);
    stripped.used_ids.clear();
    let mut higher = Incident::declare(t(8, 0), "Bo");
    higher.id = "INC-2026-0077".into();
    let recent = save(&dir.path().join("recent.ron"), &higher);
    stripped.remember(&recent);
    stripped.save(&settings).unwrap();
    let third = console_with_settings(&settings, t(9, 10));
    assert_eq!(third.state().incident().id, "INC-2026-0078");
    // A new year starts again at 1.
    let next_year = console_with_settings(&settings, Utc.with_ymd_and_hms(2027, 1, 1, 0, 5, 0).unwrap());
    assert_eq!(next_year.state().incident().id, "INC-2027-0001");
}

#[test]
fn recent_files_that_are_not_incident_files_do_not_stop_the_start() {
    let dir = tempfile::tempdir().unwrap();
    let settings = dir.path().join("settings.ron");
    let mut s = Settings::default();
    let garbage = dir.path().join("garbage.ron");
    std::fs::write(&garbage, "id: \"INC-2026-0500\" but not RON").unwrap();
    let folder = dir.path().join("folder.ron");
    std::fs::create_dir(&folder).unwrap();
    let gone = dir.path().join("gone.ron");
    let mut paths = vec![garbage, folder, gone];
    #[cfg(unix)]
    {
        let fifo = dir.path().join("fifo.ron");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid C string path; mkfifo only creates a node.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        paths.push(fifo);
    }
    for path in &paths {
        s.remember(path);
    }
    s.save(&settings).unwrap();
    // A FIFO among them would block a naive read: the start must not.
    let h = console_with_settings(&settings, t(9, 0));
    assert_eq!(h.state().incident().id, "INC-2026-0001");
}

#[test]
fn typing_a_field_by_keys_gives_one_entry_and_the_declaration_names_the_declarer() {
    let mut h = common::fresh_console_at(ManualClock::new(t(9, 48)), egui::vec2(1280.0, 800.0));
    // The name prompt has the keyboard.
    typ(&mut h, "Ana Ruiz");
    key(&mut h, Key::Enter);
    let first = &h.state().incident().timeline.entries[0];
    assert_eq!(first.text, "Incident declared by Ana Ruiz");
    assert_eq!(h.state().incident().detection.declared_by, "Ana Ruiz");
    // The Title field has the keyboard: type, then leave it by Tab.
    assert_eq!(focused(&h).as_deref(), Some("Title"));
    let before = h.state().incident().timeline.len();
    for c in "Checkout down".chars() {
        typ(&mut h, &c.to_string());
    }
    key(&mut h, Key::Tab);
    let timeline = &h.state().incident().timeline;
    assert_eq!(timeline.len(), before + 1, "one entry for the whole word");
    let entry = timeline.entries.last().unwrap();
    assert_eq!(entry.kind, EntryKind::Change);
    assert_eq!(entry.text, "Title set to \u{201c}Checkout down\u{201d}");
    assert_eq!(entry.author, "Ana Ruiz");
}

#[test]
fn the_countdown_is_the_time_the_sent_message_promised() {
    let clock = ManualClock::new(t(9, 53));
    let mut h = common::console_at(clock.clone());
    let promise = "We are investigating. We will post the next update by 10:05 UTC.";
    h.state_mut()
        .doc
        .incident
        .apply(
            Edit::DraftMessage {
                audience: Audience::Customers,
                stage: Stage::Investigating,
                channel: MessageChannel::StatusPage,
                language: Default::default(),
                text: promise.into(),
            },
            t(9, 53),
            "Ana",
        )
        .unwrap();
    clock.set(t(9, 54));
    // Mark the latest draft sent by its shortcut.
    ctrl_shift(&mut h, Key::K);
    let inc = h.state().incident();
    assert!(inc.communications.messages[0].sent_at.is_some());
    let due = inc.due(UpdateKind::Customer, t(9, 54)).unwrap();
    assert_eq!((due.at, due.basis), (t(10, 5), DueBasis::Promised));
    assert!(h.query_by_label_contains("(as promised)").is_some());
    // Promising later than the cadence does not stretch it.
    let mut inc = h.state().incident().clone();
    inc.apply(
        Edit::DraftMessage {
            audience: Audience::Customers,
            stage: Stage::Update,
            channel: MessageChannel::StatusPage,
            language: Default::default(),
            text: "Next update by 13:00 UTC.".into(),
        },
        t(10, 0),
        "Ana",
    )
    .unwrap();
    inc.apply(Edit::MarkMessageSent(inc.message_id(1)), t(10, 0), "Ana")
        .unwrap();
    let due = inc.due(UpdateKind::Customer, t(10, 0)).unwrap();
    assert_eq!(due.basis, DueBasis::Cadence);
    assert_eq!(
        due.at,
        t(10, 0) + TimeDelta::minutes(i64::from(inc.cadence_minutes(UpdateKind::Customer)))
    );
}

#[test]
fn a_resolved_2018_incident_under_review_has_nothing_overdue() {
    let dir = tempfile::tempdir().unwrap();
    let at = |d: u32, h: u32, m: u32| Utc.with_ymd_and_hms(2018, 5, d, h, m, 0).unwrap();
    let mut resolved = Incident::declare(at(1, 10, 0), "Ana");
    resolved
        .apply(
            Edit::SetTime(TimeField::Mitigated, Some(at(1, 11, 0))),
            at(1, 11, 0),
            "Ana",
        )
        .unwrap();
    resolved
        .apply(
            Edit::SetTime(TimeField::Resolved, Some(at(1, 11, 30))),
            at(1, 11, 30),
            "Ana",
        )
        .unwrap();
    let resolved_file = save(&dir.path().join("resolved.ron"), &resolved);
    // Never resolved: figures at its last entry, not at today's clock.
    let mut abandoned = Incident::declare(at(2, 10, 0), "Ana");
    abandoned
        .apply(
            Edit::Log {
                kind: EntryKind::Note,
                text: "looking".into(),
                at: None,
            },
            at(2, 10, 2),
            "Ana",
        )
        .unwrap();
    let abandoned_file = save(&dir.path().join("abandoned.ron"), &abandoned);

    let settings = dir.path().join("settings.ron");
    let mut h = console_with_settings(&settings, t(9, 0));
    open(&mut h, &resolved_file, true);
    assert!(h.state().doc.read_only);
    assert!(h.query_by_label_contains("OVERDUE").is_none());
    assert!(h.query_by_label("Next customer update: none due").is_some());
    assert!(h.query_by_label("Next internal update: none due").is_some());
    assert!(
        h.query_by_label_contains("Record ends 2018-05-01 11:30:00 UTC")
            .is_some()
    );

    open(&mut h, &abandoned_file, true);
    assert!(h.query_by_label_contains("OVERDUE").is_none());
    // Declared 10:00, the record ends 10:02: the first customer update was 3 minutes off.
    assert!(h.query_by_label("Next customer update in 03:00 - SOON").is_some());
}

#[test]
fn a_draft_copied_later_promises_from_the_copy_and_the_header_counts_to_it() {
    let clock = ManualClock::new(t(9, 53));
    let mut h = common::console_at(clock.clone());
    // Ctrl+M drafts the customer update from its template, promise included.
    ctrl(&mut h, Key::M);
    let cadence = i64::from(h.state().incident().cadence_minutes(UpdateKind::Customer));
    let written = (t(9, 53) + TimeDelta::minutes(cadence))
        .format("%H:%M UTC")
        .to_string();
    let draft = h.state().incident().communications.messages[0].text.clone();
    assert!(draft.contains(&written), "{draft}");
    // Five minutes of other work; then Ctrl+Shift+M copies it, promise refreshed.
    clock.set(t(9, 58));
    ctrl_shift(&mut h, Key::M);
    let fresh_at = t(9, 58) + TimeDelta::minutes(cadence);
    let fresh = fresh_at.format("%H:%M UTC").to_string();
    let copied = h.state().incident().communications.messages[0].text.clone();
    assert!(copied.contains(&fresh) && !copied.contains(&written), "{copied}");
    // The refresh is on the timeline like any edit.
    let entry = h.state().incident().timeline.entries.last().unwrap();
    assert_eq!(entry.kind, EntryKind::Change);
    assert!(entry.text.starts_with("Message 1 text changed"), "{}", entry.text);
    // Sent a minute later: the header counts to what the text says.
    clock.set(t(9, 59));
    ctrl_shift(&mut h, Key::K);
    let due = h.state().incident().due(UpdateKind::Customer, t(9, 59)).unwrap();
    assert_eq!((due.at, due.basis), (fresh_at, DueBasis::Promised));
}

#[test]
fn an_italian_customer_update_by_keys_uses_the_customers_words_and_italian_dates() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = console_with_settings(&dir.path().join("settings.ron"), t(9, 48));
    // The internal names a customer must never read.
    h.state_mut()
        .doc
        .incident
        .apply(
            Edit::SetText(
                incident_console::model::TextField::Title,
                "payments-api 500s".into(),
            ),
            t(9, 48),
            "Ana",
        )
        .unwrap();
    h.state_mut()
        .doc
        .incident
        .apply(
            Edit::AddItem(incident_console::model::ListKind::AffectedServices),
            t(9, 48),
            "Ana",
        )
        .unwrap();
    let service = h
        .state()
        .doc
        .incident
        .row_id(incident_console::model::ListKind::AffectedServices, 0);
    h.state_mut()
        .doc
        .incident
        .apply(
            Edit::SetText(
                incident_console::model::TextField::AffectedService(service),
                "checkout-web".into(),
            ),
            t(9, 48),
            "Ana",
        )
        .unwrap();
    // The composer's language, as chosen in its drop-down.
    h.state_mut().view.forms.message_lang = incident_console::comms::Lang::It;
    h.run();
    ctrl(&mut h, Key::Num4);
    common::tab_to(&mut h, "What is affected, for customers");
    typ(&mut h, "i pagamenti con carta");
    key(&mut h, Key::Tab);
    ctrl(&mut h, Key::M);
    let inc = h.state().incident().clone();
    assert_eq!(inc.assessment.affected_for_customers, "i pagamenti con carta");
    let draft = inc.communications.messages.last().unwrap();
    assert_eq!(draft.language(), incident_console::comms::Lang::It);
    assert_eq!(
        (draft.audience, &draft.channel),
        (Audience::Customers, &MessageChannel::StatusPage)
    );
    let text = &draft.text;
    assert!(text.contains("i pagamenti con carta"), "{text}");
    for internal in ["payments-api", "checkout-web"] {
        assert!(!text.contains(internal), "names {internal} to customers:\n{text}");
    }
    assert!(text.contains("non oltre le 10:"), "Italian promise:\n{text}");
    assert!(!text.contains("2026-12-02"), "no ISO date in Italian:\n{text}");
    // The edit of the customer words is on the timeline.
    assert!(
        inc.timeline
            .iter()
            .any(|e| e.kind == EntryKind::Change && e.text.contains("What is affected, for customers")),
    );
    // The header counts to the time the Italian text promises.
    ctrl_shift(&mut h, Key::K);
    let (due, _) = h.state().incident().next_update(UpdateKind::Customer).unwrap();
    let sent = h
        .state()
        .incident()
        .communications
        .messages
        .last()
        .unwrap()
        .clone();
    let promised = incident_console::model::promise::find_update_promise(&sent.text, sent.sent_at.unwrap())
        .expect("the Italian promise is read back");
    assert_eq!(due, promised.at);
}

#[test]
fn typed_times_show_what_was_understood_and_flag_the_future_and_the_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = console_with_settings(&dir.path().join("settings.ron"), t(9, 48));
    ctrl(&mut h, Key::Num1);
    common::tab_to(&mut h, "Fault started at");
    // "14:02" at 09:48 UTC is yesterday: the preview says so while typing.
    typ(&mut h, "14:02");
    h.get_by_label_contains("= 2026-12-01 14:02 UTC, 19 h ago");
    key(&mut h, Key::Tab);
    assert_eq!(
        h.state().incident().detection.fault_started_at,
        Some(t(14, 2) - TimeDelta::days(1))
    );
    // A mitigation four hours ahead is flagged at once.
    ctrl(&mut h, Key::Num7);
    assert_eq!(focused(&h).as_deref(), Some("Mitigated at"));
    typ(&mut h, "2026-12-02 14:00");
    h.get_by_label_contains("in the future (in 4 h)");
    // Before the detection: out of order, flagged too.
    for _ in 0.."2026-12-02 14:00".len() {
        key(&mut h, Key::Backspace);
    }
    typ(&mut h, "2026-12-02 09:00");
    h.get_by_label_contains("before detection time (2026-12-02 09:48:00 UTC)");
    // The log line's "@14:02" shows its day too.
    ctrl(&mut h, Key::L);
    typ(&mut h, "@14:02 d: roll back");
    h.get_by_label_contains("= 2026-12-01 14:02 UTC, 19 h ago");
}
