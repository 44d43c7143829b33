//! Phase 6: delegate. Roles with their holders, and time-boxed tasks.

use egui::{RichText, Ui};

use crate::app::Action;
use crate::command::Command;
use crate::model::time::MAX_MINUTES;
use crate::model::{CanReport, Edit, Role, TaskState, TextField, format_utc};
use crate::ui::long_text::{ONE_LINE_CHARS, first_line};
use crate::ui::widgets::{PanelCx, error_color, form_grid, section};

pub fn show(ui: &mut Ui, cx: &mut PanelCx) {
    section(ui, "Roles");
    let roles = &cx.incident.delegation.roles;
    if roles.iter().all(|a| a.until.is_some()) {
        ui.label(RichText::new("No roles assigned yet.").weak());
    }
    egui::Grid::new("role_holders")
        .striped(true)
        .num_columns(4)
        .show(ui, |ui| {
            for (i, a) in roles.iter().enumerate().filter(|(_, a)| a.until.is_none()) {
                ui.label(RichText::new(a.role.label()).strong());
                ui.label(first_line(&a.person, ONE_LINE_CHARS));
                ui.label(RichText::new(format!("since {}", format_utc(a.since))).weak());
                if ui
                    .small_button("End")
                    .on_hover_text(format!(
                        "{} no longer holds this role",
                        first_line(&a.person, ONE_LINE_CHARS)
                    ))
                    .clicked()
                {
                    cx.edit(Edit::EndRole(i));
                }
                ui.end_row();
            }
        });
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        let label = ui.label("Assign");
        let choices = Role::STANDARD.len() + 1;
        let choice = cx.forms.role_choice.min(choices - 1);
        let shown = Role::STANDARD.get(choice).map_or("Custom role", |r| r.label());
        egui::ComboBox::from_id_salt("role_choice")
            .selected_text(shown)
            .show_ui(ui, |ui| {
                for (i, role) in Role::STANDARD.iter().enumerate() {
                    ui.selectable_value(&mut cx.forms.role_choice, i, role.label());
                }
                ui.selectable_value(&mut cx.forms.role_choice, Role::STANDARD.len(), "Custom role");
            })
            .response
            .labelled_by(label.id);
        if choice == Role::STANDARD.len() {
            let custom = ui.label("Role name");
            ui.add(
                egui::TextEdit::singleline(&mut cx.forms.custom_role)
                    .desired_width(120.0)
                    .id_salt("custom_role"),
            )
            .labelled_by(custom.id);
        }
        let person = ui.label("to");
        ui.add(
            egui::TextEdit::singleline(&mut cx.forms.role_person)
                .hint_text("Person")
                .desired_width(140.0)
                .id_salt("role_person"),
        )
        .labelled_by(person.id);
        let role = match Role::STANDARD.get(choice) {
            Some(role) => Some(role.clone()),
            None if !cx.forms.custom_role.trim().is_empty() => {
                Some(Role::Custom(cx.forms.custom_role.trim().to_owned()))
            }
            None => None,
        };
        let ready = role.is_some() && !cx.forms.role_person.trim().is_empty();
        if ui.add_enabled(ready, egui::Button::new("Assign role")).clicked()
            && let Some(role) = role
        {
            cx.edit(Edit::AssignRole {
                role,
                person: cx.forms.role_person.trim().to_owned(),
            });
            cx.forms.role_person.clear();
        }
    });

    ui.add_space(4.0);
    if ui
        .button("Hand over command...")
        .on_hover_text("Produces the handover brief, then records the new Incident Manager")
        .clicked()
    {
        cx.actions.push(Action::Command(Command::HandOver));
    }

    section(ui, "Tasks");
    let tasks = &cx.incident.delegation.tasks;
    for (i, task) in tasks.iter().enumerate() {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            form_grid(ui, &format!("task_{i}"), |ui| {
                cx.text_row(ui, "Task", TextField::TaskText(i), "What to do");
                cx.text_row(ui, "Owner", TextField::TaskOwner(i), "Who does it");
                let label = ui.label("State");
                ui.horizontal(|ui| {
                    egui::ComboBox::from_id_salt(("task_state", i))
                        .selected_text(task.state.label())
                        .show_ui(ui, |ui| {
                            for state in TaskState::ALL {
                                if ui.selectable_label(state == task.state, state.label()).clicked() {
                                    cx.edit(Edit::SetTaskState(i, state));
                                }
                            }
                        })
                        .response
                        .labelled_by(label.id);
                    match task.due_at {
                        Some(due) if task.is_overdue(cx.now) => {
                            ui.label(
                                RichText::new(format!("OVERDUE since {}", format_utc(due)))
                                    .strong()
                                    .color(error_color(ui)),
                            );
                        }
                        Some(due) => {
                            ui.label(format!("due {}", format_utc(due)));
                        }
                        None => {
                            ui.label(RichText::new("no time box").weak());
                        }
                    }
                });
                ui.end_row();
            });
        });
    }
    ui.add_space(4.0);
    form_grid(ui, "new_task", |ui| {
        let label = ui.label("New task");
        ui.add(
            egui::TextEdit::singleline(&mut cx.forms.task_text)
                .hint_text("What to do")
                .desired_width(420.0)
                .id_salt("task_text"),
        )
        .labelled_by(label.id);
        ui.end_row();
        let label = ui.label("Owner");
        ui.add(
            egui::TextEdit::singleline(&mut cx.forms.task_owner)
                .hint_text("Who does it")
                .desired_width(200.0)
                .id_salt("task_owner"),
        )
        .labelled_by(label.id);
        ui.end_row();
        let label = ui.label("Due in (minutes)");
        ui.add(
            egui::TextEdit::singleline(&mut cx.forms.task_due_minutes)
                .hint_text("15")
                .desired_width(60.0)
                .id_salt("task_due"),
        )
        .labelled_by(label.id);
        ui.end_row();
    });
    let due = cx.forms.task_due_minutes.trim();
    // A time box past ten years is a typo, and one past the calendar would
    // make the file unreadable.
    let due_minutes = if due.is_empty() {
        Ok(None)
    } else {
        due.parse::<u32>()
            .ok()
            .filter(|m| *m <= MAX_MINUTES)
            .map(Some)
            .ok_or(())
    };
    if due_minutes.is_err() {
        ui.colored_label(
            error_color(ui),
            format!("Due in: a whole number of minutes, at most {MAX_MINUTES} (ten years)"),
        );
    }
    let ready = !cx.forms.task_text.trim().is_empty() && !cx.forms.task_owner.trim().is_empty();
    if ui.add_enabled(ready, egui::Button::new("Add task")).clicked()
        && let Ok(due_in_minutes) = due_minutes
    {
        cx.edit(Edit::AddTask {
            owner: cx.forms.task_owner.trim().to_owned(),
            text: cx.forms.task_text.trim().to_owned(),
            due_in_minutes,
        });
        cx.forms.task_text.clear();
        cx.forms.task_due_minutes.clear();
    }
    can_report(ui, cx);
}

/// A responder's report in CAN form, logged as one structured entry.
fn can_report(ui: &mut Ui, cx: &mut PanelCx) {
    section(ui, "CAN report (Conditions, Actions, Needs)");
    let f = &mut cx.forms;
    form_grid(ui, "can_form", |ui| {
        for (label, value, hint) in [
            ("From", &mut f.can_from, "Who reports"),
            ("Conditions", &mut f.can_conditions, "What they see"),
            ("Actions", &mut f.can_actions, "What they are doing"),
            ("Needs", &mut f.can_needs, "What they need"),
        ] {
            let label = ui.label(label);
            ui.add(
                egui::TextEdit::singleline(value)
                    .hint_text(hint)
                    .desired_width(420.0)
                    .id_salt(("can", label.id)),
            )
            .labelled_by(label.id);
            ui.end_row();
        }
    });
    let any_part = [&f.can_conditions, &f.can_actions, &f.can_needs]
        .iter()
        .any(|s| !s.trim().is_empty());
    let ready = !f.can_from.trim().is_empty() && any_part;
    if ui
        .add_enabled(ready, egui::Button::new("Log CAN report"))
        .clicked()
    {
        let report = CanReport {
            from: std::mem::take(&mut f.can_from),
            conditions: std::mem::take(&mut f.can_conditions),
            actions: std::mem::take(&mut f.can_actions),
            needs: std::mem::take(&mut f.can_needs),
        };
        cx.edit(Edit::LogCan(report));
    }
}
