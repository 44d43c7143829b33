//! File work off the UI thread: parsing or writing a 100,000-entry incident
//! takes a few hundred milliseconds, which must never freeze a frame.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};

use crate::file::{self, LoadError, SaveError};
use crate::model::Incident;

use super::PendingAction;

pub enum IoDone {
    Loaded {
        path: PathBuf,
        result: Result<Box<Incident>, LoadError>,
        review: bool,
    },
    Exported {
        path: PathBuf,
        result: Result<(), SaveError>,
    },
    ImportPrepared(Box<Result<super::Prepared, String>>),
    Saved {
        path: PathBuf,
        generation: u64,
        result: Result<(), SaveError>,
        then: Option<PendingAction>,
    },
    Picked {
        purpose: PickPurpose,
        path: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickPurpose {
    Open,
    SaveAs,
}

pub struct IoWorker {
    tx: Sender<IoDone>,
    rx: Receiver<IoDone>,
    pending: usize,
    /// Test hook: saves fail after this many bytes, as on a full disk.
    pub save_fault: Option<usize>,
}

impl Default for IoWorker {
    fn default() -> Self {
        let (tx, rx) = channel();
        IoWorker {
            tx,
            rx,
            pending: 0,
            save_fault: None,
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

    /// Loads a file; `review` opens it read-only.
    pub fn load(&mut self, path: PathBuf, review: bool) {
        self.spawn(move || {
            let result = file::load(&path).map(Box::new);
            IoDone::Loaded { path, result, review }
        });
    }

    /// Reads and parses the files an import names.
    pub fn prepare_import(&mut self, form: super::ImportForm, now: crate::model::Timestamp) {
        self.spawn(move || IoDone::ImportPrepared(Box::new(super::importing::prepare(&form, now))));
    }

    /// Writes a report (built on the worker from a snapshot of the incident).
    pub fn export(&mut self, path: PathBuf, incident: Incident) {
        self.spawn(move || {
            let text = crate::report::postmortem_markdown(&incident);
            let result = file::save_text(&path, &text);
            IoDone::Exported { path, result }
        });
    }

    /// Saves a snapshot of the incident (cloning is ~5 ms at 100,000 entries;
    /// serializing is ~200 ms, so that happens on the worker).
    pub fn save(&mut self, path: PathBuf, incident: Incident, generation: u64, then: Option<PendingAction>) {
        let fault = self.save_fault;
        self.spawn(move || {
            let text = file::to_ron_string(&incident);
            let result = match fault {
                Some(bytes) => file::save_text_failing_after(&path, &text, bytes),
                None => file::save_text(&path, &text),
            };
            IoDone::Saved {
                path,
                generation,
                result,
                then,
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

    pub fn try_next(&mut self) -> Option<IoDone> {
        let done = self.rx.try_recv().ok()?;
        self.pending = self.pending.saturating_sub(1);
        Some(done)
    }

    /// Blocks until every started job has finished (for tests and shutdown).
    pub fn wait_next(&mut self) -> Option<IoDone> {
        if self.pending == 0 {
            return None;
        }
        let done = self.rx.recv().ok()?;
        self.pending -= 1;
        Some(done)
    }
}
