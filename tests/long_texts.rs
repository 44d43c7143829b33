//! Long texts: a field holding megabytes must not freeze the console. It
//! shows the start of the text (at most `SHOWN_CHARS` characters are laid
//! out), offers the rest ("Show all", "Edit all"), and never cuts the record.
//! No timings are asserted: what is checked is how much text reaches the
//! screen (the accessibility tree holds every label and editor value laid out).

mod common;
use common::{click, console_at, t0};

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use incident_console::app::{ConsoleApp, Document};
use incident_console::file;
use incident_console::model::{
    Audience, EntryKind, Incident, ManualClock, Message, MessageChannel, Phase, Stage, Task, TaskState,
};
use incident_console::ui::long_text::SHOWN_CHARS;

/// About `bytes` of text in lines with 2- and 3-byte characters, so that cuts land next
/// to multi-byte characters.
fn big_text(bytes: usize) -> String {
    let line = "Checkout fails for EU customers: é ü ß € — the payment page spins\n";
    let mut text = String::with_capacity(bytes + line.len());
    while text.len() < bytes {
        text.push_str(line);
    }
    text
}

/// One huge line: no newline to split on.
fn one_long_line(chars: usize) -> String {
    "ü".repeat(chars)
}

/// The longest label or value anywhere on screen, in characters.
fn longest_text_on_screen(h: &Harness<'_, ConsoleApp>) -> usize {
    h.query_all_by(|_| true)
        .map(|node| {
            let node = node.accesskit_node();
            let label = node.label().map_or(0, |l| l.chars().count());
            let value = node.value().map_or(0, |v| v.chars().count());
            label.max(value)
        })
        .max()
        .unwrap_or(0)
}

/// Some label or value on screen starts with `start`.
fn shown_starting_with(h: &Harness<'_, ConsoleApp>, start: &str) -> bool {
    h.query_all_by(|_| true).any(|node| {
        let node = node.accesskit_node();
        node.label().is_some_and(|l| l.starts_with(start))
            || node.value().is_some_and(|v| v.starts_with(start))
    })
}

/// The limit plus the ellipsis and a short prefix ("Timeline entry: ").
const MOST_ON_SCREEN: usize = SHOWN_CHARS + 40;

fn console_with(incident: Incident, phase: Phase, read_only: bool) -> Harness<'static, ConsoleApp> {
    let mut h = console_at(ManualClock::new(t0()));
    let mut doc = Document::new(incident, None);
    doc.read_only = read_only;
    h.state_mut().doc = doc;
    h.state_mut().view.selected = phase;
    h.run();
    h
}

#[test]
fn a_100_mb_summary_shows_its_start_and_offers_the_rest() {
    let mut incident = Incident::declare(t0(), "Ana");
    incident.summary = big_text(100_000_000);
    let chars = incident.summary.chars().count();
    let expected = incident.clone();
    let mut h = console_with(incident, Phase::Detect, false);
    h.run();

    let longest = longest_text_on_screen(&h);
    assert!(longest <= MOST_ON_SCREEN, "{longest} characters laid out");
    assert!(
        shown_starting_with(&h, &expected.summary[..200]),
        "the start is shown"
    );
    h.get_by_label(&format!("Show all ({chars} characters)"));
    h.get_by_label("Edit all");
    h.get_by_label_contains(&format!("The first {SHOWN_CHARS} of {chars} characters"));

    // The whole text, a screenful of rows at a time.
    click(&mut h, &format!("Show all ({chars} characters)"));
    h.run();
    let longest = longest_text_on_screen(&h);
    assert!(longest <= MOST_ON_SCREEN, "{longest} characters laid out");
    let first_line = expected.summary.lines().next().unwrap();
    assert!(
        h.query_all_by_label(first_line).count() >= 1,
        "rows of the whole text"
    );
    click(&mut h, "Show less");
    h.get_by_label(&format!("Show all ({chars} characters)"));

    // Nothing of it was changed or cut.
    assert!(!h.state().doc.is_dirty());
    assert!(h.state().incident() == &expected);
}

/// Each of these fields, given 1 MB, is shown by its start in its panel.
#[test]
fn every_kind_of_long_field_is_shown_by_its_start() {
    type Fill = fn(&mut Incident, String);
    let fields: [(&str, Phase, Fill); 10] = [
        ("title", Phase::Detect, |i, t| i.title = t),
        ("summary (one line)", Phase::Detect, |i, t| i.summary = t),
        ("affected service", Phase::Detect, |i, t| {
            i.detection.affected_services.push(t.into())
        }),
        ("room topic", Phase::Channels, |i, t| i.channels.room_topic = t),
        ("what customers see", Phase::Assess, |i, t| {
            i.assessment.what_customers_see = t
        }),
        ("draft message", Phase::Communicate, |i, t| {
            i.communications.messages.push(Message {
                id: incident_console::model::ItemId::fresh(),
                audience: Audience::Customers,
                stage: Stage::Investigating,
                channel: MessageChannel::StatusPage,
                language: None,
                text: t,
                drafted_at: t0(),
                sent_at: None,
                sent_by: String::new(),
            })
        }),
        ("task text", Phase::Delegate, |i, t| {
            i.delegation.tasks.push(Task {
                id: incident_console::model::ItemId::fresh(),
                owner: "Bo".into(),
                text: t,
                created_at: t0(),
                due_at: None,
                state: TaskState::Open,
            })
        }),
        ("resolution summary", Phase::Resolve, |i, t| {
            i.resolution.summary = t
        }),
        ("root cause", Phase::Lessons, |i, t| i.postmortem.root_cause = t),
        ("five whys", Phase::Lessons, |i, t| {
            i.postmortem.five_whys.push(t.into())
        }),
    ];
    for (name, phase, fill) in fields {
        for text in [big_text(1_000_000), one_long_line(400_000)] {
            let mut incident = Incident::declare(t0(), "Ana");
            let chars = text.chars().count();
            // What fits in one row of the whole-text view too.
            let start: String = text.lines().next().unwrap().chars().take(40).collect();
            fill(&mut incident, text);
            let expected = incident.clone();
            for read_only in [false, true] {
                let mut h = console_with(expected.clone(), phase, read_only);
                h.run();
                let longest = longest_text_on_screen(&h);
                assert!(
                    longest <= MOST_ON_SCREEN,
                    "{name}, review {read_only}: {longest} characters laid out"
                );
                assert!(
                    shown_starting_with(&h, &start),
                    "{name}, review {read_only}: its start is shown"
                );
                if read_only {
                    // Review mode disables buttons: the whole text is shown, row by row.
                    h.get_by_label_contains(&format!("All {chars} characters"));
                } else {
                    h.get_by_label(&format!("Show all ({chars} characters)"));
                    h.get_by_label("Edit all");
                }
                assert!(h.state().incident() == &expected, "{name}: unchanged");
            }
        }
    }
}

#[test]
fn a_long_timeline_entry_is_short_in_its_row_and_its_detail() {
    let text = big_text(2_000_000);
    let chars = text.chars().count();
    let mut incident = Incident::declare(t0(), "Ana");
    let id = incident
        .timeline
        .add(t0(), t0(), &"Bo".repeat(100_000), EntryKind::Note, text.clone());
    let expected = incident.clone();
    for read_only in [false, true] {
        let mut h = console_with(expected.clone(), Phase::Detect, read_only);
        let longest = longest_text_on_screen(&h);
        assert!(longest <= MOST_ON_SCREEN, "rows: {longest} characters laid out");
        h.state_mut().view.timeline.selected = Some(id);
        h.run();
        h.run();
        let longest = longest_text_on_screen(&h);
        assert!(longest <= MOST_ON_SCREEN, "detail: {longest} characters laid out");
        // The timeline stays usable in review mode: "Show all" works there.
        h.get_by_label(&format!("Show all ({chars} characters)"));
        assert!(h.state().incident() == &expected);
    }
}

#[test]
fn edit_all_opens_the_whole_text_and_keeps_it_whole() {
    let mut incident = Incident::declare(t0(), "Ana");
    let original = big_text(30_000);
    incident.summary = original.clone();
    let mut h = console_with(incident, Phase::Detect, false);
    assert!(longest_text_on_screen(&h) <= MOST_ON_SCREEN);
    click(&mut h, "Edit all");
    h.run();
    // The editor holds the whole text: on request, it may be slow.
    assert!(
        h.query_all_by(|n| n.value().is_some_and(|v| v == original))
            .count()
            == 1,
        "an editor with the whole text"
    );
    let editor = h.get_by(|n| n.value().is_some_and(|v| v == original));
    editor.focus();
    editor.type_text("!");
    h.run();
    let summary = &h.state().incident().summary;
    assert_eq!(summary.len(), original.len() + 1, "typed into the whole text");
    assert_eq!(summary.replacen('!', "", 1), original, "nothing was cut");
    click(&mut h, "Done editing");
    assert!(longest_text_on_screen(&h) <= MOST_ON_SCREEN);
    h.get_by_label("Edit all");
}

#[test]
fn saving_and_loading_keeps_long_texts_whole() {
    let mut incident = Incident::declare(t0(), "Ana");
    incident.summary = big_text(12_000_000);
    incident.title = one_long_line(1_000_000);
    incident.postmortem.lessons_learned = big_text(1_000_000);
    incident
        .timeline
        .add(t0(), t0(), "Ana", EntryKind::Note, one_long_line(1_500_000));
    let text = file::to_ron_string(&incident);
    let loaded = file::from_ron_str(&text).expect("loads");
    assert!(loaded == incident, "every text comes back whole");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.ron");
    file::save(&path, &incident).unwrap();
    assert!(file::load(&path).unwrap() == incident);
}

#[test]
fn long_security_fields_are_shown_by_their_start() {
    use incident_console::model::security::Notification;
    use incident_console::model::{Edit, EntryKind, Evidence};
    // An evidence item (as a file could hold it) with one field changed.
    let item = |i: &mut Incident, f: &dyn Fn(&mut Evidence)| {
        let mut e = Evidence {
            path: "/cases/a.bin".into(),
            size: 1,
            sha256: "0".repeat(64),
            what: "image".into(),
            collected_by: "Bo".into(),
            collected_at: t0(),
            handed_to: String::new(),
            follows: None,
        };
        f(&mut e);
        let id = i.timeline.add(t0(), t0(), "Bo", EntryKind::Evidence, "Evidence");
        i.timeline.get_mut(id).unwrap().evidence = Some(e);
    };
    type Fill = Box<dyn Fn(&mut Incident, String)>;
    let fields: Vec<(&str, Phase, Fill)> = vec![
        (
            "incident type",
            Phase::Detect,
            Box::new(|i, t| i.incident_type = t),
        ),
        (
            "evidence what",
            Phase::Resolve,
            Box::new(move |i, t| item(i, &|e| e.what = t.clone())),
        ),
        (
            "evidence path",
            Phase::Resolve,
            Box::new(move |i, t| item(i, &|e| e.path = t.clone())),
        ),
        (
            "evidence hash",
            Phase::Resolve,
            Box::new(move |i, t| item(i, &|e| e.sha256 = t.clone())),
        ),
        (
            "evidence collector",
            Phase::Resolve,
            Box::new(move |i, t| item(i, &|e| e.collected_by = t.clone())),
        ),
        (
            "evidence holder",
            Phase::Resolve,
            Box::new(move |i, t| item(i, &|e| e.handed_to = t.clone())),
        ),
        (
            "milestone by",
            Phase::Resolve,
            Box::new(|i, t| {
                i.security.contained_at = Some(t0());
                i.security.contained_by = t;
            }),
        ),
        (
            "notice recipient",
            Phase::Communicate,
            Box::new(|i, t| {
                i.security.rules.push("gdpr-art33".into());
                i.security.notifications.push(Notification {
                    deadline: "gdpr-art33/authority".into(),
                    sent_at: t0(),
                    sent_by: t.clone(),
                    to: t.clone(),
                    reference: t,
                });
            }),
        ),
        (
            "attack vector",
            Phase::Lessons,
            Box::new(|i, t| i.postmortem.attack_vector = t),
        ),
    ];
    for (name, phase, fill) in fields {
        let text = one_long_line(400_000);
        let mut incident = Incident::declare(t0(), "Ana");
        incident
            .apply(Edit::SetIncidentType("personal-data-breach".into()), t0(), "Ana")
            .unwrap();
        fill(&mut incident, text);
        let expected = incident.clone();
        for read_only in [false, true] {
            let mut h = console_with(expected.clone(), phase, read_only);
            h.run();
            let longest = longest_text_on_screen(&h);
            assert!(
                longest <= MOST_ON_SCREEN,
                "{name}, review {read_only}: {longest} characters laid out"
            );
            assert!(h.state().incident() == &expected, "{name}: unchanged");
        }
    }
}
