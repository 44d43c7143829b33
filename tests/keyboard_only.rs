//! A commander on a keyboard: a whole incident run with key events only
//! (Tab, Shift+Tab, Enter, Space, Esc, arrows, typed text, shortcuts) from a
//! fresh start, and one test per key that once changed what nobody aimed at.
//! No widget here is clicked or focused by its label: `tab_to` presses Tab
//! until the named control has the keyboard, as a person would.

mod common;
use common::t0;
use common::*;

use chrono::{TimeZone, Utc};
use egui::Key;
use incident_console::model::{
    CustomerImpact, DetectionSource, EntryKind, ManualClock, Reach, Role, SeverityLevel, Status, TaskState,
};

fn size() -> egui::Vec2 {
    egui::vec2(1280.0, 800.0)
}

#[test]
fn a_whole_incident_by_keyboard_alone() {
    let clock = ManualClock::new(t0());
    let mut h = fresh_console_at(clock.clone(), size());
    // The name prompt has the keyboard.
    assert_eq!(focused(&h).as_deref(), Some("Your name"));
    typ(&mut h, "Ana");
    key(&mut h, Key::Enter);
    // Then the panel's first empty field: the title.
    assert_eq!(focused(&h).as_deref(), Some("Title"));
    typ(&mut h, "Checkout fails for EU customers");
    // Detection source: a drop-down opened by Space, arrows, Enter picks and closes.
    tab_to(&mut h, "Detected through");
    key(&mut h, Key::Space);
    key(&mut h, Key::ArrowDown);
    key(&mut h, Key::Enter);
    assert_eq!(
        focused(&h).as_deref(),
        Some("Detected through"),
        "the keyboard is back on the box"
    );
    tab_to(&mut h, "Fault started at");
    typ(&mut h, "2026-11-25 13:50:00");
    key(&mut h, Key::Tab);
    tab_to(&mut h, "Add affected service");
    key(&mut h, Key::Space);
    assert_eq!(
        focused(&h).as_deref(),
        Some("Service 1"),
        "a new row takes the keyboard"
    );
    typ(&mut h, "checkout-api");

    // 2 Channels: Ctrl+2 lands in the first empty field.
    ctrl(&mut h, Key::Num2);
    assert_eq!(focused(&h).as_deref(), Some("Chat room"));
    typ(&mut h, "#inc-checkout");

    // The wizard: number keys, typing, Enter; Ctrl+Enter sets the level.
    ctrl(&mut h, Key::E);
    key(&mut h, Key::Num3); // external customers
    key(&mut h, Key::Enter);
    typ(&mut h, "Payment page spins");
    key(&mut h, Key::Enter);
    key(&mut h, Key::Num4); // all
    typ(&mut h, "about 30%");
    key(&mut h, Key::Enter);
    key(&mut h, Key::Num1); // down
    key(&mut h, Key::Num5); // no workaround
    key(&mut h, Key::Enter);
    key(&mut h, Key::Enter); // impact start: the detection time
    typ(&mut h, "12");
    key(&mut h, Key::Enter);
    key(&mut h, Key::Enter); // no other factor
    key(&mut h, Key::Enter); // pages on: no level yet
    assert!(h.state().incident().severity().is_none());
    ctrl(&mut h, Key::Enter);

    // A customer update: drafted, copied, marked sent in three shortcuts.
    ctrl(&mut h, Key::M);
    ctrl_shift(&mut h, Key::M);
    ctrl_shift(&mut h, Key::K);

    // 5 Escalate: a responder added, paged and acknowledged.
    ctrl(&mut h, Key::Num5);
    tab_to(&mut h, "Add responder");
    key(&mut h, Key::Enter);
    assert_eq!(focused(&h).as_deref(), Some("Name"));
    typ(&mut h, "Bo");
    tab_to(&mut h, "Page now");
    key(&mut h, Key::Space);
    clock.advance(chrono::TimeDelta::minutes(2));
    tab_to(&mut h, "Acknowledged now");
    key(&mut h, Key::Space);

    // 6 Delegate: roles, a task, a CAN report, each submitted by Enter.
    ctrl(&mut h, Key::Num6);
    tab_to(&mut h, "to");
    typ(&mut h, "Ana");
    key(&mut h, Key::Enter); // Incident Manager (the first choice)
    tab_to(&mut h, "Assign");
    key(&mut h, Key::Space);
    key(&mut h, Key::ArrowDown); // Deputy
    key(&mut h, Key::ArrowDown); // Tech Lead
    key(&mut h, Key::Enter);
    tab_to(&mut h, "to");
    typ(&mut h, "Bo");
    key(&mut h, Key::Enter);
    tab_to(&mut h, "New task");
    typ(&mut h, "Roll back the deploy");
    key(&mut h, Key::Tab);
    typ(&mut h, "Bo");
    key(&mut h, Key::Tab);
    typ(&mut h, "15");
    key(&mut h, Key::Enter);
    tab_to(&mut h, "From");
    typ(&mut h, "Bo");
    key(&mut h, Key::Tab);
    typ(&mut h, "errors at 30%");
    key(&mut h, Key::Tab);
    typ(&mut h, "rolling back");
    key(&mut h, Key::Tab);
    typ(&mut h, "database access");
    key(&mut h, Key::Enter);

    // A handover: Ctrl+Shift+H, a name, Enter.
    ctrl_shift(&mut h, Key::H);
    typ(&mut h, "Cy");
    key(&mut h, Key::Enter);

    // Notes: Ctrl+L, text, Enter; a decision by its prefix.
    ctrl(&mut h, Key::L);
    typ(&mut h, "Rollback started");
    key(&mut h, Key::Enter);
    typ(&mut h, "d: keep the feature flag off");
    key(&mut h, Key::Enter);
    key(&mut h, Key::Escape);

    // 7 Resolve: mitigated by its field, resolved through the dialog.
    clock.advance(chrono::TimeDelta::minutes(20));
    ctrl(&mut h, Key::Num7);
    assert_eq!(focused(&h).as_deref(), Some("Mitigated at"));
    typ(&mut h, "2026-11-25 14:20:00");
    key(&mut h, Key::Tab);
    ctrl_shift(&mut h, Key::R);
    // Loose ends (the open task): the safe answer has the keyboard.
    assert_eq!(focused(&h).as_deref(), Some("Keep working"));
    key(&mut h, Key::Tab);
    assert_eq!(focused(&h).as_deref(), Some("Resolve anyway"));
    key(&mut h, Key::Enter);

    // 8 Lessons: the summary first, then a why typed straight in.
    ctrl(&mut h, Key::Num8);
    assert_eq!(focused(&h).as_deref(), Some("Summary"));
    typ(&mut h, "A bad deploy broke checkout for EU customers.");
    tab_to(&mut h, "Why 1");
    typ(&mut h, "The cache config was not reviewed");

    let inc = h.state().incident().clone();
    assert_eq!(inc.title, "Checkout fails for EU customers");
    assert_eq!(inc.detection.declared_by, "Ana");
    assert_eq!(inc.detection.source, Some(DetectionSource::CHOICES[0].clone()));
    assert_eq!(
        inc.detection.fault_started_at,
        Some(Utc.with_ymd_and_hms(2026, 11, 25, 13, 50, 0).unwrap())
    );
    assert_eq!(inc.detection.affected_services, vec!["checkout-api".to_owned()]);
    assert_eq!(inc.channels.chat_room, "#inc-checkout");
    let a = &inc.assessment;
    assert_eq!(a.customer_impact, CustomerImpact::External);
    assert_eq!(a.what_customers_see, "Payment page spins");
    assert_eq!(a.customers_affected, Reach::All);
    assert_eq!(a.affected_count, "about 30%");
    assert_eq!(a.support_cases, Some(12));
    assert!(!a.factors.any());
    assert_eq!(inc.severity().map(|s| s.level), Some(SeverityLevel(1)));
    let messages = &inc.communications.messages;
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].sent_at, Some(t0()));
    let bo = &inc.escalation.responders[0];
    assert_eq!(bo.name, "Bo");
    assert_eq!(bo.paged_at, Some(t0()));
    assert_eq!(bo.acknowledged_at, Some(t0() + chrono::TimeDelta::minutes(2)));
    let holders = |role: Role| {
        inc.current_holders(&role)
            .map(|a| a.person.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(holders(Role::IncidentManager), vec!["Cy".to_owned()]);
    assert_eq!(holders(Role::TechLead), vec!["Bo".to_owned()]);
    let task = &inc.delegation.tasks[0];
    assert_eq!(
        (task.text.as_str(), task.owner.as_str()),
        ("Roll back the deploy", "Bo")
    );
    assert_eq!(task.state, TaskState::ALL[0]);
    assert!(task.due_at.is_some());
    let texts: Vec<(EntryKind, String)> = inc.timeline.iter().map(|e| (e.kind, e.text.clone())).collect();
    assert!(
        texts
            .iter()
            .any(|(k, t)| *k == EntryKind::Can && t.contains("database access")),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|(k, t)| *k == EntryKind::Note && t == "Rollback started")
    );
    assert!(
        texts
            .iter()
            .any(|(k, t)| *k == EntryKind::Decision && t == "keep the feature flag off")
    );
    assert_eq!(
        inc.resolution.mitigated_at,
        Some(Utc.with_ymd_and_hms(2026, 11, 25, 14, 20, 0).unwrap())
    );
    assert!(inc.resolution.resolved_at.is_some());
    assert_eq!(inc.status, Status::Resolved);
    assert_eq!(
        inc.postmortem.summary,
        "A bad deploy broke checkout for EU customers."
    );
    assert_eq!(
        inc.postmortem.five_whys,
        vec!["The cache config was not reviewed".to_owned()]
    );
}

/// A console past the name prompt, on the Detect panel.
fn ready() -> (
    egui_kittest::Harness<'static, incident_console::app::ConsoleApp>,
    ManualClock,
) {
    let clock = ManualClock::new(t0());
    let h = console_at(clock.clone());
    (h, clock)
}

#[test]
fn tab_goes_round_every_part_and_never_sticks_in_the_menu_bar() {
    let (mut h, _) = ready();
    assert_eq!(
        focused(&h).as_deref(),
        Some("Title"),
        "on start the first empty field"
    );
    let mut seen = Vec::new();
    for _ in 0..90 {
        key(&mut h, Key::Tab);
        seen.push(focused(&h).unwrap_or_default());
    }
    for part in [
        "Summary",
        "Filter",
        "Log",
        "File",
        "Help",
        "SEV ?",
        "1  Detect",
        "9  Review",
    ] {
        assert!(
            seen.iter().any(|s| s == part),
            "Tab never reached {part:?}: {seen:?}"
        );
    }
    // Reading order: after the panel, the timeline, then the log line.
    let at = |label: &str| seen.iter().position(|s| s == label).unwrap();
    assert!(
        at("Add affected service") < at("Filter") && at("Filter") < at("Log"),
        "{seen:?}"
    );
    // Round again: back into the panel.
    assert!(seen.iter().filter(|s| *s == "Title").count() >= 1, "{seen:?}");
    // Shift+Tab goes back the same way.
    let here = focused(&h);
    key(&mut h, Key::Tab);
    press(&mut h, egui::Modifiers::SHIFT, Key::Tab);
    assert_eq!(focused(&h), here);
}

#[test]
fn a_phase_shortcut_and_a_closed_dialog_give_the_panel_the_keyboard() {
    let (mut h, _) = ready();
    ctrl(&mut h, Key::Num3);
    assert_eq!(focused(&h).as_deref(), Some("2. What customers see"));
    ctrl_shift(&mut h, Key::A); // the name dialog
    assert_eq!(focused(&h).as_deref(), Some("Your name"));
    key(&mut h, Key::Escape);
    assert_eq!(focused(&h).as_deref(), Some("2. What customers see"));
}

#[test]
fn typing_after_a_tab_on_the_reach_step_never_changes_the_answer() {
    let (mut h, _) = ready();
    ctrl(&mut h, Key::E);
    key(&mut h, Key::Enter);
    key(&mut h, Key::Enter);
    key(&mut h, Key::Num4); // all customers
    assert_eq!(focused(&h).as_deref(), Some("How many (optional)"));
    type_keys(&mut h, "about 30%");
    key(&mut h, Key::Tab); // a stray Tab onto a button, then more typing
    type_keys(&mut h, "or more");
    let Some(incident_console::ui::state::Dialog::SeverityWizard(state)) = &h.state().view.dialog else {
        panic!("the wizard closed");
    };
    assert_eq!(state.step, 2, "its spaces pressed no button");
    assert_eq!(state.draft.customers_affected, Reach::All);
    assert_eq!(state.draft.affected_count, "about 30%");
    assert_eq!(
        state.draft.what_customers_see, "",
        "nothing typed landed on another step"
    );
    // Back in the field, Enter pages on to the end; Ctrl+Enter records.
    press(&mut h, egui::Modifiers::SHIFT, Key::Tab);
    for _ in 0..5 {
        key(&mut h, Key::Enter);
    }
    ctrl(&mut h, Key::Enter);
    let a = &h.state().incident().assessment;
    assert_eq!(a.customers_affected, Reach::All);
    assert_eq!(a.affected_count, "about 30%");
}

#[test]
fn a_count_typed_one_step_late_never_ticks_a_breach() {
    let (mut h, _) = ready();
    ctrl(&mut h, Key::E);
    for _ in 0..5 {
        key(&mut h, Key::Enter);
    }
    // Step 6, support cases: Enter before typing goes on to step 7...
    key(&mut h, Key::Enter);
    // ...where the digits meant for step 6 arrive, as keys and as text.
    key(&mut h, Key::Num1);
    key(&mut h, Key::Num2);
    type_keys(&mut h, "12");
    // Enter on a focused box goes on; it never ticks it.
    press(&mut h, egui::Modifiers::SHIFT, Key::Tab);
    key(&mut h, Key::Enter);
    ctrl(&mut h, Key::Enter);
    let a = &h.state().incident().assessment;
    assert!(
        !a.factors.security_breach && !a.factors.data_loss,
        "{:?}",
        a.factors
    );
    assert!(!a.factors.any(), "{:?}", a.factors);
    // The level came from the unknowns, not from a factor ticked by mistake.
    let change = h.state().incident().severity().unwrap().clone();
    assert!(
        change.suggestion.contains("assuming the worst"),
        "{}",
        change.suggestion
    );
    assert!(!change.suggestion.contains("breach") && !change.suggestion.contains("data loss"));
}

#[test]
fn esc_in_the_wizard_on_a_closed_incident_changes_nothing() {
    let (mut h, _) = ready();
    h.state_mut().doc.incident.status = Status::Closed;
    let before = h.state().incident().clone();
    ctrl(&mut h, Key::E);
    key(&mut h, Key::Num2);
    key(&mut h, Key::Escape);
    assert!(h.state().view.dialog.is_none());
    assert_eq!(
        h.state().incident(),
        &before,
        "Esc keeps the answers as a draft only"
    );
    assert!(!h.state().doc.is_dirty());
}

#[test]
fn typing_a_why_after_recovery_keeps_every_word() {
    let (mut h, _) = ready();
    ctrl(&mut h, Key::Num8);
    tab_to(&mut h, "Recovery");
    key(&mut h, Key::Tab);
    type_keys(&mut h, "The cache expired");
    assert_eq!(
        h.state().incident().postmortem.five_whys,
        vec!["The cache expired".to_owned()]
    );
}

#[test]
fn marking_a_draft_sent_never_hands_the_keyboard_to_the_next_one() {
    let (mut h, _) = ready();
    ctrl(&mut h, Key::M);
    ctrl(&mut h, Key::M);
    tab_to(&mut h, "Mark as sent");
    key(&mut h, Key::Space);
    key(&mut h, Key::Space); // a second Space sends nothing else
    let messages = &h.state().incident().communications.messages;
    assert_eq!(messages.iter().filter(|m| m.sent_at.is_some()).count(), 1);
    assert!(messages[1].sent_at.is_some(), "the newest draft is first");
    // Marked by mistake: taken back right away, on the record.
    tab_to(&mut h, "Not sent after all");
    key(&mut h, Key::Enter);
    assert!(
        h.state()
            .incident()
            .communications
            .messages
            .iter()
            .all(|m| m.sent_at.is_none())
    );
    let last = h.state().incident().timeline.entries.last().unwrap().text.clone();
    assert!(last.starts_with("Not sent after all"), "{last}");
}

#[test]
fn enter_retracts_with_the_reason_typed() {
    let (mut h, _) = ready();
    ctrl(&mut h, Key::L);
    typ(&mut h, "wrong host restarted");
    key(&mut h, Key::Enter);
    tab_to(&mut h, "Timeline entry: wrong host restarted");
    key(&mut h, Key::Enter);
    tab_to(&mut h, "Reason");
    typ(&mut h, "it was the other host");
    key(&mut h, Key::Enter);
    let entry = h
        .state()
        .incident()
        .timeline
        .iter()
        .find(|e| e.text == "wrong host restarted")
        .unwrap();
    assert_eq!(
        entry.retracted.as_ref().map(|r| r.reason.as_str()),
        Some("it was the other host")
    );
}

#[test]
fn resolve_now_is_asked_and_enter_confirms() {
    let (mut h, _) = ready();
    h.state_mut().doc.incident.status = Status::Monitoring;
    // Loose ends (no resolved message): Enter keeps working.
    ctrl_shift(&mut h, Key::R);
    key(&mut h, Key::Enter);
    assert!(h.state().incident().resolution.resolved_at.is_none());
    assert!(h.state().view.dialog.is_none());
    // The resolved message drafted and sent by its shortcuts: no loose end.
    h.state_mut().doc.incident.status = Status::Resolved;
    ctrl(&mut h, Key::M);
    ctrl_shift(&mut h, Key::K);
    ctrl_shift(&mut h, Key::R);
    key(&mut h, Key::Escape); // Esc: nothing
    assert!(h.state().incident().resolution.resolved_at.is_none());
    ctrl_shift(&mut h, Key::R);
    key(&mut h, Key::Enter); // Enter: the marked default
    assert_eq!(h.state().incident().resolution.resolved_at, Some(t0()));
}

#[test]
fn a_drop_down_closes_on_esc_with_the_keyboard_back_on_it() {
    let (mut h, _) = ready();
    tab_to(&mut h, "Status");
    key(&mut h, Key::Space);
    key(&mut h, Key::ArrowDown);
    key(&mut h, Key::Escape);
    assert_eq!(focused(&h).as_deref(), Some("Status"));
    assert_eq!(h.state().incident().status, Status::Investigating);
    key(&mut h, Key::Space);
    key(&mut h, Key::ArrowDown);
    key(&mut h, Key::Enter);
    assert_eq!(h.state().incident().status, Status::Identified);
    assert_eq!(focused(&h).as_deref(), Some("Status"));
}

#[test]
fn removing_a_filled_row_asks_and_keep_has_the_keyboard() {
    let (mut h, _) = ready();
    tab_to(&mut h, "Add affected service");
    key(&mut h, Key::Enter);
    typ(&mut h, "checkout-api");
    tab_to(&mut h, "Remove");
    key(&mut h, Key::Space);
    assert_eq!(focused(&h).as_deref(), Some("Keep"));
    key(&mut h, Key::Space);
    assert_eq!(
        h.state().incident().detection.affected_services,
        vec!["checkout-api".to_owned()]
    );
    tab_to(&mut h, "Remove");
    key(&mut h, Key::Enter);
    key(&mut h, Key::Tab);
    assert_eq!(focused(&h).as_deref(), Some("Yes, remove"));
    key(&mut h, Key::Enter);
    assert!(h.state().incident().detection.affected_services.is_empty());
}

#[test]
fn esc_closes_a_menu_with_the_keyboard_back_on_its_button() {
    let (mut h, _) = ready();
    for menu in ["File", "All kinds", "Copy"] {
        tab_to(&mut h, menu);
        key(&mut h, Key::Space);
        key(&mut h, Key::ArrowDown);
        assert_ne!(
            focused(&h).as_deref(),
            Some(menu),
            "the keyboard went into the menu"
        );
        key(&mut h, Key::Escape);
        assert_eq!(focused(&h).as_deref(), Some(menu));
    }
    // Enter on an item runs it and closes the menu.
    tab_to(&mut h, "Help");
    key(&mut h, Key::Enter);
    key(&mut h, Key::ArrowDown);
    key(&mut h, Key::Enter);
    assert!(matches!(
        h.state().view.dialog,
        Some(incident_console::ui::state::Dialog::Shortcuts)
    ));
}

/// Keys typed faster than the console draws: what follows a shortcut goes
/// where the shortcut sends the keyboard, even when it arrives in the same
/// frame or before the field it opens is drawn (once "Ctrl+L checking" under
/// load put "chec" in the title). kittest gives each queued event a frame of
/// its own, so these events go straight into one frame's input.
#[test]
fn keys_typed_with_a_shortcut_go_where_it_sends_the_keyboard() {
    use egui::{Event, Modifiers};
    type Console = egui_kittest::Harness<'static, incident_console::app::ConsoleApp>;
    fn press(key: Key, modifiers: Modifiers) -> Vec<Event> {
        [true, false]
            .map(|pressed| Event::Key {
                key,
                physical_key: None,
                pressed,
                repeat: false,
                modifiers,
            })
            .to_vec()
    }
    fn text(text: &str) -> Vec<Event> {
        vec![Event::Text(text.into())]
    }
    /// These events in one frame, then as many frames as the console asks.
    fn one_frame(h: &mut Console, events: &[Vec<Event>]) {
        h.input_mut().events.extend(events.concat());
        h.step();
    }
    fn notes(h: &Console) -> Vec<String> {
        h.state()
            .incident()
            .timeline
            .iter()
            .filter(|e| e.kind == EntryKind::Note)
            .map(|e| e.text.clone())
            .collect()
    }
    let ctrl = Modifiers::COMMAND;
    let (mut h, _) = ready();
    assert_eq!(focused(&h).as_deref(), Some("Title"));

    // All in one frame: Ctrl+L, a note, Enter, the next note, Enter.
    let enter = || press(Key::Enter, Modifiers::NONE);
    one_frame(
        &mut h,
        &[
            press(Key::L, ctrl),
            text("checking the load balancer"),
            enter(),
            text("db-3 restarted"),
            enter(),
        ],
    );
    h.run();
    assert_eq!(notes(&h), ["checking the load balancer", "db-3 restarted"]);
    assert_eq!(h.state().incident().title, "");
    assert_eq!(focused(&h).as_deref(), Some("Log"));

    // Ctrl+3 in one frame, then a key in each of the next frames, before the
    // Assess panel is drawn: its first field gets every letter, and the Tab
    // typed next moves on from there.
    one_frame(&mut h, &[press(Key::Num3, ctrl)]);
    one_frame(&mut h, &[text("Checkout fails")]);
    one_frame(&mut h, &[press(Key::Tab, Modifiers::NONE)]);
    h.run();
    assert_eq!(
        h.state().incident().assessment.what_customers_see,
        "Checkout fails"
    );
    assert_ne!(focused(&h).as_deref(), Some("2. What customers see"));
    assert_eq!(notes(&h).len(), 2, "nothing typed into the log line");
    assert!(!incident_console::ui::keyboard_hold::KeyboardHold::is_holding(
        &h.ctx
    ));

    // Enter closing a dialog, then Ctrl+L and a note, in one frame.
    ctrl_shift(&mut h, Key::A);
    assert_eq!(focused(&h).as_deref(), Some("Your name"));
    one_frame(&mut h, &[press(Key::A, ctrl)]); // select "Ana"
    one_frame(
        &mut h,
        &[
            text("Bea"),
            enter(),
            press(Key::L, ctrl),
            text("Bea here"),
            enter(),
        ],
    );
    h.run();
    assert_eq!(h.state().settings.author, "Bea");
    let last = h.state().incident().timeline.entries.last().unwrap().clone();
    assert_eq!((last.text.as_str(), last.author.as_str()), ("Bea here", "Bea"));
}
