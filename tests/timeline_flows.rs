//! The timeline panel driven through its widgets: quick log, backdating,
//! mark-now, edits with history, retraction, filters, order and copy.

mod common;
use common::press;
use common::t0;

use std::sync::Arc;

use chrono::TimeDelta;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use incident_console::app::{ConsoleApp, Document};
use incident_console::model::{EntryKind, Incident, ManualClock};

fn harness_with(clock: ManualClock, incident: Option<Incident>) -> Harness<'static, ConsoleApp> {
    let mut h = common::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |_cc| {
            let mut app = ConsoleApp::new(Arc::new(clock), None);
            app.settings.author = "Ana".into();
            if let Some(incident) = incident {
                app.doc = Document::new(incident, None);
            }
            app
        });
    h.run();
    h
}

fn quick_log(h: &mut Harness<'_, ConsoleApp>, text: &str) {
    press(h, Modifiers::COMMAND, Key::L);
    h.get_by_label("Log").type_text(text);
    h.run();
    press(h, Modifiers::NONE, Key::Enter);
}

fn last_entry(h: &Harness<'_, ConsoleApp>) -> incident_console::model::TimelineEntry {
    h.state().incident().timeline.iter().last().unwrap().clone()
}

#[test]
fn backdated_quick_log_keeps_both_times_and_order() {
    let clock = ManualClock::new(t0() + TimeDelta::minutes(20));
    let mut h = harness_with(clock, None);
    quick_log(&mut h, "a: restarted db-3");
    quick_log(&mut h, "@14:05 d: fail over to db-4");
    let entries = &h.state().incident().timeline.entries;
    let backdated = entries.iter().find(|e| e.text == "fail over to db-4").unwrap();
    assert_eq!(backdated.kind, EntryKind::Decision);
    assert_eq!(backdated.at, t0() + TimeDelta::minutes(5));
    assert_eq!(backdated.recorded_at, t0() + TimeDelta::minutes(20));
    // Ordered by event time: the decision at 14:05 comes before the
    // declaration (14:20) and the action logged at 14:20 after it.
    let order: Vec<&str> = entries.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(order[0], "fail over to db-4");
    assert_eq!(order[2], "restarted db-3");
    // The row shows when it was written as well as when it happened.
    h.get_by_label_contains("written 14:20:00 UTC");
}

#[test]
fn mark_now_stamps_the_time_for_text_typed_later() {
    let clock = ManualClock::new(t0());
    let mut h = harness_with(clock.clone(), None);
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::L);
    assert_eq!(h.state().view.marked_at, Some(t0()));
    clock.advance(TimeDelta::minutes(3));
    h.get_by_label("Log")
        .type_text("customer call: checkout broken in FR");
    h.run();
    press(&mut h, Modifiers::NONE, Key::Enter);
    let entry = last_entry(&h);
    assert_eq!(entry.at, t0());
    assert_eq!(entry.recorded_at, t0() + TimeDelta::minutes(3));
    assert_eq!(h.state().view.marked_at, None);
}

#[test]
fn escape_leaves_the_quick_log() {
    let mut h = harness_with(ManualClock::new(t0()), None);
    press(&mut h, Modifiers::COMMAND, Key::L);
    assert!(h.get_by_label("Log").is_focused());
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert!(!h.get_by_label("Log").is_focused());
}

#[test]
fn editing_an_entry_keeps_its_previous_text() {
    let clock = ManualClock::new(t0());
    let mut h = harness_with(clock.clone(), None);
    quick_log(&mut h, "error rate 40%");
    clock.advance(TimeDelta::minutes(2));
    h.get_by_label("Timeline entry: error rate 40%").click();
    h.run();
    let field = h.get_by_label("Entry text");
    field.focus();
    h.run();
    press(&mut h, Modifiers::COMMAND, Key::A);
    h.get_by_label("Entry text").type_text("error rate 100% in EU");
    h.run();
    h.get_by_label("Save change").click();
    h.run();
    let entry = last_entry(&h);
    assert_eq!(entry.text, "error rate 100% in EU");
    assert_eq!(entry.revisions.len(), 1);
    assert_eq!(entry.revisions[0].text, "error rate 40%");
    assert_eq!(entry.revisions[0].replaced_at, t0() + TimeDelta::minutes(2));
    assert_eq!(entry.revisions[0].replaced_by, "Ana");
    h.get_by_label_contains("edited");
    h.get_by_label("Earlier versions");
}

#[test]
fn retracting_strikes_through_but_keeps_the_entry() {
    let mut h = harness_with(ManualClock::new(t0()), None);
    quick_log(&mut h, "db-3 is primary");
    let count = h.state().incident().timeline.len();
    h.get_by_label("Timeline entry: db-3 is primary").click();
    h.run();
    h.get_by_label("Reason").focus();
    h.get_by_label("Reason").type_text("it was db-4");
    h.run();
    h.get_by_label("Retract").click();
    h.run();
    let entry = last_entry(&h);
    assert_eq!(h.state().incident().timeline.len(), count);
    assert_eq!(entry.retracted.as_ref().unwrap().reason, "it was db-4");
    h.get_by_label("RETRACTED");
}

fn big_incident(n: usize) -> Incident {
    let mut incident = Incident::declare(t0(), "Ana");
    let kinds = EntryKind::ALL;
    for i in 0..n {
        let at = t0() + TimeDelta::seconds(i as i64);
        let text = format!(
            "entry {i}: {}",
            if i % 10 == 0 {
                "rolled back checkout-api"
            } else {
                "checked dashboards"
            }
        );
        incident
            .timeline
            .add(at, at, ["Ana", "Bo", "Cy"][i % 3], kinds[i % kinds.len()], text);
    }
    incident
}

#[test]
fn filter_order_and_copy_work_on_the_shown_entries() {
    let mut h = harness_with(
        ManualClock::new(t0() + TimeDelta::hours(1)),
        Some(big_incident(50)),
    );
    press(&mut h, Modifiers::COMMAND, Key::F);
    assert!(h.get_by_label("Filter").is_focused());
    h.get_by_label("Filter").type_text("rolled back");
    h.run();
    let generation = h.state().doc.timeline_generation();
    let app = h.state_mut();
    let shown = app.view.timeline.rows(&app.doc.incident, generation).len();
    assert_eq!(shown, 5);
    h.get_by_label_contains("5 of 51 entries");
    // Oldest first puts entry 0 at the top.
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::O);
    assert!(!h.state().view.timeline.newest_first);
    let tops: Vec<f32> = [
        "entry 0: rolled back checkout-api",
        "entry 40: rolled back checkout-api",
    ]
    .iter()
    .map(|text| h.get_by_label(&format!("Timeline entry: {text}")).rect().top())
    .collect();
    assert!(tops[0] < tops[1]);
    // Copy as Markdown copies exactly the shown entries.
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::C);
    let notice = h.state().notice.clone().unwrap();
    assert_eq!(notice.text, "Copied 7 lines of timeline to the clipboard");
    let generation = h.state().doc.timeline_generation();
    let app = h.state_mut();
    let markdown = app.view.timeline.export(
        &app.doc.incident,
        generation,
        incident_console::model::ExportFormat::Markdown,
    );
    assert!(markdown.starts_with("| Time | T+ | Kind | Author | Entry |"));
    assert_eq!(markdown.matches("rolled back").count(), 5);
}

#[test]
fn only_visible_rows_are_laid_out_with_100000_entries() {
    let mut h = harness_with(
        ManualClock::new(t0() + TimeDelta::days(2)),
        Some(big_incident(100_000)),
    );
    h.run();
    let rows = h
        .query_all_by(|node| node.label().is_some_and(|l| l.starts_with("Timeline entry: ")))
        .count();
    assert!(rows > 5 && rows < 60, "{rows} rows in the tree");
    // Newest first: the last entry is on screen.
    h.get_by_label("Timeline entry: entry 99999: checked dashboards");
}

/// A big timeline, by keys: Ctrl+F and typing filters it (on a worker, so no
/// frame waits), the rows come in, and a note logged with Ctrl+L and Enter
/// is matched at once, without matching the timeline again.
#[test]
fn a_big_timeline_filters_by_keys_and_keeps_up_with_new_entries() {
    let mut incident = Incident::declare(t0(), "Ana");
    for i in 0..6_000 {
        let text = if i % 3 == 0 {
            "db-3 latency up"
        } else {
            "checkout fine"
        };
        incident
            .timeline
            .add(t0() + TimeDelta::seconds(i), t0(), "Bo", EntryKind::Note, text);
    }
    let mut h = harness_with(ManualClock::new(t0() + TimeDelta::hours(3)), Some(incident));
    press(&mut h, Modifiers::COMMAND, Key::F);
    common::typ(&mut h, "db-3");
    let wait_for_rows = |h: &mut Harness<'_, ConsoleApp>| {
        for _ in 0..2_000 {
            if !h.state().view.timeline.filtering() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
            h.run();
        }
        assert!(!h.state().view.timeline.filtering(), "the filter worker finished");
        h.run();
    };
    wait_for_rows(&mut h);
    h.get_by_label("2000 of 6001 entries");

    quick_log(&mut h, "db-3 failed over to the replica");
    assert_eq!(last_entry(&h).text, "db-3 failed over to the replica");
    assert!(
        !h.state().view.timeline.filtering(),
        "a new entry needs no worker"
    );
    h.get_by_label("2001 of 6002 entries");

    // Clearing the filter by keys (Ctrl+F, Ctrl+A, Backspace) lists everything.
    press(&mut h, Modifiers::COMMAND, Key::F);
    press(&mut h, Modifiers::COMMAND, Key::A);
    press(&mut h, Modifiers::NONE, Key::Backspace);
    wait_for_rows(&mut h);
    h.get_by_label("6002 entries");
}

/// The author filter by keys: the menu lists who wrote, picks one, and
/// after someone new writes it lists them too (its list is kept per change).
#[test]
fn the_author_menu_lists_new_authors_and_filters_by_keys() {
    use common::{ctrl, focused, key, tab_to};
    let mut h = harness_with(ManualClock::new(t0()), None);
    quick_log(&mut h, "Ana was here");
    h.state_mut().settings.author = "Bea".into();
    quick_log(&mut h, "Bea was here");
    let pick = |h: &mut Harness<'_, ConsoleApp>, name: &str| {
        ctrl(h, Key::F);
        tab_to(h, "All authors");
        key(h, Key::Enter);
        tab_to(h, name);
        key(h, Key::Enter);
    };
    pick(&mut h, "Bea");
    assert_eq!(h.state().view.timeline.filter.author.as_deref(), Some("Bea"));
    assert_eq!(
        focused(&h).as_deref(),
        Some("Bea"),
        "the menu's button, now named Bea"
    );
    // Someone new writes: the menu lists them.
    h.state_mut().view.timeline.filter.author = None;
    h.state_mut().settings.author = "Cy".into();
    quick_log(&mut h, "Cy was here");
    pick(&mut h, "Cy");
    assert_eq!(h.state().view.timeline.filter.author.as_deref(), Some("Cy"));
}
