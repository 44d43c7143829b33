//! The menu bar. Every item is a [`Command`] and shows its shortcut.

use egui::Ui;

use super::focus;
use crate::action::Action;
use crate::command::Command;
use crate::model::Phase;

fn item(ui: &mut Ui, command: Command, actions: &mut Vec<Action>) {
    let mut button = egui::Button::new(command.label());
    if let Some(shortcut) = command.shortcut() {
        button = button.shortcut_text(ui.ctx().format_shortcut(&shortcut));
    }
    if ui.add(button).clicked() {
        actions.push(Action::Command(command));
        ui.close();
    }
}

pub fn show(ui: &mut Ui, recent_files: &[std::path::PathBuf], actions: &mut Vec<Action>) {
    egui::MenuBar::new().ui(ui, |ui| {
        focus::menu_button(ui, "File", |ui| {
            item(ui, Command::NewIncident, actions);
            item(ui, Command::Open, actions);
            item(ui, Command::OpenForReview, actions);
            focus::menu_button(ui, "Open recent", |ui| {
                if recent_files.is_empty() {
                    ui.label("No recent files");
                }
                for path in recent_files {
                    if ui.button(path.display().to_string()).clicked() {
                        actions.push(Action::Open {
                            path: path.clone(),
                            review: false,
                        });
                        ui.close();
                    }
                }
            });
            ui.separator();
            item(ui, Command::Save, actions);
            item(ui, Command::SaveAs, actions);
            item(ui, Command::EditACopy, actions);
            item(ui, Command::ExportPostmortem, actions);
            item(ui, Command::ExportForWiderSharing, actions);
            item(ui, Command::Import, actions);
            ui.separator();
            item(ui, Command::Quit, actions);
        });
        focus::menu_button(ui, "Incident", |ui| {
            item(ui, Command::FocusQuickLog, actions);
            item(ui, Command::MarkNow, actions);
            item(ui, Command::SeverityWizard, actions);
            item(ui, Command::ComposeMessage, actions);
            item(ui, Command::CopyLatestDraft, actions);
            item(ui, Command::MarkLatestSent, actions);
            item(ui, Command::HandOver, actions);
            item(ui, Command::ResolveNow, actions);
            ui.separator();
            item(ui, Command::ShareIncident, actions);
            item(ui, Command::JoinIncident, actions);
            item(ui, Command::StopSharing, actions);
            ui.separator();
            for phase in Phase::ALL {
                item(ui, Command::ShowPhase(phase), actions);
            }
            item(ui, Command::ShowReview, actions);
            ui.separator();
            item(ui, Command::SetAuthor, actions);
        });
        focus::menu_button(ui, "View", |ui| {
            item(ui, Command::ToggleTimeline, actions);
            item(ui, Command::ToggleTheme, actions);
            ui.separator();
            item(ui, Command::ZoomIn, actions);
            item(ui, Command::ZoomOut, actions);
            item(ui, Command::ZoomReset, actions);
        });
        focus::menu_button(ui, "Help", |ui| {
            item(ui, Command::ShowShortcuts, actions);
        });
    });
}
