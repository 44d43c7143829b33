//! Escalate, delegate and resolve, driven through the console's widgets.

mod common;
use common::{click, console_at, press, t0, type_into};

use chrono::TimeDelta;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use incident_console::app::ConsoleApp;
use incident_console::model::{EntryKind, ManualClock, Role, Status, TaskState};
use incident_console::ui::state::Dialog;

fn timeline_texts(h: &Harness<'_, ConsoleApp>) -> Vec<String> {
    h.state()
        .incident()
        .timeline
        .iter()
        .map(|e| e.text.clone())
        .collect()
}

#[test]
fn paging_from_the_roster_flags_a_late_acknowledgement() {
    let clock = ManualClock::new(t0());
    let mut h = console_at(clock.clone());
    press(&mut h, Modifiers::COMMAND, Key::Num5);
    click(&mut h, "Add from roster");
    h.get_by_label_contains("Ravi Menon").click();
    h.run();
    assert_eq!(h.state().incident().escalation.responders[0].team, "Databases");
    click(&mut h, "Page now");
    assert_eq!(h.state().incident().escalation.responders[0].paged_at, Some(t0()));
    clock.advance(TimeDelta::minutes(6));
    h.run();
    h.get_by_label_contains("NOT ACKNOWLEDGED for 06:00");
    click(&mut h, "Acknowledged now");
    let r = &h.state().incident().escalation.responders[0];
    assert_eq!(r.acknowledged_at, Some(t0() + TimeDelta::minutes(6)));
    assert!(h.query_by_label_contains("NOT ACKNOWLEDGED").is_none());
    let texts = timeline_texts(&h);
    assert!(texts.contains(&"Paged Ravi Menon".to_owned()), "{texts:?}");
    assert!(
        texts.contains(&"Ravi Menon acknowledged the page".to_owned()),
        "{texts:?}"
    );
}

#[test]
fn handing_over_command_briefs_and_records_the_new_im() {
    let clock = ManualClock::new(t0());
    let mut h = console_at(clock.clone());
    press(&mut h, Modifiers::COMMAND, Key::Num6);
    type_into(&mut h, "to", "Ana");
    click(&mut h, "Assign role");
    clock.advance(TimeDelta::minutes(45));
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::H);
    assert!(matches!(h.state().view.dialog, Some(Dialog::HandOver { .. })));
    let briefs = h
        .query_all_by(|node| {
            node.value()
                .is_some_and(|v| v.starts_with("Handover brief for INC-2026-0001"))
        })
        .count();
    assert!(briefs >= 1, "the brief is shown to copy");
    h.get_by_label("New Incident Manager").focus();
    h.get_by_label("New Incident Manager").type_text("Bo");
    h.run();
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert!(h.state().view.dialog.is_none(), "{:?}", h.state().view.dialog);
    let inc = h.state().incident();
    assert_eq!(inc.current_holder(&Role::IncidentManager).unwrap().person, "Bo");
    assert_eq!(inc.delegation.roles[0].until, Some(t0() + TimeDelta::minutes(45)));
    assert!(timeline_texts(&h).contains(&"Incident Manager handed over from Ana to Bo".to_owned()));
}

#[test]
fn a_task_goes_overdue_then_done() {
    let clock = ManualClock::new(t0());
    let mut h = console_at(clock.clone());
    press(&mut h, Modifiers::COMMAND, Key::Num6);
    type_into(&mut h, "New task", "Roll back 4.12");
    type_into(&mut h, "Owner", "Bo");
    type_into(&mut h, "Due in (minutes)", "10");
    click(&mut h, "Add task");
    clock.advance(TimeDelta::minutes(11));
    h.run();
    h.get_by_label_contains("OVERDUE since 2026-11-25 14:10:00 UTC");
    click(&mut h, "State");
    click(&mut h, "Done");
    assert_eq!(h.state().incident().delegation.tasks[0].state, TaskState::Done);
    assert!(h.query_by_label_contains("OVERDUE since").is_none());
    assert!(
        timeline_texts(&h)
            .iter()
            .any(|t| t.starts_with("Task done: Roll back 4.12 (Bo)"))
    );
}

#[test]
fn can_report_is_logged_as_one_structured_entry() {
    let mut h = console_at(ManualClock::new(t0()));
    press(&mut h, Modifiers::COMMAND, Key::Num6);
    type_into(&mut h, "From", "Bo");
    type_into(&mut h, "Conditions", "db-3 at 100% CPU");
    type_into(&mut h, "Actions", "failing over to db-4");
    type_into(&mut h, "Needs", "DBA approval");
    click(&mut h, "Log CAN report");
    let entry = h.state().incident().timeline.iter().last().unwrap().clone();
    assert_eq!(entry.kind, EntryKind::Can);
    assert_eq!(entry.can.unwrap().needs, "DBA approval");
}

#[test]
fn resolving_with_loose_ends_says_which_and_asks() {
    let clock = ManualClock::new(t0());
    let mut h = console_at(clock.clone());
    press(&mut h, Modifiers::COMMAND, Key::Num6);
    type_into(&mut h, "New task", "Purge CDN cache");
    type_into(&mut h, "Owner", "Cy");
    click(&mut h, "Add task");
    clock.advance(TimeDelta::minutes(30));
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::R);
    h.get_by_label_contains("1 task(s) still open: \"Purge CDN cache\" (Cy)");
    h.get_by_label_contains("No \"Resolved\" message has been sent to customers");
    click(&mut h, "Keep working");
    assert!(h.state().incident().resolution.resolved_at.is_none());
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::R);
    click(&mut h, "Resolve anyway");
    let inc = h.state().incident();
    assert_eq!(inc.resolution.resolved_at, Some(t0() + TimeDelta::minutes(30)));
    assert_eq!(inc.status, Status::Resolved);
    h.get_by_label("RESOLVED");
}
