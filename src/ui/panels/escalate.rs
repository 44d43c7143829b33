//! Phase 5: escalate. The responders paged for this incident, when they were
//! paged and acknowledged, and which pages are going unanswered.

use egui::{RichText, Ui};

use super::remove_button;
use crate::file::roster::{self, Roster};
use crate::model::time::MAX_MINUTES;
use crate::model::{Edit, ListKind, TextField, TimeField, format_countdown, format_utc};
use crate::ui::long_text::{ONE_LINE_CHARS, first_line};
use crate::ui::widgets::{PanelCx, error_color, form_grid, section};

pub fn show(ui: &mut Ui, cx: &mut PanelCx) {
    match cx.incident.severity_level_info() {
        Some(level) if level.major => {
            ui.label(RichText::new(format!("{}: {} Escalate early.", level.name, level.paging)).strong());
        }
        Some(level) => {
            ui.label(format!("{}: {}", level.name, level.paging));
        }
        None => {
            ui.label(RichText::new("Severity not assessed yet: when in doubt, page now.").weak());
        }
    }
    let minutes = cx.incident.ack_warning_minutes();
    let late = cx.incident.overdue_pages(cx.now);
    if !late.is_empty() {
        let names: Vec<_> = late
            .iter()
            .map(|r| {
                if r.name.is_empty() {
                    "(no name)".into()
                } else {
                    first_line(&r.name, ONE_LINE_CHARS)
                }
            })
            .collect();
        ui.label(
            RichText::new(format!(
                "NOT ACKNOWLEDGED after {minutes} min: {}. Page again or escalate.",
                names.join(", ")
            ))
            .strong()
            .color(error_color(ui)),
        );
    }

    section(ui, "Responders");
    let count = cx.incident.escalation.responders.len();
    if count == 0 {
        ui.label(RichText::new("Nobody paged yet. Escalate early: it is always fine to page.").weak());
    }
    for i in 0..count {
        responder(ui, cx, i, minutes);
    }
    ui.horizontal_wrapped(|ui| {
        cx.add_row_button(ui, "Add responder", ListKind::Responders);
        roster_menu(ui, cx);
        let label = ui.label("Flag pages unacknowledged after (min)");
        let mut text = minutes.to_string();
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut text)
                    .desired_width(40.0)
                    .id_salt("ack_minutes"),
            )
            .labelled_by(label.id);
        // More than the file may hold (ten years) is clamped, visibly.
        if response.changed()
            && let Ok(value) = text.trim().parse::<u64>()
            && value > 0
        {
            let value = u32::try_from(value).map_or(MAX_MINUTES, |m| m.min(MAX_MINUTES));
            cx.edit(Edit::SetAckWarningMinutes(Some(value)));
        }
    });
}

fn responder(ui: &mut Ui, cx: &mut PanelCx, i: usize, minutes: u32) {
    let r = &cx.incident.escalation.responders[i];
    let id = r.id;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal_wrapped(|ui| {
            let who = if r.name.trim().is_empty() {
                "New responder".into()
            } else {
                first_line(&r.name, ONE_LINE_CHARS)
            };
            ui.label(RichText::new(who).strong());
            let what: Vec<_> = [r.role.trim(), r.team.trim()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .map(|s| first_line(s, ONE_LINE_CHARS))
                .collect();
            if !what.is_empty() {
                ui.label(RichText::new(what.join(", ")).weak());
            }
            let (state, color) = match (r.paged_at, r.acknowledged_at, r.joined_at) {
                (_, _, Some(joined)) => (format!("joined {}", format_utc(joined)), None),
                (Some(paged), Some(ack), None) => (
                    format!("acknowledged after {}", format_countdown(ack - paged)),
                    None,
                ),
                (Some(paged), None, None) if r.page_overdue(cx.now, minutes) => (
                    format!("NOT ACKNOWLEDGED for {}", format_countdown(cx.now - paged)),
                    Some(error_color(ui)),
                ),
                (Some(paged), None, None) => {
                    (format!("paged {} ago", format_countdown(cx.now - paged)), None)
                }
                (None, _, _) => ("not paged".to_owned(), None),
            };
            let mut text = RichText::new(state);
            if let Some(color) = color {
                text = text.strong().color(color);
            }
            ui.label(text);
            if r.paged_at.is_none() {
                // A page goes to someone: no name, no page (the record would not say who).
                let named = !r.name.trim().is_empty();
                let page = ui
                    .add_enabled(named, egui::Button::new("Page now"))
                    .on_disabled_hover_text("Type the responder's name first");
                if page.clicked() {
                    cx.edit(Edit::SetTime(TimeField::ResponderPaged(id), Some(cx.now)));
                }
            }
            if r.paged_at.is_some() && r.acknowledged_at.is_none() && ui.button("Acknowledged now").clicked()
            {
                cx.edit(Edit::SetTime(TimeField::ResponderAcknowledged(id), Some(cx.now)));
            }
            if r.joined_at.is_none() && r.acknowledged_at.is_some() && ui.button("Joined now").clicked() {
                cx.edit(Edit::SetTime(TimeField::ResponderJoined(id), Some(cx.now)));
            }
        });
        // Details fold away once the responder is named, so many fit on screen;
        // the line above keeps the state and the page/ack buttons in view.
        egui::CollapsingHeader::new("Details and times")
            .id_salt(("responder_details", id))
            .default_open(r.name.trim().is_empty())
            .show(ui, |ui| {
                form_grid(ui, &format!("responder_{}", id.0), |ui| {
                    let label = ui.label("Name");
                    let field = cx.text(ui, &label, TextField::ResponderName(id), "Who", false);
                    ui.end_row();
                    let rows = cx.incident.escalation.responders.len();
                    cx.new_row_focus(ListKind::Responders, i, rows, field);
                    cx.text_row(ui, "Team", TextField::ResponderTeam(id), "Their team");
                    cx.text_row(
                        ui,
                        "Role or skill",
                        TextField::ResponderRole(id),
                        "Why they are paged",
                    );
                    cx.text_row(
                        ui,
                        "Contact",
                        TextField::ResponderContact(id),
                        "Phone, pager or handle",
                    );
                    cx.time_row(ui, "Paged at", TimeField::ResponderPaged(id));
                    cx.time_row(ui, "Acknowledged at", TimeField::ResponderAcknowledged(id));
                    cx.time_row(ui, "Joined at", TimeField::ResponderJoined(id));
                });
                if remove_button(ui, "responder", !r.name.trim().is_empty() || r.paged_at.is_some()) {
                    cx.edit(Edit::RemoveItem(ListKind::Responders, id));
                }
            });
    });
}

/// "Add from roster": the user's roster if there is one, else the example.
/// The roster to offer: the user's own file if there is one, else the
/// example; with a line saying which (or what is wrong with the user's file).
#[derive(Clone)]
struct LoadedRoster {
    roster: Roster,
    source: String,
    error: Option<String>,
}

fn load_roster() -> LoadedRoster {
    let user_path = roster::user_roster_path();
    match user_path.as_deref().filter(|p| p.exists()) {
        Some(path) => match roster::load_roster(path) {
            Ok(roster) => LoadedRoster {
                roster,
                source: path.display().to_string(),
                error: None,
            },
            Err(e) => LoadedRoster {
                roster: Roster::default(),
                source: String::new(),
                error: Some(e),
            },
        },
        None => LoadedRoster {
            roster: roster::example_roster(),
            source: format!(
                "example roster; put yours in {}",
                user_path.map_or("the settings folder".to_owned(), |p| p.display().to_string())
            ),
            error: None,
        },
    }
}

/// "Add from roster". The file is read when the menu opens, not every frame.
fn roster_menu(ui: &mut Ui, cx: &mut PanelCx) {
    let cache = ui.make_persistent_id("roster_cache");
    let response = crate::ui::focus::menu_button(ui, "Add from roster", |ui| {
        let loaded = match ui.data(|d| d.get_temp::<std::sync::Arc<LoadedRoster>>(cache)) {
            Some(loaded) => loaded,
            None => {
                let loaded = std::sync::Arc::new(load_roster());
                ui.data_mut(|d| d.insert_temp(cache, loaded.clone()));
                loaded
            }
        };
        if let Some(e) = &loaded.error {
            ui.colored_label(error_color(ui), e);
        }
        ui.label(RichText::new(&loaded.source).small().weak());
        for person in &loaded.roster.people {
            if ui
                .button(format!("{} - {} ({})", person.name, person.role, person.team))
                .clicked()
            {
                cx.edit(Edit::AddResponder(person.to_responder()));
                ui.close();
            }
        }
    });
    if response.inner.is_none() {
        // Closed: read the file afresh next time, in case it was edited.
        ui.data_mut(|d| d.remove::<std::sync::Arc<LoadedRoster>>(cache));
    }
}
