//! `merge A.ron B.ron -o OUT.ron`: two copies of one incident changed apart
//! merge by ids, lose nothing, refuse two different incidents, and give
//! the same bytes whichever way round they are given.

mod common;

use chrono::TimeDelta;
use incident_console::file;
use incident_console::model::merge::{MergeError, merge};
use incident_console::model::*;
use proptest::prelude::*;

fn t(minute: i64) -> Timestamp {
    common::t0() + TimeDelta::minutes(minute)
}

fn note(text: &str) -> Edit {
    Edit::Log {
        kind: EntryKind::Note,
        text: text.into(),
        at: None,
    }
}

/// A shared start: declared, a title, two links, a note.
fn base() -> Incident {
    let mut inc = Incident::declare(t(0), "Ana");
    inc.apply(
        Edit::SetText(TextField::Title, "Checkout errors".into()),
        t(1),
        "Ana",
    )
    .unwrap();
    inc.apply(Edit::AddItem(ListKind::Links), t(1), "Ana").unwrap();
    inc.apply(Edit::AddItem(ListKind::Links), t(1), "Ana").unwrap();
    inc.apply(note("error rate 40%"), t(2), "Ana").unwrap();
    inc
}

/// Two laptops' copies, changed apart: A renames it later than B does,
/// both log notes, B removes a link A edits, both revise the same note.
fn diverged() -> (Incident, Incident) {
    let start = base();
    let (mut a, mut b) = (start.clone(), start.clone());
    let shared_note = start
        .timeline
        .iter()
        .find(|e| e.text == "error rate 40%")
        .unwrap()
        .id;
    let (first_link, second_link) = (start.channels.links[0].id, start.channels.links[1].id);

    b.apply(
        Edit::SetText(TextField::Title, "Checkout down in EU".into()),
        t(10),
        "Bo",
    )
    .unwrap();
    b.apply(note("B: db-3 read-only"), t(11), "Bo").unwrap();
    b.apply(Edit::RemoveItem(ListKind::Links, second_link), t(12), "Bo")
        .unwrap();
    b.apply(
        Edit::ReviseEntry {
            id: shared_note,
            text: Some("error rate 100% in EU".into()),
            at: None,
        },
        t(13),
        "Bo",
    )
    .unwrap();
    b.apply(Edit::AddItem(ListKind::FollowUps), t(14), "Bo").unwrap();

    a.apply(note("A: rolled back 4.12"), t(12), "Ana").unwrap();
    a.apply(
        Edit::SetText(TextField::LinkUrl(first_link), "https://grafana/d/eu".into()),
        t(15),
        "Ana",
    )
    .unwrap();
    a.apply(
        Edit::SetText(TextField::LinkUrl(second_link), "https://old".into()),
        t(15),
        "Ana",
    )
    .unwrap();
    a.apply(
        Edit::ReviseEntry {
            id: shared_note,
            text: Some("error rate 38% (blended)".into()),
            at: None,
        },
        t(16),
        "Ana",
    )
    .unwrap();
    a.apply(
        Edit::SetText(TextField::Title, "Checkout fails for EU customers".into()),
        t(20),
        "Ana",
    )
    .unwrap();
    (a, b)
}

#[test]
fn copies_changed_apart_merge_by_ids_and_lose_nothing() {
    let (a, b) = diverged();
    let m = merge(&a, &b).unwrap();
    assert!(m.problems().is_empty(), "{:?}", m.problems());
    // Every entry of both is there.
    for e in a.timeline.iter().chain(b.timeline.iter()) {
        assert!(m.timeline.get(e.id).is_some(), "{} lost", e.text);
    }
    // The title set last wins; both settings are on the timeline, with who.
    assert_eq!(m.title, "Checkout fails for EU customers");
    let titles: Vec<(&str, &str)> = m
        .timeline
        .changes_of("Title")
        .map(|(e, c)| (e.author.as_str(), c.to.as_str()))
        .collect();
    assert!(titles.contains(&("Bo", "Checkout down in EU")), "{titles:?}");
    assert!(
        titles.contains(&("Ana", "Checkout fails for EU customers")),
        "{titles:?}"
    );
    // B removed the second link: it stays removed, though A edited it.
    assert_eq!(m.channels.links.len(), 1);
    assert_eq!(m.channels.links[0].url, "https://grafana/d/eu");
    // B's follow-up row is there.
    assert_eq!(m.resolution.follow_ups.len(), 1);
    // The note revised on both: the later wording is current, the other is kept.
    let revised = m
        .timeline
        .iter()
        .find(|e| e.text.starts_with("error rate 38%"))
        .unwrap();
    let earlier: Vec<&str> = revised.revisions.iter().map(|r| r.text.as_str()).collect();
    assert!(earlier.contains(&"error rate 40%"), "{earlier:?}");
    assert!(earlier.contains(&"error rate 100% in EU"), "{earlier:?}");
}

#[test]
fn a_merge_is_deterministic_symmetric_and_idempotent() {
    let (a, b) = diverged();
    let ab = merge(&a, &b).unwrap();
    let ba = merge(&b, &a).unwrap();
    assert_eq!(file::to_ron_string(&ab), file::to_ron_string(&ba));
    assert_eq!(merge(&a, &b).unwrap(), ab);
    assert_eq!(merge(&a, &a).unwrap(), a);
    assert_eq!(merge(&ab, &b).unwrap(), ab);
    assert_eq!(merge(&ab, &a).unwrap(), ab);
}

#[test]
fn two_different_incidents_are_refused() {
    let one = base();
    let mut other = Incident::declare(t(0), "Ana");
    other.title = "Checkout errors".into();
    // Even with the same human id and title: the uid says which incident it is.
    other.id = one.id.clone();
    assert!(matches!(
        merge(&one, &other),
        Err(MergeError::DifferentIncidents { .. })
    ));
}

#[test]
fn two_copies_of_a_version_1_file_merge_as_one_incident() {
    let v1 = include_str!("fixtures/v1/incident-v1.ron");
    let (mut a, mut b) = (file::from_ron_str(v1).unwrap(), file::from_ron_str(v1).unwrap());
    assert_eq!(a, b, "a version 1 file migrates to the same ids every time");
    a.apply(note("from A"), t(100), "Ana").unwrap();
    b.apply(note("from B"), t(101), "Bo").unwrap();
    let m = merge(&a, &b).unwrap();
    assert_eq!(m.timeline.len(), a.timeline.len() + 1);
}

#[test]
fn the_command_merges_files_and_refuses_what_it_must() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = diverged();
    let (pa, pb, out) = (
        dir.path().join("a.ron"),
        dir.path().join("b.ron"),
        dir.path().join("out.ron"),
    );
    file::save(&pa, &a).unwrap();
    file::save(&pb, &b).unwrap();
    let run = |args: &[&std::path::Path]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_incident-console"))
            .arg("merge")
            .args(args)
            .output()
            .unwrap()
    };
    let done = run(&[&pa, &pb, std::path::Path::new("-o"), &out]);
    assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));
    let said = String::from_utf8_lossy(&done.stdout);
    assert!(said.contains("only in"), "{said}");
    assert_eq!(file::load(&out).unwrap(), merge(&a, &b).unwrap());
    // The other way round: the same bytes.
    let out2 = dir.path().join("out2.ron");
    assert!(
        run(&[&pb, &pa, std::path::Path::new("-o"), &out2])
            .status
            .success()
    );
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&out2).unwrap());
    // Over one of the copies: allowed.
    assert!(run(&[&pa, &pb, std::path::Path::new("-o"), &pa]).status.success());
    // Over a third file (another incident, a report, this incident's own
    // third copy): refused, the file untouched.
    let third = dir.path().join("third.ron");
    for content in [
        file::to_ron_string(&base()),
        "# notes\n".to_owned(),
        file::to_ron_string(&a),
    ] {
        std::fs::write(&third, &content).unwrap();
        let refused = run(&[&pa, &pb, std::path::Path::new("-o"), &third]);
        assert!(!refused.status.success());
        assert!(String::from_utf8_lossy(&refused.stderr).contains("nothing was written"));
        assert_eq!(std::fs::read_to_string(&third).unwrap(), content);
    }
    // Two different incidents: refused, nothing written.
    let stranger = dir.path().join("stranger.ron");
    file::save(&stranger, &Incident::declare(t(0), "Cy")).unwrap();
    let out3 = dir.path().join("out3.ron");
    let refused = run(&[&pa, &stranger, std::path::Path::new("-o"), &out3]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("two different incidents"));
    assert!(!out3.exists());
    // A broken copy: its line and column, nothing written.
    let broken = dir.path().join("broken.ron");
    std::fs::write(
        &broken,
        "IncidentFile(\n  format_version: 2,\n  incident: Incident(id: 5,",
    )
    .unwrap();
    let refused = run(&[&pa, &broken, std::path::Path::new("-o"), &out3]);
    assert!(String::from_utf8_lossy(&refused.stderr).contains("line 3"));
    assert!(!out3.exists());
}

/// Random edits on two copies of one incident.
fn arb_edits() -> impl Strategy<Value = Vec<(u8, String)>> {
    proptest::collection::vec((0u8..6, "[a-z ]{1,12}"), 0..12)
}

fn play(inc: &mut Incident, edits: &[(u8, String)], start: i64, who: &str) {
    for (i, (kind, text)) in edits.iter().enumerate() {
        let now = t(start + i as i64);
        let edit = match kind {
            0 => note(text),
            1 => Edit::SetText(TextField::Title, text.clone()),
            2 => Edit::AddItem(ListKind::Links),
            3 => match inc.channels.links.first() {
                Some(link) => Edit::SetText(TextField::LinkLabel(link.id), text.clone()),
                None => note(text),
            },
            4 => match inc.channels.links.last() {
                Some(link) => Edit::RemoveItem(ListKind::Links, link.id),
                None => note(text),
            },
            _ => match inc.timeline.entries.first() {
                Some(e) => Edit::ReviseEntry {
                    id: e.id,
                    text: Some(text.clone()),
                    at: None,
                },
                None => note(text),
            },
        };
        let _ = inc.apply(edit, now, who);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn any_two_copies_merge_the_same_either_way_keeping_every_entry(
        ea in arb_edits(), eb in arb_edits(), offset in 0i64..20,
    ) {
        let start = base();
        let (mut a, mut b) = (start.clone(), start);
        play(&mut a, &ea, 10, "Ana");
        play(&mut b, &eb, 10 + offset, "Bo");
        let ab = merge(&a, &b).unwrap();
        let ba = merge(&b, &a).unwrap();
        prop_assert_eq!(file::to_ron_string(&ab), file::to_ron_string(&ba));
        prop_assert!(ab.problems().is_empty());
        for e in a.timeline.iter().chain(b.timeline.iter()) {
            prop_assert!(ab.timeline.get(e.id).is_some());
        }
        prop_assert_eq!(merge(&ab, &a).unwrap(), ab.clone());
        // It saves and loads as it is.
        prop_assert_eq!(file::from_ron_str(&file::to_ron_string(&ab)).unwrap(), ab);
    }
}
