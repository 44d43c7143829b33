//! Field widgets shared by the phase panels. Each reads the model and pushes
//! an [`Action`] when the user changes something; none mutates the model.

use egui::{Color32, RichText, TextEdit, Ui};

use super::long_text;
use crate::action::Action;
use crate::model::{CheckItem, Edit, Incident, SeverityLevel, TextField, TimeField, Timestamp, format_utc};

/// Form inputs that are not part of the record until submitted.
#[derive(Default)]
pub struct Forms {
    pub role_choice: usize,
    pub custom_role: String,
    pub role_person: String,
    pub task_owner: String,
    pub task_text: String,
    pub task_due_minutes: String,
    pub message_audience: usize,
    pub message_stage: usize,
    pub message_channel: usize,
    pub can_from: String,
    pub can_conditions: String,
    pub can_actions: String,
    pub can_needs: String,
    pub message_template: String,
    pub message_lang: crate::comms::Lang,
    /// The newest draft's text takes the keyboard (after Ctrl+M).
    pub focus_newest_draft: bool,
    /// A row was just added to this list: its first field takes the keyboard.
    pub focus_new_row: Option<crate::model::ListKind>,
    pub security: super::panels::security::SecurityForms,
}

/// What a panel gets: the record to read, the time, and where to put actions.
pub struct PanelCx<'a> {
    pub incident: &'a Incident,
    pub templates: &'a crate::comms::Templates,
    pub templates_dir: Option<&'a std::path::Path>,
    pub now: Timestamp,
    /// The zone times are shown and typed in (the timeline's UTC / local).
    pub zone: crate::model::DisplayZone,
    pub forms: &'a mut Forms,
    pub actions: &'a mut Vec<Action>,
    pub focus: FocusRequest,
    /// Who is typing (prefills "collected by").
    pub author: &'a str,
}

/// "Focus the panel's first empty field": asked on start, on Ctrl+1..8 and
/// after a dialog closes. Each text field offers itself; the first empty one
/// takes it, else the first field at all.
#[derive(Debug, Default)]
pub struct FocusRequest {
    wanted: bool,
    first_field: Option<egui::Id>,
}

impl FocusRequest {
    pub fn new(wanted: bool) -> Self {
        FocusRequest {
            wanted,
            first_field: None,
        }
    }

    /// A field was drawn: take the keyboard if it is the first empty one.
    pub fn offer(&mut self, response: &egui::Response, empty: bool) {
        if !self.wanted {
            return;
        }
        if empty {
            response.request_focus();
            self.wanted = false;
        } else if self.first_field.is_none() {
            self.first_field = Some(response.id);
        }
    }

    /// After the panel: no empty field, so the first field.
    pub fn finish(&mut self, ui: &Ui) {
        if std::mem::take(&mut self.wanted)
            && let Some(id) = self.first_field
        {
            ui.memory_mut(|m| m.request_focus(id));
        }
    }
}

pub const FIELD_WIDTH: f32 = 420.0;

impl PanelCx<'_> {
    pub fn edit(&mut self, edit: Edit) {
        self.actions.push(Action::Edit(edit));
    }

    /// A labelled one-line text field as a grid row.
    pub fn text_row(&mut self, ui: &mut Ui, label: &str, field: TextField, hint: &str) {
        let label = ui.label(label);
        self.text(ui, &label, field, hint, false);
        ui.end_row();
    }

    /// A labelled multi-line text field as a grid row.
    pub fn multiline_row(&mut self, ui: &mut Ui, label: &str, field: TextField, hint: &str) {
        let label = ui.label(label);
        self.text(ui, &label, field, hint, true);
        ui.end_row();
    }

    /// A text field bound to `field`, named by `label` for screen readers and tests.
    pub fn text(
        &mut self,
        ui: &mut Ui,
        label: &egui::Response,
        field: TextField,
        hint: &str,
        multiline: bool,
    ) -> Option<egui::Response> {
        let width = ui.available_width().min(FIELD_WIDTH);
        self.text_sized(ui, label, field, hint, multiline, width)
    }

    /// A row's first field: takes the keyboard if its row was just added.
    pub fn new_row_focus(
        &mut self,
        kind: crate::model::ListKind,
        row: usize,
        rows: usize,
        field: Option<egui::Response>,
    ) {
        if row + 1 == rows
            && self.forms.focus_new_row == Some(kind)
            && let Some(field) = field
        {
            field.request_focus();
            self.forms.focus_new_row = None;
        }
    }

    /// An "Add ..." button: adds a row whose first field then takes the keyboard.
    pub fn add_row_button(&mut self, ui: &mut Ui, text: &str, kind: crate::model::ListKind) {
        if ui.button(text).clicked() {
            self.edit(Edit::AddItem(kind));
            self.forms.focus_new_row = Some(kind);
        }
    }

    pub fn text_sized(
        &mut self,
        ui: &mut Ui,
        label: &egui::Response,
        field: TextField,
        hint: &str,
        multiline: bool,
        width: f32,
    ) -> Option<egui::Response> {
        let id = ui.make_persistent_id(("text", field));
        let stored = field.get(self.incident).map_or("", String::as_str);
        // A huge text is shown by its start; copying it into an editor every
        // frame would freeze the console.
        if long_text::show_long_field(ui, id, stored, label.id, width) {
            return None;
        }
        // What this field showed while it had the keyboard: a shared
        // incident may change under the cursor (another console set the
        // field), and keys must never land in text the typist did not see.
        let seen_id = id.with("seen_while_typing");
        let seen: Option<String> = ui.data(|d| d.get_temp(seen_id));
        let changed_elsewhere = seen.as_deref().is_some_and(|seen| seen != stored);
        let mut value = match seen {
            Some(seen) if changed_elsewhere => seen,
            _ => stored.to_owned(),
        };
        let edit = if multiline {
            TextEdit::multiline(&mut value).desired_rows(3)
        } else {
            TextEdit::singleline(&mut value)
        };
        let response = ui
            .add(edit.hint_text(hint).desired_width(width).id_salt(("text", field)))
            .labelled_by(label.id);
        self.focus.offer(&response, stored.is_empty());
        if response.has_focus() {
            ui.data_mut(|d| d.insert_temp(seen_id, value.clone()));
        } else {
            ui.data_mut(|d| d.remove::<String>(seen_id));
        }
        if changed_elsewhere && response.has_focus() {
            ui.label(
                RichText::new(format!(
                    "Set meanwhile on another console to \u{201c}{}\u{201d}; what you type here replaces it",
                    long_text::first_line(stored, 60)
                ))
                .small()
                .color(ui.visuals().warn_fg_color),
            );
        }
        if response.changed() {
            self.edit(Edit::SetText(field, value));
        }
        long_text::edit_all_done(ui, id, stored);
        Some(response)
    }

    /// The support-case count: a whole number, or empty for "not known yet".
    /// Text that is not a number is kept while typing and explained.
    pub fn support_cases(&mut self, ui: &mut Ui, label: &egui::Response, id_salt: &str, focus: bool) {
        let id = ui.make_persistent_id((id_salt, "buffer"));
        let stored = self
            .incident
            .assessment
            .support_cases
            .map(|n| n.to_string())
            .unwrap_or_default();
        let mut text: String = ui.data(|d| d.get_temp(id)).unwrap_or(stored);
        let response = ui
            .add(
                TextEdit::singleline(&mut text)
                    .hint_text("empty if not known")
                    .desired_width(100.0)
                    .id_salt(id_salt),
            )
            .labelled_by(label.id);
        if focus {
            response.request_focus();
        }
        let parsed = if text.trim().is_empty() {
            Ok(None)
        } else {
            text.trim().parse::<u32>().map(Some)
        };
        if response.changed() {
            match parsed {
                Ok(value) => {
                    ui.data_mut(|d| d.remove::<String>(id));
                    self.edit(Edit::SetSupportCases(value));
                }
                Err(_) => {
                    ui.data_mut(|d| d.insert_temp(id, text.clone()));
                }
            }
        }
        if parsed.is_err() {
            ui.colored_label(error_color(ui), "a whole number, or empty if not known");
        }
    }

    /// A labelled UTC time field with a "Now" button, as a grid row.
    pub fn time_row(&mut self, ui: &mut Ui, label: &str, field: TimeField) {
        let label_response = ui.label(label);
        ui.horizontal_wrapped(|ui| self.time(ui, &label_response, field, label));
        ui.end_row();
    }

    /// A UTC time field: typed text is kept while editing and applied when
    /// it parses (on Enter or leaving the field); a bad value says why.
    pub fn time(&mut self, ui: &mut Ui, label: &egui::Response, field: TimeField, name: &str) {
        let current = field.get(self.incident).flatten();
        let buffer_id = ui.make_persistent_id(("time-buffer", field));
        let buffered: Option<String> = ui.data(|d| d.get_temp(buffer_id));
        let mut text = buffered
            .clone()
            .unwrap_or_else(|| current.map(|at| self.zone.format_input(at)).unwrap_or_default());
        let response = ui
            .add(
                TextEdit::singleline(&mut text)
                    .hint_text("YYYY-MM-DD HH:MM:SS")
                    .desired_width(170.0)
                    .id_salt(("time", field)),
            )
            .labelled_by(label.id);
        self.focus.offer(&response, text.is_empty());
        if response.changed() {
            ui.data_mut(|d| d.insert_temp(buffer_id, text.clone()));
        }
        ui.label(RichText::new(self.zone.field_label(self.now)).weak());
        let parsed = self.zone.parse_input(&text, self.now);
        if response.lost_focus()
            && buffered.is_some()
            && let Ok(value) = parsed
        {
            if value != current {
                self.edit(Edit::SetTime(field, value));
            }
            ui.data_mut(|d| d.remove::<String>(buffer_id));
        }
        if ui
            .button("Now")
            .on_hover_text(format!("Set {name} to the current time"))
            .clicked()
        {
            ui.data_mut(|d| d.remove::<String>(buffer_id));
            self.edit(Edit::SetTime(field, Some(self.now)));
        }
        match (&buffered, &parsed) {
            (Some(_), Err(why)) => {
                ui.colored_label(error_color(ui), why);
            }
            // While typing: what the text was understood as, and whether it
            // fits (in the future, out of order); once set, only a problem.
            (Some(_), Ok(Some(at))) => {
                let at = *at;
                ui.label(RichText::new(crate::model::time::understood(at, self.now)).weak());
                if let Some(why) = field.problem(self.incident, at, self.now) {
                    ui.colored_label(error_color(ui), why);
                }
            }
            _ => {
                if let Some(at) = current
                    && let Some(why) = field.problem(self.incident, at, self.now)
                {
                    ui.colored_label(error_color(ui), why);
                }
            }
        }
    }
}

/// A drop-down over `choices` labelled by `label`: the newly picked one.
pub fn enum_choice<T: Copy + PartialEq>(
    ui: &mut Ui,
    id: &str,
    label: &egui::Response,
    current: T,
    choices: &[T],
    name: impl Fn(T) -> String,
) -> Option<T> {
    let names: Vec<String> = choices.iter().map(|&c| name(c)).collect();
    let selected = choices.iter().position(|c| *c == current).unwrap_or(0);
    crate::ui::focus::choice(ui, id, label, selected, &names, None).map(|i| choices[i])
}

/// A countdown's words in the colour of how it stands: plain while there is
/// time, the warning colour when SOON, the error colour once OVERDUE (both
/// strong, so words and weight carry it, not colour alone).
pub fn due_text(ui: &Ui, text: String, state: crate::model::DueState) -> RichText {
    use crate::model::DueState;
    let color = match state {
        DueState::Later => ui.visuals().text_color(),
        DueState::Soon => ui.visuals().warn_fg_color,
        DueState::Overdue => ui.visuals().error_fg_color,
    };
    let text = RichText::new(text).monospace().color(color);
    if state == DueState::Later {
        text
    } else {
        text.strong()
    }
}

pub fn error_color(ui: &Ui) -> Color32 {
    ui.visuals().error_fg_color
}

pub fn ok_color(ui: &Ui) -> Color32 {
    if ui.visuals().dark_mode {
        Color32::from_rgb(110, 200, 120)
    } else {
        Color32::from_rgb(20, 120, 40)
    }
}

/// A phase checklist: filled dot and "done", hollow dot and "to do", so the
/// state reads without colour too.
pub fn checklist(ui: &mut Ui, items: &[CheckItem]) {
    let done = items.iter().filter(|i| i.done).count();
    ui.label(RichText::new(format!("Checklist: {done} of {} done", items.len())).strong());
    for item in items {
        ui.horizontal(|ui| {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
            let color = if item.done {
                ok_color(ui)
            } else {
                ui.visuals().weak_text_color()
            };
            if item.done {
                ui.painter().circle_filled(rect.center(), 5.0, color);
            } else {
                ui.painter()
                    .circle_stroke(rect.center(), 5.0, egui::Stroke::new(1.5, color));
            }
            let text = if item.done {
                RichText::new(item.label)
            } else {
                RichText::new(item.label).weak()
            };
            ui.label(text);
            ui.label(
                RichText::new(if item.done { "done" } else { "to do" })
                    .small()
                    .color(color),
            );
        });
    }
}

/// Severity badge colours from the UI sketch: SEV1 red, SEV2 orange, SEV3
/// yellow; lower levels of a five-level scale blue and grey.
pub fn severity_colors(level: SeverityLevel) -> (Color32, Color32) {
    match level.0 {
        1 => (Color32::from_rgb(200, 30, 30), Color32::WHITE),
        2 => (Color32::from_rgb(230, 120, 20), Color32::BLACK),
        3 => (Color32::from_rgb(235, 200, 40), Color32::BLACK),
        4 => (Color32::from_rgb(70, 120, 200), Color32::WHITE),
        _ => (Color32::from_rgb(120, 120, 130), Color32::WHITE),
    }
}

/// A level as a coloured badge with its name in words.
pub fn level_badge(ui: &mut Ui, level: SeverityLevel, name: &str) -> egui::Response {
    let (fill, fg) = severity_colors(level);
    badge_frame(ui, name, fill, fg)
}

fn badge_frame(ui: &mut Ui, text: &str, fill: Color32, fg: Color32) -> egui::Response {
    egui::Frame::new()
        .fill(fill)
        .corner_radius(4.0)
        .inner_margin(egui::Margin::symmetric(8, 2))
        .show(ui, |ui| ui.label(RichText::new(text).strong().color(fg)))
        .response
}

/// The incident's current severity, or "SEV ?" when none is set yet.
pub fn severity_badge(ui: &mut Ui, incident: &Incident) -> egui::Response {
    match incident.severity() {
        Some(change) => level_badge(ui, change.level, &incident.severity_name(change.level)),
        None => badge_frame(ui, "SEV ?", Color32::from_gray(90), Color32::WHITE),
    }
}

/// The severity badge as a real button (a frame made clickable loses the
/// keyboard focus every frame, which broke Tab).
pub fn severity_button(ui: &mut Ui, incident: &Incident) -> egui::Response {
    let (text, fill, fg) = match incident.severity() {
        Some(change) => {
            let (fill, fg) = severity_colors(change.level);
            (incident.severity_name(change.level), fill, fg)
        }
        None => ("SEV ?".to_owned(), Color32::from_gray(90), Color32::WHITE),
    };
    ui.add(egui::Button::new(RichText::new(text).strong().color(fg)).fill(fill))
}

/// A section heading inside a panel.
pub fn section(ui: &mut Ui, title: &str) {
    ui.add_space(10.0);
    ui.label(RichText::new(title).heading().size(17.0));
    ui.separator();
}

/// Two-column form grid with a stable id.
pub fn form_grid(ui: &mut Ui, id: &str, add: impl FnOnce(&mut Ui)) {
    egui::Grid::new(id)
        .num_columns(2)
        .spacing([12.0, 6.0])
        .striped(false)
        .show(ui, add);
}

/// `2026-11-25 14:02:05 UTC` or a dash.
pub fn time_or_dash(at: Option<Timestamp>) -> String {
    at.map(format_utc).unwrap_or_else(|| "-".to_owned())
}
