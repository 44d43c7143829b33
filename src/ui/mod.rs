//! The console's screen. One file per panel or widget; every function reads
//! the app and pushes [`Action`]s, which [`frame`] applies after the UI pass.

mod dialogs;
mod header;
pub mod long_text;
mod menu;
mod navigator;
pub mod panels;
mod quick_log;
pub mod review;
pub mod severity_wizard;
mod status_bar;
pub mod timeline;
pub mod widgets;

use std::time::Duration;

use egui::Ui;

use crate::app::{Action, ConsoleApp};
use crate::command::Command;

pub use review::ReviewCache;
pub use severity_wizard::WizardState;
pub use timeline::TimelineState;
pub use widgets::{Forms, PanelCx};

/// One frame of the console.
pub fn frame(app: &mut ConsoleApp, ui: &mut Ui) {
    let ctx = ui.ctx().clone();
    app.poll_io(&ctx);
    apply_view_settings(app, &ctx);
    let now = app.now();
    let mut actions = Vec::new();

    if app.view.dialog.is_none() {
        for command in Command::by_shortcut_specificity() {
            if let Some(shortcut) = command.shortcut()
                && ui.input_mut(|i| i.consume_shortcut(&shortcut))
            {
                actions.push(Action::Command(command));
            }
        }
    }
    // Dropping an incident file on the window opens it.
    let dropped: Vec<_> = ui.input(|i| {
        i.raw
            .dropped_files
            .iter()
            .map(|f| f.path().to_path_buf())
            .collect()
    });
    actions.extend(dropped.into_iter().map(Action::OpenPath));
    // Closing the window with unsaved work asks first.
    if ui.input(|i| i.viewport().close_requested()) && !app.allow_close {
        if app.doc.is_dirty() {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            actions.push(Action::Command(Command::Quit));
        } else {
            app.allow_close = true;
        }
    }

    egui::Panel::top("menu_bar").show(ui, |ui| menu::show(ui, app, &mut actions));
    egui::Panel::top("header").show(ui, |ui| header::show(ui, app.incident(), now, &mut actions));
    egui::Panel::bottom("status_bar").show(ui, |ui| status_bar::show(ui, app, &mut actions));
    egui::Panel::bottom("quick_log").show(ui, |ui| {
        if app.doc.read_only {
            review_bar(ui, &mut actions);
        } else {
            quick_log::show(ui, app, &mut actions);
        }
    });
    egui::Panel::left("phases")
        .resizable(false)
        .exact_size(190.0)
        .show(ui, |ui| {
            let selected = (!app.view.show_review).then_some(app.view.selected);
            navigator::show(ui, app.incident(), selected, &mut actions);
            navigator::review_entry(ui, app.view.show_review, &mut actions);
        });
    let mut timeline_open = app.settings.timeline_open;
    egui::Panel::right("timeline")
        .default_size(380.0)
        .min_size(280.0)
        .show_collapsible(ui, &mut timeline_open, |ui| {
            let generation = app.doc.timeline_generation();
            let read_only = app.doc.read_only;
            timeline::show(
                ui,
                &app.doc.incident,
                generation,
                read_only,
                &mut app.view.timeline,
                &mut actions,
            )
        });
    if timeline_open != app.settings.timeline_open {
        actions.push(Action::Command(Command::ToggleTimeline));
    }
    egui::CentralPanel::default().show(ui, |ui| {
        if let Some(notice) = &app.notice
            && notice.is_error
        {
            status_bar::error_banner(ui, &notice.text, &mut actions);
        }
        let selected = app.view.selected;
        if app.view.show_review {
            egui::ScrollArea::vertical()
                .id_salt("review")
                .auto_shrink(false)
                .show(ui, |ui| {
                    let generation = app.doc.generation() ^ (app.doc.timeline_generation() << 32);
                    review::show(
                        ui,
                        &app.doc.incident,
                        generation,
                        &mut app.view.review,
                        &mut actions,
                    );
                });
        } else {
            egui::ScrollArea::vertical()
                .id_salt(("phase", selected))
                .auto_shrink(false)
                .show(ui, |ui| {
                    let mut cx = PanelCx {
                        incident: &app.doc.incident,
                        templates: &app.templates,
                        templates_dir: app.templates_dir.as_deref(),
                        now,
                        forms: &mut app.view.forms,
                        actions: &mut actions,
                    };
                    // Review mode shows every field, and none can be changed.
                    ui.add_enabled_ui(!app.doc.read_only, |ui| panels::show(ui, selected, &mut cx));
                });
        }
    });
    dialogs::show(&ctx, app, &mut actions);

    for action in actions {
        app.apply(&ctx, action);
    }

    request_attention_when_overdue(app, &ctx, now);

    let title = app.title();
    if title != app.window_title {
        ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
        app.window_title = title;
    }
    // The header clock ticks once a second; nothing repaints continuously.
    let millis_into_second = u64::from(app.now().timestamp_subsec_millis());
    ctx.request_repaint_after(Duration::from_millis(1000 - millis_into_second.min(999)));
    if app.io_busy() {
        ctx.request_repaint_after(Duration::from_millis(50));
    }
    // Autosave is checked every frame; when one is pending, wake up for it.
    if !app.doc.read_only
        && let Some(wait) = app.safety.tick(&app.doc, std::time::Instant::now())
    {
        ctx.request_repaint_after(wait);
    }
    if let Some(e) = app.safety.last_error.take() {
        app.apply(&ctx, Action::ShowError(e));
    }
}

/// In review mode the log line is replaced by what the mode means.
fn review_bar(ui: &mut Ui, actions: &mut Vec<Action>) {
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

/// A missed update asks the window system for attention once per missed deadline.
fn request_attention_when_overdue(app: &mut ConsoleApp, ctx: &egui::Context, now: crate::model::Timestamp) {
    use crate::model::{DueState, UpdateKind};
    for kind in [UpdateKind::Customer, UpdateKind::Internal] {
        if let Some(due) = app.doc.incident.due(kind, now)
            && due.state == DueState::Overdue
            && !app.attention_requested.contains(&due.at)
        {
            app.attention_requested.push(due.at);
            ctx.send_viewport_cmd(egui::ViewportCommand::RequestUserAttention(
                egui::UserAttentionType::Critical,
            ));
        }
    }
}

fn apply_view_settings(app: &mut ConsoleApp, ctx: &egui::Context) {
    if app.applied_dark != Some(app.settings.dark_theme) {
        ctx.set_theme(if app.settings.dark_theme {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        });
        // Our zoom keys are commands (shown in the View menu), not egui's built-in ones.
        ctx.options_mut(|o| o.zoom_with_keyboard = false);
        app.applied_dark = Some(app.settings.dark_theme);
    }
    if app.applied_zoom != app.settings.zoom {
        ctx.set_zoom_factor(app.settings.zoom);
        app.applied_zoom = app.settings.zoom;
    }
}
