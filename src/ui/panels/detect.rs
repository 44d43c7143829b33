//! Phase 1: detect. Open the record first thing.

use egui::Ui;

use super::remove_button;
use crate::model::{DetectionSource, Edit, ListKind, Status, TextField, TimeField};
use crate::ui::focus;
use crate::ui::widgets::{PanelCx, form_grid, section};

pub fn show(ui: &mut Ui, cx: &mut PanelCx) {
    section(ui, "Incident");
    form_grid(ui, "detect_identity", |ui| {
        cx.text_row(ui, "Title", TextField::Title, "What is broken, in a few words");
        let label = ui.label("Incident id");
        ui.horizontal_wrapped(|ui| {
            cx.text(
                ui,
                &label,
                TextField::Id,
                "INC-2026-0042 or the tracker's key, e.g. OPS-1234",
                false,
            );
            if let Some(problem) = crate::model::ids::id_problem(&cx.incident.id) {
                ui.colored_label(super::super::widgets::error_color(ui), problem);
            }
        });
        ui.end_row();
        cx.text_row(
            ui,
            "Ticket link",
            TextField::TicketUrl,
            "https://tracker.example.com/browse/OPS-1234",
        );
        cx.multiline_row(
            ui,
            "Summary",
            TextField::Summary,
            "One or two sentences on what is happening",
        );
        let label = ui.label("Status");
        let current = cx.incident.status;
        let names: Vec<String> = Status::ALL.iter().map(|s| s.label().to_owned()).collect();
        let selected = Status::ALL.iter().position(|s| *s == current).unwrap_or(0);
        if let Some(i) = focus::choice(ui, "status", &label, selected, &names, None) {
            cx.edit(Edit::SetStatus(Status::ALL[i]));
        }
        ui.end_row();
        super::security::type_row(ui, cx, "incident_type_detect");
    });

    section(ui, "Detection");
    form_grid(ui, "detect_detection", |ui| {
        let label = ui.label("Detected through");
        let current = cx.incident.detection.source.clone();
        // "Not recorded" first, then the sources, then "Other".
        let mut names = vec!["Not recorded".to_owned()];
        names.extend(DetectionSource::CHOICES.iter().map(|c| c.label().to_owned()));
        names.push("Other".into());
        let is_other = matches!(current, Some(DetectionSource::Other(_)));
        let selected = match &current {
            None => 0,
            Some(_) if is_other => names.len() - 1,
            Some(source) => DetectionSource::CHOICES
                .iter()
                .position(|c| c == source)
                .map_or(0, |i| i + 1),
        };
        match focus::choice(ui, "detection_source", &label, selected, &names, None) {
            Some(0) => cx.edit(Edit::SetDetectionSource(None)),
            Some(i) if i == names.len() - 1 && !is_other => {
                cx.edit(Edit::SetDetectionSource(Some(DetectionSource::Other(
                    String::new(),
                ))));
            }
            Some(i) if i == names.len() - 1 => {}
            Some(i) => cx.edit(Edit::SetDetectionSource(Some(
                DetectionSource::CHOICES[i - 1].clone(),
            ))),
            None => {}
        }
        ui.end_row();
        if matches!(current, Some(DetectionSource::Other(_))) {
            cx.text_row(ui, "Other source", TextField::DetectionOther, "How was it found?");
        }
        cx.time_row(ui, "Fault started at", TimeField::FaultStarted);
        cx.time_row(ui, "Detected at", TimeField::Detected);
        cx.time_row(ui, "Declared at", TimeField::Declared);
        cx.text_row(
            ui,
            "Declared by",
            TextField::DeclaredBy,
            "Who declared the incident",
        );
    });

    section(ui, "Affected services and products");
    let services = cx.incident.detection.affected_services.len();
    form_grid(ui, "detect_services", |ui| {
        for i in 0..services {
            let id = cx.incident.detection.affected_services[i].id;
            let label = ui.label(format!("Service {}", i + 1));
            ui.horizontal_wrapped(|ui| {
                let field = cx.text(
                    ui,
                    &label,
                    TextField::AffectedService(id),
                    "e.g. checkout-api",
                    false,
                );
                cx.new_row_focus(ListKind::AffectedServices, i, services, field);
                let filled = !cx.incident.detection.affected_services[i].text.trim().is_empty();
                if remove_button(ui, "service", filled) {
                    cx.edit(Edit::RemoveItem(ListKind::AffectedServices, id));
                }
            });
            ui.end_row();
        }
    });
    cx.add_row_button(ui, "Add affected service", ListKind::AffectedServices);
}
