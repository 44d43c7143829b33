//! The console's screen. One file per panel or widget; every function reads
//! the app and pushes [`Action`]s, which [`frame`] applies after the UI pass.

mod dialogs;
pub mod focus;
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
    // A reviewer reads a closed record: every derived figure (countdowns,
    // elapsed times, overdue flags) is taken where the record ends.
    let reviewing = app.doc.read_only;
    let now = match app.doc.incident.record_end() {
        Some(end) if reviewing => end.min(app.now()),
        _ => app.now(),
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
            review_bar(ui, &mut actions);
        } else {
            quick_log::show(ui, app, &mut actions);
        }
    });
    fill_height(ui, status_rect, "status_bar", |ui| {
        status_bar::show(ui, app, !timeline_shown && timeline_open, &mut actions)
    });
    fill_height(ui, menu_rect, "menu_bar", |ui| menu::show(ui, app, &mut actions));
    fill_height(ui, header_rect, "header", |ui| {
        header::show(ui, app.incident(), now, reviewing, &mut actions)
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

/// Widths that keep every panel usable: below some width the phase list
/// narrows and the timeline folds away (Ctrl+T shows it anyway).
struct Layout {
    navigator: f32,
    /// The timeline's widest, or `None` when it folds away.
    timeline_max: Option<f32>,
}

impl Layout {
    /// The centre keeps at least this much room for its forms.
    const CENTRE_MIN: f32 = 560.0;

    fn for_width(width: f32) -> Layout {
        let navigator = if width < 1100.0 { 150.0 } else { 190.0 };
        let room = width - navigator - Self::CENTRE_MIN;
        Layout {
            navigator,
            timeline_max: (room >= 240.0).then(|| room.min(520.0)),
        }
    }
}

/// Inside a top or bottom panel: take the height its contents had last
/// frame (they are drawn later, see [`fill_height`]).
fn reserve_height(ui: &mut Ui, key: &str, default: f32) -> egui::Rect {
    let height = ui
        .data(|d| d.get_temp::<f32>(egui::Id::unique(("panel_height", key))))
        .unwrap_or(default);
    let rect = egui::Rect::from_min_size(ui.max_rect().min, egui::vec2(ui.available_width(), height));
    ui.advance_cursor_after_rect(rect);
    rect
}

/// Inside a side or central panel: take all of it.
fn reserve_all(ui: &mut Ui) -> egui::Rect {
    let rect = ui.max_rect();
    ui.advance_cursor_after_rect(rect);
    rect
}

/// Draws a panel's contents into the space it reserved.
fn fill<R>(root: &mut Ui, rect: egui::Rect, key: &str, add: impl FnOnce(&mut Ui) -> R) -> egui::Rect {
    let mut child = root.new_child(
        egui::UiBuilder::new()
            .id_salt(("panel_contents", key))
            .max_rect(rect)
            .layout(egui::Layout::top_down(egui::Align::Min)),
    );
    // Contents never spill over a neighbour (focus rings keep a few points).
    child.set_clip_rect(rect.expand(4.0).intersect(root.clip_rect()));
    add(&mut child);
    child.min_rect()
}

/// Like [`fill`], remembering the height used; when it changed, the frame is
/// laid out once more so nothing overlaps for even one frame.
fn fill_height(root: &mut Ui, rect: egui::Rect, key: &str, add: impl FnOnce(&mut Ui)) {
    let used = fill(root, rect, key, add).height().ceil();
    let id = egui::Id::unique(("panel_height", key));
    let before = root.data(|d| d.get_temp::<f32>(id));
    if before.is_none_or(|h| (h - used).abs() > 0.5) {
        root.data_mut(|d| d.insert_temp(id, used));
        root.ctx().request_discard("a panel changed height");
    }
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
                let generation = app.doc.generation() ^ (app.doc.timeline_generation() << 32);
                review::show(ui, &app.doc.incident, generation, &mut app.view.review, actions);
                focus::scroll_focused_into_view(ui);
            });
    } else {
        // Behind a dialog nothing can take the keyboard: wait for it to close.
        let focus_first = app.view.dialog.is_none() && std::mem::take(&mut app.view.focus_panel);
        egui::ScrollArea::vertical()
            .id_salt(("phase", selected))
            .auto_shrink(false)
            .show(ui, |ui| {
                let mut cx = PanelCx {
                    incident: &app.doc.incident,
                    templates: &app.templates,
                    templates_dir: app.templates_dir.as_deref(),
                    now,
                    zone: app.view.timeline.zone,
                    forms: &mut app.view.forms,
                    actions,
                    focus: widgets::FocusRequest::new(focus_first),
                };
                // Review mode shows every field, and none can be changed.
                ui.add_enabled_ui(!app.doc.read_only, |ui| panels::show(ui, selected, &mut cx));
                cx.focus.finish(ui);
                focus::scroll_focused_into_view(ui);
            });
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

/// Legible under stress, in both themes: no text below 11 px, weak text
/// at 4.5:1 contrast or more, and field borders that show (3:1) even on the
/// light theme, where egui draws white fields with no border on near-white.
pub fn readable_styles(ctx: &egui::Context) {
    use egui::{Color32, FontId, Stroke, TextStyle};
    for theme in [egui::Theme::Dark, egui::Theme::Light] {
        let dark = theme == egui::Theme::Dark;
        ctx.style_mut_of(theme, |style| {
            style
                .text_styles
                .insert(TextStyle::Small, FontId::proportional(11.0));
            let v = &mut style.visuals;
            if dark {
                v.weak_text_color = Some(Color32::from_gray(170));
                v.widgets.inactive.bg_stroke = Stroke::new(1.0, Color32::from_gray(120));
                v.widgets.noninteractive.fg_stroke.color = Color32::from_gray(200);
                // egui's pure red is 4.3:1 on the dark panel.
                v.error_fg_color = Color32::from_rgb(255, 90, 90);
            } else {
                v.weak_text_color = Some(Color32::from_gray(85));
                v.widgets.inactive.bg_stroke = Stroke::new(1.0, Color32::from_gray(110));
                v.widgets.noninteractive.fg_stroke.color = Color32::from_gray(40);
                v.widgets.inactive.fg_stroke.color = Color32::from_gray(25);
                v.widgets.inactive.weak_bg_fill = Color32::from_gray(225);
                v.warn_fg_color = Color32::from_rgb(150, 80, 0);
                v.error_fg_color = Color32::from_rgb(180, 0, 0);
            }
        });
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

#[cfg(test)]
mod tests {
    use egui::{Color32, Theme};

    /// WCAG 2 relative luminance and contrast ratio.
    fn contrast(a: Color32, b: Color32) -> f32 {
        let lum = |c: Color32| {
            let ch = |v: u8| {
                let v = f32::from(v) / 255.0;
                if v <= 0.039_28 {
                    v / 12.92
                } else {
                    ((v + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * ch(c.r()) + 0.7152 * ch(c.g()) + 0.0722 * ch(c.b())
        };
        let (x, y) = (lum(a), lum(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    #[test]
    fn text_and_field_borders_keep_their_contrast_in_both_themes() {
        let ctx = egui::Context::default();
        super::readable_styles(&ctx);
        for theme in [Theme::Dark, Theme::Light] {
            let style = ctx.style_of(theme);
            let v = &style.visuals;
            for (what, fg) in [
                ("text", v.text_color()),
                ("weak text", v.weak_text_color()),
                ("warning", v.warn_fg_color),
                ("error", v.error_fg_color),
            ] {
                let ratio = contrast(fg, v.panel_fill);
                assert!(ratio >= 4.5, "{theme:?} {what}: {ratio:.2}:1");
            }
            for background in [v.panel_fill, v.extreme_bg_color] {
                let ratio = contrast(v.widgets.inactive.bg_stroke.color, background);
                assert!(ratio >= 3.0, "{theme:?} field border: {ratio:.2}:1");
            }
            let small = style.text_styles[&egui::TextStyle::Small].size;
            assert!(small >= 11.0, "{theme:?}: small text {small} px");
        }
    }
}
