//! Phase 5: escalate. Who was paged, when, and when they acknowledged.

use egui::{RichText, Ui};

use super::remove_button;
use crate::model::{Edit, ListKind, TextField, TimeField};
use crate::ui::widgets::{PanelCx, form_grid, section};

pub fn show(ui: &mut Ui, cx: &mut PanelCx) {
    if let Some(level) = cx.incident.severity_level_info() {
        ui.label(RichText::new(format!("{}: {}", level.name, level.paging)).strong());
    }
    section(ui, "Responders");
    let count = cx.incident.escalation.responders.len();
    if count == 0 {
        ui.label(RichText::new("Nobody paged yet. Escalate early: it is always fine to page.").weak());
    }
    for i in 0..count {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            form_grid(ui, &format!("responder_{i}"), |ui| {
                cx.text_row(ui, "Name", TextField::ResponderName(i), "Who");
                cx.text_row(ui, "Team", TextField::ResponderTeam(i), "Their team");
                cx.text_row(
                    ui,
                    "Role or skill",
                    TextField::ResponderRole(i),
                    "Why they are paged",
                );
                cx.text_row(
                    ui,
                    "Contact",
                    TextField::ResponderContact(i),
                    "Phone, pager or handle",
                );
                cx.time_row(ui, "Paged at", TimeField::ResponderPaged(i));
                cx.time_row(ui, "Acknowledged at", TimeField::ResponderAcknowledged(i));
                cx.time_row(ui, "Joined at", TimeField::ResponderJoined(i));
            });
            if remove_button(ui, "responder") {
                cx.edit(Edit::RemoveItem(ListKind::Responders, i));
            }
        });
    }
    if ui.button("Add responder").clicked() {
        cx.edit(Edit::AddItem(ListKind::Responders));
    }
}
