//! Imports end to end from the fixtures in `tests/fixtures/import/`: a small
//! made-up Slack export, a chat log, an Alertmanager payload, an alerts CSV
//! and broken files; then the batches applied to an incident, twice.

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, TimeDelta, TimeZone, Utc};
use incident_console::import::{
    self, ChatImport, ImportError, SlackExport, SlackOptions, read_alert_csv, read_alertmanager,
    read_chat_log, read_day_files,
};
use incident_console::model::{DetectionSource, Edit, EntryKind, Incident, Timestamp};
use proptest::prelude::*;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import")
}

fn slack_dir() -> PathBuf {
    fixtures().join("slack")
}

fn at(day: u32, h: u32, m: u32, s: u32) -> Timestamp {
    Utc.with_ymd_and_hms(2026, 3, day, h, m, s).unwrap()
}

fn checkout(options: &SlackOptions) -> ChatImport {
    SlackExport::open(&slack_dir())
        .unwrap()
        .read_channel("inc-checkout", options)
        .unwrap()
}

fn text_by<'a>(import: &'a ChatImport, source_ts: &str) -> &'a str {
    let source = format!("slack:#inc-checkout:{source_ts}");
    let entry = import.entries.iter().find(|e| e.source == source);
    &entry.unwrap_or_else(|| panic!("no entry {source}")).text
}

fn author_by<'a>(import: &'a ChatImport, source_ts: &str) -> &'a str {
    let source = format!("slack:#inc-checkout:{source_ts}");
    &import.entries.iter().find(|e| e.source == source).unwrap().author
}

// ---------------------------------------------------------------- Slack

#[test]
fn slack_export_lists_channel_folders() {
    let export = SlackExport::open(&slack_dir()).unwrap();
    assert_eq!(export.channels(), ["general", "inc-checkout"]);
    assert_eq!(export.dir(), slack_dir());
    let err = export
        .read_channel("../slack", &SlackOptions::default())
        .unwrap_err();
    assert!(err.message.contains("no channel folder"), "{err}");
    let err = SlackExport::open(&fixtures().join("alerts.csv")).unwrap_err();
    assert!(err.message.contains("not a folder"), "{err}");
}

#[test]
fn slack_channel_reads_every_message_with_real_names() {
    let import = checkout(&SlackOptions::default());
    // 10 messages on the 17th, 3 on the 18th; canvas.json is not a day file.
    assert_eq!(import.entries.len(), 13);
    assert_eq!(import.skipped_noise, 0);
    assert!(import.entries.iter().all(|e| e.kind == EntryKind::Chat));
    assert!(import.entries.windows(2).all(|w| w[0].at <= w[1].at));
    let preview = &import.preview;
    assert_eq!(preview.messages, 13);
    assert_eq!(
        preview.first,
        Some(at(17, 13, 59, 0) + TimeDelta::microseconds(100))
    );
    assert_eq!(
        preview.last,
        Some(at(18, 9, 10, 0) + TimeDelta::microseconds(300))
    );
    let authors: Vec<(&str, usize)> = preview.authors.iter().map(|(a, n)| (a.as_str(), *n)).collect();
    // Most first, then by name regardless of case.
    assert_eq!(
        authors,
        [
            ("Ana Lima", 5),
            ("Bo Berg", 2),
            ("cy.diaz", 2),
            ("deploybot", 1),
            ("Eve Moreau", 1),
            ("PagerDuty", 1),
            ("U09ZED", 1),
        ]
    );
    // users.json real_name; profile real_name when real_name is empty;
    // display name; the message's own profile; the bare id; the username.
    assert_eq!(author_by(&import, "1773756000.000200"), "Ana Lima");
    assert_eq!(author_by(&import, "1773756090.000300"), "Bo Berg");
    assert_eq!(author_by(&import, "1773756130.000400"), "cy.diaz");
    assert_eq!(author_by(&import, "1773756420.000900"), "Eve Moreau");
    assert_eq!(author_by(&import, "1773756240.000600"), "U09ZED");
    assert_eq!(author_by(&import, "1773756180.000500"), "deploybot");
}

#[test]
fn slack_markup_edits_and_files_are_readable() {
    let import = checkout(&SlackOptions::default());
    assert_eq!(
        text_by(&import, "1773756000.000200"),
        "Checkout error rate is up, declaring an incident. @here see checkout dashboard \
         (https://grafana.example.com/d/checkout?from=now-1h&to=now)"
    );
    assert_eq!(
        text_by(&import, "1773756090.000300"),
        "Looking at #db-team alerts, db-3 CPU > 95%"
    );
    assert_eq!(
        text_by(&import, "1773756240.000600"),
        "is this related to the CDN change? https://status.example.net"
    );
    assert_eq!(
        text_by(&import, "1773756300.000700"),
        "Rolling back checkout to v2.13.2 & watching errors (edited)"
    );
    assert_eq!(
        text_by(&import, "1773756420.000900"),
        "Customers report failed payments, 12 tickets so far [file: tickets.png]"
    );
    assert_eq!(
        text_by(&import, "1773756480.001000"),
        "Incident #4711 acknowledged by @Ana Lima"
    );
    // A bot message without text shows its attachment's fallback.
    assert_eq!(
        text_by(&import, "1773756180.000500"),
        "Deploy of checkout v2.14.0 finished"
    );
    assert_eq!(
        text_by(&import, "1773824700.000200"),
        "@cy.diaz please write up the failover for the postmortem, questions to ana@example.com"
    );
    assert_eq!(
        text_by(&import, "1773755940.000100"),
        "@Ana Lima has joined the channel"
    );
    // The topic change is kept even with the noise filter (see below).
    assert!(text_by(&import, "1773756360.000800").starts_with("set the channel topic: INC-2026-0042"));
}

#[test]
fn slack_thread_replies_name_their_parent_time() {
    let import = checkout(&SlackOptions::default());
    // The parent itself is unmarked.
    assert!(text_by(&import, "1773756090.000300").starts_with("Looking at"));
    assert_eq!(
        text_by(&import, "1773756130.000400"),
        "[thread 14:01] @Bo Berg I can fail over to db-4 if needed"
    );
    // A reply on another day names the parent's date too.
    assert_eq!(
        text_by(&import, "1773824400.000100"),
        "[thread 2026-03-17 14:01] Failover to db-4 is documented in the runbook \
         (https://wiki.example.com/runbooks/db-failover)"
    );
}

#[test]
fn slack_noise_filter_leaves_out_joins_leaves_and_bots() {
    let import = checkout(&SlackOptions {
        skip_noise: true,
        ..SlackOptions::default()
    });
    // Out: the join, the leave, the bot_message and the PagerDuty app message.
    assert_eq!(import.skipped_noise, 4);
    assert_eq!(import.entries.len(), 9);
    assert_eq!(import.preview.authors[0], ("Ana Lima".to_owned(), 4));
    assert!(
        import
            .preview
            .authors
            .iter()
            .all(|(a, _)| a != "deploybot" && a != "PagerDuty")
    );
    assert!(
        !import
            .entries
            .iter()
            .any(|e| e.text.contains("joined") || e.text.contains("left"))
    );
    assert!(
        import
            .entries
            .iter()
            .any(|e| e.text.starts_with("set the channel topic"))
    );
}

#[test]
fn slack_time_window_and_day_selection() {
    let window = SlackOptions {
        from: Some(at(17, 14, 0, 0)),
        to: Some(at(17, 14, 5, 30)),
        skip_noise: true,
        days: None,
    };
    let import = checkout(&window);
    // 14:00, 14:01:30, 14:02:10, 14:04, 14:05 (the 14:03 bot message is noise).
    assert_eq!(import.entries.len(), 5);
    assert_eq!(import.skipped_noise, 1);
    assert_eq!(
        import.preview.first,
        Some(at(17, 14, 0, 0) + TimeDelta::microseconds(200))
    );
    assert_eq!(
        import.preview.last,
        Some(at(17, 14, 5, 0) + TimeDelta::microseconds(700))
    );

    let day = checkout(&SlackOptions {
        days: Some(vec!["2026-03-18".into()]),
        ..SlackOptions::default()
    });
    assert_eq!(day.entries.len(), 3);
    assert!(day.entries.iter().all(|e| e.at >= at(18, 0, 0, 0)));

    let export = SlackExport::open(&slack_dir()).unwrap();
    let err = export
        .read_channel(
            "#inc-checkout",
            &SlackOptions {
                days: Some(vec!["2026-03-19.json".into()]),
                ..SlackOptions::default()
            },
        )
        .unwrap_err();
    assert!(err.message.contains("no day file 2026-03-19.json"), "{err}");
    assert!(err.file.ends_with("slack/inc-checkout"));
}

#[test]
fn slack_day_files_without_an_export() {
    let dir = slack_dir().join("inc-checkout");
    let files = [dir.join("2026-03-18.json"), dir.join("2026-03-17.json")];
    // Without users.json: profile names from messages, else user ids.
    let bare = read_day_files(&files, None, "#inc-checkout", &SlackOptions::default()).unwrap();
    assert_eq!(bare.entries.len(), 13);
    assert_eq!(author_by(&bare, "1773756000.000200"), "Ana Lima");
    assert_eq!(author_by(&bare, "1773756090.000300"), "U02BO");
    assert_eq!(
        text_by(&bare, "1773756090.000300"),
        "Looking at #db-team alerts, db-3 CPU > 95%"
    );
    // With it, the same names as the full export.
    let users = slack_dir().join("users.json");
    let named = read_day_files(&files, Some(&users), "inc-checkout", &SlackOptions::default()).unwrap();
    assert_eq!(named, checkout(&SlackOptions::default()));
    // The same file picked twice is read once.
    let twice = read_day_files(
        &[files[0].clone(), files[0].clone()],
        None,
        "x",
        &SlackOptions::default(),
    );
    assert_eq!(twice.unwrap().entries.len(), 3);
    // All or nothing: one broken file fails the whole pick.
    let broken = fixtures().join("broken/malformed.json");
    let err = read_day_files(
        &[files[0].clone(), broken.clone()],
        None,
        "x",
        &SlackOptions::default(),
    );
    assert_eq!(err.unwrap_err().file, broken);
}

#[test]
fn slack_reimport_adds_nothing_twice() {
    let t0 = at(17, 14, 0, 0);
    let now = at(18, 10, 0, 0);
    let mut inc = Incident::declare(t0, "Ana");
    let before = inc.timeline.len();
    let chats = |inc: &Incident| inc.timeline.iter().filter(|e| e.kind == EntryKind::Chat).count();
    let batch = |options: &SlackOptions| {
        checkout(options).into_batch("Slack export, channel #inc-checkout".into(), "slack".into())
    };
    let quiet = SlackOptions {
        skip_noise: true,
        ..SlackOptions::default()
    };
    inc.apply(Edit::Import(batch(&quiet)), now, "Ana").unwrap();
    assert_eq!(chats(&inc), 9);
    assert!(inc.has_source("slack:#inc-checkout:1773756000.000200"));
    // The same import again adds only its record.
    inc.apply(Edit::Import(batch(&quiet)), now, "Ana").unwrap();
    assert_eq!(chats(&inc), 9);
    assert_eq!(inc.timeline.len(), before + 9 + 2);
    let record = inc.timeline.entries.last().unwrap();
    assert!(
        record.text.starts_with("Imported 0 entries from slack"),
        "{}",
        record.text
    );
    assert!(record.text.contains("9 already on the timeline were skipped"));
    // Without the filter, only the noise is new.
    inc.apply(Edit::Import(batch(&SlackOptions::default())), now, "Ana")
        .unwrap();
    assert_eq!(chats(&inc), 13);
    inc.apply(Edit::Import(batch(&SlackOptions::default())), now, "Ana")
        .unwrap();
    assert_eq!(chats(&inc), 13);
    assert!(inc.problems().is_empty(), "{:?}", inc.problems());
    // Imported entries keep their original time and author.
    let entry = inc
        .timeline
        .iter()
        .find(|e| e.source.as_deref() == Some("slack:#inc-checkout:1773756130.000400"))
        .unwrap();
    assert_eq!(entry.author, "cy.diaz");
    assert_eq!(entry.at, at(17, 14, 2, 10) + TimeDelta::microseconds(400));
    assert_eq!(entry.recorded_at, now);
}

// ---------------------------------------------------------------- chat log

#[test]
fn chat_log_end_to_end() {
    let date = NaiveDate::from_ymd_opt(2026, 3, 17).unwrap();
    let import = read_chat_log(&fixtures().join("war-room.log"), date, "war-room").unwrap();
    assert_eq!(import.entries.len(), 6);
    let summary: Vec<(Timestamp, &str, &str)> = import
        .entries
        .iter()
        .map(|e| (e.at, e.author.as_str(), e.text.as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            (
                at(17, 23, 41, 0),
                "ana",
                "paging the DB on-call, checkout errors at 8%"
            ),
            (at(17, 23, 42, 15), "Bo Berg", "on it, db-3 looks saturated"),
            (
                at(17, 23, 44, 0),
                "cy",
                "failing over to db-4 now\n  (this takes about 5 minutes)"
            ),
            (at(17, 23, 50, 2), "ana", "errors dropping"),
            // Past midnight: the next day.
            (at(18, 0, 3, 0), "bo", "failover done, error rate back under 1%"),
            (
                at(18, 0, 5, 0),
                "ana",
                "keeping the incident open for 30 minutes of monitoring"
            ),
        ]
    );
    assert_eq!(import.entries[0].source, "chatlog:war-room:2:23:41:00");
    assert_eq!(import.preview.authors[0], ("ana".to_owned(), 3));

    let mut inc = Incident::declare(at(17, 23, 40, 0), "Ana");
    let batch = || {
        import
            .clone()
            .into_batch("chat log".into(), "war-room.log".into())
    };
    inc.apply(Edit::Import(batch()), at(18, 1, 0, 0), "Ana").unwrap();
    let n = inc.timeline.len();
    inc.apply(Edit::Import(batch()), at(18, 1, 0, 0), "Ana").unwrap();
    assert_eq!(inc.timeline.len(), n + 1);
}

#[test]
fn chat_log_errors_name_the_line() {
    let date = NaiveDate::from_ymd_opt(2026, 3, 17).unwrap();
    let path = fixtures().join("broken/no-time.log");
    let err = read_chat_log(&path, date, "x").unwrap_err();
    assert_eq!((err.line, err.column), (Some(1), Some(1)));
    assert!(
        err.to_string()
            .starts_with(&format!("{}, line 1, column 1: ", path.display()))
    );
}

// ---------------------------------------------------------------- alerts

#[test]
fn alertmanager_payload_end_to_end() {
    let import = read_alertmanager(&fixtures().join("alertmanager.json")).unwrap();
    let texts: Vec<&str> = import.entries.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "FIRING: DBCPUSaturated (instance=db-3, severity=warning) - db-3 CPU above 95% \
             [https://prometheus.example.com/graph?g0.expr=cpu]",
            "FIRING: HighErrorRate (service=checkout, severity=critical) - Error rate above 5% for 5 min \
             [https://prometheus.example.com/graph?g0.expr=rate%28http_errors%5B5m%5D%29]",
            "FIRING: CheckoutLatencyHigh (service=checkout) - p99 latency above 2s",
            "RESOLVED: DBCPUSaturated (instance=db-3, severity=warning) - db-3 CPU above 95% \
             [https://prometheus.example.com/graph?g0.expr=cpu]",
        ]
    );
    let e = &import.entries;
    assert!(
        e.iter()
            .all(|e| e.kind == EntryKind::Alert && e.author == "Alertmanager")
    );
    assert_eq!(e[0].at, at(17, 13, 52, 30));
    assert_eq!(e[0].source, "alertmanager:0f1e2d3c4b5a6978:2026-03-17T13:52:30Z");
    assert_eq!(e[1].source, "alertmanager:a1b2c3d4e5f60718:2026-03-17T13:56:00Z");
    // No fingerprint: a stable hash of the labels stands in.
    let fallback = e[2].source.strip_prefix("alertmanager:").unwrap();
    assert_eq!(fallback.len(), 16 + ":2026-03-17T13:58:00Z".len(), "{fallback}");
    assert_eq!(e[3].at, at(17, 14, 20, 0));
    assert_eq!(
        e[3].source,
        "alertmanager:0f1e2d3c4b5a6978:2026-03-17T13:52:30Z:resolved"
    );
    assert_eq!(import.earliest_firing, Some(at(17, 13, 52, 30)));
    assert_eq!(import.preview.messages, 4);
    assert_eq!(import.preview.authors, [("Alertmanager".to_owned(), 4)]);
    // Read twice, the same keys: the fallback fingerprint is stable.
    let again = read_alertmanager(&fixtures().join("alertmanager.json")).unwrap();
    assert_eq!(again, import);
}

#[test]
fn alertmanager_reimport_dedupes_and_detection_is_asked() {
    let path = fixtures().join("alertmanager.json");
    let now = at(17, 15, 0, 0);
    let mut inc = Incident::declare(at(17, 14, 0, 0), "Ana");
    inc.detection.detected_at = None;
    // Declined: nothing about detection changes.
    let batch = read_alertmanager(&path)
        .unwrap()
        .into_batch("Alertmanager".into(), "am.json".into(), false);
    assert_eq!(batch.detection, None);
    inc.apply(Edit::Import(batch), now, "Ana").unwrap();
    assert_eq!(inc.detection.source, None);
    assert_eq!(inc.detection.detected_at, None);
    let alerts = |inc: &Incident| inc.timeline.iter().filter(|e| e.kind == EntryKind::Alert).count();
    assert_eq!(alerts(&inc), 4);
    // Accepted on a re-import: no alert twice, the detection is set.
    let batch = read_alertmanager(&path)
        .unwrap()
        .into_batch("Alertmanager".into(), "am.json".into(), true);
    assert_eq!(
        batch.detection,
        Some((DetectionSource::MonitoringAlert, at(17, 13, 52, 30)))
    );
    inc.apply(Edit::Import(batch), now, "Ana").unwrap();
    assert_eq!(alerts(&inc), 4);
    assert_eq!(inc.detection.source, Some(DetectionSource::MonitoringAlert));
    assert_eq!(inc.detection.detected_at, Some(at(17, 13, 52, 30)));
    assert!(inc.problems().is_empty());
}

#[test]
fn alert_csv_end_to_end() {
    let import = read_alert_csv(&fixtures().join("alerts.csv")).unwrap();
    let summary: Vec<(Timestamp, &str, &str)> = import
        .entries
        .iter()
        .map(|e| (e.at, e.author.as_str(), e.text.as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            (
                at(17, 13, 55, 0),
                "Grafana",
                "Checkout p99 latency above 2s, region eu-west"
            ),
            (
                at(17, 13, 57, 30),
                "Pingdom",
                "Checkout page \"/pay\" returns 502"
            ),
            (at(17, 14, 10, 0), "StatusCake", "Checkout recovered"),
        ]
    );
    assert!(import.entries.iter().all(|e| e.kind == EntryKind::Alert));
    assert!(
        import.entries[0]
            .source
            .starts_with("alertcsv:Grafana:2026-03-17T13:55:00Z:")
    );
    assert_eq!(import.earliest_firing, Some(at(17, 13, 55, 0)));
    let batch = import
        .clone()
        .into_batch("alerts CSV".into(), "alerts.csv".into(), true);
    assert_eq!(
        batch.detection,
        Some((DetectionSource::MonitoringAlert, at(17, 13, 55, 0)))
    );
    let mut inc = Incident::declare(at(17, 14, 0, 0), "Ana");
    inc.apply(Edit::Import(batch.clone()), at(17, 15, 0, 0), "Ana")
        .unwrap();
    let n = inc.timeline.len();
    inc.apply(Edit::Import(batch), at(17, 15, 0, 0), "Ana").unwrap();
    assert_eq!(inc.timeline.len(), n + 1);
    // Detection was already set at declaration: left alone.
    assert_eq!(inc.detection.detected_at, Some(at(17, 14, 0, 0)));
}

// ---------------------------------------------------------------- broken files

fn day_file_error(name: &str) -> ImportError {
    let path = fixtures().join("broken").join(name);
    read_day_files(&[path], None, "x", &SlackOptions::default()).unwrap_err()
}

#[test]
fn malformed_json_names_file_line_and_column() {
    let err = day_file_error("malformed.json");
    assert_eq!((err.line, err.column), (Some(5), Some(5)), "{err}");
    assert!(err.message.contains("expected `,` or `}`"), "{err}");
    let path = fixtures().join("broken/malformed.json");
    assert_eq!(
        err.to_string(),
        format!("{}, line 5, column 5: expected `,` or `}}`", path.display())
    );
    // A broken users.json fails opening the export.
    let err = SlackExport::open(&fixtures().join("broken/slack-bad-users")).unwrap_err();
    assert!(err.file.ends_with("users.json"));
    assert_eq!(err.line, Some(1));
    assert!(err.message.contains("expected an array of users"), "{err}");
}

#[test]
fn wrong_types_name_their_position() {
    let err = day_file_error("wrong-types.json");
    assert_eq!(err.line, Some(3), "{err}");
    assert!(err.column.is_some());
    assert!(err.message.contains("invalid type: floating point"), "{err}");
    let err = day_file_error("bad-ts.json");
    assert_eq!(err.line, Some(2), "{err}");
    assert!(
        err.message.contains("\"yesterday\" is not a Slack timestamp"),
        "{err}"
    );
    let err = read_alertmanager(&fixtures().join("broken/alertmanager-wrong-types.json")).unwrap_err();
    assert_eq!(err.line, Some(5), "{err}");
    assert!(
        err.message
            .contains("invalid type: integer `2`, expected a string"),
        "{err}"
    );
    let err = read_alert_csv(&fixtures().join("broken/unclosed-quote.csv")).unwrap_err();
    assert_eq!((err.line, err.column), (Some(2), Some(29)), "{err}");
    assert!(err.message.contains("never closed"), "{err}");
}

#[test]
fn invalid_utf8_is_refused_with_its_position() {
    let date = NaiveDate::from_ymd_opt(2026, 3, 17).unwrap();
    let err = read_chat_log(&fixtures().join("broken/not-utf8.log"), date, "x").unwrap_err();
    assert_eq!((err.line, err.column), (Some(2), Some(14)), "{err}");
    assert!(err.message.contains("not valid UTF-8"), "{err}");
}

#[test]
fn oversized_and_missing_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("2026-03-17.json");
    // Sparse: takes no disk space.
    std::fs::File::create(&big)
        .unwrap()
        .set_len(import::MAX_FILE_BYTES + 1)
        .unwrap();
    let date = NaiveDate::from_ymd_opt(2026, 3, 17).unwrap();
    let errors = [
        read_alertmanager(&big).unwrap_err(),
        read_alert_csv(&big).unwrap_err(),
        read_chat_log(&big, date, "x").unwrap_err(),
        read_day_files(std::slice::from_ref(&big), None, "x", &SlackOptions::default()).unwrap_err(),
    ];
    for err in errors {
        assert_eq!(err.file, big);
        assert!(err.message.contains("limited to 33554432 bytes"), "{err}");
    }
    let missing = dir.path().join("nope.json");
    let err = read_alertmanager(&missing).unwrap_err();
    assert!(err.message.starts_with("cannot read"), "{err}");
    assert!(read_alertmanager(dir.path()).is_err());
}

// ---------------------------------------------------------------- hostile input

/// JSON built from the keys the readers look at, with values of every type.
fn json_ish() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let key = prop::sample::select(vec![
        "ts",
        "user",
        "text",
        "thread_ts",
        "subtype",
        "bot_id",
        "username",
        "user_profile",
        "real_name",
        "display_name",
        "profile",
        "edited",
        "files",
        "attachments",
        "name",
        "fallback",
        "id",
        "alerts",
        "status",
        "labels",
        "annotations",
        "startsAt",
        "endsAt",
        "generatorURL",
        "fingerprint",
        "alertname",
        "summary",
    ])
    .prop_map(str::to_owned);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        "[0-9]{0,14}(\\.[0-9]{0,10})?".prop_map(Value::from),
        "(0001|1970|2026|9999|\\+275760)-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})"
            .prop_map(Value::from),
        "[<>@#!|^a-zA-Z:/&;. \u{e9}]{0,24}".prop_map(Value::from),
        prop::sample::select(vec!["firing", "resolved", "channel_join", "bot_message", "U01ANA"])
            .prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map(key.clone(), inner, 0..8)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// Runs every reader over `bytes`; they may fail, never panic.
fn run_all_readers(dir: &Path, bytes: &[u8]) {
    let channel = dir.join("chan");
    std::fs::create_dir_all(&channel).unwrap();
    let day = channel.join("2026-03-17.json");
    for name in ["users.json", "channels.json"] {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    std::fs::write(&day, bytes).unwrap();
    if let Ok(export) = SlackExport::open(dir) {
        let _ = export.read_channel("chan", &SlackOptions::default());
    }
    // The day file alone (a users.json that fails would hide it above).
    let _ = read_day_files(std::slice::from_ref(&day), None, "chan", &SlackOptions::default());
    let date = NaiveDate::from_ymd_opt(2026, 3, 17).unwrap();
    let _ = read_chat_log(&day, date, "x");
    let _ = read_alertmanager(&day);
    let _ = read_alert_csv(&day);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_bytes_never_panic_the_readers(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let dir = tempfile::tempdir().unwrap();
        run_all_readers(dir.path(), &bytes);
    }

    #[test]
    fn json_ish_text_never_panics_the_readers(value in json_ish(), wrap in any::<bool>()) {
        let value = if wrap { serde_json::Value::Array(vec![value]) } else { value };
        let dir = tempfile::tempdir().unwrap();
        run_all_readers(dir.path(), value.to_string().as_bytes());
    }
}

#[test]
fn suricata_eve_end_to_end() {
    let path = fixtures().join("eve.json");
    let eve = import::read_eve(&path).unwrap();
    // 7 alert lines, one a repeat of a signature on its flow; 6 other events.
    assert_eq!(
        (eve.alerts.entries.len(), eve.repeats, eve.other_events),
        (5, 1, 6)
    );
    let texts: Vec<&str> = eve.alerts.entries.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(
        texts[0],
        "IDS sev 1: ET MALWARE Cobalt Strike Beacon Observed [1:2027082:3] (A Network Trojan was detected) TCP 10.20.0.14:49822 -> 203.0.113.50:443, flow 1722094438771201, allowed"
    );
    assert!(texts[3].contains("ET POLICY Large POST") && texts[3].ends_with("blocked"));
    assert!(
        texts[4].contains("IPv6-ICMP 2001:db8:20::14 -> 2001:db8:ff::1"),
        "{}",
        texts[4]
    );
    let first = Utc.with_ymd_and_hms(2026, 11, 30, 2, 13, 52).unwrap() + TimeDelta::microseconds(87_410);
    assert_eq!(eve.alerts.entries[0].at, first, "the alert's own time");
    assert_eq!(eve.alerts.earliest_firing, Some(first));
    assert!(eve.alerts.entries.windows(2).all(|w| w[0].at <= w[1].at));

    // Onto a security incident, twice: the second import adds nothing.
    let now = Utc.with_ymd_and_hms(2026, 11, 30, 4, 0, 0).unwrap();
    let mut inc = Incident::declare(now - TimeDelta::minutes(50), "Ana");
    let batch = eve
        .alerts
        .into_batch("Suricata EVE alerts".into(), "eve.json".into(), false);
    inc.apply(Edit::Import(batch), now, "Ana").unwrap();
    let alerts = |inc: &Incident| {
        inc.timeline
            .iter()
            .filter(|e| e.kind == EntryKind::Alert && e.author == "Suricata")
            .count()
    };
    assert_eq!(alerts(&inc), 5);
    let again = import::read_eve(&path).unwrap().alerts.into_batch(
        "Suricata EVE alerts".into(),
        "eve.json".into(),
        false,
    );
    inc.apply(Edit::Import(again), now, "Ana").unwrap();
    assert_eq!(alerts(&inc), 5);
    assert!(inc.problems().is_empty());
}

#[test]
fn a_broken_eve_line_fails_the_whole_import_with_its_line() {
    let path = fixtures().join("broken/eve-truncated.json");
    let error = import::read_eve(&path).unwrap_err();
    assert_eq!(error.line, Some(7), "{error}");
    assert_eq!(error.column, Some(120), "{error}");
    assert!(
        error
            .to_string()
            .contains("eve-truncated.json, line 7, column 120"),
        "{error}"
    );

    // Through the command line: all or nothing, the file is unchanged.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("inc.ron");
    let inc = Incident::declare(Utc::now(), "Ana");
    incident_console::file::save(&file, &inc).unwrap();
    let before = std::fs::read(&file).unwrap();
    let request = incident_console::cli::ImportRequest {
        slack: None,
        from: None,
        to: None,
        keep_noise: false,
        alertmanager: None,
        alerts_csv: Some(fixtures().join("alerts.csv")),
        suricata_eve: Some(path),
        chat_log: None,
        set_detection: false,
        author: "Ana".into(),
    };
    let err = incident_console::cli::import(&file, request).unwrap_err();
    assert!(err.contains("line 7"), "{err}");
    assert_eq!(std::fs::read(&file).unwrap(), before);
}
