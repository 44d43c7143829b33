//! Phase 4: communicate. Messages from templates filled with the record,
//! checked against the handbook's rules as they are edited, copied with one
//! click or Ctrl+Shift+M, and marked as sent (then read-only, on the timeline).
//! The update cadence is set here and counted down in the header.

use egui::{RichText, Ui};

use crate::action::Action;
use crate::comms::{Lang, MessageCheck, TemplateInfo, check_message};
use crate::model::time::MAX_MINUTES;
use crate::model::{Audience, Edit, MessageChannel, Stage, UpdateKind, format_countdown, format_utc};
use crate::ui::long_text::{self, ONE_LINE_CHARS, first_line};
use crate::ui::widgets::{PanelCx, error_color, ok_color, section};

/// The draft checks of a text, kept while the draft is shown unchanged.
#[derive(Default)]
struct DraftChecker;

impl egui::cache::ComputerMut<(&str, Lang, Audience, Stage), Vec<MessageCheck>> for DraftChecker {
    fn compute(&mut self, (text, lang, audience, stage): (&str, Lang, Audience, Stage)) -> Vec<MessageCheck> {
        check_message(text, lang, audience, stage)
    }
}

type CheckCache = egui::cache::FrameCache<Vec<MessageCheck>, DraftChecker>;

/// How long a "Mark as sent" can be taken back from the message itself.
const UNDO_SENT_MINUTES: i64 = 15;

const CHANNELS: [MessageChannel; 3] = [
    MessageChannel::StatusPage,
    MessageChannel::Email,
    MessageChannel::Chat,
];

/// The composer's channel choice for `audience`'s usual channel.
pub fn usual_channel_choice(audience: Audience) -> usize {
    CHANNELS
        .iter()
        .position(|c| *c == audience.usual_channel())
        .unwrap_or(0)
}

fn combo<T: Copy + PartialEq>(
    ui: &mut Ui,
    label: &str,
    id: &str,
    current: &mut T,
    choices: &[T],
    name: impl Fn(T) -> String,
) {
    let label = ui.label(label);
    if let Some(choice) = crate::ui::widgets::enum_choice(ui, id, &label, *current, choices, name) {
        *current = choice;
    }
}

pub fn show(ui: &mut Ui, cx: &mut PanelCx) {
    if cx.incident.is_security() {
        super::security::notifications(ui, cx);
    }
    cadence(ui, cx);
    composer(ui, cx);
    drafts(ui, cx);
    sent(ui, cx);
}

fn cadence(ui: &mut Ui, cx: &mut PanelCx) {
    section(ui, "Update cadence");
    for kind in [UpdateKind::Customer, UpdateKind::Internal] {
        ui.horizontal_wrapped(|ui| {
            let name = match kind {
                UpdateKind::Customer => "Customer updates every (min)",
                UpdateKind::Internal => "Internal updates every (min)",
            };
            let label = ui.label(name);
            let own = match kind {
                UpdateKind::Customer => cx.incident.communications.external_cadence_minutes,
                UpdateKind::Internal => cx.incident.communications.internal_cadence_minutes,
            };
            let mut text = cx.incident.cadence_minutes(kind).to_string();
            let response = ui
                .add(
                    egui::TextEdit::singleline(&mut text)
                        .desired_width(40.0)
                        .id_salt(("cadence", kind.label())),
                )
                .labelled_by(label.id);
            // More than the file may hold (ten years) is clamped, visibly.
            if response.changed()
                && let Ok(minutes) = text.trim().parse::<u64>()
                && minutes > 0
            {
                let minutes = u32::try_from(minutes).map_or(MAX_MINUTES, |m| m.min(MAX_MINUTES));
                cx.edit(Edit::SetCadence(kind, Some(minutes)));
            }
            if own.is_some() {
                if ui.small_button("Use the severity's").clicked() {
                    cx.edit(Edit::SetCadence(kind, None));
                }
            } else {
                ui.label(RichText::new("from the severity").small().weak());
            }
            match cx.incident.due(kind, cx.now) {
                Some(due) if due.left.num_seconds() < 0 => {
                    ui.label(
                        RichText::new(format!(
                            "OVERDUE by {} (was due {})",
                            format_countdown(due.left),
                            format_utc(due.at)
                        ))
                        .strong()
                        .color(error_color(ui)),
                    );
                }
                Some(due) => {
                    ui.label(format!(
                        "next due {} (in {})",
                        format_utc(due.at),
                        format_countdown(due.left)
                    ));
                }
                None => {
                    ui.label(RichText::new("none due").weak());
                }
            }
        });
    }
    ui.label(
        RichText::new(
            "The first customer message is due 5 minutes after declaring. Never promise a resolution time.",
        )
        .small()
        .weak(),
    );
}

/// Templates that fit the chosen audience and stage, then the rest.
fn templates_for<'a>(
    cx: &PanelCx<'a>,
    lang: Lang,
    audience: Audience,
    stage: Stage,
) -> Vec<&'a TemplateInfo> {
    let mut list: Vec<&TemplateInfo> = cx
        .templates
        .list(lang)
        .into_iter()
        .filter(|t| t.audience.is_some() || t.stage.is_none())
        .collect();
    list.retain(|t| t.name != "room-topic" && t.name != "chat-status");
    list.sort_by_key(|t| (t.audience != Some(audience), t.stage != Some(stage)));
    list
}

fn composer(ui: &mut Ui, cx: &mut PanelCx) {
    section(ui, "New message");
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("What is affected, for customers");
        cx.text(
            ui,
            &label,
            crate::model::TextField::AffectedForCustomers,
            "products and features as customers know them: card payments at checkout",
            false,
        );
    });
    if cx.incident.assessment.affected_for_customers.trim().is_empty() {
        ui.label(
            RichText::new(
                "Customer messages never name internal services or the internal title: until this is filled they say \"some of our services\".",
            )
            .small()
            .weak(),
        );
    }
    let f = &mut *cx.forms;
    let mut audience = Audience::ALL[f.message_audience.min(Audience::ALL.len() - 1)];
    let mut stage = Stage::ALL[f.message_stage.min(Stage::ALL.len() - 1)];
    let mut channel = f.message_channel.min(CHANNELS.len() - 1);
    let mut lang = f.message_lang;
    ui.horizontal_wrapped(|ui| {
        combo(
            ui,
            "Audience",
            "message_audience",
            &mut audience,
            &Audience::ALL,
            |a| a.label().to_owned(),
        );
        combo(ui, "Stage", "message_stage", &mut stage, &Stage::ALL, |s| {
            s.label().to_owned()
        });
        combo(ui, "Channel", "message_channel", &mut channel, &[0, 1, 2], |i| {
            CHANNELS[i].label().to_owned()
        });
        combo(ui, "Language", "message_lang", &mut lang, &Lang::ALL, |l| {
            l.label().to_owned()
        });
    });
    let f = &mut *cx.forms;
    let audience_changed = Audience::ALL.iter().position(|a| *a == audience) != Some(f.message_audience);
    let changed_kind =
        audience_changed || Stage::ALL.iter().position(|s| *s == stage) != Some(f.message_stage);
    f.message_audience = Audience::ALL.iter().position(|a| *a == audience).unwrap_or(0);
    f.message_stage = Stage::ALL.iter().position(|s| *s == stage).unwrap_or(0);
    // The channel follows the audience (customers: the status page; inside:
    // chat or email); it can still be changed after.
    f.message_channel = if audience_changed {
        usual_channel_choice(audience)
    } else {
        channel
    };
    f.message_lang = lang;
    let choices = templates_for(cx, lang, audience, stage);
    let f = &mut *cx.forms;
    if changed_kind || !choices.iter().any(|t| t.name == f.message_template) {
        // Follow the audience and stage: the best match comes first.
        f.message_template = choices.first().map(|t| t.name.clone()).unwrap_or_default();
    }
    let mut start = false;
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Template");
        let names: Vec<String> = choices
            .iter()
            .map(|t| match &t.origin {
                crate::comms::TemplateOrigin::BuiltIn => t.label.clone(),
                crate::comms::TemplateOrigin::User(_) => format!("{}  (yours)", t.label),
            })
            .collect();
        let selected = choices
            .iter()
            .position(|t| t.name == cx.forms.message_template)
            .unwrap_or(0);
        if let Some(i) =
            crate::ui::focus::choice(ui, "message_template", &label, selected, &names, Some(260.0))
        {
            cx.forms.message_template = choices[i].name.clone();
        }
        let keys = crate::command::Command::ComposeMessage
            .shortcut()
            .map(|s| ui.ctx().format_shortcut(&s))
            .unwrap_or_default();
        let button = ui
            .button(RichText::new("Start a draft").strong())
            .on_hover_text(format!("A customer update for the current status: {keys}"));
        start = button.clicked();
    });
    if start {
        let rendered = cx
            .templates
            .render(&cx.forms.message_template, lang, cx.incident, cx.now);
        if let Some(error) = rendered.error {
            cx.actions.push(Action::ShowError(format!(
                "{error}. The built-in template was used instead."
            )));
        }
        cx.edit(Edit::DraftMessage {
            audience,
            stage,
            channel: CHANNELS[channel].clone(),
            language: lang,
            text: rendered.text,
        });
    }
    let hint = match cx.templates_dir {
        Some(dir) => format!(
            "Your own templates: {}/en or /it, as NAME.txt.j2 (the same name overrides a built-in)",
            dir.display()
        ),
        None => "Only the built-in templates: this system has no settings folder for your own.".to_owned(),
    };
    ui.label(RichText::new(hint).small().weak());
}

fn drafts(ui: &mut Ui, cx: &mut PanelCx) {
    let messages = &cx.incident.communications.messages;
    let drafts: Vec<usize> = (0..messages.len())
        .filter(|&i| messages[i].sent_at.is_none())
        .collect();
    if drafts.is_empty() {
        return;
    }
    section(ui, "Drafts (newest first)");
    let newest = drafts.last().copied();
    // Newest first; ids follow the message, not its place in the list, so
    // the keyboard never slides onto the next draft's button.
    for i in drafts.into_iter().rev() {
        let message = &cx.incident.communications.messages[i];
        let id = message.id;
        ui.push_id(("message", id), |ui| {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.set_width(ui.available_width());
                let label = ui.label(
                    RichText::new(format!(
                        "Draft {}: {} - {} via {} ({})",
                        i + 1,
                        message.stage.label(),
                        message.audience.label(),
                        message.channel.label(),
                        message.language().code().to_uppercase()
                    ))
                    .strong(),
                );
                let text_id = ui.make_persistent_id(("draft_text", id));
                if !long_text::show_long_field(ui, text_id, &message.text, label.id, ui.available_width()) {
                    let mut text = message.text.clone();
                    let response = ui
                        .add(
                            egui::TextEdit::multiline(&mut text)
                                .desired_rows(5)
                                .desired_width(f32::INFINITY)
                                .id_salt(("draft", id)),
                        )
                        .labelled_by(label.id);
                    if Some(i) == newest && std::mem::take(&mut cx.forms.focus_newest_draft) {
                        response.request_focus();
                    }
                    if response.changed() {
                        cx.edit(Edit::SetMessageText(id, text));
                    }
                    long_text::edit_all_done(ui, text_id, &message.text);
                }
                // Warnings, not blockers: the commander decides. They read the
                // whole text, so a long one is not checked every frame.
                let checks = if long_text::is_long(&message.text) {
                    ui.label(RichText::new("Too long to check while drafting.").small().weak());
                    Vec::new()
                } else {
                    // In the draft's own language, whatever the composer is
                    // set to; worked out again only when the draft changes.
                    let key = (
                        message.text.as_str(),
                        message.language(),
                        message.audience,
                        message.stage,
                    );
                    ui.ctx()
                        .memory_mut(|m| m.caches.cache::<CheckCache>().get(key).clone())
                };
                for check in checks {
                    let (mark, color) = if check.ok {
                        ("ok", ok_color(ui))
                    } else {
                        ("CHECK", ui.visuals().warn_fg_color)
                    };
                    ui.horizontal_wrapped(|ui| {
                        ui.label(RichText::new(mark).strong().color(color));
                        let line = ui.label(check.label);
                        if !check.ok {
                            line.on_hover_text(check.hint);
                            ui.label(RichText::new(check.hint).weak());
                        }
                    });
                }
                ui.horizontal_wrapped(|ui| {
                    if ui.button("Copy text").clicked() {
                        cx.actions.push(Action::CopyMessage(id));
                    }
                    let keys = crate::command::Command::MarkLatestSent
                        .shortcut()
                        .map(|s| ui.ctx().format_shortcut(&s))
                        .unwrap_or_default();
                    let sent = ui
                        .button(RichText::new("Mark as sent").strong())
                        .on_hover_text(format!(
                            "The latest draft: {keys}. Can be taken back right after."
                        ));
                    if sent.clicked() {
                        cx.edit(Edit::MarkMessageSent(id));
                        // Its button goes away: the keyboard must not land on another draft's.
                        ui.memory_mut(|m| m.surrender_focus(sent.id));
                    }
                });
            })
        });
    }
}

fn sent(ui: &mut Ui, cx: &mut PanelCx) {
    section(ui, "Sent (read-only)");
    let messages = &cx.incident.communications.messages;
    let mut any = false;
    for message in messages.iter().filter(|m| m.sent_at.is_some()) {
        any = true;
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(
                RichText::new(format!(
                    "{} - {} via {} ({}) - sent {} by {}",
                    message.stage.label(),
                    message.audience.label(),
                    message.channel.label(),
                    message.language().code().to_uppercase(),
                    message.sent_at.map(format_utc).unwrap_or_default(),
                    first_line(&message.sent_by, ONE_LINE_CHARS)
                ))
                .strong(),
            );
            long_text::label(ui, ("sent_text", message.id), &message.text, &|t| t);
            // Marked by mistake a moment ago: taken back, on the record.
            if message
                .sent_at
                .is_some_and(|at| cx.now - at < chrono::Duration::minutes(UNDO_SENT_MINUTES))
                && ui
                    .button("Not sent after all")
                    .on_hover_text(format!(
                        "Within {UNDO_SENT_MINUTES} minutes of marking: makes it a draft again (the timeline keeps both)"
                    ))
                    .clicked()
            {
                cx.edit(Edit::UnmarkMessageSent(message.id));
            }
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
