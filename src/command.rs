//! The console's commands: one enum carrying each command's label and
//! shortcut, so menus, the Help list and the key handler never disagree.

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::model::Phase;

/// Declared in menu order: [`Command::all`] walks the enum itself, so a new
/// command is in the Help list, the key handler and the clash tests at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::EnumIter)]
pub enum Command {
    NewIncident,
    Open,
    OpenForReview,
    EditACopy,
    ExportPostmortem,
    /// The postmortem without restricted entries and evidence paths.
    ExportForWiderSharing,
    Import,
    Save,
    SaveAs,
    Quit,
    FocusQuickLog,
    MarkNow,
    SeverityWizard,
    ComposeMessage,
    CopyLatestDraft,
    MarkLatestSent,
    HandOver,
    ResolveNow,
    /// Share the incident with other consoles (or see the link).
    ShareIncident,
    JoinIncident,
    StopSharing,
    SetAuthor,
    /// One command per phase (Ctrl+1 to Ctrl+8).
    ShowPhase(Phase),
    ShowReview,
    ToggleTimeline,
    FilterTimeline,
    TimelineOrder,
    TimelineZone,
    JumpToNow,
    CopyTimelineMarkdown,
    CopyTimelinePlain,
    ToggleTheme,
    ZoomIn,
    ZoomOut,
    ZoomReset,
    ShowShortcuts,
}

const fn ctrl(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND, key)
}

const fn ctrl_shift(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), key)
}

impl Command {
    /// Every command, in menu order: each variant of the enum, and
    /// `ShowPhase` once for each phase.
    pub fn all() -> Vec<Command> {
        use strum::IntoEnumIterator;
        Command::iter()
            .flat_map(|command| match command {
                Command::ShowPhase(_) => Phase::ALL.map(Command::ShowPhase).to_vec(),
                command => vec![command],
            })
            .collect()
    }

    /// Whether running this changes the open incident, or opens something
    /// that would (refused in review mode). Every command is decided here.
    pub fn changes_the_record(self) -> bool {
        match self {
            Command::Save
            | Command::FocusQuickLog
            | Command::MarkNow
            | Command::SeverityWizard
            | Command::HandOver
            | Command::ResolveNow
            | Command::ComposeMessage
            | Command::MarkLatestSent
            | Command::Import
            // Review mode never connects to anything.
            | Command::ShareIncident => true,
            // Reading, moving around, the view and the clipboard; Edit a
            // copy and Save as write another file, never the one reviewed.
            Command::NewIncident
            | Command::Open
            | Command::OpenForReview
            | Command::EditACopy
            | Command::ExportPostmortem
            | Command::ExportForWiderSharing
            | Command::SaveAs
            | Command::Quit
            | Command::CopyLatestDraft
            | Command::JoinIncident
            | Command::StopSharing
            | Command::SetAuthor
            | Command::ShowPhase(_)
            | Command::ShowReview
            | Command::ToggleTimeline
            | Command::FilterTimeline
            | Command::TimelineOrder
            | Command::TimelineZone
            | Command::JumpToNow
            | Command::CopyTimelineMarkdown
            | Command::CopyTimelinePlain
            | Command::ToggleTheme
            | Command::ZoomIn
            | Command::ZoomOut
            | Command::ZoomReset
            | Command::ShowShortcuts => false,
        }
    }

    pub fn label(self) -> String {
        match self {
            Command::NewIncident => "New incident".into(),
            Command::Open => "Open...".into(),
            Command::OpenForReview => "Open for review...".into(),
            Command::EditACopy => "Edit a copy...".into(),
            Command::ExportPostmortem => "Export postmortem...".into(),
            Command::ExportForWiderSharing => "Export postmortem for wider sharing...".into(),
            Command::Import => "Import chat or alerts...".into(),
            Command::ShowReview => "9 Review and metrics".into(),
            Command::Save => "Save".into(),
            Command::SaveAs => "Save as...".into(),
            Command::Quit => "Quit".into(),
            Command::FocusQuickLog => "Log a note".into(),
            Command::MarkNow => "Mark the time now, type later".into(),
            Command::SeverityWizard => "Assess severity...".into(),
            Command::ComposeMessage => "Draft a customer update for the current status".into(),
            Command::CopyLatestDraft => "Copy the latest draft".into(),
            Command::MarkLatestSent => "Mark the latest draft as sent".into(),
            Command::HandOver => "Hand over command...".into(),
            Command::ResolveNow => "Resolve now...".into(),
            Command::ShareIncident => "Share...".into(),
            Command::JoinIncident => "Join...".into(),
            Command::StopSharing => "Stop sharing".into(),
            Command::ShowPhase(phase) => format!("{} {}", phase.number(), phase.short_name()),
            Command::ToggleTimeline => "Show or hide timeline".into(),
            Command::FilterTimeline => "Filter the timeline".into(),
            Command::TimelineOrder => "Newest or oldest first".into(),
            Command::TimelineZone => "Times in UTC or local time".into(),
            Command::JumpToNow => "Jump to now".into(),
            Command::CopyTimelineMarkdown => "Copy timeline as Markdown".into(),
            Command::CopyTimelinePlain => "Copy timeline as plain text".into(),
            Command::ToggleTheme => "Light or dark theme".into(),
            Command::ZoomIn => "Zoom in".into(),
            Command::ZoomOut => "Zoom out".into(),
            Command::ZoomReset => "Reset zoom".into(),
            Command::SetAuthor => "Set your name...".into(),
            Command::ShowShortcuts => "Keyboard shortcuts".into(),
        }
    }

    /// Commands in the order their shortcuts must be checked: egui lets
    /// Ctrl+S match while Shift is also held, so Ctrl+Shift+S goes first.
    pub fn by_shortcut_specificity() -> Vec<Command> {
        let mut all = Command::all();
        all.sort_by_key(|c| std::cmp::Reverse(c.shortcut().map_or(0, |s| modifier_count(s.modifiers))));
        all
    }

    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        Some(match self {
            Command::NewIncident => ctrl(Key::N),
            Command::Open => ctrl(Key::O),
            Command::OpenForReview => ctrl(Key::R),
            Command::EditACopy => ctrl_shift(Key::E),
            Command::ExportPostmortem => ctrl_shift(Key::P),
            Command::ExportForWiderSharing => ctrl_shift(Key::W),
            Command::Import => ctrl(Key::I),
            Command::ShowReview => ctrl(Key::Num9),
            Command::Save => ctrl(Key::S),
            Command::SaveAs => ctrl_shift(Key::S),
            Command::Quit => ctrl(Key::Q),
            Command::FocusQuickLog => ctrl(Key::L),
            Command::MarkNow => ctrl_shift(Key::L),
            Command::SeverityWizard => ctrl(Key::E),
            Command::ComposeMessage => ctrl(Key::M),
            Command::CopyLatestDraft => ctrl_shift(Key::M),
            Command::MarkLatestSent => ctrl_shift(Key::K),
            Command::HandOver => ctrl_shift(Key::H),
            Command::ResolveNow => ctrl_shift(Key::R),
            Command::ShareIncident => ctrl_shift(Key::G),
            Command::JoinIncident => ctrl_shift(Key::J),
            Command::StopSharing => ctrl_shift(Key::B),
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
            Command::FilterTimeline => ctrl(Key::F),
            Command::TimelineOrder => ctrl_shift(Key::O),
            Command::TimelineZone => ctrl_shift(Key::U),
            Command::JumpToNow => ctrl_shift(Key::N),
            Command::CopyTimelineMarkdown => ctrl_shift(Key::C),
            Command::CopyTimelinePlain => ctrl_shift(Key::X),
            Command::ToggleTheme => ctrl_shift(Key::D),
            Command::SetAuthor => ctrl_shift(Key::A),
            Command::ZoomIn => ctrl(Key::Plus),
            Command::ZoomOut => ctrl(Key::Minus),
            Command::ZoomReset => ctrl(Key::Num0),
            Command::ShowShortcuts => KeyboardShortcut::new(Modifiers::NONE, Key::F1),
        })
    }
}

fn modifier_count(m: Modifiers) -> u8 {
    u8::from(m.alt) + u8::from(m.shift) + u8::from(m.ctrl || m.command || m.mac_cmd)
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
    fn shifted_shortcuts_are_checked_first() {
        let order = Command::by_shortcut_specificity();
        let pos = |c| order.iter().position(|x| *x == c).unwrap();
        assert!(pos(Command::SaveAs) < pos(Command::Save));
        assert!(pos(Command::MarkNow) < pos(Command::FocusQuickLog));
        assert!(pos(Command::JumpToNow) < pos(Command::NewIncident));
        assert_eq!(order.len(), Command::all().len());
    }

    #[test]
    fn the_list_holds_every_variant_and_each_phase_once() {
        use strum::IntoEnumIterator;
        let all = Command::all();
        assert_eq!(all.len(), Command::iter().count() - 1 + Phase::ALL.len());
        for phase in Phase::ALL {
            assert_eq!(all.iter().filter(|c| **c == Command::ShowPhase(phase)).count(), 1);
        }
    }

    #[test]
    fn every_command_has_a_shortcut() {
        for command in Command::all() {
            assert!(command.shortcut().is_some(), "{command:?}");
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
