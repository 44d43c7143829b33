//! Phase 3: assess impact and assign severity. The six questions of the
//! handbook, then the level with its reason and history.

use egui::{RichText, Ui};

use crate::model::severity::DEFAULT_SCALE;
use crate::model::{CustomerImpact, Edit, Factor, Reach, TextField, TimeField, format_utc};
use crate::ui::widgets::{PanelCx, error_color, form_grid, section, severity_badge};

pub fn show(ui: &mut Ui, cx: &mut PanelCx) {
    let a = &cx.incident.assessment;
    section(ui, "Impact: the six questions");
    form_grid(ui, "assess_questions", |ui| {
        let label = ui.label("1. Impact on customers");
        let current = a.customer_impact;
        egui::ComboBox::from_id_salt("customer_impact")
            .selected_text(current.label())
            .show_ui(ui, |ui| {
                for choice in CustomerImpact::ALL {
                    if ui.selectable_label(choice == current, choice.label()).clicked() {
                        cx.edit(Edit::SetCustomerImpact(choice));
                    }
                }
            })
            .response
            .labelled_by(label.id);
        ui.end_row();
        cx.multiline_row(
            ui,
            "2. What customers see",
            TextField::WhatCustomersSee,
            "In the customers' words",
        );
        let label = ui.label("3. Customers affected");
        let current = a.customers_affected;
        ui.horizontal(|ui| {
            egui::ComboBox::from_id_salt("customers_affected")
                .selected_text(current.label())
                .show_ui(ui, |ui| {
                    for choice in Reach::ALL {
                        if ui.selectable_label(choice == current, choice.label()).clicked() {
                            cx.edit(Edit::SetReach(choice));
                        }
                    }
                })
                .response
                .labelled_by(label.id);
            let count = ui.label("How many");
            cx.text_sized(
                ui,
                &count,
                TextField::AffectedCount,
                "e.g. 12% or 3,400 accounts",
                false,
                200.0,
            );
        });
        ui.end_row();
        cx.time_row(ui, "4. Impact started at", TimeField::ImpactStarted);
        support_cases_row(ui, cx);
        let label = ui.label("6. Other factors");
        ui.vertical(|ui| {
            for factor in Factor::ALL {
                let mut on = factor.get(&cx.incident.assessment.factors);
                if ui.checkbox(&mut on, factor.label()).changed() {
                    cx.edit(Edit::SetFactor(factor, on));
                }
            }
            cx.text(
                ui,
                &label,
                TextField::FactorNotes,
                "Anything else that raises the stakes",
                false,
            );
        });
        ui.end_row();
    });
    if a.impact_started_at.is_none()
        && let Some(detected) = cx.incident.detection.detected_at
        && ui
            .button(format!("Impact started at detection ({})", format_utc(detected)))
            .clicked()
    {
        cx.edit(Edit::SetTime(TimeField::ImpactStarted, Some(detected)));
    }

    severity(ui, cx);
}

fn support_cases_row(ui: &mut Ui, cx: &mut PanelCx) {
    let label = ui.label("5. Support cases");
    let id = ui.make_persistent_id("support_cases_buffer");
    let stored = cx
        .incident
        .assessment
        .support_cases
        .map(|n| n.to_string())
        .unwrap_or_default();
    let buffered: Option<String> = ui.data(|d| d.get_temp(id));
    let mut text = buffered.clone().unwrap_or(stored);
    ui.horizontal(|ui| {
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut text)
                    .hint_text("unknown")
                    .desired_width(80.0)
                    .id_salt("support"),
            )
            .labelled_by(label.id);
        let parsed = if text.trim().is_empty() {
            Ok(None)
        } else {
            text.trim().parse::<u32>().map(Some)
        };
        if response.changed() {
            match parsed {
                Ok(value) => {
                    ui.data_mut(|d| d.remove::<String>(id));
                    cx.edit(Edit::SetSupportCases(value));
                }
                Err(_) => {
                    ui.data_mut(|d| d.insert_temp(id, text.clone()));
                }
            }
        } else if buffered.is_some() && parsed.is_err() {
            ui.colored_label(error_color(ui), "a whole number, or empty if unknown");
        }
    });
    ui.end_row();
}

fn severity(ui: &mut Ui, cx: &mut PanelCx) {
    section(ui, "Severity");
    let current = cx.incident.severity().map(|s| s.level);
    ui.horizontal(|ui| {
        ui.label("Current:");
        severity_badge(ui, current);
        if let Some(change) = cx.incident.severity() {
            ui.label(
                RichText::new(format!(
                    "set by {} at {}: {}",
                    change.set_by,
                    format_utc(change.set_at),
                    change.reason
                ))
                .weak(),
            );
        }
    });
    ui.label(RichText::new("When in doubt, pick the higher severity and argue it down later.").weak());
    ui.add_space(4.0);
    let reason_label = ui.label("Reason for the level");
    ui.add(
        egui::TextEdit::singleline(&mut cx.forms.severity_reason)
            .hint_text("What in the answers decides it")
            .desired_width(420.0)
            .id_salt("severity_reason"),
    )
    .labelled_by(reason_label.id);
    let has_reason = !cx.forms.severity_reason.trim().is_empty();
    for level in &DEFAULT_SCALE {
        ui.horizontal(|ui| {
            let button = egui::Button::new(RichText::new(format!("Set {}", level.name)).strong());
            if ui
                .add_enabled(has_reason, button)
                .on_disabled_hover_text("Write the reason first")
                .clicked()
            {
                cx.edit(Edit::SetSeverity {
                    level: level.level,
                    reason: cx.forms.severity_reason.clone(),
                });
                cx.forms.severity_reason.clear();
            }
            ui.label(level.meaning);
        });
        ui.label(
            RichText::new(format!(
                "    Paging: {}. Customer updates every {} min.",
                level.paging, level.customer_cadence_minutes
            ))
            .small()
            .weak(),
        );
    }
    let history = &cx.incident.assessment.severity_history;
    if !history.is_empty() {
        section(ui, "Severity history");
        egui::Grid::new("severity_history")
            .striped(true)
            .num_columns(4)
            .show(ui, |ui| {
                for label in ["When", "Level", "By", "Why"] {
                    ui.label(RichText::new(label).strong());
                }
                ui.end_row();
                for change in history {
                    ui.label(format_utc(change.set_at));
                    ui.label(change.level.name());
                    ui.label(&change.set_by);
                    ui.label(&change.reason);
                    ui.end_row();
                }
            });
    }
}
