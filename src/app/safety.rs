//! Nothing is ever lost: autosave to this console's recovery folder within
//! two seconds of a change, recovery of what a crashed console left behind,
//! and a lock so two consoles never silently write the same incident file.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::file::recovery::{self, Autosaver, FileLock, Orphan, RecoverySlot};

use super::Document;

/// Autosave once changes pause this long...
pub const AUTOSAVE_AFTER_PAUSE: Duration = Duration::from_millis(700);
/// ...or once the oldest unsaved change is this old, whichever comes first,
/// so the file on disk is never more than 2 s behind (writing included).
pub const AUTOSAVE_AT_THE_LATEST: Duration = Duration::from_millis(1400);

#[derive(Default)]
pub struct Safety {
    root: Option<PathBuf>,
    slot: Option<RecoverySlot>,
    autosaver: Option<Autosaver>,
    /// Generation last handed to the autosaver, and last known on disk.
    submitted: u64,
    pub written: u64,
    /// First change not yet handed to the autosaver, and the latest change.
    pending_since: Option<Instant>,
    last_change: Option<Instant>,
    file_lock: Option<FileLock>,
    /// Taken for a Save as target before writing, until the save finishes.
    pending_lock: Option<(PathBuf, FileLock)>,
    /// Set when another console holds the open file.
    pub locked_by_other: Option<String>,
    pub last_error: Option<String>,
    /// Every change of the open document, written as it is made.
    journal: Option<crate::sync::Journal>,
    /// The journal's length when it last started over from a whole document.
    journal_base: u64,
}

impl Safety {
    /// Claims a recovery folder under `root` and starts the autosaver.
    /// Returns the orphans other consoles left behind.
    pub fn start(root: PathBuf) -> (Safety, Vec<Orphan>) {
        let orphans = recovery::find_orphans(&root);
        let mut safety = Safety {
            root: Some(root.clone()),
            ..Safety::default()
        };
        match RecoverySlot::claim(&root) {
            Ok(slot) => {
                safety.slot = Some(slot);
                safety.autosaver = Some(Autosaver::start());
            }
            Err(e) => {
                safety.last_error = Some(format!("Autosave is off: cannot use {}: {e}", root.display()))
            }
        }
        (safety, orphans)
    }

    pub fn enabled(&self) -> bool {
        self.slot.is_some()
    }

    pub fn recovery_file(&self) -> Option<PathBuf> {
        self.slot.as_ref().map(RecoverySlot::incident_path)
    }

    /// A change was made to the record.
    pub fn note_change(&mut self, now: Instant) {
        self.pending_since.get_or_insert(now);
        self.last_change = Some(now);
    }

    /// Hands the document to the autosaver when due; returns how long until
    /// the next check is needed (for scheduling a repaint), if one is.
    pub fn tick(&mut self, doc: &Document, now: Instant) -> Option<Duration> {
        let autosaver = self.autosaver.as_ref()?;
        while let Some(done) = autosaver.try_done() {
            match done.result {
                Ok(()) => {
                    self.written = self.written.max(done.generation);
                    self.last_error = None;
                }
                Err(e) => self.last_error = Some(format!("Autosave failed: {e}")),
            }
        }
        if !doc.is_dirty() || doc.generation() == self.submitted {
            self.pending_since = None;
            return None;
        }
        let since = *self.pending_since.get_or_insert(now);
        let last = self.last_change.unwrap_or(since);
        let due = (last + AUTOSAVE_AFTER_PAUSE).min(since + AUTOSAVE_AT_THE_LATEST);
        if now >= due {
            self.submit(doc);
            None
        } else {
            Some(due - now)
        }
    }

    /// Autosaves now, whatever the timing (tests, before risky operations).
    pub fn submit(&mut self, doc: &Document) {
        if let (Some(slot), Some(autosaver)) = (&self.slot, &self.autosaver) {
            // A snapshot: the entries are shared, so this copies pointers (a few
            // ms at 100,000 entries); serializing happens on the worker.
            autosaver.submit(slot.incident_path(), doc.incident.clone(), doc.generation());
            self.submitted = doc.generation();
            self.pending_since = None;
        }
    }

    /// Waits until the autosave of `generation` is on disk (tests).
    pub fn wait_written(&mut self, generation: u64, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        while self.written < generation {
            let Some(autosaver) = &self.autosaver else {
                return false;
            };
            let left = deadline.saturating_duration_since(Instant::now());
            match autosaver.wait_done(left) {
                Some(done) if done.result.is_ok() => self.written = self.written.max(done.generation),
                Some(_) => {}
                None => return false,
            }
        }
        true
    }

    /// The document's origin file changed (opened, saved as, new).
    pub fn set_origin(&mut self, path: Option<&Path>) {
        if let Some(slot) = &self.slot
            && let Err(e) = slot.set_origin(path)
        {
            self.last_error = Some(format!("Autosave: {e}"));
        }
    }

    /// The work is safe elsewhere (saved, or deliberately discarded): remove it.
    pub fn clear(&mut self) {
        self.pending_since = None;
        if let Some(slot) = &self.slot
            && let Err(e) = slot.clear()
        {
            self.last_error = Some(format!("Cannot remove the recovery file: {e}"));
        }
        self.mark_journal_saved();
    }

    /// The journal so far is saved elsewhere: nothing in it to recover.
    fn mark_journal_saved(&mut self) {
        if let (Some(slot), Some(journal)) = (&self.slot, &self.journal)
            && let Err(e) = slot.mark_journal_saved(journal.len())
        {
            self.last_error = Some(format!("Journal: {e}"));
        }
    }

    /// Starts the journal of a new open document from its whole document
    /// (`bytes`); small documents only (a big one's is written by the
    /// worker that loaded it, see [`Safety::journal_beside`]).
    pub fn start_journal(&mut self, bytes: &[u8], saved: bool) {
        let Some(slot) = &self.slot else { return };
        match crate::sync::Journal::create(&slot.journal_path(), bytes) {
            Ok(journal) => {
                self.journal_base = journal.len();
                self.journal = Some(journal);
                if saved {
                    self.mark_journal_saved();
                } else if let Err(e) = slot.mark_journal_saved(0) {
                    self.last_error = Some(format!("Journal: {e}"));
                }
            }
            Err(e) => {
                self.journal = None;
                self.last_error = Some(format!("The journal is off: {e}"));
            }
        }
    }

    /// Where a worker writes the next document's journal, beside the
    /// current one (which the current document still appends to).
    pub fn journal_beside(&self) -> Option<std::path::PathBuf> {
        self.slot.as_ref().map(|s| s.dir().join("journal.next.am"))
    }

    /// Makes a journal a worker wrote the open document's; `saved`: it
    /// holds nothing that is not in a file (opened, not restored).
    pub fn adopt_journal(&mut self, mut journal: crate::sync::Journal, saved: bool) {
        let Some(slot) = &self.slot else { return };
        match journal.rename_to(&slot.journal_path()) {
            Ok(()) => {
                self.journal_base = journal.len();
                self.journal = Some(journal);
                if saved {
                    self.mark_journal_saved();
                }
            }
            Err(e) => self.last_error = Some(format!("The journal is off: {e}")),
        }
    }

    /// The open document is not journaled (review): none is kept.
    pub fn stop_journal(&mut self) {
        self.journal = None;
        if let Some(slot) = &self.slot {
            slot.drop_journal();
        }
    }

    /// Writes a change to the journal before the console shows it. A
    /// failure is said (the autosave still runs) and never stops work.
    pub fn journal_change(&mut self, change: &[u8]) {
        if let Some(journal) = &mut self.journal
            && let Err(e) = journal.append(change)
        {
            self.last_error = Some(format!("Journal write failed: {e}"));
        }
    }

    /// Whether the journal has grown enough to start over from the whole
    /// document (typing stores a field's whole text per key: a long text
    /// typed key by key is megabytes of changes, but compresses to little).
    pub fn journal_wants_compacting(&self) -> bool {
        self.journal
            .as_ref()
            .is_some_and(|j| j.len() > (8 * 1024 * 1024).max(self.journal_base.saturating_mul(8)))
    }

    /// Starts the journal over from `document` (atomically: the old one
    /// stays until the new one is on disk); `dirty`: it holds unsaved work.
    pub fn compact_journal(&mut self, document: &[u8], dirty: bool) {
        self.start_journal(document, !dirty);
    }

    /// How the open document is shared (`share.ron`), kept so a console
    /// restarted after a crash rejoins; `None` removes it.
    pub fn record_share(&mut self, record: Option<&str>) {
        let Some(slot) = &self.slot else { return };
        let result = match record {
            Some(text) => crate::file::save_text(&slot.share_path(), text).map_err(|e| e.to_string()),
            None => match std::fs::remove_file(slot.share_path()) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.to_string()),
                _ => Ok(()),
            },
        };
        if let Err(e) = result {
            self.last_error = Some(format!("Share record: {e}"));
        }
    }

    /// A new document replaces the old one: forget what was submitted.
    pub fn reset(&mut self) {
        self.submitted = 0;
        self.written = 0;
        self.pending_since = None;
        self.last_change = None;
    }

    /// On a clean exit: the folder goes.
    pub fn release(&mut self) {
        if let Some(slot) = self.slot.take() {
            slot.release();
        }
    }

    /// Locks `path` for this console. Another console holding it is reported
    /// (not fatal: the file opens, saving over it is refused).
    pub fn lock_file(&mut self, path: &Path) {
        self.file_lock = None;
        self.locked_by_other = None;
        if let Some(root) = &self.root {
            match recovery::lock_incident_file(root, path) {
                Ok(lock) => self.file_lock = Some(lock),
                Err(e) => self.locked_by_other = Some(e),
            }
        }
    }

    pub fn unlock_file(&mut self) {
        self.file_lock = None;
        self.locked_by_other = None;
    }

    /// Before writing to a file that is not the open one: takes its lock, or
    /// says which console holds it (then nothing may be written there).
    pub fn claim_target(&mut self, target: &Path) -> Result<(), String> {
        if self.pending_lock.as_ref().is_some_and(|(p, _)| p == target) {
            return Ok(());
        }
        self.pending_lock = None;
        let Some(root) = &self.root else {
            return Ok(());
        };
        let lock = recovery::lock_incident_file(root, target)?;
        self.pending_lock = Some((target.to_path_buf(), lock));
        Ok(())
    }

    /// The file saved to is now the open one: its claimed lock becomes ours.
    pub fn adopt_target(&mut self, target: &Path) {
        match self.pending_lock.take() {
            Some((path, lock)) if path == target => {
                self.file_lock = Some(lock);
                self.locked_by_other = None;
            }
            _ => self.lock_file(target),
        }
    }

    /// A save to a claimed target did not happen: let the lock go.
    pub fn release_target(&mut self) {
        self.pending_lock = None;
    }
}
