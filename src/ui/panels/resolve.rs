//! Phase 7: resolve. Milestones, summary and the follow-up actions.

use egui::{RichText, Ui};

use super::remove_button;
use crate::action::Action;
use crate::command::Command;
use crate::model::{Edit, ListKind, TextField, TimeField, parse_date_input};
use crate::ui::widgets::{PanelCx, error_color, form_grid, section};

pub fn show(ui: &mut Ui, cx: &mut PanelCx) {
    ui.horizontal_wrapped(|ui| {
        ui.label(format!("Status: {}", cx.incident.status.label()));
        if cx.incident.resolution.resolved_at.is_none()
            && ui
                .button(RichText::new("Resolve now...").strong())
                .on_hover_text("Checks for open tasks and the resolved message first")
                .clicked()
        {
            cx.actions.push(Action::Command(Command::ResolveNow));
        }
    });
    let blockers = cx.incident.resolution_blockers();
    if cx.incident.resolution.resolved_at.is_none() && !blockers.is_empty() {
        for blocker in &blockers {
            ui.label(
                RichText::new(format!("Before resolving: {blocker}"))
                    .small()
                    .weak(),
            );
        }
    }
    section(ui, "Milestones");
    form_grid(ui, "resolve_milestones", |ui| {
        cx.time_row(ui, "Mitigated at", TimeField::Mitigated);
        cx.time_row(ui, "Resolved at", TimeField::Resolved);
        cx.time_row(ui, "Closed at", TimeField::Closed);
    });
    ui.label(RichText::new("Resolved means the business impact has ended and the service works as usual; clean-up can follow.").small().weak());
    if cx.incident.is_security() {
        super::security::lifecycle(ui, cx);
        super::security::evidence(ui, cx);
    }
    section(ui, "Resolution");
    form_grid(ui, "resolve_summary", |ui| {
        cx.multiline_row(
            ui,
            "Resolution summary",
            TextField::ResolutionSummary,
            "What ended the impact",
        );
    });
    follow_ups(ui, cx);
}

/// Follow-up (corrective) actions: owner, text, due date, done.
pub fn follow_ups(ui: &mut Ui, cx: &mut PanelCx) {
    section(ui, "Follow-up actions");
    let count = cx.incident.resolution.follow_ups.len();
    form_grid(ui, "follow_ups", |ui| {
        for i in 0..count {
            let follow_up = &cx.incident.resolution.follow_ups[i];
            let id = follow_up.id;
            let label = ui.label(format!("Action {}", i + 1));
            // Two lines, so the action text gets the width it needs.
            ui.vertical(|ui| {
                let field = cx.text(
                    ui,
                    &label,
                    TextField::FollowUpText(id),
                    "What will be done",
                    false,
                );
                cx.new_row_focus(ListKind::FollowUps, i, count, field);
                ui.horizontal_wrapped(|ui| {
                    let owner = ui.label("Owner");
                    cx.text_sized(ui, &owner, TextField::FollowUpOwner(id), "Who", false, 150.0);
                    due_date(ui, cx, i, id);
                    let mut done = follow_up.done;
                    if ui.checkbox(&mut done, "Done").changed() {
                        cx.edit(Edit::SetFollowUpDone(id, done));
                    }
                    let filled = !(follow_up.text.trim().is_empty() && follow_up.owner.trim().is_empty());
                    if remove_button(ui, "action", filled) {
                        cx.edit(Edit::RemoveItem(ListKind::FollowUps, id));
                    }
                });
            });
            ui.end_row();
        }
    });
    cx.add_row_button(ui, "Add follow-up action", ListKind::FollowUps);
}

fn due_date(ui: &mut Ui, cx: &mut PanelCx, i: usize, item: crate::model::ItemId) {
    let label = ui.label("Due");
    let id = ui.make_persistent_id(("due_buffer", item));
    let stored = cx.incident.resolution.follow_ups[i]
        .due
        .map(|d| d.to_string())
        .unwrap_or_default();
    let buffered: Option<String> = ui.data(|d| d.get_temp(id));
    let mut text = buffered.clone().unwrap_or(stored);
    let response = ui
        .add(
            egui::TextEdit::singleline(&mut text)
                .hint_text("YYYY-MM-DD")
                .desired_width(95.0)
                .id_salt(("due", item)),
        )
        .labelled_by(label.id);
    match parse_date_input(&text) {
        Ok(value) if response.changed() => {
            ui.data_mut(|d| d.remove::<String>(id));
            cx.edit(Edit::SetFollowUpDue(item, value));
        }
        Ok(_) => {}
        Err(why) => {
            ui.data_mut(|d| d.insert_temp(id, text.clone()));
            if !response.has_focus() {
                ui.colored_label(error_color(ui), why);
            }
        }
    }
}
