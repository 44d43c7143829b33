//! File work off the UI thread: parsing or writing a 100,000-entry incident
//! takes a few hundred milliseconds, which must never freeze a frame.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};

use crate::file::target::{self, Conflict, DiskVersion, Expect};
use crate::file::{self, LoadError, SaveError};
use crate::model::Incident;

use crate::action::{PendingAction, PickPurpose, WritePurpose};

/// The document a load was started for, to tell on arrival whether the
/// user changed anything meanwhile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StartedFor {
    pub document: u64,
    pub generation: u64,
}

/// A write that stopped before writing: what is there and why it matters.
pub struct Stopped {
    pub path: PathBuf,
    pub purpose: WritePurpose,
    pub conflict: Conflict,
}

/// A parsed file and what was worked out from it on the worker.
pub struct Loaded {
    pub incident: Box<Incident>,
    /// Its replica and journal (not for review).
    pub journaled: Option<Box<super::document::Journaled>>,
    pub disk: DiskVersion,
    pub record_end: Option<crate::model::Timestamp>,
    pub figures: Option<Box<crate::ui::review::Figures>>,
}

pub enum IoDone {
    Loaded {
        path: PathBuf,
        /// The incident, what is on disk, and what takes a pass over every
        /// entry, done here rather than in a frame: where its record ends
        /// and, for review, the dashboard's figures.
        result: Result<Loaded, LoadError>,
        review: bool,
        started_for: StartedFor,
    },
    Exported {
        path: PathBuf,
        result: Result<DiskVersion, SaveError>,
    },
    ImportPrepared(Box<Result<crate::import::request::Prepared, String>>),
    /// An evidence file's size and SHA-256, or why it could not be read.
    EvidenceHashed {
        request: Box<crate::action::EvidenceRequest>,
        requested_at: crate::model::Timestamp,
        /// The document it was asked for: another one never gets the item.
        document: u64,
        result: Result<(u64, String), String>,
    },
    Saved {
        path: PathBuf,
        generation: u64,
        result: Result<DiskVersion, SaveError>,
        then: Option<PendingAction>,
        /// For "Edit a copy": the copy's replica and journal.
        journaled: Option<Box<super::document::Journaled>>,
    },
    /// Something is at the target that the user has not agreed to replace.
    Asks(Box<Stopped>),
    Picked {
        purpose: PickPurpose,
        path: Option<PathBuf>,
    },
}

pub struct IoWorker {
    tx: Sender<IoDone>,
    rx: Receiver<IoDone>,
    pending: usize,
    loads: usize,
    /// Test hook: saves fail after this many bytes, as on a full disk.
    pub save_fault: Option<usize>,
    /// Test hook: loads wait for a message here, as a slow disk would.
    pub load_gate: Option<std::sync::Arc<std::sync::Mutex<Receiver<()>>>>,
    /// A finished job received by [`IoWorker::wait_ready`], not yet applied.
    ready: Option<IoDone>,
}

impl Default for IoWorker {
    fn default() -> Self {
        let (tx, rx) = channel();
        IoWorker {
            tx,
            rx,
            pending: 0,
            loads: 0,
            save_fault: None,
            load_gate: None,
            ready: None,
        }
    }
}

impl IoWorker {
    pub fn busy(&self) -> bool {
        self.pending > 0
    }

    fn spawn(&mut self, job: impl FnOnce() -> IoDone + Send + 'static) {
        let tx = self.tx.clone();
        self.pending += 1;
        std::thread::spawn(move || {
            // The receiver lives as long as the app; a failed send means it is gone.
            let _ = tx.send(job());
        });
    }

    /// Loads a file; `review` opens it read-only. Its journal is written
    /// at `beside` (not for review).
    pub fn load(&mut self, path: PathBuf, review: bool, started_for: StartedFor, beside: Option<PathBuf>) {
        self.loads += 1;
        let gate = self.load_gate.clone();
        self.spawn(move || {
            if let Some(gate) = gate {
                let _ = gate.lock().map(|rx| rx.recv());
            }
            let result = target::load_versioned(&path).map(|(incident, disk)| Loaded {
                record_end: incident.record_end(),
                figures: review.then(|| Box::new(crate::ui::review::Figures::of(&incident))),
                journaled: (!review)
                    .then(|| Box::new(super::document::Journaled::of(&incident, beside.as_deref()))),
                incident: Box::new(incident),
                disk,
            });
            IoDone::Loaded {
                path,
                result,
                review,
                started_for,
            }
        });
    }

    /// Reads and parses the files an import names.
    /// `incident` is a copy of the open one: the import is tried on it, so
    /// one that would make the file too large to open is refused up front.
    pub fn prepare_import(
        &mut self,
        form: crate::import::request::ImportForm,
        now: crate::model::Timestamp,
        incident: Incident,
        author: String,
    ) {
        self.spawn(move || {
            let result = crate::import::request::prepare(&form, now).and_then(|prepared| {
                crate::import::request::check_fits(incident, &prepared.batch, now, &author)?;
                Ok(prepared)
            });
            IoDone::ImportPrepared(Box::new(result))
        });
    }

    /// Hashes an evidence file (a memory image may be many GB).
    pub fn hash_evidence(
        &mut self,
        request: crate::action::EvidenceRequest,
        requested_at: crate::model::Timestamp,
        document: u64,
    ) {
        self.spawn(move || {
            let result = file::regular::sha256_regular_file(&request.path).map_err(|e| e.to_string());
            IoDone::EvidenceHashed {
                request: Box::new(request),
                requested_at,
                document,
                result,
            }
        });
    }

    /// Writes a report (built on the worker from a snapshot of the incident),
    /// unless something the user has not seen is at `path`. `keep_incidents`
    /// (review mode) refuses to replace any incident file, without asking.
    pub fn export(
        &mut self,
        path: PathBuf,
        incident: Incident,
        expect: Expect,
        keep_incidents: bool,
        wider: bool,
    ) {
        self.spawn(move || {
            if let Some(stop) = stop_before_writing(&path, &expect, keep_incidents, WritePurpose::Export) {
                return stop;
            }
            let text = if wider {
                crate::report::postmortem_for_wider_sharing(&incident)
            } else {
                crate::report::postmortem_markdown(&incident)
            };
            let result = file::save_text(&path, &text).map(|()| written_version(&path, &text));
            IoDone::Exported { path, result }
        });
    }

    /// Saves a snapshot of the incident (cloning is ~5 ms at 100,000 entries;
    /// serializing is ~200 ms, so that happens on the worker), unless what
    /// is at `path` is not what `expect` says.
    pub fn save(&mut self, job: SaveJob) {
        let fault = self.save_fault;
        self.spawn(move || {
            let SaveJob {
                path,
                incident,
                generation,
                then,
                expect,
                keep_incidents,
                copy_journal,
            } = job;
            let purpose = WritePurpose::Save { then: then.clone() };
            if let Some(stop) = stop_before_writing(&path, &expect, keep_incidents, purpose) {
                return stop;
            }
            let result = file::incident_text(&path, &incident).and_then(|text| {
                match fault {
                    Some(bytes) => file::save_text_failing_after(&path, &text, bytes),
                    None => file::save_text(&path, &text),
                }
                .map(|()| written_version(&path, &text))
            });
            let journaled = match (&result, copy_journal) {
                (Ok(_), Some(beside)) => Some(Box::new(super::document::Journaled::of(
                    &incident,
                    beside.as_deref(),
                ))),
                _ => None,
            };
            IoDone::Saved {
                path,
                generation,
                result,
                then,
                journaled,
            }
        });
    }

    /// Shows a native file dialog without blocking the UI. Under a bare X
    /// server there may be no dialog at all; the in-app path field still works.
    pub fn pick(&mut self, purpose: PickPurpose, start_dir: Option<PathBuf>) {
        self.spawn(move || {
            let mut dialog = rfd::FileDialog::new().add_filter("Incident file", &[file::EXTENSION]);
            if let Some(dir) = start_dir {
                dialog = dialog.set_directory(dir);
            }
            let path = match purpose {
                PickPurpose::Open => dialog.pick_file(),
                PickPurpose::SaveAs => dialog.save_file(),
            };
            IoDone::Picked { purpose, path }
        });
    }

    /// Whether a load has been started and not yet applied.
    pub fn loading(&self) -> bool {
        self.loads > 0
    }

    pub fn try_next(&mut self) -> Option<IoDone> {
        let done = match self.ready.take() {
            Some(done) => done,
            None => self.rx.try_recv().ok()?,
        };
        self.pending = self.pending.saturating_sub(1);
        self.count_load(&done);
        Some(done)
    }

    /// Blocks until every started job has finished (for tests and shutdown).
    pub fn wait_next(&mut self) -> Option<IoDone> {
        if self.pending == 0 {
            return None;
        }
        let done = match self.ready.take() {
            Some(done) => done,
            None => self.rx.recv().ok()?,
        };
        self.pending -= 1;
        self.count_load(&done);
        Some(done)
    }

    /// Blocks until a job has finished, and keeps it for the next frame to
    /// apply (benchmarks time that frame alone). Returns whether one did.
    pub fn wait_ready(&mut self) -> bool {
        if self.ready.is_none() && self.pending > 0 {
            self.ready = self.rx.recv().ok();
        }
        self.ready.is_some()
    }

    fn count_load(&mut self, done: &IoDone) {
        if matches!(done, IoDone::Loaded { .. }) {
            self.loads = self.loads.saturating_sub(1);
        }
    }
}

/// One save of the incident file.
pub struct SaveJob {
    pub path: PathBuf,
    pub incident: Incident,
    pub generation: u64,
    pub then: Option<PendingAction>,
    pub expect: Expect,
    pub keep_incidents: bool,
    /// Saving a reviewed file as a copy to edit: make the copy's replica,
    /// with its journal at the path given.
    pub copy_journal: Option<Option<PathBuf>>,
}

/// Looks at the target just before writing: `Some` stops the write, with
/// the question to ask or the refusal to show.
fn stop_before_writing(
    path: &std::path::Path,
    expect: &Expect,
    keep_incidents: bool,
    purpose: WritePurpose,
) -> Option<IoDone> {
    let refuse = |reason: String| {
        let error = SaveError::Refused {
            path: path.to_path_buf(),
            reason,
        };
        match &purpose {
            WritePurpose::Save { then } => IoDone::Saved {
                path: path.to_path_buf(),
                generation: 0,
                result: Err(error),
                then: then.clone(),
                journaled: None,
            },
            WritePurpose::Export => IoDone::Exported {
                path: path.to_path_buf(),
                result: Err(error),
            },
        }
    };
    let target = match target::resolve(path) {
        Ok(target) => target,
        Err(e) => return Some(refuse(e.to_string())),
    };
    match target::check_target(&target, expect) {
        Ok(()) => None,
        Err(Err(reason)) => Some(refuse(reason)),
        Err(Ok(conflict)) if keep_incidents && conflict.what().is_incident() => Some(refuse(format!(
            "it holds {}, and review mode never writes an incident file",
            conflict.what().describe()
        ))),
        Err(Ok(conflict)) => Some(IoDone::Asks(Box::new(Stopped {
            path: path.to_path_buf(),
            purpose,
            conflict,
        }))),
    }
}

/// The version of what was just written (its content is `text`).
fn written_version(path: &std::path::Path, text: &str) -> DiskVersion {
    let modified = target::resolve(path)
        .and_then(std::fs::metadata)
        .and_then(|m| m.modified())
        .ok();
    DiskVersion::of(text.as_bytes(), modified)
}
