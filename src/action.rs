//! What the views ask for. Views push [`Action`]s; the app applies them in one
//! place after the UI pass. Defined below the app so views never import it.

use std::path::PathBuf;

use crate::command::Command;
use crate::model::{Assessment, Edit, EntryId, SeverityLevel};

/// Everything the UI can ask for.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Command(Command),
    Edit(Edit),
    /// Open this file, read-only for review or not (asks about unsaved
    /// changes first). Every way of opening comes here.
    Open {
        path: PathBuf,
        review: bool,
    },
    SaveTo(PathBuf),
    /// Carry on with `PendingAction`, discarding unsaved changes.
    Discard(PendingAction),
    SaveThen(PendingAction),
    Browse(PickPurpose),
    CloseDialog,
    SetAuthor(String),
    /// Log the quick-log line (prefix picks the kind).
    QuickLog(String),
    /// Stamp the current time in the quick-log so the text can follow.
    MarkNow,
    DismissNotice,
    Copy(String),
    /// Copy message `i`'s text, its next-update promise brought up to date first.
    CopyMessage(crate::model::ItemId),
    /// Read the files the import dialog names and show the preview.
    PrepareImport,
    /// Add the previewed import to the timeline.
    ConfirmImport,
    /// Take back an import made since the file was opened.
    UndoImport(EntryId),
    /// Open a link from the file, on the user's explicit click.
    OpenLink(String),
    /// Write the Markdown postmortem to this path.
    ExportReportTo(PathBuf),
    /// Show an error from outside the UI pass (autosave, locks).
    ShowError(String),
    /// Restore the recovery offer at this index, or discard it.
    Restore(usize),
    DiscardRecovery(usize),
    /// Replace what the overwrite question named (the user agreed).
    ConfirmOverwrite,
    /// The severity wizard's answers, and the level it set if any.
    RecordAssessment {
        answers: Box<Assessment>,
        level: Option<(SeverityLevel, String)>,
    },
    /// Hash an evidence file on the worker, then add it to the evidence log.
    HashEvidence(Box<EvidenceRequest>),
    /// Share the open incident: host here on `bind` (an address) and
    /// `port`, or through the sync server at `server`.
    StartSharing {
        host: bool,
        bind: String,
        port: String,
        server: String,
    },
    StopSharing,
    /// Join the incident this link names (asks about unsaved changes first).
    Join(String),
    /// Stop waiting for a shared incident.
    CancelJoin,
}

/// An evidence item as the form gives it, before its file is hashed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceRequest {
    pub path: PathBuf,
    pub what: String,
    pub collected_by: String,
    pub handed_to: String,
    pub restricted: bool,
    pub follows: Option<EntryId>,
}

impl Action {
    /// Whether this would change the open incident (refused in review mode).
    /// Every variant is decided here, so a new one cannot slip past the gate.
    pub fn changes_the_record(&self) -> bool {
        match self {
            Action::Edit(_)
            | Action::QuickLog(_)
            | Action::MarkNow
            | Action::Restore(_)
            | Action::ConfirmImport
            | Action::RecordAssessment { .. }
            | Action::HashEvidence(_)
            | Action::UndoImport(_)
            // Review mode never connects to anything.
            | Action::StartSharing { .. } => true,
            // Copying a draft may refresh its promise first (a logged edit);
            // in review mode the app copies the text as recorded.
            Action::CopyMessage(_) => false,
            Action::Command(command) => command.changes_the_record(),
            // Files, dialogs and the clipboard: the record stays as it is
            // (saving a reviewed file elsewhere is "Edit a copy").
            Action::Open { .. }
            | Action::SaveTo(_)
            | Action::Discard(_)
            | Action::SaveThen(_)
            | Action::Browse(_)
            | Action::CloseDialog
            | Action::SetAuthor(_)
            | Action::DismissNotice
            | Action::Copy(_)
            | Action::PrepareImport
            | Action::OpenLink(_)
            | Action::ExportReportTo(_)
            | Action::ShowError(_)
            | Action::DiscardRecovery(_)
            | Action::ConfirmOverwrite
            | Action::StopSharing
            // Joining opens another incident, as opening a file does.
            | Action::Join(_)
            | Action::CancelJoin => false,
        }
    }
}

/// Something that needs the open incident out of the way first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PendingAction {
    NewIncident,
    /// Open this file, read-only for review or not.
    Open {
        path: PathBuf,
        review: bool,
    },
    Quit,
    /// Replace the open incident with the file that finished loading while
    /// it was being changed.
    AdoptLoaded,
    /// Join the incident this link names.
    Join(String),
}

/// What a native file dialog was opened for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickPurpose {
    Open,
    SaveAs,
}

/// Why a file is being written, to carry on after a question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WritePurpose {
    /// The incident file; then carry on with this.
    Save { then: Option<PendingAction> },
    /// The Markdown postmortem.
    Export,
}
