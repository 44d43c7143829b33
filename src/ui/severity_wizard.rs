//! The severity wizard: the assessment questions one at a time (the
//! handbook's six, with down or degraded and the workaround beside the
//! reach), then a suggested level with its rule.
//!
//! The answers are a draft until a level is set (or "Save answers" is
//! chosen): Esc closes and keeps the draft for the next opening, and the
//! record is not touched. Keys act only on the visible step: number keys
//! pick its options (never a factor: a breach or data loss is ticked only
//! with Space on the focused box), Enter goes on, and on the last step only
//! Ctrl+Enter or the focused Set button records a level.

use egui::{Key, Modifiers, RichText, Sense, Ui};

use crate::model::{
    Assessment, CustomerImpact, Factor, Incident, Reach, ServiceState, SeverityLevel, Timestamp, Workaround,
    format_time_input, parse_time_input,
};

use super::focus;
use super::widgets::{error_color, level_badge};

pub const STEPS: usize = 8;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct WizardState {
    pub step: usize,
    /// The answers being given; the record keeps its own until saved.
    pub draft: Assessment,
    /// The text of the impact start and support-case fields, as typed.
    impact_text: String,
    cases_text: String,
    /// The level picked on the last step (`None`: the suggestion).
    pub chosen: Option<SeverityLevel>,
    pub reason: String,
    /// The step whose field was given the keyboard.
    entered_step: Option<usize>,
}

impl WizardState {
    /// A wizard starting from the record's answers; the impact start
    /// defaults to the detection time.
    pub fn for_incident(incident: &Incident) -> Self {
        let mut draft = incident.assessment.clone();
        if draft.impact_started_at.is_none() {
            draft.impact_started_at = incident.detection.detected_at;
        }
        WizardState {
            impact_text: draft.impact_started_at.map(format_time_input).unwrap_or_default(),
            cases_text: draft.support_cases.map(|n| n.to_string()).unwrap_or_default(),
            draft,
            ..Default::default()
        }
    }
}

/// Text typed after a stray Tab lands on a button: its spaces must not
/// press it (Back would go back and the rest of the sentence would land
/// in another step). The wizard's buttons take Enter, or a click.
fn ignore_space_on_buttons(ui: &mut Ui) {
    let on_button = ui
        .memory(|m| m.focused())
        .and_then(|id| ui.ctx().read_response(id))
        .is_some_and(|r| r.sense.senses_click() && !r.sense.senses_drag());
    let boxes: Vec<egui::Id> = ui
        .data(|d| d.get_temp(egui::Id::unique("wizard_factor_boxes")))
        .unwrap_or_default();
    let on_a_box = ui.memory(|m| m.focused()).is_some_and(|id| boxes.contains(&id));
    if on_button && !on_a_box {
        ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Space));
    }
}

/// What the wizard asks of the app.
pub enum WizardOutcome {
    Continue,
    /// Close, keeping the draft for next time.
    Close,
    /// Save the answers, and set a level with its reason if one was chosen.
    Record {
        answers: Box<Assessment>,
        level: Option<(SeverityLevel, String)>,
    },
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

const STATE_CHOICES: [ServiceState; 3] = [ServiceState::Down, ServiceState::Degraded, ServiceState::Unknown];

/// Picked with 4, 5 and 6, after the three service states.
const WORKAROUND_CHOICES: [Workaround; 3] =
    [Workaround::Exists, Workaround::Unavailable, Workaround::Unknown];

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

/// The number key pressed this frame (1-based), unless a field has the
/// keyboard (then the digit is typed text).
fn number_pressed(ui: &Ui) -> Option<usize> {
    if ui.memory(|m| m.focused().is_some()) {
        return None;
    }
    // By the key event's own modifiers: Ctrl+3 released within the frame
    // is still not a plain 3.
    ui.input(|i| {
        i.events.iter().find_map(|e| match e {
            egui::Event::Key {
                key,
                pressed: true,
                modifiers,
                ..
            } if modifiers.is_none() => NUMBER_KEYS.iter().position(|k| k == key).map(|n| n + 1),
            _ => None,
        })
    })
}

trait StrongIf {
    fn strong_if(self, strong: bool) -> Self;
}

impl StrongIf for RichText {
    fn strong_if(self, strong: bool) -> Self {
        if strong { self.strong() } else { self }
    }
}

/// Options picked by number key or mouse. They are not Tab stops, so Tab
/// goes to the step's field and a Space typed there never picks one.
fn choice_list<T: Copy + PartialEq>(
    ui: &mut Ui,
    choices: &[T],
    current: T,
    label: impl Fn(T) -> String,
) -> Option<T> {
    numbered_choice_list(ui, choices, current, label, 1)
}

/// A choice list whose options are numbered from `first` (two lists on one
/// step share the number keys).
fn numbered_choice_list<T: Copy + PartialEq>(
    ui: &mut Ui,
    choices: &[T],
    current: T,
    label: impl Fn(T) -> String,
    first: usize,
) -> Option<T> {
    let mut picked = number_pressed(ui)
        .and_then(|n| n.checked_sub(first))
        .and_then(|i| choices.get(i).copied());
    for (i, &choice) in choices.iter().enumerate() {
        let text = format!("{}  {}", i + first, label(choice));
        let selected = current == choice;
        let wrap = ui.available_width() - 28.0;
        let galley = egui::WidgetText::from(RichText::new(&text).strong_if(selected)).into_galley(
            ui,
            Some(egui::TextWrapMode::Wrap),
            wrap,
            egui::TextStyle::Body,
        );
        let size = egui::vec2(ui.available_width(), galley.size().y + 4.0);
        let (rect, row) = ui.allocate_exact_size(size, Sense::CLICK);
        row.widget_info(|| {
            egui::WidgetInfo::selected(egui::accesskit::Role::RadioButton, true, selected, &text)
        });
        let visuals = ui.style().interact_selectable(&row, selected);
        let center = egui::pos2(rect.left() + 9.0, rect.center().y);
        ui.painter().circle_stroke(center, 7.0, visuals.fg_stroke);
        if selected {
            ui.painter().circle_filled(center, 4.0, visuals.fg_stroke.color);
        }
        let text_pos = egui::pos2(rect.left() + 24.0, rect.top() + 2.0);
        ui.painter().galley(text_pos, galley, ui.visuals().text_color());
        if row.clicked() {
            picked = Some(choice);
        }
    }
    picked
}

/// A one-line field of the draft; takes the keyboard when the step appears.
fn field(
    ui: &mut Ui,
    label: &str,
    value: &mut String,
    hint: &str,
    width: f32,
    focus: bool,
) -> egui::Response {
    let label = ui.label(label);
    let response = ui
        .add(
            egui::TextEdit::singleline(value)
                .hint_text(hint)
                .desired_width(width)
                .id_salt(("wizard_field", label.id)),
        )
        .labelled_by(label.id);
    if focus {
        response.request_focus();
    }
    response
}

pub fn show(ui: &mut Ui, state: &mut WizardState, incident: &Incident, now: Timestamp) -> WizardOutcome {
    ui.set_width(ui.available_width().min(560.0));
    let step = state.step.min(STEPS - 1);
    let entering = state.entered_step != Some(step);
    state.entered_step = Some(step);
    ui.horizontal_wrapped(|ui| {
        ui.heading("Assess severity");
        ui.label(RichText::new(format!("step {} of {STEPS}", step + 1)).weak());
    });
    ui.label(
        RichText::new(
            "Number keys pick, Enter goes on, Tab moves, Esc closes (the answers stay a draft until a level is set).",
        )
        .weak(),
    );
    ui.separator();
    // Read before the widgets: a one-line field lets Enter go as it is drawn.
    let enter = focus::enter_for_default(ui) && !entering;
    ignore_space_on_buttons(ui);
    let mut valid = true;
    let mut enter_on_box = false;
    let d = &mut state.draft;
    match step {
        0 => {
            ui.label(RichText::new("1. What is the impact on customers?").strong());
            if let Some(choice) = choice_list(ui, &IMPACT_CHOICES, d.customer_impact, |c| c.label().into()) {
                d.customer_impact = choice;
            }
        }
        1 => {
            ui.label(RichText::new("2. What are customers seeing?").strong());
            field(
                ui,
                "In their words",
                &mut d.what_customers_see,
                "errors, slowness...",
                400.0,
                entering,
            );
        }
        2 => {
            ui.label(RichText::new("3. How many customers are affected?").strong());
            let picked = choice_list(ui, &REACH_CHOICES, d.customers_affected, |c| c.label().into());
            ui.horizontal_wrapped(|ui| {
                // Number keys pick first; then the keyboard goes to the count.
                let focus = picked.is_some();
                field(
                    ui,
                    "How many (optional)",
                    &mut d.affected_count,
                    "a count or a percentage",
                    220.0,
                    focus,
                );
            });
            if let Some(choice) = picked {
                d.customers_affected = choice;
            }
        }
        3 => {
            ui.label(RichText::new("4. Is the service down, or degraded but usable?").strong());
            if let Some(choice) =
                numbered_choice_list(ui, &STATE_CHOICES, d.service_state, |c| c.label().into(), 1)
            {
                d.service_state = choice;
            }
            ui.add_space(4.0);
            ui.label(RichText::new("Is there a workaround for the customers affected?").strong());
            if let Some(choice) =
                numbered_choice_list(ui, &WORKAROUND_CHOICES, d.workaround, |c| c.label().into(), 4)
            {
                d.workaround = choice;
            }
        }
        4 => {
            ui.label(RichText::new("5. When did the impact start?").strong());
            ui.horizontal_wrapped(|ui| {
                field(
                    ui,
                    "Impact started at (UTC)",
                    &mut state.impact_text,
                    "YYYY-MM-DD HH:MM:SS",
                    170.0,
                    entering,
                );
            });
            match parse_time_input(&state.impact_text, now) {
                Ok(at) => state.draft.impact_started_at = at,
                Err(why) => {
                    valid = false;
                    ui.add(egui::Label::new(RichText::new(why).color(error_color(ui))).wrap());
                }
            }
        }
        5 => {
            ui.label(RichText::new("6. How many support cases so far?").strong());
            ui.horizontal_wrapped(|ui| {
                field(
                    ui,
                    "Support cases",
                    &mut state.cases_text,
                    "empty if not known",
                    100.0,
                    entering,
                );
            });
            let text = state.cases_text.trim();
            match text.parse::<u32>() {
                _ if text.is_empty() => state.draft.support_cases = None,
                Ok(n) => state.draft.support_cases = Some(n),
                Err(_) => {
                    valid = false;
                    ui.colored_label(error_color(ui), "a whole number, or empty if not known");
                }
            }
        }
        6 => {
            ui.label(RichText::new("7. Any other factor?").strong());
            ui.label(RichText::new("Shift+Tab to a box and press Space to tick it.").weak());
            // Enter on a focused box goes on; it never ticks a breach.
            let boxes_id = egui::Id::unique("wizard_factor_boxes");
            let boxes: Vec<egui::Id> = ui.data(|data| data.get_temp(boxes_id)).unwrap_or_default();
            let on_a_box = ui.memory(|m| m.focused()).is_some_and(|id| boxes.contains(&id));
            if on_a_box && !entering && ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Enter)) {
                enter_on_box = true;
            }
            let mut ids = Vec::new();
            for factor in Factor::ALL {
                let mut on = factor.get(&d.factors);
                let response = ui.checkbox(&mut on, factor.label());
                ids.push(response.id);
                if response.changed() {
                    *factor.get_mut(&mut d.factors) = on;
                }
            }
            ui.data_mut(|data| data.insert_temp(boxes_id, ids));
            ui.horizontal_wrapped(|ui| {
                // The keyboard starts in the notes, away from the boxes.
                field(
                    ui,
                    "Notes",
                    &mut d.factors.notes,
                    "anything else that raises the stakes",
                    340.0,
                    entering,
                );
            });
        }
        _ => return decide(ui, state, incident, entering),
    }
    ui.separator();
    let (mut back, mut next, mut close, mut save) = (false, (enter || enter_on_box) && valid, false, false);
    ui.horizontal_wrapped(|ui| {
        back = step > 0 && ui.button("Back").clicked();
        if focus::default_button(ui, "Next", valid).clicked() {
            next = true;
        }
        save = ui
            .button("Save answers")
            .on_hover_text("Records the answers without setting a level")
            .clicked();
        close = ui
            .button("Close")
            .on_hover_text("Esc: the answers stay a draft for next time")
            .clicked();
    });
    if save {
        return record_answers(state, None);
    }
    if close {
        return WizardOutcome::Close;
    }
    if back {
        state.step = step - 1;
    } else if next {
        state.step = step + 1;
    }
    WizardOutcome::Continue
}

/// Save the draft's answers, with a level if one was chosen.
fn record_answers(state: &WizardState, level: Option<(SeverityLevel, String)>) -> WizardOutcome {
    WizardOutcome::Record {
        answers: Box::new(state.draft.clone()),
        level,
    }
}

/// The last step (Space on its buttons was already ignored by `show`): the suggestion, the levels, and the deliberate Set.
fn decide(ui: &mut Ui, state: &mut WizardState, incident: &Incident, entering: bool) -> WizardOutcome {
    let scale = incident.severity_scale();
    let suggestion = scale.suggest(&state.draft);
    ui.label(RichText::new("8. Severity").strong());
    ui.horizontal_wrapped(|ui| {
        ui.label("Suggested:");
        level_badge(ui, suggestion.level, &scale.name_of(suggestion.level));
    });
    ui.add(egui::Label::new(&suggestion.explanation).wrap());
    if !suggestion.unknowns.is_empty() {
        ui.label(
            RichText::new("When in doubt, the higher level: argue it down once the unknowns are known.")
                .weak(),
        );
    }
    ui.add_space(6.0);
    let levels: Vec<SeverityLevel> = scale.levels.iter().map(|l| SeverityLevel(l.level)).collect();
    let chosen = state.chosen.unwrap_or(suggestion.level);
    let picked = choice_list(ui, &levels, chosen, |this| {
        let level = scale.level(this);
        let mark = if this == suggestion.level {
            " (suggested)"
        } else {
            ""
        };
        level.map_or_else(String::new, |l| {
            format!("{} {}{mark}: {}", l.name, l.title, l.description)
        })
    });
    if let Some(level) = picked {
        state.chosen = Some(level);
    }
    let chosen = state.chosen.unwrap_or(suggestion.level);
    let overriding = chosen != suggestion.level;
    if overriding {
        ui.add_space(4.0);
        ui.label(RichText::new("Why a level other than the suggestion?").strong());
        field(
            ui,
            "Reason",
            &mut state.reason,
            "the reason is kept with the decision",
            440.0,
            picked.is_some(),
        );
    }
    let ready = !overriding || !state.reason.trim().is_empty();
    let verb = match incident.severity().map(|s| s.level) {
        Some(level) if level == chosen => "Confirm",
        Some(_) => "Change to",
        None => "Set",
    };
    ui.separator();
    // The event's own modifiers: a quick Ctrl+Enter may end with Ctrl up.
    let set_keys = egui::KeyboardShortcut::new(Modifiers::COMMAND, Key::Enter);
    let ctrl_enter = ui.input_mut(|i| i.consume_shortcut(&set_keys)) && !entering;
    let (mut record, mut back, mut close, mut save) = (false, false, false, false);
    ui.horizontal_wrapped(|ui| {
        back = ui.button("Back").clicked();
        let text = RichText::new(format!("{verb} {}", scale.name_of(chosen))).strong();
        let keys = ui
            .ctx()
            .format_shortcut(&egui::KeyboardShortcut::new(Modifiers::COMMAND, Key::Enter));
        record = ui
            .add_enabled(ready, egui::Button::new(text).shortcut_text(keys))
            .clicked();
        save = ui.button("Save answers").clicked();
        close = ui.button("Close").clicked();
    });
    if !ready {
        ui.label(RichText::new("Write the reason first").color(error_color(ui)));
    } else {
        ui.label(
            RichText::new("Enter does not set the level here: press Ctrl+Enter, or Tab to the button.")
                .weak(),
        );
    }
    if (record || ctrl_enter) && ready && scale.level(chosen).is_some() {
        let reason = if overriding {
            state.reason.trim().to_owned()
        } else {
            String::new()
        };
        return record_answers(state, Some((chosen, reason)));
    }
    if save {
        return record_answers(state, None);
    }
    if close {
        return WizardOutcome::Close;
    }
    if back {
        state.step -= 1;
    }
    WizardOutcome::Continue
}
