//! Autosave, recovery after a crash, two consoles on one file, and failing
//! saves, through the real console.

mod common;
use common::settle_io;

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use incident_console::app::ConsoleApp;
use incident_console::model::ManualClock;
use incident_console::ui::state::Dialog;

fn console(root: &Path) -> Harness<'static, ConsoleApp> {
    let root = root.to_path_buf();
    let mut h = common::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |_cc| {
            let clock = ManualClock::new(Utc.with_ymd_and_hms(2026, 11, 25, 14, 0, 0).unwrap());
            let mut app = ConsoleApp::new(Arc::new(clock), None).with_recovery(root);
            app.settings.author = "Ana".into();
            app
        });
    h.run();
    h
}

fn type_title(h: &mut Harness<'_, ConsoleApp>, title: &str) {
    h.get_by_label("Title").focus();
    h.get_by_label("Title").type_text(title);
    h.run();
}

/// Lets the autosave policy run as if `after` had passed, and waits for the write.
fn autosave_as_if(h: &mut Harness<'_, ConsoleApp>, after: Duration) -> bool {
    let app = h.state_mut();
    let generation = app.doc.generation();
    app.safety.tick(&app.doc, Instant::now() + after);
    app.safety.wait_written(generation, Duration::from_secs(10))
}

#[test]
fn changes_are_autosaved_within_two_seconds() {
    let root = tempfile::tempdir().unwrap();
    let mut h = console(root.path());
    type_title(&mut h, "DNS fails");
    // Not yet: the typing has not paused long enough; the console knows when to look again.
    let app = h.state_mut();
    let wait = app
        .safety
        .tick(&app.doc, Instant::now() + Duration::from_millis(100));
    assert!(wait.is_some_and(|w| w <= Duration::from_secs(2)), "{wait:?}");
    assert_eq!(app.safety.written, 0);
    assert!(
        autosave_as_if(&mut h, Duration::from_millis(2000)),
        "autosaved within 2 s"
    );
    let path = h.state().safety.recovery_file().unwrap();
    assert_eq!(incident_console::file::load(&path).unwrap().title, "DNS fails");
}

#[test]
fn after_a_crash_the_next_console_offers_the_work_and_restores_it() {
    let root = tempfile::tempdir().unwrap();
    {
        let mut h = console(root.path());
        type_title(&mut h, "Payments down");
        assert!(autosave_as_if(&mut h, Duration::from_secs(2)));
        // Dropped without exiting: the process "crashed".
    }
    let mut h = console(root.path());
    let Some(Dialog::Recover(offers)) = &h.state().view.dialog else {
        panic!("a recovery offer is shown")
    };
    assert_eq!(offers.len(), 1);
    h.get_by_label_contains("Payments down");
    // The declaration and the title change.
    h.get_by_label_contains("2 timeline entries");
    h.get_by_label("Restore").click();
    h.run();
    assert_eq!(h.state().incident().title, "Payments down");
    assert!(h.state().doc.is_dirty(), "restored work still needs saving");
    assert!(h.state().view.dialog.is_none());
    // Not offered again.
    drop(h);
    let h = console(root.path());
    let offered = matches!(&h.state().view.dialog, Some(Dialog::Recover(o)) if !o.is_empty());
    // The restoring console crashed too (dropped), so its own autosave is offered, not the old one.
    if offered {
        let Some(Dialog::Recover(offers)) = &h.state().view.dialog else {
            unreachable!()
        };
        assert_eq!(offers.len(), 1);
    }
}

#[test]
fn discarding_a_recovery_deletes_it_only_on_that_choice() {
    let root = tempfile::tempdir().unwrap();
    {
        let mut h = console(root.path());
        type_title(&mut h, "Old work");
        assert!(autosave_as_if(&mut h, Duration::from_secs(2)));
    }
    {
        let mut h = console(root.path());
        h.get_by_label("Decide later").click();
        h.run();
        assert!(h.state().view.dialog.is_none());
    }
    let mut h = console(root.path());
    h.get_by_label("Discard").click();
    h.run();
    assert!(h.state().view.dialog.is_none());
    assert_eq!(h.state().incident().title, "");
    assert!(incident_console::file::recovery::find_orphans(root.path()).is_empty());
}

#[test]
fn a_clean_save_removes_the_recovery_file() {
    let root = tempfile::tempdir().unwrap();
    let file = root.path().join("inc.ron");
    let mut h = console(&root.path().join("recovery"));
    type_title(&mut h, "Saved work");
    assert!(autosave_as_if(&mut h, Duration::from_secs(2)));
    let recovery = h.state().safety.recovery_file().unwrap();
    assert!(recovery.exists());
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    h.get_by_label("File path").focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("File path").type_text(file.to_str().unwrap());
    h.run();
    h.key_press(Key::Enter);
    settle_io(&mut h);
    assert!(file.exists());
    assert!(!h.state().doc.is_dirty());
    assert!(!recovery.exists(), "nothing left to recover once saved");
}

#[test]
fn two_consoles_do_not_overwrite_each_other_silently() {
    let root = tempfile::tempdir().unwrap();
    let file = root.path().join("shared.ron");
    incident_console::file::save(
        &file,
        &incident_console::model::Incident::declare(Utc::now(), "Ana"),
    )
    .unwrap();
    let before = std::fs::read(&file).unwrap();
    let recovery = root.path().join("recovery");
    let mut first = console(&recovery);
    let mut second = console(&recovery);
    for h in [&mut first, &mut second] {
        let ctx = h.ctx.clone();
        h.state_mut().apply(
            &ctx,
            incident_console::action::Action::Open {
                path: file.clone(),
                review: false,
            },
        );
        settle_io(h);
    }
    assert!(first.state().safety.locked_by_other.is_none());
    let warning = second.state().notice.clone().unwrap();
    assert!(
        warning.text.contains("open in another Incident Console"),
        "{}",
        warning.text
    );
    type_title(&mut second, "mine");
    second.key_press_modifiers(Modifiers::COMMAND, Key::S);
    settle_io(&mut second);
    let notice = second.state().notice.clone().unwrap();
    assert!(notice.text.starts_with("Not saved:"), "{}", notice.text);
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "the file was not overwritten"
    );
    assert!(second.state().doc.is_dirty());
    // Their recovery folders are separate.
    assert_ne!(
        first.state().safety.recovery_file(),
        second.state().safety.recovery_file()
    );
}

#[test]
fn a_failing_save_shows_an_error_and_keeps_the_incident_open_and_unsaved() {
    let root = tempfile::tempdir().unwrap();
    let file = root.path().join("inc.ron");
    let mut h = console(&root.path().join("recovery"));
    let ctx = h.ctx.clone();
    h.state_mut()
        .apply(&ctx, incident_console::action::Action::SaveTo(file.clone()));
    settle_io(&mut h);
    let before = std::fs::read(&file).unwrap();
    type_title(&mut h, "Unsaved words");
    h.state_mut().inject_save_fault(Some(100));
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    settle_io(&mut h);
    let notice = h.state().notice.clone().unwrap();
    assert!(notice.is_error);
    assert!(notice.text.contains("No space left on device"), "{}", notice.text);
    assert!(notice.text.contains("still open and unsaved"));
    h.get_by_label_contains("No space left on device");
    assert!(h.state().doc.is_dirty());
    assert_eq!(h.state().incident().title, "Unsaved words");
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

/// The journal: a note logged by Ctrl+L and Enter is back after a crash
/// that came before any autosave; a long text typed key by key (megabytes
/// of changes, each with the whole text) makes the journal start over from
/// the whole document, and that comes back too.
#[test]
fn what_was_shown_comes_back_from_the_journal_even_before_an_autosave() {
    let root = tempfile::tempdir().unwrap();
    let long: String = "The failover runbook did not say to check the writers. ".repeat(80);
    {
        let mut h = console(root.path());
        h.key_press_modifiers(Modifiers::COMMAND, Key::L);
        h.run();
        h.event(egui::Event::Text("d: roll back 4.12".into()));
        h.run();
        h.key_press(Key::Enter);
        h.run();
        assert!(
            h.state()
                .incident()
                .timeline
                .iter()
                .any(|e| e.text == "roll back 4.12")
        );
        assert!(h.state().safety.written == 0, "no autosave yet");
        let ctx = h.ctx.clone();
        let journal = root
            .path()
            .read_dir()
            .unwrap()
            .flatten()
            .find(|e| e.path().is_dir() && e.file_name() != "locks")
            .unwrap()
            .path()
            .join("journal.am");
        let mut typed = String::new();
        let (mut largest, mut last, mut shrank) = (0, 0, false);
        for c in long.chars() {
            typed.push(c);
            h.state_mut().apply(
                &ctx,
                incident_console::action::Action::Edit(incident_console::model::Edit::SetText(
                    incident_console::model::TextField::PostmortemLeadup,
                    typed.clone(),
                )),
            );
            let len = std::fs::metadata(&journal).unwrap().len();
            largest = largest.max(len);
            shrank |= len < last / 4;
            last = len;
        }
        assert!(
            largest > 7 * 1024 * 1024,
            "the journal grew to about 8 MiB ({largest} bytes)"
        );
        assert!(shrank, "then started over from the whole document");
        // Dropped without exiting or autosaving: the process "crashed".
    }
    let mut h = console(root.path());
    let Some(Dialog::Recover(offers)) = &h.state().view.dialog else {
        panic!("the journal's work is offered")
    };
    assert_eq!(offers.len(), 1);
    h.get_by_label("Restore").click();
    h.run();
    let inc = h.state().incident();
    assert!(inc.timeline.iter().any(|e| e.text == "roll back 4.12"));
    assert_eq!(inc.postmortem.leadup, long);
}
