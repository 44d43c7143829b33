//! The status bar (save state, author, last notice) and the error banner.

use egui::{RichText, Ui};

use crate::app::{Action, ConsoleApp};
use crate::command::Command;

use super::widgets::error_color;

pub fn show(ui: &mut Ui, app: &ConsoleApp, timeline_folded: bool, actions: &mut Vec<Action>) {
    ui.horizontal_wrapped(|ui| {
        if timeline_folded {
            let keys = Command::ToggleTimeline
                .shortcut()
                .map(|s| ui.ctx().format_shortcut(&s))
                .unwrap_or_default();
            ui.label(RichText::new(format!("Timeline folded (narrow window): {keys} shows it")).strong());
            ui.separator();
        }
        let place = match &app.doc.path {
            Some(path) => path.display().to_string(),
            None => "not saved to a file yet".to_owned(),
        };
        if app.doc.read_only {
            ui.label(RichText::new("REVIEW: read-only, never written").small().strong());
        } else if app.doc.is_dirty() {
            ui.label(
                RichText::new("UNSAVED CHANGES")
                    .small()
                    .strong()
                    .color(ui.visuals().warn_fg_color),
            );
            if app.safety.enabled() {
                let autosaved = app.safety.written == app.doc.generation();
                let text = if autosaved {
                    "autosaved for recovery"
                } else {
                    "autosaving..."
                };
                ui.label(RichText::new(text).small().weak());
            }
        } else {
            ui.label(RichText::new("all changes saved").small());
        }
        ui.label(RichText::new(place).small().weak());
        if app.io_busy() {
            ui.spinner();
        }
        ui.separator();
        let author = if app.settings.author.is_empty() {
            "(no name set)"
        } else {
            &app.settings.author
        };
        if ui
            .link(RichText::new(format!("You: {author}")).small())
            .on_hover_text("Set your name")
            .clicked()
        {
            actions.push(Action::Command(Command::SetAuthor));
        }
        if let Some(notice) = &app.notice
            && !notice.is_error
        {
            ui.separator();
            ui.label(RichText::new(&notice.text).small());
        }
    });
}

/// Errors stay on screen until dismissed: they must not be missed.
pub fn error_banner(ui: &mut Ui, text: &str, actions: &mut Vec<Action>) {
    egui::Frame::new()
        .fill(ui.visuals().extreme_bg_color)
        .stroke(egui::Stroke::new(1.5, error_color(ui)))
        .corner_radius(4.0)
        .inner_margin(8)
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new("ERROR").strong().color(error_color(ui)));
                ui.label(text);
                if ui.button("Dismiss").clicked() {
                    actions.push(Action::DismissNotice);
                }
            });
        });
    ui.add_space(6.0);
}
