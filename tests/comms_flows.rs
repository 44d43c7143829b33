//! Phase 4 in the console: compose from a template, see the checks, copy,
//! mark as sent; the cadence countdown in the header.

mod common;
use common::{click, console_at, t0};

use chrono::TimeDelta;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use incident_console::model::{Audience, EntryKind, ManualClock, Phase, Stage};

#[test]
fn a_templated_message_is_drafted_checked_copied_and_sent() {
    let clock = ManualClock::new(t0());
    let mut h = console_at(clock.clone());
    h.get_by_label("Title").focus();
    h.get_by_label("Title")
        .type_text("Checkout fails for EU customers");
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::M);
    h.run();
    assert_eq!(h.state().view.selected, Phase::Communicate);
    // Ctrl+M drafted the customer update for the current status, focused.
    assert_eq!(h.state().incident().communications.messages.len(), 1);
    assert_eq!(
        common::focused(&h).as_deref(),
        Some("Draft 1: Investigating - Customers (external) via Status page (EN)")
    );
    let draft = h.state().incident().communications.messages[0].clone();
    assert_eq!(
        (draft.audience, draft.stage),
        (Audience::Customers, Stage::Investigating)
    );
    assert!(
        draft.text.contains("Checkout fails for EU customers") || draft.text.contains("INC-2026-0001"),
        "{}",
        draft.text
    );
    assert!(draft.sent_at.is_none());
    // The checklist is shown under the draft.
    h.get_by_label("No resolution time promised");
    // Ctrl+Shift+M copies the latest draft.
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::M);
    h.run();
    assert_eq!(
        h.state().notice.as_ref().unwrap().text,
        "Latest draft copied to the clipboard"
    );
    clock.advance(TimeDelta::minutes(3));
    click(&mut h, "Mark as sent");
    let sent = &h.state().incident().communications.messages[0];
    assert_eq!(sent.sent_at, Some(t0() + TimeDelta::minutes(3)));
    assert_eq!(sent.sent_by, "Ana");
    let entry = h.state().incident().timeline.entries.last().unwrap();
    assert_eq!(entry.kind, EntryKind::Comms);
    // Read-only once sent: no draft editor left, and the sent log lists it.
    assert!(h.query_by_label_contains("Draft 1").is_none());
    h.get_by_label("Sent (read-only)");
}

#[test]
fn a_promise_is_flagged_in_the_draft() {
    let mut h = console_at(ManualClock::new(t0()));
    h.key_press_modifiers(Modifiers::COMMAND, Key::M);
    h.run();
    click(&mut h, "Start a draft");
    let field = h.get_by_label_contains("Draft 1");
    field.scroll_to_me();
    h.run();
    let ctx = h.ctx.clone();
    let first = h.state().incident().message_id(0);
    h.state_mut().apply(
        &ctx,
        incident_console::action::Action::Edit(incident_console::model::Edit::SetMessageText(
            first,
            "Checkout is down. We will have this fixed by 15:00.".into(),
        )),
    );
    h.run();
    h.get_by_label_contains("Do not promise when it will be fixed");
}

#[test]
fn the_header_counts_down_warns_and_says_overdue() {
    let clock = ManualClock::new(t0());
    let mut h = console_at(clock.clone());
    h.get_by_label_contains("Next customer update in 05:00 - SOON");
    clock.advance(TimeDelta::minutes(7));
    h.run();
    h.get_by_label_contains("Next customer update OVERDUE by 02:00");
    assert_eq!(
        h.state().attention_requested,
        vec![t0() + TimeDelta::minutes(5)],
        "the window asked for attention once"
    );
    h.run();
    assert_eq!(h.state().attention_requested.len(), 1);
}
