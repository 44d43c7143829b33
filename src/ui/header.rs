//! The always-visible header: who, what, how bad, how long, and the clock.

use egui::{RichText, Ui};

use crate::action::Action;
use crate::command::Command;
use crate::model::{
    DueBasis, DueState, Incident, Role, Timestamp, UpdateKind, format_countdown, format_elapsed, format_utc,
};

use super::long_text::{ONE_LINE_CHARS, first_line};
use super::widgets::{due_text, severity_button};

/// How the incident is shared, in words, for the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedLine {
    /// "SHARED via ws://... - connected: Ana, Bo - all changes sent".
    pub text: String,
    /// Not connected (or still joining): said in the warning colour.
    pub offline: bool,
    /// The link, to copy from the hover text.
    pub link: String,
}

/// `now` is the wall clock, or where the record ends when `reviewing`.
pub fn show(
    ui: &mut Ui,
    incident: &Incident,
    now: Timestamp,
    reviewing: bool,
    shared: Option<&SharedLine>,
    actions: &mut Vec<Action>,
) {
    ui.add_space(4.0);
    ui.horizontal_wrapped(|ui| {
        // One line: a huge id or title shows its start (the Detect panel has it all).
        ui.label(
            RichText::new(first_line(&incident.id, ONE_LINE_CHARS))
                .monospace()
                .strong()
                .size(16.0),
        );
        let title = crate::ui::long_text::title_line(&incident.title, ONE_LINE_CHARS);
        ui.label(RichText::new(title).strong().size(18.0));
        let badge = severity_button(ui, incident);
        let keys = Command::SeverityWizard
            .shortcut()
            .map(|s| ui.ctx().format_shortcut(&s))
            .unwrap_or_default();
        if badge.on_hover_text(format!("Assess severity ({keys})")).clicked() {
            actions.push(Action::Command(Command::SeverityWizard));
        }
        if let Some((set, suggestion)) = incident.severity_behind() {
            let text = format!(
                "answers now suggest {} (set: {})",
                incident.severity_name(suggestion.level),
                incident.severity_name(set)
            );
            let note = ui
                .add(
                    egui::Button::new(
                        RichText::new(text)
                            .strong()
                            .color(super::widgets::error_color(ui)),
                    )
                    .frame(false),
                )
                .on_hover_text(format!(
                    "{}\nReassess ({keys}): raise it, or keep it with a reason",
                    suggestion.explanation
                ));
            if note.clicked() {
                actions.push(Action::Command(Command::SeverityWizard));
            }
        }
        egui::Frame::new()
            .stroke(ui.visuals().widgets.noninteractive.bg_stroke)
            .corner_radius(4.0)
            .inner_margin(egui::Margin::symmetric(8, 2))
            .show(ui, |ui| {
                ui.label(RichText::new(incident.status.label().to_uppercase()).strong())
            });
    });
    ui.horizontal_wrapped(|ui| {
        // Once resolved, the clock that matters stops: show how long it took.
        let elapsed = match (incident.detection.detected_at, incident.resolution.resolved_at) {
            (Some(detected), Some(resolved)) => {
                format!("resolved {} after detection", format_elapsed(resolved - detected))
            }
            (Some(detected), None) => format!("{} since detection", format_elapsed(now - detected)),
            (None, _) => "detection time not set".to_owned(),
        };
        ui.label(RichText::new(elapsed).monospace());
        ui.separator();
        if reviewing {
            ui.label(RichText::new(format!("Record ends {}", format_utc(now))).monospace())
                .on_hover_text(
                    "Review: countdowns and times are taken where the record ends, not at today's clock",
                );
        } else {
            ui.label(RichText::new(format_utc(now)).monospace());
        }
        ui.separator();
        for role in [Role::IncidentManager, Role::TechLead, Role::CommunicationsManager] {
            let holders: Vec<_> = incident
                .current_holders(&role)
                .map(|a| first_line(&a.person, ONE_LINE_CHARS))
                .collect();
            ui.label(RichText::new(format!("{}:", role.abbreviation())).weak());
            if holders.is_empty() {
                ui.label(RichText::new("unassigned").italics().weak());
            } else {
                ui.label(holders.join(", "));
            }
        }
    });
    ui.horizontal_wrapped(|ui| {
        for kind in [UpdateKind::Customer, UpdateKind::Internal] {
            countdown(ui, incident, kind, now);
            ui.separator();
        }
    });
    if incident.is_security() {
        ui.horizontal_wrapped(|ui| security(ui, incident, now));
    }
    if let Some(shared) = shared {
        ui.horizontal_wrapped(|ui| {
            let text = RichText::new(&shared.text).monospace();
            let text = if shared.offline {
                text.strong().color(ui.visuals().warn_fg_color)
            } else {
                text
            };
            let keys = Command::ShareIncident
                .shortcut()
                .map(|s| ui.ctx().format_shortcut(&s))
                .unwrap_or_default();
            let line = ui
                .add(egui::Button::new(text).frame(false))
                .on_hover_text(format!("Link: {}\nShare dialog ({keys})", shared.link));
            if line.clicked() {
                actions.push(Action::Command(Command::ShareIncident));
            }
        });
    }
    ui.add_space(2.0);
}

/// The type, where the security lifecycle stands, and every open
/// notification deadline with SOON / OVERDUE.
fn security(ui: &mut Ui, incident: &Incident, now: Timestamp) {
    let name = first_line(
        crate::model::security::type_name(&incident.incident_type),
        ONE_LINE_CHARS,
    )
    .to_uppercase();
    egui::Frame::new()
        .stroke(egui::Stroke::new(1.0, ui.visuals().warn_fg_color))
        .corner_radius(4.0)
        .inner_margin(egui::Margin::symmetric(6, 1))
        .show(ui, |ui| ui.label(RichText::new(name).strong().small()));
    let stage = match incident.latest_milestone() {
        Some((milestone, at)) => format!("{} {}", milestone.label(), format_utc(at)),
        None => "Containment not started".to_owned(),
    };
    ui.label(RichText::new(stage).monospace());
    let problems = incident.milestone_problems();
    if !problems.is_empty() {
        ui.label(
            RichText::new("milestones out of order")
                .strong()
                .color(ui.visuals().error_fg_color),
        )
        .on_hover_text(problems.join("\n"));
    }
    let clocks = incident.notification_clocks(now);
    if clocks.is_empty() {
        ui.separator();
        ui.label(RichText::new("No notification rule chosen").weak());
        return;
    }
    for clock in clocks.iter().filter(|c| c.is_open()) {
        ui.separator();
        let title = clock.title();
        let Some(due) = clock.due_at else {
            ui.label(RichText::new(format!("{title}: {}", clock.basis())).weak());
            continue;
        };
        let left = crate::model::security::format_left(clock.left);
        let text = match clock.state {
            DueState::Later => format!("{title} in {left}"),
            DueState::Soon => format!("{title} in {left} - SOON"),
            DueState::Overdue => format!("{title} OVERDUE by {left}"),
        };
        let text = due_text(ui, text, clock.state);
        ui.label(text).on_hover_text(format!(
            "{}: due {} ({}); mark it sent in Communicate (Ctrl+4)",
            clock.rule.name,
            format_utc(due),
            clock.basis()
        ));
    }
    let sent = clocks.iter().filter(|c| !c.is_open()).count();
    if sent > 0 {
        ui.separator();
        ui.label(RichText::new(format!("{sent} of {} notices sent", clocks.len())).weak());
    }
}

/// "Next customer update in 04:10", in words and colour: SOON within five
/// minutes, OVERDUE once missed.
fn countdown(ui: &mut Ui, incident: &Incident, kind: UpdateKind, now: Timestamp) {
    let name = match kind {
        UpdateKind::Customer => "Next customer update",
        UpdateKind::Internal => "Next internal update",
    };
    let Some(due) = incident.due(kind, now) else {
        ui.label(RichText::new(format!("{name}: none due")).weak());
        return;
    };
    let every = match due.basis {
        DueBasis::Cadence => format!("every {} min", incident.cadence_minutes(kind)),
        DueBasis::Promised => format!(
            "the time the last update promised, before the {} min cadence",
            incident.cadence_minutes(kind)
        ),
    };
    let left = format_countdown(due.left);
    let text = match due.state {
        DueState::Later => format!("{name} in {left}"),
        DueState::Soon => format!("{name} in {left} - SOON"),
        DueState::Overdue => format!("{name} OVERDUE by {left}"),
    };
    // Say which time is counted when it is the message's own promise.
    let text = match due.basis {
        DueBasis::Promised => format!("{text} (as promised)"),
        DueBasis::Cadence => text,
    };
    ui.label(due_text(ui, text, due.state))
        .on_hover_text(format!("Due at {} ({every})", format_utc(due.at)));
}
