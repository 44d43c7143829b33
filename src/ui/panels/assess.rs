//! Phase 3: assess impact and assign severity. The six questions of the
//! handbook, then the level with its reason and history.

use egui::{RichText, Ui};

use crate::action::Action;
use crate::command::Command;
use crate::model::scale::builtin_scales;
use crate::model::{
    CustomerImpact, Edit, Factor, Reach, ServiceState, SeverityLevel, TextField, TimeField, Workaround,
    format_utc,
};
use crate::ui::focus;
use crate::ui::long_text::{ONE_LINE_CHARS, SHOWN_CHARS, first_line, shortened};
use crate::ui::widgets::{PanelCx, enum_choice, form_grid, section, severity_badge};

pub fn show(ui: &mut Ui, cx: &mut PanelCx) {
    let a = &cx.incident.assessment;
    section(ui, "Impact: the six questions");
    form_grid(ui, "assess_questions", |ui| {
        let label = ui.label("1. Impact on customers");
        let name = |c: CustomerImpact| c.label().to_owned();
        if let Some(c) = enum_choice(
            ui,
            "customer_impact",
            &label,
            a.customer_impact,
            &CustomerImpact::ALL,
            name,
        ) {
            cx.edit(Edit::SetCustomerImpact(c));
        }
        ui.end_row();
        cx.multiline_row(
            ui,
            "2. What customers see",
            TextField::WhatCustomersSee,
            "In the customers' words",
        );
        let label = ui.label("3. Customers affected");
        ui.horizontal_wrapped(|ui| {
            let name = |c: Reach| c.label().to_owned();
            if let Some(c) = enum_choice(
                ui,
                "customers_affected",
                &label,
                a.customers_affected,
                &Reach::ALL,
                name,
            ) {
                cx.edit(Edit::SetReach(c));
            }
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
        let label = ui.label("   Down or degraded");
        ui.horizontal_wrapped(|ui| {
            let name = |c: ServiceState| c.label().to_owned();
            if let Some(c) = enum_choice(
                ui,
                "service_state",
                &label,
                a.service_state,
                &ServiceState::ALL,
                name,
            ) {
                cx.edit(Edit::SetServiceState(c));
            }
            let label = ui.label("Workaround");
            let name = |c: Workaround| c.label().to_owned();
            if let Some(c) = enum_choice(ui, "workaround", &label, a.workaround, &Workaround::ALL, name) {
                cx.edit(Edit::SetWorkaround(c));
            }
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
        super::security::type_row(ui, cx, "incident_type_assess");
    });
    super::security::proposal(ui, cx);
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
    ui.horizontal(|ui| cx.support_cases(ui, &label, "support", false));
    ui.end_row();
}

fn severity(ui: &mut Ui, cx: &mut PanelCx) {
    section(ui, "Severity");
    let incident = cx.incident;
    let scale = incident.severity_scale();
    ui.horizontal_wrapped(|ui| {
        ui.label("Current:");
        severity_badge(ui, incident);
        let keys = Command::SeverityWizard
            .shortcut()
            .map(|s| ui.ctx().format_shortcut(&s))
            .unwrap_or_default();
        let label = if incident.severity().is_some() {
            "Reassess severity"
        } else {
            "Assess severity"
        };
        if ui
            .button(RichText::new(label).strong())
            .on_hover_text(keys)
            .clicked()
        {
            cx.actions.push(Action::Command(Command::SeverityWizard));
        }
        let label = ui.label("Scale");
        let locked = !incident.assessment.severity_history.is_empty();
        ui.add_enabled_ui(!locked, |ui| {
            let scales = builtin_scales();
            let names: Vec<String> = scales.iter().map(|s| s.name.clone()).collect();
            let selected = scales.iter().position(|s| s.id == scale.id).unwrap_or(0);
            if let Some(i) = focus::choice(ui, "severity_scale", &label, selected, &names, None) {
                cx.edit(Edit::SetScale(scales[i].id.clone()));
            }
        });
    });
    let suggestion = scale.suggest(&incident.assessment);
    if let Some((set, _)) = incident.severity_behind() {
        ui.label(
            RichText::new(format!(
                "The answers changed since {} was set and now suggest {}: reassess, then raise it or keep it with a reason.",
                incident.severity_name(set),
                incident.severity_name(suggestion.level)
            ))
            .strong()
            .color(crate::ui::widgets::error_color(ui)),
        );
    }
    ui.label(RichText::new(format!("Suggested from the answers: {}", suggestion.explanation)).weak());
    if let Some(info) = incident.severity_level_info() {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(format!("What {} means", info.name)).strong());
            ui.label(format!("{}: {}", info.title, info.description));
            if info.major {
                ui.label(
                    "Major incident: page now at any hour, inform leadership, a postmortem is required.",
                );
            } else {
                ui.label("Not a major incident: it can wait for business hours; no postmortem required.");
            }
            ui.label(format!("Paging: {}", info.paging));
            ui.label(format!(
                "Customer updates every {} min; internal stakeholder updates every {} min.",
                info.customer_cadence_minutes, info.internal_cadence_minutes
            ));
        });
    }
    let history = &incident.assessment.severity_history;
    if !history.is_empty() {
        section(ui, "Severity history");
        egui::Grid::new("severity_history")
            .striped(true)
            .num_columns(5)
            .show(ui, |ui| {
                for label in ["When", "From", "To", "By", "Why"] {
                    ui.label(RichText::new(label).strong());
                }
                ui.end_row();
                let mut previous: Option<SeverityLevel> = None;
                for change in history {
                    ui.label(format_utc(change.set_at));
                    ui.label(previous.map_or("-".to_owned(), |l| incident.severity_name(l)));
                    ui.label(incident.severity_name(change.level));
                    ui.label(first_line(&change.set_by, ONE_LINE_CHARS));
                    let mut why = shortened(&change.reason, SHOWN_CHARS).into_owned();
                    if let Some(suggested) = change.suggested
                        && suggested != change.level
                    {
                        why.push_str(&format!(" (suggested {})", incident.severity_name(suggested)));
                    }
                    ui.label(why).on_hover_text(format!(
                        "{}\nAnswers: {}",
                        shortened(&change.suggestion, SHOWN_CHARS),
                        shortened(&change.answers, SHOWN_CHARS)
                    ));
                    ui.end_row();
                    previous = Some(change.level);
                }
            });
    }
}
