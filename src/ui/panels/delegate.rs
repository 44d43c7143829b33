//! Phase 6: delegate. Roles with their holders, and time-boxed tasks.

use egui::{RichText, Ui};

use crate::action::Action;
use crate::command::Command;
use crate::model::time::MAX_MINUTES;
use crate::model::{CanReport, Edit, Role, TaskState, TextField, format_utc};
use crate::ui::focus;
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
            for a in roles.iter().filter(|a| a.until.is_none()) {
                ui.label(RichText::new(a.role.label()).strong());
                ui.label(first_line(&a.person, ONE_LINE_CHARS));
                // The button before the time, so a narrow window never cuts it.
                if ui
                    .small_button("End")
                    .on_hover_text(format!(
                        "{} no longer holds this role",
                        first_line(&a.person, ONE_LINE_CHARS)
                    ))
                    .clicked()
                {
                    cx.edit(Edit::EndRole(a.id));
                }
                ui.label(RichText::new(format!("since {}", format_utc(a.since))).weak());
                ui.end_row();
            }
        });
    ui.add_space(4.0);
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Assign");
        let choices = Role::STANDARD.len() + 1;
        let choice = cx.forms.role_choice.min(choices - 1);
        let mut names: Vec<String> = Role::STANDARD.iter().map(|r| r.label().to_owned()).collect();
        names.push("Custom role".into());
        if let Some(picked) = focus::choice(ui, "role_choice", &label, choice, &names, None) {
            cx.forms.role_choice = picked;
        }
        let mut enter = false;
        if choice == Role::STANDARD.len() {
            let custom = ui.label("Role name");
            let response = ui
                .add(
                    egui::TextEdit::singleline(&mut cx.forms.custom_role)
                        .desired_width(120.0)
                        .id_salt("custom_role"),
                )
                .labelled_by(custom.id);
            enter |= focus::submitted(ui, &response);
        }
        let person = ui.label("to");
        let person_field = ui
            .add(
                egui::TextEdit::singleline(&mut cx.forms.role_person)
                    .hint_text("Person")
                    .desired_width(140.0)
                    .id_salt("role_person"),
            )
            .labelled_by(person.id);
        enter |= focus::submitted(ui, &person_field);
        let role = match Role::STANDARD.get(choice) {
            Some(role) => Some(role.clone()),
            None if !cx.forms.custom_role.trim().is_empty() => {
                Some(Role::Custom(cx.forms.custom_role.trim().to_owned()))
            }
            None => None,
        };
        let ready = role.is_some() && !cx.forms.role_person.trim().is_empty();
        if (ui.add_enabled(ready, egui::Button::new("Assign role")).clicked() || (enter && ready))
            && let Some(role) = role
        {
            cx.edit(Edit::AssignRole {
                role,
                person: cx.forms.role_person.trim().to_owned(),
            });
            cx.forms.role_person.clear();
            // Ready for the next role.
            person_field.request_focus();
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
                cx.text_row(ui, "Task", TextField::TaskText(task.id), "What to do");
                cx.text_row(ui, "Owner", TextField::TaskOwner(task.id), "Who does it");
                let label = ui.label("State");
                ui.horizontal_wrapped(|ui| {
                    let names: Vec<String> = TaskState::ALL.iter().map(|s| s.label().to_owned()).collect();
                    let selected = TaskState::ALL.iter().position(|s| *s == task.state).unwrap_or(0);
                    if let Some(picked) = focus::choice(ui, ("task_state", i), &label, selected, &names, None)
                    {
                        cx.edit(Edit::SetTaskState(task.id, TaskState::ALL[picked]));
                    }
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
    let mut enter = false;
    let mut first = None;
    form_grid(ui, "new_task", |ui| {
        for (name, value, hint, width) in [
            ("New task", &mut cx.forms.task_text, "What to do", 420.0),
            ("Owner", &mut cx.forms.task_owner, "Who does it", 200.0),
            ("Due in (minutes)", &mut cx.forms.task_due_minutes, "15", 60.0),
        ] {
            let label = ui.label(name);
            let response = ui
                .add(
                    egui::TextEdit::singleline(value)
                        .hint_text(hint)
                        .desired_width(width)
                        .id_salt(("task_form", name)),
                )
                .labelled_by(label.id);
            enter |= focus::submitted(ui, &response);
            first.get_or_insert(response);
            ui.end_row();
        }
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
    if (ui.add_enabled(ready, egui::Button::new("Add task")).clicked() || (enter && ready))
        && let Ok(due_in_minutes) = due_minutes
    {
        if let Some(first) = &first {
            first.request_focus();
        }
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
    let mut enter = false;
    let mut first = None;
    form_grid(ui, "can_form", |ui| {
        for (label, value, hint) in [
            ("From", &mut f.can_from, "Who reports"),
            ("Conditions", &mut f.can_conditions, "What they see"),
            ("Actions", &mut f.can_actions, "What they are doing"),
            ("Needs", &mut f.can_needs, "What they need"),
        ] {
            let label = ui.label(label);
            let response = ui
                .add(
                    egui::TextEdit::singleline(value)
                        .hint_text(hint)
                        .desired_width(420.0)
                        .id_salt(("can", label.id)),
                )
                .labelled_by(label.id);
            enter |= focus::submitted(ui, &response);
            first.get_or_insert(response);
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
        || (enter && ready)
    {
        if let Some(first) = &first {
            first.request_focus();
        }
        let report = CanReport {
            from: std::mem::take(&mut f.can_from),
            conditions: std::mem::take(&mut f.can_conditions),
            actions: std::mem::take(&mut f.can_actions),
            needs: std::mem::take(&mut f.can_needs),
        };
        cx.edit(Edit::LogCan(report));
    }
}
