//! What the UI test files share: a console on a fixed clock, and the few
//! gestures they drive it with.
#![allow(dead_code)] // each test binary uses its own subset

use std::sync::Arc;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use incident_console::app::ConsoleApp;
use incident_console::model::ManualClock;

/// A 1280x800 console on `clock`, typing as "Ana".
pub fn console_at(clock: ManualClock) -> Harness<'static, ConsoleApp> {
    let mut h = Harness::builder()
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
