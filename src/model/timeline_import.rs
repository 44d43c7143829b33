//! Entries from outside files (chat exports, alerts) added to the timeline
//! as one step, deduplicated, and undone as one step.

use super::edit::EditError;
use super::incident::*;
use super::timeline::{EntryId, EntryKind, Retraction};

/// One entry to add from an outside file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ImportedEntry {
    pub at: Timestamp,
    pub author: String,
    pub kind: EntryKind,
    pub text: String,
    /// Dedupe key, e.g. `slack:#inc-42:1710684000.123456`.
    pub source: String,
}

/// Entries from one outside file, added (or undone) as one step.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ImportBatch {
    /// What was imported, e.g. "Slack export, channel #inc-42".
    pub what: String,
    /// The file or folder it came from.
    pub file: String,
    pub entries: Vec<ImportedEntry>,
    /// Set the detection source and time (only asked for when they are unset).
    pub detection: Option<(DetectionSource, Timestamp)>,
}

const IMPORT_SOURCE_PREFIX: &str = "import:";

impl Incident {
    /// Sources already on the timeline, for dedupe.
    pub fn has_source(&self, source: &str) -> bool {
        self.timeline.iter().any(|e| e.source.as_deref() == Some(source))
    }

    pub(super) fn import(
        &mut self,
        batch: ImportBatch,
        now: Timestamp,
        author: &str,
    ) -> Result<(), EditError> {
        // Nothing twice: not what is already there, not a repeat within the
        // file. One pass over the timeline, then one merge: O(n + k log k).
        let fresh: Vec<&ImportedEntry> = {
            let existing: std::collections::HashSet<&str> =
                self.timeline.iter().filter_map(|e| e.source.as_deref()).collect();
            let mut seen = std::collections::HashSet::new();
            batch
                .entries
                .iter()
                .filter(|e| !existing.contains(e.source.as_str()) && seen.insert(e.source.as_str()))
                .collect()
        };
        let added = fresh.len();
        let new_entries: Vec<super::timeline::NewEntry> = fresh
            .into_iter()
            .map(|e| super::timeline::NewEntry {
                at: e.at,
                recorded_at: now,
                author: e.author.clone(),
                kind: e.kind,
                text: e.text.clone(),
                source: Some(e.source.clone()),
            })
            .collect();
        let ids = self.timeline.add_many(new_entries);
        let skipped = batch.entries.len() - added;
        // The entries an undo takes back: this edit's, first to last.
        let range = match (ids.first(), ids.last()) {
            (Some(first), Some(last)) => format!("{}..={}", first.0, last.0),
            _ => "none".to_owned(),
        };
        if let Some((source, at)) = batch.detection.clone() {
            if self.detection.source.is_none() {
                self.detection.source = Some(source);
            }
            if self.detection.detected_at.is_none() {
                self.detection.detected_at = Some(at);
            }
        }
        let mut text = format!(
            "Imported {added} entries from {} ({}) by {author}",
            batch.file, batch.what
        );
        if skipped > 0 {
            text.push_str(&format!("; {skipped} already on the timeline were skipped"));
        }
        self.timeline.add_many([super::timeline::NewEntry {
            at: now,
            recorded_at: now,
            author: author.to_owned(),
            kind: EntryKind::System,
            text,
            source: Some(format!("{IMPORT_SOURCE_PREFIX}{range}")),
        }]);
        Ok(())
    }

    pub(super) fn undo_import(
        &mut self,
        record: EntryId,
        now: Timestamp,
        author: &str,
    ) -> Result<(), EditError> {
        let entry = self.timeline.get(record).ok_or(EditError::NotAnImport)?;
        if entry.retracted.is_some() {
            return Err(EditError::NotAnImport);
        }
        let range = entry
            .source
            .as_deref()
            .and_then(|s| s.strip_prefix(IMPORT_SOURCE_PREFIX))
            .and_then(import_range)
            .ok_or(EditError::NotAnImport)?;
        let before = self.timeline.entries.len();
        if let Some((first, last)) = range {
            self.timeline
                .remove_where(|e| e.id >= first && e.id <= last && e.id != record);
        }
        let removed = before - self.timeline.entries.len();
        if let Some(e) = self.timeline.get_mut(record) {
            e.retracted = Some(Retraction {
                at: now,
                by: author.to_owned(),
                reason: format!("import undone: {removed} entries removed"),
            });
        }
        Ok(())
    }
}

/// The entries an import record names: `first..=last`, or none (`Some(None)`).
fn import_range(range: &str) -> Option<Option<(EntryId, EntryId)>> {
    if range == "none" {
        return Some(None);
    }
    let (first, last) = range.split_once("..=")?;
    let id = |s: &str| uuid::Uuid::parse_str(s).ok().map(EntryId);
    Some(Some((id(first)?, id(last)?)))
}

/// A format-1 import record named its entries by number, `import:5-20`
/// (20 not included): the same entries under their migrated ids.
pub(crate) fn migrate_import_source(source: &str, id_of: impl Fn(u64) -> EntryId) -> Option<String> {
    let range = source.strip_prefix(IMPORT_SOURCE_PREFIX)?;
    let (a, b) = range.split_once('-')?;
    let (a, b) = (a.parse::<u64>().ok()?, b.parse::<u64>().ok()?);
    Some(if b > a {
        format!("{IMPORT_SOURCE_PREFIX}{}..={}", id_of(a).0, id_of(b - 1).0)
    } else {
        format!("{IMPORT_SOURCE_PREFIX}none")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Edit;
    use chrono::{TimeDelta, TimeZone, Utc};

    fn batch(sources: &[&str], t0: Timestamp) -> ImportBatch {
        ImportBatch {
            what: "Slack export, channel #inc".into(),
            file: "export.zip".into(),
            entries: sources
                .iter()
                .enumerate()
                .map(|(i, s)| ImportedEntry {
                    at: t0 + TimeDelta::minutes(i as i64),
                    author: "Bo".into(),
                    kind: EntryKind::Chat,
                    text: format!("message {i}"),
                    source: (*s).into(),
                })
                .collect(),
            detection: None,
        }
    }

    #[test]
    fn import_dedupes_records_and_undoes_as_one_step() {
        let t0 = Utc.with_ymd_and_hms(2026, 11, 25, 14, 0, 0).unwrap();
        let mut inc = Incident::declare(t0, "Ana");
        let now = t0 + TimeDelta::hours(1);
        inc.apply(Edit::Import(batch(&["a", "b", "b"], t0)), now, "Ana")
            .unwrap();
        assert_eq!(
            inc.timeline.iter().filter(|e| e.kind == EntryKind::Chat).count(),
            2
        );
        let record = inc.timeline.iter().last().unwrap().clone();
        assert_eq!(
            record.text,
            "Imported 2 entries from export.zip (Slack export, channel #inc) by Ana; 1 already on the timeline were skipped"
        );
        // Re-importing adds nothing.
        inc.apply(Edit::Import(batch(&["a", "b"], t0)), now, "Ana")
            .unwrap();
        assert_eq!(
            inc.timeline.iter().filter(|e| e.kind == EntryKind::Chat).count(),
            2
        );
        assert!(inc.problems().is_empty());
        // Undo the first import: its entries go, its record stays, retracted.
        inc.apply(Edit::UndoImport(record.id), now, "Ana").unwrap();
        assert_eq!(
            inc.timeline.iter().filter(|e| e.kind == EntryKind::Chat).count(),
            0
        );
        let record = inc.timeline.get(record.id).unwrap();
        assert!(
            record
                .retracted
                .as_ref()
                .unwrap()
                .reason
                .contains("2 entries removed")
        );
        assert_eq!(
            inc.apply(Edit::UndoImport(record.id), now, "Ana"),
            Err(EditError::NotAnImport)
        );
        assert_eq!(
            inc.apply(Edit::UndoImport(inc.timeline.entries[0].id), now, "Ana"),
            Err(EditError::NotAnImport)
        );
    }

    #[test]
    fn import_sets_detection_only_when_unset() {
        let t0 = Utc.with_ymd_and_hms(2026, 11, 25, 14, 0, 0).unwrap();
        let mut inc = Incident::declare(t0, "Ana");
        inc.detection.detected_at = None;
        let mut b = batch(&["x"], t0);
        b.detection = Some((DetectionSource::MonitoringAlert, t0 - TimeDelta::minutes(3)));
        inc.apply(Edit::Import(b), t0, "Ana").unwrap();
        assert_eq!(inc.detection.source, Some(DetectionSource::MonitoringAlert));
        assert_eq!(inc.detection.detected_at, Some(t0 - TimeDelta::minutes(3)));
    }
}
