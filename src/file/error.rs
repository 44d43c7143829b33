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

#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("cannot save {}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("not saved to {}: {reason}", path.display())]
    WouldNotLoad { path: PathBuf, reason: String },
    #[error("not saved to {}: {reason}", path.display())]
    Refused { path: PathBuf, reason: String },
}
