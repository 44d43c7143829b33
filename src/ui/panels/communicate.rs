//! Phase 4: communicate. Draft messages from the record, edit, copy, and
//! mark as sent; sent messages are read-only and logged on the timeline.

use egui::{RichText, Ui};

use crate::app::Action;
use crate::model::{Audience, Edit, Incident, MessageChannel, Stage, format_utc};
use crate::ui::widgets::{PanelCx, section};

const CHANNELS: [MessageChannel; 3] = [
    MessageChannel::StatusPage,
    MessageChannel::Email,
    MessageChannel::Chat,
];

/// A starting text that follows the handbook: impact, known and unknown,
/// next update time, and no promise of a resolution time.
pub fn starter_text(incident: &Incident, audience: Audience, stage: Stage) -> String {
    let what = if incident.title.trim().is_empty() {
        "a service problem".to_owned()
    } else {
        incident.title.trim().to_owned()
    };
    let services = incident
        .detection
        .affected_services
        .iter()
        .filter(|s| !s.trim().is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    let impact = if incident.assessment.what_customers_see.trim().is_empty() {
        "[describe what customers see]".to_owned()
    } else {
        incident.assessment.what_customers_see.trim().to_owned()
    };
    let affected = if services.is_empty() {
        String::new()
    } else {
        format!(" affecting {services}")
    };
    let body = match stage {
        Stage::Investigating => format!(
            "We are investigating {what}{affected}. Impact: {impact}. The root cause is not yet known."
        ),
        Stage::Identified => format!(
            "We have identified the cause of {what}{affected} and are working on a fix. Impact: {impact}."
        ),
        Stage::Monitoring => format!(
            "A fix for {what}{affected} is in place and we are monitoring the results. Impact: {impact}."
        ),
        Stage::Resolved => format!(
            "{what}{affected} has been resolved and the service works as usual. Impact was: {impact}. A postmortem will follow."
        ),
        Stage::Update => format!(
            "Update on {what}{affected}. Impact: {impact}. What we know: [..]. What we do not know yet: [..]."
        ),
    };
    let next = if stage == Stage::Resolved {
        String::new()
    } else {
        " Next update by [time] UTC.".to_owned()
    };
    let prefix = if audience == Audience::Customers {
        String::new()
    } else {
        format!("[{}] ", incident.id)
    };
    format!("{prefix}{body}{next}")
}

pub fn show(ui: &mut Ui, cx: &mut PanelCx) {
    section(ui, "New message");
    ui.horizontal(|ui| {
        let label = ui.label("Audience");
        let audience = Audience::ALL[cx.forms.message_audience.min(Audience::ALL.len() - 1)];
        egui::ComboBox::from_id_salt("message_audience")
            .selected_text(audience.label())
            .show_ui(ui, |ui| {
                for (i, a) in Audience::ALL.iter().enumerate() {
                    ui.selectable_value(&mut cx.forms.message_audience, i, a.label());
                }
            })
            .response
            .labelled_by(label.id);
        let label = ui.label("Stage");
        let stage = Stage::ALL[cx.forms.message_stage.min(Stage::ALL.len() - 1)];
        egui::ComboBox::from_id_salt("message_stage")
            .selected_text(stage.label())
            .show_ui(ui, |ui| {
                for (i, s) in Stage::ALL.iter().enumerate() {
                    ui.selectable_value(&mut cx.forms.message_stage, i, s.label());
                }
            })
            .response
            .labelled_by(label.id);
        let label = ui.label("Channel");
        let channel = &CHANNELS[cx.forms.message_channel.min(CHANNELS.len() - 1)];
        egui::ComboBox::from_id_salt("message_channel")
            .selected_text(channel.label())
            .show_ui(ui, |ui| {
                for (i, c) in CHANNELS.iter().enumerate() {
                    ui.selectable_value(&mut cx.forms.message_channel, i, c.label());
                }
            })
            .response
            .labelled_by(label.id);
        if ui.button(RichText::new("Start a draft").strong()).clicked() {
            let text = starter_text(cx.incident, audience, stage);
            cx.edit(Edit::DraftMessage {
                audience,
                stage,
                channel: channel.clone(),
                text,
            });
        }
    });
    ui.label(RichText::new("Every update says the impact, what is known and not known, and when the next update comes. Never promise a resolution time.").small().weak());

    let messages = &cx.incident.communications.messages;
    let drafts: Vec<usize> = (0..messages.len())
        .filter(|&i| messages[i].sent_at.is_none())
        .collect();
    if !drafts.is_empty() {
        section(ui, "Drafts");
    }
    for i in drafts {
        let message = &cx.incident.communications.messages[i];
        egui::Frame::group(ui.style()).show(ui, |ui| {
            let label = ui.label(
                RichText::new(format!(
                    "Draft {}: {} - {} via {}",
                    i + 1,
                    message.stage.label(),
                    message.audience.label(),
                    message.channel.label()
                ))
                .strong(),
            );
            let mut text = message.text.clone();
            let response = ui
                .add(
                    egui::TextEdit::multiline(&mut text)
                        .desired_rows(4)
                        .desired_width(f32::INFINITY)
                        .id_salt(("draft", i)),
                )
                .labelled_by(label.id);
            if response.changed() {
                cx.edit(Edit::SetMessageText(i, text));
            }
            ui.horizontal(|ui| {
                if ui.button("Copy text").clicked() {
                    cx.actions.push(Action::Copy(message.text.clone()));
                }
                if ui.button(RichText::new("Mark as sent").strong()).clicked() {
                    cx.edit(Edit::MarkMessageSent(i));
                }
            });
        });
    }

    section(ui, "Sent (read-only)");
    let mut any = false;
    for message in messages.iter().filter(|m| m.sent_at.is_some()) {
        any = true;
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(
                RichText::new(format!(
                    "{} - {} via {} - sent {} by {}",
                    message.stage.label(),
                    message.audience.label(),
                    message.channel.label(),
                    message.sent_at.map(format_utc).unwrap_or_default(),
                    message.sent_by
                ))
                .strong(),
            );
            ui.label(&message.text);
        });
    }
    if !any {
        ui.label(
            RichText::new(
                "No message sent yet. The first customer message is due within 5 minutes of declaring.",
            )
            .weak(),
        );
    }
}
