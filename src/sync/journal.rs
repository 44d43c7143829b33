//! The journal: an append-only file holding the whole document once, then
//! every change as it is made (Automerge's own change format). A change is
//! written to the file (handed to the operating system, so it survives the
//! console being killed) before the console shows it as done, and synced
//! to the disk by a background thread within a moment (for power loss).
//!
//! ```text
//! "ICJOURNAL1\n" then records: [length u32 LE][CRC-32 of the bytes u32 LE][bytes]
//! record 1: the document (Automerge::save); later records: one change each
//! ```
//!
//! A record cut short by a crash, or damaged, ends the journal there:
//! everything before it is read.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Sender, channel};

const MAGIC: &[u8] = b"ICJOURNAL1\n";
/// A record larger than this is damage, not data (a file holds at most 128 MiB).
const MAX_RECORD: u32 = 512 * 1024 * 1024;

pub struct Journal {
    path: PathBuf,
    file: File,
    /// Asks the sync thread to flush the file to the disk.
    syncer: Option<Sender<()>>,
    /// Records written (the document counts as one).
    records: usize,
    /// Bytes in the file.
    len: u64,
}

impl Journal {
    /// Starts a journal at `path` with `document` as its first record,
    /// replacing any journal there (the replacement is atomic).
    pub fn create(path: &Path, document: &[u8]) -> std::io::Result<Journal> {
        let tmp = path.with_extension("new");
        {
            let mut file = File::create(&tmp)?;
            file.write_all(MAGIC)?;
            file.write_all(&record(document))?;
            file.sync_data()?;
        }
        std::fs::rename(&tmp, path)?;
        if let Some(dir) = path.parent()
            && let Ok(dir) = File::open(dir)
        {
            let _ = dir.sync_all();
        }
        Journal::open_append(path, 1)
    }

    fn open_append(path: &Path, records: usize) -> std::io::Result<Journal> {
        let file = OpenOptions::new().append(true).open(path)?;
        let len = file.metadata()?.len();
        let (tx, rx) = channel::<()>();
        let syncing = file.try_clone()?;
        std::thread::Builder::new()
            .name("journal-sync".into())
            .spawn(move || {
                // Coalesce: one sync for everything written meanwhile.
                while rx.recv().is_ok() {
                    while rx.try_recv().is_ok() {}
                    let _ = syncing.sync_data();
                }
            })?;
        Ok(Journal {
            path: path.to_path_buf(),
            file,
            syncer: Some(tx),
            records,
            len,
        })
    }

    /// Continues a journal that was read back with [`read`] (after a
    /// crash), cutting off a damaged tail first.
    pub fn reopen(path: &Path, read: &JournalRead) -> std::io::Result<Journal> {
        let file = OpenOptions::new().write(true).open(path)?;
        file.set_len(read.valid_len)?;
        drop(file);
        Journal::open_append(path, read.records.len())
    }

    /// Appends one change; it is in the file (the operating system's) when
    /// this returns, and on the disk a moment later.
    pub fn append(&mut self, change: &[u8]) -> std::io::Result<()> {
        let record = record(change);
        self.file.write_all(&record)?;
        self.records += 1;
        self.len += record.len() as u64;
        if let Some(syncer) = &self.syncer {
            let _ = syncer.send(());
        }
        Ok(())
    }

    /// Writes to the disk now, before returning (tests, clean exits).
    pub fn sync(&self) -> std::io::Result<()> {
        self.file.sync_data()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Bytes in the file now.
    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Moves the file (a journal written beside the current one takes its
    /// place); writing goes on through the same handle.
    pub fn rename_to(&mut self, path: &Path) -> std::io::Result<()> {
        std::fs::rename(&self.path, path)?;
        self.path = path.to_path_buf();
        Ok(())
    }

    /// Changes written after the document (0: nothing to recover).
    pub fn changes(&self) -> usize {
        self.records.saturating_sub(1)
    }
}

fn record(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + 8);
    out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
    out.extend_from_slice(&crc32fast::hash(bytes).to_le_bytes());
    out.extend_from_slice(bytes);
    out
}

/// What a journal holds.
#[derive(Debug, Default)]
pub struct JournalRead {
    /// The document, then each change, as written.
    pub records: Vec<Vec<u8>>,
    /// Bytes up to the end of the last whole record.
    pub valid_len: u64,
    /// Whether damage or a cut-off record ended it early.
    pub damaged_tail: bool,
}

/// Reads a journal; `None` if the file is not one (or has no document).
pub fn read(path: &Path) -> Result<Option<JournalRead>, crate::file::regular::ReadError> {
    // A journal is at most a few hundred MB; refuse FIFOs and devices like any file.
    let bytes = crate::file::regular::read_regular_file(path, u64::from(MAX_RECORD) * 2)?;
    Ok(parse(&bytes))
}

/// Parses journal bytes (see [`read`]).
pub fn parse(bytes: &[u8]) -> Option<JournalRead> {
    let mut rest = bytes.strip_prefix(MAGIC)?;
    let mut out = JournalRead {
        valid_len: MAGIC.len() as u64,
        ..JournalRead::default()
    };
    while !rest.is_empty() {
        let Some((head, body)) = rest.split_at_checked(8) else {
            out.damaged_tail = true;
            break;
        };
        let len = u32::from_le_bytes([head[0], head[1], head[2], head[3]]);
        let crc = u32::from_le_bytes([head[4], head[5], head[6], head[7]]);
        if len > MAX_RECORD || body.len() < len as usize || crc32fast::hash(&body[..len as usize]) != crc {
            out.damaged_tail = true;
            break;
        }
        out.records.push(body[..len as usize].to_vec());
        out.valid_len += 8 + u64::from(len);
        rest = &body[len as usize..];
    }
    (!out.records.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_come_back_and_a_cut_tail_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.am");
        let mut journal = Journal::create(&path, b"document").unwrap();
        journal.append(b"change 1").unwrap();
        journal.append(b"").unwrap();
        journal.append(b"change 3").unwrap();
        assert_eq!(journal.changes(), 3);
        let whole = std::fs::read(&path).unwrap();
        let first = parse(&whole).unwrap();
        assert_eq!(
            first.records,
            vec![
                b"document".to_vec(),
                b"change 1".to_vec(),
                vec![],
                b"change 3".to_vec()
            ]
        );
        assert!(!first.damaged_tail);
        // Every cut of the last record loses it, and only it.
        let last = 8 + b"change 3".len();
        for cut in 1..=last {
            let cut_short = parse(&whole[..whole.len() - cut]).unwrap();
            assert_eq!(cut_short.records.len(), 3, "cut {cut}");
            assert_eq!(cut_short.damaged_tail, cut != last);
        }
        // A flipped bit ends the journal at that record.
        let mut flipped = whole.clone();
        let at = whole.len() - 3;
        flipped[at] ^= 1;
        assert_eq!(parse(&flipped).unwrap().records.len(), 3);
        // Not a journal at all.
        assert!(parse(b"IncidentFile(").is_none());
        assert!(parse(MAGIC).is_none());
        // Reopened after damage: the tail is cut off and writing goes on.
        std::fs::write(&path, &whole[..whole.len() - 2]).unwrap();
        let damaged = read(&path).unwrap().unwrap();
        let mut journal = Journal::reopen(&path, &damaged).unwrap();
        journal.append(b"after").unwrap();
        journal.sync().unwrap();
        let again = read(&path).unwrap().unwrap();
        assert_eq!(again.records.last().unwrap(), b"after");
        assert!(!again.damaged_tail);
        assert_eq!(again.records.len(), 4);
    }
}
