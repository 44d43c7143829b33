//! The console's commands: one enum carrying each command's label and
//! shortcut, so menus, the Help list and the key handler never disagree.

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::model::Phase;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    NewIncident,
    Open,
    Save,
    SaveAs,
    Quit,
    FocusQuickLog,
    MarkNow,
    ShowPhase(Phase),
    ToggleTimeline,
    ToggleTheme,
    ZoomIn,
    ZoomOut,
    ZoomReset,
    SetAuthor,
    ShowShortcuts,
}

const fn ctrl(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND, key)
}

impl Command {
    /// Every command, in menu order.
    pub fn all() -> Vec<Command> {
        let mut all = vec![
            Command::NewIncident,
            Command::Open,
            Command::Save,
            Command::SaveAs,
            Command::Quit,
            Command::FocusQuickLog,
            Command::MarkNow,
            Command::SetAuthor,
        ];
        all.extend(Phase::ALL.map(Command::ShowPhase));
        all.extend([
            Command::ToggleTimeline,
            Command::ToggleTheme,
            Command::ZoomIn,
            Command::ZoomOut,
            Command::ZoomReset,
            Command::ShowShortcuts,
        ]);
        all
    }

    pub fn label(self) -> String {
        match self {
            Command::NewIncident => "New incident".into(),
            Command::Open => "Open...".into(),
            Command::Save => "Save".into(),
            Command::SaveAs => "Save as...".into(),
            Command::Quit => "Quit".into(),
            Command::FocusQuickLog => "Log a note".into(),
            Command::MarkNow => "Mark the time now, type later".into(),
            Command::ShowPhase(phase) => format!("{} {}", phase.number(), phase.short_name()),
            Command::ToggleTimeline => "Show or hide timeline".into(),
            Command::ToggleTheme => "Light or dark theme".into(),
            Command::ZoomIn => "Zoom in".into(),
            Command::ZoomOut => "Zoom out".into(),
            Command::ZoomReset => "Reset zoom".into(),
            Command::SetAuthor => "Set your name...".into(),
            Command::ShowShortcuts => "Keyboard shortcuts".into(),
        }
    }

    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        Some(match self {
            Command::NewIncident => ctrl(Key::N),
            Command::Open => ctrl(Key::O),
            Command::Save => ctrl(Key::S),
            Command::SaveAs => KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::S),
            Command::Quit => ctrl(Key::Q),
            Command::FocusQuickLog => ctrl(Key::L),
            Command::MarkNow => KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::L),
            Command::ShowPhase(phase) => ctrl(match phase {
                Phase::Detect => Key::Num1,
                Phase::Channels => Key::Num2,
                Phase::Assess => Key::Num3,
                Phase::Communicate => Key::Num4,
                Phase::Escalate => Key::Num5,
                Phase::Delegate => Key::Num6,
                Phase::Resolve => Key::Num7,
                Phase::Lessons => Key::Num8,
            }),
            Command::ToggleTimeline => ctrl(Key::T),
            Command::ZoomIn => ctrl(Key::Plus),
            Command::ZoomOut => ctrl(Key::Minus),
            Command::ZoomReset => ctrl(Key::Num0),
            Command::ShowShortcuts => KeyboardShortcut::new(Modifiers::NONE, Key::F1),
            Command::ToggleTheme | Command::SetAuthor => return None,
        })
    }

}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_commands_share_a_shortcut() {
        let all = Command::all();
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                if let (Some(x), Some(y)) = (a.shortcut(), b.shortcut()) {
                    assert_ne!(x, y, "{a:?} and {b:?} share a shortcut");
                }
            }
        }
    }

    #[test]
    fn labels_are_unique_and_shortcuts_dont_clash_with_typing() {
        let all = Command::all();
        let mut labels: Vec<_> = all.iter().map(|c| c.label()).collect();
        labels.sort();
        labels.dedup();
        assert_eq!(labels.len(), all.len());
        for command in all {
            if let Some(s) = command.shortcut() {
                // F1 is safe while typing; everything else needs a modifier.
                assert!(s.logical_key == Key::F1 || !s.modifiers.is_none(), "{command:?}");
            }
        }
    }
}
