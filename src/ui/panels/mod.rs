//! One panel per phase. Each shows the handbook's guidance, the phase's
//! checklist, and its fields.

mod assess;
mod channels;
pub mod communicate;
mod delegate;
mod detect;
mod escalate;
mod lessons;
mod resolve;
pub mod security;

use egui::{RichText, Ui};

use super::widgets::{PanelCx, checklist};
use crate::model::{Edit, Phase};

pub fn show(ui: &mut Ui, phase: Phase, cx: &mut PanelCx) {
    ui.add_space(4.0);
    ui.horizontal_wrapped(|ui| {
        ui.label(
            RichText::new(format!("{}  {}", phase.number(), phase.title()))
                .heading()
                .strong(),
        );
        if cx.incident.phase == phase {
            ui.label(RichText::new("CURRENT PHASE").small().strong());
        } else if ui
            .button("Make this the current phase")
            .on_hover_text("Records on the timeline that the response reached this phase")
            .clicked()
        {
            cx.edit(Edit::SetCurrentPhase(phase));
        }
    });
    ui.label(RichText::new(phase.guidance()).weak());
    ui.add_space(6.0);
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        checklist(ui, &phase.checklist(cx.incident));
    });
    match phase {
        Phase::Detect => detect::show(ui, cx),
        Phase::Channels => channels::show(ui, cx),
        Phase::Assess => assess::show(ui, cx),
        Phase::Communicate => communicate::show(ui, cx),
        Phase::Escalate => escalate::show(ui, cx),
        Phase::Delegate => delegate::show(ui, cx),
        Phase::Resolve => resolve::show(ui, cx),
        Phase::Lessons => lessons::show(ui, cx),
    }
    ui.add_space(20.0);
}

/// A list editor row's "Remove" button (several per panel, so a hover names
/// it). A row with content is removed only once confirmed, with "Keep"
/// taking the keyboard, so a stray Space or Enter loses nothing.
pub(crate) fn remove_button(ui: &mut Ui, what: &str, has_content: bool) -> bool {
    let asking_id = ui.make_persistent_id(("remove_asking", what));
    let asking = ui.data(|d| d.get_temp::<bool>(asking_id)).unwrap_or(false);
    if !asking {
        let clicked = ui
            .small_button("Remove")
            .on_hover_text(format!("Remove this {what}"))
            .clicked();
        if clicked && has_content {
            ui.data_mut(|d| d.insert_temp(asking_id, true));
            return false;
        }
        return clicked;
    }
    ui.label(RichText::new(format!("Remove this {what}?")).strong());
    let keep = ui.small_button("Keep");
    if !keep.has_focus()
        && ui
            .data(|d| d.get_temp::<bool>(asking_id.with("focused")))
            .is_none()
    {
        keep.request_focus();
        ui.data_mut(|d| d.insert_temp(asking_id.with("focused"), true));
    }
    let remove = ui.small_button("Yes, remove").clicked();
    if keep.clicked() || remove || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
        ui.data_mut(|d| {
            d.remove::<bool>(asking_id);
            d.remove::<bool>(asking_id.with("focused"));
        });
    }
    remove
}
