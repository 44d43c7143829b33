//! The app's side of file work: opening, saving and exporting, with the
//! questions they raise, and applying what the worker finished.

use std::path::{Path, PathBuf};

use super::worker::{IoDone, Loaded, SaveJob, StartedFor};
use super::{Arrived, ConsoleApp, Document};
use crate::action::{Action, PendingAction, PickPurpose};
use crate::file::target::{self, Expect};
use crate::model::{Incident, Phase};
use crate::ui::state::{Dialog, Notice, OverwriteQuestion};

impl ConsoleApp {
    /// Reads `path` on the worker; what the user changes meanwhile is kept.
    pub(super) fn start_load(&mut self, path: PathBuf, review: bool) {
        let started_for = StartedFor {
            document: self.doc.serial(),
            generation: self.doc.generation(),
        };
        let beside = (!review).then(|| self.safety.journal_beside()).flatten();
        self.io.load(path, review, started_for, beside);
    }

    /// Where Save as proposes to write: the current file, or a new name
    /// from the incident id and a slug of its title that no file has yet.
    pub(super) fn suggested_path(&self) -> String {
        if let Some(path) = &self.doc.path {
            return path.display().to_string();
        }
        unused_file_name(&self.documents_dir, &suggested_file_stem(&self.doc.incident))
            .display()
            .to_string()
    }

    pub(super) fn unless_unsaved(&mut self, ctx: &egui::Context, pending: PendingAction) {
        if self.doc.is_dirty() {
            self.view.dialog = Some(Dialog::UnsavedChanges(pending));
        } else {
            self.proceed(ctx, pending);
        }
    }

    pub(super) fn proceed(&mut self, ctx: &egui::Context, pending: PendingAction) {
        match pending {
            PendingAction::NewIncident => {
                self.safety.clear();
                self.safety.reset();
                self.safety.unlock_file();
                self.safety.set_origin(None);
                self.replace_document(Document::new(
                    Incident::declare(self.now(), &self.settings.author),
                    None,
                ));
                self.give_new_incident_its_id();
                self.journal_open_document(true);
                self.session_imports.clear();
                self.view.selected = Phase::Detect;
                self.info("New incident declared");
            }
            PendingAction::Open { path, review } => {
                let how = if review { " for review" } else { "" };
                self.info(format!("Opening {}{how}...", path.display()));
                self.start_load(path, review);
            }
            PendingAction::Join(link) => self.join(&link),
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

    pub(super) fn save_to(&mut self, path: PathBuf, then: Option<PendingAction>) {
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
    pub(super) fn is_own_file(&self, path: &Path) -> bool {
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
    pub(super) fn write_incident(&mut self, path: PathBuf, then: Option<PendingAction>, expect: Expect) {
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
            // "Edit a copy": the copy gets its replica and journal.
            copy_journal: self.doc.read_only.then(|| self.safety.journal_beside()),
        });
    }

    pub(super) fn write_export(&mut self, path: PathBuf, expect: Expect) {
        self.io.export(
            path,
            self.doc.incident.clone(),
            expect,
            self.doc.read_only,
            self.view.export_wider,
        );
    }

    /// Makes a loaded file the open document.
    pub(super) fn adopt(&mut self, arrived: Arrived) {
        let Arrived { path, loaded, review } = arrived;
        let Loaded {
            incident,
            journaled,
            disk,
            record_end,
            figures,
        } = loaded;
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
        self.replace_document(Document::new(*incident, Some(path.clone())).knowing_record_end(record_end));
        self.doc.read_only = review;
        self.adopt_journaled(journaled.map(|j| *j), true);
        if let Some(figures) = figures {
            self.view.review = crate::ui::ReviewCache::ready(self.doc.review_generation(), *figures);
        }
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

    pub(super) fn finish_io(&mut self, ctx: &egui::Context, done: IoDone) {
        match done {
            IoDone::Loaded {
                path,
                result,
                review,
                started_for,
            } => match result {
                Ok(loaded) => {
                    let arrived = Arrived { path, loaded, review };
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
            IoDone::EvidenceHashed {
                request,
                requested_at,
                document,
                result,
            } => {
                let forms = &mut self.view.forms.security;
                forms.evidence_busy = false;
                let status = match result {
                    // Another incident was opened meanwhile (or this one for review).
                    _ if document != self.doc.serial() || self.doc.read_only => Err(format!(
                        "Not added: another incident was opened while {} was hashed",
                        request.path.display()
                    )),
                    Err(why) => Err(format!("Not added: {why}")),
                    Ok((size, sha256)) => {
                        let evidence = crate::model::Evidence {
                            path: request.path.display().to_string(),
                            size,
                            sha256,
                            what: request.what,
                            collected_by: request.collected_by,
                            // When it was taken in: the hash is of the file as it was then.
                            collected_at: requested_at,
                            handed_to: request.handed_to,
                            follows: request.follows,
                        };
                        let edit = crate::model::Edit::AddEvidence {
                            evidence,
                            restricted: request.restricted,
                        };
                        if self.edit(edit) {
                            Ok(format!("Added: {}", request.path.display()))
                        } else {
                            Err("Not added: see the message above".to_owned())
                        }
                    }
                };
                let forms = &mut self.view.forms.security;
                if status.is_ok() {
                    forms.clear_evidence();
                }
                forms.evidence_status = Some(status);
            }
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
                journaled,
            } => match result {
                Ok(disk) => {
                    // "Edit a copy": the saved copy is the reviewer's to edit.
                    if self.doc.read_only {
                        self.doc.read_only = false;
                        self.adopt_journaled(journaled.map(|j| *j), true);
                    }
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
                        PickPurpose::Open => self.apply(ctx, Action::Open { path, review: false }),
                        PickPurpose::SaveAs => self.save_to(path, None),
                    }
                }
            }
        }
    }

    /// Restores (or discards) recovery offer `index`, on the user's choice.
    pub(super) fn recover(&mut self, index: usize, restore: bool) {
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
        // From the journal (every change, and how it was shared) when there
        // is one, else the autosave.
        let (loaded, share) = match crate::sync::recover::from_journal(&offer.orphan) {
            Some(Ok(recovered)) => (Ok((recovered.incident, Some(recovered.replica))), recovered.share),
            _ => (offer.orphan.load().map(|i| (i, None)), None),
        };
        match loaded {
            Ok((incident, replica)) => {
                let origin = offer.orphan.origin.clone();
                // The origin as it is now is what the restored work replaces,
                // if it is still this incident; anything else is asked about.
                let disk = origin.as_deref().and_then(|path| match target::what_is_at(path) {
                    target::WhatIsThere::Incident { id, version, .. } if id == incident.id => Some(version),
                    _ => None,
                });
                self.replace_document(Document::new(incident, origin.clone()));
                self.doc.replica = replica;
                self.journal_open_document(false);
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
                if let Some(record) = share {
                    self.resume_share(&record);
                }
            }
            Err(e) => self.error(format!("Cannot restore: {e}")),
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

impl ConsoleApp {
    /// Gives the open document its replica (made now if it has none) and
    /// starts its journal; `saved`: nothing in it needs recovering yet.
    /// For documents made here, which are small (a big one comes from a
    /// worker through [`ConsoleApp::adopt_journaled`]).
    pub(super) fn journal_open_document(&mut self, saved: bool) {
        if self.doc.read_only {
            self.safety.stop_journal();
            return;
        }
        let replica = self
            .doc
            .replica
            .get_or_insert_with(|| crate::sync::Replica::new(&self.doc.incident));
        self.safety.start_journal(&replica.save(), saved);
    }

    /// Takes the replica and journal a worker made for the open document.
    pub(super) fn adopt_journaled(&mut self, journaled: Option<super::document::Journaled>, saved: bool) {
        match journaled {
            Some(super::document::Journaled { replica, journal }) => {
                self.doc.replica = Some(replica);
                match journal {
                    Some(journal) => self.safety.adopt_journal(journal, saved),
                    None => self.journal_open_document(saved),
                }
            }
            None => self.journal_open_document(saved),
        }
    }
}
