//! Bringing outside records into the timeline: a Slack workspace export,
//! plain-text chat logs, Prometheus Alertmanager webhook payloads, a
//! simple alerts CSV and Suricata's EVE JSON intrusion-detection alerts.
//!
//! Parsing only: each reader turns files into [`ImportedEntry`]s plus a
//! [`Preview`] to show before anything is added, and `into_batch` makes the
//! [`ImportBatch`] that `Edit::Import` applies (dedupe by source key, one
//! undoable step). Outside files are untrusted: every file is size-limited,
//! must be UTF-8, and a problem anywhere fails the whole import with an
//! [`ImportError`] naming the file and position, so nothing is half added.
//! No link found in a file is ever opened.

pub mod alerts;
pub mod chatlog;
pub mod error;
pub mod eve;
pub mod request;
pub mod slack;

use std::marker::PhantomData;
use std::path::Path;

use serde::de::{DeserializeSeed, SeqAccess, Visitor};

pub use alerts::{AlertImport, parse_alert_csv, parse_alertmanager, read_alert_csv, read_alertmanager};
pub use chatlog::{parse_chat_log, read_chat_log};
pub use error::ImportError;
pub use eve::{EveImport, parse_eve, read_eve};
pub use slack::{SlackExport, SlackOptions, parse_day_file, read_day_files};

use crate::file::regular::ReadError;
use crate::model::{ImportBatch, ImportedEntry, Timestamp};

/// Each JSON, CSV or log file read is at most this large.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;
/// A Slack channel folder holds at most this many day files.
pub const MAX_DAY_FILES: usize = 20_000;
/// One import brings in at most this many messages or alerts.
pub const MAX_MESSAGES: usize = 1_000_000;
/// All files of one import together are at most this large (a channel of
/// 20,000 day files could otherwise ask for 640 GB).
pub const MAX_TOTAL_BYTES: u64 = 256 * 1024 * 1024;

/// What an import would add, shown before anything is added.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Preview {
    /// How many entries (messages, or alert entries).
    pub messages: usize,
    pub first: Option<Timestamp>,
    pub last: Option<Timestamp>,
    /// Each author with their number of entries, most first, then by name
    /// (ignoring case).
    pub authors: Vec<(String, usize)>,
}

impl Preview {
    pub fn of(entries: &[ImportedEntry]) -> Preview {
        let mut counts = std::collections::HashMap::<&str, usize>::new();
        for entry in entries {
            *counts.entry(entry.author.as_str()).or_default() += 1;
        }
        let mut authors: Vec<(String, usize)> = counts.into_iter().map(|(a, n)| (a.to_owned(), n)).collect();
        authors.sort_by_cached_key(|(name, count)| {
            (std::cmp::Reverse(*count), name.to_lowercase(), name.clone())
        });
        Preview {
            messages: entries.len(),
            first: entries.iter().map(|e| e.at).min(),
            last: entries.iter().map(|e| e.at).max(),
            authors,
        }
    }
}

/// Chat messages read from a Slack export or a chat log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatImport {
    /// In time order (messages with the same time keep their file order).
    pub entries: Vec<ImportedEntry>,
    pub preview: Preview,
    /// Joins, leaves and bot messages left out by the noise filter.
    pub skipped_noise: usize,
}

impl ChatImport {
    fn new(mut entries: Vec<ImportedEntry>, skipped_noise: usize) -> ChatImport {
        entries.sort_by_key(|e| e.at);
        ChatImport {
            preview: Preview::of(&entries),
            entries,
            skipped_noise,
        }
    }

    /// The batch `Edit::Import` applies. `what` says what was imported
    /// ("Slack export, channel #inc-42"), `file` where it came from.
    pub fn into_batch(self, what: String, file: String) -> ImportBatch {
        ImportBatch {
            what,
            file,
            entries: self.entries,
            detection: None,
        }
    }
}

/// Reads a whole file as UTF-8 text, refusing files over [`MAX_FILE_BYTES`]
/// and anything that is not a regular file (a FIFO would block the import,
/// `/dev/zero` would never end). A leading byte order mark is dropped.
pub(crate) fn read_text(path: &Path) -> Result<String, ImportError> {
    let bytes = crate::file::regular::read_regular_file(path, MAX_FILE_BYTES).map_err(read_error)?;
    text_from_bytes(path, bytes)
}

/// A refused or failed read as an import error naming the file.
pub(crate) fn read_error(error: ReadError) -> ImportError {
    match error {
        ReadError::TooLarge { path, size, .. } => too_large(&path, size),
        ReadError::Io { path, source } => ImportError::io(&path, &source),
        ReadError::Missing { path } => ImportError::new(&path, "cannot read: the file does not exist"),
        other => ImportError::new(other.path(), other.reason()),
    }
}

fn too_large(path: &Path, size: u64) -> ImportError {
    ImportError::new(
        path,
        format!("the file is {size} bytes; imported files are limited to {MAX_FILE_BYTES} bytes"),
    )
}

/// Checks that `bytes` are UTF-8, naming the first bad position.
pub(crate) fn text_from_bytes(path: &Path, bytes: Vec<u8>) -> Result<String, ImportError> {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..'\u{feff}'.len_utf8());
            }
            Ok(text)
        }
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let (line, column) = error::line_and_column(&e.as_bytes()[..valid]);
            Err(ImportError::at(
                path,
                line,
                Some(column),
                "the file is not valid UTF-8 text",
            ))
        }
    }
}

/// Parses all of `text` as JSON through `seed`, with errors naming the position.
pub(crate) fn parse_json<'de, S: DeserializeSeed<'de>>(
    path: &Path,
    text: &'de str,
    seed: S,
) -> Result<S::Value, ImportError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = seed
        .deserialize(&mut de)
        .map_err(|e| ImportError::json(path, text, &e))?;
    de.end().map_err(|e| ImportError::json(path, text, &e))?;
    Ok(value)
}

/// A JSON array read with a cap on its length, so a hostile file of many
/// tiny items fails early instead of filling memory.
pub(crate) struct Limited<T> {
    max: usize,
    what: &'static str,
    too_many: String,
    item: PhantomData<T>,
}

impl<T> Limited<T> {
    /// At most `max` items; `what` names them ("messages").
    pub fn new(max: usize, what: &'static str) -> Limited<T> {
        Limited::with_message(max, what, format!("more than {max} {what}: too many to import"))
    }

    /// At most `max` items, failing with `too_many` beyond that.
    pub fn with_message(max: usize, what: &'static str, too_many: String) -> Limited<T> {
        Limited {
            max,
            what,
            too_many,
            item: PhantomData,
        }
    }
}

impl<'de, T: serde::Deserialize<'de>> DeserializeSeed<'de> for Limited<T> {
    type Value = Vec<T>;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Vec<T>, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, T: serde::Deserialize<'de>> Visitor<'de> for Limited<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "an array of {}", self.what)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            if items.len() >= self.max {
                return Err(serde::de::Error::custom(self.too_many));
            }
            items.push(item);
        }
        Ok(items)
    }
}

/// Why an import over [`MAX_MESSAGES`] fails.
pub(crate) fn too_many_message() -> String {
    format!("more than {MAX_MESSAGES} messages in all: too many to import at once")
}

/// At most the first 40 characters of `text`, for echoing untrusted input.
pub(crate) fn short(text: &str) -> String {
    match text.char_indices().nth(40) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// A stable 64-bit FNV-1a hash, the same in every build (std's hasher is not).
pub(crate) fn stable_hash(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EntryKind;
    use chrono::{TimeZone, Utc};

    fn entry(author: &str, minute: u32) -> ImportedEntry {
        ImportedEntry {
            at: Utc.with_ymd_and_hms(2026, 3, 17, 14, minute, 0).unwrap(),
            author: author.into(),
            kind: EntryKind::Chat,
            text: "x".into(),
            source: format!("s{minute}"),
        }
    }

    #[test]
    fn preview_counts_authors_most_first_then_by_name() {
        let entries = [entry("Bo", 5), entry("Ana", 1), entry("Cy", 2), entry("Bo", 3)];
        let preview = Preview::of(&entries);
        assert_eq!(preview.messages, 4);
        assert_eq!(preview.first, Some(entries[1].at));
        assert_eq!(preview.last, Some(entries[0].at));
        assert_eq!(
            preview.authors,
            vec![("Bo".into(), 2), ("Ana".into(), 1), ("Cy".into(), 1)]
        );
        assert_eq!(Preview::of(&[]), Preview::default());
    }

    #[test]
    fn limited_arrays_stop_at_the_cap() {
        let path = Path::new("f.json");
        let ok: Vec<u8> = parse_json(path, "[1,2,3]", Limited::new(3, "numbers")).unwrap();
        assert_eq!(ok, [1, 2, 3]);
        let err = parse_json::<Limited<u8>>(path, "[1,2,3,4]", Limited::new(3, "numbers")).unwrap_err();
        assert!(err.message.contains("more than 3 numbers"), "{err}");
        assert_eq!(err.line, Some(1));
        let err = parse_json::<Limited<u8>>(path, "[1] x", Limited::new(3, "numbers")).unwrap_err();
        assert!(err.message.contains("trailing"), "{err}");
    }

    #[test]
    fn utf8_check_names_position_and_drops_bom() {
        let path = Path::new("f.log");
        let err = text_from_bytes(path, b"ok\nab\xffc".to_vec()).unwrap_err();
        assert_eq!((err.line, err.column), (Some(2), Some(3)));
        assert_eq!(text_from_bytes(path, "\u{feff}hi".into()).unwrap(), "hi");
    }

    #[test]
    fn stable_hash_is_fnv1a() {
        assert_eq!(stable_hash(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(stable_hash(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[cfg(unix)]
    #[test]
    fn read_text_refuses_special_files_by_name_without_blocking() {
        use crate::file::regular::testing::{mkfifo, promptly};
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("alerts.csv");
        mkfifo(&fifo);
        let link = dir.path().join("chat.log");
        std::os::unix::fs::symlink("/dev/urandom", &link).unwrap();
        for (path, what) in [
            (fifo, "is a named pipe (FIFO), not a regular file"),
            (link, "is a symbolic link to a character device"),
            (std::path::PathBuf::from("/dev/zero"), "is a character device"),
            (dir.path().to_path_buf(), "is a directory"),
            (
                dir.path().join("nope.json"),
                "cannot read: the file does not exist",
            ),
        ] {
            let err = {
                let path = path.clone();
                promptly(move || read_text(&path).unwrap_err())
            };
            assert_eq!(err.file, path);
            assert!(err.message.contains(what), "{what}: {err}");
        }
    }
}
