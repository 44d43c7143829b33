//! The always-visible header: who, what, how bad, how long, and the clock.

use egui::{RichText, Ui};

use crate::app::Action;
use crate::command::Command;
use crate::model::{Incident, Role, Timestamp, format_elapsed, format_utc};

use super::widgets::severity_badge;

pub fn show(ui: &mut Ui, incident: &Incident, now: Timestamp, actions: &mut Vec<Action>) {
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.label(RichText::new(&incident.id).monospace().strong().size(16.0));
        let title = if incident.title.trim().is_empty() {
            "(untitled incident)"
        } else {
            &incident.title
        };
        ui.label(RichText::new(title).strong().size(18.0));
        let badge = severity_badge(ui, incident).interact(egui::Sense::click());
        let keys = Command::SeverityWizard
            .shortcut()
            .map(|s| ui.ctx().format_shortcut(&s))
            .unwrap_or_default();
        if badge.on_hover_text(format!("Assess severity ({keys})")).clicked() {
            actions.push(Action::Command(Command::SeverityWizard));
        }
        egui::Frame::new()
            .stroke(ui.visuals().widgets.noninteractive.bg_stroke)
            .corner_radius(4.0)
            .inner_margin(egui::Margin::symmetric(8, 2))
            .show(ui, |ui| {
                ui.label(RichText::new(incident.status.label().to_uppercase()).strong())
            });
    });
    ui.horizontal(|ui| {
        let elapsed = match incident.elapsed_since_detection(now) {
            Some(delta) => format!("{} since detection", format_elapsed(delta)),
            None => "detection time not set".to_owned(),
        };
        ui.label(RichText::new(elapsed).monospace());
        ui.separator();
        ui.label(RichText::new(format_utc(now)).monospace());
        ui.separator();
        for role in [Role::IncidentManager, Role::TechLead, Role::CommunicationsManager] {
            let holders: Vec<&str> = incident
                .current_holders(&role)
                .map(|a| a.person.as_str())
                .collect();
            ui.label(RichText::new(format!("{}:", role.abbreviation())).weak());
            if holders.is_empty() {
                ui.label(RichText::new("unassigned").italics().weak());
            } else {
                ui.label(holders.join(", "));
            }
        }
    });
    ui.add_space(2.0);
}
