//! The left-hand list of phases with their derived state.

use egui::{RichText, Ui};

use crate::action::Action;
use crate::command::Command;
use crate::model::{Incident, Phase, PhaseState};

use super::widgets::ok_color;

pub fn show(ui: &mut Ui, incident: &Incident, selected: Option<Phase>, actions: &mut Vec<Action>) {
    ui.add_space(6.0);
    ui.label(RichText::new("PHASES").small().strong());
    ui.add_space(4.0);
    for phase in Phase::ALL {
        let items = phase.checklist(incident);
        let done = items.iter().filter(|i| i.done).count();
        let state = phase.state(incident);
        let mut title = RichText::new(format!("{}  {}", phase.number(), phase.short_name())).strong();
        if phase == incident.phase {
            title = title.underline();
        }
        let response = ui
            .with_layout(egui::Layout::top_down_justified(egui::Align::LEFT), |ui| {
                ui.selectable_label(Some(phase) == selected, title)
            })
            .inner
            .on_hover_text(format!(
                "{} ({})",
                phase.title(),
                Command::ShowPhase(phase)
                    .shortcut()
                    .map(|s| ui.ctx().format_shortcut(&s))
                    .unwrap_or_default()
            ));
        if response.clicked() {
            actions.push(Action::Command(Command::ShowPhase(phase)));
        }
        let color = match state {
            PhaseState::Done => ok_color(ui),
            PhaseState::InProgress => ui.visuals().warn_fg_color,
            PhaseState::NotStarted => ui.visuals().weak_text_color(),
        };
        ui.horizontal(|ui| {
            ui.add_space(22.0);
            ui.label(
                RichText::new(format!("{} {done}/{}", state.label(), items.len()))
                    .small()
                    .color(color),
            );
            if phase == incident.phase {
                ui.label(RichText::new("current").small().strong());
            }
        });
        ui.add_space(2.0);
    }
}

/// The review dashboard's entry below the phases.
pub fn review_entry(ui: &mut Ui, active: bool, actions: &mut Vec<Action>) {
    ui.add_space(6.0);
    ui.separator();
    let response = ui
        .with_layout(egui::Layout::top_down_justified(egui::Align::LEFT), |ui| {
            ui.selectable_label(active, RichText::new("9  Review").strong())
        })
        .inner
        .on_hover_text(format!(
            "Metrics, chart and postmortem ({})",
            Command::ShowReview
                .shortcut()
                .map(|s| ui.ctx().format_shortcut(&s))
                .unwrap_or_default()
        ));
    if response.clicked() {
        actions.push(Action::Command(Command::ShowReview));
    }
    ui.horizontal(|ui| {
        ui.add_space(22.0);
        ui.label(RichText::new("metrics and report").small().weak());
    });
}
