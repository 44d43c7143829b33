//! Why an import failed, with the file and, when known, the line and column.

use std::fmt;
use std::path::{Path, PathBuf};

/// An import that failed. Nothing was added: imports are all or nothing.
///
/// Shown as `FILE, line L, column C: message`; the line and column are left
/// out when the problem is not at one place in the file (a missing folder, a
/// file that is too large).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    pub file: PathBuf,
    /// 1-based line.
    pub line: Option<usize>,
    /// 1-based column, in characters.
    pub column: Option<usize>,
    pub message: String,
}

impl ImportError {
    /// An error about the file as a whole.
    pub fn new(file: &Path, message: impl Into<String>) -> ImportError {
        ImportError {
            file: file.to_path_buf(),
            line: None,
            column: None,
            message: message.into(),
        }
    }

    /// An error at a line (and column) of the file.
    pub fn at(file: &Path, line: usize, column: Option<usize>, message: impl Into<String>) -> ImportError {
        ImportError {
            file: file.to_path_buf(),
            line: Some(line),
            column,
            message: message.into(),
        }
    }

    pub(crate) fn io(file: &Path, error: &std::io::Error) -> ImportError {
        ImportError::new(file, format!("cannot read: {error}"))
    }

    /// A JSON error, with serde_json's position turned into a character column.
    pub(crate) fn json(file: &Path, text: &str, error: &serde_json::Error) -> ImportError {
        let mut message = error.to_string();
        let suffix = format!(" at line {} column {}", error.line(), error.column());
        if let Some(stripped) = message.strip_suffix(&suffix) {
            message.truncate(stripped.len());
        }
        if error.line() == 0 {
            return ImportError::new(file, message);
        }
        let column = char_column(text, error.line(), error.column());
        ImportError::at(file, error.line(), Some(column), message)
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
            if let Some(column) = self.column {
                write!(f, ", column {column}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for ImportError {}

/// serde_json counts columns in bytes; people count characters.
fn char_column(text: &str, line: usize, byte_column: usize) -> usize {
    let Some(line_text) = text.split('\n').nth(line.saturating_sub(1)) else {
        return byte_column;
    };
    let mut end = byte_column.saturating_sub(1).min(line_text.len());
    while !line_text.is_char_boundary(end) {
        end -= 1;
    }
    line_text[..end].chars().count() + 1
}

/// 1-based line and column of the position just after `before`.
pub(crate) fn line_and_column(before: &[u8]) -> (usize, usize) {
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_line_and_column() {
        let file = Path::new("export/users.json");
        assert_eq!(
            ImportError::at(file, 3, Some(7), "expected `,`").to_string(),
            "export/users.json, line 3, column 7: expected `,`"
        );
        assert_eq!(
            ImportError::at(file, 3, None, "no time").to_string(),
            "export/users.json, line 3: no time"
        );
        assert_eq!(
            ImportError::new(file, "too large").to_string(),
            "export/users.json: too large"
        );
    }

    #[test]
    fn json_errors_count_characters_and_drop_serde_position() {
        let text = "[\n  \"é\" x";
        let error = serde_json::from_str::<Vec<String>>(text).unwrap_err();
        let error = ImportError::json(Path::new("f.json"), text, &error);
        assert_eq!(error.line, Some(2));
        // serde_json says byte 8; the `x` is the 7th character.
        assert_eq!(error.column, Some(7));
        assert!(!error.message.contains("line"), "{}", error.message);
    }

    #[test]
    fn char_column_survives_out_of_range_positions() {
        assert_eq!(char_column("ab", 5, 9), 9);
        assert_eq!(char_column("é", 1, 2), 1);
        assert_eq!(char_column("ab", 1, 99), 3);
        assert_eq!(line_and_column(b"a\n\xc3"), (2, 2));
    }
}
