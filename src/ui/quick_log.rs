//! The quick-log line: one shortcut, type, Enter.

use egui::{RichText, Ui};

use super::state::ViewState;
use crate::action::Action;
use crate::command::Command;
use crate::model::format_utc;

pub fn show(ui: &mut Ui, view: &mut ViewState, now: crate::model::Timestamp, actions: &mut Vec<Action>) {
    ui.add_space(3.0);
    ui.horizontal(|ui| {
        let label = ui.label(RichText::new("Log").strong());
        let shortcut = Command::FocusQuickLog
            .shortcut()
            .map(|s| ui.ctx().format_shortcut(&s))
            .unwrap_or_default();
        let hint =
            format!("type a note, Enter to log;  d: decision  a: action  @14:02 happened then  ({shortcut})");
        // "@14:02 ...": what the time was read as, and a future one flagged;
        // the field gives up room for it.
        let mut preview: Vec<(String, bool)> = Vec::new();
        if view.quick_log.trim_start().starts_with('@') {
            match crate::model::timeline::parse_quick_log_line(&view.quick_log, now) {
                Ok((_, _, Some(at))) => {
                    preview.push((crate::model::time::understood(at, now), false));
                    if let Some(why) = crate::model::time::future_problem(at, now) {
                        preview.push((why, true));
                    }
                }
                Err(why) => preview.push((why, true)),
                Ok(_) => {}
            }
        }
        let room = 260.0 + if preview.is_empty() { 0.0 } else { 330.0 };
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut view.quick_log)
                    .id_salt("quick_log")
                    .hint_text(hint)
                    .desired_width((ui.available_width() - room).max(120.0)),
            )
            .labelled_by(label.id);
        if view.focus_quick_log {
            response.request_focus();
            view.focus_quick_log = false;
        }
        if response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            if !view.quick_log.trim().is_empty() {
                actions.push(Action::QuickLog(view.quick_log.clone()));
            }
            // Stay in the field: the next note usually follows.
            response.request_focus();
        }
        for (text, problem) in &preview {
            let color = if *problem {
                ui.visuals().error_fg_color
            } else {
                ui.visuals().weak_text_color()
            };
            ui.label(RichText::new(text).small().color(color));
        }
        match view.marked_at {
            Some(at) => {
                ui.label(RichText::new(format!("at {}", format_utc(at))).small().strong());
            }
            None => {
                if ui
                    .button("Mark now")
                    .on_hover_text(Command::MarkNow.label())
                    .clicked()
                {
                    actions.push(Action::MarkNow);
                }
            }
        }
        if ui.button("Add to timeline").clicked() && !view.quick_log.trim().is_empty() {
            actions.push(Action::QuickLog(view.quick_log.clone()));
        }
    });
    ui.add_space(3.0);
}

/// In review mode the log line is replaced by what the mode means.
pub fn review_bar(ui: &mut Ui, actions: &mut Vec<Action>) {
    ui.add_space(3.0);
    ui.horizontal(|ui| {
        egui::Frame::new()
            .fill(egui::Color32::from_rgb(40, 90, 160))
            .corner_radius(4.0)
            .inner_margin(egui::Margin::symmetric(8, 2))
            .show(ui, |ui| {
                ui.label(egui::RichText::new("REVIEW").strong().color(egui::Color32::WHITE))
            });
        ui.label("Read-only: nothing can be changed and the file is never written.");
        let keys = Command::EditACopy
            .shortcut()
            .map(|s| ui.ctx().format_shortcut(&s))
            .unwrap_or_default();
        if ui.button("Edit a copy...").on_hover_text(keys).clicked() {
            actions.push(Action::Command(Command::EditACopy));
        }
    });
    ui.add_space(3.0);
}
