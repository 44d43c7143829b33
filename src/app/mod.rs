//! The running console: the open document, the clock, settings, dialogs and
//! background file work. The UI emits [`Action`]s; [`ConsoleApp::apply`] is
//! the one place they take effect, after the UI pass.

mod commands;
mod document;
mod frame;
mod io;
mod safety;
mod share;
mod worker;

use std::path::{Path, PathBuf};

pub use document::Document;
pub use frame::frame;
pub use safety::Safety;
pub use share::{DEFAULT_PORT, Sharing};
pub use worker::{IoDone, IoWorker, SaveJob, StartedFor};

use crate::action::{Action, PendingAction, WritePurpose};
use crate::file::target::{self, DiskVersion, Expect};
use crate::import::request;
use crate::model::{
    Applied, Edit, Incident, SharedClock, SystemClock, Timestamp, timeline::parse_quick_log_line,
};
use crate::settings::{self, Settings};
use crate::ui::state::{Dialog, Notice, RecoveryOffer, ViewState};

/// A file that finished loading while the open incident was being changed:
/// held until the user says which to keep.
pub struct Arrived {
    pub path: PathBuf,
    pub loaded: worker::Loaded,
    pub review: bool,
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
    /// The open incident shared with other consoles (or one being joined).
    pub sharing: Option<Sharing>,
    /// Repaints the window when something arrives from elsewhere.
    wake: Option<std::sync::Arc<dyn Fn() + Send + Sync>>,
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
            view: ViewState::default(),
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
            sharing: None,
            wake: None,
        };
        app.give_new_incident_its_id();
        app.doc.replica = Some(crate::sync::Replica::new(&app.doc.incident));
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
        self.journal_open_document(true);
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

    /// Test hook: waits until file work has finished without applying it,
    /// so the next frame is the one in which it arrives.
    pub fn wait_for_io_result(&mut self) -> bool {
        self.io.wait_ready()
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
            Action::Open { path, review } => self.unless_unsaved(ctx, PendingAction::Open { path, review }),
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
                if let Some(sharing) = &self.sharing {
                    sharing.session.set_name(self.settings.author.clone());
                }
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
            Action::StartSharing {
                host,
                bind,
                port,
                server,
            } => self.start_sharing_from(host, &bind, &port, &server),
            Action::StopSharing => {
                if self.sharing.is_some() {
                    self.stop_sharing();
                    self.view.dialog = None;
                    self.info("Stopped sharing: this console keeps its copy; the others keep theirs");
                } else {
                    self.info("This incident is not shared");
                }
            }
            Action::Join(link) => self.unless_unsaved(ctx, PendingAction::Join(link)),
            Action::CancelJoin => self.cancel_join(),
            Action::HashEvidence(request) => {
                let now = self.clock.now();
                self.io.hash_evidence(*request, now, self.doc.serial());
            }
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
                let batch = request::keep_set_detection(prepared.batch, &self.doc.incident);
                // The import's own record is the last entry it wrote.
                if let Some(applied) = self.edit_saying_what(Edit::Import(batch))
                    && let Some(&record) = applied.added.last()
                {
                    self.session_imports.push(record);
                    if let Some(entry) = self.doc.incident.timeline.get(record) {
                        self.info(entry.text.clone());
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
            Action::OpenLink(url) => ctx.open_url(egui::OpenUrl::new_tab(url)),
            Action::ExportReportTo(path) => {
                self.view.export_wider = matches!(self.view.dialog, Some(Dialog::Export { wider: true, .. }));
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
    fn copy_message(&mut self, ctx: &egui::Context, id: crate::model::ItemId) -> bool {
        if !self.doc.read_only
            && let Some(text) = self.doc.incident.refreshed_promise(id, self.now())
        {
            self.edit(Edit::SetMessageText(id, text));
        }
        match self
            .doc
            .incident
            .communications
            .messages
            .iter()
            .find(|m| m.id == id)
        {
            Some(message) => {
                ctx.copy_text(message.text.clone());
                true
            }
            None => false,
        }
    }

    /// Makes `doc` the open document. Freeing a 100,000-entry incident
    /// takes longer than a frame, so a big one is freed on a worker.
    fn replace_document(&mut self, doc: Document) {
        // Another incident: a share of this one stops (joining one goes on).
        if self.sharing.as_ref().is_some_and(|s| !s.joining) {
            self.stop_sharing();
        }
        let old = std::mem::replace(&mut self.doc, doc);
        if old.incident.timeline.len() >= crate::model::timeline::BIG_TIMELINE {
            std::thread::spawn(move || drop(old));
        }
    }

    /// Applies an edit to the record; says why if it cannot. Returns success.
    pub(super) fn edit(&mut self, edit: Edit) -> bool {
        self.edit_saying_what(edit).is_some()
    }

    /// Applies an edit, returning the entries it wrote (`None`: refused,
    /// and the user was told why).
    fn edit_saying_what(&mut self, edit: Edit) -> Option<Applied> {
        let now = self.now();
        match self.doc.apply(edit, now, &self.settings.author) {
            Ok((applied, change)) => {
                if let Some(change) = change {
                    // On disk (the system's) before the console shows it.
                    self.safety.journal_change(&change);
                    if self.safety.journal_wants_compacting()
                        && let Some(replica) = &self.doc.replica
                    {
                        let document = replica.save();
                        self.safety.compact_journal(&document, true);
                    }
                    if let Some(sharing) = &self.sharing
                        && !sharing.joining
                        && sharing.document == self.doc.serial()
                    {
                        sharing.session.send(change);
                    }
                }
                // Every edit writes or updates a timeline entry.
                self.doc.touch(true);
                self.safety.note_change(std::time::Instant::now());
                Some(applied)
            }
            Err(e) => {
                self.error(e.to_string());
                None
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
        frame(self, ui);
    }

    fn on_exit(&mut self) {
        // The others see this console leave; its journal keeps the rest.
        if let Some(sharing) = self.sharing.take() {
            sharing.session.stop();
        }
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
