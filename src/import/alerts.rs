//! Monitoring alerts: Prometheus Alertmanager webhook payloads and a simple
//! CSV of `time,source,summary`.
//!
//! Each Alertmanager alert becomes an [`EntryKind::Alert`] entry at its
//! `startsAt`, by "Alertmanager", reading like
//! `FIRING: HighErrorRate (severity=critical, service=checkout) - Error rate
//! above 5% [https://prometheus.example/graph?...]`, with the source key
//! `alertmanager:<fingerprint>:<startsAt>`. A resolved alert adds a second
//! `RESOLVED: ...` entry at its `endsAt`, keyed `...:resolved`. Without a
//! fingerprint, a stable hash of the sorted labels stands in. A file may hold
//! one payload or an array of payloads (several notifications saved
//! together); an alert repeated across them is read once.
//!
//! The link is only text: nothing is ever opened.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use chrono::{DateTime, Datelike, NaiveDateTime, SecondsFormat, Utc};
use serde::Deserialize;
use serde::de::DeserializeSeed;

use super::{
    ImportError, Limited, MAX_MESSAGES, Preview, parse_json, read_text, short, stable_hash, too_many_message,
};
use crate::model::{DetectionSource, EntryKind, ImportBatch, ImportedEntry, Timestamp};

/// Alerts read from a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertImport {
    /// In time order.
    pub entries: Vec<ImportedEntry>,
    /// When the earliest alert in the file started firing: the detection
    /// time to offer when the incident has none yet.
    pub earliest_firing: Option<Timestamp>,
    pub preview: Preview,
}

impl AlertImport {
    pub(crate) fn new(mut entries: Vec<ImportedEntry>, earliest_firing: Option<Timestamp>) -> AlertImport {
        entries.sort_by_key(|e| e.at);
        AlertImport {
            preview: Preview::of(&entries),
            entries,
            earliest_firing,
        }
    }

    /// The batch `Edit::Import` applies. With `set_detection` (the person
    /// said yes when asked), the earliest firing alert becomes the detection
    /// source and time, where those are not set yet.
    pub fn into_batch(self, what: String, file: String, set_detection: bool) -> ImportBatch {
        let detection = self
            .earliest_firing
            .filter(|_| set_detection)
            .map(|at| (DetectionSource::MonitoringAlert, at));
        ImportBatch {
            what,
            file,
            entries: self.entries,
            detection,
        }
    }
}

// ---------------------------------------------------------------- Alertmanager

/// Reads an Alertmanager webhook payload (`{"alerts": [...], ...}`), or an
/// array of them.
pub fn read_alertmanager(path: &Path) -> Result<AlertImport, ImportError> {
    let text = read_text(path)?;
    parse_alertmanager(path, &text)
}

#[derive(Debug, Deserialize)]
struct Payload {
    #[serde(deserialize_with = "limited_alerts")]
    alerts: Vec<RawAlert>,
}

fn limited_alerts<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<RawAlert>, D::Error> {
    Limited::new(MAX_MESSAGES, "alerts").deserialize(deserializer)
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawAlert {
    status: AlertStatus,
    labels: Option<BTreeMap<String, String>>,
    annotations: Option<BTreeMap<String, String>>,
    #[serde(deserialize_with = "start_time")]
    starts_at: Timestamp,
    ends_at: Option<AlertTime>,
    #[serde(rename = "generatorURL")]
    generator_url: Option<String>,
    fingerprint: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum AlertStatus {
    Firing,
    Resolved,
}

/// An RFC 3339 time; Alertmanager's zero time (`0001-01-01T00:00:00Z`, "not
/// ended") reads as `None`.
#[derive(Debug, Clone, Copy)]
struct AlertTime(Option<Timestamp>);

impl<'de> Deserialize<'de> for AlertTime {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<AlertTime, D::Error> {
        let text = String::deserialize(deserializer)?;
        let at = DateTime::parse_from_rfc3339(text.trim())
            .map_err(|_| serde::de::Error::custom(format!("\"{}\" is not an RFC 3339 time", short(&text))))?;
        let at = at.with_timezone(&Utc);
        Ok(AlertTime((at.year() > 1).then_some(at)))
    }
}

fn start_time<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Timestamp, D::Error> {
    AlertTime::deserialize(deserializer)?
        .0
        .ok_or_else(|| serde::de::Error::custom("startsAt is the zero time: the alert has no start"))
}

/// [`read_alertmanager`] on text already read; `path` only names the file in
/// errors.
pub fn parse_alertmanager(path: &Path, text: &str) -> Result<AlertImport, ImportError> {
    let payloads: Vec<Payload> = if text.trim_start().starts_with('[') {
        parse_json(path, text, Limited::new(MAX_MESSAGES, "payloads"))?
    } else {
        vec![parse_json(path, text, std::marker::PhantomData::<Payload>)?]
    };
    let alerts: usize = payloads.iter().map(|p| p.alerts.len()).sum();
    if alerts > MAX_MESSAGES {
        return Err(ImportError::new(path, too_many_message()));
    }
    let mut entries = Vec::new();
    let mut seen = HashSet::new();
    let mut earliest: Option<Timestamp> = None;
    for alert in payloads.iter().flat_map(|p| &p.alerts) {
        earliest = Some(earliest.map_or(alert.starts_at, |e| e.min(alert.starts_at)));
        let labels = alert.labels.clone().unwrap_or_default();
        let fingerprint = alert
            .fingerprint
            .as_deref()
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .map(str::to_owned)
            .unwrap_or_else(|| labels_fingerprint(&labels));
        let key = format!(
            "alertmanager:{fingerprint}:{}",
            alert.starts_at.to_rfc3339_opts(SecondsFormat::AutoSi, true)
        );
        let description = describe(alert, &labels);
        let mut push = |at, source: String, text: String| {
            if seen.insert(source.clone()) {
                entries.push(ImportedEntry {
                    at,
                    author: "Alertmanager".to_owned(),
                    kind: EntryKind::Alert,
                    text,
                    source,
                });
            }
        };
        push(alert.starts_at, key.clone(), format!("FIRING: {description}"));
        if alert.status == AlertStatus::Resolved
            && let Some(AlertTime(Some(ended))) = alert.ends_at
        {
            push(
                ended,
                format!("{key}:resolved"),
                format!("RESOLVED: {description}"),
            );
        }
    }
    Ok(AlertImport::new(entries, earliest))
}

/// `HighErrorRate (severity=critical, service=checkout) - summary [link]`.
fn describe(alert: &RawAlert, labels: &BTreeMap<String, String>) -> String {
    let name = labels
        .get("alertname")
        .map(|n| n.trim())
        .filter(|n| !n.is_empty())
        .unwrap_or("alert");
    let mut text = name.to_owned();
    let others: Vec<String> = labels
        .iter()
        .filter(|(k, _)| k.as_str() != "alertname")
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    if !others.is_empty() {
        text.push_str(&format!(" ({})", others.join(", ")));
    }
    let annotations = alert.annotations.as_ref();
    let summary = ["summary", "description", "message"]
        .into_iter()
        .filter_map(|key| annotations?.get(key))
        .map(|s| s.trim())
        .find(|s| !s.is_empty());
    if let Some(summary) = summary {
        text.push_str(&format!(" - {summary}"));
    }
    if let Some(url) = alert
        .generator_url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
    {
        text.push_str(&format!(" [{url}]"));
    }
    text
}

/// A fingerprint from the sorted labels, stable across runs and builds.
fn labels_fingerprint(labels: &BTreeMap<String, String>) -> String {
    let mut bytes = Vec::new();
    for (key, value) in labels {
        bytes.extend_from_slice(key.as_bytes());
        bytes.push(0);
        bytes.extend_from_slice(value.as_bytes());
        bytes.push(0);
    }
    format!("{:016x}", stable_hash(&bytes))
}

// ---------------------------------------------------------------- CSV

/// Reads a CSV with a `time,source,summary` header (any order, other columns
/// ignored). Times are RFC 3339 or `YYYY-MM-DD HH:MM:SS` in UTC. Fields may
/// be quoted, with `""` for a quote inside; quoted fields may span lines.
/// Each row becomes an alert entry by its source, keyed
/// `alertcsv:<source>:<time>:<hash of summary>`.
pub fn read_alert_csv(path: &Path) -> Result<AlertImport, ImportError> {
    let text = read_text(path)?;
    parse_alert_csv(path, &text)
}

/// The most columns a header may have.
const MAX_COLUMNS: usize = 100;

/// [`read_alert_csv`] on text already read; `path` only names the file in
/// errors.
pub fn parse_alert_csv(path: &Path, text: &str) -> Result<AlertImport, ImportError> {
    let mut csv = Csv::new(path, text);
    let header = loop {
        match csv.record(MAX_COLUMNS)? {
            None => {
                return Err(ImportError::new(
                    path,
                    "the file is empty: expected a time,source,summary header",
                ));
            }
            Some(record) if record.is_blank() => continue,
            Some(record) => break record,
        }
    };
    let column = |name: &str| {
        header
            .fields
            .iter()
            .position(|f| f.text.trim().eq_ignore_ascii_case(name))
    };
    let (Some(time), Some(source), Some(summary)) = (column("time"), column("source"), column("summary"))
    else {
        return Err(ImportError::at(
            path,
            header.line,
            Some(1),
            "the first line must name the columns time,source,summary",
        ));
    };
    let width = header.fields.len();
    let mut entries = Vec::new();
    let mut seen = HashSet::new();
    while let Some(record) = csv.record(width)? {
        if record.is_blank() {
            continue;
        }
        if record.fields.len() != width {
            return Err(ImportError::at(
                path,
                record.line,
                None,
                format!(
                    "expected {width} fields like the header, found {}",
                    record.fields.len()
                ),
            ));
        }
        if entries.len() >= MAX_MESSAGES {
            return Err(ImportError::at(path, record.line, None, too_many_message()));
        }
        let time_field = &record.fields[time];
        let at = parse_csv_time(&time_field.text).ok_or_else(|| {
            ImportError::at(
                path,
                time_field.line,
                Some(time_field.column),
                format!(
                    "\"{}\" is not a time: use RFC 3339 or YYYY-MM-DD HH:MM:SS (UTC)",
                    short(time_field.text.trim())
                ),
            )
        })?;
        let author = Some(record.fields[source].text.trim())
            .filter(|s| !s.is_empty())
            .unwrap_or("unknown")
            .to_owned();
        let summary = record.fields[summary].text.trim();
        let key = format!(
            "alertcsv:{author}:{}:{:016x}",
            at.to_rfc3339_opts(SecondsFormat::AutoSi, true),
            stable_hash(summary.as_bytes())
        );
        if seen.insert(key.clone()) {
            entries.push(ImportedEntry {
                at,
                author,
                kind: EntryKind::Alert,
                text: if summary.is_empty() {
                    "(no summary)".to_owned()
                } else {
                    summary.to_owned()
                },
                source: key,
            });
        }
    }
    let earliest = entries.iter().map(|e| e.at).min();
    Ok(AlertImport::new(entries, earliest))
}

fn parse_csv_time(text: &str) -> Option<Timestamp> {
    let text = text.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Some(at.with_timezone(&Utc));
    }
    let text = text.strip_suffix("UTC").unwrap_or(text).trim_end();
    ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        .into_iter()
        .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
        .map(|naive| naive.and_utc())
}

struct Field {
    text: String,
    line: usize,
    column: usize,
}

struct Record {
    line: usize,
    fields: Vec<Field>,
}

impl Record {
    fn is_blank(&self) -> bool {
        self.fields.len() == 1 && self.fields[0].text.trim().is_empty()
    }
}

/// A small RFC 4180 reader that knows where each field starts.
struct Csv<'a> {
    path: &'a Path,
    chars: std::iter::Peekable<std::str::Chars<'a>>,
    line: usize,
    column: usize,
}

impl<'a> Csv<'a> {
    fn new(path: &'a Path, text: &'a str) -> Csv<'a> {
        Csv {
            path,
            chars: text.chars().peekable(),
            line: 1,
            column: 1,
        }
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.chars.next()?;
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some(c)
    }

    /// The next record, or `None` at the end; at most `max_fields` fields.
    fn record(&mut self, max_fields: usize) -> Result<Option<Record>, ImportError> {
        if self.chars.peek().is_none() {
            return Ok(None);
        }
        let line = self.line;
        let mut fields = Vec::new();
        loop {
            if fields.len() >= max_fields {
                return Err(ImportError::at(
                    self.path,
                    self.line,
                    Some(self.column),
                    format!("more than {max_fields} fields on this row"),
                ));
            }
            let (field, end) = self.field()?;
            fields.push(field);
            if end != Some(',') {
                return Ok(Some(Record { line, fields }));
            }
        }
    }

    /// One field and what ended it: `,`, a line end (`\n`) or the end (`None`).
    fn field(&mut self) -> Result<(Field, Option<char>), ImportError> {
        let (line, column) = (self.line, self.column);
        let mut text = String::new();
        if self.chars.peek() == Some(&'"') {
            self.bump();
            loop {
                match self.bump() {
                    None => {
                        return Err(ImportError::at(
                            self.path,
                            line,
                            Some(column),
                            "this quoted field is never closed",
                        ));
                    }
                    Some('"') if self.chars.peek() == Some(&'"') => {
                        self.bump();
                        text.push('"');
                    }
                    Some('"') => break,
                    Some(c) => text.push(c),
                }
            }
            if self.chars.peek() == Some(&'\r') {
                self.bump();
            }
            return match self.bump() {
                end @ (None | Some(',') | Some('\n')) => Ok((Field { text, line, column }, end)),
                Some(c) => Err(ImportError::at(
                    self.path,
                    self.line,
                    Some(self.column - 1),
                    format!("unexpected '{c}' after a closing quote: expected a comma or a line end"),
                )),
            };
        }
        loop {
            match self.bump() {
                end @ (None | Some(',') | Some('\n')) => {
                    if end == Some('\n') && text.ends_with('\r') {
                        text.pop();
                    }
                    return Ok((Field { text, line, column }, end));
                }
                Some(c) => text.push(c),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn csv(text: &str) -> Result<AlertImport, ImportError> {
        parse_alert_csv(Path::new("alerts.csv"), text)
    }

    #[test]
    fn csv_quotes_commas_and_positions() {
        let text = "time,source,summary\r\n2026-03-17 13:58:00,Grafana,\"Checkout 5xx, \"\"high\"\"\"\r\n\r\n\"2026-03-17T14:01:00+01:00\",Pingdom,\"two\nlines\"\n";
        let import = csv(text).unwrap();
        assert_eq!(import.entries.len(), 2);
        let first = &import.entries[0];
        assert_eq!(first.at, Utc.with_ymd_and_hms(2026, 3, 17, 13, 1, 0).unwrap());
        assert_eq!(
            (first.author.as_str(), first.text.as_str()),
            ("Pingdom", "two\nlines")
        );
        assert_eq!(import.entries[1].text, "Checkout 5xx, \"high\"");
        assert_eq!(import.earliest_firing, Some(first.at));

        let err = csv("time,source,summary\n2026-03-17 13:58:00,a,\"open\n").unwrap_err();
        assert_eq!((err.line, err.column), (Some(2), Some(23)));
        let err = csv("time,source,summary\nyesterday,a,b\n").unwrap_err();
        assert_eq!((err.line, err.column), (Some(2), Some(1)));
        assert!(err.message.contains("\"yesterday\" is not a time"), "{err}");
        let err = csv("time,source,summary\n2026-03-17 13:58:00,\"a\"x,b\n").unwrap_err();
        assert_eq!((err.line, err.column), (Some(2), Some(24)));
        let err = csv("time,source,summary\n2026-03-17 13:58:00,a\n").unwrap_err();
        assert_eq!(err.line, Some(2));
        let err = csv("when,who,what\n").unwrap_err();
        assert_eq!(err.line, Some(1));
        assert!(csv("").is_err());
    }

    #[test]
    fn csv_header_order_is_free_and_extra_columns_are_ignored() {
        let import = csv("Summary,id,Time,Source\ndisk full,7,2026-03-17 10:00:00 UTC,nagios\n").unwrap();
        assert_eq!(import.entries[0].text, "disk full");
        assert_eq!(import.entries[0].author, "nagios");
        assert!(
            import.entries[0]
                .source
                .starts_with("alertcsv:nagios:2026-03-17T10:00:00Z:")
        );
    }

    #[test]
    fn alertmanager_zero_end_and_missing_fingerprint() {
        let text = r#"{"alerts":[{"status":"firing","labels":{"alertname":"DiskFull","instance":"db-3"},
            "annotations":{},"startsAt":"2026-03-17T13:50:00.5Z","endsAt":"0001-01-01T00:00:00Z"}]}"#;
        let import = parse_alertmanager(Path::new("am.json"), text).unwrap();
        assert_eq!(import.entries.len(), 1);
        let entry = &import.entries[0];
        assert_eq!(entry.text, "FIRING: DiskFull (instance=db-3)");
        let fp = labels_fingerprint(&BTreeMap::from([
            ("alertname".to_owned(), "DiskFull".to_owned()),
            ("instance".to_owned(), "db-3".to_owned()),
        ]));
        assert_eq!(
            entry.source,
            format!("alertmanager:{fp}:2026-03-17T13:50:00.500Z")
        );
        let err = parse_alertmanager(
            Path::new("am.json"),
            r#"{"alerts":[{"status":"pending","startsAt":"2026-03-17T13:50:00Z"}]}"#,
        )
        .unwrap_err();
        assert!(err.message.contains("pending"), "{err}");
        assert_eq!(err.line, Some(1));
    }

    #[test]
    fn extreme_times_do_not_panic() {
        let text = r#"[{"alerts":[{"status":"resolved","startsAt":"+262142-12-31T23:59:59Z","endsAt":"-0001-01-01T00:00:00Z"}]},
            {"alerts":[]}]"#;
        // chrono refuses what it cannot represent; either way, no panic.
        let _ = parse_alertmanager(Path::new("am.json"), text);
        let import = parse_alertmanager(
            Path::new("am.json"),
            r#"[{"alerts":[{"status":"firing","startsAt":"9999-12-31T23:59:59.999999999Z"}]}]"#,
        )
        .unwrap();
        assert!(
            import.entries[0]
                .source
                .ends_with(":9999-12-31T23:59:59.999999999Z")
        );
        assert!(csv("time,source,summary\n9999-12-31 23:59:59,a,b\n").is_ok());
    }

    proptest! {
        #[test]
        fn never_panics(text in "[a-z0-9,\"\r\n: T-]{0,80}") {
            let _ = csv(&text);
            let _ = parse_alertmanager(Path::new("am.json"), &text);
        }
    }
}
