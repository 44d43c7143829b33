//! The open incident, where it lives on disk, and whether it has unsaved work.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::file::target::DiskVersion;
use crate::model::{Applied, Edit, EditError, Incident, Timestamp};
use crate::sync::{Journal, Replica};

pub struct Document {
    pub incident: Incident,
    /// The shared document behind an editable incident: every edit goes
    /// through it (and so into the journal, and to the others when shared).
    /// `None` in review mode, which never changes anything.
    pub replica: Option<Replica>,
    /// The file it was opened from or last saved to.
    pub path: Option<PathBuf>,
    /// Opened for review: nothing may change it, and it is never written.
    pub read_only: bool,
    /// What `path` held when this console last opened or saved it; a save
    /// that finds anything else there asks first. `None`: not known.
    pub disk: Option<DiskVersion>,
    /// Unique per document, so work started for one is never applied to another.
    serial: u64,
    /// Bumped by every change to the record; compared with `saved_generation`.
    generation: u64,
    saved_generation: u64,
    /// Changes whenever what the timeline shows may have changed; unique
    /// across documents so a cache of one is never taken for another.
    timeline_generation: u64,
    /// [`Incident::record_end`] and the generation it was taken at: a scan
    /// of the whole timeline, done once per change, never once per frame.
    record_end: Option<(u64, Option<crate::model::Timestamp>)>,
}

fn next_timeline_generation() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(1);
    COUNTER.fetch_add(1, Ordering::Relaxed)
}

impl Document {
    pub fn new(incident: Incident, path: Option<PathBuf>) -> Self {
        Document {
            incident,
            replica: None,
            path,
            read_only: false,
            disk: None,
            serial: next_timeline_generation(),
            generation: 0,
            saved_generation: 0,
            timeline_generation: next_timeline_generation(),
            record_end: None,
        }
    }

    /// Applies an edit through the replica when there is one: returns what
    /// it wrote, and the change's bytes to journal and send.
    pub fn apply(
        &mut self,
        edit: Edit,
        now: Timestamp,
        author: &str,
    ) -> Result<(Applied, Option<Vec<u8>>), EditError> {
        match &mut self.replica {
            Some(replica) => replica
                .apply_local(&mut self.incident, edit, now, author)
                .map(|(applied, change)| (applied, Some(change))),
            None => self
                .incident
                .apply(edit, now, author)
                .map(|applied| (applied, None)),
        }
    }

    /// Changes with any change to the record or its timeline: what the
    /// review's figures are kept for.
    pub fn review_generation(&self) -> u64 {
        self.generation ^ (self.timeline_generation << 32)
    }

    /// A document whose record end was already worked out (by the loader).
    pub fn knowing_record_end(mut self, end: Option<crate::model::Timestamp>) -> Self {
        self.record_end = Some((self.generation, end));
        self
    }

    /// Where the record ends (see [`Incident::record_end`]), remembered
    /// until the record changes.
    pub fn record_end(&mut self) -> Option<crate::model::Timestamp> {
        match self.record_end {
            Some((generation, end)) if generation == self.generation => end,
            _ => {
                let end = self.incident.record_end();
                self.record_end = Some((self.generation, end));
                end
            }
        }
    }

    pub fn is_dirty(&self) -> bool {
        self.generation != self.saved_generation
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    pub fn serial(&self) -> u64 {
        self.serial
    }

    pub fn timeline_generation(&self) -> u64 {
        self.timeline_generation
    }

    /// Records a change to the record (and whether the timeline may show it).
    pub fn touch(&mut self, timeline: bool) {
        self.generation += 1;
        if timeline {
            self.timeline_generation = next_timeline_generation();
        }
    }

    /// Records that the content of `generation` is now safely at `path`,
    /// which now holds `disk`.
    pub fn mark_saved(&mut self, path: PathBuf, generation: u64, disk: DiskVersion) {
        self.path = Some(path);
        self.saved_generation = generation;
        self.disk = Some(disk);
    }

    /// File name for the window title and status bar.
    pub fn display_name(&self) -> String {
        match &self.path {
            Some(path) => path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string()),
            None => "unsaved incident".to_owned(),
        }
    }
}

/// A document's replica and its journal's first record, made where the
/// incident is (a worker, for a big one: encoding 100,000 entries takes a
/// few hundred milliseconds).
pub struct Journaled {
    pub replica: Replica,
    /// Written beside the open document's journal, to take its place.
    pub journal: Option<Journal>,
}

impl Journaled {
    pub fn of(incident: &Incident, beside: Option<&std::path::Path>) -> Journaled {
        Journaled::from_replica(Replica::new(incident), beside)
    }

    pub fn from_replica(replica: Replica, beside: Option<&std::path::Path>) -> Journaled {
        // Without a journal the console still works, autosaving as before.
        let journal = beside.and_then(|path| Journal::create(path, &replica.save()).ok());
        Journaled { replica, journal }
    }
}
