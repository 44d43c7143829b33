//! What the test files share: the example incident, the fixed start time,
//! a console on a fixed clock, and the few gestures they drive it with.
#![allow(dead_code)] // each test binary uses its own subset

pub mod breach;

use std::sync::Arc;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use incident_console::app::ConsoleApp;
use incident_console::model::{Incident, ManualClock, Timestamp};

/// The example incident shipped with the console (every phase filled in).
pub const EXAMPLE: &str = "assets/examples/checkout-eu-outage.ron";

/// The example incident, loaded through the file format.
pub fn example() -> Incident {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(EXAMPLE);
    incident_console::file::load(&path).expect("the example incident loads")
}

/// The fixed time the test incidents start at: 2026-11-25 14:00 UTC.
pub fn t0() -> Timestamp {
    use chrono::TimeZone;
    chrono::Utc.with_ymd_and_hms(2026, 11, 25, 14, 0, 0).unwrap()
}

/// A harness builder for the console. Keys typed right after a shortcut,
/// Enter, Tab or Esc are held a few frames until focus has moved
/// (`ui::keyboard_hold`), so a run can take more than kittest's default
/// four steps to settle.
pub fn builder() -> egui_kittest::HarnessBuilder<ConsoleApp> {
    Harness::builder().with_max_steps(16)
}

/// A 1280x800 console on `clock`, typing as "Ana".
pub fn console_at(clock: ManualClock) -> Harness<'static, ConsoleApp> {
    let mut h = builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |_cc| {
            let mut app = ConsoleApp::new(Arc::new(clock), None);
            app.settings.author = "Ana".into();
            app
        });
    h.run();
    h
}

pub fn press(h: &mut Harness<'_, ConsoleApp>, modifiers: Modifiers, key: Key) {
    h.key_press_modifiers(modifiers, key);
    h.run();
}

/// Scrolls the widget named `label` into view and clicks it.
pub fn click(h: &mut Harness<'_, ConsoleApp>, label: &str) {
    h.get_by_label(label).scroll_to_me();
    h.run();
    h.get_by_label(label).click();
    h.run();
}

/// Scrolls the field named `label` into view, focuses it and types.
pub fn type_into(h: &mut Harness<'_, ConsoleApp>, label: &str, text: &str) {
    h.get_by_label(label).scroll_to_me();
    h.run();
    h.get_by_label(label).focus();
    h.get_by_label(label).type_text(text);
    h.run();
}

/// Waits for background file work, then lets the UI show its result.
pub fn settle_io(h: &mut Harness<'_, ConsoleApp>) {
    h.step();
    let ctx = h.ctx.clone();
    h.state_mut().finish_pending_io(&ctx);
    h.run();
}

/// The label of the widget with the keyboard focus, if any.
pub fn focused(h: &Harness<'_, ConsoleApp>) -> Option<String> {
    use egui_kittest::kittest::NodeT;
    h.query_by(|n| n.is_focused())
        .and_then(|n| n.accesskit_node().label())
}

/// Presses Tab (as a person would) until the control named `label` has
/// the keyboard; fails if 120 presses never reach it.
pub fn tab_to(h: &mut Harness<'_, ConsoleApp>, label: &str) {
    for _ in 0..120 {
        if focused(h).as_deref() == Some(label) {
            return;
        }
        press(h, Modifiers::NONE, Key::Tab);
    }
    panic!("Tab never reached {label:?}");
}

/// Types into whatever has the keyboard.
pub fn typ(h: &mut Harness<'_, ConsoleApp>, text: &str) {
    h.event(egui::Event::Text(text.to_owned()));
    h.run();
}

pub fn key(h: &mut Harness<'_, ConsoleApp>, key: Key) {
    press(h, Modifiers::NONE, key);
}

pub fn ctrl(h: &mut Harness<'_, ConsoleApp>, key: Key) {
    press(h, Modifiers::COMMAND, key);
}

pub fn ctrl_shift(h: &mut Harness<'_, ConsoleApp>, key: Key) {
    press(h, Modifiers::COMMAND | Modifiers::SHIFT, key);
}

/// A console as a new user gets it: no name known yet, so it asks.
pub fn fresh_console_at(clock: ManualClock, size: egui::Vec2) -> Harness<'static, ConsoleApp> {
    let mut h = builder().with_size(size).build_eframe(move |_cc| {
        let mut app = ConsoleApp::new(Arc::new(clock), None);
        app.settings.author.clear();
        app.ask_for_author_if_unset();
        app
    });
    h.run();
    h
}

/// Types as a keyboard does: each space is a Space key press as well as
/// text, so a focused button or box sees it (xdotool's `type` does this).
pub fn type_keys(h: &mut Harness<'_, ConsoleApp>, text: &str) {
    for c in text.chars() {
        if c == ' ' {
            h.key_press(Key::Space);
        }
        h.event(egui::Event::Text(c.to_string()));
        h.run();
    }
}
