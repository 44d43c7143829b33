//! The quick-log line: one shortcut, type, Enter.

use egui::{RichText, Ui};

use crate::app::{Action, ConsoleApp};
use crate::command::Command;
use crate::model::format_utc;

pub fn show(ui: &mut Ui, app: &mut ConsoleApp, actions: &mut Vec<Action>) {
    ui.add_space(3.0);
    ui.horizontal(|ui| {
        let label = ui.label(RichText::new("Log").strong());
        let shortcut = Command::FocusQuickLog
            .shortcut()
            .map(|s| ui.ctx().format_shortcut(&s))
            .unwrap_or_default();
        let hint =
            format!("type a note, Enter to log;  d: decision  a: action  @14:02 happened then  ({shortcut})");
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut app.view.quick_log)
                    .id_salt("quick_log")
                    .hint_text(hint)
                    .desired_width(ui.available_width() - 260.0),
            )
            .labelled_by(label.id);
        if app.view.focus_quick_log {
            response.request_focus();
            app.view.focus_quick_log = false;
        }
        if response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            if !app.view.quick_log.trim().is_empty() {
                actions.push(Action::QuickLog(app.view.quick_log.clone()));
            }
            // Stay in the field: the next note usually follows.
            response.request_focus();
        }
        // "@14:02 ...": show what the time was read as, and flag a future one.
        if app.view.quick_log.trim_start().starts_with('@') {
            let now = app.now();
            match crate::model::timeline::parse_quick_log_line(&app.view.quick_log, now) {
                Ok((_, _, Some(at))) => {
                    ui.label(
                        RichText::new(crate::model::time::understood(at, now))
                            .small()
                            .weak(),
                    );
                    if let Some(why) = crate::model::time::future_problem(at, now) {
                        ui.colored_label(ui.visuals().error_fg_color, why);
                    }
                }
                Err(why) => {
                    ui.colored_label(ui.visuals().error_fg_color, why);
                }
                Ok(_) => {}
            }
        }
        match app.view.marked_at {
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
        if ui.button("Add to timeline").clicked() && !app.view.quick_log.trim().is_empty() {
            actions.push(Action::QuickLog(app.view.quick_log.clone()));
        }
    });
    ui.add_space(3.0);
}
