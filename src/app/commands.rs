//! What each command does: the menu items and shortcuts, run by the app.

use std::path::{Path, PathBuf};

use super::{ConsoleApp, io::unused_file_name};
use crate::action::{Action, PendingAction};
use crate::command::Command;
use crate::model::{DisplayZone, Edit, ExportFormat, Phase};
use crate::ui::state::Dialog;

impl ConsoleApp {
    pub(super) fn run_command(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::NewIncident => self.unless_unsaved(ctx, PendingAction::NewIncident),
            Command::ShareIncident => self.open_share_dialog(),
            Command::JoinIncident => {
                self.view.dialog = Some(Dialog::Join(Box::default()));
            }
            Command::StopSharing => self.apply(ctx, crate::action::Action::StopSharing),
            Command::Open => {
                self.view.dialog = Some(Dialog::Open {
                    path: String::new(),
                    review: false,
                })
            }
            Command::OpenForReview => {
                self.view.dialog = Some(Dialog::Open {
                    path: String::new(),
                    review: true,
                })
            }
            Command::EditACopy => {
                // A name no file has yet: the copy never lands on another incident.
                let path = match &self.doc.path {
                    Some(p) => unused_file_name(
                        p.parent().unwrap_or(Path::new("")),
                        &format!(
                            "{}-copy",
                            p.file_stem()
                                .map(|s| s.to_string_lossy().into_owned())
                                .unwrap_or_default()
                        ),
                    ),
                    None => PathBuf::from(self.suggested_path()),
                };
                self.view.dialog = Some(Dialog::SaveAs {
                    path: path.display().to_string(),
                });
            }
            Command::ShowReview => self.view.show_review = true,
            Command::Import => self.view.dialog = Some(Dialog::Import(Box::default())),
            Command::ExportPostmortem | Command::ExportForWiderSharing => {
                let wider = command == Command::ExportForWiderSharing;
                let base = self
                    .doc
                    .path
                    .clone()
                    .unwrap_or_else(|| PathBuf::from(self.suggested_path()));
                let path = base.with_extension(if wider { "shared.md" } else { "postmortem.md" });
                self.view.dialog = Some(Dialog::Export {
                    path: path.display().to_string(),
                    wider,
                });
            }
            Command::Save => match self.doc.path.clone() {
                Some(path) => self.save_to(path, None),
                None => {
                    self.view.dialog = Some(Dialog::SaveAs {
                        path: self.suggested_path(),
                    })
                }
            },
            Command::SaveAs => {
                self.view.dialog = Some(Dialog::SaveAs {
                    path: self.suggested_path(),
                })
            }
            Command::Quit => self.unless_unsaved(ctx, PendingAction::Quit),
            Command::FocusQuickLog => self.view.focus_quick_log = true,
            Command::MarkNow => self.apply(ctx, Action::MarkNow),
            Command::ShowPhase(phase) => {
                self.view.selected = phase;
                self.view.show_review = false;
                self.view.focus_panel = true;
            }
            Command::ToggleTimeline if self.view.timeline_folded => {
                // Folded for width: show it anyway, or fold it back.
                self.settings.timeline_open = true;
                self.view.timeline_despite_width = !self.view.timeline_despite_width;
            }
            Command::ToggleTimeline => {
                self.settings.timeline_open = !self.settings.timeline_open;
                self.save_settings();
            }
            Command::FilterTimeline => {
                self.settings.timeline_open = true;
                self.view.timeline_despite_width |= self.view.timeline_folded;
                self.view.timeline.focus_filter = true;
            }
            Command::TimelineOrder => self.view.timeline.newest_first = !self.view.timeline.newest_first,
            Command::TimelineZone => {
                self.view.timeline.zone = match self.view.timeline.zone {
                    DisplayZone::Utc => DisplayZone::Local,
                    DisplayZone::Local => DisplayZone::Utc,
                }
            }
            Command::JumpToNow => {
                self.settings.timeline_open = true;
                self.view.timeline_despite_width |= self.view.timeline_folded;
                self.view.timeline.jump_to_now = true;
            }
            Command::CopyTimelineMarkdown | Command::CopyTimelinePlain => {
                let format = if command == Command::CopyTimelineMarkdown {
                    ExportFormat::Markdown
                } else {
                    ExportFormat::PlainText
                };
                let generation = self.doc.timeline_generation();
                let text = self.view.timeline.export(&self.doc.incident, generation, format);
                let lines = text.lines().count();
                ctx.copy_text(text);
                self.info(format!("Copied {lines} lines of timeline to the clipboard"));
            }
            Command::ToggleTheme => {
                self.settings.dark_theme = !self.settings.dark_theme;
                self.save_settings();
            }
            Command::ZoomIn | Command::ZoomOut | Command::ZoomReset => {
                let zoom = match command {
                    Command::ZoomIn => self.settings.zoom + 0.1,
                    Command::ZoomOut => self.settings.zoom - 0.1,
                    _ => 1.0,
                };
                self.settings.zoom = (zoom * 10.0).round().clamp(5.0, 30.0) / 10.0;
                self.save_settings();
            }
            Command::SetAuthor => {
                self.view.dialog = Some(Dialog::Author {
                    name: self.settings.author.clone(),
                })
            }
            Command::ShowShortcuts => self.view.dialog = Some(Dialog::Shortcuts),
            Command::ComposeMessage => {
                self.view.selected = Phase::Communicate;
                self.view.show_review = false;
                self.draft_customer_update();
            }
            Command::MarkLatestSent => match self.latest_draft() {
                Some(i) => {
                    if self.edit(Edit::MarkMessageSent(i)) {
                        self.info("Latest draft marked as sent. Mistaken? \"Not sent after all\" is on it in Communicate.");
                    }
                }
                None => self.error("There is no draft to mark as sent: start one with Ctrl+M"),
            },
            Command::CopyLatestDraft => match self.latest_draft() {
                Some(id) => {
                    self.copy_message(ctx, id);
                    self.info("Latest draft copied to the clipboard");
                }
                None => self.error("There is no draft to copy: start one in Communicate (Ctrl+M)"),
            },
            Command::HandOver => self.view.dialog = Some(Dialog::HandOver { to: String::new() }),
            Command::ResolveNow => {
                // Always asked: resolving changes the status for everyone.
                let blockers = self.doc.incident.resolution_blockers();
                self.view.dialog = Some(Dialog::ConfirmResolve { blockers });
            }
            Command::SeverityWizard => {
                let state = match self.view.wizard_draft.take() {
                    Some((serial, state)) if serial == self.doc.serial() => state,
                    _ => crate::ui::WizardState::for_incident(&self.doc.incident),
                };
                self.view.dialog = Some(Dialog::SeverityWizard(Box::new(state)));
            }
        }
    }

    /// The newest message not sent yet.
    pub(super) fn latest_draft(&self) -> Option<crate::model::ItemId> {
        let messages = &self.doc.incident.communications.messages;
        messages.iter().rev().find(|m| m.sent_at.is_none()).map(|m| m.id)
    }

    /// Ctrl+M: a customer update from the template for the incident's
    /// status, first in the drafts, its text focused.
    pub(super) fn draft_customer_update(&mut self) {
        use crate::model::{Audience, MessageChannel, Stage, Status};
        let stage = match self.doc.incident.status {
            Status::Investigating => Stage::Investigating,
            Status::Identified => Stage::Identified,
            Status::Monitoring => Stage::Monitoring,
            Status::Resolved | Status::Closed => Stage::Resolved,
        };
        let lang = self.view.forms.message_lang;
        let templates = self.templates.list(lang);
        let template = templates
            .iter()
            .find(|t| t.audience == Some(Audience::Customers) && t.stage == Some(stage))
            .or_else(|| templates.iter().find(|t| t.audience == Some(Audience::Customers)))
            .map(|t| t.name.clone())
            .unwrap_or_default();
        let rendered = self
            .templates
            .render(&template, lang, &self.doc.incident, self.now());
        if let Some(error) = rendered.error {
            self.error(format!("{error}. The built-in template was used instead."));
        }
        let drafted = self.edit(Edit::DraftMessage {
            audience: Audience::Customers,
            stage,
            channel: MessageChannel::StatusPage,
            language: lang,
            text: rendered.text,
        });
        if drafted {
            let forms = &mut self.view.forms;
            forms.message_audience = Audience::ALL
                .iter()
                .position(|a| *a == Audience::Customers)
                .unwrap_or(0);
            forms.message_stage = Stage::ALL.iter().position(|s| *s == stage).unwrap_or(0);
            forms.message_channel = crate::ui::panels::communicate::usual_channel_choice(Audience::Customers);
            forms.message_template = template;
            forms.focus_newest_draft = true;
        }
    }
}
