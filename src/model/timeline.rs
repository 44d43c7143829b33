//! The timeline: every event of the incident with its time, author and kind.
//! Entries are kept sorted by event time so readers never sort per frame.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::incident::Timestamp;

pub use super::uid::EntryId;
use super::uid::IdSource;

/// An entry to add with [`Timeline::add_many`] (its id is given there).
#[derive(Debug, Clone)]
pub struct NewEntry {
    pub at: Timestamp,
    pub recorded_at: Timestamp,
    pub author: String,
    pub kind: EntryKind,
    pub text: String,
    pub source: Option<String>,
}

/// Bookkeeping beside the record: equal whatever it holds, so two
/// timelines with the same entries compare equal.
#[derive(Debug, Clone, Default)]
struct Unrecorded<T>(T);

impl<T> PartialEq for Unrecorded<T> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl<T> Eq for Unrecorded<T> {}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Timeline {
    /// Sorted by `at`, then by id (the order they were written: ids are
    /// time-ordered, see [`super::uid`]). Each entry
    /// is shared, so a snapshot of a 100,000-entry incident for a save, an
    /// autosave or the review's figures costs a pointer per entry, not a
    /// deep copy; changing an entry copies that one only (`Arc::make_mut`).
    pub entries: Vec<Arc<TimelineEntry>>,
    /// The entry the last change brought up to date (a typing run), for
    /// [`Applied`](super::Applied); never saved, never compared.
    #[serde(skip)]
    updated: Unrecorded<Option<EntryId>>,
    /// The entries the edit being applied added, in order (for `Applied`).
    #[serde(skip)]
    added: Unrecorded<Vec<EntryId>>,
    /// Where the ids of the edit being applied come from.
    #[serde(skip)]
    ids: Unrecorded<IdSource>,
    /// The entry written last (the greatest id), once known; a typing run
    /// continues only in it.
    #[serde(skip)]
    newest: Unrecorded<Option<EntryId>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimelineEntry {
    pub id: EntryId,
    /// When it happened (may be backdated).
    pub at: Timestamp,
    /// When it was written down.
    pub recorded_at: Timestamp,
    pub author: String,
    pub kind: EntryKind,
    pub text: String,
    /// Earlier texts of an edited entry, oldest first: edits are never silent.
    pub revisions: Vec<Revision>,
    /// A retracted entry stays in the record, shown struck through.
    pub retracted: Option<Retraction>,
    /// The structured parts of a CAN report (kind `Can`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub can: Option<CanReport>,
    /// Where an imported entry came from, e.g. `slack:#inc-42:1710684000.123456`
    /// or `alertmanager:<fingerprint>:<startsAt>`; the key re-imports dedupe on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// For a change to a field of the record (kind `Change`): which field and
    /// its whole value before and after, so the entry's text can be short.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<FieldChange>,
    /// Left out of the postmortem for wider sharing (`report --redact`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub restricted: bool,
    /// An evidence item (kind `Evidence`); such an entry never changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<super::security::Evidence>,
}

/// A field of the record changed from one value to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldChange {
    /// Stable name of the field, e.g. `Title` or `AffectedService(1)`.
    pub field: String,
    pub from: String,
    pub to: String,
}

/// A responder's report: Conditions, Actions, Needs.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CanReport {
    pub from: String,
    pub conditions: String,
    pub actions: String,
    pub needs: String,
}

impl CanReport {
    /// The one-line text a CAN entry shows.
    pub fn summary(&self) -> String {
        format!(
            "CAN from {}: Conditions: {} | Actions: {} | Needs: {}",
            self.from.trim(),
            self.conditions.trim(),
            self.actions.trim(),
            self.needs.trim()
        )
    }
}

/// What an entry said, and when it said it happened, before a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    pub text: String,
    pub at: Timestamp,
    /// When this version was replaced, and by whom.
    pub replaced_at: Timestamp,
    pub replaced_by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Retraction {
    pub at: Timestamp,
    pub by: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimelineError {
    #[error("that timeline entry does not exist")]
    NoSuchEntry,
    #[error("a retracted entry cannot be changed")]
    Retracted,
    #[error("an entry needs some text")]
    EmptyText,
    #[error("an evidence item never changes: record a correction as a new item that follows it")]
    Evidence,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EntryKind {
    Note,
    Decision,
    Action,
    Severity,
    Status,
    Comms,
    Escalation,
    Role,
    System,
    /// A CAN report (Conditions, Actions, Needs) from a responder.
    Can,
    /// A message imported from a chat export or log.
    Chat,
    /// An imported monitoring alert.
    Alert,
    /// A field of the record changed (old value to new).
    Change,
    /// An evidence item (file, hash, chain of custody).
    Evidence,
}

impl EntryKind {
    pub const ALL: [EntryKind; 14] = [
        EntryKind::Note,
        EntryKind::Decision,
        EntryKind::Action,
        EntryKind::Severity,
        EntryKind::Status,
        EntryKind::Comms,
        EntryKind::Escalation,
        EntryKind::Role,
        EntryKind::System,
        EntryKind::Can,
        EntryKind::Chat,
        EntryKind::Alert,
        EntryKind::Change,
        EntryKind::Evidence,
    ];

    /// Upper-case badge text; words, not colour alone, carry the kind.
    pub fn badge(self) -> &'static str {
        match self {
            EntryKind::Note => "NOTE",
            EntryKind::Decision => "DECISION",
            EntryKind::Action => "ACTION",
            EntryKind::Severity => "SEVERITY",
            EntryKind::Status => "STATUS",
            EntryKind::Comms => "COMMS",
            EntryKind::Escalation => "ESCALATION",
            EntryKind::Role => "ROLE",
            EntryKind::System => "SYSTEM",
            EntryKind::Can => "CAN",
            EntryKind::Chat => "CHAT",
            EntryKind::Alert => "ALERT",
            EntryKind::Change => "CHANGE",
            EntryKind::Evidence => "EVIDENCE",
        }
    }

    /// Quick-log prefixes: `d: rolled back` logs a decision.
    pub fn quick_log_prefix(self) -> Option<&'static str> {
        match self {
            EntryKind::Note => Some("n:"),
            EntryKind::Decision => Some("d:"),
            EntryKind::Action => Some("a:"),
            _ => None,
        }
    }
}

/// Splits quick-log input into its kind and text: `"d: roll back"` is a
/// decision "roll back"; anything without a known prefix is a note.
pub fn parse_quick_log(input: &str) -> (EntryKind, &str) {
    let trimmed = input.trim();
    for kind in [EntryKind::Note, EntryKind::Decision, EntryKind::Action] {
        if let Some(prefix) = kind.quick_log_prefix()
            && let Some(head) = trimmed.get(..prefix.len())
            && head.eq_ignore_ascii_case(prefix)
        {
            return (kind, trimmed[prefix.len()..].trim_start());
        }
    }
    (EntryKind::Note, trimmed)
}

/// A quick-log line read in full: `@14:02 d: rolled back` is a decision
/// that happened at 14:02 (UTC, today), written now.
pub fn parse_quick_log_line(
    input: &str,
    now: Timestamp,
) -> Result<(EntryKind, String, Option<Timestamp>), String> {
    let trimmed = input.trim();
    let (at, rest) = match trimmed.strip_prefix('@') {
        Some(after) => {
            let (time, rest) = after.split_once(char::is_whitespace).unwrap_or((after, ""));
            let at = super::time::parse_time_input(time, now)?
                .ok_or_else(|| "write a time after @, like @14:02".to_owned())?;
            (Some(at), rest)
        }
        None => (None, trimmed),
    };
    let (kind, text) = parse_quick_log(rest);
    Ok((kind, text.to_owned(), at))
}

/// Edits to one field closer together than this are one typing run.
pub const TYPING_RUN: chrono::TimeDelta = chrono::TimeDelta::minutes(2);

/// Longest value quoted in a change entry's text (the whole value is kept).
const QUOTED_CHARS: usize = 160;

/// "Title changed from “a” to “b”", "set to", "cleared (was …)".
pub fn change_text(label: &str, from: &str, to: &str) -> String {
    match (from.is_empty(), to.is_empty()) {
        (true, _) => format!("{label} set to {}", quote(to)),
        (false, true) => format!("{label} cleared (was {})", quote(from)),
        (false, false) => format!("{label} changed from {} to {}", quote(from), quote(to)),
    }
}

/// A value on one line, shortened, in quotes.
fn quote(value: &str) -> String {
    let one_line: String = value
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let one_line = one_line.trim();
    match one_line.char_indices().nth(QUOTED_CHARS) {
        Some((cut, _)) => format!("\u{201c}{}\u{2026}\u{201d}", &one_line[..cut]),
        None => format!("\u{201c}{one_line}\u{201d}"),
    }
}

/// From this many entries, a pass over the whole timeline (filtering,
/// the review's figures, freeing it) takes longer than a frame can spare:
/// the console does it on a worker thread.
pub const BIG_TIMELINE: usize = 5_000;

impl Timeline {
    /// A timeline of these entries, in the order given.
    pub fn from_entries(entries: Vec<TimelineEntry>) -> Timeline {
        Timeline {
            entries: entries.into_iter().map(Arc::new).collect(),
            ..Timeline::default()
        }
    }

    /// The edit about to be applied: the ids it makes derive from `ids`.
    pub fn begin_edit(&mut self, ids: IdSource) {
        self.ids.0 = ids;
        self.added.0.clear();
        self.updated.0 = None;
    }

    /// The entries added since [`Timeline::begin_edit`], in order.
    pub(super) fn take_added(&mut self) -> Vec<EntryId> {
        std::mem::take(&mut self.added.0)
    }

    /// A fresh id for a list item, from the edit being applied.
    pub fn new_item_id(&mut self) -> super::uid::ItemId {
        self.ids.0.item()
    }

    fn allocate_id(&mut self) -> EntryId {
        let id = self.ids.0.entry();
        self.added.0.push(id);
        self.newest.0 = Some(self.newest().map_or(id, |n| n.max(id)));
        id
    }

    /// The entry written last: the greatest id (ids are time-ordered).
    pub fn newest(&mut self) -> Option<EntryId> {
        if self.newest.0.is_none() {
            self.newest.0 = self.entries.iter().map(|e| e.id).max();
        }
        self.newest.0
    }

    /// Removes the entries `drop` names (taking back an import).
    pub(super) fn remove_where(&mut self, drop: impl Fn(&TimelineEntry) -> bool) {
        self.entries.retain(|e| !drop(e));
        self.newest.0 = None;
    }

    /// Adds many entries at their places in event-time order in one merge,
    /// O(entries + new log new), rather than one shifting insert each.
    /// Entries with equal times keep existing-then-given order, as `add` would.
    pub fn add_many(&mut self, new: impl IntoIterator<Item = NewEntry>) -> Vec<EntryId> {
        let mut fresh: Vec<Arc<TimelineEntry>> = new
            .into_iter()
            .map(|n| {
                let id = self.allocate_id();
                Arc::new(TimelineEntry {
                    id,
                    at: n.at,
                    recorded_at: n.recorded_at,
                    author: n.author,
                    kind: n.kind,
                    text: n.text,
                    revisions: Vec::new(),
                    retracted: None,
                    can: None,
                    source: n.source,
                    change: None,
                    restricted: false,
                    evidence: None,
                })
            })
            .collect();
        let ids = fresh.iter().map(|e| e.id).collect();
        if fresh.is_empty() {
            return ids;
        }
        fresh.sort_by_key(|e| (e.at, e.id));
        let old = std::mem::take(&mut self.entries);
        let mut merged = Vec::with_capacity(old.len() + fresh.len());
        let mut fresh = fresh.into_iter().peekable();
        for entry in old {
            while let Some(next) = fresh.next_if(|n| (n.at, n.id) < (entry.at, entry.id)) {
                merged.push(next);
            }
            merged.push(entry);
        }
        merged.extend(fresh);
        self.entries = merged;
        ids
    }

    /// Adds an entry at its place in event-time order and returns its id.
    pub fn add(
        &mut self,
        at: Timestamp,
        recorded_at: Timestamp,
        author: &str,
        kind: EntryKind,
        text: impl Into<String>,
    ) -> EntryId {
        let id = self.allocate_id();
        // Entries with the same time keep the order they were written in
        // (ids are time-ordered).
        let index = self.entries.partition_point(|e| (e.at, e.id) < (at, id));
        self.entries.insert(
            index,
            Arc::new(TimelineEntry {
                id,
                at,
                recorded_at,
                author: author.to_owned(),
                kind,
                text: text.into(),
                revisions: Vec::new(),
                retracted: None,
                can: None,
                source: None,
                change: None,
                restricted: false,
                evidence: None,
            }),
        );
        id
    }

    /// The entry with this id, to change (copied first if a snapshot still
    /// shares it).
    pub fn get_mut(&mut self, id: EntryId) -> Option<&mut TimelineEntry> {
        self.entries
            .iter_mut()
            .rev()
            .find(|e| e.id == id)
            .map(Arc::make_mut)
    }

    /// Logs that a field changed from `from` to `to`, as a `Change` entry.
    /// With `coalesce`, a run of edits to one field by one person (typing,
    /// key by key) stays one entry: while the newest entry written is that
    /// field's change by the same author, recorded within [`TYPING_RUN`], it
    /// is brought up to date instead; a run that ends where it began leaves
    /// no entry, as nothing changed.
    #[allow(clippy::too_many_arguments)]
    pub fn record_change(
        &mut self,
        now: Timestamp,
        author: &str,
        field: String,
        label: &str,
        from: String,
        to: String,
        coalesce: bool,
    ) {
        if coalesce
            && let Some(newest) = self.newest()
            && let Some(index) = self.entries.iter().rposition(|e| e.id == newest)
        {
            let entry = &self.entries[index];
            let same_run = entry.kind == EntryKind::Change
                && entry.author == author
                && entry.retracted.is_none()
                && entry.revisions.is_empty()
                && now >= entry.recorded_at
                && now - entry.recorded_at <= TYPING_RUN
                && entry
                    .change
                    .as_ref()
                    .is_some_and(|c| c.field == field && c.to == from);
            if same_run {
                if entry.change.as_ref().is_some_and(|c| c.from == to) {
                    self.entries.remove(index);
                    self.newest.0 = None;
                    return;
                }
                let entry = Arc::make_mut(&mut self.entries[index]);
                let Some(change) = entry.change.as_mut() else {
                    return;
                };
                change.to = to;
                entry.text = change_text(label, &change.from, &change.to);
                entry.recorded_at = now;
                self.updated.0 = Some(entry.id);
                return;
            }
        }
        if from == to {
            return;
        }
        let text = change_text(label, &from, &to);
        let id = self.add(now, now, author, EntryKind::Change, text);
        if let Some(entry) = self.get_mut(id) {
            entry.change = Some(FieldChange { field, from, to });
        }
    }

    /// Every change to the field named `field` (`"Title"`, a row's field),
    /// oldest first, with the entry that records it: who set it to what.
    pub fn changes_of<'a>(
        &'a self,
        field: &'a str,
    ) -> impl Iterator<Item = (&'a TimelineEntry, &'a FieldChange)> + 'a {
        self.iter()
            .filter_map(move |e| e.change.as_ref().filter(|c| c.field == field).map(|c| (e, c)))
    }

    /// The entry the last change brought up to date, if it did (see
    /// [`Timeline::record_change`]); reading it clears it.
    pub(super) fn take_updated(&mut self) -> Option<EntryId> {
        self.updated.0.take()
    }

    /// The entries in time order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &TimelineEntry> + ExactSizeIterator + Clone {
        self.entries.iter().map(|e| &**e)
    }

    /// The entry at `index` in time order.
    pub fn entry(&self, index: usize) -> Option<&TimelineEntry> {
        self.entries.get(index).map(|e| &**e)
    }

    pub fn get(&self, id: EntryId) -> Option<&TimelineEntry> {
        self.entries.iter().find(|e| e.id == id).map(|e| &**e)
    }

    fn position(&self, id: EntryId) -> Result<usize, TimelineError> {
        self.entries
            .iter()
            .position(|e| e.id == id)
            .ok_or(TimelineError::NoSuchEntry)
    }

    /// Replaces an entry's text and/or event time, keeping the old version
    /// in `revisions`. The entry moves to its place in time order.
    pub fn revise(
        &mut self,
        id: EntryId,
        text: Option<String>,
        at: Option<Timestamp>,
        now: Timestamp,
        by: &str,
    ) -> Result<(), TimelineError> {
        let index = self.position(id)?;
        let entry = &self.entries[index];
        if entry.retracted.is_some() {
            return Err(TimelineError::Retracted);
        }
        if entry.evidence.is_some() {
            return Err(TimelineError::Evidence);
        }
        let new_text = text
            .map(|t| t.trim().to_owned())
            .unwrap_or_else(|| entry.text.clone());
        let new_at = at.unwrap_or(entry.at);
        if new_text.is_empty() {
            return Err(TimelineError::EmptyText);
        }
        if new_text == entry.text && new_at == entry.at {
            return Ok(());
        }
        let mut shared = self.entries.remove(index);
        let entry = Arc::make_mut(&mut shared);
        entry.revisions.push(Revision {
            text: std::mem::replace(&mut entry.text, new_text),
            at: entry.at,
            replaced_at: now,
            replaced_by: by.to_owned(),
        });
        entry.at = new_at;
        // Among entries at the same time, ids give the writing order.
        let place = self
            .entries
            .partition_point(|e| (e.at, e.id) < (entry.at, entry.id));
        self.entries.insert(place, shared);
        Ok(())
    }

    /// Marks an entry retracted; it stays in the record, struck through.
    pub fn retract(
        &mut self,
        id: EntryId,
        reason: &str,
        now: Timestamp,
        by: &str,
    ) -> Result<(), TimelineError> {
        let index = self.position(id)?;
        if self.entries[index].retracted.is_some() {
            return Err(TimelineError::Retracted);
        }
        if self.entries[index].evidence.is_some() {
            return Err(TimelineError::Evidence);
        }
        let entry = Arc::make_mut(&mut self.entries[index]);
        entry.retracted = Some(Retraction {
            at: now,
            by: by.to_owned(),
            reason: reason.trim().to_owned(),
        });
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Checks the invariants a loaded file must satisfy; returns what is wrong.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut ids: Vec<EntryId> = self.entries.iter().map(|e| e.id).collect();
        ids.sort_unstable();
        if let Some(pair) = ids.windows(2).find(|w| w[0] == w[1]) {
            problems.push(format!("timeline entry id {} is used twice", pair[0].0));
        }
        if ids.first().is_some_and(|id| id.0.is_nil()) {
            problems.push("a timeline entry has no id (the nil id)".to_owned());
        }
        if let Some(pair) = self
            .entries
            .windows(2)
            .find(|w| (w[0].at, w[0].id) > (w[1].at, w[1].id))
        {
            problems.push(format!(
                "timeline entry {} is out of time order (after entry {})",
                pair[1].id.0, pair[0].id.0
            ));
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn t(minute: u32) -> Timestamp {
        Utc.with_ymd_and_hms(2026, 11, 25, 14, minute, 0).unwrap()
    }

    #[test]
    fn entries_stay_in_event_time_order_with_backdating() {
        let mut tl = Timeline::default();
        let a = tl.add(t(10), t(10), "ana", EntryKind::Note, "first");
        let b = tl.add(t(20), t(20), "ana", EntryKind::Note, "third");
        let c = tl.add(t(15), t(25), "bo", EntryKind::Decision, "backdated");
        let order: Vec<_> = tl.entries.iter().map(|e| e.id).collect();
        assert_eq!(order, vec![a, c, b]);
        assert_eq!(tl.get(c).unwrap().recorded_at, t(25));
        assert!(tl.problems().is_empty());
    }

    #[test]
    fn same_time_keeps_writing_order_and_ids_are_unique() {
        let mut tl = Timeline::default();
        let ids: Vec<_> = (0..5)
            .map(|i| tl.add(t(1), t(1), "x", EntryKind::Note, format!("{i}")))
            .collect();
        let texts: Vec<_> = tl.entries.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(texts, ["0", "1", "2", "3", "4"]);
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(sorted, ids, "ids grow in writing order");
        sorted.dedup();
        assert_eq!(sorted.len(), 5);
    }

    #[test]
    fn revising_keeps_history_and_time_order() {
        let mut tl = Timeline::default();
        let a = tl.add(t(10), t(10), "ana", EntryKind::Note, "db slow");
        let b = tl.add(t(20), t(20), "ana", EntryKind::Note, "rolled back");
        tl.revise(a, Some("db-3 slow".into()), None, t(30), "bo").unwrap();
        let entry = tl.get(a).unwrap();
        assert_eq!(entry.text, "db-3 slow");
        assert_eq!(entry.revisions.len(), 1);
        assert_eq!(entry.revisions[0].text, "db slow");
        assert_eq!(
            (
                entry.revisions[0].replaced_at,
                entry.revisions[0].replaced_by.as_str()
            ),
            (t(30), "bo")
        );
        // Moving an entry later re-sorts it; the old time stays in its history.
        tl.revise(a, None, Some(t(25)), t(31), "bo").unwrap();
        assert_eq!(tl.entries.iter().map(|e| e.id).collect::<Vec<_>>(), vec![b, a]);
        assert_eq!(tl.get(a).unwrap().revisions[1].at, t(10));
        // No change is no revision.
        tl.revise(a, Some("db-3 slow".into()), None, t(32), "bo").unwrap();
        assert_eq!(tl.get(a).unwrap().revisions.len(), 2);
        assert_eq!(
            tl.revise(a, Some("  ".into()), None, t(32), "bo"),
            Err(TimelineError::EmptyText)
        );
        assert!(tl.problems().is_empty());
    }

    #[test]
    fn retracting_keeps_the_entry() {
        let mut tl = Timeline::default();
        let a = tl.add(t(10), t(10), "ana", EntryKind::Note, "wrong host");
        tl.retract(a, "was db-4", t(11), "ana").unwrap();
        assert_eq!(tl.len(), 1);
        assert_eq!(tl.get(a).unwrap().retracted.as_ref().unwrap().reason, "was db-4");
        assert_eq!(
            tl.retract(a, "again", t(12), "ana"),
            Err(TimelineError::Retracted)
        );
        assert_eq!(
            tl.revise(a, Some("x".into()), None, t(12), "ana"),
            Err(TimelineError::Retracted)
        );
        assert_eq!(
            tl.retract(EntryId(uuid::Uuid::from_u128(99)), "", t(12), "ana"),
            Err(TimelineError::NoSuchEntry)
        );
    }

    #[test]
    fn quick_log_prefixes_pick_the_kind() {
        assert_eq!(
            parse_quick_log("d: roll back 4.12"),
            (EntryKind::Decision, "roll back 4.12")
        );
        assert_eq!(
            parse_quick_log("A:restart db-3"),
            (EntryKind::Action, "restart db-3")
        );
        assert_eq!(parse_quick_log("  n: hello "), (EntryKind::Note, "hello"));
        assert_eq!(
            parse_quick_log("db looks fine"),
            (EntryKind::Note, "db looks fine")
        );
        assert_eq!(parse_quick_log("é"), (EntryKind::Note, "é"));
        assert_eq!(parse_quick_log("x: odd"), (EntryKind::Note, "x: odd"));
    }

    #[test]
    fn quick_log_line_can_be_backdated() {
        let now = t(30);
        assert_eq!(
            parse_quick_log_line("@14:02 d: roll back", now),
            Ok((EntryKind::Decision, "roll back".into(), Some(t(2))))
        );
        assert_eq!(
            parse_quick_log_line("plain note", now),
            Ok((EntryKind::Note, "plain note".into(), None))
        );
        assert!(parse_quick_log_line("@soon hello", now).is_err());
        assert!(parse_quick_log_line("@ hello", now).is_err());
    }

    #[test]
    fn problems_reports_duplicates_and_disorder() {
        let mut tl = Timeline::default();
        tl.add(t(1), t(1), "x", EntryKind::Note, "a");
        tl.add(t(2), t(2), "x", EntryKind::Note, "b");
        let first = tl.entries[0].id;
        std::sync::Arc::make_mut(&mut tl.entries[1]).id = first;
        assert!(tl.problems().iter().any(|p| p.contains("used twice")));
        let mut tl2 = Timeline::default();
        tl2.add(t(1), t(1), "x", EntryKind::Note, "a");
        tl2.add(t(2), t(2), "x", EntryKind::Note, "b");
        tl2.entries.swap(0, 1);
        assert!(tl2.problems().iter().any(|p| p.contains("out of time order")));
        std::sync::Arc::make_mut(&mut tl2.entries[0]).id = EntryId(uuid::Uuid::nil());
        assert!(tl2.problems().iter().any(|p| p.contains("no id")));
    }
}
