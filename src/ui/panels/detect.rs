//! Phase 1: detect. Open the record first thing.

use egui::Ui;

use super::remove_button;
use crate::model::{DetectionSource, Edit, ListKind, Status, TextField, TimeField};
use crate::ui::widgets::{PanelCx, form_grid, section};

pub fn show(ui: &mut Ui, cx: &mut PanelCx) {
    section(ui, "Incident");
    form_grid(ui, "detect_identity", |ui| {
        cx.text_row(ui, "Title", TextField::Title, "What is broken, in a few words");
        cx.text_row(ui, "Incident id", TextField::Id, "INC-2026-0042");
        cx.multiline_row(
            ui,
            "Summary",
            TextField::Summary,
            "One or two sentences on what is happening",
        );
        let label = ui.label("Status");
        let current = cx.incident.status;
        egui::ComboBox::from_id_salt("status")
            .selected_text(current.label())
            .show_ui(ui, |ui| {
                for status in Status::ALL {
                    if ui.selectable_label(status == current, status.label()).clicked() {
                        cx.edit(Edit::SetStatus(status));
                    }
                }
            })
            .response
            .labelled_by(label.id);
        ui.end_row();
    });

    section(ui, "Detection");
    form_grid(ui, "detect_detection", |ui| {
        let label = ui.label("Detected through");
        let current = cx.incident.detection.source.clone();
        let shown = current.as_ref().map_or("Not recorded", |s| s.label());
        egui::ComboBox::from_id_salt("detection_source")
            .selected_text(shown)
            .show_ui(ui, |ui| {
                for choice in DetectionSource::CHOICES {
                    if ui
                        .selectable_label(current.as_ref() == Some(&choice), choice.label())
                        .clicked()
                    {
                        cx.edit(Edit::SetDetectionSource(Some(choice)));
                    }
                }
                let is_other = matches!(current, Some(DetectionSource::Other(_)));
                if ui.selectable_label(is_other, "Other").clicked() && !is_other {
                    cx.edit(Edit::SetDetectionSource(Some(DetectionSource::Other(
                        String::new(),
                    ))));
                }
            })
            .response
            .labelled_by(label.id);
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
            let label = ui.label(format!("Service {}", i + 1));
            ui.horizontal(|ui| {
                cx.text(
                    ui,
                    &label,
                    TextField::AffectedService(i),
                    "e.g. checkout-api",
                    false,
                );
                if remove_button(ui, "service") {
                    cx.edit(Edit::RemoveItem(ListKind::AffectedServices, i));
                }
            });
            ui.end_row();
        }
    });
    if ui.button("Add affected service").clicked() {
        cx.edit(Edit::AddItem(ListKind::AffectedServices));
    }
}
