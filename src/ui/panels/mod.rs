//! One panel per phase. Each shows the handbook's guidance, the phase's
//! checklist, and its fields.

mod assess;
mod channels;
mod communicate;
mod delegate;
mod detect;
mod escalate;
mod lessons;
mod resolve;

use egui::{RichText, Ui};

use super::widgets::{PanelCx, checklist};
use crate::model::{Edit, Phase};

pub fn show(ui: &mut Ui, phase: Phase, cx: &mut PanelCx) {
    ui.add_space(4.0);
    ui.horizontal(|ui| {
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

/// A list editor row's "Remove" button (several per panel, so a hover names it).
pub(crate) fn remove_button(ui: &mut Ui, what: &str) -> bool {
    ui.small_button("Remove")
        .on_hover_text(format!("Remove this {what}"))
        .clicked()
}
