//! The incident file: versioned, pretty-printed, deterministic RON, saved
//! atomically, loaded with clear errors that name the line and column.

mod error;
mod format;
pub mod recovery;
pub mod regular;
pub mod roster;
pub mod target;
mod v1;

use std::io::Write;
use std::path::Path;

pub use error::{LoadError, SaveError};
pub use format::{FORMAT_VERSION, from_ron_str, to_ron_string};

use crate::model::Incident;

/// Files above this size are refused before reading: 100,000 timeline
/// entries take about 48 MB, so this leaves room for long incidents while
/// keeping a hostile file from exhausting memory.
pub const MAX_FILE_BYTES: u64 = 128 * 1024 * 1024;

/// The extension incident files use.
pub const EXTENSION: &str = "ron";

/// Parses an incident from raw bytes (as read from disk).
pub fn from_bytes(bytes: &[u8]) -> Result<Incident, LoadError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge {
            size: bytes.len() as u64,
            limit: MAX_FILE_BYTES,
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = line_and_column(&bytes[..e.valid_up_to()]);
        LoadError::NotUtf8 { line, column }
    })?;
    from_ron_str(text)
}

/// 1-based line and column of the position just after `before`.
fn line_and_column(before: &[u8]) -> (usize, usize) {
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
    (line, column)
}

/// Reads and parses an incident file. Never panics on bad input.
pub fn load(path: &Path) -> Result<Incident, LoadError> {
    // Only a regular file is opened: a FIFO or a device would block or never end.
    let bytes = regular::read_regular_file(path, MAX_FILE_BYTES)?;
    from_bytes(&bytes)
}

/// Writes the incident atomically: a temporary file in the same directory,
/// flushed to disk, then renamed over the target. A crash or a full disk at
/// any moment leaves either the old file or the new one, never a mix.
/// The incident id an incident file holds, read from its first lines
/// only (recent files are checked at start, so a huge file costs nothing).
/// `None` for anything that is not a readable incident file.
pub fn peek_id(path: &Path) -> Option<String> {
    let head = regular::read_regular_prefix(path, 8 * 1024).ok()?;
    let text = String::from_utf8_lossy(&head);
    let line = text.lines().take(8).find_map(|l| l.trim().strip_prefix("id: "))?;
    // The writer puts the id on one line as a RON string.
    let literal = line.strip_suffix(',').unwrap_or(line);
    ron::from_str::<String>(literal)
        .ok()
        .filter(|id| !id.trim().is_empty())
}

pub fn save(path: &Path, incident: &Incident) -> Result<(), SaveError> {
    save_text(path, &incident_text(path, incident)?)
}

/// The file text of `incident`, or why the loader would refuse it: every
/// writer checks this first, so nothing is ever written that cannot be opened.
pub fn incident_text(path: &Path, incident: &Incident) -> Result<String, SaveError> {
    let text = to_ron_string(incident);
    check_loadable(path, incident, &text)?;
    Ok(text)
}

/// Refuses what `load` would refuse: too large, or invariants broken.
pub fn check_loadable(path: &Path, incident: &Incident, text: &str) -> Result<(), SaveError> {
    let refuse = |reason: String| SaveError::WouldNotLoad {
        path: path.to_path_buf(),
        reason,
    };
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(refuse(format!(
            "it would be {} bytes, over the {MAX_FILE_BYTES}-byte limit incident files are read with",
            text.len()
        )));
    }
    let problems = incident.problems();
    if !problems.is_empty() {
        return Err(refuse(problems.join("; ")));
    }
    Ok(())
}

/// Like [`save_text`], but the write fails after `bytes` bytes as on a full
/// disk: for tests that prove a failed save leaves the old file intact.
pub fn save_text_failing_after(path: &Path, text: &str, bytes: usize) -> Result<(), SaveError> {
    let io = |source| SaveError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = atomic_write_file::AtomicWriteFile::options()
        .open(path)
        .map_err(io)?;
    let cut = bytes.min(text.len());
    file.write_all(&text.as_bytes()[..cut]).map_err(io)?;
    // Dropping the uncommitted file removes the temporary file.
    Err(io(std::io::Error::new(
        std::io::ErrorKind::StorageFull,
        "No space left on device (simulated)",
    )))
}

/// The atomic write of already-serialized text (lets callers serialize on
/// one thread and write on another).
pub fn save_text(path: &Path, text: &str) -> Result<(), SaveError> {
    let io = |source| SaveError::Io {
        path: path.to_path_buf(),
        source,
    };
    // Through symlinks: the file they point at is replaced (keeping its
    // mode), never the link itself.
    let target = target::resolve(path).map_err(io)?;
    // A FIFO, device or folder is never replaced by a regular file.
    regular::check_write_target(&target).map_err(|e| SaveError::Refused {
        path: path.to_path_buf(),
        reason: format!("{}: only regular files are written", e.reason()),
    })?;
    let mut file = atomic_write_file::AtomicWriteFile::options()
        .open(&target)
        .map_err(io)?;
    file.write_all(text.as_bytes()).map_err(io)?;
    file.commit().map_err(io)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_counts_characters() {
        assert_eq!(line_and_column(b""), (1, 1));
        assert_eq!(line_and_column(b"ab"), (1, 3));
        assert_eq!(line_and_column(b"ab\ncd"), (2, 3));
        assert_eq!(line_and_column("é\nçé".as_bytes()), (2, 3));
    }

    #[test]
    fn invalid_utf8_names_its_position() {
        let err = from_bytes(b"(\n  title: \"ab\xff\"").unwrap_err();
        assert!(
            matches!(err, LoadError::NotUtf8 { line: 2, column: 13 }),
            "{err:?}"
        );
    }
}
