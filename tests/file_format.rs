//! The incident file format from the outside: the shipped example, canonical
//! bytes, saving and loading on disk, arbitrary incidents, and hostile input.

mod common;
use common::example;

use std::time::{Duration, Instant};

use chrono::{DateTime, Datelike, NaiveDate};
use incident_console::file::{self, FORMAT_VERSION, LoadError, MAX_FILE_BYTES};
use incident_console::model::security::Notification;
use incident_console::model::timeline::{Retraction, Revision};
use incident_console::model::*;
use proptest::prelude::*;

const EXAMPLE: &str = include_str!("../assets/examples/checkout-eu-outage.ron");

/// 1-based line and column (in characters) of the first `needle` in `text`.
fn position_of(text: &str, needle: &str) -> (usize, usize) {
    let offset = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in the text"));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// `text` with the first `from` replaced; panics when `from` is missing so a
/// change to the example cannot silently turn a test into a no-op.
fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from:?} not in the text");
    text.replacen(from, to, 1)
}

/// Asserts a syntax error on `line` with a column in `columns`, and that the
/// message shown to the user names both.
fn assert_syntax_at(err: &LoadError, line: usize, columns: std::ops::RangeInclusive<usize>) {
    let LoadError::Syntax {
        line: l, column: c, ..
    } = err
    else {
        panic!("expected a syntax error, got {err:?}");
    };
    assert_eq!(*l, line, "line of {err:?}");
    assert!(columns.contains(c), "column of {err:?} not in {columns:?}");
    assert_eq!(err.position(), Some((*l, *c)));
    let shown = err.to_string();
    assert!(shown.contains(&format!("line {l}, column {c}")), "{shown}");
}

fn syntax_message(err: &LoadError) -> &str {
    match err {
        LoadError::Syntax { message, .. } => message,
        other => panic!("expected a syntax error, got {other:?}"),
    }
}

// ---------------------------------------------------------------- the example

#[test]
fn example_loads_with_every_phase_done() {
    let incident = example();
    assert_eq!(incident.id, "INC-2026-0142");
    assert_eq!(incident.status, Status::Closed);
    assert_eq!(incident.phase, Phase::Lessons);
    for phase in Phase::ALL {
        let open: Vec<_> = phase
            .checklist(&incident)
            .into_iter()
            .filter(|item| !item.done)
            .map(|item| item.label)
            .collect();
        assert_eq!(phase.state(&incident), PhaseState::Done, "{phase:?}: {open:?}");
    }
    assert!(
        incident.timeline.len() >= 40,
        "{} entries",
        incident.timeline.len()
    );
    assert!(incident.problems().is_empty());
}

#[test]
fn example_shows_every_feature_of_the_record() {
    let incident = example();
    let entries = &incident.timeline.entries;
    // Evidence belongs to security incidents: the breach example has it.
    let breach = common::breach::breach_example();
    for kind in EntryKind::ALL {
        assert!(
            entries
                .iter()
                .chain(&breach.timeline.entries)
                .any(|e| e.kind == kind),
            "no {kind:?} entry"
        );
    }
    assert!(entries.iter().any(|e| !e.revisions.is_empty()), "no edited entry");
    assert!(
        entries.iter().any(|e| e.retracted.is_some()),
        "no retracted entry"
    );
    assert!(entries.iter().any(|e| e.at < e.recorded_at), "no backdated entry");
    assert!(entries.windows(2).all(|w| w[0].at <= w[1].at));
    let span = entries.last().unwrap().at - entries.first().unwrap().at;
    assert!(span >= chrono::TimeDelta::hours(2), "{span}");

    let levels: Vec<u8> = incident
        .assessment
        .severity_history
        .iter()
        .map(|c| c.level.0)
        .collect();
    assert_eq!(levels, [2, 1]);
    let sent_to_customers: Vec<Stage> = incident
        .communications
        .messages
        .iter()
        .filter(|m| m.audience == Audience::Customers && m.sent_at.is_some())
        .map(|m| m.stage)
        .collect();
    for stage in [
        Stage::Investigating,
        Stage::Identified,
        Stage::Monitoring,
        Stage::Resolved,
    ] {
        assert!(
            sent_to_customers.contains(&stage),
            "no {stage:?} customer message"
        );
    }
    let ims: Vec<&str> = incident
        .delegation
        .roles
        .iter()
        .filter(|a| a.role == Role::IncidentManager)
        .map(|a| a.person.as_str())
        .collect();
    assert_eq!(ims.len(), 2, "IM handover");
    assert_eq!(incident.current_holders(&Role::TechLead).count(), 2);
    assert!(incident.escalation.responders.len() >= 4);
    assert!(incident.delegation.tasks.len() >= 5);
    assert!(incident.resolution.follow_ups.len() >= 4);
    assert_eq!(incident.postmortem.five_whys.len(), 5);
}

#[test]
fn example_is_canonical() {
    let saved = file::to_ron_string(&example());
    assert!(
        saved == EXAMPLE,
        "the example is not in canonical form; rewrite it with to_ron_string"
    );
}

// ---------------------------------------------------------------- canonical bytes and disk

#[test]
fn saving_twice_gives_identical_bytes() {
    let incident = example();
    assert_eq!(
        file::to_ron_string(&incident),
        file::to_ron_string(&incident.clone())
    );
}

#[test]
fn load_then_save_of_a_saved_file_gives_identical_bytes() {
    let mut incident = example();
    incident.title = "Changed: \"quoted\" \\ # \n and 😀".to_owned();
    incident.timeline.add(
        DateTime::from_timestamp(1_773_760_000, 123_456_789).unwrap(),
        DateTime::from_timestamp(1_773_760_100, 0).unwrap(),
        "Zoë",
        EntryKind::Note,
        "late note\twith a tab",
    );
    let first = file::to_ron_string(&incident);
    let reloaded = file::from_ron_str(&first).unwrap();
    assert_eq!(reloaded, incident);
    assert_eq!(file::to_ron_string(&reloaded), first);
}

#[test]
fn save_and_load_through_disk() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("incident.ron");
    let incident = example();
    file::save(&path, &incident).unwrap();
    assert_eq!(file::load(&path).unwrap(), incident);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), EXAMPLE);
}

#[test]
fn saving_over_a_file_replaces_it_and_leaves_no_temp_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("incident.ron");
    std::fs::write(
        &path,
        "an older, longer file that must go away entirely ".repeat(10_000),
    )
    .unwrap();
    let mut incident = example();
    file::save(&path, &incident).unwrap();
    incident.title.push_str(" (second save)");
    file::save(&path, &incident).unwrap();
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        file::to_ron_string(&incident)
    );
    assert_eq!(file::load(&path).unwrap(), incident);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["incident.ron"]);
}

#[test]
fn loading_a_directory_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let err = file::load(dir.path()).unwrap_err();
    assert!(matches!(err, LoadError::Io { .. }), "{err:?}");
}

#[test]
fn loading_a_missing_file_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nope.ron");
    let err = file::load(&path).unwrap_err();
    assert!(
        matches!(&err, LoadError::Io { path: p, .. } if *p == path),
        "{err:?}"
    );
    assert_eq!(err.position(), None);
}

// ---------------------------------------------------------------- migration fixtures

/// Files written by format version 1. When `FORMAT_VERSION` changes, this
/// fixture must still load (through a migration): never regenerate or edit it.
/// Add a `tests/fixtures/v2/` fixture next to it for the new version instead.
const FIXTURE_V1: &str = include_str!("fixtures/v1/incident-v1.ron");

#[test]
fn version_1_fixture_loads_forever() {
    assert!(FIXTURE_V1.contains("format_version: 1,"));
    let incident = file::from_ron_str(FIXTURE_V1).expect("a version 1 file must always load");
    assert_eq!(incident.id, "INC-2026-0142");
    assert_eq!(incident.title, "Checkout fails for EU customers");
    assert_eq!(incident.status, Status::Closed);
    assert_eq!(incident.timeline.len(), 61);
    assert_eq!(incident.communications.messages.len(), 11);
    assert_eq!(incident.severity().map(|s| s.level), Some(SeverityLevel(1)));
    for phase in Phase::ALL {
        assert_eq!(phase.state(&incident), PhaseState::Done, "{phase:?}");
    }
    // Saving writes the current version; that must load back to the same incident.
    assert_eq!(
        file::from_ron_str(&file::to_ron_string(&incident)).unwrap(),
        incident
    );
}

// ---------------------------------------------------------------- hostile input

#[test]
fn not_ron_at_all() {
    for text in [
        "hello world, this is not RON",
        "{\"format_version\": 1}",
        "<xml/>",
        "%PDF-1.7",
    ] {
        let err = file::from_ron_str(text).unwrap_err();
        assert_syntax_at(&err, 1, 1..=2);
    }
}

#[test]
fn empty_and_whitespace_only_files() {
    assert!(matches!(file::from_bytes(b""), Err(LoadError::Empty)));
    assert!(matches!(file::from_ron_str(""), Err(LoadError::Empty)));
    assert!(matches!(
        file::from_ron_str(" \n\t\r\n   "),
        Err(LoadError::Empty)
    ));
    assert!(matches!(file::from_bytes(b"\xEF\xBB\xBF"), Err(LoadError::Empty)));
    assert_eq!(LoadError::Empty.position(), None);
}

#[test]
fn byte_order_mark_is_accepted() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(EXAMPLE.as_bytes());
    assert_eq!(file::from_bytes(&bytes).unwrap(), example());
}

#[test]
fn truncated_files_are_errors_never_panics() {
    let bytes = EXAMPLE.as_bytes();
    let start = Instant::now();
    let mut offsets: Vec<usize> = (0..bytes.len() - 1).step_by(97).collect();
    // Just before the final `)` and in the middle of a multi-byte character.
    offsets.push(bytes.len() - 2);
    offsets.push(EXAMPLE.find("Marín").unwrap() + 4);
    for n in offsets {
        match file::from_bytes(&bytes[..n]) {
            Ok(_) => panic!("a file truncated to {n} bytes loaded"),
            Err(LoadError::Empty) => assert_eq!(n, 0),
            Err(LoadError::Syntax { line, column, .. } | LoadError::NotUtf8 { line, column }) => {
                let lines = EXAMPLE[..EXAMPLE.floor_char_boundary(n)].lines().count();
                assert!(
                    line >= 1 && line <= lines + 1 && column >= 1,
                    "{n}: {line}:{column}"
                );
            }
            Err(other) => panic!("truncated to {n} bytes: unexpected {other:?}"),
        }
    }
    assert!(start.elapsed() < Duration::from_secs(30), "{:?}", start.elapsed());
}

#[test]
fn string_where_a_number_belongs() {
    let text = replace_once(
        EXAMPLE,
        "support_cases: Some(214)",
        "support_cases: Some(\"214\")",
    );
    let (line, column) = position_of(&text, "\"214\"");
    let err = file::from_ron_str(&text).unwrap_err();
    assert_syntax_at(&err, line, column..=column);
    assert!(syntax_message(&err).contains("integer"), "{err}");

    // RON's span of a value starts at the whitespace before it.
    // (A version 1 file: its timeline numbered the entries.)
    let text = replace_once(FIXTURE_V1, "next_id: 61", "next_id: \"61\"");
    let (line, column) = position_of(&text, "\"61\"");
    assert_syntax_at(&file::from_ron_str(&text).unwrap_err(), line, column - 1..=column);

    for (from, to, token) in [
        (
            "support_cases: Some(214)",
            "support_cases: Some(4294967296)",
            "4294967296",
        ),
        ("support_cases: Some(214)", "support_cases: Some(-1)", "-1"),
        ("level: SeverityLevel(2)", "level: SeverityLevel(256)", "256"),
        ("next_id: 61", "next_id: 1.5", "1.5"),
        ("press_attention: true", "press_attention: 1", "1"),
    ] {
        let source = if from.starts_with("next_id") {
            FIXTURE_V1
        } else {
            EXAMPLE
        };
        let text = replace_once(source, from, to);
        let (line, column) = position_of(&text, to);
        let column = column + to.find(token).unwrap();
        let err = file::from_ron_str(&text).unwrap_err();
        assert_syntax_at(&err, line, column - 1..=column + token.len());
    }
}

#[test]
fn unknown_field_is_named() {
    let text = replace_once(
        EXAMPLE,
        "        title: \"Checkout",
        "        colour: \"red\",\n        title: \"Checkout",
    );
    let (line, column) = position_of(&text, "colour");
    let err = file::from_ron_str(&text).unwrap_err();
    assert_syntax_at(&err, line, column..=column);
    assert!(syntax_message(&err).contains("colour"), "{err}");
}

#[test]
fn missing_field_is_named() {
    let text = replace_once(
        EXAMPLE,
        "        title: \"Checkout fails for EU customers\",\n",
        "",
    );
    let err = file::from_ron_str(&text).unwrap_err();
    // Serde only notices at the end of the struct: the `Incident(...)` closing parenthesis.
    let closing = text.lines().position(|l| l == "    ),").unwrap() + 1;
    assert_syntax_at(&err, closing, 5..=5);
    assert!(syntax_message(&err).contains("title"), "{err}");
}

#[test]
fn wrong_enum_variant_is_a_syntax_error() {
    let text = replace_once(EXAMPLE, "status: Closed,", "status: Exploded,");
    let (line, column) = position_of(&text, "Exploded");
    assert_syntax_at(&file::from_ron_str(&text).unwrap_err(), line, column..=column + 8);
}

#[test]
fn invalid_utf8_names_line_and_column() {
    let needle = "Priya Raman\",";
    let (line, column) = position_of(EXAMPLE, needle);
    let offset = EXAMPLE.find(needle).unwrap() + "Priya".len();
    let mut bytes = EXAMPLE.as_bytes().to_vec();
    bytes.insert(offset, 0xFF);
    let err = file::from_bytes(&bytes).unwrap_err();
    assert!(
        matches!(err, LoadError::NotUtf8 { line: l, column: c } if l == line && c == column + 5),
        "{err:?}, expected {line}:{}",
        column + 5
    );
    assert!(
        err.to_string()
            .contains(&format!("line {line}, column {}", column + 5))
    );

    // After non-ASCII text on the same line, columns count characters, not bytes.
    let needle = "Sofia Marín\",";
    let (line, column) = position_of(EXAMPLE, needle);
    let offset = EXAMPLE.find(needle).unwrap() + "Sofia Marín".len();
    let mut bytes = EXAMPLE.as_bytes().to_vec();
    bytes.splice(offset..offset, [0xC3, 0x28]);
    let err = file::from_bytes(&bytes).unwrap_err();
    assert_eq!(err.position(), Some((line, column + 11)), "{err:?}");
}

#[test]
fn deep_nesting_is_a_clean_error() {
    let deep = 100_000;
    let inputs = [
        "(".repeat(deep),
        "[".repeat(deep),
        "{".repeat(deep),
        format!("IncidentFile(format_version: 1, incident: {}", "[".repeat(deep)),
        format!("IncidentFile(format_version: 99, incident: {}", "[".repeat(deep)),
        format!(
            "IncidentFile(format_version: 99, incident: {}",
            "Some(".repeat(deep)
        ),
        format!(
            "IncidentFile(format_version: 99, incident: {}",
            "(a:".repeat(deep)
        ),
        format!(
            "IncidentFile(format_version: 99, incident: {}",
            "{1:".repeat(deep)
        ),
        replace_once(
            EXAMPLE,
            "affected_services: [",
            &format!("affected_services: {}", "[".repeat(deep)),
        ),
        replace_once(
            EXAMPLE,
            "source: Some(MonitoringAlert)",
            &format!("source: {}", "Some(".repeat(deep)),
        ),
    ];
    for text in inputs {
        // Run on a thread with a small stack so unbounded recursion would show.
        let result = std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(move || file::from_ron_str(&text).map(|_| ()))
            .unwrap()
            .join()
            .expect("no stack overflow or panic");
        let err = result.unwrap_err();
        assert!(err.position().is_some(), "{err:?}");
    }
}

#[test]
fn file_above_the_size_limit_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.ron");
    let f = std::fs::File::create(&path).unwrap();
    // Sparse: costs no disk space.
    f.set_len(MAX_FILE_BYTES + 1).unwrap();
    drop(f);
    let start = Instant::now();
    let err = file::load(&path).unwrap_err();
    assert!(
        matches!(err, LoadError::TooLarge { size, limit } if size == MAX_FILE_BYTES + 1 && limit == MAX_FILE_BYTES),
        "{err:?}"
    );
    assert!(start.elapsed() < Duration::from_secs(2), "it read the file");
    assert!(err.to_string().contains(&MAX_FILE_BYTES.to_string()));
}

#[test]
fn huge_string_loads() {
    let mut incident = example();
    let chunk = "Long text with \"quotes\", \\backslashes\\, # hashes,\nnew lines and émoji 🚒. ";
    incident.title = chunk.repeat(10 * 1024 * 1024 / chunk.len());
    assert!(incident.title.len() > 9 * 1024 * 1024);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.ron");
    file::save(&path, &incident).unwrap();
    assert_eq!(file::load(&path).unwrap(), incident);
}

#[test]
fn duplicate_timeline_ids_are_invalid() {
    let mut incident = example();
    let first = incident.timeline.entries[0].id;
    std::sync::Arc::make_mut(&mut incident.timeline.entries[1]).id = first;
    let err = file::from_ron_str(&file::to_ron_string(&incident)).unwrap_err();
    let LoadError::Invalid { problems } = &err else {
        panic!("{err:?}")
    };
    assert!(problems.iter().any(|p| p.contains("used twice")), "{problems:?}");
    assert!(err.to_string().contains("used twice"));
    assert_eq!(err.position(), None);
}

#[test]
fn out_of_order_timeline_is_invalid() {
    let mut incident = example();
    incident.timeline.entries.swap(3, 30);
    let err = file::from_ron_str(&file::to_ron_string(&incident)).unwrap_err();
    assert!(
        matches!(&err, LoadError::Invalid { problems } if problems.iter().any(|p| p.contains("time order"))),
        "{err:?}"
    );
}

#[test]
fn next_id_not_above_the_ids_is_invalid() {
    let text = replace_once(FIXTURE_V1, "next_id: 61", "next_id: 3");
    let err = file::from_ron_str(&text).unwrap_err();
    assert!(
        matches!(&err, LoadError::Invalid { problems } if problems.iter().any(|p| p.contains("next_id"))),
        "{err:?}"
    );
}

#[test]
fn timestamps_out_of_range_are_syntax_errors() {
    let stamp = "\"2026-03-17T14:04:12Z\"";
    let (line, column) = position_of(EXAMPLE, stamp);
    for bad in [
        "\"99999-03-17T14:04:12Z\"",
        "\"2026-13-45T14:04:12Z\"",
        "\"2026-02-30T14:04:12Z\"",
        "\"2026-03-17T25:61:00Z\"",
        "\"+999999-01-01T00:00:00Z\"",
        "\"yesterday\"",
    ] {
        let text = replace_once(EXAMPLE, stamp, bad);
        let err = file::from_ron_str(&text).unwrap_err();
        // The column points into the string (RON reports where its value ends or begins).
        assert_syntax_at(&err, line, column..=column + bad.chars().count());
    }
    let text = replace_once(EXAMPLE, "due: Some(\"2026-03-20\")", "due: Some(\"2026-04-31\")");
    let (line, column) = position_of(&text, "\"2026-04-31\"");
    assert_syntax_at(
        &file::from_ron_str(&text).unwrap_err(),
        line,
        column..=column + 12,
    );
}

#[test]
fn newer_format_version_is_named_even_with_unknown_content() {
    let text = replace_once(EXAMPLE, "format_version: 2,", "format_version: 99,");
    let err = file::from_ron_str(&text).unwrap_err();
    assert!(
        matches!(err, LoadError::NewerVersion { found: 99, supported } if supported == FORMAT_VERSION),
        "{err:?}"
    );

    // A future file whose content this build cannot read at all.
    let future = replace_once(
        &text,
        "        title: \"Checkout",
        "        tags: {\"region\": [\"eu\"], \"team\": Some(Checkout(lead: \"Aiko\"))},\n        title: \"Checkout",
    );
    let future = replace_once(&future, "status: Closed,", "status: Archived(reason: \"old\"),");
    let future = replace_once(
        &future,
        "format_version: 99,",
        "format_version: 99,\n    signature: \"abc\",",
    );
    let err = file::from_ron_str(&future).unwrap_err();
    assert!(
        matches!(err, LoadError::NewerVersion { found: 99, supported } if supported == FORMAT_VERSION),
        "{err:?}"
    );
    assert!(err.to_string().contains("newer"), "{err}");
    assert_eq!(err.position(), None);
}

#[test]
fn version_zero_is_unknown() {
    let text = replace_once(EXAMPLE, "format_version: 2,", "format_version: 0,");
    let err = file::from_ron_str(&text).unwrap_err();
    assert!(matches!(err, LoadError::UnknownVersion { found: 0 }), "{err:?}");
    let broken = replace_once(&text, "status: Closed,", "status: 5,");
    let err = file::from_ron_str(&broken).unwrap_err();
    assert!(matches!(err, LoadError::UnknownVersion { found: 0 }), "{err:?}");
}

#[test]
fn current_version_with_an_unknown_field_is_a_syntax_error_not_a_version_error() {
    let text = replace_once(
        EXAMPLE,
        "format_version: 2,",
        "format_version: 2,\n    signature: \"abc\",",
    );
    let (line, column) = position_of(&text, "signature");
    assert_syntax_at(&file::from_ron_str(&text).unwrap_err(), line, column..=column);
}

// ---------------------------------------------------------------- arbitrary incidents

/// Characters and fragments that have tripped up text formats before.
const AWKWARD: &[&str] = &[
    "\"",
    "\\",
    "#",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "\0",
    "\u{7}",
    "\u{1b}[31m",
    "\u{7f}",
    "\u{85}",
    "\u{a0}",
    "\u{200b}",
    "\u{200d}",
    "\u{2028}",
    "\u{2029}",
    "\u{feff}",
    "\u{301}",
    "\u{fffd}",
    "\u{e000}",
    "\u{10ffff}",
    "😀",
    "👩\u{200d}🚒",
    "🇪🇺",
    "é",
    "ß",
    "日本",
    "'",
    "r#\"",
    "\"#",
    "/*",
    "*/",
    "//",
    "\\u{41}",
    "\\n",
    "Some(",
    ")",
    "[",
    "]",
    ":",
    ",",
    "(",
    "IncidentFile",
    " ",
    "",
];

fn any_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => any::<char>().prop_map(String::from),
        2 => proptest::sample::select(AWKWARD).prop_map(str::to_owned),
        1 => "[a-zA-Z0-9 ]{1,12}",
    ];
    prop_oneof![
        1 => Just(String::new()),
        6 => proptest::collection::vec(piece, 1..16).prop_map(|v| v.concat()),
        1 => any::<String>(),
    ]
}

/// Times a file may hold: the years 1900-9999 (`model::time`).
fn any_timestamp() -> impl Strategy<Value = Timestamp> {
    let year_2000 = 946_684_800_i64;
    let year_2100 = 4_102_444_800_i64;
    let year_1900 = incident_console::model::time::EARLIEST.timestamp();
    let year_9999_end = 253_402_300_799_i64;
    let secs = prop_oneof![
        6 => year_2000..year_2100,
        3 => year_1900..=year_9999_end,
        1 => Just(0_i64),
    ];
    let nanos = prop_oneof![
        4 => Just(0_u32),
        1 => (0..1000_u32).prop_map(|ms| ms * 1_000_000),
        1 => 0..1_000_000_000_u32,
    ];
    // Now and then a leap second (23:59:60), which chrono can represent.
    let leap = proptest::bool::weighted(0.05);
    (secs, nanos, leap).prop_map(|(s, n, leap)| {
        let (s, n) = if leap {
            (s - s.rem_euclid(60) + 59, n + 1_000_000_000)
        } else {
            (s, n)
        };
        DateTime::from_timestamp(s, n).expect("in chrono's range")
    })
}

/// Dates a file may hold: the years 1900-9999.
fn any_date() -> impl Strategy<Value = NaiveDate> {
    let min = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap().num_days_from_ce();
    let max = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap().num_days_from_ce();
    prop_oneof![
        4 => 730_000..750_000_i32,
        1 => min..=max,
    ]
    .prop_map(|d| NaiveDate::from_num_days_from_ce_opt(d).unwrap())
}

fn opt<T: std::fmt::Debug + Clone>(s: impl Strategy<Value = T>) -> impl Strategy<Value = Option<T>> {
    proptest::option::of(s)
}

fn list<T: std::fmt::Debug>(s: impl Strategy<Value = T>) -> impl Strategy<Value = Vec<T>> {
    proptest::collection::vec(s, 0..5)
}

fn any_detection() -> impl Strategy<Value = Detection> {
    let source = opt(prop_oneof![
        proptest::sample::select(DetectionSource::CHOICES.to_vec()),
        any_text().prop_map(DetectionSource::Other),
    ]);
    (
        source,
        opt(any_timestamp()),
        opt(any_timestamp()),
        opt(any_timestamp()),
        any_text(),
        list(any_text()),
    )
        .prop_map(
            |(source, fault_started_at, detected_at, declared_at, declared_by, affected_services)| {
                Detection {
                    source,
                    fault_started_at,
                    detected_at,
                    declared_at,
                    declared_by,
                    affected_services: affected_services.into_iter().map(TextItem::from).collect(),
                }
            },
        )
}

fn any_channels() -> impl Strategy<Value = Channels> {
    let link = (any_text(), any_text()).prop_map(|(label, url)| Link {
        id: incident_console::model::ItemId::fresh(),
        label,
        url,
    });
    (
        any_text(),
        any_text(),
        any_text(),
        any_text(),
        any_text(),
        list(link),
    )
        .prop_map(
            |(chat_room, chat_link, video_bridge, room_topic, im_chat_status, links)| Channels {
                chat_room,
                chat_link,
                video_bridge,
                room_topic,
                im_chat_status,
                links,
            },
        )
}

fn any_assessment() -> impl Strategy<Value = Assessment> {
    let factors = (any::<[bool; 5]>(), any_text()).prop_map(|(b, notes)| Factors {
        security_breach: b[0],
        data_loss: b[1],
        confidentiality: b[2],
        press_attention: b[3],
        regulatory: b[4],
        notes,
    });
    let change = (
        any::<u8>(),
        any_timestamp(),
        any_text(),
        any_text(),
        opt(any::<u8>()),
        any_text(),
    )
        .prop_map(
            |(level, set_at, set_by, reason, suggested, suggestion)| SeverityChange {
                level: SeverityLevel(level),
                set_at,
                set_by,
                reason,
                suggested: suggested.map(SeverityLevel),
                answers: suggestion.chars().rev().collect(),
                suggestion,
            },
        );
    (
        proptest::sample::select(CustomerImpact::ALL.to_vec()),
        any_text(),
        proptest::sample::select(Reach::ALL.to_vec()),
        any_text(),
        opt(any_timestamp()),
        opt(any::<u32>()),
        factors,
        list(change),
    )
        .prop_map(
            |(
                customer_impact,
                what_customers_see,
                customers_affected,
                affected_count,
                impact_started_at,
                support_cases,
                factors,
                severity_history,
            )| Assessment {
                scale: what_customers_see.chars().take(8).collect(),
                customer_impact,
                // Derived from the other draws: proptest tuples stop at 12.
                affected_for_customers: affected_count.chars().rev().collect(),
                service_state: ServiceState::ALL[affected_count.len() % 3],
                workaround: Workaround::ALL[what_customers_see.len() % 3],
                what_customers_see,
                customers_affected,
                affected_count,
                impact_started_at,
                support_cases,
                factors,
                severity_history,
            },
        )
}

fn any_communications() -> impl Strategy<Value = Communications> {
    let channel = prop_oneof![
        Just(MessageChannel::StatusPage),
        Just(MessageChannel::Email),
        Just(MessageChannel::Chat),
        any_text().prop_map(MessageChannel::Other),
    ];
    let message = (
        proptest::sample::select(Audience::ALL.to_vec()),
        proptest::sample::select(Stage::ALL.to_vec()),
        channel,
        any_text(),
        any_timestamp(),
        opt(any_timestamp()),
        any_text(),
    )
        .prop_map(
            |(audience, stage, channel, text, drafted_at, sent_at, sent_by)| Message {
                id: incident_console::model::ItemId::fresh(),
                audience,
                stage,
                channel,
                // Varied by the draft time: none (older files), English, Italian.
                language: [
                    None,
                    Some(incident_console::model::Lang::En),
                    Some(incident_console::model::Lang::It),
                ][drafted_at.timestamp().rem_euclid(3) as usize],
                text,
                drafted_at,
                sent_at,
                sent_by,
            },
        );
    let minutes = || opt(0..=incident_console::model::time::MAX_MINUTES);
    (list(message), minutes(), minutes()).prop_map(
        |(messages, external_cadence_minutes, internal_cadence_minutes)| Communications {
            messages,
            external_cadence_minutes,
            internal_cadence_minutes,
        },
    )
}

fn any_escalation() -> impl Strategy<Value = Escalation> {
    let responder = (
        any_text(),
        any_text(),
        any_text(),
        any_text(),
        opt(any_timestamp()),
        opt(any_timestamp()),
        opt(any_timestamp()),
    )
        .prop_map(
            |(name, team, role, contact, paged_at, acknowledged_at, joined_at)| Responder {
                id: incident_console::model::ItemId::fresh(),
                name,
                team,
                role,
                contact,
                paged_at,
                acknowledged_at,
                joined_at,
            },
        );
    (list(responder), opt(1..120_u32)).prop_map(|(responders, ack_warning_minutes)| Escalation {
        responders,
        ack_warning_minutes,
    })
}

fn any_delegation() -> impl Strategy<Value = Delegation> {
    let role = prop_oneof![
        4 => proptest::sample::select(Role::STANDARD.to_vec()),
        1 => any_text().prop_map(Role::Custom),
    ];
    let assignment =
        (role, any_text(), any_timestamp(), opt(any_timestamp())).prop_map(|(role, person, since, until)| {
            RoleAssignment {
                id: incident_console::model::ItemId::fresh(),
                role,
                person,
                since,
                until,
            }
        });
    let task = (
        any_text(),
        any_text(),
        any_timestamp(),
        opt(any_timestamp()),
        proptest::sample::select(TaskState::ALL.to_vec()),
    )
        .prop_map(|(owner, text, created_at, due_at, state)| Task {
            id: incident_console::model::ItemId::fresh(),
            owner,
            text,
            created_at,
            due_at,
            state,
        });
    (list(assignment), list(task)).prop_map(|(roles, tasks)| Delegation { roles, tasks })
}

fn any_resolution() -> impl Strategy<Value = Resolution> {
    let follow_up =
        (any_text(), any_text(), opt(any_date()), any::<bool>()).prop_map(|(owner, text, due, done)| {
            FollowUp {
                id: incident_console::model::ItemId::fresh(),
                owner,
                text,
                due,
                done,
            }
        });
    (
        opt(any_timestamp()),
        opt(any_timestamp()),
        opt(any_timestamp()),
        any_text(),
        list(follow_up),
    )
        .prop_map(
            |(mitigated_at, resolved_at, closed_at, summary, follow_ups)| Resolution {
                mitigated_at,
                resolved_at,
                closed_at,
                summary,
                follow_ups,
            },
        )
}

fn any_postmortem() -> impl Strategy<Value = Postmortem> {
    (
        proptest::collection::vec(any_text(), 14),
        proptest::collection::vec(any_text(), 0..7),
    )
        .prop_map(|(t, five_whys)| {
            let mut t = t.into_iter();
            let mut next = || t.next().unwrap();
            Postmortem {
                summary: next(),
                leadup: next(),
                fault: next(),
                impact: next(),
                detection: next(),
                response: next(),
                recovery: next(),
                five_whys: five_whys.into_iter().map(TextItem::from).collect(),
                root_cause: next(),
                backlog_check: next(),
                recurrence: next(),
                lessons_learned: next(),
                attack_vector: next(),
                indicators_of_compromise: next(),
                data_affected: next(),
            }
        })
}

fn any_security() -> impl Strategy<Value = Security> {
    let notification = (any_text(), any_timestamp(), any_text(), any_text(), any_text()).prop_map(
        |(deadline, sent_at, sent_by, to, reference)| Notification {
            deadline,
            sent_at,
            sent_by,
            to,
            reference,
        },
    );
    (
        proptest::collection::vec(opt(any_timestamp()), 5),
        proptest::collection::vec(any_text(), 5),
        list(any_text()),
        list(notification),
    )
        .prop_map(|(times, by, rules, notifications)| Security {
            aware_at: times[0],
            containment_started_at: times[1],
            containment_started_by: by[0].clone(),
            contained_at: times[2],
            contained_by: by[1].clone(),
            eradicated_at: times[3],
            eradicated_by: by[2].clone(),
            recovered_at: times[4],
            recovered_by: by[3].clone(),
            contact: by[4].clone(),
            rules,
            notifications,
        })
}

fn any_timeline() -> impl Strategy<Value = Timeline> {
    let entry = (
        any_timestamp(),
        any_timestamp(),
        any_text(),
        proptest::sample::select(EntryKind::ALL.to_vec()),
        any_text(),
        proptest::collection::vec((any_text(), any_timestamp(), any_text()), 0..3),
        opt((any_timestamp(), any_text(), any_text())),
        (any::<bool>(), any::<u64>(), any_timestamp()),
    );
    proptest::collection::vec(entry, 0..12).prop_map(|seeds| {
        let mut timeline = Timeline::default();
        for (at, recorded_at, author, kind, text, revisions, retracted, (restricted, size, collected_at)) in
            seeds
        {
            let id = timeline.add(at, recorded_at, &author, kind, text);
            let entry = timeline.get_mut(id).unwrap();
            entry.revisions = revisions
                .into_iter()
                .map(|(text, replaced_at, replaced_by)| Revision {
                    text,
                    at: replaced_at,
                    replaced_at,
                    replaced_by,
                })
                .collect();
            entry.retracted = retracted.map(|(at, by, reason)| Retraction { at, by, reason });
            if entry.kind == EntryKind::Change {
                entry.change = Some(incident_console::model::timeline::FieldChange {
                    field: "Title".into(),
                    from: entry.author.clone(),
                    to: entry.text.clone(),
                });
            }
            entry.restricted = restricted;
            if entry.kind == EntryKind::Evidence {
                entry.evidence = Some(Evidence {
                    path: entry.text.clone(),
                    size,
                    sha256: format!("{size:064x}"),
                    what: entry.author.clone(),
                    collected_by: entry.author.clone(),
                    collected_at,
                    handed_to: entry.text.clone(),
                    follows: (size % 2 == 0).then_some(incident_console::model::EntryId(
                        uuid::Uuid::from_u128(u128::from(size / 2)),
                    )),
                });
            }
            if entry.kind == EntryKind::Can {
                entry.can = Some(CanReport {
                    from: entry.author.clone(),
                    conditions: entry.text.clone(),
                    actions: String::new(),
                    needs: "help".into(),
                });
            }
        }
        timeline
    })
}

fn any_incident() -> impl Strategy<Value = Incident> {
    (
        (
            any_text(),
            any_text(),
            any_text(),
            any_text(),
            proptest::sample::select(Status::ALL.to_vec()),
            proptest::sample::select(Phase::ALL.to_vec()),
        ),
        any_detection(),
        any_channels(),
        any_assessment(),
        any_communications(),
        any_escalation(),
        any_delegation(),
        any_resolution(),
        (
            any_postmortem(),
            any_security(),
            prop_oneof![
                Just("service-disruption".to_owned()),
                Just("personal-data-breach".to_owned()),
                any_text(),
            ],
        ),
        any_timeline(),
    )
        .prop_map(
            |(
                (id, ticket_url, title, summary, status, phase),
                detection,
                channels,
                assessment,
                communications,
                escalation,
                delegation,
                resolution,
                (postmortem, security, incident_type),
                timeline,
            )| Incident {
                id,
                uid: uuid::Uuid::now_v7(),
                ticket_url,
                incident_type,
                security,
                title,
                summary,
                status,
                phase,
                detection,
                channels,
                assessment,
                communications,
                escalation,
                delegation,
                resolution,
                postmortem,
                timeline,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_incidents_round_trip_byte_for_byte(incident in any_incident()) {
        prop_assert!(incident.problems().is_empty());
        let text = file::to_ron_string(&incident);
        let loaded = match file::from_ron_str(&text) {
            Ok(loaded) => loaded,
            Err(e) => return Err(TestCaseError::fail(format!("{e}\n{text}"))),
        };
        prop_assert_eq!(&loaded, &incident);
        prop_assert_eq!(file::to_ron_string(&loaded), text.clone());
        // What is saved is plain UTF-8 text that loads through the byte path too.
        prop_assert_eq!(file::from_bytes(text.as_bytes()).ok(), Some(incident));
    }

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = file::from_bytes(&bytes);
    }

    #[test]
    fn random_ron_like_tokens_never_panic(
        tokens in proptest::collection::vec(
            proptest::sample::select(&[
                "IncidentFile", "Incident", "(", ")", "[", "]", "{", "}", ":", ",", "format_version",
                "incident", "1", "99", "0", "-1", "18446744073709551616", "\"", "\"x\"", "r#\"", "\"#",
                "Some", "None", "true", "1e999", "'c'", "b\"\\xff\"", "/*", "*/", "//", "\n", " ",
                "#![enable(implicit_some)]", "timeline", "entries", "next_id", "\"2026-03-17T14:04:12Z\"",
            ][..]),
            0..200,
        )
    ) {
        let text = tokens.concat();
        let _ = file::from_ron_str(&text);
    }

    #[test]
    fn mutated_example_never_panics(
        edits in proptest::collection::vec((any::<proptest::sample::Index>(), 0..3_u8, any::<u8>()), 1..4)
    ) {
        let mut bytes = EXAMPLE.as_bytes().to_vec();
        for (at, op, byte) in edits {
            let i = at.index(bytes.len());
            match op {
                0 => bytes[i] = byte,
                1 => { bytes.remove(i); }
                _ => bytes.insert(i, byte),
            }
        }
        match file::from_bytes(&bytes) {
            Ok(incident) => prop_assert!(incident.problems().is_empty()),
            Err(e) => {
                // Every error can be shown, and positions are 1-based.
                prop_assert!(!e.to_string().is_empty());
                if let Some((line, column)) = e.position() {
                    prop_assert!(line >= 1 && column >= 1);
                }
            }
        }
    }
}

#[test]
fn the_breach_example_is_what_its_builder_makes() {
    let built = common::breach::build_breach_example();
    assert!(built.problems().is_empty(), "{:?}", built.problems());
    let text = file::to_ron_string(&built);
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(common::breach::BREACH_EXAMPLE);
    if std::env::var_os("UPDATE_EXAMPLES").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    let saved =
        std::fs::read_to_string(&path).expect("run with UPDATE_EXAMPLES=1 to write the breach example");
    assert!(
        saved == text,
        "the breach example differs from its builder: run with UPDATE_EXAMPLES=1"
    );
    // It shows every security feature.
    let inc = common::breach::breach_example();
    assert!(inc.is_security());
    assert!(inc.evidence().count() >= 3);
    assert!(inc.evidence().any(|(_, e, _)| e.follows.is_some()));
    assert!(inc.timeline.iter().any(|e| e.restricted && e.evidence.is_none()));
    assert!(inc.evidence().any(|(_, _, restricted)| restricted));
    assert!(Milestone::ALL.iter().all(|m| m.at(&inc.security).is_some()));
    assert_eq!(inc.security.notifications.len(), 3);
    assert!(inc.timeline.iter().any(|e| e.author == "Suricata"));
    for role in [
        Role::Legal,
        Role::SecurityLead,
        Role::Forensics,
        Role::ExecutiveSponsor,
    ] {
        assert!(inc.current_holder(&role).is_some(), "{role:?}");
    }
}
