//! The views' state that is not part of the record: which phase is shown,
//! the open dialog and its fields, the forms, caches. The app owns it and
//! hands each view its part.

use std::path::PathBuf;

use crate::action::{PendingAction, WritePurpose};
use crate::file::target::DiskVersion;
use crate::import::request::ImportForm;
use crate::model::{Phase, Timestamp};

#[derive(Debug, Clone, PartialEq)]
pub enum Dialog {
    UnsavedChanges(PendingAction),
    Open {
        path: String,
        /// Read-only, for review.
        review: bool,
    },
    /// Where to write the Markdown postmortem.
    Export {
        path: String,
        /// The variant for wider sharing (no restricted entries, no evidence paths).
        wider: bool,
    },
    SaveAs {
        path: String,
    },
    Author {
        name: String,
    },
    Shortcuts,
    SeverityWizard(Box<super::WizardState>),
    /// Hand command to a new Incident Manager, with the brief to copy.
    HandOver {
        to: String,
    },
    /// Resolving with open tasks or no resolved message: say which, confirm.
    ConfirmResolve {
        blockers: Vec<String>,
    },
    /// Incidents autosaved by consoles that did not exit cleanly.
    Recover(Vec<RecoveryOffer>),
    /// Bring chat exports and alerts onto the timeline.
    Import(Box<ImportForm>),
    /// Something the user has not seen is where a save or export would write.
    Overwrite(Box<OverwriteQuestion>),
    /// Share this incident with other consoles, or see how it is shared.
    Share(Box<ShareForm>),
    /// Open an incident another console shares.
    Join(Box<JoinForm>),
}

/// Incident > Share...: how to share, then the link to give the others.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ShareForm {
    /// Host here (the others connect to this laptop), or use a sync server.
    pub host: bool,
    /// The network interfaces to listen on: what the list shows, and the address.
    pub interfaces: Vec<(String, String)>,
    pub interface: usize,
    pub port: String,
    /// The sync server's address.
    pub server: String,
    pub error: Option<String>,
    /// Set once shared: the link and how it stands.
    pub live: Option<LiveShare>,
}

/// A share that is running, as its dialog shows it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LiveShare {
    /// `automerge:... ws://host:port`, to give the others.
    pub link: String,
    /// "Hosting on ...", "Through the sync server ...".
    pub how: String,
    /// Who is connected, what is not yet sent.
    pub status: String,
}

/// Incident > Join...: the link, and how the joining goes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct JoinForm {
    pub link: String,
    /// Joining: what it waits for.
    pub waiting: Option<String>,
    pub error: Option<String>,
}

/// A write that waits for the user: replace what is there, or not.
#[derive(Debug, Clone, PartialEq)]
pub struct OverwriteQuestion {
    pub path: PathBuf,
    /// What is there and why it is asked ("... not this incident's file ...").
    pub question: String,
    /// Exactly what the user agrees to replace (`None`: it vanished).
    pub version: Option<DiskVersion>,
    pub purpose: WritePurpose,
}

/// One incident that can be restored, with what the user needs to decide.
#[derive(Debug, Clone)]
pub struct RecoveryOffer {
    pub orphan: crate::file::recovery::Orphan,
    /// id, title and entry count, or why it cannot be read.
    pub summary: Result<(String, String, usize), String>,
}

impl PartialEq for RecoveryOffer {
    fn eq(&self, other: &Self) -> bool {
        self.orphan.dir == other.orphan.dir
    }
}

impl RecoveryOffer {
    pub fn new(orphan: crate::file::recovery::Orphan) -> Self {
        let summary = crate::sync::recover::load_orphan(&orphan)
            .map(|i| (i.id.clone(), i.title.clone(), i.timeline.len()));
        RecoveryOffer { orphan, summary }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub text: String,
    pub is_error: bool,
}

/// View state that is not part of the record.
pub struct ViewState {
    /// The phase shown in the centre (the incident's current phase is data).
    pub selected: Phase,
    /// The last export asked for the variant for wider sharing.
    pub export_wider: bool,
    pub quick_log: String,
    pub focus_quick_log: bool,
    /// A time stamped with "mark now", used for the next quick-log entry.
    pub marked_at: Option<Timestamp>,
    pub dialog: Option<Dialog>,
    pub forms: super::Forms,
    pub timeline: super::TimelineState,
    /// The review dashboard is shown instead of a phase.
    pub show_review: bool,
    pub review: super::ReviewCache,
    /// The shown panel's first empty field takes the keyboard next frame.
    pub focus_panel: bool,
    /// A dialog was open last frame (closing one gives the panel the keyboard).
    pub had_dialog: bool,
    /// The window is too narrow for the timeline beside the panel, so it
    /// folded away by itself...
    pub timeline_folded: bool,
    /// ...unless the user asked for it anyway (Ctrl+T).
    pub timeline_despite_width: bool,
    /// Severity wizard answers closed with Esc, for the next opening of
    /// the same document (by its serial).
    pub wizard_draft: Option<(u64, super::WizardState)>,
}

impl Default for ViewState {
    fn default() -> Self {
        ViewState {
            selected: Phase::Detect,
            export_wider: false,
            quick_log: String::new(),
            focus_quick_log: false,
            marked_at: None,
            dialog: None,
            forms: Default::default(),
            timeline: Default::default(),
            show_review: false,
            review: Default::default(),
            focus_panel: true,
            had_dialog: false,
            timeline_folded: false,
            timeline_despite_width: false,
            wizard_draft: None,
        }
    }
}
