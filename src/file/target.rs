//! What is on disk where a file is about to be written: the real path
//! behind symlinks and `..`, the version a console last saw there, and a
//! description of what is there now ("INC-2026-0142 Checkout fails", "not
//! an incident file"), so no save or export replaces something the user has
//! not seen without asking first.

use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::{LoadError, MAX_FILE_BYTES, from_bytes};
use crate::model::Incident;

/// Symlink chains longer than this are refused (as the OS does with ELOOP).
const MAX_SYMLINK_HOPS: usize = 40;

/// The real file behind `path`: absolute, `..` and symlinks resolved, so
/// locks and "is this our file" compare one spelling per file. A path that
/// does not exist yet resolves through its folder; a symlink to a missing
/// file resolves to where that file would be (writing creates it there).
pub fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let mut current = std::path::absolute(path)?;
    for _ in 0..MAX_SYMLINK_HOPS {
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = std::fs::read_link(&current)?;
                current = match current.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                };
            }
            Ok(_) => return std::fs::canonicalize(&current),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let name = current.file_name().ok_or_else(|| {
                    std::io::Error::new(std::io::ErrorKind::InvalidInput, "the path names no file")
                })?;
                let dir = current.parent().unwrap_or(Path::new("/"));
                return Ok(std::fs::canonicalize(dir)?.join(name));
            }
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other(format!(
        "{} is a chain of more than {MAX_SYMLINK_HOPS} symbolic links",
        path.display()
    )))
}

/// Enough about one version of a file to tell whether it changed: its
/// content hash decides, so touching a file without changing it is no change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiskVersion {
    pub len: u64,
    pub modified: Option<SystemTime>,
    pub hash: u64,
}

impl DiskVersion {
    pub fn of(bytes: &[u8], modified: Option<SystemTime>) -> DiskVersion {
        DiskVersion {
            len: bytes.len() as u64,
            modified,
            hash: content_hash(bytes),
        }
    }

    pub fn same_content(&self, other: &DiskVersion) -> bool {
        self.len == other.len && self.hash == other.hash
    }
}

/// A stable 64-bit FNV-1a hash (not for security: to notice a change).
fn content_hash(bytes: &[u8]) -> u64 {
    struct Fnv(u64);
    impl Hasher for Fnv {
        fn finish(&self) -> u64 {
            self.0
        }
        fn write(&mut self, bytes: &[u8]) {
            for &b in bytes {
                self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
            }
        }
    }
    let mut h = Fnv(0xcbf2_9ce4_8422_2325);
    h.write(bytes);
    h.finish()
}

/// What a path holds right now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WhatIsThere {
    Nothing,
    /// An incident file that loads: its id and title.
    Incident {
        id: String,
        title: String,
        version: DiskVersion,
    },
    /// A regular file that is not a loadable incident (a report, a broken file).
    OtherFile {
        why: String,
        version: DiskVersion,
    },
    /// A folder, FIFO, device or socket: never written over.
    NotRegular {
        what: String,
    },
}

impl WhatIsThere {
    pub fn version(&self) -> Option<&DiskVersion> {
        match self {
            WhatIsThere::Incident { version, .. } | WhatIsThere::OtherFile { version, .. } => Some(version),
            _ => None,
        }
    }

    pub fn is_incident(&self) -> bool {
        matches!(self, WhatIsThere::Incident { .. })
    }

    /// For a question to the user: what would be replaced.
    pub fn describe(&self) -> String {
        match self {
            WhatIsThere::Nothing => "nothing".into(),
            WhatIsThere::Incident { id, title, .. } if title.trim().is_empty() => {
                format!("incident {id} (untitled)")
            }
            WhatIsThere::Incident { id, title, .. } => format!("incident {id} \u{201c}{title}\u{201d}"),
            WhatIsThere::OtherFile { why, .. } => format!("not an incident file ({why})"),
            WhatIsThere::NotRegular { what } => what.clone(),
        }
    }
}

/// What kind of non-regular file `meta` describes, in words (`None`: a
/// regular file).
pub fn kind_of(meta: &std::fs::Metadata) -> Option<&'static str> {
    super::regular::FileKind::of(&meta.file_type()).map(super::regular::FileKind::noun)
}

/// Reads a regular file whole (at most `MAX_FILE_BYTES`), refusing anything
/// else before opening it, so a FIFO or device never blocks; with the
/// version of what was read.
pub fn read_regular(path: &Path) -> Result<(Vec<u8>, DiskVersion), LoadError> {
    let bytes = super::regular::read_regular_file(path, MAX_FILE_BYTES)?;
    let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok();
    let version = DiskVersion::of(&bytes, modified);
    Ok((bytes, version))
}

/// Loads an incident and the version of the file it came from.
pub fn load_versioned(path: &Path) -> Result<(Incident, DiskVersion), LoadError> {
    let (bytes, version) = read_regular(path)?;
    Ok((from_bytes(&bytes)?, version))
}

/// A path's content as read, before anyone parses it.
enum Seen {
    Nothing,
    /// A regular file; `bytes` is `None` when it is too large to read.
    File {
        bytes: Option<Vec<u8>>,
        version: DiskVersion,
    },
    NotRegular(String),
}

fn look_at(path: &Path) -> Seen {
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Seen::Nothing,
        Err(e) => return Seen::NotRegular(format!("unreadable ({e})")),
    };
    if let Some(what) = kind_of(&meta) {
        return Seen::NotRegular(what.into());
    }
    match read_regular(path) {
        Ok((bytes, version)) => Seen::File {
            bytes: Some(bytes),
            version,
        },
        Err(LoadError::TooLarge { size, .. }) => Seen::File {
            bytes: None,
            version: DiskVersion {
                len: size,
                modified: meta.modified().ok(),
                hash: 0,
            },
        },
        Err(e) => Seen::NotRegular(format!("unreadable ({e})")),
    }
}

/// Parses what was read, to say what it is.
fn describe_seen(seen: Seen) -> WhatIsThere {
    match seen {
        Seen::Nothing => WhatIsThere::Nothing,
        Seen::NotRegular(what) => WhatIsThere::NotRegular { what },
        Seen::File { bytes: None, version } => WhatIsThere::OtherFile {
            why: format!("{} bytes", version.len),
            version,
        },
        Seen::File {
            bytes: Some(bytes),
            version,
        } => match from_bytes(&bytes) {
            Ok(incident) => WhatIsThere::Incident {
                id: incident.id,
                title: incident.title,
                version,
            },
            Err(e) => WhatIsThere::OtherFile {
                why: short_reason(&e),
                version,
            },
        },
    }
}

/// Looks at what `path` holds now (reads and parses it if it is a file).
pub fn what_is_at(path: &Path) -> WhatIsThere {
    describe_seen(look_at(path))
}

fn short_reason(e: &LoadError) -> String {
    match e {
        LoadError::NotUtf8 { .. } => "not text".into(),
        LoadError::Empty => "empty".into(),
        LoadError::Syntax { .. } | LoadError::Invalid { .. } => "not in the incident format".into(),
        LoadError::NewerVersion { found, .. } => {
            format!("an incident file of a newer format, version {found}")
        }
        other => other.to_string(),
    }
}

/// What the writer believes is at the target, so it can tell a file it may
/// replace from one it must ask about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expect {
    /// This incident's own file, as last opened or saved (`None`: no version
    /// known, e.g. restored from recovery, so anything there is asked about).
    Own(Option<DiskVersion>),
    /// A file that is not this incident's: only an empty path is written.
    Nothing,
    /// The user agreed to replace exactly this (`None`: the path was empty).
    Confirmed(Option<DiskVersion>),
}

/// Why a write stopped to ask.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Conflict {
    /// Our file changed on disk since it was opened or saved.
    ChangedOnDisk(WhatIsThere),
    /// Another file is there.
    NotOurs(WhatIsThere),
}

impl Conflict {
    pub fn what(&self) -> &WhatIsThere {
        match self {
            Conflict::ChangedOnDisk(w) | Conflict::NotOurs(w) => w,
        }
    }

    /// The question's sentence.
    pub fn describe(&self, target: &Path) -> String {
        match self {
            Conflict::ChangedOnDisk(what) => format!(
                "{} changed on disk since this console opened or saved it. It now holds {}.",
                target.display(),
                what.describe()
            ),
            Conflict::NotOurs(what) => format!(
                "{} already exists and is not this incident's file. It holds {}.",
                target.display(),
                what.describe()
            ),
        }
    }
}

/// Decides, with the file as it is now, whether writing may go ahead.
/// `Err(Ok(conflict))` asks the user; `Err(Err(text))` refuses outright.
pub fn check_target(target: &Path, expect: &Expect) -> Result<(), Result<Conflict, String>> {
    let seen = look_at(target);
    let now = match &seen {
        // Nothing there: writing loses nothing.
        Seen::Nothing => return Ok(()),
        Seen::NotRegular(what) => {
            return Err(Err(format!(
                "{} is {what}: only regular files are written",
                target.display()
            )));
        }
        Seen::File { version, .. } => version,
    };
    // The usual Ctrl+S: our own file as we left it. Parsed only to ask.
    if let Expect::Own(Some(seen_before)) | Expect::Confirmed(Some(seen_before)) = expect
        && seen_before.same_content(now)
    {
        return Ok(());
    }
    let what = describe_seen(seen);
    Err(Ok(match expect {
        Expect::Own(_) => Conflict::ChangedOnDisk(what),
        Expect::Nothing | Expect::Confirmed(_) => Conflict::NotOurs(what),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn incident(id: &str, title: &str) -> Incident {
        let mut inc = Incident::declare(Utc.with_ymd_and_hms(2026, 11, 25, 14, 0, 0).unwrap(), "Ana");
        inc.id = id.into();
        inc.title = title.into();
        inc
    }

    #[test]
    fn every_spelling_of_one_file_resolves_to_one_path() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("a").join("x.ron");
        std::fs::create_dir_all(real.parent().unwrap()).unwrap();
        std::fs::write(&real, "x").unwrap();
        let canonical = resolve(&real).unwrap();
        let dotted = dir.path().join("a/../a/./x.ron");
        assert_eq!(resolve(&dotted).unwrap(), canonical);
        #[cfg(unix)]
        {
            let link = dir.path().join("link.ron");
            std::os::unix::fs::symlink(&real, &link).unwrap();
            assert_eq!(resolve(&link).unwrap(), canonical);
            // A relative link, and a link to a link.
            let rel = dir.path().join("a/rel.ron");
            std::os::unix::fs::symlink("x.ron", &rel).unwrap();
            assert_eq!(resolve(&rel).unwrap(), canonical);
            let chain = dir.path().join("chain.ron");
            std::os::unix::fs::symlink(&link, &chain).unwrap();
            assert_eq!(resolve(&chain).unwrap(), canonical);
            // A linked folder.
            let linked_dir = dir.path().join("b");
            std::os::unix::fs::symlink(dir.path().join("a"), &linked_dir).unwrap();
            assert_eq!(resolve(&linked_dir.join("x.ron")).unwrap(), canonical);
            // A dangling link resolves to the file it would create.
            let dangling = dir.path().join("dangling.ron");
            std::os::unix::fs::symlink(dir.path().join("a/new.ron"), &dangling).unwrap();
            assert_eq!(resolve(&dangling).unwrap(), canonical.with_file_name("new.ron"));
            // A loop is refused, not followed forever.
            let l1 = dir.path().join("l1");
            let l2 = dir.path().join("l2");
            std::os::unix::fs::symlink(&l2, &l1).unwrap();
            std::os::unix::fs::symlink(&l1, &l2).unwrap();
            assert!(resolve(&l1).is_err());
        }
        // Not there yet: through its folder.
        let fresh = dir.path().join("a/../a/fresh.ron");
        assert_eq!(resolve(&fresh).unwrap(), canonical.with_file_name("fresh.ron"));
    }

    #[test]
    fn what_is_there_names_incidents_other_files_and_non_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("inc.ron");
        assert_eq!(what_is_at(&path), WhatIsThere::Nothing);
        crate::file::save(&path, &incident("INC-2026-0042", "Checkout down")).unwrap();
        let what = what_is_at(&path);
        assert!(what.is_incident());
        assert_eq!(
            what.describe(),
            "incident INC-2026-0042 \u{201c}Checkout down\u{201d}"
        );
        std::fs::write(&path, "# Postmortem\n").unwrap();
        assert!(
            what_is_at(&path).describe().starts_with("not an incident file"),
            "{:?}",
            what_is_at(&path)
        );
        std::fs::write(&path, "").unwrap();
        assert!(what_is_at(&path).describe().starts_with("not an incident file"));
        assert_eq!(
            what_is_at(dir.path()),
            WhatIsThere::NotRegular {
                what: "a directory".into()
            }
        );
        #[cfg(unix)]
        {
            let fifo = dir.path().join("fifo.ron");
            // Made in-process: a forked `mkfifo` would inherit other tests'
            // recovery locks for a moment and make their consoles look alive.
            crate::file::regular::testing::mkfifo(&fifo);
            assert_eq!(
                what_is_at(&fifo),
                WhatIsThere::NotRegular {
                    what: "a named pipe (FIFO)".into()
                }
            );
            assert!(
                check_target(&fifo, &Expect::Confirmed(None))
                    .unwrap_err()
                    .is_err()
            );
            assert!(read_regular(&fifo).is_err());
            assert!(read_regular(Path::new("/dev/zero")).is_err());
        }
    }

    #[test]
    fn writes_go_ahead_only_over_what_the_writer_has_seen() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("inc.ron");
        // Empty path: any writer may write.
        for expect in [Expect::Nothing, Expect::Own(None), Expect::Confirmed(None)] {
            assert_eq!(check_target(&path, &expect), Ok(()));
        }
        crate::file::save(&path, &incident("INC-1", "one")).unwrap();
        let (_, seen) = load_versioned(&path).unwrap();
        assert_eq!(check_target(&path, &Expect::Own(Some(seen.clone()))), Ok(()));
        assert_eq!(
            check_target(&path, &Expect::Confirmed(Some(seen.clone()))),
            Ok(())
        );
        // Not ours, or ours with no known version: ask, naming what is there.
        let Err(Ok(Conflict::NotOurs(what))) = check_target(&path, &Expect::Nothing) else {
            panic!("must ask")
        };
        assert!(what.describe().contains("INC-1"));
        assert!(matches!(
            check_target(&path, &Expect::Own(None)),
            Err(Ok(Conflict::ChangedOnDisk(_)))
        ));
        // Another program rewrote it: ours, but changed.
        crate::file::save(&path, &incident("INC-1", "one, edited elsewhere")).unwrap();
        let Err(Ok(Conflict::ChangedOnDisk(what))) = check_target(&path, &Expect::Own(Some(seen.clone())))
        else {
            panic!("must ask")
        };
        assert!(what.describe().contains("edited elsewhere"));
        // Agreed to replace the old version, but it changed again since: ask again.
        assert!(check_target(&path, &Expect::Confirmed(Some(seen))).is_err());
        // Touched but not changed: no question.
        let (_, now) = load_versioned(&path).unwrap();
        let later = SystemTime::now() + std::time::Duration::from_secs(5);
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(later)
            .unwrap();
        assert_eq!(check_target(&path, &Expect::Own(Some(now))), Ok(()));
    }
}
