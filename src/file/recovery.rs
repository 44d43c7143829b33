//! Crash recovery: each running console owns a folder in the recovery
//! directory, holds an OS lock on it for its lifetime, and autosaves its open
//! incident there (atomically, off the UI thread). A folder whose lock can be
//! taken belongs to a console that is gone: its incident can be restored.
//!
//! ```text
//! <data dir>/recovery/<pid>-<start>/lock          held while the console runs
//!                                  /incident.ron  the unsaved incident (autosave)
//!                                  /origin.txt    the file it came from, if any
//!                                  /journal.am    every change as made (sync::journal)
//!                                  /journal.saved its length when last saved or opened
//!                                  /share.ron     how it was shared, to rejoin
//! ```
//!
//! The journal holds every change the moment it is made; the autosave is
//! at most 2 s behind. A journal longer than when it was last saved holds
//! work to recover, and is preferred to the autosave.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Condvar, Mutex};
use std::time::SystemTime;

use super::{SaveError, incident_text, load, save_text};
use crate::model::Incident;

const INCIDENT: &str = "incident.ron";
const ORIGIN: &str = "origin.txt";
const LOCK: &str = "lock";
pub const JOURNAL: &str = "journal.am";
const JOURNAL_SAVED: &str = "journal.saved";
pub const SHARE: &str = "share.ron";

/// Where recovery folders live by default (`None` without an OS data dir).
pub fn default_recovery_root() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "incident-console").map(|d| d.data_dir().join("recovery"))
}

/// This console's recovery folder, locked for as long as the value lives.
pub struct RecoverySlot {
    dir: PathBuf,
    // Holding the file keeps the OS lock; dropping it releases the lock.
    _lock: File,
}

impl RecoverySlot {
    /// Creates and locks a fresh folder for this process under `root`.
    pub fn claim(root: &Path) -> std::io::Result<RecoverySlot> {
        let stamp = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let dir = root.join(format!("{}-{stamp}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(dir.join(LOCK))?;
        lock.lock()?;
        Ok(RecoverySlot { dir, _lock: lock })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn incident_path(&self) -> PathBuf {
        self.dir.join(INCIDENT)
    }

    pub fn journal_path(&self) -> PathBuf {
        self.dir.join(JOURNAL)
    }

    pub fn share_path(&self) -> PathBuf {
        self.dir.join(SHARE)
    }

    /// Records that the journal's first `len` bytes are saved (or were
    /// opened from a file): only what comes after is work to recover.
    pub fn mark_journal_saved(&self, len: u64) -> Result<(), SaveError> {
        save_text(&self.dir.join(JOURNAL_SAVED), &len.to_string())
    }

    /// Records which file the autosaved incident belongs to, as an absolute
    /// path with symlinks resolved, so a console started in another folder
    /// restores it to the same file.
    pub fn set_origin(&self, origin: Option<&Path>) -> Result<(), SaveError> {
        let text = origin
            .map(|p| super::target::resolve(p).unwrap_or_else(|_| p.to_path_buf()))
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        save_text(&self.dir.join(ORIGIN), &text)
    }

    /// Removes the autosaved incident (after a clean save, exit or discard).
    /// The origin stays: the next autosave still belongs to the same file.
    pub fn clear(&self) -> std::io::Result<()> {
        match std::fs::remove_file(self.dir.join(INCIDENT)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// Removes the journal and what goes with it (a document opened for
    /// review has none).
    pub fn drop_journal(&self) {
        for name in [JOURNAL, JOURNAL_SAVED, SHARE] {
            let _ = std::fs::remove_file(self.dir.join(name));
        }
    }

    /// Removes the whole folder on a clean exit.
    pub fn release(self) {
        let dir = self.dir.clone();
        drop(self);
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// An autosaved incident left behind by a console that is no longer running.
#[derive(Debug, Clone)]
pub struct Orphan {
    pub dir: PathBuf,
    pub origin: Option<PathBuf>,
    /// When it was last autosaved.
    pub written: Option<SystemTime>,
    /// Whether it is newer than its origin file (or has no origin file).
    pub newer_than_origin: bool,
    /// A journal holding changes made after the last save.
    pub journal: bool,
}

/// Whether the journal in `dir` holds changes made after it was last saved.
fn journal_has_work(dir: &Path) -> bool {
    let Ok(meta) = std::fs::symlink_metadata(dir.join(JOURNAL)) else {
        return false;
    };
    let saved = std::fs::read_to_string(dir.join(JOURNAL_SAVED))
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok());
    meta.is_file() && saved.is_none_or(|saved| meta.len() > saved)
}

/// Recovery folders whose console is gone and that hold an incident.
pub fn find_orphans(root: &Path) -> Vec<Orphan> {
    let Ok(read) = std::fs::read_dir(root) else {
        return Vec::new();
    };
    let mut orphans = Vec::new();
    for dir in read.flatten().map(|e| e.path()).filter(|p| p.is_dir()) {
        let incident = dir.join(INCIDENT);
        if is_locked(&dir.join(LOCK)) {
            continue;
        }
        let journal = journal_has_work(&dir);
        if !incident.exists() && !journal {
            // Left by a console that was killed with nothing unsaved: no data,
            // so tidy up (once old enough not to be a console starting right now).
            let age = std::fs::metadata(&dir)
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok());
            if age.is_some_and(|a| a > std::time::Duration::from_secs(60)) {
                let _ = std::fs::remove_dir_all(&dir);
            }
            continue;
        }
        // Only absolute origins are trusted: a relative one (older consoles)
        // would name a different file from another working folder.
        let origin = super::target::read_regular(&dir.join(ORIGIN))
            .ok()
            .and_then(|(bytes, _)| String::from_utf8(bytes).ok())
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .map(PathBuf::from)
            .filter(|p| p.is_absolute());
        let written = [&incident, &dir.join(JOURNAL)]
            .into_iter()
            .filter_map(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok())
            .max();
        let origin_time = origin
            .as_ref()
            .and_then(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
        let newer_than_origin = match (written, origin_time) {
            (Some(w), Some(o)) => w > o,
            _ => true,
        };
        orphans.push(Orphan {
            dir,
            origin,
            written,
            newer_than_origin,
            journal,
        });
    }
    orphans.sort_by_key(|o| std::cmp::Reverse(o.written));
    orphans
}

/// True while another process holds the lock (a live console).
fn is_locked(lock: &Path) -> bool {
    // Only a regular file is opened: a FIFO put there would block the start.
    if super::regular::check_regular(lock, u64::MAX).is_err() {
        return false;
    }
    match File::open(lock) {
        Ok(file) => matches!(file.try_lock(), Err(TryLockError::WouldBlock)),
        Err(_) => false,
    }
}

impl Orphan {
    /// The autosave it holds (the journal, which holds every change, is
    /// read by `sync::recover`, which prefers it).
    pub fn load(&self) -> Result<Incident, super::LoadError> {
        load(&self.dir.join(INCIDENT))
    }

    /// Its journal, if it holds work made after the last save.
    pub fn journal_with_work(&self) -> Option<PathBuf> {
        self.journal.then(|| self.dir.join(JOURNAL))
    }

    /// Its share record (`share.ron`), if it was shared.
    pub fn share_record(&self) -> Option<String> {
        std::fs::read_to_string(self.dir.join(SHARE)).ok()
    }

    /// Deletes it (only ever on the user's choice).
    pub fn discard(&self) -> std::io::Result<()> {
        std::fs::remove_dir_all(&self.dir)
    }
}

/// Another console has this incident file open: its lock is held.
pub struct FileLock {
    _file: File,
}

/// Takes the per-file lock for `path` (kept under `root/locks`), or says who
/// has it.
pub fn lock_incident_file(root: &Path, path: &Path) -> Result<FileLock, String> {
    use std::hash::{Hash, Hasher};
    // One lock per file, however it is spelled (`..`, symlinks, relative).
    let absolute = super::target::resolve(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf());
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    absolute.hash(&mut hasher);
    let locks = root.join("locks");
    std::fs::create_dir_all(&locks).map_err(|e| e.to_string())?;
    let lock_path = locks.join(format!("{:016x}.lock", hasher.finish()));
    let mut file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(&lock_path)
        .map_err(|e| e.to_string())?;
    match file.try_lock() {
        Ok(()) => {
            use std::io::{Seek, Write};
            let _ = file.set_len(0);
            let _ = file.seek(std::io::SeekFrom::Start(0));
            let _ = write!(file, "pid {}\n{}\n", std::process::id(), absolute.display());
            Ok(FileLock { _file: file })
        }
        Err(TryLockError::WouldBlock) => {
            let holder = std::fs::read_to_string(&lock_path).unwrap_or_default();
            let pid = holder.lines().next().unwrap_or("another process").to_owned();
            Err(format!(
                "{} is open in another Incident Console ({pid})",
                absolute.display()
            ))
        }
        Err(TryLockError::Error(e)) => Err(e.to_string()),
    }
}

/// Writes autosaves on a worker thread, newest first: a burst of changes
/// becomes one write of the latest state, never a queue of stale ones.
pub struct Autosaver {
    shared: Arc<(Mutex<Pending>, Condvar)>,
    done: Receiver<AutosaveDone>,
}

#[derive(Default)]
struct Pending {
    job: Option<(PathBuf, Incident, u64)>,
    stop: bool,
}

/// The outcome of one autosave.
pub struct AutosaveDone {
    pub generation: u64,
    pub result: Result<(), SaveError>,
}

impl Autosaver {
    pub fn start() -> Autosaver {
        let shared = Arc::new((Mutex::new(Pending::default()), Condvar::new()));
        let (tx, done) = channel();
        let worker = Arc::clone(&shared);
        std::thread::spawn(move || autosave_worker(&worker, &tx));
        Autosaver { shared, done }
    }

    /// Queues `incident` (replacing any queued, not yet written state).
    pub fn submit(&self, path: PathBuf, incident: Incident, generation: u64) {
        let (lock, wake) = &*self.shared;
        let mut pending = lock.lock().unwrap_or_else(|e| e.into_inner());
        pending.job = Some((path, incident, generation));
        wake.notify_one();
    }

    pub fn try_done(&self) -> Option<AutosaveDone> {
        self.done.try_recv().ok()
    }

    /// Waits for the next finished autosave (tests, shutdown).
    pub fn wait_done(&self, timeout: std::time::Duration) -> Option<AutosaveDone> {
        self.done.recv_timeout(timeout).ok()
    }
}

impl Drop for Autosaver {
    fn drop(&mut self) {
        let (lock, wake) = &*self.shared;
        lock.lock().unwrap_or_else(|e| e.into_inner()).stop = true;
        wake.notify_one();
    }
}

fn autosave_worker(shared: &(Mutex<Pending>, Condvar), tx: &Sender<AutosaveDone>) {
    let (lock, wake) = shared;
    loop {
        let job = {
            let mut pending = lock.lock().unwrap_or_else(|e| e.into_inner());
            while pending.job.is_none() && !pending.stop {
                pending = wake.wait(pending).unwrap_or_else(|e| e.into_inner());
            }
            if pending.stop && pending.job.is_none() {
                return;
            }
            pending.job.take()
        };
        if let Some((path, incident, generation)) = job {
            let result = incident_text(&path, &incident).and_then(|text| save_text(&path, &text));
            if tx.send(AutosaveDone { generation, result }).is_err() {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use std::time::Duration;

    /// The same incident each call (its ids from a fixed edit).
    fn incident() -> Incident {
        let at = Utc.with_ymd_and_hms(2026, 11, 25, 14, 0, 0).unwrap();
        Incident::declare_as(crate::model::OpClock::seeded(1).next(at), at, "Ana")
    }

    #[test]
    fn a_live_slot_is_not_an_orphan_and_a_released_lock_is() {
        let root = tempfile::tempdir().unwrap();
        let slot = RecoverySlot::claim(root.path()).unwrap();
        crate::file::save(&slot.incident_path(), &incident()).unwrap();
        assert!(find_orphans(root.path()).is_empty(), "its console still runs");
        // An empty folder of a dead console is tidied away.
        let empty = root.path().join("1-1");
        std::fs::create_dir_all(&empty).unwrap();
        std::fs::write(empty.join("lock"), "").unwrap();
        assert!(find_orphans(root.path()).is_empty());
        assert!(empty.exists(), "too new to be sure its console is gone");
        let old = std::time::SystemTime::now() - Duration::from_secs(3600);
        std::fs::File::open(&empty).unwrap().set_modified(old).unwrap();
        assert!(find_orphans(root.path()).is_empty());
        assert!(!empty.exists(), "an old empty folder is tidied away");
        // Simulate a crash: the lock goes away with the process, the files stay.
        let dir = slot.dir().to_path_buf();
        drop(slot);
        let orphans = find_orphans(root.path());
        assert_eq!(orphans.len(), 1);
        assert_eq!(orphans[0].dir, dir);
        assert!(orphans[0].newer_than_origin);
        assert_eq!(orphans[0].load().unwrap(), incident());
        orphans[0].discard().unwrap();
        assert!(find_orphans(root.path()).is_empty());
    }

    #[test]
    fn origin_is_recorded_and_compared() {
        let root = tempfile::tempdir().unwrap();
        let saved = root.path().join("saved.ron");
        crate::file::save(&saved, &incident()).unwrap();
        std::thread::sleep(Duration::from_millis(20));
        let slot = RecoverySlot::claim(&root.path().join("recovery")).unwrap();
        slot.set_origin(Some(&saved)).unwrap();
        crate::file::save(&slot.incident_path(), &incident()).unwrap();
        drop(slot);
        let orphans = find_orphans(&root.path().join("recovery"));
        assert_eq!(orphans[0].origin.as_deref(), Some(saved.as_path()));
        assert!(orphans[0].newer_than_origin);
    }

    #[test]
    fn clear_removes_the_incident_but_keeps_the_slot() {
        let root = tempfile::tempdir().unwrap();
        let slot = RecoverySlot::claim(root.path()).unwrap();
        crate::file::save(&slot.incident_path(), &incident()).unwrap();
        slot.clear().unwrap();
        slot.clear().unwrap();
        assert!(!slot.incident_path().exists());
        let dir = slot.dir().to_path_buf();
        slot.release();
        assert!(!dir.exists());
    }

    #[test]
    fn a_file_open_in_one_console_is_refused_to_another() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("inc.ron");
        let first = lock_incident_file(root.path(), &path).unwrap();
        // A second handle in this process stands in for a second console.
        let err = lock_incident_file(root.path(), &path).err().unwrap();
        assert!(err.contains("open in another Incident Console (pid "), "{err}");
        drop(first);
        assert!(lock_incident_file(root.path(), &path).is_ok());
    }

    #[test]
    fn autosaver_writes_the_latest_state() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("auto.ron");
        let saver = Autosaver::start();
        let mut inc = incident();
        for generation in 1..=20 {
            inc.title = format!("v{generation}");
            saver.submit(path.clone(), inc.clone(), generation);
        }
        let mut last = 0;
        while last < 20 {
            let done = saver
                .wait_done(Duration::from_secs(10))
                .expect("autosave finishes");
            done.result.unwrap();
            last = done.generation;
        }
        assert_eq!(crate::file::load(&path).unwrap().title, "v20");
    }
}
