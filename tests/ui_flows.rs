//! The console driven through its real widgets, by their labels and shortcuts.

mod common;
use common::{click, console_at, press, settle_io, t0, type_into};

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use incident_console::model::{ManualClock, Phase};

#[test]
fn typing_the_title_changes_the_record_and_marks_it_unsaved() {
    let mut h = console_at(ManualClock::new(t0()));
    h.run();
    assert!(!h.state().doc.is_dirty());
    type_into(&mut h, "Title", "Checkout fails for EU customers");
    assert_eq!(h.state().incident().title, "Checkout fails for EU customers");
    assert!(h.state().doc.is_dirty());
    assert!(h.state().title().starts_with("* "));
}

#[test]
fn phase_shortcuts_switch_panels() {
    let mut h = console_at(ManualClock::new(t0()));
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num3);
    h.run();
    assert_eq!(h.state().view.selected, Phase::Assess);
    h.get_by_label("2. What customers see");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num8);
    h.run();
    assert_eq!(h.state().view.selected, Phase::Lessons);
    h.get_by_label("Root cause");
}

#[test]
fn declare_fill_every_phase_save_reopen() {
    use incident_console::model::{Role, SeverityLevel};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("inc-0001.ron");
    let mut h = console_at(ManualClock::new(t0()));
    h.run();

    // 1 Detect
    type_into(&mut h, "Title", "Checkout fails for EU customers");
    click(&mut h, "Add affected service");
    type_into(&mut h, "Service 1", "checkout-api");
    // 2 Channels
    press(&mut h, Modifiers::COMMAND, Key::Num2);
    type_into(&mut h, "Chat room", "#inc-2026-0001");
    click(&mut h, "Use the incident id");
    // 3 Assess
    press(&mut h, Modifiers::COMMAND, Key::Num3);
    type_into(&mut h, "2. What customers see", "Payment page spins");
    type_into(&mut h, "5. Support cases", "14");
    // The wizard, by keyboard: keep the answers given, accept the suggestion.
    click(&mut h, "Assess severity");
    for _ in 0..7 {
        press(&mut h, Modifiers::NONE, Key::Enter);
    }
    // The last step sets the level only on a deliberate key.
    press(&mut h, Modifiers::COMMAND, Key::Enter);
    // 4 Communicate
    press(&mut h, Modifiers::COMMAND, Key::Num4);
    click(&mut h, "Start a draft");
    click(&mut h, "Mark as sent");
    // 5 Escalate
    press(&mut h, Modifiers::COMMAND, Key::Num5);
    click(&mut h, "Add responder");
    type_into(&mut h, "Name", "Bo");
    h.get_all_by_label("Now").next().unwrap().click();
    h.run();
    // 6 Delegate
    press(&mut h, Modifiers::COMMAND, Key::Num6);
    type_into(&mut h, "to", "Ana");
    click(&mut h, "Assign role");
    type_into(&mut h, "New task", "Roll back release 4.12");
    type_into(&mut h, "Owner", "Bo");
    type_into(&mut h, "Due in (minutes)", "15");
    click(&mut h, "Add task");
    // 7 Resolve
    press(&mut h, Modifiers::COMMAND, Key::Num7);
    type_into(&mut h, "Resolution summary", "Rolled back 4.12");
    // Lessons
    press(&mut h, Modifiers::COMMAND, Key::Num8);
    type_into(&mut h, "Root cause", "Config flag missing in EU");

    // Save through the command path: Ctrl+S asks where (never saved), path, Enter.
    press(&mut h, Modifiers::COMMAND, Key::S);
    // The dialog suggests a name from the incident id and title; replace it.
    let suggested = h.get_by_label("File path").value().unwrap_or_default();
    assert!(
        suggested.ends_with("inc-2026-0001-checkout-fails-for-eu-customers.ron"),
        "{suggested}"
    );
    h.get_by_label("File path").focus();
    h.run();
    press(&mut h, Modifiers::COMMAND, Key::A);
    h.get_by_label("File path").type_text(path.to_str().unwrap());
    h.run();
    h.get_by_label("Save").click();
    settle_io(&mut h);
    assert!(path.exists(), "saved file exists");
    assert!(!h.state().doc.is_dirty());
    let saved = h.state().incident().clone();

    // A new incident, then open the file again through Ctrl+O.
    press(&mut h, Modifiers::COMMAND, Key::N);
    assert_eq!(h.state().incident().title, "");
    press(&mut h, Modifiers::COMMAND, Key::O);
    type_into(&mut h, "File path", path.to_str().unwrap());
    h.get_by_label("Open").click();
    settle_io(&mut h);

    let inc = h.state().incident();
    assert_eq!(inc, &saved);
    assert_eq!(inc.title, "Checkout fails for EU customers");
    assert_eq!(inc.detection.affected_services, vec!["checkout-api".to_owned()]);
    assert_eq!(inc.channels.chat_room, "#inc-2026-0001");
    assert_eq!(inc.channels.im_chat_status, inc.id);
    assert_eq!(inc.assessment.what_customers_see, "Payment page spins");
    assert_eq!(inc.assessment.support_cases, Some(14));
    // Impact and reach not answered: the worst is assumed.
    assert_eq!(inc.severity().unwrap().level, SeverityLevel(1));
    assert!(inc.communications.messages[0].sent_at.is_some());
    assert_eq!(inc.escalation.responders[0].name, "Bo");
    assert_eq!(inc.escalation.responders[0].paged_at, Some(t0()));
    assert_eq!(inc.current_holder(&Role::IncidentManager).unwrap().person, "Ana");
    assert_eq!(inc.delegation.tasks[0].text, "Roll back release 4.12");
    assert_eq!(inc.resolution.summary, "Rolled back 4.12");
    assert_eq!(inc.postmortem.root_cause, "Config flag missing in EU");
    // The automatic entries are on the timeline.
    let texts: Vec<&str> = inc.timeline.entries.iter().map(|e| e.text.as_str()).collect();
    assert!(
        texts.iter().any(|t| t.starts_with("Severity set to SEV1")),
        "{texts:?}"
    );
    assert!(texts.iter().any(|t| t.starts_with("Paged Bo")), "{texts:?}");
    assert!(
        texts.iter().any(|t| t.contains("Ana is Incident Manager")),
        "{texts:?}"
    );
    // The window shows it was reopened and recorded in recent files.
    assert!(
        h.state()
            .settings
            .recent_files
            .iter()
            .any(|p| p.ends_with("inc-0001.ron"))
    );
}

#[test]
fn unsaved_changes_prompt_guards_new_incident() {
    let mut h = console_at(ManualClock::new(t0()));
    h.run();
    type_into(&mut h, "Title", "Search is slow");
    press(&mut h, Modifiers::COMMAND, Key::N);
    h.get_by_label("Unsaved changes");
    click(&mut h, "Cancel");
    assert!(h.state().view.dialog.is_none());
    assert_eq!(h.state().incident().title, "Search is slow");

    press(&mut h, Modifiers::COMMAND, Key::N);
    click(&mut h, "Discard changes");
    assert_eq!(h.state().incident().title, "");
    assert!(!h.state().doc.is_dirty());
}

#[test]
fn quit_with_unsaved_changes_asks_and_save_asks_where() {
    let mut h = console_at(ManualClock::new(t0()));
    h.run();
    type_into(&mut h, "Title", "Search is slow");
    press(&mut h, Modifiers::COMMAND, Key::Q);
    h.get_by_label("Unsaved changes");
    // Never saved: "Save" has to ask for a path first.
    click(&mut h, "Save");
    assert!(matches!(
        h.state().view.dialog,
        Some(incident_console::ui::state::Dialog::SaveAs { .. })
    ));
    assert!(h.state().doc.is_dirty());
}

#[test]
fn quick_log_is_one_shortcut_typing_and_enter() {
    use incident_console::model::EntryKind;
    let mut h = console_at(ManualClock::new(t0()));
    h.state_mut().settings.author = "Ana".into();
    h.run();
    let before = h.state().incident().timeline.len();
    press(&mut h, Modifiers::COMMAND, Key::L);
    assert!(h.get_by_label("Log").is_focused());
    h.get_by_label("Log").type_text("d: roll back 4.12");
    h.run();
    press(&mut h, Modifiers::NONE, Key::Enter);
    let timeline = &h.state().incident().timeline;
    assert_eq!(timeline.len(), before + 1);
    let entry = timeline.entries.last().unwrap();
    assert_eq!(
        (entry.kind, entry.text.as_str(), entry.author.as_str()),
        (EntryKind::Decision, "roll back 4.12", "Ana")
    );
    assert_eq!(entry.at, t0());
    // The field is cleared and keeps focus for the next note.
    assert_eq!(h.state().view.quick_log, "");
    assert!(h.get_by_label("Log").is_focused());
}

#[test]
fn a_bad_file_shows_line_and_column_and_keeps_the_open_incident() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ron");
    std::fs::write(
        &bad,
        "IncidentFile(\n    format_version: 1,\n    incident: Incident(id: 42),\n)\n",
    )
    .unwrap();
    let mut h = console_at(ManualClock::new(t0()));
    h.run();
    type_into(&mut h, "Title", "Keep me");
    press(&mut h, Modifiers::COMMAND, Key::O);
    type_into(&mut h, "File path", bad.to_str().unwrap());
    h.get_by_label("Open").click();
    h.run();
    // The title is unsaved, so opening asks first.
    h.get_by_label("Discard changes").click();
    settle_io(&mut h);
    let notice = h.state().notice.clone().expect("an error is shown");
    assert!(notice.is_error);
    assert!(notice.text.contains("line 3, column"), "{}", notice.text);
    assert_eq!(h.state().incident().title, "Keep me");
    h.get_by_label("Dismiss");
}

#[test]
fn every_menu_item_shows_its_shortcut() {
    use incident_console::command::Command;
    let mut h = console_at(ManualClock::new(t0()));
    h.run();
    click(&mut h, "File");
    for command in [
        Command::NewIncident,
        Command::Open,
        Command::Save,
        Command::SaveAs,
        Command::Quit,
    ] {
        // The button's accessible name carries the label and the shortcut text.
        let shortcut = h.ctx.format_shortcut(&command.shortcut().unwrap());
        let found = h
            .query_all_by(|node| {
                node.label()
                    .is_some_and(|l| l.starts_with(&command.label()) && l.ends_with(&shortcut))
            })
            .count();
        assert_eq!(found, 1, "{command:?} with {shortcut}");
    }
}

/// A file dropped on the window, as winit reports it.
#[derive(Debug)]
struct DroppedPath(std::path::PathBuf);

impl egui::DroppedFile for DroppedPath {
    fn path(&self) -> &std::path::Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn dropping_an_incident_file_on_the_window_opens_it() {
    let mut h = console_at(ManualClock::new(t0()));
    let example = std::path::PathBuf::from("assets/examples/checkout-eu-outage.ron");
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(DroppedPath(example)));
    h.step();
    settle_io(&mut h);
    assert_eq!(h.state().incident().id, "INC-2026-0142");
    assert!(h.state().title().contains("checkout-eu-outage.ron"));
}

#[test]
fn closing_the_window_with_unsaved_work_asks_first() {
    let mut h = console_at(ManualClock::new(t0()));
    // Nothing unsaved: the window may close.
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.run();
    assert!(h.state().view.dialog.is_none());
    let mut h = console_at(ManualClock::new(t0()));
    type_into(&mut h, "Title", "Queue backlog");
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.run();
    assert!(matches!(
        h.state().view.dialog,
        Some(incident_console::ui::state::Dialog::UnsavedChanges(
            incident_console::action::PendingAction::Quit
        ))
    ));
    h.get_by_label("Unsaved changes");
    assert_eq!(h.state().incident().title, "Queue backlog");
}

#[test]
fn with_no_name_known_the_console_asks_once_and_fills_in_the_declarer() {
    let mut h = console_at(ManualClock::new(t0()));
    h.state_mut().settings.author.clear();
    h.state_mut().doc.incident.detection.declared_by.clear();
    h.state_mut().ask_for_author_if_unset();
    h.run();
    h.get_by_label("Who is typing?");
    h.get_by_label("Your name").type_text("Ana Lima");
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert!(h.state().view.dialog.is_none());
    assert_eq!(h.state().settings.author, "Ana Lima");
    assert_eq!(h.state().incident().detection.declared_by, "Ana Lima");
    // Known now: not asked again.
    h.state_mut().ask_for_author_if_unset();
    assert!(h.state().view.dialog.is_none());
}

#[test]
fn a_steady_frame_is_laid_out_once() {
    // Panels reserve their height from the frame before; once settled, a
    // frame must not ask egui to lay it out again (that doubles its cost).
    let mut h = console_at(ManualClock::new(t0()));
    for _ in 0..5 {
        h.step();
    }
    for _ in 0..3 {
        h.step();
        let reasons = &h.output().platform_output.request_discard_reasons;
        assert!(reasons.is_empty(), "{reasons:?}");
    }
}
