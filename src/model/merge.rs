//! Merging two copies of one incident that were changed apart (files
//! passed around by hand), by ids and by the rules the live shared record
//! follows:
//!
//! - Timeline entries are only ever added: every entry of either copy is
//!   in the result. An entry changed in both keeps every earlier version
//!   (the one changed last is current, the other becomes a revision); it
//!   is retracted if either copy retracted it, and restricted if either
//!   restricted it.
//! - Lists (services, links, messages, responders, roles, tasks, follow-ups,
//!   whys) are merged by row id: rows added on either side are kept, in
//!   the order they were made; a row removed on either side stays removed.
//! - A plain field set differently in the two copies takes the value set
//!   last: by the field's latest change entry where the timeline has one,
//!   else the copy changed most recently wins. Both values stay on the
//!   timeline with who set them.
//!
//! The result does not depend on the order of the two copies, and the same
//! copies always give the same bytes.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use serde_json::Value;

use super::fields::{TextField, TimeField};
use super::incident::{Incident, Timestamp};
use super::timeline::{EntryId, Revision, Timeline, TimelineEntry};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    #[error("these are two different incidents ({a} and {b}): only copies of one incident can be merged")]
    DifferentIncidents { a: String, b: String },
    #[error("the merged incident would not load: {0}")]
    Invalid(String),
}

/// The two copies merged into one (see the module documentation).
pub fn merge(a: &Incident, b: &Incident) -> Result<Incident, MergeError> {
    if a.uid != b.uid {
        let name = |i: &Incident| format!("{} \u{201c}{}\u{201d}", i.id, i.title);
        return Err(MergeError::DifferentIncidents {
            a: name(a),
            b: name(b),
        });
    }
    if a == b {
        return Ok(a.clone());
    }
    let timeline = merge_timelines(&a.timeline, &b.timeline);
    let prefer_a = prefer_first(a, b);
    let removed: HashSet<String> = timeline
        .iter()
        .filter_map(|e| e.change.as_ref())
        .filter_map(|c| c.field.strip_prefix("Removed("))
        .filter_map(|rest| rest.strip_suffix(')'))
        .filter_map(|rest| rest.split_once(", ").map(|(_, id)| id.to_owned()))
        .collect();
    let value = merge_values(&without_timeline(a), &without_timeline(b), prefer_a, &removed);
    let mut merged: Incident =
        serde_json::from_value(value).map_err(|e| MergeError::Invalid(e.to_string()))?;
    merged.timeline = timeline;
    merged.assessment.severity_history.sort_by_key(|s| s.set_at);
    dedupe_notifications(&mut merged);
    last_writer_by_field(&mut merged, a, b);
    let problems = merged.problems();
    if !problems.is_empty() {
        return Err(MergeError::Invalid(problems.join("; ")));
    }
    Ok(merged)
}

fn without_timeline(incident: &Incident) -> Value {
    let mut copy = incident.clone();
    copy.timeline = Timeline::default();
    // Our types always serialize; a failure would be a bug.
    serde_json::to_value(&copy).unwrap_or(Value::Null)
}

/// When a copy last changed what the other does not have: its newest
/// entry, revision or retraction of its own.
fn last_own_change(mine: &Timeline, theirs: &Timeline) -> Option<Timestamp> {
    let theirs: HashMap<EntryId, &TimelineEntry> = theirs.iter().map(|e| (e.id, e)).collect();
    mine.iter()
        .filter(|e| theirs.get(&e.id).is_none_or(|t| *t != *e))
        .map(changed_at)
        .max()
}

/// When an entry last changed (written, revised or retracted).
fn changed_at(e: &TimelineEntry) -> Timestamp {
    let revised = e.revisions.iter().map(|r| r.replaced_at).max();
    let retracted = e.retracted.as_ref().map(|r| r.at);
    [Some(e.recorded_at), revised, retracted]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(e.recorded_at)
}

/// Whether the first copy's values win where a field has no change entry
/// to decide by: the copy changed last, else (equal) a fixed order of
/// their contents, so the order of the two copies does not matter.
fn prefer_first(a: &Incident, b: &Incident) -> bool {
    let (ta, tb) = (
        last_own_change(&a.timeline, &b.timeline),
        last_own_change(&b.timeline, &a.timeline),
    );
    if ta != tb {
        return ta > tb;
    }
    let (text_a, text_b) = (without_timeline(a).to_string(), without_timeline(b).to_string());
    text_a >= text_b
}

/// An entry as each copy has it.
type Pair<'a> = (Option<&'a Arc<TimelineEntry>>, Option<&'a Arc<TimelineEntry>>);

fn merge_timelines(a: &Timeline, b: &Timeline) -> Timeline {
    let mut all: BTreeMap<EntryId, Pair<'_>> = BTreeMap::new();
    for e in &a.entries {
        all.entry(e.id).or_default().0 = Some(e);
    }
    for e in &b.entries {
        all.entry(e.id).or_default().1 = Some(e);
    }
    let mut entries: Vec<Arc<TimelineEntry>> = all
        .into_values()
        .filter_map(|pair| match pair {
            (Some(x), Some(y)) if x == y => Some(x.clone()),
            (Some(x), Some(y)) => Some(Arc::new(merge_entry(x, y))),
            (Some(x), None) | (None, Some(x)) => Some(x.clone()),
            (None, None) => None,
        })
        .collect();
    entries.sort_by_key(|e| (e.at, e.id));
    let mut timeline = Timeline::default();
    timeline.entries = entries;
    timeline
}

/// One entry changed differently in the two copies: the version changed
/// last is current, and no text either copy had is lost.
fn merge_entry(x: &TimelineEntry, y: &TimelineEntry) -> TimelineEntry {
    let key = |e: &TimelineEntry| (changed_at(e), format!("{e:?}"));
    let (winner, loser) = if key(x) >= key(y) { (x, y) } else { (y, x) };
    let mut merged = winner.clone();
    let mut revisions: Vec<Revision> = x.revisions.iter().chain(&y.revisions).cloned().collect();
    let order = |r: &Revision| (r.replaced_at, r.replaced_by.clone(), r.text.clone(), r.at);
    revisions.sort_by_key(order);
    revisions.dedup();
    if loser.text != winner.text && !revisions.iter().any(|r| r.text == loser.text) {
        // The other copy's wording, kept as an earlier version.
        revisions.push(Revision {
            text: loser.text.clone(),
            at: loser.at,
            replaced_at: changed_at(winner),
            replaced_by: winner
                .revisions
                .last()
                .map_or_else(|| winner.author.clone(), |r| r.replaced_by.clone()),
        });
        revisions.sort_by_key(order);
    }
    merged.revisions = revisions;
    merged.retracted = match (&x.retracted, &y.retracted) {
        (Some(r), Some(s)) => Some(if (r.at, &r.by, &r.reason) <= (s.at, &s.by, &s.reason) {
            r.clone()
        } else {
            s.clone()
        }),
        (Some(r), None) | (None, Some(r)) => Some(r.clone()),
        (None, None) => None,
    };
    merged.restricted = x.restricted || y.restricted;
    merged
}

/// The id of a list row, when a JSON value is one.
fn row_id(v: &Value) -> Option<&str> {
    v.as_object()?.get("id")?.as_str()
}

fn merge_values(a: &Value, b: &Value, prefer_a: bool, removed: &HashSet<String>) -> Value {
    if a == b {
        return a.clone();
    }
    let (first, second) = if prefer_a { (a, b) } else { (b, a) };
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut out = serde_json::Map::new();
            for key in x.keys().chain(y.keys()) {
                if out.contains_key(key) {
                    continue;
                }
                let value = match (x.get(key), y.get(key)) {
                    (Some(u), Some(v)) => merge_values(u, v, prefer_a, removed),
                    (Some(u), None) | (None, Some(u)) => u.clone(),
                    (None, None) => continue,
                };
                out.insert(key.clone(), value);
            }
            Value::Object(out)
        }
        (Value::Array(x), Value::Array(y)) if x.iter().chain(y).all(|v| row_id(v).is_some()) => {
            // Rows by id, in the order they were made (ids are time-ordered).
            let mut rows: BTreeMap<&str, (Option<&Value>, Option<&Value>)> = BTreeMap::new();
            for v in x {
                rows.entry(row_id(v).unwrap_or_default()).or_default().0 = Some(v);
            }
            for v in y {
                rows.entry(row_id(v).unwrap_or_default()).or_default().1 = Some(v);
            }
            Value::Array(
                rows.into_iter()
                    .filter(|(id, _)| !removed.contains(*id))
                    .filter_map(|(_, pair)| match pair {
                        (Some(u), Some(v)) => Some(merge_values(u, v, prefer_a, removed)),
                        (Some(u), None) | (None, Some(u)) => Some(u.clone()),
                        (None, None) => None,
                    })
                    .collect(),
            )
        }
        (Value::Array(_), Value::Array(_)) => {
            // Lists without ids (severity decisions, rules, notices): all of both.
            let (Value::Array(first), Value::Array(second)) = (first, second) else {
                return first.clone();
            };
            let mut out = first.clone();
            for v in second {
                if !out.contains(v) {
                    out.push(v.clone());
                }
            }
            Value::Array(out)
        }
        _ => first.clone(),
    }
}

/// A deadline's notice marked sent in both copies: the first mark stands.
fn dedupe_notifications(merged: &mut Incident) {
    let list = &mut merged.security.notifications;
    list.sort_by(|x, y| (x.sent_at, &x.deadline).cmp(&(y.sent_at, &y.deadline)));
    let mut seen = HashSet::new();
    list.retain(|n| seen.insert(n.deadline.clone()));
}

/// The latest change entry (by when it was written) for each field name,
/// and which copies hold it.
fn latest_changes<'a>(
    a: &'a Incident,
    b: &'a Incident,
) -> HashMap<&'a str, (Timestamp, EntryId, bool, bool)> {
    let ids_a: HashSet<EntryId> = a.timeline.iter().map(|e| e.id).collect();
    let ids_b: HashSet<EntryId> = b.timeline.iter().map(|e| e.id).collect();
    let mut latest: HashMap<&str, (Timestamp, EntryId, bool, bool)> = HashMap::new();
    for e in a.timeline.iter().chain(b.timeline.iter()) {
        let Some(change) = &e.change else { continue };
        let key = (e.recorded_at, e.id, ids_a.contains(&e.id), ids_b.contains(&e.id));
        let slot = latest.entry(change.field.as_str()).or_insert(key);
        if (key.0, key.1) > (slot.0, slot.1) {
            *slot = key;
        }
    }
    latest
}

/// Where the timeline says which copy set a field last, that copy's value.
fn last_writer_by_field(merged: &mut Incident, a: &Incident, b: &Incident) {
    let latest = latest_changes(a, b);
    let pick = |name: &str| match latest.get(name) {
        Some((_, _, true, false)) => Some(true),
        Some((_, _, false, true)) => Some(false),
        _ => None,
    };
    for field in TextField::all_in(merged) {
        if let (Some(va), Some(vb)) = (field.get(a), field.get(b))
            && va != vb
            && let Some(from_a) = pick(&format!("{field:?}"))
        {
            let value = if from_a { va.clone() } else { vb.clone() };
            if let Some(slot) = field.get_mut(merged) {
                *slot = value;
            }
        }
    }
    for field in TimeField::all_in(merged) {
        if let (Some(va), Some(vb)) = (field.get(a), field.get(b))
            && va != vb
            && let Some(from_a) = pick(&format!("{field:?}"))
        {
            let value = if from_a { va } else { vb };
            if let Some(slot) = field.get_mut(merged) {
                *slot = value;
            }
        }
    }
}
