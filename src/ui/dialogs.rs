//! Modal dialogs: unsaved changes, open, save as, author, shortcuts. File
//! dialogs are in-app path fields first; the native dialog is an extra,
//! since it may be missing (no desktop portal) on a war-room laptop.

use std::path::PathBuf;

use egui::{Id, RichText, Ui};

use crate::app::{Action, ConsoleApp, Dialog, PendingAction, PickPurpose};
use crate::command::Command;

use super::severity_wizard::{self, WizardOutcome};
use super::widgets::PanelCx;

pub fn show(ctx: &egui::Context, app: &mut ConsoleApp, actions: &mut Vec<Action>) {
    let now = app.now();
    let Some(dialog) = app.view.dialog.as_mut() else {
        return;
    };
    let recent = &app.settings.recent_files;
    let modal = egui::Modal::new(Id::unique("console_dialog")).show(ctx, |ui| {
        ui.set_max_width(600.0);
        match dialog {
            Dialog::UnsavedChanges(pending) => unsaved(ui, pending, actions),
            Dialog::Open { path } => open(ui, path, recent, actions),
            Dialog::SaveAs { path } => save_as(ui, path, actions),
            Dialog::Author { name } => author(ui, name, actions),
            Dialog::Shortcuts => shortcuts(ui, actions),
            Dialog::SeverityWizard(state) => {
                let mut cx = PanelCx {
                    incident: &app.doc.incident,
                    now,
                    forms: &mut app.view.forms,
                    actions,
                };
                if let WizardOutcome::Close = severity_wizard::show(ui, state, &mut cx) {
                    actions.push(Action::CloseDialog);
                }
            }
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
        PendingAction::OpenPath(_) => "opening another file",
        PendingAction::Quit => "quitting",
    };
    ui.label(format!(
        "This incident has changes that are not saved to a file. Save them before {what}?"
    ));
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        if ui.button(RichText::new("Save").strong()).clicked() {
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

fn path_field(ui: &mut Ui, path: &mut String, label: &str) -> bool {
    let label = ui.label(label);
    let response = ui
        .add(
            egui::TextEdit::singleline(path)
                .desired_width(520.0)
                .id_salt("dialog_path"),
        )
        .labelled_by(label.id);
    if !response.has_focus() && ui.memory(|m| m.focused().is_none()) {
        response.request_focus();
    }
    response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) && !path.trim().is_empty()
}

fn open(ui: &mut Ui, path: &mut String, recent: &[PathBuf], actions: &mut Vec<Action>) {
    ui.heading("Open an incident file");
    let submitted = path_field(ui, path, "File path");
    ui.horizontal(|ui| {
        if (ui.button(RichText::new("Open").strong()).clicked() || submitted) && !path.trim().is_empty() {
            actions.push(Action::CloseDialog);
            actions.push(Action::OpenPath(PathBuf::from(path.trim())));
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
                actions.push(Action::OpenPath(file.clone()));
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
    ui.horizontal(|ui| {
        if (ui.button(RichText::new("Save").strong()).clicked() || submitted) && !path.trim().is_empty() {
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
    let label = ui.label("Your name");
    let response = ui
        .add(egui::TextEdit::singleline(name).id_salt("author_name"))
        .labelled_by(label.id);
    if ui.memory(|m| m.focused().is_none()) {
        response.request_focus();
    }
    let submitted = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    ui.horizontal(|ui| {
        if ui.button("OK").clicked() || submitted {
            actions.push(Action::SetAuthor(name.clone()));
        }
        if ui.button("Cancel").clicked() {
            actions.push(Action::CloseDialog);
        }
    });
}

fn shortcuts(ui: &mut Ui, actions: &mut Vec<Action>) {
    ui.heading("Keyboard shortcuts");
    egui::Grid::new("shortcut_grid")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            for command in Command::all() {
                if let Some(shortcut) = command.shortcut() {
                    ui.label(RichText::new(ui.ctx().format_shortcut(&shortcut)).monospace());
                    ui.label(command.label());
                    ui.end_row();
                }
            }
            ui.label(RichText::new("Esc").monospace());
            ui.label("Leave a field or close a dialog");
            ui.end_row();
            ui.label(RichText::new("Enter").monospace());
            ui.label("In the log line: add the note to the timeline");
            ui.end_row();
        });
    if ui.button("Close").clicked() {
        actions.push(Action::CloseDialog);
    }
}
