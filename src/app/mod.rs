//! The running console: the open document, the clock, settings, dialogs and
//! background file work. The UI emits [`Action`]s; [`ConsoleApp::apply`] is
//! the one place they take effect, after the UI pass.

mod document;
mod importing;
mod io;
mod safety;
mod settings;

use std::path::{Path, PathBuf};

pub use document::Document;
pub use importing::{ImportForm, ImportSource, Prepared, check_fits};
pub use io::{IoDone, IoWorker, PickPurpose, SaveJob, StartedFor, WritePurpose};
pub use safety::Safety;
pub use settings::Settings;

use crate::command::Command;
use crate::file::target::{self, DiskVersion, Expect};
use crate::model::{
    DisplayZone, Edit, ExportFormat, Incident, Phase, SharedClock, SystemClock, Timestamp,
    timeline::parse_quick_log_line,
};

/// Something that needs the open incident out of the way first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PendingAction {
    NewIncident,
    OpenPath(PathBuf),
    /// Open read-only, for review.
    Review(PathBuf),
    Quit,
    /// Replace the open incident with the file that finished loading while
    /// it was being changed.
    AdoptLoaded,
}

impl Action {
    /// Whether this would change the open incident (refused in review mode).
    fn changes_the_record(&self) -> bool {
        match self {
            Action::Edit(_)
            | Action::QuickLog(_)
            | Action::MarkNow
            | Action::Restore(_)
            | Action::ConfirmImport
            | Action::RecordAssessment { .. }
            | Action::UndoImport(_) => true,
            Action::Command(command) => matches!(
                command,
                Command::Save
                    | Command::FocusQuickLog
                    | Command::MarkNow
                    | Command::SeverityWizard
                    | Command::HandOver
                    | Command::ResolveNow
                    | Command::ComposeMessage
                    | Command::MarkLatestSent
                    | Command::Import
            ),
            _ => false,
        }
    }
}

/// Everything the UI can ask for.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Command(Command),
    Edit(Edit),
    /// Open this file (asks about unsaved changes first).
    OpenPath(PathBuf),
    SaveTo(PathBuf),
    /// Carry on with `PendingAction`, discarding unsaved changes.
    Discard(PendingAction),
    SaveThen(PendingAction),
    Browse(PickPurpose),
    ShowDialog(Dialog),
    CloseDialog,
    SetAuthor(String),
    /// Log the quick-log line (prefix picks the kind).
    QuickLog(String),
    /// Stamp the current time in the quick-log so the text can follow.
    MarkNow,
    DismissNotice,
    Copy(String),
    /// Copy message `i`'s text, its next-update promise brought up to date first.
    CopyMessage(usize),
    /// Open this file read-only, for review (asks about unsaved changes first).
    ReviewPath(PathBuf),
    /// Read the files the import dialog names and show the preview.
    PrepareImport,
    /// Add the previewed import to the timeline.
    ConfirmImport,
    /// Take back an import made since the file was opened.
    UndoImport(crate::model::EntryId),
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
        answers: Box<crate::model::Assessment>,
        level: Option<(crate::model::SeverityLevel, String)>,
    },
}

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
    },
    SaveAs {
        path: String,
    },
    Author {
        name: String,
    },
    Shortcuts,
    SeverityWizard(Box<crate::ui::WizardState>),
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

/// A file that finished loading while the open incident was being changed:
/// held until the user says which to keep.
pub struct Arrived {
    pub path: PathBuf,
    pub incident: Box<Incident>,
    pub disk: DiskVersion,
    pub review: bool,
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
    fn new(orphan: crate::file::recovery::Orphan) -> Self {
        let summary = orphan
            .load()
            .map(|i| (i.id.clone(), i.title.clone(), i.timeline.len()))
            .map_err(|e| e.to_string());
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
    pub quick_log: String,
    pub focus_quick_log: bool,
    /// A time stamped with "mark now", used for the next quick-log entry.
    pub marked_at: Option<Timestamp>,
    pub dialog: Option<Dialog>,
    pub forms: crate::ui::Forms,
    pub timeline: crate::ui::TimelineState,
    /// The review dashboard is shown instead of a phase.
    pub show_review: bool,
    pub review: crate::ui::ReviewCache,
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
    pub wizard_draft: Option<(u64, crate::ui::WizardState)>,
}

pub struct ConsoleApp {
    pub doc: Document,
    pub clock: SharedClock,
    pub settings: Settings,
    settings_path: Option<PathBuf>,
    pub view: ViewState,
    pub notice: Option<Notice>,
    io: IoWorker,
    /// Set once the user chose to quit, so the close request goes through.
    pub(crate) allow_close: bool,
    pub(crate) window_title: String,
    pub(crate) applied_zoom: f32,
    pub(crate) applied_dark: Option<bool>,
    /// Deadlines the window already asked attention for.
    pub attention_requested: Vec<Timestamp>,
    /// Autosave, crash recovery and file locks.
    pub safety: Safety,
    /// Imports made since the file was opened (these can be undone).
    pub session_imports: Vec<crate::model::EntryId>,
    /// Message templates: built-in, plus the user's own folder on the desktop.
    pub templates: crate::comms::Templates,
    pub templates_dir: Option<PathBuf>,
    /// A loaded file waiting for the user's choice (see [`Arrived`]).
    pub arrived: Option<Arrived>,
    /// Where a never-saved incident is proposed to be saved.
    pub documents_dir: PathBuf,
    /// Postmortems written this session and what they hold, so exporting
    /// again to the same file does not ask.
    exported: Vec<(PathBuf, DiskVersion)>,
}

impl ConsoleApp {
    /// A console with a freshly declared incident, settings from `settings_path`.
    pub fn new(clock: SharedClock, settings_path: Option<PathBuf>) -> Self {
        let (settings, settings_problem) = Settings::load_reporting(settings_path.as_deref());
        let incident = Incident::declare(clock.now(), &settings.author);
        let mut app = ConsoleApp {
            doc: Document::new(incident, None),
            clock,
            settings,
            settings_path,
            view: ViewState {
                selected: Phase::Detect,
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
            },
            notice: settings_problem.map(|text| Notice { text, is_error: true }),
            io: IoWorker::default(),
            allow_close: false,
            window_title: String::new(),
            applied_zoom: 1.0,
            applied_dark: None,
            attention_requested: Vec::new(),
            safety: Safety::default(),
            session_imports: Vec::new(),
            templates: crate::comms::Templates::builtin(),
            templates_dir: None,
            arrived: None,
            documents_dir: directories::UserDirs::new()
                .and_then(|d| d.document_dir().map(Path::to_path_buf))
                .or_else(|| std::env::current_dir().ok())
                .unwrap_or_default(),
            exported: Vec::new(),
        };
        app.give_new_incident_its_id();
        app
    }

    /// A freshly declared incident gets the next id this machine has not
    /// used (remembered in settings, and those in the recent files).
    fn give_new_incident_its_id(&mut self) {
        let recent = self.settings.recent_file_ids();
        let id = self.settings.next_incident_id(self.clock.now(), &recent);
        self.doc.incident.id = id.clone();
        self.remember_id(&id);
    }

    /// Notes an id as used on this machine (saved only when it is new).
    fn remember_id(&mut self, id: &str) {
        let before = self.settings.used_ids.first().cloned();
        self.settings.remember_id(id);
        if self.settings.used_ids.first() != before.as_ref() {
            self.save_settings();
        }
    }

    /// Loads the user's templates from `dir` on top of the built-in ones.
    pub fn with_templates(mut self, dir: PathBuf) -> Self {
        let (templates, problems) = crate::comms::Templates::load(Some(&dir));
        self.templates = templates;
        self.templates_dir = Some(dir);
        if !problems.is_empty() {
            self.add_start_error(format!(
                "Some message templates were skipped: {}",
                problems.join("; ")
            ));
        }
        self
    }

    /// Turns on autosave and crash recovery in `root`, and offers to restore
    /// what crashed consoles left there.
    pub fn with_recovery(mut self, root: PathBuf) -> Self {
        let (safety, orphans) = Safety::start(root);
        self.safety = safety;
        self.safety.set_origin(None);
        if let Some(e) = self.safety.last_error.clone() {
            self.add_start_error(e);
        }
        let offers: Vec<RecoveryOffer> = orphans.into_iter().map(RecoveryOffer::new).collect();
        if !offers.is_empty() {
            self.view.dialog = Some(Dialog::Recover(offers));
        }
        self
    }

    /// The production console: system clock, settings in the config dir,
    /// and `open` loaded if given.
    pub fn for_desktop(open: Option<PathBuf>) -> Self {
        Self::for_desktop_with(open, false)
    }

    /// The production console opening `path` read-only, for review.
    pub fn for_desktop_review(path: PathBuf) -> Self {
        Self::for_desktop_with(Some(path), true)
    }

    fn for_desktop_with(open: Option<PathBuf>, review: bool) -> Self {
        let mut app = ConsoleApp::new(std::sync::Arc::new(SystemClock), Settings::default_path());
        if let Some(root) = crate::file::recovery::default_recovery_root() {
            app = app.with_recovery(root);
        }
        if let Some(dir) = crate::comms::default_user_dir() {
            app = app.with_templates(dir);
        }
        app.ask_for_author_if_unset();
        if let Some(path) = open {
            app.start_load(path, review);
        }
        app
    }

    /// Reads `path` on the worker; what the user changes meanwhile is kept.
    fn start_load(&mut self, path: PathBuf, review: bool) {
        let started_for = StartedFor {
            document: self.doc.serial(),
            generation: self.doc.generation(),
        };
        self.io.load(path, review, started_for);
    }

    /// Whether a file is being opened (the status bar says so).
    pub fn loading(&self) -> bool {
        self.io.loading()
    }

    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    pub fn incident(&self) -> &Incident {
        &self.doc.incident
    }

    /// Every entry records its author: with no name known (no settings, no
    /// login name), ask once, unless a more urgent dialog is already up.
    pub fn ask_for_author_if_unset(&mut self) {
        if self.settings.author.trim().is_empty() && self.view.dialog.is_none() && !self.doc.read_only {
            self.view.dialog = Some(Dialog::Author { name: String::new() });
        }
    }

    /// Test hook: make saves fail after `bytes` bytes, as on a full disk.
    pub fn inject_save_fault(&mut self, bytes: Option<usize>) {
        self.io.save_fault = bytes;
    }

    /// Test hook: loads wait until the returned sender sends (once per
    /// load), as on a slow disk, so a test can act while a file loads.
    pub fn hold_loads(&mut self) -> std::sync::mpsc::Sender<()> {
        let (tx, rx) = std::sync::mpsc::channel();
        self.io.load_gate = Some(std::sync::Arc::new(std::sync::Mutex::new(rx)));
        tx
    }

    pub fn io_busy(&self) -> bool {
        self.io.busy()
    }

    fn error(&mut self, text: impl Into<String>) {
        self.notice = Some(Notice {
            text: text.into(),
            is_error: true,
        });
    }

    /// At start several problems can be found (settings, recovery folder,
    /// templates): each is added, none hides another.
    fn add_start_error(&mut self, text: String) {
        match &mut self.notice {
            Some(notice) if notice.is_error => {
                notice.text.push('\n');
                notice.text.push_str(&text);
            }
            _ => self.error(text),
        }
    }

    fn info(&mut self, text: impl Into<String>) {
        self.notice = Some(Notice {
            text: text.into(),
            is_error: false,
        });
    }

    fn save_settings(&mut self) {
        if let Some(path) = &self.settings_path
            && let Err(e) = self.settings.save(path)
        {
            // Settings are a convenience: say so, but never block work, and
            // never hide an earlier problem (e.g. why the settings did not load).
            let text = format!("Settings not saved: {e}");
            match &mut self.notice {
                Some(notice) if notice.is_error && !notice.text.contains(&text) => {
                    notice.text = format!("{}. {text}", notice.text)
                }
                Some(notice) if notice.is_error => {}
                _ => self.notice = Some(Notice { text, is_error: true }),
            }
        }
    }

    /// Applies one action. All changes to the incident pass through here.
    pub fn apply(&mut self, ctx: &egui::Context, action: Action) {
        if self.doc.read_only && action.changes_the_record() {
            self.error("Review mode is read-only: nothing was changed. Use Edit a copy to make changes.");
            return;
        }
        match action {
            Action::Command(command) => self.run_command(ctx, command),
            Action::Edit(edit) => {
                self.edit(edit);
            }
            Action::OpenPath(path) => self.unless_unsaved(ctx, PendingAction::OpenPath(path)),
            Action::SaveTo(path) => self.save_to(path, None),
            Action::Discard(pending) => {
                self.view.dialog = None;
                self.proceed(ctx, pending);
            }
            Action::SaveThen(pending) => {
                self.view.dialog = None;
                match self.doc.path.clone() {
                    Some(path) => self.save_to(path, Some(pending)),
                    None => {
                        self.view.dialog = Some(Dialog::SaveAs {
                            path: self.suggested_path(),
                        })
                    }
                }
            }
            Action::Browse(purpose) => {
                let dir = self
                    .doc
                    .path
                    .as_ref()
                    .and_then(|p| p.parent().map(Path::to_path_buf));
                self.io.pick(purpose, dir);
            }
            Action::ShowDialog(dialog) => self.view.dialog = Some(dialog),
            Action::CloseDialog => {
                if let Some(Dialog::UnsavedChanges(PendingAction::AdoptLoaded)) = &self.view.dialog
                    && let Some(arrived) = self.arrived.take()
                {
                    self.info(format!(
                        "Kept your changes; {} was not opened",
                        arrived.path.display()
                    ));
                }
                if let Some(Dialog::Overwrite(_)) = &self.view.dialog {
                    self.safety.release_target();
                    self.info("Nothing was written");
                }
                if let Some(Dialog::SeverityWizard(state)) = self.view.dialog.take() {
                    // Closed without deciding: nothing changes, nothing is lost.
                    self.view.wizard_draft = Some((self.doc.serial(), *state));
                    self.info("Severity answers kept as a draft: the record is unchanged");
                }
                self.view.dialog = None;
            }
            Action::RecordAssessment { answers, level } => {
                self.view.dialog = None;
                self.view.wizard_draft = None;
                if self.edit(Edit::SetAnswers(answers))
                    && let Some((level, reason)) = level
                {
                    self.edit(Edit::SetSeverity { level, reason });
                }
            }
            Action::ConfirmOverwrite => {
                let Some(Dialog::Overwrite(question)) = self.view.dialog.take() else {
                    return;
                };
                let expect = Expect::Confirmed(question.version);
                match question.purpose {
                    WritePurpose::Save { then } => self.write_incident(question.path, then, expect),
                    WritePurpose::Export => self.write_export(question.path, expect),
                }
            }
            Action::SetAuthor(name) => {
                // The same rule as settings.ron: trimmed, no control characters, bounded.
                self.settings.author = settings::clean_author(&name).0;
                if self.doc.incident.detection.declared_by.is_empty() && !self.doc.read_only {
                    let author = self.settings.author.clone();
                    self.edit(Edit::SetText(crate::model::TextField::DeclaredBy, author));
                }
                self.view.dialog = None;
                self.save_settings();
            }
            Action::QuickLog(text) => {
                // (logged through `edit`, which also schedules the autosave)
                let now = self.now();
                match parse_quick_log_line(&text, now) {
                    Ok((kind, text, typed_at)) => {
                        let at = typed_at.or(self.view.marked_at);
                        if self.edit(Edit::Log { kind, text, at }) {
                            self.view.quick_log.clear();
                            self.view.marked_at = None;
                        }
                    }
                    Err(why) => self.error(why),
                }
            }
            Action::MarkNow => {
                self.view.marked_at = Some(self.now());
                self.view.focus_quick_log = true;
            }
            Action::DismissNotice => self.notice = None,
            Action::ShowError(text) => self.error(text),
            Action::PrepareImport => {
                if let Some(Dialog::Import(form)) = &mut self.view.dialog {
                    form.busy = true;
                    form.prepared = None;
                    let form = form.clone();
                    let copy = self.doc.incident.clone();
                    let author = self.settings.author.clone();
                    self.io.prepare_import(*form, self.clock.now(), copy, author);
                }
            }
            Action::ConfirmImport => {
                let Some(Dialog::Import(form)) = &mut self.view.dialog else {
                    return;
                };
                let Some(Ok(prepared)) = form.prepared.take() else {
                    return;
                };
                self.view.dialog = None;
                let batch = importing::keep_set_detection(prepared.batch, &self.doc.incident);
                if self.edit(Edit::Import(batch)) {
                    let record = self.doc.incident.timeline.entries.iter().rev().find(|e| {
                        e.kind == crate::model::EntryKind::System
                            && e.source.as_deref().is_some_and(|s| s.starts_with("import:"))
                    });
                    if let Some(record) = record {
                        self.session_imports.push(record.id);
                        self.info(record.text.clone());
                    }
                }
            }
            Action::UndoImport(id) => {
                if !self.session_imports.contains(&id) {
                    self.error("Only imports made since this file was opened can be undone; retract entries instead.");
                } else if self.edit(Edit::UndoImport(id)) {
                    self.session_imports.retain(|i| *i != id);
                    self.info("Import undone");
                }
            }
            Action::ReviewPath(path) => self.unless_unsaved(ctx, PendingAction::Review(path)),
            Action::OpenLink(url) => ctx.open_url(egui::OpenUrl::new_tab(url)),
            Action::ExportReportTo(path) => {
                self.view.dialog = None;
                let path = if path.extension().is_none() {
                    path.with_extension("md")
                } else {
                    path
                };
                let resolved = target::resolve(&path).unwrap_or_else(|_| path.clone());
                let expect = match self.exported.iter().find(|(p, _)| *p == resolved) {
                    Some((_, version)) => Expect::Confirmed(Some(version.clone())),
                    None => Expect::Nothing,
                };
                self.write_export(path, expect);
            }
            Action::Restore(i) => self.recover(i, true),
            Action::DiscardRecovery(i) => self.recover(i, false),
            Action::Copy(text) => {
                ctx.copy_text(text);
                self.info("Copied to the clipboard");
            }
            Action::CopyMessage(i) => {
                if self.copy_message(ctx, i) {
                    self.info("Copied to the clipboard");
                }
            }
        }
    }

    /// Copies message `i`; a draft whose template promise has gone stale
    /// gets the promise sending now gives (a logged edit), so the text that
    /// leaves the console is the text in the record.
    fn copy_message(&mut self, ctx: &egui::Context, i: usize) -> bool {
        if !self.doc.read_only
            && let Some(text) = self.doc.incident.refreshed_promise(i, self.now())
        {
            self.edit(Edit::SetMessageText(i, text));
        }
        match self.doc.incident.communications.messages.get(i) {
            Some(message) => {
                ctx.copy_text(message.text.clone());
                true
            }
            None => false,
        }
    }

    /// Restores (or discards) recovery offer `index`, on the user's choice.
    fn recover(&mut self, index: usize, restore: bool) {
        let Some(Dialog::Recover(offers)) = &mut self.view.dialog else {
            return;
        };
        if index >= offers.len() {
            return;
        }
        let offer = offers.remove(index);
        if offers.is_empty() {
            self.view.dialog = None;
        }
        if !restore {
            match offer.orphan.discard() {
                Ok(()) => self.info("Recovered incident discarded"),
                Err(e) => self.error(format!("Cannot discard {}: {e}", offer.orphan.dir.display())),
            }
            return;
        }
        match offer.orphan.load() {
            Ok(incident) => {
                let origin = offer.orphan.origin.clone();
                // The origin as it is now is what the restored work replaces,
                // if it is still this incident; anything else is asked about.
                let disk = origin.as_deref().and_then(|path| match target::what_is_at(path) {
                    target::WhatIsThere::Incident { id, version, .. } if id == incident.id => Some(version),
                    _ => None,
                });
                self.doc = Document::new(incident, origin.clone());
                self.doc.disk = disk;
                // Restored work is unsaved until the user saves it.
                self.doc.touch(true);
                self.safety.reset();
                self.safety.set_origin(origin.as_deref());
                if let Some(path) = &origin {
                    self.safety.lock_file(path);
                }
                self.safety.note_change(std::time::Instant::now());
                self.view.selected = self.doc.incident.phase;
                // Ours now autosaves it; the old folder has served its purpose.
                let _ = offer.orphan.discard();
                self.info("Incident restored from the recovery file. Save it to keep it.");
            }
            Err(e) => self.error(format!("Cannot restore: {e}")),
        }
    }

    /// Applies an edit to the record; says why if it cannot. Returns success.
    fn edit(&mut self, edit: Edit) -> bool {
        let now = self.now();
        match self.doc.incident.apply(edit, now, &self.settings.author) {
            Ok(()) => {
                // Every edit writes or updates a timeline entry.
                self.doc.touch(true);
                self.safety.note_change(std::time::Instant::now());
                true
            }
            Err(e) => {
                self.error(e.to_string());
                false
            }
        }
    }

    fn run_command(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::NewIncident => self.unless_unsaved(ctx, PendingAction::NewIncident),
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
            Command::ExportPostmortem => {
                let base = self
                    .doc
                    .path
                    .clone()
                    .unwrap_or_else(|| PathBuf::from(self.suggested_path()));
                let path = base.with_extension("postmortem.md");
                self.view.dialog = Some(Dialog::Export {
                    path: path.display().to_string(),
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
            Command::CopyLatestDraft => {
                match self
                    .latest_draft()
                    .map(|i| &self.doc.incident.communications.messages[i])
                {
                    Some(_) => {
                        if let Some(i) = self.latest_draft() {
                            self.copy_message(ctx, i);
                        }
                        self.info("Latest draft copied to the clipboard");
                    }
                    None => self.error("There is no draft to copy: start one in Communicate (Ctrl+M)"),
                }
            }
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
    fn latest_draft(&self) -> Option<usize> {
        let messages = &self.doc.incident.communications.messages;
        (0..messages.len()).rev().find(|&i| messages[i].sent_at.is_none())
    }

    /// Ctrl+M: a customer update from the template for the incident's
    /// status, first in the drafts, its text focused.
    fn draft_customer_update(&mut self) {
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

    /// Where Save as proposes to write: the current file, or a new name
    /// from the incident id and a slug of its title that no file has yet.
    fn suggested_path(&self) -> String {
        if let Some(path) = &self.doc.path {
            return path.display().to_string();
        }
        unused_file_name(&self.documents_dir, &suggested_file_stem(&self.doc.incident))
            .display()
            .to_string()
    }

    fn unless_unsaved(&mut self, ctx: &egui::Context, pending: PendingAction) {
        if self.doc.is_dirty() {
            self.view.dialog = Some(Dialog::UnsavedChanges(pending));
        } else {
            self.proceed(ctx, pending);
        }
    }

    fn proceed(&mut self, ctx: &egui::Context, pending: PendingAction) {
        match pending {
            PendingAction::NewIncident => {
                self.safety.clear();
                self.safety.reset();
                self.safety.unlock_file();
                self.safety.set_origin(None);
                self.doc = Document::new(Incident::declare(self.now(), &self.settings.author), None);
                self.give_new_incident_its_id();
                self.session_imports.clear();
                self.view.selected = Phase::Detect;
                self.info("New incident declared");
            }
            PendingAction::OpenPath(path) => {
                self.info(format!("Opening {}...", path.display()));
                self.start_load(path, false);
            }
            PendingAction::Review(path) => {
                self.info(format!("Opening {} for review...", path.display()));
                self.start_load(path, true);
            }
            PendingAction::AdoptLoaded => {
                if let Some(arrived) = self.arrived.take() {
                    self.adopt(arrived);
                }
            }
            PendingAction::Quit => {
                // Saved, or the user chose to discard: nothing left to recover.
                self.safety.clear();
                self.allow_close = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    fn save_to(&mut self, path: PathBuf, then: Option<PendingAction>) {
        let path = if path.extension().is_none() {
            path.with_extension(crate::file::EXTENSION)
        } else {
            path
        };
        self.view.dialog = None;
        let own = self.is_own_file(&path);
        if own && self.doc.read_only {
            self.error("Review mode never writes the file under review. Use Edit a copy to save a copy under another name.");
            return;
        }
        let expect = if own {
            Expect::Own(self.doc.disk.clone())
        } else {
            Expect::Nothing
        };
        self.write_incident(path, then, expect);
    }

    /// Whether `path` is, by any spelling, the file this incident came from.
    fn is_own_file(&self, path: &Path) -> bool {
        let Some(own) = &self.doc.path else {
            return false;
        };
        match (target::resolve(own), target::resolve(path)) {
            (Ok(a), Ok(b)) => a == b,
            _ => own == path,
        }
    }

    /// Starts the save, after the lock checks; the worker looks at the
    /// target once more and asks if it is not what `expect` says.
    fn write_incident(&mut self, path: PathBuf, then: Option<PendingAction>, expect: Expect) {
        let resolved = target::resolve(&path).unwrap_or_else(|_| path.clone());
        if self.is_own_file(&path) {
            if let Some(who) = &self.safety.locked_by_other {
                self.error(format!("Not saved: {who}. Use Save as to save a copy."));
                return;
            }
        } else if let Err(who) = self.safety.claim_target(&resolved) {
            self.error(format!("Not saved: {who}. Choose another file name."));
            return;
        }
        self.io.save(SaveJob {
            path,
            incident: self.doc.incident.clone(),
            generation: self.doc.generation(),
            then,
            expect,
            keep_incidents: self.doc.read_only,
        });
    }

    fn write_export(&mut self, path: PathBuf, expect: Expect) {
        self.io
            .export(path, self.doc.incident.clone(), expect, self.doc.read_only);
    }

    /// Makes a loaded file the open document.
    fn adopt(&mut self, arrived: Arrived) {
        let Arrived {
            path,
            incident,
            disk,
            review,
        } = arrived;
        // The work being replaced was saved or deliberately discarded.
        self.safety.clear();
        self.safety.reset();
        if review {
            // Review never writes: no lock, no autosave, no origin.
            self.safety.unlock_file();
            self.safety.set_origin(None);
        } else {
            self.safety.set_origin(Some(&path));
            self.safety.lock_file(&path);
        }
        self.doc = Document::new(*incident, Some(path.clone()));
        self.doc.disk = Some(disk);
        self.session_imports.clear();
        self.doc.read_only = review;
        self.view.selected = self.doc.incident.phase;
        self.view.show_review = review;
        self.settings.remember(&path);
        let id = self.doc.incident.id.clone();
        self.settings.remember_id(&id);
        self.save_settings();
        match self.safety.locked_by_other.clone() {
            Some(who) => self.error(format!(
                "{who}. Saving over it is refused; use Save as for a copy."
            )),
            None if review => self.info(format!("Opened {} for review (read-only)", path.display())),
            None => self.info(format!("Opened {}", path.display())),
        }
    }

    /// Applies finished file work: called every frame, cheap when idle.
    pub fn poll_io(&mut self, ctx: &egui::Context) {
        while let Some(done) = self.io.try_next() {
            self.finish_io(ctx, done);
        }
    }

    /// Waits for all file work and applies it (tests; no dialogs pending).
    pub fn finish_pending_io(&mut self, ctx: &egui::Context) {
        while let Some(done) = self.io.wait_next() {
            self.finish_io(ctx, done);
        }
    }

    fn finish_io(&mut self, ctx: &egui::Context, done: IoDone) {
        match done {
            IoDone::Loaded {
                path,
                result,
                review,
                started_for,
            } => match result {
                Ok((incident, disk)) => {
                    let arrived = Arrived {
                        path,
                        incident,
                        disk,
                        review,
                    };
                    let unchanged = started_for
                        == StartedFor {
                            document: self.doc.serial(),
                            generation: self.doc.generation(),
                        };
                    if unchanged {
                        self.adopt(arrived);
                    } else {
                        // Changed while it loaded: those changes are the
                        // user's to keep or drop, never silently lost.
                        self.notice = Some(Notice {
                            text: format!(
                                "{} has loaded, but this incident changed meanwhile.",
                                arrived.path.display()
                            ),
                            is_error: false,
                        });
                        self.arrived = Some(arrived);
                        self.view.dialog = Some(Dialog::UnsavedChanges(PendingAction::AdoptLoaded));
                    }
                }
                // The open incident stays as it was: a bad file replaces nothing.
                Err(e) => self.error(format!("Could not open {}: {e}", path.display())),
            },
            IoDone::ImportPrepared(result) => {
                if let Some(Dialog::Import(form)) = &mut self.view.dialog {
                    form.busy = false;
                    form.prepared = Some(*result);
                }
            }
            IoDone::Exported { path, result } => match result {
                Ok(version) => {
                    let resolved = target::resolve(&path).unwrap_or_else(|_| path.clone());
                    self.exported.retain(|(p, _)| *p != resolved);
                    self.exported.push((resolved, version));
                    self.info(format!("Postmortem written to {}", path.display()))
                }
                Err(e) => self.error(format!("Postmortem not written: {e}")),
            },
            IoDone::Asks(stopped) => {
                let version = stopped.conflict.what().version().cloned();
                let question = stopped.conflict.describe(&stopped.path);
                self.view.dialog = Some(Dialog::Overwrite(Box::new(OverwriteQuestion {
                    path: stopped.path,
                    question,
                    version,
                    purpose: stopped.purpose,
                })));
            }
            IoDone::Saved {
                path,
                generation,
                result,
                then,
            } => match result {
                Ok(disk) => {
                    // "Edit a copy": the saved copy is the reviewer's to edit.
                    self.doc.read_only = false;
                    if !self.is_own_file(&path) {
                        let resolved = target::resolve(&path).unwrap_or_else(|_| path.clone());
                        self.safety.adopt_target(&resolved);
                        self.safety.set_origin(Some(&path));
                    }
                    self.doc.mark_saved(path.clone(), generation, disk);
                    if !self.doc.is_dirty() {
                        self.safety.clear();
                    }
                    self.settings.remember(&path);
                    let id = self.doc.incident.id.clone();
                    self.settings.remember_id(&id);
                    self.save_settings();
                    self.info(format!(
                        "Saved {} at {}",
                        path.display(),
                        crate::model::format_utc(self.now())
                    ));
                    if let Some(pending) = then {
                        self.proceed(ctx, pending);
                    }
                }
                Err(e) => {
                    self.safety.release_target();
                    self.error(format!("{e}. Your incident is still open and unsaved."))
                }
            },
            IoDone::Picked { purpose, path } => {
                if let Some(path) = path {
                    match purpose {
                        PickPurpose::Open => self.apply(ctx, Action::OpenPath(path)),
                        PickPurpose::SaveAs => self.save_to(path, None),
                    }
                }
            }
        }
    }

    /// Window title: incident id, file name and an unsaved mark.
    pub fn title(&self) -> String {
        let dirty = if self.doc.read_only {
            "REVIEW (read-only) "
        } else if self.doc.is_dirty() {
            "* "
        } else {
            ""
        };
        format!(
            "{dirty}{} - {} - Incident Console",
            // A hostile file's megabyte id must not become the window title.
            crate::ui::long_text::first_line(&self.doc.incident.id, 80),
            self.doc.display_name()
        )
    }
}

impl eframe::App for ConsoleApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        crate::ui::frame(self, ui);
    }

    fn on_exit(&mut self) {
        // A clean exit with nothing unsaved leaves nothing to recover; unsaved
        // work (the window was closed by the system) stays for next time.
        if !self.doc.is_dirty() {
            self.safety.release();
        } else {
            self.safety.submit(&self.doc);
            self.safety
                .wait_written(self.doc.generation(), std::time::Duration::from_secs(10));
        }
    }
}

/// `INC-2026-0142-checkout-fails-for-eu-customers`: the id and a slug of
/// the title, in lower-case ASCII letters, digits and dashes.
pub fn suggested_file_stem(incident: &Incident) -> String {
    let slug = |text: &str, max: usize| {
        let mut out = String::new();
        for c in text.chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            } else if !out.ends_with('-') {
                out.push('-');
            }
            if out.len() >= max {
                break;
            }
        }
        out.trim_matches('-').to_owned()
    };
    let id = slug(&incident.id, 40);
    let title = slug(&incident.title, 60);
    match (id.is_empty(), title.is_empty()) {
        (true, true) => "incident".to_owned(),
        (false, true) => id,
        (true, false) => title,
        (false, false) => format!("{id}-{title}"),
    }
}

/// `dir/stem.ron`, or `stem-2.ron`, `stem-3.ron`... the first that does not exist.
pub fn unused_file_name(dir: &Path, stem: &str) -> PathBuf {
    let ext = crate::file::EXTENSION;
    let first = dir.join(format!("{stem}.{ext}"));
    if std::fs::symlink_metadata(&first).is_err() {
        return first;
    }
    (2..10_000)
        .map(|n| dir.join(format!("{stem}-{n}.{ext}")))
        .find(|p| std::fs::symlink_metadata(p).is_err())
        .unwrap_or(first)
}
