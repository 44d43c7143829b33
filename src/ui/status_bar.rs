//! The status bar (save state, author, last notice) and the error banner.

use egui::{RichText, Ui};

use super::state::Notice;
use crate::action::Action;
use crate::command::Command;

use super::widgets::error_color;

/// What the status bar shows, gathered by the app.
pub struct Status<'a> {
    pub path: Option<&'a std::path::Path>,
    pub read_only: bool,
    pub dirty: bool,
    /// With autosave on: whether the latest change is autosaved yet.
    pub autosaved: Option<bool>,
    /// File work is running.
    pub busy: bool,
    pub author: &'a str,
    pub notice: Option<&'a Notice>,
    /// The timeline is folded away because the window is narrow.
    pub timeline_folded: bool,
}

pub fn show(ui: &mut Ui, status: &Status<'_>, actions: &mut Vec<Action>) {
    ui.horizontal_wrapped(|ui| {
        if status.timeline_folded {
            let keys = Command::ToggleTimeline
                .shortcut()
                .map(|s| ui.ctx().format_shortcut(&s))
                .unwrap_or_default();
            ui.label(RichText::new(format!("Timeline folded (narrow window): {keys} shows it")).strong());
            ui.separator();
        }
        let place = match status.path {
            Some(path) => path.display().to_string(),
            None => "not saved to a file yet".to_owned(),
        };
        if status.read_only {
            ui.label(RichText::new("REVIEW: read-only, never written").small().strong());
        } else if status.dirty {
            ui.label(
                RichText::new("UNSAVED CHANGES")
                    .small()
                    .strong()
                    .color(ui.visuals().warn_fg_color),
            );
            if let Some(autosaved) = status.autosaved {
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
        if status.busy {
            ui.spinner();
        }
        ui.separator();
        let author = if status.author.is_empty() {
            "(no name set)"
        } else {
            status.author
        };
        if ui
            .link(RichText::new(format!("You: {author}")).small())
            .on_hover_text("Set your name")
            .clicked()
        {
            actions.push(Action::Command(Command::SetAuthor));
        }
        if let Some(notice) = status.notice
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
