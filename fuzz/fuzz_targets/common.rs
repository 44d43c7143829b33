//! Checks every import target makes on what a reader returns.

use incident_console::import::{ImportError, Preview};
use incident_console::model::ImportedEntry;

/// A reader's answer: entries in time order with a preview that counts
/// them, or an error that names a place inside `text`.
pub fn check_import(text: &str, result: Result<(&[ImportedEntry], &Preview), &ImportError>) {
    match result {
        Ok((entries, preview)) => {
            assert!(entries.is_sorted_by_key(|e| e.at), "entries out of time order");
            assert_eq!(preview.messages, entries.len(), "preview miscounts entries");
            assert_eq!(
                preview.authors.iter().map(|(_, n)| n).sum::<usize>(),
                entries.len(),
                "preview authors miscount entries"
            );
            let mut sources = std::collections::HashSet::new();
            for entry in entries {
                assert!(
                    sources.insert(&entry.source),
                    "source key {:?} twice",
                    entry.source
                );
            }
        }
        Err(error) => check_error(text, error),
    }
}

/// An error names a line of the file (or none) and says something.
pub fn check_error(text: &str, error: &ImportError) {
    assert!(!error.message.trim().is_empty(), "empty error message");
    if let Some(line) = error.line {
        let lines = text.split('\n').count();
        assert!(
            (1..=lines).contains(&line),
            "error at line {line} of {lines}: {error}"
        );
    }
    if let Some(column) = error.column {
        assert!(column >= 1, "column 0: {error}");
    }
    let _ = error.to_string();
}
