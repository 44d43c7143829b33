use std::path::PathBuf;

/// Why a file could not be opened. Every variant says where, when it can.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read {}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("the file is empty")]
    Empty,
    #[error("the file is {size} bytes; incident files are limited to {limit} bytes")]
    TooLarge { size: u64, limit: u64 },
    #[error("line {line}, column {column}: the file is not valid UTF-8 text")]
    NotUtf8 { line: usize, column: usize },
    #[error("line {line}, column {column}: {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "the file was written by a newer version of Incident Console (file format {found}); this version reads format {supported} and older"
    )]
    NewerVersion { found: u32, supported: u32 },
    #[error("format version {found} is not a known incident file version")]
    UnknownVersion { found: u32 },
    #[error("the file is not a valid incident: {}", problems.join("; "))]
    Invalid { problems: Vec<String> },
}

impl LoadError {
    /// Line and column the error points at, when it points at one.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            LoadError::NotUtf8 { line, column } | LoadError::Syntax { line, column, .. } => {
                Some((*line, *column))
            }
            _ => None,
        }
    }
}

impl From<super::regular::ReadError> for LoadError {
    /// A refused path (FIFO, device, directory, missing) stays an `Io`
    /// error naming the path, with the reason as its message.
    fn from(error: super::regular::ReadError) -> LoadError {
        use super::regular::ReadError;
        match error {
            ReadError::TooLarge { size, limit, .. } => LoadError::TooLarge { size, limit },
            ReadError::Io { path, source } => LoadError::Io { path, source },
            other => LoadError::Io {
                source: std::io::Error::new(other.io_kind(), other.reason()),
                path: other.path().to_path_buf(),
            },
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("cannot save {}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("not saved to {}: {reason}", path.display())]
    WouldNotLoad { path: PathBuf, reason: String },
    #[error("not saved to {}: {reason}", path.display())]
    Refused { path: PathBuf, reason: String },
}
