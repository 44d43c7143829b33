//! The report as JSON for tooling: metrics, customer update stats, severity
//! history and the full timeline. Deterministic: fields in a fixed order,
//! times in RFC 3339 UTC, no current time.

use chrono::SecondsFormat;
use serde::Serialize;

use crate::model::{EntryKind, Incident, TimelineEntry, Timestamp};

use super::metrics::{Gap, Metrics, SeverityStep, Span, metrics};

/// The `format` field of every report.
pub const FORMAT: &str = "incident-console-report";
/// Bumped when a change would break readers of earlier reports (2: entry
/// ids are UUID strings, as in incident files of format 2).
pub const FORMAT_VERSION: u32 = 2;

#[derive(Serialize)]
struct Report<'a> {
    format: &'static str,
    format_version: u32,
    incident: IncidentJson<'a>,
    metrics: Vec<SpanJson>,
    customer_updates: CustomerUpdatesJson,
    severity_history: Vec<SeverityJson<'a>>,
    highest_severity: Option<SeverityJson<'a>>,
    support_cases: Option<u32>,
    timeline_counts: CountsJson,
    timeline: Vec<EntryJson<'a>>,
}

#[derive(Serialize)]
struct IncidentJson<'a> {
    id: &'a str,
    title: &'a str,
    status: &'static str,
    /// Current severity name (`SEV1`), `null` when none was set.
    severity: Option<String>,
    severity_level: Option<u8>,
    severity_scale: &'a str,
}

#[derive(Serialize)]
struct Moment {
    name: &'static str,
    at: String,
}

#[derive(Serialize)]
struct SpanJson {
    name: String,
    label: &'static str,
    seconds: Option<i64>,
    unknown_reason: Option<String>,
    from: Option<Moment>,
    to: Option<Moment>,
}

#[derive(Serialize)]
struct GapJson {
    seconds: i64,
    from: Moment,
    to: Moment,
}

#[derive(Serialize)]
struct CustomerUpdatesJson {
    sent: usize,
    promised_cadence_minutes: u32,
    largest_gap: Option<GapJson>,
    cadence_kept: Option<bool>,
    first_update_promised_minutes: i64,
    first_update_kept: Option<bool>,
}

#[derive(Serialize)]
struct SeverityJson<'a> {
    from: Option<&'a str>,
    from_level: Option<u8>,
    to: &'a str,
    to_level: u8,
    at: String,
    by: &'a str,
    reason: &'a str,
}

#[derive(Serialize)]
struct KindCount {
    kind: EntryKind,
    count: usize,
}

#[derive(Serialize)]
struct CountsJson {
    total: usize,
    retracted: usize,
    edited: usize,
    by_kind: Vec<KindCount>,
}

#[derive(Serialize)]
struct RetractionJson<'a> {
    at: String,
    by: &'a str,
    reason: &'a str,
}

#[derive(Serialize)]
struct EntryJson<'a> {
    /// The entry's UUID (a number in report format 1).
    id: String,
    at: String,
    recorded_at: String,
    author: &'a str,
    kind: EntryKind,
    text: &'a str,
    retracted: bool,
    retraction: Option<RetractionJson<'a>>,
    edited: bool,
    revisions: usize,
}

/// The report as pretty-printed JSON (with a final newline).
pub fn report_json(incident: &Incident) -> String {
    let m = metrics(incident);
    let report = build(incident, &m);
    let mut text = serde_json::to_string_pretty(&report).expect("report structs always serialize");
    text.push('\n');
    text
}

fn build<'a>(incident: &'a Incident, m: &'a Metrics) -> Report<'a> {
    let current = incident.severity();
    let mut entries: Vec<&TimelineEntry> = incident.timeline.iter().collect();
    entries.sort_by_key(|e| (e.at, e.id));
    let u = &m.customer_updates;
    Report {
        format: FORMAT,
        format_version: FORMAT_VERSION,
        incident: IncidentJson {
            id: &incident.id,
            title: &incident.title,
            status: incident.status.label(),
            severity: current.map(|s| incident.severity_name(s.level)),
            severity_level: current.map(|s| s.level.0),
            severity_scale: &incident.assessment.scale,
        },
        metrics: m.spans().into_iter().map(span).collect(),
        customer_updates: CustomerUpdatesJson {
            sent: u.sent,
            promised_cadence_minutes: u.promised_cadence_minutes,
            largest_gap: u.largest_gap.map(gap),
            cadence_kept: u.cadence_kept,
            first_update_promised_minutes: u.first_update_promised_minutes,
            first_update_kept: u.first_update_kept,
        },
        severity_history: m.severity_history.iter().map(severity).collect(),
        highest_severity: m.highest_severity.as_ref().map(severity),
        support_cases: m.support_cases,
        timeline_counts: CountsJson {
            total: m.timeline.total,
            retracted: m.timeline.retracted,
            edited: m.timeline.edited,
            by_kind: m
                .timeline
                .by_kind
                .iter()
                .map(|(kind, count)| KindCount {
                    kind: *kind,
                    count: *count,
                })
                .collect(),
        },
        timeline: entries.into_iter().map(entry).collect(),
    }
}

fn rfc3339(at: Timestamp) -> String {
    at.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

fn moment((name, at): (&'static str, Timestamp)) -> Moment {
    Moment {
        name,
        at: rfc3339(at),
    }
}

fn span(s: &Span) -> SpanJson {
    SpanJson {
        name: s.key(),
        label: s.label,
        seconds: s.value.as_ref().ok().map(|d| d.num_seconds()),
        unknown_reason: s.value.as_ref().err().cloned(),
        from: s.from.map(moment),
        to: s.to.map(moment),
    }
}

fn gap(g: Gap) -> GapJson {
    GapJson {
        seconds: g.length.num_seconds(),
        from: moment(g.from),
        to: moment(g.to),
    }
}

fn severity(s: &SeverityStep) -> SeverityJson<'_> {
    SeverityJson {
        from: s.from_name.as_deref(),
        from_level: s.from.map(|l| l.0),
        to: &s.to_name,
        to_level: s.to.0,
        at: rfc3339(s.at),
        by: &s.by,
        reason: &s.reason,
    }
}

fn entry(e: &TimelineEntry) -> EntryJson<'_> {
    EntryJson {
        id: e.id.0.to_string(),
        at: rfc3339(e.at),
        recorded_at: rfc3339(e.recorded_at),
        author: &e.author,
        kind: e.kind,
        text: &e.text,
        retracted: e.retracted.is_some(),
        retraction: e.retracted.as_ref().map(|r| RetractionJson {
            at: rfc3339(r.at),
            by: &r.by,
            reason: &r.reason,
        }),
        edited: !e.revisions.is_empty(),
        revisions: e.revisions.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    #[test]
    fn unknown_metrics_are_null_with_a_reason() {
        let inc = Incident::declare(Utc.with_ymd_and_hms(2026, 11, 25, 14, 0, 0).unwrap(), "Ana");
        let v: serde_json::Value = serde_json::from_str(&report_json(&inc)).unwrap();
        assert_eq!(v["format"], FORMAT);
        assert_eq!(v["format_version"], 2);
        let detect = &v["metrics"][0];
        assert_eq!(detect["name"], "time_to_detect");
        assert!(detect["seconds"].is_null());
        assert_eq!(
            detect["unknown_reason"],
            "unknown: fault started at is not recorded"
        );
        assert!(detect["from"].is_null());
        assert_eq!(detect["to"]["name"], "detected at");
        assert_eq!(detect["to"]["at"], "2026-11-25T14:00:00Z");
        assert!(v["incident"]["severity"].is_null());
        assert_eq!(v["timeline"][0]["kind"], "System");
    }
}
