//! Lessons learned: the postmortem fields in the handbook's order.

use egui::{RichText, Ui};

use super::remove_button;
use crate::model::{Edit, ListKind, TextField};
use crate::ui::widgets::{FIELD_WIDTH, PanelCx, form_grid, section};

pub fn show(ui: &mut Ui, cx: &mut PanelCx) {
    ui.label(
        RichText::new("Blameless: describe what the system and the process allowed, not who erred.").weak(),
    );
    section(ui, "Postmortem");
    form_grid(ui, "postmortem", |ui| {
        cx.multiline_row(
            ui,
            "Summary",
            TextField::PostmortemSummary,
            "What happened, in short",
        );
        cx.multiline_row(
            ui,
            "Leadup",
            TextField::PostmortemLeadup,
            "The circumstances that led to it",
        );
        cx.multiline_row(ui, "Fault", TextField::PostmortemFault, "What failed and how");
        cx.multiline_row(
            ui,
            "Impact",
            TextField::PostmortemImpact,
            "Who was affected, how much, support cases",
        );
        cx.multiline_row(
            ui,
            "Detection",
            TextField::PostmortemDetection,
            "How could it have been detected in half the time?",
        );
        cx.multiline_row(
            ui,
            "Response",
            TextField::PostmortemResponse,
            "Who responded, what helped, what got in the way",
        );
        cx.multiline_row(
            ui,
            "Recovery",
            TextField::PostmortemRecovery,
            "How the service was restored",
        );
    });
    ui.label(
        RichText::new("The timeline (UTC) is the incident's own timeline, shown on the right.")
            .small()
            .weak(),
    );
    section(ui, "Five whys");
    let whys = cx.incident.postmortem.five_whys.len();
    form_grid(ui, "five_whys", |ui| {
        // The rows, then an empty "next why": typing there adds it. Drawn
        // the same way as a row, so the field keeps its id (and the
        // keyboard, mid-sentence) when it becomes one.
        for i in 0..=whys {
            let label = ui.label(format!("Why {}", i + 1));
            ui.horizontal(|ui| {
                if i < whys {
                    let why = &cx.incident.postmortem.five_whys[i];
                    let (id, filled) = (why.id, !why.text.trim().is_empty());
                    cx.text(ui, &label, TextField::FiveWhy(id), "Why did that happen?", false);
                    if remove_button(ui, "why", filled) {
                        cx.edit(Edit::RemoveItem(ListKind::FiveWhys, id));
                    }
                } else {
                    // The id the next why will have, chosen now so the field
                    // typed into is the same widget once it is a row.
                    let next = ui.make_persistent_id("next_why_id");
                    let id = ui.data_mut(|d| {
                        *d.get_temp_mut_or_insert_with(next, || crate::model::ItemId(uuid::Uuid::now_v7()))
                    });
                    let width = ui.available_width().min(FIELD_WIDTH);
                    let mut text = String::new();
                    let response = ui
                        .add(
                            egui::TextEdit::singleline(&mut text)
                                .hint_text("Why did that happen? (typing adds it)")
                                .desired_width(width)
                                .id_salt(("text", TextField::FiveWhy(id))),
                        )
                        .labelled_by(label.id);
                    cx.focus.offer(&response, true);
                    if response.changed() && !text.is_empty() {
                        ui.data_mut(|d| d.remove::<crate::model::ItemId>(next));
                        cx.edit(Edit::AddRow {
                            list: ListKind::FiveWhys,
                            id,
                            text,
                        });
                    }
                }
            });
            ui.end_row();
        }
    });
    section(ui, "Conclusions");
    form_grid(ui, "postmortem_end", |ui| {
        cx.multiline_row(ui, "Root cause", TextField::PostmortemRootCause, "The final why");
        cx.multiline_row(
            ui,
            "Backlog check",
            TextField::PostmortemBacklogCheck,
            "Was there work planned that would have prevented it?",
        );
        cx.multiline_row(
            ui,
            "Recurrence",
            TextField::PostmortemRecurrence,
            "Has this happened before?",
        );
        cx.multiline_row(
            ui,
            "Lessons learned",
            TextField::PostmortemLessons,
            "What we learned",
        );
    });
    if cx.incident.is_security() {
        super::security::postmortem_fields(ui, cx);
    }
    super::resolve::follow_ups(ui, cx);
}
