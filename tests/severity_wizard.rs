//! The severity wizard, driven by keyboard only, then by mouse.

mod common;
use common::console_at;
use common::t0;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use incident_console::app::ConsoleApp;
use incident_console::model::{CustomerImpact, EntryKind, ManualClock, Reach, SeverityLevel};
use incident_console::ui::state::Dialog;

fn key(h: &mut Harness<'_, ConsoleApp>, key: Key) {
    h.key_press(key);
    h.run();
}

fn wizard_open(h: &Harness<'_, ConsoleApp>) -> bool {
    matches!(h.state().view.dialog, Some(Dialog::SeverityWizard(_)))
}

fn type_text(h: &mut Harness<'_, ConsoleApp>, text: &str) {
    // The focused field takes the text, as a person typing would.
    h.event(egui::Event::Text(text.to_owned()));
    h.run();
}

#[test]
fn keyboard_only_from_first_question_to_a_recorded_level() {
    let mut h = console_at(ManualClock::new(t0()));
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run();
    assert!(wizard_open(&h));
    key(&mut h, Key::Num3); // External customers
    key(&mut h, Key::Enter);
    type_text(&mut h, "Checkout spins forever");
    key(&mut h, Key::Enter);
    key(&mut h, Key::Num4); // All
    key(&mut h, Key::Enter);
    key(&mut h, Key::Num1); // down
    key(&mut h, Key::Num5); // no workaround
    key(&mut h, Key::Enter);
    key(&mut h, Key::Enter); // impact start: the detection time
    type_text(&mut h, "12");
    key(&mut h, Key::Enter);
    key(&mut h, Key::Enter); // no other factors
    h.get_by_label_contains("A customer-facing service down for all customers: SEV1");
    // Enter pages on; on the last step it never sets a level by itself.
    key(&mut h, Key::Enter);
    assert!(wizard_open(&h));
    assert!(h.state().incident().severity().is_none());
    assert_eq!(
        h.state().incident().assessment.support_cases,
        None,
        "still a draft"
    );
    set_level(&mut h); // accept the suggestion
    assert!(!wizard_open(&h));

    let incident = h.state().incident();
    let a = &incident.assessment;
    assert_eq!(a.customer_impact, CustomerImpact::External);
    assert_eq!(a.what_customers_see, "Checkout spins forever");
    assert_eq!(a.customers_affected, Reach::All);
    assert_eq!(a.service_state, incident_console::model::ServiceState::Down);
    assert_eq!(a.workaround, incident_console::model::Workaround::Unavailable);
    assert_eq!(a.impact_started_at, incident.detection.detected_at);
    assert_eq!(a.support_cases, Some(12));
    let change = incident.severity().unwrap();
    assert_eq!(change.level, SeverityLevel(1));
    assert_eq!(change.suggested, Some(SeverityLevel(1)));
    assert_eq!(change.reason, "Accepted the suggestion");
    assert_eq!((change.set_by.as_str(), change.set_at), ("Ana", t0()));
    assert!(change.answers.contains("support cases: 12"), "{}", change.answers);
    let entry = incident.timeline.entries.last().unwrap();
    assert_eq!(entry.kind, EntryKind::Severity);
    assert_eq!(entry.text, "Severity set to SEV1: Accepted the suggestion");
    // The consequences are shown where the commander looks.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num3);
    h.run();
    h.get_by_label_contains("Major incident: page now at any hour");
    h.get_by_label_contains("Customer updates every 20 min");
}

fn set_level(h: &mut Harness<'_, ConsoleApp>) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run();
}

fn skip_to_decision(h: &mut Harness<'_, ConsoleApp>) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run();
    for _ in 0..7 {
        key(h, Key::Enter);
    }
}

#[test]
fn choosing_another_level_asks_for_a_reason() {
    let mut h = console_at(ManualClock::new(t0()));
    skip_to_decision(&mut h);
    // Everything unknown: the worst is assumed, SEV1.
    h.get_by_label_contains("assuming the worst");
    key(&mut h, Key::Num3);
    h.get_by_label("Write the reason first");
    set_level(&mut h); // refused without a reason
    assert!(wizard_open(&h));
    assert!(h.state().incident().severity().is_none());
    type_text(&mut h, "internal tool only, workaround exists");
    set_level(&mut h);
    assert!(!wizard_open(&h));
    let change = h.state().incident().severity().unwrap().clone();
    assert_eq!(change.level, SeverityLevel(3));
    assert_eq!(change.suggested, Some(SeverityLevel(1)));
    assert_eq!(change.reason, "internal tool only, workaround exists");
    let entry = h.state().incident().timeline.iter().last().unwrap().clone();
    assert_eq!(
        entry.text,
        "Severity set to SEV3: internal tool only, workaround exists (suggested SEV1)"
    );
}

#[test]
fn escape_closes_and_keeps_the_answers_and_reopening_prefills() {
    let mut h = console_at(ManualClock::new(t0()));
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run();
    key(&mut h, Key::Num2); // Internal users
    key(&mut h, Key::Enter);
    type_text(&mut h, "VPN drops");
    let entries = h.state().incident().timeline.len();
    key(&mut h, Key::Escape); // leaves the field
    if wizard_open(&h) {
        key(&mut h, Key::Escape); // closes the wizard
    }
    assert!(!wizard_open(&h));
    // Esc changes nothing in the record...
    let a = &h.state().incident().assessment;
    assert_eq!(a.customer_impact, CustomerImpact::Unknown);
    assert_eq!(a.what_customers_see, "");
    assert_eq!(h.state().incident().timeline.len(), entries);
    assert!(!h.state().doc.is_dirty());
    // ...and re-opening starts from the draft.
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run();
    assert_eq!(
        h.get_by_label("In their words")
            .accesskit_node()
            .value()
            .as_deref(),
        Some("VPN drops"),
        "back on the step it was closed on, with the draft"
    );
    h.get_by_label("Back").click();
    h.run();
    let selected = h.get_by_label("2  Internal users");
    assert_eq!(
        selected.accesskit_node().toggled(),
        Some(egui::accesskit::Toggled::True),
        "the recorded answer is selected"
    );
}

#[test]
fn reassessing_keeps_the_history_and_shows_it() {
    let mut h = console_at(ManualClock::new(t0()));
    skip_to_decision(&mut h);
    set_level(&mut h); // accept SEV1
    // The header badge opens the wizard again.
    h.get_by_label("SEV1").click();
    h.run();
    assert!(wizard_open(&h));
    key(&mut h, Key::Num3); // External
    key(&mut h, Key::Enter);
    key(&mut h, Key::Enter);
    key(&mut h, Key::Num3); // a subset or region
    key(&mut h, Key::Enter);
    key(&mut h, Key::Num1); // down
    key(&mut h, Key::Num4); // a workaround exists
    for _ in 0..4 {
        key(&mut h, Key::Enter);
    }
    set_level(&mut h); // accept SEV2
    let history = &h.state().incident().assessment.severity_history;
    assert_eq!(history.iter().map(|c| c.level.0).collect::<Vec<_>>(), vec![1, 2]);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num3);
    h.run();
    h.get_by_label("Severity history");
    h.get_by_label("Reassess severity");
    let texts: Vec<String> = h
        .state()
        .incident()
        .timeline
        .iter()
        .map(|e| e.text.clone())
        .collect();
    assert!(
        texts
            .iter()
            .any(|t| t == "Severity changed from SEV1 to SEV2: Accepted the suggestion"),
        "{texts:?}"
    );
}
