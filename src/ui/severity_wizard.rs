//! The severity wizard: the six assessment questions one at a time, then a
//! suggested level with its rule. Fully keyboard-driven: number keys pick,
//! Enter goes on, Tab moves, Esc closes. Answers go straight into the record,
//! so closing never loses them and re-opening starts from them.

use egui::{Key, RichText, Ui};

use crate::model::{CustomerImpact, Edit, Factor, Reach, SeverityLevel, TextField, TimeField};

use super::widgets::{PanelCx, error_color, level_badge};

pub const STEPS: usize = 7;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct WizardState {
    pub step: usize,
    /// The level picked on the last step (`None`: the suggestion).
    pub chosen: Option<SeverityLevel>,
    pub reason: String,
    /// Set when a step is entered, so its field gets the keyboard once.
    focused_step: Option<usize>,
}

/// What the wizard asks the app to do besides editing answers.
pub enum WizardOutcome {
    Continue,
    Close,
}

const IMPACT_CHOICES: [CustomerImpact; 5] = [
    CustomerImpact::NoCustomers,
    CustomerImpact::Internal,
    CustomerImpact::External,
    CustomerImpact::InternalAndExternal,
    CustomerImpact::Unknown,
];

const REACH_CHOICES: [Reach; 5] = [
    Reach::NoCustomers,
    Reach::Some,
    Reach::SubsetOrRegion,
    Reach::All,
    Reach::Unknown,
];

const NUMBER_KEYS: [Key; 9] = [
    Key::Num1,
    Key::Num2,
    Key::Num3,
    Key::Num4,
    Key::Num5,
    Key::Num6,
    Key::Num7,
    Key::Num8,
    Key::Num9,
];

/// The number key pressed this frame (1-based), unless a text field has the keyboard.
fn number_pressed(ui: &Ui) -> Option<usize> {
    if ui.memory(|m| m.focused().is_some()) {
        return None;
    }
    ui.input(|i| NUMBER_KEYS.iter().position(|k| i.key_pressed(*k)).map(|n| n + 1))
}

fn choice_list<T: Copy + PartialEq>(
    ui: &mut Ui,
    choices: &[T],
    current: T,
    label: impl Fn(T) -> &'static str,
) -> Option<T> {
    let mut picked = number_pressed(ui).and_then(|n| choices.get(n - 1).copied());
    for (i, &choice) in choices.iter().enumerate() {
        if ui
            .radio(current == choice, format!("{}  {}", i + 1, label(choice)))
            .clicked()
        {
            picked = Some(choice);
        }
    }
    picked
}

pub fn show(ui: &mut Ui, state: &mut WizardState, cx: &mut PanelCx) -> WizardOutcome {
    ui.set_width(560.0);
    let a = &cx.incident.assessment;
    let step = state.step.min(STEPS - 1);
    let first_frame_of_step = state.focused_step != Some(step);
    state.focused_step = Some(step);
    ui.horizontal(|ui| {
        ui.heading("Assess severity");
        ui.label(RichText::new(format!("step {} of {STEPS}", step + 1)).weak());
    });
    ui.label(
        RichText::new("Number keys pick, Enter goes on, Esc closes (answers are kept).")
            .small()
            .weak(),
    );
    ui.separator();
    let enter = ui.input(|i| i.key_pressed(Key::Enter));
    let mut next = enter;
    match step {
        0 => {
            ui.label(RichText::new("1. What is the impact on customers?").strong());
            if let Some(choice) = choice_list(ui, &IMPACT_CHOICES, a.customer_impact, CustomerImpact::label) {
                cx.edit(Edit::SetCustomerImpact(choice));
            }
        }
        1 => {
            let label = ui.label(RichText::new("2. What are customers seeing?").strong());
            text_step(
                ui,
                cx,
                &label,
                TextField::WhatCustomersSee,
                "In their words: errors, slowness...",
                first_frame_of_step,
            );
        }
        2 => {
            ui.label(RichText::new("3. How many customers are affected?").strong());
            if let Some(choice) = choice_list(ui, &REACH_CHOICES, a.customers_affected, Reach::label) {
                cx.edit(Edit::SetReach(choice));
            }
            ui.horizontal(|ui| {
                let label = ui.label("How many (optional)");
                cx.text_sized(
                    ui,
                    &label,
                    TextField::AffectedCount,
                    "a count or a percentage",
                    false,
                    240.0,
                );
            });
        }
        3 => {
            ui.label(RichText::new("4. When did the impact start?").strong());
            if first_frame_of_step
                && a.impact_started_at.is_none()
                && let Some(detected) = cx.incident.detection.detected_at
            {
                // Defaults to the detection time; editable.
                cx.edit(Edit::SetTime(TimeField::ImpactStarted, Some(detected)));
            }
            ui.horizontal(|ui| {
                let label = ui.label("Impact started at");
                cx.time(ui, &label, TimeField::ImpactStarted, "impact start");
            });
        }
        4 => {
            let label = ui.label(RichText::new("5. How many support cases so far?").strong());
            cx.support_cases(ui, &label, "wizard_support", first_frame_of_step);
        }
        5 => {
            ui.label(RichText::new("6. Any other factor?").strong());
            let pressed = number_pressed(ui);
            for (i, factor) in Factor::ALL.into_iter().enumerate() {
                let mut on = factor.get(&cx.incident.assessment.factors);
                let toggled_by_key = pressed == Some(i + 1);
                if ui
                    .checkbox(&mut on, format!("{}  {}", i + 1, factor.label()))
                    .changed()
                    || toggled_by_key
                {
                    let value = if toggled_by_key {
                        !factor.get(&cx.incident.assessment.factors)
                    } else {
                        on
                    };
                    cx.edit(Edit::SetFactor(factor, value));
                }
            }
            ui.horizontal(|ui| {
                let label = ui.label("Notes");
                cx.text_sized(
                    ui,
                    &label,
                    TextField::FactorNotes,
                    "anything else that raises the stakes",
                    false,
                    360.0,
                );
            });
        }
        _ => {
            if decide(ui, state, cx, enter) {
                return WizardOutcome::Close;
            }
            next = false;
        }
    }
    ui.separator();
    let (mut back, mut close) = (false, false);
    ui.horizontal(|ui| {
        back = step > 0 && ui.button("Back").clicked();
        if step < STEPS - 1 && ui.button(RichText::new("Next").strong()).clicked() {
            next = true;
        }
        close = ui
            .button("Close")
            .on_hover_text("Answers so far are kept")
            .clicked();
    });
    if close {
        return WizardOutcome::Close;
    }
    if back {
        state.step = step - 1;
    } else if next && step < STEPS - 1 {
        state.step = step + 1;
        ui.memory_mut(|m| {
            if let Some(id) = m.focused() {
                m.surrender_focus(id);
            }
        });
    }
    WizardOutcome::Continue
}

fn text_step(
    ui: &mut Ui,
    cx: &mut PanelCx,
    label: &egui::Response,
    field: TextField,
    hint: &str,
    focus: bool,
) {
    let stored = field.get(cx.incident).map_or("", String::as_str);
    let id = ui.make_persistent_id(("wizard_text", field));
    if super::long_text::show_long_field(ui, id, stored, label.id, 520.0) {
        return;
    }
    let mut value = stored.to_owned();
    let response = ui
        .add(
            egui::TextEdit::singleline(&mut value)
                .hint_text(hint)
                .desired_width(520.0)
                .id_salt(("wizard", field)),
        )
        .labelled_by(label.id);
    if focus {
        response.request_focus();
    }
    if response.changed() {
        cx.edit(Edit::SetText(field, value));
    }
    super::long_text::edit_all_done(ui, id, stored);
}

/// The last step. Returns true once a level was recorded.
fn decide(ui: &mut Ui, state: &mut WizardState, cx: &mut PanelCx, enter: bool) -> bool {
    let scale = cx.incident.severity_scale();
    let suggestion = scale.suggest(&cx.incident.assessment);
    ui.label(RichText::new("7. Severity").strong());
    ui.horizontal(|ui| {
        ui.label("Suggested:");
        level_badge(ui, suggestion.level, &scale.name_of(suggestion.level));
    });
    ui.label(&suggestion.explanation);
    if !suggestion.unknowns.is_empty() {
        ui.label(
            RichText::new("When in doubt, the higher level: argue it down once the unknowns are known.")
                .small()
                .weak(),
        );
    }
    ui.add_space(6.0);
    if let Some(n) = number_pressed(ui)
        && n <= scale.levels.len()
    {
        state.chosen = Some(SeverityLevel(n as u8));
    }
    let chosen = state.chosen.unwrap_or(suggestion.level);
    for level in &scale.levels {
        let this = SeverityLevel(level.level);
        let mark = if this == suggestion.level {
            " (suggested)"
        } else {
            ""
        };
        let text = format!(
            "{}  {} {}{mark}: {}",
            level.level, level.name, level.title, level.description
        );
        if ui.radio(chosen == this, text).clicked() {
            state.chosen = Some(this);
        }
    }
    let overriding = chosen != suggestion.level;
    if overriding {
        ui.add_space(4.0);
        let label = ui.label(RichText::new("Why a level other than the suggestion?").strong());
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut state.reason)
                    .hint_text("the reason is kept with the decision")
                    .desired_width(520.0)
                    .id_salt("wizard_reason"),
            )
            .labelled_by(label.id);
        if ui.memory(|m| m.focused().is_none()) && state.reason.is_empty() {
            response.request_focus();
        }
    }
    let ready = !overriding || !state.reason.trim().is_empty();
    let current = cx.incident.severity().map(|s| s.level);
    let verb = match current {
        Some(level) if level == chosen => "Confirm",
        Some(_) => "Change to",
        None => "Set",
    };
    let mut record = false;
    ui.horizontal(|ui| {
        let button = egui::Button::new(RichText::new(format!("{verb} {}", scale.name_of(chosen))).strong());
        if ui.add_enabled(ready, button).clicked() {
            record = true;
        }
        if !ready {
            ui.label(RichText::new("Write the reason first").color(error_color(ui)));
        }
    });
    if (record || (enter && ready)) && scale.level(chosen).is_some() {
        let reason = if overriding {
            state.reason.trim().to_owned()
        } else {
            String::new()
        };
        cx.edit(Edit::SetSeverity {
            level: chosen,
            reason,
        });
        state.chosen = None;
        state.reason.clear();
        return true;
    }
    false
}
