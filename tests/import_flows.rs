//! Importing in the window: preview first, all or nothing, never twice,
//! undone as one step.

mod common;
use common::settle_io;

use std::sync::Arc;

use chrono::{TimeZone, Utc};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use incident_console::app::ConsoleApp;
use incident_console::import::request::ImportSource;
use incident_console::model::{DetectionSource, EntryKind, ManualClock};
use incident_console::ui::state::Dialog;

fn harness() -> Harness<'static, ConsoleApp> {
    let mut h = common::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |_cc| {
            let clock = ManualClock::new(Utc.with_ymd_and_hms(2026, 3, 17, 16, 0, 0).unwrap());
            let mut app = ConsoleApp::new(Arc::new(clock), None);
            app.settings.author = "Ana".into();
            app
        });
    h.run();
    h
}

fn import_alerts(h: &mut Harness<'_, ConsoleApp>, set_detection: bool) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::I);
    h.run();
    let Some(Dialog::Import(form)) = &mut h.state_mut().view.dialog else {
        panic!("the import dialog opens")
    };
    form.source = ImportSource::Alertmanager;
    form.set_detection = set_detection;
    h.run();
    h.get_by_label("File to import").focus();
    h.get_by_label("File to import")
        .type_text("tests/fixtures/import/alertmanager.json");
    h.run();
    h.get_by_label("Preview").click();
    settle_io(h);
    click_import(h);
}

/// The "Import N entries" button.
fn click_import(h: &mut Harness<'_, ConsoleApp>) {
    {
        let mut buttons = h.query_all_by(|n| {
            n.label()
                .is_some_and(|l| l.starts_with("Import ") && l.ends_with(" entries"))
        });
        buttons
            .next()
            .expect("the import button is shown after the preview")
            .click();
    }
    h.run();
}

fn alerts(h: &Harness<'_, ConsoleApp>) -> usize {
    h.state()
        .incident()
        .timeline
        .iter()
        .filter(|e| e.kind == EntryKind::Alert)
        .count()
}

#[test]
fn alerts_are_previewed_imported_once_and_undone_as_one_step() {
    let mut h = harness();
    h.state_mut().doc.incident.detection.source = None;
    import_alerts(&mut h, true);
    assert!(h.state().view.dialog.is_none());
    let added = alerts(&h);
    assert!(added >= 2, "{added}");
    // Asked for, and only because it was unset.
    assert_eq!(
        h.state().incident().detection.source,
        Some(DetectionSource::MonitoringAlert)
    );
    let record = h.state().incident().timeline.iter().last().unwrap().clone();
    assert!(record.text.starts_with(&format!(
        "Imported {added} entries from tests/fixtures/import/alertmanager.json"
    )));
    // Again: nothing twice.
    import_alerts(&mut h, false);
    assert_eq!(alerts(&h), added);
    assert!(
        h.state()
            .incident()
            .timeline
            .entries
            .last()
            .unwrap()
            .text
            .starts_with("Imported 0 entries")
    );
    // Undo the first import from its timeline entry.
    h.state_mut().view.timeline.selected = Some(record.id);
    h.run();
    h.get_by_label("Undo this import").click();
    h.run();
    assert_eq!(alerts(&h), 0);
    let record = h.state().incident().timeline.get(record.id).unwrap().clone();
    assert!(record.retracted.is_some(), "the record stays, retracted");
}

#[test]
fn a_broken_file_imports_nothing_and_says_where() {
    let mut h = harness();
    let before = h.state().incident().clone();
    h.key_press_modifiers(Modifiers::COMMAND, Key::I);
    h.run();
    let Some(Dialog::Import(form)) = &mut h.state_mut().view.dialog else {
        panic!()
    };
    form.source = ImportSource::Alertmanager;
    form.path = "tests/fixtures/import/broken/malformed.json".into();
    h.run();
    h.get_by_label("Preview").click();
    settle_io(&mut h);
    h.get_by_label_contains("Nothing imported: tests/fixtures/import/broken/malformed.json, line");
    assert!(
        h.query_all_by(|n| n
            .label()
            .is_some_and(|l| l.starts_with("Import ") && l.ends_with("entries")))
            .next()
            .is_none()
    );
    assert_eq!(h.state().incident(), &before);
}

#[test]
fn a_slack_channel_is_previewed_with_its_authors() {
    let mut h = harness();
    h.key_press_modifiers(Modifiers::COMMAND, Key::I);
    h.run();
    let Some(Dialog::Import(form)) = &mut h.state_mut().view.dialog else {
        panic!()
    };
    form.path = "tests/fixtures/import/slack".into();
    form.channel = "inc-checkout".into();
    h.run();
    h.get_by_label("Preview").click();
    settle_io(&mut h);
    h.get_by_label_contains("authors:");
    h.get_by_label_contains("joins, leaves and bot messages left out");
    click_import(&mut h);
    let chats = h
        .state()
        .incident()
        .timeline
        .iter()
        .filter(|e| e.kind == EntryKind::Chat)
        .count();
    assert!(chats > 3, "{chats}");
}

#[test]
fn suricata_alerts_are_previewed_with_what_was_left_out_and_imported_by_keys() {
    let mut h = harness();
    h.key_press_modifiers(Modifiers::COMMAND, Key::I);
    h.run();
    let Some(Dialog::Import(form)) = &mut h.state_mut().view.dialog else {
        panic!("the import dialog opens")
    };
    form.source = ImportSource::SuricataEve;
    h.run();
    common::tab_to(&mut h, "File to import");
    common::typ(&mut h, "tests/fixtures/import/eve.json");
    common::key(&mut h, Key::Enter);
    settle_io(&mut h);
    let Some(Dialog::Import(form)) = &h.state().view.dialog else {
        panic!("the dialog stays for the preview")
    };
    let summary = match &form.prepared {
        Some(Ok(prepared)) => prepared.summary.join("; "),
        other => panic!("no preview: {other:?}"),
    };
    assert!(summary.starts_with("5 entries"), "{summary}");
    assert!(
        summary.contains("6 events that are not alerts left out"),
        "{summary}"
    );
    assert!(
        summary.contains("1 repeats of a signature on the same flow read once"),
        "{summary}"
    );
    common::tab_to(&mut h, "Import 5 entries");
    common::key(&mut h, Key::Enter);
    settle_io(&mut h);
    assert!(h.state().view.dialog.is_none());
    let suricata = h
        .state()
        .incident()
        .timeline
        .iter()
        .filter(|e| e.kind == EntryKind::Alert && e.author == "Suricata")
        .count();
    assert_eq!(suricata, 5);
}
