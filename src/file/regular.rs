//! Reading only regular files. Opening a named pipe blocks until someone
//! writes to it, and `/dev/zero` or `/dev/urandom` never end, so every file
//! the console reads (incidents, imports, templates, rosters, settings) goes
//! through here: anything that is not a regular file is refused by name
//! before it is opened, the open itself cannot block (`O_NONBLOCK`, in case
//! the path is swapped between the check and the open), and the opened
//! handle is checked again.

use std::fmt;
use std::fs::{File, FileType, Metadata};
use std::io::Read;
use std::path::{Path, PathBuf};

/// What a path is when it is not a regular file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Directory,
    Fifo,
    Socket,
    CharDevice,
    BlockDevice,
    /// Anything else that is not a regular file.
    Other,
}

impl FileKind {
    /// The kind of a non-regular file; `None` for a regular file.
    pub fn of(file_type: &FileType) -> Option<FileKind> {
        if file_type.is_file() {
            return None;
        }
        if file_type.is_dir() {
            return Some(FileKind::Directory);
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if file_type.is_fifo() {
                return Some(FileKind::Fifo);
            }
            if file_type.is_socket() {
                return Some(FileKind::Socket);
            }
            if file_type.is_char_device() {
                return Some(FileKind::CharDevice);
            }
            if file_type.is_block_device() {
                return Some(FileKind::BlockDevice);
            }
        }
        Some(FileKind::Other)
    }

    /// "a named pipe (FIFO)", to follow "is".
    pub fn noun(self) -> &'static str {
        match self {
            FileKind::Directory => "a directory",
            FileKind::Fifo => "a named pipe (FIFO)",
            FileKind::Socket => "a socket",
            FileKind::CharDevice => "a character device",
            FileKind::BlockDevice => "a block device",
            FileKind::Other => "a special file",
        }
    }
}

/// Why a file was not read. Shown as `PATH: reason`.
#[derive(Debug)]
pub enum ReadError {
    /// Nothing at the path.
    Missing {
        path: PathBuf,
    },
    /// A symbolic link whose target does not exist.
    DanglingLink {
        path: PathBuf,
    },
    /// Something other than a regular file (directly or through a link).
    NotRegular {
        path: PathBuf,
        kind: FileKind,
        through_link: bool,
    },
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    /// From [`read_regular_to_string`]: 1-based line and column (in
    /// characters) of the first byte that is not UTF-8.
    NotUtf8 {
        path: PathBuf,
        line: usize,
        column: usize,
    },
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl ReadError {
    pub fn path(&self) -> &Path {
        match self {
            ReadError::Missing { path }
            | ReadError::DanglingLink { path }
            | ReadError::NotRegular { path, .. }
            | ReadError::TooLarge { path, .. }
            | ReadError::NotUtf8 { path, .. }
            | ReadError::Io { path, .. } => path,
        }
    }

    /// What is wrong, without the path (for callers that show the path
    /// their own way).
    pub fn reason(&self) -> String {
        match self {
            ReadError::Missing { .. } => "does not exist".to_owned(),
            ReadError::DanglingLink { .. } => {
                "is a symbolic link to nothing (its target does not exist)".to_owned()
            }
            ReadError::NotRegular {
                kind, through_link, ..
            } => {
                let link = if *through_link { "a symbolic link to " } else { "" };
                format!("is {link}{}, not a regular file", kind.noun())
            }
            ReadError::TooLarge { size, limit, .. } => {
                format!("the file is {size} bytes; the limit is {limit} bytes")
            }
            ReadError::NotUtf8 { line, column, .. } => {
                format!("line {line}, column {column}: the file is not valid UTF-8 text")
            }
            ReadError::Io { source, .. } => format!("cannot read: {source}"),
        }
    }

    /// The matching `std::io::ErrorKind`, for callers that report I/O errors.
    pub fn io_kind(&self) -> std::io::ErrorKind {
        use std::io::ErrorKind;
        match self {
            ReadError::Missing { .. } | ReadError::DanglingLink { .. } => ErrorKind::NotFound,
            ReadError::NotRegular {
                kind: FileKind::Directory,
                ..
            } => ErrorKind::IsADirectory,
            ReadError::NotRegular { .. } | ReadError::TooLarge { .. } => ErrorKind::InvalidInput,
            ReadError::NotUtf8 { .. } => ErrorKind::InvalidData,
            ReadError::Io { source, .. } => source.kind(),
        }
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path().display(), self.reason())
    }
}

impl std::error::Error for ReadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ReadError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// The error for a path whose `metadata` (following links) failed or showed
/// something other than a regular file.
fn refusal(path: &Path, metadata: std::io::Result<Metadata>) -> ReadError {
    let path_buf = path.to_path_buf();
    let is_link = || std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    match metadata {
        Ok(meta) => ReadError::NotRegular {
            path: path_buf,
            kind: FileKind::of(&meta.file_type()).unwrap_or(FileKind::Other),
            through_link: is_link(),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if is_link() {
                ReadError::DanglingLink { path: path_buf }
            } else {
                ReadError::Missing { path: path_buf }
            }
        }
        Err(source) => ReadError::Io {
            path: path_buf,
            source,
        },
    }
}

/// Checks, without opening it, that `path` (after following links) is a
/// regular file of at most `limit` bytes; returns its size.
pub fn check_regular(path: &Path, limit: u64) -> Result<u64, ReadError> {
    let metadata = std::fs::metadata(path);
    match &metadata {
        Ok(meta) if meta.is_file() => {
            if meta.len() > limit {
                return Err(ReadError::TooLarge {
                    path: path.to_path_buf(),
                    size: meta.len(),
                    limit,
                });
            }
            Ok(meta.len())
        }
        _ => Err(refusal(path, metadata)),
    }
}

/// Opens `path` for reading in a way that cannot block (a FIFO swapped in
/// after the check opens at once instead of waiting for a writer), then
/// checks the opened handle is a regular file.
fn open_nonblocking_regular(path: &Path) -> Result<(File, u64), ReadError> {
    let io = |source| ReadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // O_NOCTTY: a terminal swapped in must not become our controlling tty.
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    if let Some(kind) = FileKind::of(&meta.file_type()) {
        return Err(ReadError::NotRegular {
            path: path.to_path_buf(),
            kind,
            through_link: std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()),
        });
    }
    Ok((file, meta.len()))
}

/// Reads the whole of `path` if it is a regular file of at most `limit`
/// bytes. Anything else (directory, FIFO, socket, device, a link to one, a
/// dangling link) is refused before it is opened, so this never blocks on
/// a pipe or reads forever from a device.
pub fn read_regular_file(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    check_regular(path, limit)?;
    let (file, size) = open_nonblocking_regular(path)?;
    let too_large = |size| ReadError::TooLarge {
        path: path.to_path_buf(),
        size,
        limit,
    };
    if size > limit {
        return Err(too_large(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // `take` guards against a file that grows between the check and the read.
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|source| ReadError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// The size and SHA-256 (lower-case hex) of `path`, read in pieces so a
/// 16 GB memory image takes 1 MB of memory, with the refusals of
/// [`read_regular_file`] (a FIFO or device is never read). The size is what
/// was hashed, even if the file grew meanwhile.
pub fn sha256_regular_file(path: &Path) -> Result<(u64, String), ReadError> {
    use sha2::{Digest, Sha256};
    check_regular(path, u64::MAX)?;
    let (mut file, _) = open_nonblocking_regular(path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 20];
    let mut size = 0u64;
    loop {
        match file.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => {
                hasher.update(&buffer[..n]);
                size += n as u64;
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(source) => {
                return Err(ReadError::Io {
                    path: path.to_path_buf(),
                    source,
                });
            }
        }
    }
    let digest = hasher.finalize();
    let hex = digest.iter().map(|b| format!("{b:02x}")).collect();
    Ok((size, hex))
}

/// The first `max` bytes of `path` if it is a regular file of any size,
/// with the same refusals as [`read_regular_file`] (never blocks on a FIFO).
pub fn read_regular_prefix(path: &Path, max: u64) -> Result<Vec<u8>, ReadError> {
    check_regular(path, u64::MAX)?;
    let (file, size) = open_nonblocking_regular(path)?;
    let mut bytes = Vec::with_capacity(size.min(max) as usize);
    file.take(max)
        .read_to_end(&mut bytes)
        .map_err(|source| ReadError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    Ok(bytes)
}

/// [`read_regular_file`], as UTF-8 text (a byte order mark is kept).
pub fn read_regular_to_string(path: &Path, limit: u64) -> Result<String, ReadError> {
    let bytes = read_regular_file(path, limit)?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&valid[line_start..]).chars().count() + 1;
        ReadError::NotUtf8 {
            path: path.to_path_buf(),
            line,
            column,
        }
    })
}

/// Checks that `path` may be replaced by a written file: it does not exist
/// yet, or it is a regular file (possibly through a link). Writing over a
/// FIFO, a device or a socket is refused rather than replacing it.
pub fn check_write_target(path: &Path) -> Result<(), ReadError> {
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(ReadError::Io {
            path: path.to_path_buf(),
            source,
        }),
        Ok(_) => check_regular(path, u64::MAX).map(|_| ()),
    }
}

/// Helpers for tests that need special files, here and beside each reader.
#[cfg(unix)]
#[doc(hidden)]
pub mod testing {
    use std::path::Path;
    use std::time::Duration;

    /// Runs `f` on a thread and fails (instead of hanging the suite) if it
    /// takes more than a few seconds.
    pub fn promptly<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(f());
        });
        rx.recv_timeout(Duration::from_secs(5))
            .expect("the call returns within 5 seconds instead of blocking")
    }

    /// Makes a named pipe at `path`.
    pub fn mkfifo(path: &Path) {
        use std::os::unix::ffi::OsStrExt;
        let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
        // SAFETY: `c` is a valid NUL-terminated path.
        let rc = unsafe { libc::mkfifo(c.as_ptr(), 0o600) };
        assert_eq!(
            rc,
            0,
            "mkfifo {}: {}",
            path.display(),
            std::io::Error::last_os_error()
        );
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::testing::{mkfifo, promptly};
    use super::*;

    fn read(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
        let path = path.to_path_buf();
        promptly(move || read_regular_file(&path, limit))
    }

    /// Asserts `read` refuses `path`, with a message naming it and `what`.
    fn assert_refused(path: &Path, what: &str) -> ReadError {
        let err = read(path, 1024).unwrap_err();
        let text = err.to_string();
        assert!(
            text.starts_with(&path.display().to_string()),
            "names the path: {text}"
        );
        assert!(text.contains(what), "says {what:?}: {text}");
        assert_eq!(err.path(), path);
        let as_string = {
            let path = path.to_path_buf();
            promptly(move || read_regular_to_string(&path, 1024))
        };
        assert!(as_string.unwrap_err().to_string().contains(what));
        err
    }

    #[test]
    fn fifo_is_refused_by_name_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["pipe", "incident.ron", "x.txt.j2"] {
            let fifo = dir.path().join(name);
            mkfifo(&fifo);
            let err = assert_refused(&fifo, "is a named pipe (FIFO), not a regular file");
            assert!(matches!(
                err,
                ReadError::NotRegular {
                    kind: FileKind::Fifo,
                    through_link: false,
                    ..
                }
            ));
        }
    }

    #[test]
    fn directories_and_devices_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert_refused(dir.path(), "is a directory");
        assert_refused(Path::new("/"), "is a directory");
        for device in [
            "/dev/null",
            "/dev/zero",
            "/dev/urandom",
            "/dev/random",
            "/dev/full",
        ] {
            if Path::new(device).exists() {
                let err = assert_refused(Path::new(device), "is a character device, not a regular file");
                assert!(matches!(
                    err,
                    ReadError::NotRegular {
                        kind: FileKind::CharDevice,
                        ..
                    }
                ));
            }
        }
    }

    #[test]
    fn sockets_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.sock");
        let _listener = std::os::unix::net::UnixListener::bind(&path).unwrap();
        assert_refused(&path, "is a socket, not a regular file");
    }

    #[test]
    fn links_to_special_files_and_dangling_links_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        mkfifo(&fifo);
        let cases = [
            (
                fifo.clone(),
                "is a symbolic link to a named pipe (FIFO), not a regular file",
            ),
            (
                PathBuf::from("/dev/zero"),
                "is a symbolic link to a character device",
            ),
            (dir.path().to_path_buf(), "is a symbolic link to a directory"),
        ];
        for (i, (target, what)) in cases.iter().enumerate() {
            let link = dir.path().join(format!("link{i}.json"));
            std::os::unix::fs::symlink(target, &link).unwrap();
            assert_refused(&link, what);
        }
        // A link to a link to the FIFO.
        let second = dir.path().join("link-to-link");
        std::os::unix::fs::symlink(dir.path().join("link0.json"), &second).unwrap();
        assert_refused(&second, "named pipe (FIFO)");

        let dangling = dir.path().join("dangling.ron");
        std::os::unix::fs::symlink(dir.path().join("gone"), &dangling).unwrap();
        let err = assert_refused(&dangling, "symbolic link to nothing");
        assert!(matches!(err, ReadError::DanglingLink { .. }));
        assert_eq!(err.io_kind(), std::io::ErrorKind::NotFound);
    }

    #[test]
    fn missing_files_say_so() {
        let dir = tempfile::tempdir().unwrap();
        for path in [dir.path().join("nope.ron"), dir.path().join("no/such/dir.json")] {
            let err = assert_refused(&path, "does not exist");
            assert!(matches!(err, ReadError::Missing { .. }));
        }
    }

    #[test]
    fn size_limit_is_checked_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.json");
        // Sparse: a huge size that takes no disk space and would take long to read.
        File::create(&path).unwrap().set_len(1 << 40).unwrap();
        for limit in [0, 10, 1 << 20] {
            let err = read(&path, limit).unwrap_err();
            assert!(
                matches!(err, ReadError::TooLarge { size, limit: l, .. } if size == 1 << 40 && l == limit),
                "{err:?}"
            );
            assert!(err.to_string().contains(&path.display().to_string()), "{err}");
        }
    }

    #[test]
    fn regular_files_are_read_up_to_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        for content in ["", "x", "hello\nworld\n", "é"] {
            std::fs::write(&path, content).unwrap();
            let len = content.len() as u64;
            assert_eq!(read(&path, len).unwrap(), content.as_bytes());
            assert_eq!(read_regular_to_string(&path, 1024).unwrap(), content);
            if len > 0 {
                assert!(matches!(read(&path, len - 1), Err(ReadError::TooLarge { .. })));
            }
        }
        // Through a symbolic link is fine.
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink(&path, &link).unwrap();
        assert_eq!(read(&link, 10).unwrap(), "é".as_bytes());
    }

    #[test]
    fn not_utf8_names_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, b"ok\n\xc3\xa9x\xff").unwrap();
        let err = read_regular_to_string(&path, 100).unwrap_err();
        assert!(
            matches!(
                err,
                ReadError::NotUtf8 {
                    line: 2,
                    column: 3,
                    ..
                }
            ),
            "{err:?}"
        );
    }

    #[test]
    fn the_opened_handle_is_checked_again() {
        // As if a FIFO were swapped in after `check_regular`: the open must
        // not wait for a writer, and the handle check must refuse it.
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("swapped");
        mkfifo(&fifo);
        let err = promptly(move || open_nonblocking_regular(&fifo).map(|_| ()).unwrap_err());
        assert!(
            matches!(
                err,
                ReadError::NotRegular {
                    kind: FileKind::Fifo,
                    ..
                }
            ),
            "{err:?}"
        );
    }

    #[test]
    fn write_targets_must_be_absent_or_regular() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("out.md");
        mkfifo(&fifo);
        let socket = dir.path().join("out.sock");
        let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
        let link = dir.path().join("link.md");
        std::os::unix::fs::symlink("/dev/null", &link).unwrap();
        for (path, what) in [
            (fifo, "named pipe (FIFO)"),
            (socket, "socket"),
            (link, "symbolic link to a character device"),
            (PathBuf::from("/dev/null"), "character device"),
            (dir.path().to_path_buf(), "directory"),
        ] {
            let err = check_write_target(&path).unwrap_err();
            assert!(err.to_string().contains(what), "{err}");
        }
        let file = dir.path().join("report.md");
        assert!(check_write_target(&file).is_ok(), "absent is fine");
        std::fs::write(&file, "old").unwrap();
        assert!(check_write_target(&file).is_ok(), "regular is fine");
    }
}
