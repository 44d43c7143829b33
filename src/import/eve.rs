//! Intrusion-detection alerts from Suricata's EVE JSON log (`eve.json`):
//! one JSON object per line, each with an `event_type`. Alerts
//! (`"event_type": "alert"`) become [`EntryKind::Alert`] entries at their own
//! `timestamp`, by "Suricata", reading like
//! `IDS sev 1: ET MALWARE Cobalt Strike Beacon [1:2027082:3] (A Network
//! Trojan was detected) TCP 10.20.0.14:49822 -> 203.0.113.50:443, flow
//! 1184213477893542, allowed`. Other events (flow, dns, http, stats...) are
//! left out and counted. The source key is `suricata:<flow_id>:<gid>:<sid>`:
//! the same signature firing again on one flow is one entry, in this file and
//! on a re-import.
//!
//! A line that is not JSON, or an alert without its time or signature, fails
//! the whole import with the line and column.

use std::collections::HashSet;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::alerts::AlertImport;
use super::{ImportError, MAX_MESSAGES, read_text, short, stable_hash, too_many_message};
use crate::model::{EntryKind, ImportedEntry, Timestamp};

/// Alerts read from an EVE log, and what was left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EveImport {
    pub alerts: AlertImport,
    /// Events that are not alerts (flows, DNS, HTTP, stats...).
    pub other_events: usize,
    /// Alerts of a signature on a flow already read.
    pub repeats: usize,
}

#[derive(Debug, Deserialize)]
struct RawEvent {
    timestamp: Option<String>,
    event_type: Option<String>,
    flow_id: Option<u64>,
    src_ip: Option<String>,
    src_port: Option<u32>,
    dest_ip: Option<String>,
    dest_port: Option<u32>,
    proto: Option<String>,
    alert: Option<RawAlert>,
}

#[derive(Debug, Deserialize)]
struct RawAlert {
    action: Option<String>,
    gid: Option<u64>,
    signature_id: Option<u64>,
    rev: Option<u64>,
    signature: Option<String>,
    category: Option<String>,
    severity: Option<u32>,
}

pub fn read_eve(path: &Path) -> Result<EveImport, ImportError> {
    let text = read_text(path)?;
    parse_eve(path, &text)
}

/// Suricata writes `2026-11-30T10:15:42.123456+0000`; RFC 3339 is taken too.
fn parse_time(text: &str) -> Option<Timestamp> {
    let text = text.trim();
    DateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f%z")
        .or_else(|_| DateTime::parse_from_rfc3339(text))
        .ok()
        .map(|at| at.with_timezone(&Utc))
}

/// `10.0.0.5:51234`, or the address alone when the protocol has no ports.
fn endpoint(ip: &Option<String>, port: Option<u32>) -> String {
    let ip = ip
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .unwrap_or("?");
    match port {
        // IPv6 addresses hold colons: bracket them before a port.
        Some(port) if ip.contains(':') => format!("[{ip}]:{port}"),
        Some(port) => format!("{ip}:{port}"),
        None => ip.to_owned(),
    }
}

/// [`read_eve`] on text already read; `path` only names the file in errors.
pub fn parse_eve(path: &Path, text: &str) -> Result<EveImport, ImportError> {
    let mut entries = Vec::new();
    let mut seen = HashSet::new();
    let (mut other_events, mut repeats) = (0, 0);
    let mut earliest: Option<Timestamp> = None;
    for (index, line) in text.split('\n').enumerate() {
        let number = index + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            continue;
        }
        let event: RawEvent = serde_json::from_str(line).map_err(|e| {
            // Columns as every JSON reader gives them; serde saw one line only.
            let mut error = ImportError::json(path, line, &e);
            error.line = Some(number);
            error.message = format!("not an EVE JSON event: {}", error.message);
            error
        })?;
        if event.event_type.as_deref() != Some("alert") {
            other_events += 1;
            continue;
        }
        let fail = |what: &str| ImportError::at(path, number, None, format!("an alert {what}"));
        let alert = event
            .alert
            .as_ref()
            .ok_or_else(|| fail("without its \"alert\" object"))?;
        let stamp = event
            .timestamp
            .as_deref()
            .ok_or_else(|| fail("without a timestamp"))?;
        let at = parse_time(stamp)
            .ok_or_else(|| fail(&format!("whose timestamp \"{}\" is not a time", short(stamp))))?;
        if !crate::model::time::in_range(at) {
            return Err(fail(&format!("at {stamp}, outside the years the console keeps")));
        }
        let signature = alert
            .signature
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .ok_or_else(|| fail("without a signature"))?;
        let gid = alert.gid.unwrap_or(1);
        let sid = alert.signature_id.ok_or_else(|| fail("without a signature_id"))?;
        let flow = match event.flow_id {
            Some(flow) => flow.to_string(),
            // No flow id (rare): the connection and time stand in for it.
            None => format!(
                "nf{:016x}",
                stable_hash(
                    format!(
                        "{stamp}|{:?}|{:?}|{:?}|{:?}",
                        event.src_ip, event.src_port, event.dest_ip, event.dest_port
                    )
                    .as_bytes()
                )
            ),
        };
        let source = format!("suricata:{flow}:{gid}:{sid}");
        if !seen.insert(source.clone()) {
            repeats += 1;
            continue;
        }
        if entries.len() >= MAX_MESSAGES {
            return Err(ImportError::new(path, too_many_message()));
        }
        let severity = alert.severity.map_or_else(|| "?".to_owned(), |s| s.to_string());
        let rev = alert.rev.map_or_else(String::new, |r| format!(":{r}"));
        let category = match alert.category.as_deref().map(str::trim) {
            Some(c) if !c.is_empty() => format!(" ({c})"),
            _ => String::new(),
        };
        let proto = event.proto.as_deref().map(str::trim).unwrap_or("");
        let action = match alert.action.as_deref().map(str::trim) {
            Some(a) if !a.is_empty() => format!(", {a}"),
            _ => String::new(),
        };
        let flow_text = event.flow_id.map_or_else(String::new, |f| format!(", flow {f}"));
        let text = format!(
            "IDS sev {severity}: {signature} [{gid}:{sid}{rev}]{category} {proto} {} -> {}{flow_text}{action}",
            endpoint(&event.src_ip, event.src_port),
            endpoint(&event.dest_ip, event.dest_port),
        )
        .replace("  ", " ");
        earliest = Some(earliest.map_or(at, |e| e.min(at)));
        entries.push(ImportedEntry {
            at,
            author: "Suricata".to_owned(),
            kind: EntryKind::Alert,
            text,
            source,
        });
    }
    if entries.is_empty() {
        return Err(ImportError::new(
            path,
            format!("no alerts in the file ({other_events} other events): is this Suricata's eve.json?"),
        ));
    }
    Ok(EveImport {
        alerts: AlertImport::new(entries, earliest),
        other_events,
        repeats,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALERT: &str = r#"{"timestamp":"2026-11-30T10:15:42.123456+0100","flow_id":1184213477893542,"in_iface":"eth0","event_type":"alert","src_ip":"10.20.0.14","src_port":49822,"dest_ip":"203.0.113.50","dest_port":443,"proto":"TCP","alert":{"action":"allowed","gid":1,"signature_id":2027082,"rev":3,"signature":"ET MALWARE Cobalt Strike Beacon Observed","category":"A Network Trojan was detected","severity":1}}"#;

    fn parse(text: &str) -> Result<EveImport, ImportError> {
        parse_eve(Path::new("eve.json"), text)
    }

    #[test]
    fn an_alert_reads_with_its_own_time_and_parts() {
        let eve = parse(ALERT).unwrap();
        let entry = &eve.alerts.entries[0];
        assert_eq!(entry.at.to_rfc3339(), "2026-11-30T09:15:42.123456+00:00");
        assert_eq!(
            entry.text,
            "IDS sev 1: ET MALWARE Cobalt Strike Beacon Observed [1:2027082:3] (A Network Trojan was detected) TCP 10.20.0.14:49822 -> 203.0.113.50:443, flow 1184213477893542, allowed"
        );
        assert_eq!(entry.source, "suricata:1184213477893542:1:2027082");
        assert_eq!(entry.author, "Suricata");
        assert_eq!(eve.alerts.earliest_firing, Some(entry.at));
    }

    #[test]
    fn ipv6_and_portless_protocols_read_plainly() {
        let line = r#"{"timestamp":"2026-11-30T10:15:42Z","flow_id":7,"event_type":"alert","src_ip":"2001:db8::1","src_port":5353,"dest_ip":"2001:db8::2","dest_port":53,"proto":"UDP","alert":{"signature_id":9,"signature":"DNS tunnel"}}
{"timestamp":"2026-11-30T10:16:00.000000+0000","flow_id":8,"event_type":"alert","src_ip":"10.0.0.1","dest_ip":"10.0.0.2","proto":"ICMP","alert":{"signature_id":10,"signature":"ICMP sweep","severity":3}}"#;
        let eve = parse(line).unwrap();
        assert!(
            eve.alerts.entries[0]
                .text
                .contains("UDP [2001:db8::1]:5353 -> [2001:db8::2]:53")
        );
        assert!(eve.alerts.entries[1].text.contains("ICMP 10.0.0.1 -> 10.0.0.2"));
    }

    #[test]
    fn a_signature_repeated_on_a_flow_is_read_once() {
        let later = ALERT.replace("10:15:42", "10:17:00");
        let other_sig = ALERT.replace("2027082", "2027083");
        let text = format!("{ALERT}\n{later}\n{other_sig}\n");
        let eve = parse(&text).unwrap();
        assert_eq!(eve.alerts.entries.len(), 2);
        assert_eq!(eve.repeats, 1);
    }

    #[test]
    fn other_events_and_blank_lines_are_left_out_and_counted() {
        let text = format!(
            "{}\n\n{ALERT}\r\n{}\n",
            r#"{"timestamp":"2026-11-30T10:15:40.000000+0000","flow_id":1,"event_type":"flow","src_ip":"10.0.0.1"}"#,
            r#"{"timestamp":"2026-11-30T10:15:41.000000+0000","event_type":"stats","stats":{"uptime":30}}"#
        );
        let eve = parse(&text).unwrap();
        assert_eq!((eve.alerts.entries.len(), eve.other_events), (1, 2));
        assert!(
            parse(r#"{"event_type":"dns"}"#)
                .unwrap_err()
                .message
                .contains("no alerts")
        );
    }

    #[test]
    fn broken_lines_name_their_line_and_column() {
        for (text, line, column, words) in [
            (
                format!("{ALERT}\n{{\"event_type\": \"alert\", oops}}"),
                2,
                Some(25),
                "not an EVE JSON event",
            ),
            (format!("{ALERT}\n{}", &ALERT[..80]), 2, Some(80), "EOF"),
            (
                format!("\n{}", ALERT.replace("49822", "\"x\"")),
                2,
                Some(149),
                "invalid type",
            ),
            (
                ALERT.replace(r#""timestamp":"2026-11-30T10:15:42.123456+0100","#, ""),
                1,
                None,
                "without a timestamp",
            ),
            (
                ALERT.replace("2026-11-30T10:15:42.123456+0100", "yesterday"),
                1,
                None,
                "\"yesterday\" is not a time",
            ),
            (
                ALERT.replace("2026-11-30T", "0099-11-30T"),
                1,
                None,
                "outside the years",
            ),
            (
                ALERT.replace(r#""signature":"ET MALWARE Cobalt Strike Beacon Observed","#, ""),
                1,
                None,
                "without a signature",
            ),
            (
                ALERT.replace(r#""signature_id":2027082,"#, ""),
                1,
                None,
                "without a signature_id",
            ),
            (
                r#"{"event_type":"alert","timestamp":"2026-11-30T10:15:42Z"}"#.to_owned(),
                1,
                None,
                "\"alert\" object",
            ),
            ("[1, 2]".to_owned(), 1, Some(2), "not an EVE JSON event"),
        ] {
            let error = parse(&text).unwrap_err();
            assert_eq!((error.line, error.column), (Some(line), column), "{error}");
            assert!(error.message.contains(words), "{error}");
            assert!(
                error.to_string().starts_with(&format!("eve.json, line {line}")),
                "{error}"
            );
        }
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = r#"{"event_type":"flow","src":"é€", oops}"#;
        let error = parse(text).unwrap_err();
        assert_eq!(error.column, Some(34));
    }
}
