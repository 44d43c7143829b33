//! Hostile times: every timestamp, date and duration of a file must be one
//! the console can compute with. Files with times outside the years
//! 1900-9999 (or durations over ten years) are refused naming the field;
//! accepted extremes, and even refused ones held in memory, never panic in
//! the model, the reports or any panel.

mod common;
use common::{console_at, example, settle_io};

use std::ops::Range;

use chrono::{DateTime, NaiveDate, SecondsFormat, TimeDelta, TimeZone, Utc};
use egui_kittest::Harness;
use incident_console::action::Action;
use incident_console::app::{ConsoleApp, Document};
use incident_console::command::Command;
use incident_console::file::{self, LoadError};
use incident_console::model::time::{EARLIEST, LATEST, MAX_MINUTES};
use incident_console::model::timeline_view::{self, DisplayZone, ExportFormat};
use incident_console::model::{Incident, ManualClock, Phase, Timestamp, UpdateKind};
use incident_console::report;

/// Every timestamp kind the record has (`grep -n Timestamp src/model/*.rs`).
const KINDS: [&str; 22] = [
    "detection.fault_started_at",
    "detection.detected_at",
    "detection.declared_at",
    "assessment.impact_started_at",
    "assessment.severity_history.set_at",
    "communications.messages.drafted_at",
    "communications.messages.sent_at",
    "escalation.responders.paged_at",
    "escalation.responders.acknowledged_at",
    "escalation.responders.joined_at",
    "delegation.roles.since",
    "delegation.roles.until",
    "delegation.tasks.created_at",
    "delegation.tasks.due_at",
    "resolution.mitigated_at",
    "resolution.resolved_at",
    "resolution.closed_at",
    "timeline.entries.at",
    "timeline.entries.recorded_at",
    "timeline.entries.revisions.at",
    "timeline.entries.revisions.replaced_at",
    "timeline.entries.retracted.at",
];

/// Where the RFC 3339 timestamp strings are in RON text: the text between
/// the quotes of every `"dddd-dd-ddT...`.
fn timestamp_strings(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let digit = |i: usize| bytes[i].is_ascii_digit();
    let mut found = Vec::new();
    let mut i = 0;
    while i + 12 <= bytes.len() {
        let is_timestamp = bytes[i] == b'"'
            && (1..=4).all(|k| digit(i + k))
            && bytes[i + 5] == b'-'
            && digit(i + 6)
            && digit(i + 7)
            && bytes[i + 8] == b'-'
            && digit(i + 9)
            && digit(i + 10)
            && bytes[i + 11] == b'T';
        if is_timestamp {
            let end = i + 1 + text[i + 1..].find('"').expect("a closing quote");
            found.push(i + 1..end);
            i = end + 1;
        } else {
            i += 1;
        }
    }
    found
}

/// `text` with the timestamp strings at `ranges` replaced by `with(index, old)`.
fn replace_times(
    text: &str,
    ranges: &[Range<usize>],
    with: impl Fn(usize, &str) -> Option<String>,
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (index, range) in ranges.iter().enumerate() {
        out.push_str(&text[last..range.start]);
        match with(index, &text[range.clone()]) {
            Some(new) => out.push_str(&new),
            None => out.push_str(&text[range.clone()]),
        }
        last = range.end;
    }
    out.push_str(&text[last..]);
    out
}

fn rfc3339(at: Timestamp) -> String {
    at.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

fn visited(incident: &Incident) -> Vec<(String, String, Timestamp)> {
    let mut all = Vec::new();
    incident.for_each_time(&mut |place, at| all.push((place.to_string(), place.kind(), at)));
    all
}

fn problems_of(text: &str) -> Vec<String> {
    match file::from_ron_str(text) {
        Err(LoadError::Invalid { problems }) => problems,
        Err(other) => panic!("refused, but not as invalid: {other}"),
        Ok(_) => Vec::new(),
    }
}

#[test]
fn the_visitor_sees_every_timestamp_of_the_file_in_file_order() {
    let incident = example();
    let text = file::to_ron_string(&incident);
    let strings = timestamp_strings(&text);
    let seen = visited(&incident);
    assert!(
        strings.len() > 100,
        "the example has many times: {}",
        strings.len()
    );
    assert_eq!(seen.len(), strings.len(), "timestamps visited vs. written");
    for ((place, _, at), range) in seen.iter().zip(&strings) {
        let written: Timestamp = text[range.clone()].parse().unwrap();
        assert_eq!(&written, at, "{place} is visited out of file order");
    }
    let mut kinds: Vec<&str> = seen.iter().map(|(_, kind, _)| kind.as_str()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    let mut expected = KINDS.to_vec();
    expected.sort_unstable();
    assert_eq!(kinds, expected, "the example should hold every kind of timestamp");
    assert!(seen.iter().any(|(place, _, _)| place == "timeline.entries[0].at"));
    assert!(
        seen.iter()
            .any(|(place, _, _)| place.contains(".revisions[0].replaced_at")),
    );
}

#[test]
fn a_file_with_any_timestamp_out_of_range_is_refused_naming_it() {
    let text = file::to_ron_string(&example());
    let strings = timestamp_strings(&text);
    let seen = visited(&example());
    // The first place of each kind, and the very last time of the file.
    let mut targets: Vec<usize> = KINDS
        .iter()
        .map(|kind| seen.iter().position(|(_, k, _)| k == kind).unwrap())
        .collect();
    targets.push(seen.len() - 1);
    let hostile = [
        "+262142-01-01T00:00:00Z",
        "-262143-01-01T00:00:00Z",
        "1899-12-31T23:59:59Z",
        "1899-12-31T23:59:59.999999999Z",
        "+10000-01-01T00:00:00Z",
        "0001-01-01T00:00:00Z",
    ];
    for &target in &targets {
        let place = &seen[target].0;
        for value in hostile {
            let bad = replace_times(&text, &strings, |i, _| (i == target).then(|| value.to_owned()));
            let problems = problems_of(&bad);
            assert!(
                problems
                    .iter()
                    .any(|p| p.starts_with(&format!("{place} "))
                        && p.ends_with("is outside the years 1900-9999")),
                "{place} = {value}: {problems:?}"
            );
        }
    }
}

/// The example moved in time so that its latest (or earliest) time is `to`.
fn shifted(latest: bool, to: Timestamp) -> String {
    let text = file::to_ron_string(&example());
    let strings = timestamp_strings(&text);
    let times: Vec<Timestamp> = strings.iter().map(|r| text[r.clone()].parse().unwrap()).collect();
    let anchor = if latest {
        *times.iter().max().unwrap()
    } else {
        *times.iter().min().unwrap()
    };
    let offset = to - anchor;
    replace_times(&text, &strings, |i, _| Some(rfc3339(times[i] + offset)))
}

#[test]
fn the_first_and_last_moments_of_the_range_are_accepted_one_beyond_is_not() {
    let last_second = Utc.with_ymd_and_hms(9999, 12, 31, 23, 59, 59).unwrap();
    let last_nanosecond = last_second + TimeDelta::nanoseconds(999_999_999);
    for (latest, edge, beyond) in [
        (true, last_nanosecond, last_nanosecond + TimeDelta::nanoseconds(1)),
        (false, EARLIEST, EARLIEST - TimeDelta::nanoseconds(1)),
        (true, last_second, LATEST + TimeDelta::days(1)),
    ] {
        let good = shifted(latest, edge);
        let incident = file::from_ron_str(&good).unwrap_or_else(|e| panic!("{edge}: {e}"));
        assert!(visited(&incident).iter().any(|(_, _, at)| *at == edge));
        let problems = problems_of(&shifted(latest, beyond));
        assert!(!problems.is_empty(), "{beyond} should be refused");
        assert!(
            problems.iter().all(|p| p.contains("outside the years 1900-9999")),
            "{problems:?}"
        );
    }
}

#[test]
fn a_file_with_every_time_out_of_range_names_a_few_and_counts_the_rest() {
    let far = shifted(false, Utc.with_ymd_and_hms(262_000, 1, 1, 0, 0, 0).unwrap());
    let problems = problems_of(&far);
    let out_of_range = problems
        .iter()
        .filter(|p| p.contains("outside the years"))
        .count();
    assert!(out_of_range <= 11, "{problems:#?}");
    let last = problems
        .iter()
        .rfind(|p| p.contains("outside the years"))
        .unwrap();
    assert!(
        last.starts_with("and ") && last.contains(" more times or dates"),
        "{last}"
    );
}

#[test]
fn follow_up_dates_out_of_range_are_refused_naming_them() {
    for (year, refused) in [
        (1899, true),
        (1900, false),
        (9999, false),
        (10_000, true),
        (262_142, true),
        (-262_143, true),
    ] {
        let mut incident = example();
        let last = incident.resolution.follow_ups.len() - 1;
        incident.resolution.follow_ups[last].due = NaiveDate::from_ymd_opt(year, 6, 1);
        let problems = problems_of(&file::to_ron_string(&incident));
        let named = problems
            .iter()
            .any(|p| p.starts_with(&format!("resolution.follow_ups[{last}].due ")));
        assert_eq!(named, refused, "year {year}: {problems:?}");
    }
}

#[test]
fn durations_over_ten_years_are_refused_naming_the_field() {
    type Set = fn(&mut Incident, Option<u32>);
    let fields: [(&str, Set); 3] = [
        ("communications.external_cadence_minutes", |i, m| {
            i.communications.external_cadence_minutes = m
        }),
        ("communications.internal_cadence_minutes", |i, m| {
            i.communications.internal_cadence_minutes = m
        }),
        ("escalation.ack_warning_minutes", |i, m| {
            i.escalation.ack_warning_minutes = m
        }),
    ];
    for (name, set) in fields {
        for (minutes, refused) in [
            (1, false),
            (MAX_MINUTES, false),
            (MAX_MINUTES + 1, true),
            (u32::MAX / 2, true),
            (u32::MAX, true),
        ] {
            let mut incident = example();
            set(&mut incident, Some(minutes));
            let problems = problems_of(&file::to_ron_string(&incident));
            let named = problems
                .iter()
                .any(|p| p.starts_with(&format!("{name} {minutes} is more than ten years")));
            assert_eq!(named, refused, "{name} = {minutes}: {problems:?}");
            assert_eq!(problems.is_empty(), !refused, "{problems:?}");
        }
    }
}

/// Reads RON the loader would refuse, to put it in memory anyway (an import
/// or a bug could): the console must still not panic on it.
fn unchecked(text: &str) -> Incident {
    #[derive(serde::Deserialize)]
    #[serde(rename = "IncidentFile")]
    struct Raw {
        #[allow(dead_code)]
        format_version: u32,
        incident: Incident,
    }
    ron::from_str::<Raw>(text).expect("RON the types accept").incident
}

/// The example with its times at chrono's very ends and every duration at
/// its largest: each time set by `pick(index)`.
fn at_the_calendar_ends(pick: impl Fn(usize) -> Timestamp) -> Incident {
    let text = file::to_ron_string(&example());
    let strings = timestamp_strings(&text);
    let mut incident = unchecked(&replace_times(&text, &strings, |i, _| Some(rfc3339(pick(i)))));
    incident.communications.external_cadence_minutes = Some(u32::MAX);
    incident.communications.internal_cadence_minutes = Some(u32::MAX);
    incident.escalation.ack_warning_minutes = Some(u32::MAX);
    incident
}

fn extreme_incidents() -> Vec<(&'static str, Incident)> {
    vec![
        (
            "all at the latest",
            at_the_calendar_ends(|_| DateTime::<Utc>::MAX_UTC),
        ),
        (
            "all at the earliest",
            at_the_calendar_ends(|_| DateTime::<Utc>::MIN_UTC),
        ),
        (
            "alternating",
            at_the_calendar_ends(|i| {
                if i % 2 == 0 {
                    DateTime::<Utc>::MIN_UTC
                } else {
                    DateTime::<Utc>::MAX_UTC
                }
            }),
        ),
    ]
}

fn clocks() -> [Timestamp; 5] {
    [
        DateTime::<Utc>::MIN_UTC,
        EARLIEST,
        Utc.with_ymd_and_hms(2026, 3, 20, 9, 0, 0).unwrap(),
        LATEST,
        DateTime::<Utc>::MAX_UTC,
    ]
}

#[test]
fn the_model_and_reports_never_panic_at_the_ends_of_the_calendar() {
    let templates = incident_console::comms::Templates::builtin();
    for (name, incident) in extreme_incidents() {
        assert!(!incident.problems().is_empty(), "{name}: the loader refuses it");
        for now in clocks() {
            for kind in [UpdateKind::Customer, UpdateKind::Internal] {
                let _ = incident.due(kind, now);
            }
            let _ = incident.overdue_pages(now);
            let _ = incident.overdue_tasks(now);
            let _ = incident.elapsed_since_detection(now);
            assert!(incident.handover_brief(now).contains("Next updates due"));
            for lang in incident_console::comms::Lang::ALL {
                for template in templates.list(lang) {
                    let _ = templates.render(&template.name, lang, &incident, now);
                }
            }
        }
        let _ = report::metrics(&incident);
        assert!(report::report_json(&incident).starts_with('{'));
        assert!(!report::postmortem_markdown(&incident).is_empty());
        for zone in [DisplayZone::Utc, DisplayZone::Local] {
            for format in [ExportFormat::Markdown, ExportFormat::PlainText] {
                let _ = timeline_view::export(
                    incident.timeline.iter(),
                    incident.detection.detected_at,
                    zone,
                    format,
                );
            }
        }
    }
}

/// A few frames of every phase panel, the review dashboard, the handover
/// and severity dialogs.
fn every_view(h: &mut Harness<'_, ConsoleApp>, what: &str) {
    let ctx = h.ctx.clone();
    for phase in Phase::ALL {
        h.state_mut().view.show_review = false;
        h.state_mut().view.selected = phase;
        h.run();
        h.run();
        assert_eq!(h.state().view.selected, phase, "{what}");
    }
    h.state_mut().apply(&ctx, Action::Command(Command::ShowReview));
    h.run();
    h.run();
    assert!(h.state().view.show_review, "{what}");
    for command in [Command::HandOver, Command::SeverityWizard] {
        h.state_mut().apply(&ctx, Action::Command(command));
        h.run();
        h.state_mut().apply(&ctx, Action::CloseDialog);
        h.run();
    }
}

#[test]
fn the_console_shows_far_but_accepted_files_in_every_view() {
    let dir = tempfile::tempdir().unwrap();
    let last_second = Utc.with_ymd_and_hms(9999, 12, 31, 23, 59, 59).unwrap();
    for (latest, edge) in [(true, last_second), (false, EARLIEST)] {
        let mut incident = file::from_ron_str(&shifted(latest, edge)).unwrap();
        incident.communications.external_cadence_minutes = Some(MAX_MINUTES);
        incident.communications.internal_cadence_minutes = Some(MAX_MINUTES);
        incident.escalation.ack_warning_minutes = Some(MAX_MINUTES);
        assert_eq!(incident.problems(), Vec::<String>::new());
        let path = dir.path().join(format!("far-{latest}.ron"));
        file::save(&path, &incident).unwrap();
        for review in [false, true] {
            for now in clocks()[1..4].iter().copied() {
                let mut h = console_at(ManualClock::new(now));
                let ctx = h.ctx.clone();
                let open = if review {
                    Action::Open {
                        path: path.clone(),
                        review: true,
                    }
                } else {
                    Action::Open {
                        path: path.clone(),
                        review: false,
                    }
                };
                h.state_mut().apply(&ctx, open);
                settle_io(&mut h);
                assert_eq!(h.state().incident(), &incident, "the file opened");
                assert_eq!(h.state().doc.read_only, review);
                every_view(&mut h, &format!("{edge}, review {review}, at {now}"));
            }
        }
    }
}

#[test]
fn the_console_does_not_panic_on_refused_times_held_in_memory() {
    for (name, incident) in extreme_incidents() {
        for review in [false, true] {
            for now in [DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC] {
                let mut h = console_at(ManualClock::new(now));
                let mut doc = Document::new(incident.clone(), None);
                doc.read_only = review;
                h.state_mut().doc = doc;
                every_view(&mut h, &format!("{name}, review {review}, at {now}"));
            }
        }
    }
}
