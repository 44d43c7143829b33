//! Pictures of every panel with the example incident loaded, rendered on the
//! CPU (wgpu over Mesa's llvmpipe). `UPDATE_SNAPSHOTS=1 cargo test` rewrites them.

mod common;
use common::EXAMPLE;

use std::path::Path;
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use egui_kittest::Harness;
use incident_console::action::PendingAction;
use incident_console::app::{ConsoleApp, Document};
use incident_console::command::Command;
use incident_console::model::{ManualClock, Phase};
use incident_console::ui::state::Dialog;

/// Snapshots need a wgpu adapter; a machine without one skips them, saying
/// so, unless `REQUIRE_SNAPSHOTS` is set (CI sets it): then a skip is a failure,
/// so a run with no picture rendered never counts as passed.
fn renderer_available() -> bool {
    let ok = std::panic::catch_unwind(egui_kittest::wgpu::WgpuTestRenderer::new).is_ok();
    if !ok {
        assert!(
            std::env::var_os("REQUIRE_SNAPSHOTS").is_none(),
            "REQUIRE_SNAPSHOTS is set but this machine has no wgpu adapter: no snapshot was rendered"
        );
        eprintln!("skipping snapshots: no wgpu adapter on this machine");
    }
    ok
}

fn example_console() -> Harness<'static, ConsoleApp> {
    example_console_as(egui::vec2(1280.0, 800.0), 1.0, true)
}

/// The example incident in a window of `size` (points), zoomed, in a theme.
fn example_console_as(size: egui::Vec2, zoom: f32, dark: bool) -> Harness<'static, ConsoleApp> {
    // Just after the example incident was closed.
    let clock = ManualClock::new(Utc.with_ymd_and_hms(2026, 3, 17, 16, 58, 10).unwrap());
    let incident = incident_console::file::load(Path::new(EXAMPLE)).expect("example loads");
    let mut h = common::builder().with_size(size).build_eframe(move |_cc| {
        let mut app = ConsoleApp::new(Arc::new(clock), None);
        app.settings.author = "Ana Lima".into();
        app.settings.zoom = zoom;
        app.settings.dark_theme = dark;
        app.doc = Document::new(incident, Some(EXAMPLE.into()));
        app
    });
    steady(&mut h);
    h
}

/// The focused field's cursor blinks with the wall clock: pictures would
/// differ run to run. A steady cursor is still drawn, so focus shows.
fn steady(h: &mut Harness<'_, ConsoleApp>) {
    h.run();
    h.ctx.all_styles_mut(|s| s.visuals.text_cursor.blink = false);
    h.run();
}

/// Every panel where a war-room laptop squeezes it: 1024x700, 1280x720 at
/// zoom 1.5 (853x480 points, the timeline folds away), and the light theme.
#[test]
fn snapshot_of_each_panel_small_zoomed_and_light() {
    if !renderer_available() {
        return;
    }
    let mut results = egui_kittest::SnapshotResults::new();
    for (name, size, zoom, dark) in [
        ("small", egui::vec2(1024.0, 700.0), 1.0, true),
        // Points: the 1280x720 screen divided by the zoom.
        ("zoomed", egui::vec2(1280.0 / 1.5, 720.0 / 1.5), 1.5, true),
        ("light", egui::vec2(1280.0, 800.0), 1.0, false),
    ] {
        let mut h = example_console_as(size, zoom, dark);
        for phase in Phase::ALL {
            h.state_mut().view.selected = phase;
            h.run();
            h.snapshot(format!(
                "{name}_panel_{}_{}",
                phase.number(),
                phase.short_name().to_lowercase()
            ));
        }
        h.state_mut().view.show_review = true;
        h.run();
        h.snapshot(format!("{name}_review"));
        h.state_mut().view.show_review = false;
        h.state_mut().view.selected = Phase::Assess;
        let ctx = h.ctx.clone();
        h.state_mut().apply(
            &ctx,
            incident_console::action::Action::Command(Command::SeverityWizard),
        );
        h.run();
        h.snapshot(format!("{name}_severity_wizard"));
        results.extend_harness(&mut h);
    }
}

#[test]
fn snapshot_of_each_phase_panel() {
    if !renderer_available() {
        return;
    }
    let mut h = example_console();
    for phase in Phase::ALL {
        h.state_mut().view.selected = phase;
        h.run();
        h.snapshot(format!(
            "panel_{}_{}",
            phase.number(),
            phase.short_name().to_lowercase()
        ));
    }
}

#[test]
fn snapshot_of_the_review_dashboard() {
    if !renderer_available() {
        return;
    }
    let mut h = example_console();
    h.state_mut().doc.read_only = true;
    h.state_mut().view.show_review = true;
    h.run();
    h.snapshot("review_dashboard");
}

#[test]
fn snapshot_of_timeline_entry_detail_and_filter() {
    if !renderer_available() {
        return;
    }
    let mut h = example_console();
    // Entry 12 of the example was edited: its detail shows the earlier version.
    let edited = h
        .state()
        .incident()
        .timeline
        .iter()
        .find(|e| e.text.starts_with("EU checkout error rate is 100%"))
        .map(|e| e.id);
    h.state_mut().view.timeline.selected = edited;
    h.state_mut().view.selected = Phase::Escalate;
    h.run();
    h.snapshot("timeline_entry_detail");
    h.state_mut().view.timeline.selected = None;
    h.state_mut().view.timeline.filter.text = "checkout".into();
    h.state_mut()
        .view
        .timeline
        .filter
        .hidden_kinds
        .insert(incident_console::model::EntryKind::Comms);
    h.run();
    h.snapshot("timeline_filtered");
}

#[test]
fn snapshot_of_new_incident_and_dialogs() {
    if !renderer_available() {
        return;
    }
    let clock = ManualClock::new(Utc.with_ymd_and_hms(2026, 11, 25, 14, 2, 5).unwrap());
    let mut h = common::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |_cc| {
            let mut app = ConsoleApp::new(Arc::new(clock), None);
            app.settings.author = "Ana Lima".into();
            app.apply(
                &egui::Context::default(),
                incident_console::action::Action::Command(Command::NewIncident),
            );
            app
        });
    steady(&mut h);
    h.snapshot("new_incident");
    h.state_mut().settings.dark_theme = false;
    h.run();
    h.snapshot("new_incident_light_theme");
    h.state_mut().settings.dark_theme = true;
    h.run();
    h.state_mut().view.dialog = Some(Dialog::UnsavedChanges(PendingAction::Quit));
    h.run();
    h.snapshot("dialog_unsaved_changes");
    // Saving onto a file that holds another incident: asked, naming it.
    h.state_mut().view.dialog = Some(Dialog::Overwrite(Box::new(
        incident_console::ui::state::OverwriteQuestion {
            path: "/home/ana/incidents/inc-2026-0001.ron".into(),
            question:
                "/home/ana/incidents/inc-2026-0001.ron already exists and is not this incident's file. \
                   It holds incident INC-2026-0001 \u{201c}Checkout fails for EU customers\u{201d}."
                    .into(),
            version: None,
            purpose: incident_console::action::WritePurpose::Save { then: None },
        },
    )));
    h.run();
    h.snapshot("dialog_overwrite");
    h.state_mut().view.dialog = Some(Dialog::Shortcuts);
    h.run();
    h.snapshot("dialog_shortcuts");
    h.state_mut().view.dialog = Some(Dialog::SeverityWizard(Default::default()));
    h.run();
    h.snapshot("severity_wizard_first_question");
    h.state_mut().view.dialog = None;
    h.run();
    // Answer with the keyboard, as a commander would, up to the suggestion.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    h.run();
    for key in [
        egui::Key::Num3,
        egui::Key::Enter,
        egui::Key::Enter,
        egui::Key::Num3,
    ] {
        h.key_press(key);
        h.run();
    }
    for _ in 0..4 {
        h.key_press(egui::Key::Enter);
        h.run();
    }
    h.snapshot("severity_wizard_suggestion");
}

/// The breach example at `now`, on `phase`.
fn breach_console(now: chrono::DateTime<Utc>, phase: Phase, unsent: bool) -> Harness<'static, ConsoleApp> {
    let clock = ManualClock::new(now);
    let mut incident = common::breach::breach_example();
    if unsent {
        // As it stood before any notice went out: the clocks run.
        incident.security.notifications.clear();
    }
    let mut h = common::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |_cc| {
            let mut app = ConsoleApp::new(Arc::new(clock), None);
            app.settings.author = "Giulia Russo".into();
            app.doc = Document::new(incident, Some(common::breach::BREACH_EXAMPLE.into()));
            app.view.selected = phase;
            // A picture of the panel from its top, no field taking the view.
            app.view.focus_panel = false;
            app
        });
    steady(&mut h);
    h
}

#[test]
fn snapshot_of_the_security_panels() {
    if !renderer_available() {
        return;
    }
    let mut results = egui_kittest::SnapshotResults::new();
    // 20 h 30 min after becoming aware: the NIS2 early warning is SOON.
    let live = common::breach::b(45 + 20 * 60 + 30);
    let mut h = breach_console(live, Phase::Communicate, true);
    h.snapshot("security_notification_clocks");
    results.extend_harness(&mut h);
    let mut h = breach_console(live, Phase::Resolve, true);
    egui_kittest::kittest::Queryable::get_by_label(&h, "Became aware at").scroll_to_me();
    h.run();
    h.snapshot("security_lifecycle");
    egui_kittest::kittest::Queryable::get_by_label(&h, "Evidence file").scroll_to_me();
    h.run();
    h.snapshot("security_evidence_log");
    results.extend_harness(&mut h);
    // Two days on, every notice but the final report sent.
    let mut h = breach_console(common::breach::b(60 * 58), Phase::Assess, false);
    h.snapshot("security_assess_and_header");
    results.extend_harness(&mut h);
}

/// Frames on both consoles until `done` holds (sharing happens on other threads).
fn pump_both(
    a: &mut Harness<'static, ConsoleApp>,
    b: &mut Harness<'static, ConsoleApp>,
    what: &str,
    done: impl Fn(&ConsoleApp, &ConsoleApp) -> bool,
) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !done(a.state(), b.state()) {
        assert!(
            std::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        a.step();
        b.step();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    a.run();
    b.run();
}

/// Sharing: the Share form, the link once shared, the Join dialog, and the
/// header of a console that joined, connected and then offline.
#[test]
fn snapshot_of_sharing() {
    use incident_console::sync::net::{DocumentId, Plan, parse_address};
    if !renderer_available() {
        return;
    }
    let mut ana = example_console();
    ana.state_mut().doc.replica = Some(incident_console::sync::Replica::new(ana.state().incident()));
    let ctx = ana.ctx.clone();
    ana.state_mut().apply(
        &ctx,
        incident_console::action::Action::Command(Command::ShareIncident),
    );
    steady(&mut ana);
    ana.snapshot("share_dialog_form");

    // The same link every run: a fixed document id and port.
    let doc = DocumentId::try_from(vec![7u8; 16]).unwrap();
    let plan = Plan::Host {
        bind: "127.0.0.1:47451".parse().unwrap(),
        advertise: parse_address("127.0.0.1:47451").unwrap(),
    };
    ana.state_mut().start_sharing_as(plan, doc).unwrap();
    let link = ana.state().sharing.as_ref().unwrap().session.link.to_string();

    let clock = ManualClock::new(Utc.with_ymd_and_hms(2026, 3, 17, 16, 58, 10).unwrap());
    let mut bo = common::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |_cc| {
            let mut app = ConsoleApp::new(Arc::new(clock), None);
            app.settings.author = "Bo Okafor".into();
            app
        });
    steady(&mut bo);
    bo.state_mut().view.dialog = Some(Dialog::Join(Box::new(incident_console::ui::state::JoinForm {
        link: link.clone(),
        ..Default::default()
    })));
    bo.run();
    bo.snapshot("share_join_dialog");
    let ctx = bo.ctx.clone();
    bo.state_mut()
        .apply(&ctx, incident_console::action::Action::Join(link));
    pump_both(
        &mut ana,
        &mut bo,
        "Bo to join and both to see each other",
        |a, b| {
            b.sharing
                .as_ref()
                .is_some_and(|s| !s.joining && s.status.names.len() == 2 && s.status.unsent == 0)
                && a.sharing.as_ref().is_some_and(|s| s.status.names.len() == 2)
        },
    );
    ana.snapshot("share_dialog_link");
    bo.snapshot("share_header_connected");
    // Ana stops sharing: Bo is offline, and says what waits to be sent.
    ana.state_mut().stop_sharing();
    bo.state_mut().apply(
        &ctx,
        incident_console::action::Action::QuickLog("db-3 is read-only".into()),
    );
    pump_both(&mut ana, &mut bo, "Bo to see it is offline", |_, b| {
        b.sharing
            .as_ref()
            .is_some_and(|s| s.status.problem.is_some() && s.status.unsent == 1)
    });
    bo.snapshot("share_header_offline");
    let mut results = egui_kittest::SnapshotResults::new();
    results.extend_harness(&mut ana);
    results.extend_harness(&mut bo);
}
