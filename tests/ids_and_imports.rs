//! Ids never wrap or collide; imports merge correctly and fast; every
//! writer refuses a file the loader would refuse; edits refuse times and
//! durations the file could not hold.

mod common;
use common::t0;

use chrono::{TimeDelta, TimeZone, Utc};
use incident_console::file;
use incident_console::model::timeline::NewEntry;
use incident_console::model::{
    Edit, EditError, EntryKind, ImportBatch, ImportedEntry, Incident, TimeField, Timeline, Timestamp,
    UpdateKind,
};
use proptest::prelude::*;

fn batch(n: usize, start: Timestamp) -> ImportBatch {
    ImportBatch {
        what: "alerts CSV".into(),
        file: "alerts.csv".into(),
        entries: (0..n)
            .map(|i| ImportedEntry {
                at: start + TimeDelta::seconds(i as i64),
                author: "alertmanager".into(),
                kind: EntryKind::Alert,
                text: format!("alert {i}"),
                source: format!("csv:{i}"),
            })
            .collect(),
        detection: None,
    }
}

/// A small file in format 1 (numbered entries), as the console wrote them.
fn v1_text(next_id: u64, first_id: u64) -> String {
    format!(
        r#"IncidentFile(
    format_version: 1,
    incident: Incident(
        id: "INC-2026-0001",
        title: "", summary: "", status: Investigating, phase: Detect,
        detection: Detection(source: None, fault_started_at: None, detected_at: None,
            declared_at: None, declared_by: "Ana", affected_services: ["api"]),
        channels: Channels(chat_room: "", chat_link: "", video_bridge: "", room_topic: "",
            im_chat_status: "", links: []),
        assessment: Assessment(scale: "atlassian-3", customer_impact: Unknown,
            what_customers_see: "", customers_affected: Unknown, affected_count: "",
            impact_started_at: None, support_cases: None,
            factors: Factors(security_breach: false, data_loss: false, confidentiality: false,
                press_attention: false, regulatory: false, notes: ""),
            severity_history: []),
        communications: Communications(messages: [], external_cadence_minutes: None,
            internal_cadence_minutes: None),
        escalation: Escalation(responders: []),
        delegation: Delegation(roles: [], tasks: []),
        resolution: Resolution(mitigated_at: None, resolved_at: None, closed_at: None,
            summary: "", follow_ups: []),
        postmortem: Postmortem(summary: "", leadup: "", fault: "", impact: "", detection: "",
            response: "", recovery: "", five_whys: [], root_cause: "", backlog_check: "",
            recurrence: "", lessons_learned: ""),
        timeline: Timeline(next_id: {next_id}, entries: [
            TimelineEntry(id: EntryId({first_id}), at: "2026-11-25T14:00:00Z",
                recorded_at: "2026-11-25T14:00:00Z", author: "Ana", kind: System,
                text: "Incident declared by Ana", revisions: [], retracted: None),
        ]),
    ),
)
"#
    )
}

#[test]
fn ids_made_by_edits_are_unique_and_in_writing_order() {
    let mut inc = Incident::declare(t0(), "Ana");
    for i in 0..200 {
        inc.apply(
            Edit::Log {
                kind: EntryKind::Note,
                text: format!("note {i}"),
                at: Some(t0()),
            },
            t0(),
            "Ana",
        )
        .unwrap();
    }
    inc.apply(Edit::Import(batch(300, t0())), t0(), "Ana").unwrap();
    assert!(inc.problems().is_empty(), "{:?}", inc.problems());
    // Notes at the same time keep the order they were written in.
    let notes: Vec<&str> = inc
        .timeline
        .iter()
        .filter(|e| e.kind == EntryKind::Note)
        .map(|e| e.text.as_str())
        .collect();
    let written: Vec<String> = (0..200).map(|i| format!("note {i}")).collect();
    assert_eq!(notes, written);
    // Still saved and reopened as it is.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.ron");
    file::save(&path, &inc).unwrap();
    assert_eq!(file::load(&path).unwrap(), inc);
}

#[test]
fn files_with_broken_ids_are_refused() {
    // Format 1: the numbering rules of that format still hold.
    assert!(file::from_ron_str(&v1_text(1, 0)).is_ok());
    for bad in [(1u64 << 53) + 1, u64::MAX - 1, u64::MAX] {
        let err = file::from_ron_str(&v1_text(bad, 0)).unwrap_err().to_string();
        assert!(err.contains("next_id"), "{bad}: {err}");
    }
    // An entry id at or above next_id is a collision waiting to happen.
    assert!(file::from_ron_str(&v1_text(1, 5)).is_err());
    // Format 2: an entry id used twice, or none, is refused.
    let inc = Incident::declare(t0(), "Ana");
    let text = file::to_ron_string(&inc);
    let id = inc.timeline.entries[0].id.0.to_string();
    let nil = text.replace(&id, &uuid::Uuid::nil().to_string());
    let err = file::from_ron_str(&nil).unwrap_err().to_string();
    assert!(err.contains("no id"), "{err}");
    let mut two = inc.clone();
    two.apply(
        Edit::Log {
            kind: EntryKind::Note,
            text: "x".into(),
            at: None,
        },
        t0(),
        "Ana",
    )
    .unwrap();
    let second = two.timeline.entries[1].id.0.to_string();
    let dup = file::to_ron_string(&two).replace(&second, &id);
    let err = file::from_ron_str(&dup).unwrap_err().to_string();
    assert!(err.contains("used twice"), "{err}");
    // A row id used twice.
    let mut rows = inc.clone();
    rows.apply(
        Edit::AddItem(incident_console::model::ListKind::Links),
        t0(),
        "Ana",
    )
    .unwrap();
    rows.apply(
        Edit::AddItem(incident_console::model::ListKind::Links),
        t0(),
        "Ana",
    )
    .unwrap();
    let (a, b) = (
        rows.channels.links[0].id.0.to_string(),
        rows.channels.links[1].id.0.to_string(),
    );
    let err = file::from_ron_str(&file::to_ron_string(&rows).replace(&b, &a))
        .unwrap_err()
        .to_string();
    assert!(err.contains("channels.links id"), "{err}");
}

#[test]
fn every_writer_refuses_what_the_loader_would_refuse() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("inc.ron");
    let good = Incident::declare(t0(), "Ana");
    file::save(&path, &good).unwrap();
    let before = std::fs::read(&path).unwrap();
    // Broken invariants in memory (a duplicate id, ids out of range).
    let mut dup = good.clone();
    dup.timeline.entries.push(dup.timeline.entries[0].clone());
    let mut beyond = good.clone();
    std::sync::Arc::make_mut(&mut beyond.timeline.entries[0]).id =
        incident_console::model::EntryId(uuid::Uuid::nil());
    for bad in [&dup, &beyond] {
        let err = file::save(&path, bad).unwrap_err().to_string();
        assert!(err.contains("not saved"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), before, "the file is untouched");
    }
    // Too large to be read back.
    let huge = "x".repeat(file::MAX_FILE_BYTES as usize + 1);
    let err = file::check_loadable(&path, &good, &huge).unwrap_err().to_string();
    assert!(err.contains("limit"), "{err}");
    // The autosaver refuses too (it writes through the same check).
    let saver = file::recovery::Autosaver::start();
    saver.submit(dir.path().join("auto.ron"), dup, 1);
    let done = saver.wait_done(std::time::Duration::from_secs(10)).unwrap();
    assert!(done.result.is_err());
    assert!(!dir.path().join("auto.ron").exists());
}

#[test]
fn the_cli_import_reports_failure_and_changes_nothing_when_the_result_would_not_load() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("inc.ron");
    let mut inc = Incident::declare(t0(), "Ana");
    inc.summary = "x".repeat(file::MAX_FILE_BYTES as usize - 4096);
    file::save(&path, &inc).unwrap();
    let before = std::fs::read(&path).unwrap();
    let csv = dir.path().join("alerts.csv");
    let mut text = String::from("time,source,summary\n");
    for i in 0..10 {
        text.push_str(&format!("2026-11-25T14:0{i}:00Z,prometheus,disk {i} full\n"));
    }
    std::fs::write(&csv, text).unwrap();
    let request = incident_console::cli::ImportRequest {
        slack: None,
        from: None,
        to: None,
        keep_noise: false,
        alertmanager: None,
        alerts_csv: Some(csv),
        suricata_eve: None,
        chat_log: None,
        set_detection: false,
        author: "Ana".into(),
    };
    let err = incident_console::cli::import(&path, request).unwrap_err();
    assert!(err.contains("limit"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn edits_refuse_times_and_durations_the_file_could_not_hold() {
    let far = Utc.with_ymd_and_hms(9999, 12, 31, 23, 0, 0).unwrap();
    let beyond = Utc.with_ymd_and_hms(10000, 1, 1, 0, 0, 0).unwrap();
    let before_1900 = Utc.with_ymd_and_hms(1899, 12, 31, 0, 0, 0).unwrap();
    let mut inc = Incident::declare(t0(), "Ana");
    for at in [beyond, before_1900] {
        let edits = [
            Edit::SetTime(TimeField::Mitigated, Some(at)),
            Edit::Log {
                kind: EntryKind::Note,
                text: "x".into(),
                at: Some(at),
            },
            Edit::ReviseEntry {
                id: inc.timeline.entries[0].id,
                text: None,
                at: Some(at),
            },
            Edit::Import(batch(3, at)),
        ];
        for edit in edits {
            let before = inc.clone();
            let err = inc.apply(edit.clone(), t0(), "Ana").unwrap_err();
            assert!(matches!(err, EditError::OutOfRange(_)), "{edit:?}: {err}");
            assert_eq!(inc, before);
        }
    }
    for edit in [
        Edit::SetCadence(UpdateKind::Customer, Some(u32::MAX)),
        Edit::SetAckWarningMinutes(Some(u32::MAX)),
        Edit::AddTask {
            owner: "Bo".into(),
            text: "check".into(),
            due_in_minutes: Some(u32::MAX),
        },
    ] {
        assert!(matches!(
            inc.apply(edit.clone(), t0(), "Ana"),
            Err(EditError::OutOfRange(_))
        ));
    }
    // A time box that would end past the year 9999, near its end.
    let err = inc
        .apply(
            Edit::AddTask {
                owner: "Bo".into(),
                text: "check".into(),
                due_in_minutes: Some(120),
            },
            far,
            "Ana",
        )
        .unwrap_err();
    assert!(matches!(err, EditError::OutOfRange(_)), "{err}");
    // The edge itself is fine, and the result still saves and loads.
    inc.apply(Edit::SetTime(TimeField::Mitigated, Some(far)), t0(), "Ana")
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    file::save(&dir.path().join("far.ron"), &inc).unwrap();
    file::load(&dir.path().join("far.ron")).unwrap();
}

#[test]
fn ten_thousand_rows_into_a_hundred_thousand_entries_is_one_merge() {
    let mut inc = Incident::declare(t0(), "Ana");
    inc.timeline.add_many((0..100_000).map(|i| NewEntry {
        at: t0() + TimeDelta::seconds(i * 3),
        recorded_at: t0(),
        author: "Ana".into(),
        kind: EntryKind::Note,
        text: format!("entry {i}"),
        source: None,
    }));
    // Interleaved with what is there, so every row lands in the middle.
    let rows = batch(10_000, t0() + TimeDelta::seconds(1));
    inc.apply(Edit::Import(rows.clone()), t0(), "Ana").unwrap();
    assert_eq!(inc.timeline.len(), 1 + 100_000 + 10_000 + 1);
    assert!(inc.problems().is_empty());
    // Again: all skipped as already there.
    inc.apply(Edit::Import(rows), t0(), "Ana").unwrap();
    assert_eq!(inc.timeline.len(), 1 + 100_000 + 10_000 + 2);
    let skipped = inc.timeline.entries.iter().any(|e| {
        e.text.starts_with("Imported 0 entries") && e.text.contains("10000 already on the timeline")
    });
    assert!(skipped);
}

fn arb_times() -> impl Strategy<Value = Vec<i64>> {
    proptest::collection::vec(0i64..50, 0..40)
}

proptest! {
    /// One merge gives exactly the timeline that one insert per entry gives.
    #[test]
    fn add_many_equals_adding_one_by_one(existing in arb_times(), new in arb_times()) {
        let at = |s: i64| t0() + TimeDelta::seconds(s);
        let mut base = Timeline::default();
        for (i, s) in existing.iter().enumerate() {
            base.add(at(*s), at(*s), "Ana", EntryKind::Note, format!("old {i}"));
        }
        // Both copies make their ids from the same edit.
        base.begin_edit(incident_console::model::IdSource::for_op(
            incident_console::model::OpClock::seeded(7).next(t0()),
        ));
        let mut one_by_one = base.clone();
        for (i, s) in new.iter().enumerate() {
            one_by_one.add(at(*s), t0(), "Bo", EntryKind::Chat, format!("new {i}"));
        }
        let mut merged = base;
        merged.add_many(new.iter().enumerate().map(|(i, s)| NewEntry {
            at: at(*s),
            recorded_at: t0(),
            author: "Bo".into(),
            kind: EntryKind::Chat,
            text: format!("new {i}"),
            source: None,
        }));
        prop_assert_eq!(&merged, &one_by_one);
        prop_assert!(merged.problems().is_empty());
    }
}

#[test]
fn the_import_preview_refuses_an_import_the_file_could_not_hold() {
    // Size: an incident just under the limit that the import would push over.
    let mut big = Incident::declare(t0(), "Ana");
    big.summary = "x".repeat(file::MAX_FILE_BYTES as usize - 4096);
    assert!(incident_console::import::request::check_fits(big.clone(), &batch(1, t0()), t0(), "Ana").is_ok());
    let err = incident_console::import::request::check_fits(big, &batch(100, t0()), t0(), "Ana").unwrap_err();
    assert!(err.contains("limit"), "{err}");
}
