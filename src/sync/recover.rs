//! What a console that did not exit cleanly left behind, read back: the
//! journal (every change, to the last one shown) when there is one with
//! work in it, else the autosave (at most 2 s behind).

use crate::file::recovery::Orphan;
use crate::model::Incident;

use super::Replica;
use super::journal;

/// What a journal brings back.
pub struct Recovered {
    pub replica: Replica,
    pub incident: Incident,
    /// The share record (`share.ron`), if it was shared.
    pub share: Option<String>,
}

/// The orphan's journal, read and replayed (`None`: no journal with work).
pub fn from_journal(orphan: &Orphan) -> Option<Result<Recovered, String>> {
    let path = orphan.journal_with_work()?;
    Some(read_journal(&path).map(|(replica, incident)| Recovered {
        replica,
        incident,
        share: orphan.share_record(),
    }))
}

/// The work an orphan holds: from its journal when that reads, else its autosave.
pub fn load_orphan(orphan: &Orphan) -> Result<Incident, String> {
    match from_journal(orphan) {
        Some(Ok(recovered)) => Ok(recovered.incident),
        _ => orphan.load().map_err(|e| e.to_string()),
    }
}

/// A journal read back: the document, then every whole change after it.
pub fn read_journal(path: &std::path::Path) -> Result<(Replica, Incident), String> {
    let read = journal::read(path)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("{} is not a journal", path.display()))?;
    Replica::load_records(&read.records).map_err(|e| e.to_string())
}
