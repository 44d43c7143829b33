//! The frame loop: poll file work, dispatch shortcuts, lay out the views
//! with what each reads, apply their actions, then title, attention,
//! autosave, theme and zoom. The app owns all of it; views only return actions.

use std::time::Duration;

use egui::Ui;

use super::ConsoleApp;
use crate::action::Action;
use crate::command::Command;
use crate::ui::keyboard_hold::KeyboardHold;
use crate::ui::layout::{Layout, fill, fill_height, reserve_all, reserve_height};
use crate::ui::readable_styles;
use crate::ui::{
    dialogs, focus, header, menu, navigator, panels, quick_log, review, status_bar, timeline, widgets,
};

/// One frame of the console.
pub fn frame(app: &mut ConsoleApp, ui: &mut Ui) {
    let ctx = ui.ctx().clone();
    app.poll_io(&ctx);
    if app.wake.is_none() {
        let repaint = ctx.clone();
        app.set_waker(std::sync::Arc::new(move || repaint.request_repaint()));
    }
    // What the others wrote, before this frame shows the record.
    app.poll_sharing();
    app.refresh_share_dialog();
    apply_view_settings(app, &ctx);
    // A reviewer reads a closed record: every derived figure (countdowns,
    // elapsed times, overdue flags) is taken where the record ends.
    let reviewing = app.doc.read_only;
    let now = match reviewing.then(|| app.doc.record_end()).flatten() {
        Some(end) => end.min(app.now()),
        None => app.now(),
    };
    let mut actions = Vec::new();
    // Closing a dialog gives the keyboard back to the panel.
    let has_dialog = app.view.dialog.is_some();
    if app.view.had_dialog && !has_dialog {
        app.view.focus_panel = true;
    }
    app.view.had_dialog = has_dialog;

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
    actions.extend(
        dropped
            .into_iter()
            .map(|path| Action::Open { path, review: false }),
    );
    // Closing the window with unsaved work asks first.
    if ui.input(|i| i.viewport().close_requested()) && !app.allow_close {
        if app.doc.is_dirty() {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            actions.push(Action::Command(Command::Quit));
        } else {
            app.allow_close = true;
        }
    }

    // Panels take their space first (egui lays out the centre last); their
    // contents are then created in reading order, which is egui's Tab order:
    // the phase panel, the timeline, the log line, the status bar, the menu
    // bar, the header and the phase list.
    let menu_rect = egui::Panel::top("menu_bar")
        .show(ui, |ui| reserve_height(ui, "menu_bar", 22.0))
        .inner;
    let header_rect = egui::Panel::top("header")
        .show(ui, |ui| reserve_height(ui, "header", 70.0))
        .inner;
    let status_rect = egui::Panel::bottom("status_bar")
        .show(ui, |ui| reserve_height(ui, "status_bar", 20.0))
        .inner;
    let log_rect = egui::Panel::bottom("quick_log")
        .show(ui, |ui| reserve_height(ui, "quick_log", 26.0))
        .inner;
    let layout = Layout::for_width(ctx.content_rect().width());
    app.view.timeline_folded = layout.timeline_max.is_none();
    if !app.view.timeline_folded {
        app.view.timeline_despite_width = false;
    }
    let nav_rect = egui::Panel::left("phases")
        .resizable(false)
        .exact_size(layout.navigator)
        .show(ui, reserve_all)
        .inner;
    let timeline_open = app.settings.timeline_open;
    let timeline_shown = timeline_open && (layout.timeline_max.is_some() || app.view.timeline_despite_width);
    let mut timeline_rect = None;
    if timeline_shown {
        let max = layout.timeline_max.unwrap_or(280.0);
        timeline_rect = Some(
            egui::Panel::right("timeline")
                .default_size(380.0_f32.min(max))
                .min_size(240.0_f32.min(max))
                .max_size(max)
                .show(ui, reserve_all)
                .inner,
        );
    }
    let central_rect = egui::CentralPanel::default().show(ui, reserve_all).inner;

    fill(ui, central_rect, "central", |ui| {
        central(ui, app, now, &mut actions)
    });
    if let Some(rect) = timeline_rect {
        fill(ui, rect, "timeline", |ui| {
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
    }
    fill_height(ui, log_rect, "quick_log", |ui| {
        if app.doc.read_only {
            quick_log::review_bar(ui, &mut actions);
        } else {
            quick_log::show(ui, &mut app.view, now, &mut actions);
        }
    });
    fill_height(ui, status_rect, "status_bar", |ui| {
        let status = status_bar::Status {
            path: app.doc.path.as_deref(),
            read_only: app.doc.read_only,
            dirty: app.doc.is_dirty(),
            autosaved: app
                .safety
                .enabled()
                .then(|| app.safety.written == app.doc.generation()),
            busy: app.io_busy(),
            author: &app.settings.author,
            notice: app.notice.as_ref(),
            timeline_folded: !timeline_shown && timeline_open,
        };
        status_bar::show(ui, &status, &mut actions)
    });
    fill_height(ui, menu_rect, "menu_bar", |ui| {
        menu::show(ui, &app.settings.recent_files, &mut actions)
    });
    fill_height(ui, header_rect, "header", |ui| {
        let shared = app
            .sharing
            .as_ref()
            .filter(|s| s.joining || s.document == app.doc.serial())
            .map(|s| s.line());
        header::show(ui, app.incident(), now, reviewing, shared.as_ref(), &mut actions)
    });
    fill(ui, nav_rect, "phases", |ui| {
        let selected = (!app.view.show_review).then_some(app.view.selected);
        // A short window (or a big zoom) scrolls the phase list.
        egui::ScrollArea::vertical()
            .id_salt("phases_scroll")
            .auto_shrink(false)
            .show(ui, |ui| {
                navigator::show(ui, app.incident(), selected, &mut actions);
                navigator::review_entry(ui, app.view.show_review, &mut actions);
                focus::scroll_focused_into_view(ui);
            });
    });
    if let Some(dialog) = app.view.dialog.as_mut() {
        dialogs::show(
            &ctx,
            dialog,
            &app.doc.incident,
            &app.settings.recent_files,
            now,
            &mut actions,
        );
    }

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
    KeyboardHold::update(&ctx, app.view.dialog.is_some());
}

/// The centre: an error banner, then the phase panel or the review.
fn central(ui: &mut Ui, app: &mut ConsoleApp, now: crate::model::Timestamp, actions: &mut Vec<Action>) {
    if let Some(notice) = &app.notice
        && notice.is_error
    {
        status_bar::error_banner(ui, &notice.text, actions);
    }
    let selected = app.view.selected;
    if app.view.show_review {
        egui::ScrollArea::vertical()
            .id_salt("review")
            .auto_shrink(false)
            .show(ui, |ui| {
                let generation = app.doc.review_generation();
                app.view.review.refresh(&app.doc.incident, generation, ui.ctx());
                review::show(ui, &app.doc.incident, &app.view.review, actions);
                focus::scroll_focused_into_view(ui);
            });
    } else {
        // Behind a dialog nothing can take the keyboard: wait for it to close.
        let focus_first = app.view.dialog.is_none() && std::mem::take(&mut app.view.focus_panel);
        egui::ScrollArea::vertical()
            .id_salt(("phase", selected))
            .auto_shrink(false)
            .show(ui, |ui| {
                let mut cx = widgets::PanelCx {
                    incident: &app.doc.incident,
                    templates: &app.templates,
                    templates_dir: app.templates_dir.as_deref(),
                    now,
                    zone: app.view.timeline.zone,
                    forms: &mut app.view.forms,
                    actions,
                    focus: widgets::FocusRequest::new(focus_first),
                    author: &app.settings.author,
                };
                // Review mode shows every field, and none can be changed.
                ui.add_enabled_ui(!app.doc.read_only, |ui| panels::show(ui, selected, &mut cx));
                cx.focus.finish(ui);
                focus::scroll_focused_into_view(ui);
            });
    }
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
        readable_styles(ctx);
        app.applied_dark = Some(app.settings.dark_theme);
    }
    if app.applied_zoom != app.settings.zoom {
        ctx.set_zoom_factor(app.settings.zoom);
        app.applied_zoom = app.settings.zoom;
    }
}
