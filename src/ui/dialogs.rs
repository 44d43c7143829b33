//! Modal dialogs: unsaved changes, open, save as, author, shortcuts. File
//! dialogs are in-app path fields first; the native dialog is an extra,
//! since it may be missing (no desktop portal) on a war-room laptop.

use std::path::PathBuf;

use egui::{Id, RichText, Ui};

use super::state::{Dialog, OverwriteQuestion, RecoveryOffer};
use crate::action::{Action, PendingAction, PickPurpose, WritePurpose};
use crate::command::Command;
use crate::import::request::{ImportForm, ImportSource};
use crate::model::{Incident, Timestamp};

use super::focus::{default_button, line_field, take_keyboard_if_free};
use super::severity_wizard::{self, WizardOutcome};

/// The open dialog, over the window.
pub fn show(
    ctx: &egui::Context,
    dialog: &mut Dialog,
    incident: &Incident,
    recent: &[PathBuf],
    now: Timestamp,
    actions: &mut Vec<Action>,
) {
    let modal = egui::Modal::new(Id::unique("console_dialog")).show(ctx, |ui| {
        ui.set_max_width(600.0);
        match dialog {
            Dialog::UnsavedChanges(pending) => unsaved(ui, pending, actions),
            Dialog::Open { path, review } => open(ui, path, *review, recent, actions),
            Dialog::Export { path, wider } => export(ui, path, wider, actions),
            Dialog::SaveAs { path } => save_as(ui, path, actions),
            Dialog::Author { name } => author(ui, name, actions),
            Dialog::Shortcuts => shortcuts(ui, actions),
            Dialog::HandOver { to } => hand_over(ui, incident, now, to, actions),
            Dialog::ConfirmResolve { blockers } => confirm_resolve(ui, blockers, now, actions),
            Dialog::Recover(offers) => recover(ui, offers, actions),
            Dialog::Import(form) => import(ui, form, actions),
            Dialog::Overwrite(question) => overwrite(ui, question, actions),
            Dialog::Share(form) => super::share_dialog::share(ui, form, actions),
            Dialog::Join(form) => super::share_dialog::join(ui, form, actions),
            Dialog::SeverityWizard(state) => match severity_wizard::show(ui, state, incident, now) {
                WizardOutcome::Continue => {}
                WizardOutcome::Close => actions.push(Action::CloseDialog),
                WizardOutcome::Record { answers, level } => {
                    actions.push(Action::RecordAssessment { answers, level })
                }
            },
        }
    });
    if modal.should_close() {
        actions.push(Action::CloseDialog);
    }
}

fn unsaved(ui: &mut Ui, pending: &PendingAction, actions: &mut Vec<Action>) {
    ui.heading("Unsaved changes");
    let what = match pending {
        PendingAction::NewIncident => "starting a new incident",
        PendingAction::Open { .. } => "opening another file",
        PendingAction::Quit => "quitting",
        PendingAction::AdoptLoaded => "switching to the file that has just loaded",
        PendingAction::Join(_) => "joining the shared incident",
    };
    if *pending == PendingAction::AdoptLoaded {
        ui.label("The file you opened has loaded, but this incident was changed while it loaded.");
        ui.label("Cancel keeps working on this incident and does not open the file.");
    }
    ui.label(format!(
        "This incident has changes that are not saved to a file. Save them before {what}?"
    ));
    ui.add_space(8.0);
    ui.horizontal_wrapped(|ui| {
        let save = default_button(ui, "Save", true);
        take_keyboard_if_free(ui, &save);
        if save.clicked() {
            actions.push(Action::SaveThen(pending.clone()));
        }
        if ui.button("Discard changes").clicked() {
            actions.push(Action::Discard(pending.clone()));
        }
        if ui.button("Cancel").clicked() {
            actions.push(Action::CloseDialog);
        }
    });
}

/// A save or export would replace something the user has not seen.
fn overwrite(ui: &mut Ui, question: &OverwriteQuestion, actions: &mut Vec<Action>) {
    let (heading, other) = match &question.purpose {
        WritePurpose::Save { .. } => ("Replace this file?", "Save as another file..."),
        WritePurpose::Export => (
            "Replace this file with the postmortem?",
            "Export to another file...",
        ),
    };
    ui.heading(heading);
    ui.label(&question.question);
    ui.label("Replacing it loses what it holds now.");
    ui.add_space(8.0);
    ui.horizontal_wrapped(|ui| {
        // Cancel first: the safe answer is the one a stray Enter reaches.
        let cancel = default_button(ui, "Cancel", true);
        if cancel.clicked() {
            actions.push(Action::CloseDialog);
        }
        if ui.button(other).clicked() {
            actions.push(Action::Command(match question.purpose {
                WritePurpose::Save { .. } => Command::SaveAs,
                WritePurpose::Export => Command::ExportPostmortem,
            }));
        }
        if ui.button("Replace it").clicked() {
            actions.push(Action::ConfirmOverwrite);
        }
        take_keyboard_if_free(ui, &cancel);
    });
}

pub(super) fn path_field(ui: &mut Ui, path: &mut String, label: &str) -> bool {
    let (response, entered) = line_field(ui, label, path, "dialog_path", 520.0, "");
    let submitted = entered && !path.trim().is_empty();
    if !submitted {
        take_keyboard_if_free(ui, &response);
    }
    submitted
}

fn open(ui: &mut Ui, path: &mut String, review: bool, recent: &[PathBuf], actions: &mut Vec<Action>) {
    let open_action = |path: PathBuf| Action::Open { path, review };
    if review {
        ui.heading("Open an incident file for review");
        ui.label("Read-only: every field is shown, nothing can be changed, and the file is never written.");
    } else {
        ui.heading("Open an incident file");
    }
    let submitted = path_field(ui, path, "File path");
    ui.horizontal_wrapped(|ui| {
        if (default_button(ui, "Open", true).clicked() || submitted) && !path.trim().is_empty() {
            actions.push(Action::CloseDialog);
            actions.push(open_action(PathBuf::from(path.trim())));
        }
        if ui.button("Browse...").clicked() {
            actions.push(Action::CloseDialog);
            actions.push(Action::Browse(PickPurpose::Open));
        }
        if ui.button("Cancel").clicked() {
            actions.push(Action::CloseDialog);
        }
    });
    if !recent.is_empty() {
        ui.add_space(8.0);
        ui.label(RichText::new("Recent files").strong());
        for file in recent {
            if ui.button(file.display().to_string()).clicked() {
                actions.push(Action::CloseDialog);
                actions.push(open_action(file.clone()));
            }
        }
    }
}

fn save_as(ui: &mut Ui, path: &mut String, actions: &mut Vec<Action>) {
    ui.heading("Save the incident as");
    let submitted = path_field(ui, path, "File path");
    ui.label(
        RichText::new("Saved atomically: an existing file is replaced only once the new one is complete.")
            .small()
            .weak(),
    );
    ui.horizontal_wrapped(|ui| {
        if (default_button(ui, "Save", true).clicked() || submitted) && !path.trim().is_empty() {
            actions.push(Action::SaveTo(PathBuf::from(path.trim())));
        }
        if ui.button("Browse...").clicked() {
            actions.push(Action::CloseDialog);
            actions.push(Action::Browse(PickPurpose::SaveAs));
        }
        if ui.button("Cancel").clicked() {
            actions.push(Action::CloseDialog);
        }
    });
}

fn author(ui: &mut Ui, name: &mut String, actions: &mut Vec<Action>) {
    ui.heading("Who is typing?");
    ui.label("Your name is recorded as the author of every timeline entry you make.");
    let width = ui.spacing().text_edit_width;
    let (response, submitted) = line_field(ui, "Your name", name, "author_name", width, "");
    if !submitted {
        take_keyboard_if_free(ui, &response);
    }
    ui.horizontal_wrapped(|ui| {
        if default_button(ui, "OK", true).clicked() || submitted {
            actions.push(Action::SetAuthor(name.clone()));
        }
        if ui.button("Cancel").clicked() {
            actions.push(Action::CloseDialog);
        }
    });
}

fn shortcuts(ui: &mut Ui, actions: &mut Vec<Action>) {
    ui.set_max_width(1000.0);
    ui.heading("Keyboard shortcuts");
    let mut rows: Vec<(String, String)> = Command::all()
        .into_iter()
        .filter_map(|c| c.shortcut().map(|s| (ui.ctx().format_shortcut(&s), c.label())))
        .collect();
    rows.push((
        "Enter".into(),
        "Submit a form; in a dialog, the marked default".into(),
    ));
    rows.push((
        "Space".into(),
        "Press the focused button, tick the focused box".into(),
    ));
    rows.push((
        "Tab / Shift+Tab".into(),
        "Next / previous control, in reading order".into(),
    ));
    rows.push(("Esc".into(), "Leave a field, close a list or a dialog".into()));
    rows.push((
        "Ctrl+Enter".into(),
        "In the severity wizard: set the level".into(),
    ));
    let half = rows.len().div_ceil(2);
    egui::ScrollArea::vertical()
        .min_scrolled_height(560.0)
        .max_height(600.0)
        .show(ui, |ui| {
            ui.horizontal_top(|ui| {
                for (column, chunk) in rows.chunks(half).enumerate() {
                    egui::Grid::new(("shortcut_grid", column))
                        .num_columns(2)
                        .striped(true)
                        .show(ui, |ui| {
                            for (keys, label) in chunk {
                                ui.label(RichText::new(keys).monospace());
                                ui.label(label);
                                ui.end_row();
                            }
                        });
                    ui.add_space(16.0);
                }
            });
        });
    let close = default_button(ui, "Close", true);
    take_keyboard_if_free(ui, &close);
    if close.clicked() {
        actions.push(Action::CloseDialog);
    }
}

fn hand_over(
    ui: &mut Ui,
    incident: &crate::model::Incident,
    now: crate::model::Timestamp,
    to: &mut String,
    actions: &mut Vec<Action>,
) {
    use crate::model::{Edit, Role};
    ui.heading("Hand over command");
    let current = incident
        .current_holder(&Role::IncidentManager)
        .map_or("nobody yet".into(), |a| {
            super::long_text::first_line(&a.person, super::long_text::ONE_LINE_CHARS)
        });
    ui.label(format!(
        "Incident Manager now: {current}. Brief the incoming IM with this, then hand over."
    ));
    let brief = incident.handover_brief(now);
    if super::long_text::is_long(&brief) {
        super::long_text::label(ui, "handover_brief", &brief, &|t| t.monospace());
    } else {
        egui::ScrollArea::vertical()
            .max_height(300.0)
            .id_salt("handover_brief")
            .show(ui, |ui| {
                let mut shown = brief.as_str();
                ui.add(
                    egui::TextEdit::multiline(&mut shown)
                        .desired_width(f32::INFINITY)
                        .font(egui::TextStyle::Monospace),
                );
            });
    }
    if ui.button("Copy brief").clicked() {
        actions.push(Action::Copy(brief.clone()));
    }
    ui.add_space(6.0);
    let (response, submitted) = line_field(ui, "New Incident Manager", to, "handover_to", 260.0, "");
    if !submitted {
        take_keyboard_if_free(ui, &response);
    }
    ui.horizontal_wrapped(|ui| {
        let ready = !to.trim().is_empty();
        if (default_button(ui, "Hand over", ready).clicked() || submitted) && ready {
            actions.push(Action::Edit(Edit::AssignRole {
                role: Role::IncidentManager,
                person: to.trim().to_owned(),
            }));
            actions.push(Action::CloseDialog);
        }
        if ui.button("Cancel").clicked() {
            actions.push(Action::CloseDialog);
        }
    });
}

fn confirm_resolve(
    ui: &mut Ui,
    blockers: &[String],
    now: crate::model::Timestamp,
    actions: &mut Vec<Action>,
) {
    use crate::model::{Edit, TimeField};
    // Read before the buttons: Enter on a focused button is that button's.
    let enter = super::focus::enter_for_default(ui);
    let resolve = |actions: &mut Vec<Action>| {
        actions.push(Action::Edit(Edit::SetTime(TimeField::Resolved, Some(now))));
        actions.push(Action::CloseDialog);
    };
    if blockers.is_empty() {
        ui.heading("Resolve the incident now?");
        ui.label(format!(
            "Records the resolved time as {} and the status as Resolved.",
            crate::model::format_utc(now)
        ));
        ui.label("Resolved means the business impact has ended and the service works as usual.");
        ui.add_space(6.0);
        ui.horizontal_wrapped(|ui| {
            // Nothing is focused: Enter (the default) confirms, Esc cancels.
            if default_button(ui, "Resolve now", true).clicked() || enter {
                resolve(actions);
            }
            if ui.button("Cancel").clicked() {
                actions.push(Action::CloseDialog);
            }
        });
        return;
    }
    ui.heading("Resolve with loose ends?");
    ui.label("Resolved means the business impact has ended and the service works as usual. Still open:");
    for blocker in blockers {
        let blocker = super::long_text::shortened(blocker, super::long_text::SHOWN_CHARS);
        ui.add(egui::Label::new(RichText::new(format!("- {blocker}")).strong()).wrap());
    }
    ui.add_space(6.0);
    ui.horizontal_wrapped(|ui| {
        // The safe answer is the default here.
        let cancel = default_button(ui, "Keep working", true);
        take_keyboard_if_free(ui, &cancel);
        if cancel.clicked() {
            actions.push(Action::CloseDialog);
        }
        if ui.button("Resolve anyway").clicked() {
            resolve(actions);
        }
    });
}

fn recover(ui: &mut Ui, offers: &[RecoveryOffer], actions: &mut Vec<Action>) {
    ui.heading("Recover unsaved work?");
    ui.label(
        "Incident Console did not exit cleanly last time. This work was kept (every change, as it was shown) and not saved to its file:",
    );
    for (i, offer) in offers.iter().enumerate() {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            match &offer.summary {
                Ok((id, title, entries)) => {
                    use super::long_text::{ONE_LINE_CHARS, first_line};
                    let (id, title) = (first_line(id, ONE_LINE_CHARS), first_line(title, ONE_LINE_CHARS));
                    ui.label(RichText::new(format!("{id}  {title}")).strong());
                    ui.label(format!(
                        "{entries} timeline {}",
                        if *entries == 1 { "entry" } else { "entries" }
                    ));
                }
                Err(e) => {
                    ui.colored_label(ui.visuals().error_fg_color, format!("Cannot be read: {e}"));
                }
            }
            if let Some(written) = offer.orphan.written {
                // A file's time can be anything: converting must not panic.
                let at = crate::model::time::from_system_time(written)
                    .map_or_else(|| "at an unknown time".to_owned(), crate::model::format_utc);
                ui.label(format!("Last change kept {at}"));
            }
            if offer.orphan.share_record().is_some() {
                ui.label(
                    RichText::new("Shared with other consoles: restoring rejoins the share and merges what they wrote meanwhile.")
                        .strong(),
                );
            }
            let origin = offer
                .orphan
                .origin
                .as_ref()
                .map_or("never saved to a file".to_owned(), |p| p.display().to_string());
            ui.label(RichText::new(format!("File: {origin}")).small());
            if !offer.orphan.newer_than_origin {
                ui.label(RichText::new("Older than the saved file.").small().weak());
            }
            ui.horizontal(|ui| {
                if offer.summary.is_ok() && ui.button(RichText::new("Restore").strong()).clicked() {
                    actions.push(Action::Restore(i));
                }
                if ui
                    .button("Discard")
                    .on_hover_text("Deletes this autosaved copy")
                    .clicked()
                {
                    actions.push(Action::DiscardRecovery(i));
                }
            });
        });
    }
    if ui
        .button("Decide later")
        .on_hover_text("Keeps the autosaved copies for next time")
        .clicked()
    {
        actions.push(Action::CloseDialog);
    }
}

fn export(ui: &mut Ui, path: &mut String, wider: &mut bool, actions: &mut Vec<Action>) {
    ui.heading("Export the postmortem (Markdown)");
    ui.label(
        "Prefilled from the record in the handbook's order, with the metrics and the full timeline in UTC.",
    );
    ui.checkbox(
        wider,
        "For wider sharing: leave out restricted entries and evidence items, withhold evidence paths",
    );
    let submitted = path_field(ui, path, "File path");
    ui.horizontal_wrapped(|ui| {
        if (default_button(ui, "Export", true).clicked() || submitted) && !path.trim().is_empty() {
            actions.push(Action::ExportReportTo(PathBuf::from(path.trim())));
        }
        if ui.button("Cancel").clicked() {
            actions.push(Action::CloseDialog);
        }
    });
}

fn import(ui: &mut Ui, form: &mut ImportForm, actions: &mut Vec<Action>) {
    ui.heading("Import chat or alerts onto the timeline");
    ui.label("Outside files are read, checked and previewed first; nothing is added until you confirm, and an import can be undone as one step.");
    let before = form.clone();
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Source");
        let names: Vec<String> = ImportSource::ALL.iter().map(|s| s.label().to_owned()).collect();
        let selected = ImportSource::ALL
            .iter()
            .position(|s| *s == form.source)
            .unwrap_or(0);
        if let Some(i) = super::focus::choice(ui, "import_source", &label, selected, &names, None) {
            form.source = ImportSource::ALL[i];
        }
    });
    let path_label = match form.source {
        ImportSource::Slack => "Export folder",
        _ => "File to import",
    };
    let (path_field, entered) = line_field(ui, path_label, &mut form.path, "import_path", 520.0, "");
    if form.path.is_empty() {
        take_keyboard_if_free(ui, &path_field);
    }
    let preview_on_enter = entered && !form.path.trim().is_empty();
    egui::Grid::new("import_options").num_columns(2).show(ui, |ui| {
        let field = |ui: &mut Ui, name: &str, value: &mut String, hint: &str| {
            line_field(ui, name, value, ("import", name), 240.0, hint);
            ui.end_row();
        };
        match form.source {
            ImportSource::Slack => {
                field(ui, "Channel", &mut form.channel, "inc-checkout");
                field(ui, "From (UTC)", &mut form.from, "2026-03-17 14:00 (optional)");
                field(ui, "To (UTC)", &mut form.to, "optional");
                field(
                    ui,
                    "Day files",
                    &mut form.days,
                    "2026-03-17, 2026-03-18 (optional: all days)",
                );
                ui.label("");
                ui.checkbox(&mut form.keep_noise, "Keep joins, leaves and bot messages");
                ui.end_row();
            }
            ImportSource::ChatLog => field(ui, "Date of the first line", &mut form.date, "YYYY-MM-DD"),
            ImportSource::Alertmanager | ImportSource::AlertCsv | ImportSource::SuricataEve => {
                ui.label("");
                ui.checkbox(
                    &mut form.set_detection,
                    "Set the detection source and time from the earliest firing alert (only if not set)",
                );
                ui.end_row();
            }
        }
    });
    if *form != before && form.prepared.is_some() {
        // The preview no longer matches what the form says.
        form.prepared = None;
    }
    ui.horizontal_wrapped(|ui| {
        if (ui.add_enabled(!form.busy, egui::Button::new("Preview")).clicked() || preview_on_enter)
            && !form.busy
        {
            actions.push(Action::PrepareImport);
        }
        if form.busy {
            ui.spinner();
        }
    });
    match &form.prepared {
        Some(Ok(prepared)) => {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.label(RichText::new("Preview").strong());
                for line in &prepared.summary {
                    ui.label(line);
                }
                if let Some(at) = prepared.earliest_firing {
                    ui.label(format!("Earliest firing alert: {}", crate::model::format_utc(at)));
                }
            });
            let count = prepared.batch.entries.len();
            if ui
                .button(RichText::new(format!("Import {count} entries")).strong())
                .clicked()
            {
                actions.push(Action::ConfirmImport);
            }
        }
        Some(Err(e)) => {
            ui.colored_label(ui.visuals().error_fg_color, format!("Nothing imported: {e}"));
        }
        None => {}
    }
    if ui.button("Cancel").clicked() {
        actions.push(Action::CloseDialog);
    }
}
