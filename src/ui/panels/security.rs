//! The security parts of the panels: the incident type (Detect, Assess),
//! containment to recovery and the evidence log (Resolve), the notification
//! clocks (Communicate) and the security postmortem fields (Lessons).

use egui::{RichText, TextEdit, Ui};

use crate::action::{Action, EvidenceRequest};
use crate::model::cadence::DueState;
use crate::model::security::{incident_types, notification_rules, type_name};
use crate::model::{Edit, Milestone, TextField, TimeField, format_utc};
use crate::ui::focus;
use crate::ui::long_text::{ONE_LINE_CHARS, first_line};
use crate::ui::widgets::{FIELD_WIDTH, PanelCx, due_text, error_color, form_grid, section};

/// The incident's evidence items, found by one pass over the timeline, kept
/// until the timeline changes (every change to an item adds an entry, so
/// the entry count and the next id say when): a 100,000-entry timeline is
/// not scanned per frame.
#[derive(Clone, Copy)]
struct EvidenceKey<'a> {
    incident: &'a crate::model::Incident,
}

impl std::hash::Hash for EvidenceKey<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let timeline = &self.incident.timeline;
        (
            timeline.len(),
            timeline
                .entries
                .last()
                .map(|e| std::sync::Arc::as_ptr(e) as usize),
            timeline.entries.as_ptr() as usize,
        )
            .hash(state);
    }
}

type EvidenceItems = Vec<(crate::model::EntryId, crate::model::Evidence, bool)>;

#[derive(Default)]
struct EvidenceLister;

impl egui::cache::ComputerMut<EvidenceKey<'_>, EvidenceItems> for EvidenceLister {
    fn compute(&mut self, key: EvidenceKey<'_>) -> EvidenceItems {
        key.incident
            .evidence()
            .map(|(id, item, restricted)| (id, item.clone(), restricted))
            .collect()
    }
}

type EvidenceCache = egui::cache::FrameCache<EvidenceItems, EvidenceLister>;

/// Form inputs of the evidence log and the notification clocks.
#[derive(Default)]
pub struct SecurityForms {
    pub evidence_path: String,
    pub evidence_what: String,
    pub evidence_collected_by: String,
    pub evidence_handed_to: String,
    pub evidence_restricted: bool,
    /// Index into the incident's evidence items, plus one (0: a new item).
    pub evidence_follows: usize,
    /// Hashing on the worker.
    pub evidence_busy: bool,
    /// The last hash's outcome: what was added, or why not.
    pub evidence_status: Option<Result<String, String>>,
    /// Per deadline key: to whom and the reference, as typed.
    pub notify_to: std::collections::HashMap<String, String>,
    pub notify_reference: std::collections::HashMap<String, String>,
}

impl SecurityForms {
    /// Empties the evidence form for the next item (the notices' fields stay).
    pub fn clear_evidence(&mut self) {
        *self = SecurityForms {
            notify_to: std::mem::take(&mut self.notify_to),
            notify_reference: std::mem::take(&mut self.notify_reference),
            ..SecurityForms::default()
        };
    }
}

/// The incident type as a grid row.
pub fn type_row(ui: &mut Ui, cx: &mut PanelCx, id_salt: &str) {
    let label = ui.label("Incident type");
    ui.horizontal_wrapped(|ui| {
        let types = incident_types();
        let mut names: Vec<String> = types.iter().map(|t| t.name.clone()).collect();
        let selected = match types.iter().position(|t| t.id == cx.incident.incident_type) {
            Some(i) => i,
            None => {
                // A type this build does not know (a newer build's file).
                names.push(first_line(type_name(&cx.incident.incident_type), ONE_LINE_CHARS).into_owned());
                names.len() - 1
            }
        };
        if let Some(i) = focus::choice(ui, id_salt, &label, selected, &names, None)
            && let Some(kind) = types.get(i)
        {
            cx.edit(Edit::SetIncidentType(kind.id.clone()));
        }
        if cx.incident.incident_type().is_some_and(|t| t.security) {
            ui.label(
                RichText::new(
                    "Containment and evidence: Resolve (Ctrl+7); notification clocks: Communicate (Ctrl+4)",
                )
                .small()
                .weak(),
            );
        }
    });
    ui.end_row();
}

/// What the ticked factors propose, with a button to take it.
pub fn proposal(ui: &mut Ui, cx: &mut PanelCx) {
    let Some(proposed) = cx.incident.proposed_type() else {
        return;
    };
    ui.horizontal_wrapped(|ui| {
        ui.label(
            RichText::new(format!(
                "The ticked factors point to a {}: the security lifecycle, evidence log and notification clocks apply.",
                proposed.name.to_lowercase()
            ))
            .color(ui.visuals().warn_fg_color),
        );
        if ui
            .button(format!("Make it a {}", proposed.name.to_lowercase()))
            .clicked()
        {
            cx.edit(Edit::SetIncidentType(proposed.id.clone()));
        }
    });
}

/// Containment, eradication and recovery, with who reached each.
pub fn lifecycle(ui: &mut Ui, cx: &mut PanelCx) {
    section(ui, "Security lifecycle");
    form_grid(ui, "security_lifecycle", |ui| {
        cx.time_row(ui, "Became aware at", TimeField::Aware);
        for milestone in Milestone::ALL {
            let label = ui.label(format!("{} at", milestone.label()));
            ui.horizontal_wrapped(|ui| {
                cx.time(ui, &label, TimeField::Security(milestone), milestone.label());
            });
            ui.end_row();
            let by = ui.label(format!("{} by", milestone.label()));
            cx.text_sized(
                ui,
                &by,
                TextField::MilestoneBy(milestone),
                "Who did it (filled with your name when set)",
                false,
                220.0,
            );
            ui.end_row();
        }
    });
    if cx.incident.security.aware_at.is_none() {
        ui.label(
            RichText::new(
                "Until \"Became aware\" is set, the notification clocks count from the detection time.",
            )
            .small()
            .weak(),
        );
    }
    for problem in cx.incident.milestone_problems() {
        ui.colored_label(error_color(ui), problem);
    }
}

/// The evidence log: the items (never changed) and the form that hashes a
/// file on the worker and adds it.
pub fn evidence(ui: &mut Ui, cx: &mut PanelCx) {
    section(ui, "Evidence log (chain of custody)");
    let items = ui.memory_mut(|m| {
        m.caches
            .cache::<EvidenceCache>()
            .get(EvidenceKey {
                incident: cx.incident,
            })
            .clone()
    });
    if items.is_empty() {
        ui.label(RichText::new("No evidence recorded yet.").weak());
    }
    // A hostile file's megabyte field shows its start (the entry has it all).
    let short = |text: &str| first_line(text.trim(), ONE_LINE_CHARS).into_owned();
    for (id, item, restricted) in &items {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(id.to_string()).monospace().weak());
            ui.label(RichText::new(short(&item.what)).strong());
            if *restricted {
                ui.label(RichText::new("RESTRICTED").small().strong());
            }
            ui.label(RichText::new(short(&item.path)).monospace());
            ui.label(format!("{} bytes", item.size));
        });
        ui.horizontal_wrapped(|ui| {
            ui.add_space(24.0);
            ui.label(
                RichText::new(format!("SHA-256 {}", short(&item.sha256)))
                    .monospace()
                    .small(),
            );
            let custody = match short(&item.handed_to).as_str() {
                "" => format!(
                    "collected by {} {}",
                    short(&item.collected_by),
                    format_utc(item.collected_at)
                ),
                to => format!(
                    "collected by {} {}, handed to {to}",
                    short(&item.collected_by),
                    format_utc(item.collected_at)
                ),
            };
            ui.label(RichText::new(custody).small().weak());
            if let Some(follows) = item.follows {
                ui.label(RichText::new(format!("follows {follows}")).small().weak());
            }
        });
    }
    let forms = &mut cx.forms.security;
    if forms.evidence_collected_by.is_empty() {
        forms.evidence_collected_by = cx.author.to_owned();
    }
    ui.add_space(4.0);
    ui.label(RichText::new("Add an item: the file is hashed (SHA-256) where it is; it is not copied. An item never changes: to correct one or hand it on, add a new item that follows it.").small().weak());
    let mut submit = false;
    form_grid(ui, "evidence_form", |ui| {
        let row = |ui: &mut Ui, name: &str, value: &mut String, hint: &str| {
            let label = ui.label(name);
            let response = ui
                .add(
                    TextEdit::singleline(value)
                        .hint_text(hint)
                        .desired_width(FIELD_WIDTH),
                )
                .labelled_by(label.id);
            ui.end_row();
            response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter))
        };
        submit |= row(
            ui,
            "Evidence file",
            &mut forms.evidence_path,
            "/cases/INC-42/web-3.mem",
        );
        submit |= row(
            ui,
            "What it is",
            &mut forms.evidence_what,
            "Memory image of web-3",
        );
        submit |= row(
            ui,
            "Collected by",
            &mut forms.evidence_collected_by,
            "Who collected it",
        );
        submit |= row(
            ui,
            "Handed to",
            &mut forms.evidence_handed_to,
            "Who holds it now (empty: the collector)",
        );
        let label = ui.label("Follows");
        let mut names = vec!["Nothing: a new item".to_owned()];
        names.extend(
            items
                .iter()
                .map(|(id, item, _)| format!("{id} {}", short(&item.what))),
        );
        if let Some(i) = focus::choice(
            ui,
            "evidence_follows",
            &label,
            forms.evidence_follows,
            &names,
            None,
        ) {
            forms.evidence_follows = i;
            // Handing on or correcting: start from the item as it was.
            if let Some((_, item, _)) = i.checked_sub(1).and_then(|i| items.get(i)) {
                forms.evidence_path = item.path.clone();
                forms.evidence_what = item.what.clone();
            }
        }
        ui.end_row();
        ui.label("");
        ui.checkbox(
            &mut forms.evidence_restricted,
            "Restricted: left out of the postmortem for wider sharing",
        );
        ui.end_row();
    });
    ui.horizontal_wrapped(|ui| {
        let ready = !forms.evidence_busy && !forms.evidence_path.trim().is_empty();
        if ui
            .add_enabled(ready, egui::Button::new("Hash and add to the evidence log"))
            .clicked()
            || (submit && ready)
        {
            forms.evidence_busy = true;
            forms.evidence_status = None;
            let follows = forms
                .evidence_follows
                .checked_sub(1)
                .and_then(|i| items.get(i))
                .map(|(id, _, _)| *id);
            cx.actions.push(Action::HashEvidence(Box::new(EvidenceRequest {
                path: forms.evidence_path.trim().into(),
                what: forms.evidence_what.trim().to_owned(),
                collected_by: forms.evidence_collected_by.trim().to_owned(),
                handed_to: forms.evidence_handed_to.trim().to_owned(),
                restricted: forms.evidence_restricted,
                follows,
            })));
        }
        if forms.evidence_busy {
            ui.spinner();
            ui.label("hashing...");
        }
        match &forms.evidence_status {
            Some(Ok(done)) => {
                ui.label(RichText::new(done).weak());
            }
            Some(Err(why)) => {
                ui.colored_label(error_color(ui), why);
            }
            None => {}
        }
    });
}

/// The notification rules that apply, and each deadline's clock.
pub fn notifications(ui: &mut Ui, cx: &mut PanelCx) {
    section(ui, "Notification clocks");
    ui.label(
        RichText::new("Whether a regime applies is the organisation's call (ask Legal); the clocks count from when the organisation became aware.")
            .small()
            .weak(),
    );
    ui.horizontal_wrapped(|ui| {
        for rule in notification_rules() {
            let mut on = cx.incident.security.rules.contains(&rule.id);
            if ui
                .checkbox(&mut on, &rule.name)
                .on_hover_text(&rule.summary)
                .changed()
            {
                cx.edit(Edit::SetNotificationRule(rule.id.clone(), on));
            }
        }
    });
    let suggested = cx.incident.suggested_rules();
    if !suggested.is_empty() {
        let names: Vec<&str> = suggested.iter().map(|r| r.name.as_str()).collect();
        ui.label(
            RichText::new(format!(
                "Usually applies to a {}: {}",
                type_name(&cx.incident.incident_type).to_lowercase(),
                names.join(", ")
            ))
            .small()
            .color(ui.visuals().warn_fg_color),
        );
    }
    let clocks = cx.incident.notification_clocks(cx.now);
    form_grid(ui, "notification_clocks", |ui| {
        for clock in &clocks {
            ui.label(RichText::new(clock.title()).strong());
            ui.vertical(|ui| {
                if let Some(sent) = &clock.sent {
                    let reference = if sent.reference.is_empty() {
                        String::new()
                    } else {
                        format!(" (reference {})", first_line(&sent.reference, ONE_LINE_CHARS))
                    };
                    ui.label(format!(
                        "Sent {} to {}{reference}, marked by {}",
                        format_utc(sent.sent_at),
                        first_line(&sent.to, ONE_LINE_CHARS),
                        first_line(&sent.sent_by, ONE_LINE_CHARS)
                    ));
                    return;
                }
                match clock.due_at {
                    None => {
                        ui.label(RichText::new(format!("Due {}", clock.basis())).weak());
                    }
                    Some(due) => {
                        let left = crate::model::security::format_left(clock.left);
                        let due = format_utc(due);
                        let text = match clock.state {
                            DueState::Later => format!("Due {due} (in {left})"),
                            DueState::Soon => format!("Due {due} (in {left}) - SOON"),
                            DueState::Overdue => format!("Was due {due} - OVERDUE by {left}"),
                        };
                        ui.label(due_text(ui, text, clock.state))
                            .on_hover_text(clock.basis());
                    }
                }
                let forms = &mut cx.forms.security;
                let to = forms
                    .notify_to
                    .entry(clock.key.clone())
                    .or_insert_with(|| clock.deadline.to.clone());
                ui.horizontal_wrapped(|ui| {
                    let label = ui.label("Sent to");
                    ui.add(TextEdit::singleline(to).desired_width(220.0))
                        .labelled_by(label.id);
                    let reference = forms.notify_reference.entry(clock.key.clone()).or_default();
                    let label = ui.label("Reference");
                    ui.add(
                        TextEdit::singleline(reference)
                            .hint_text("case number (optional)")
                            .desired_width(140.0),
                    )
                    .labelled_by(label.id);
                    // Never focused by itself: marking is deliberate.
                    if ui
                        .button("Mark sent now")
                        .on_hover_text("Records when and to whom, on the timeline")
                        .clicked()
                    {
                        cx.actions.push(Action::Edit(Edit::MarkNotified {
                            deadline: clock.key.clone(),
                            to: to.trim().to_owned(),
                            reference: reference.trim().to_owned(),
                        }));
                    }
                });
            });
            ui.end_row();
        }
    });
}

/// The postmortem's security sections.
pub fn postmortem_fields(ui: &mut Ui, cx: &mut PanelCx) {
    section(ui, "Security");
    form_grid(ui, "postmortem_security", |ui| {
        cx.multiline_row(
            ui,
            "Attack vector",
            TextField::PostmortemAttackVector,
            "How did the attacker get in?",
        );
        cx.multiline_row(
            ui,
            "Indicators of compromise",
            TextField::PostmortemIndicators,
            "Addresses, domains, hashes, names to look for elsewhere",
        );
        cx.multiline_row(
            ui,
            "Data affected",
            TextField::PostmortemDataAffected,
            "What data, whose, how many records; encrypted?",
        );
        cx.text_row(
            ui,
            "Contact for affected people",
            TextField::SecurityContact,
            "The DPO or privacy contact: email, phone",
        );
    });
    ui.label(
        RichText::new("Notifications made and the evidence log come from the record.")
            .small()
            .weak(),
    );
}
