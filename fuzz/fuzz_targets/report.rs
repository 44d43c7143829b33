//! The report writer (`postmortem_markdown`, `report_json`) on incidents
//! made from fuzz input: the bytes as an incident file when they load, else
//! the example incident with fuzzed texts and times put into it.
//!
//! The made-up incident reads the input (bytes that are not UTF-8 become
//! U+FFFD) as NUL-separated pieces: first the texts of fixed fields (id,
//! title, summary, ... postmortem prose), then one piece whose characters
//! move the incident's timestamps (see `move_time`), then pieces that replace
//! timeline entry texts and authors, follow-up texts and owners, and add
//! five whys, in turn.
#![no_main]

use std::sync::LazyLock;

use chrono::{DateTime, TimeDelta};
use incident_console::file;
use incident_console::model::{Incident, Timestamp};
use incident_console::report::markdown::SECTIONS;
use incident_console::report::{postmortem_markdown, report_json};
use libfuzzer_sys::fuzz_target;

static EXAMPLE: LazyLock<Incident> = LazyLock::new(|| {
    file::from_bytes(include_bytes!("../../assets/examples/checkout-eu-outage.ron"))
        .expect("the example loads")
});

fuzz_target!(|data: &[u8]| {
    let incident = file::from_bytes(data).unwrap_or_else(|_| from_example(data));

    let markdown = postmortem_markdown(&incident);
    // "# Postmortem:" alone when both the id and the title are empty.
    assert!(markdown.starts_with("# Postmortem:"), "no title line");
    // Headings: the title and the fixed sections only; user text adds none.
    let headings: Vec<&str> = markdown.lines().filter(|l| is_atx_heading(l)).collect();
    assert_eq!(headings.len(), 1 + SECTIONS.len(), "headings {headings:#?}");
    // Writing twice halves the speed: check one input in eight.
    if data.len() % 8 == 0 {
        assert_eq!(
            markdown,
            postmortem_markdown(&incident),
            "markdown not deterministic"
        );
    }

    let json = report_json(&incident);
    let value: serde_json::Value = serde_json::from_str(&json).expect("the report JSON parses");
    assert!(value.is_object(), "the report JSON is not an object");
});

/// A CommonMark ATX heading line: up to 3 spaces, 1 to 6 `#`, then a space,
/// a tab or the end of the line.
fn is_atx_heading(line: &str) -> bool {
    let rest = line.trim_start_matches(' ');
    if line.len() - rest.len() > 3 {
        return false;
    }
    let hashes = rest.len() - rest.trim_start_matches('#').len();
    (1..=6).contains(&hashes) && matches!(rest[hashes..].chars().next(), None | Some(' ' | '\t'))
}

fn from_example(data: &[u8]) -> Incident {
    let mut inc = EXAMPLE.clone();
    let text = String::from_utf8_lossy(data);
    let mut pieces = text.split('\0');

    let pm = &mut inc.postmortem;
    let fields = [
        &mut inc.id,
        &mut inc.title,
        &mut inc.summary,
        &mut inc.detection.declared_by,
        &mut inc.channels.chat_room,
        &mut inc.assessment.what_customers_see,
        &mut inc.assessment.affected_count,
        &mut inc.resolution.summary,
        &mut pm.summary,
        &mut pm.leadup,
        &mut pm.fault,
        &mut pm.impact,
        &mut pm.detection,
        &mut pm.response,
        &mut pm.recovery,
        &mut pm.root_cause,
        &mut pm.backlog_check,
        &mut pm.recurrence,
        &mut pm.lessons_learned,
    ];
    // Fields past the end of the input keep the example's text.
    for (field, piece) in fields.into_iter().zip(pieces.by_ref()) {
        *field = piece.to_owned();
    }

    if let Some(moves) = pieces.next() {
        let mut times: Vec<&mut Option<Timestamp>> = vec![
            &mut inc.detection.fault_started_at,
            &mut inc.detection.detected_at,
            &mut inc.detection.declared_at,
            &mut inc.assessment.impact_started_at,
            &mut inc.resolution.mitigated_at,
            &mut inc.resolution.resolved_at,
            &mut inc.resolution.closed_at,
        ];
        times.extend(inc.communications.messages.iter_mut().map(|m| &mut m.sent_at));
        for responder in &mut inc.escalation.responders {
            times.extend([
                &mut responder.paged_at,
                &mut responder.acknowledged_at,
                &mut responder.joined_at,
            ]);
        }
        let mut moves = moves.chars();
        for time in times {
            let Some(how) = moves.next() else { break };
            *time = move_time(*time, how);
        }
        // Characters left over move timeline entries and severity decisions.
        for entry in inc.timeline.entries.iter_mut().map(std::sync::Arc::make_mut) {
            let Some(how) = moves.next() else { break };
            if let Some(at) = move_time(Some(entry.at), how) {
                entry.at = at;
            }
        }
        for change in &mut inc.assessment.severity_history {
            let Some(how) = moves.next() else { break };
            if let Some(at) = move_time(Some(change.set_at), how) {
                change.set_at = at;
            }
        }
    }

    let entries = inc.timeline.entries.len().max(1);
    let follow_ups = inc.resolution.follow_ups.len().max(1);
    for (k, piece) in pieces.enumerate() {
        let piece = piece.to_owned();
        match k % 5 {
            0 => {
                if let Some(e) = inc
                    .timeline
                    .entries
                    .get_mut(k / 5 % entries)
                    .map(std::sync::Arc::make_mut)
                {
                    e.text = piece;
                }
            }
            1 => {
                if let Some(e) = inc
                    .timeline
                    .entries
                    .get_mut(k / 5 % entries)
                    .map(std::sync::Arc::make_mut)
                {
                    e.author = piece;
                }
            }
            2 => {
                if let Some(f) = inc.resolution.follow_ups.get_mut(k / 5 % follow_ups) {
                    f.text = piece;
                }
            }
            3 => {
                if let Some(f) = inc.resolution.follow_ups.get_mut(k / 5 % follow_ups) {
                    f.owner = piece;
                }
            }
            _ => inc.postmortem.five_whys.push(piece.into()),
        }
    }
    inc
}

/// `~` clears the time, `!` and `?` set the latest and earliest time there
/// is, any other character moves it by its code point (from -64) in minutes.
fn move_time(time: Option<Timestamp>, how: char) -> Option<Timestamp> {
    match how {
        '~' => None,
        '!' => Some(DateTime::<chrono::Utc>::MAX_UTC),
        '?' => Some(DateTime::<chrono::Utc>::MIN_UTC),
        _ => {
            let minutes = i64::from(u32::from(how)) - 64;
            let base = time.unwrap_or(
                EXAMPLE
                    .detection
                    .detected_at
                    .expect("the example has a detection time"),
            );
            Some(
                base.checked_add_signed(TimeDelta::minutes(minutes))
                    .unwrap_or(base),
            )
        }
    }
}
