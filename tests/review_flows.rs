//! Reviewer mode, the dashboard, the postmortem export, and the command
//! line's report and import, against the example incident.

mod common;
use common::EXAMPLE;
use common::settle_io;

use std::path::{Path, PathBuf};
use std::process::Command as Process;
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use incident_console::action::Action;
use incident_console::app::ConsoleApp;
use incident_console::model::{Edit, ManualClock, TextField};
use incident_console::ui::state::Dialog;

fn copy_example(dir: &Path) -> PathBuf {
    let path = dir.join("incident.ron");
    std::fs::copy(EXAMPLE, &path).unwrap();
    path
}

fn console(recovery: &Path) -> Harness<'static, ConsoleApp> {
    let recovery = recovery.to_path_buf();
    let mut h = common::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |_cc| {
            let clock = ManualClock::new(Utc.with_ymd_and_hms(2026, 3, 20, 9, 0, 0).unwrap());
            let mut app = ConsoleApp::new(Arc::new(clock), None).with_recovery(recovery);
            app.settings.author = "Reviewer".into();
            app
        });
    h.run();
    h
}

fn open_for_review(h: &mut Harness<'_, ConsoleApp>, path: &Path) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::R);
    h.run();
    assert!(matches!(
        h.state().view.dialog,
        Some(Dialog::Open { review: true, .. })
    ));
    h.get_by_label("File path").focus();
    h.get_by_label("File path").type_text(path.to_str().unwrap());
    h.run();
    h.key_press(Key::Enter);
    settle_io(h);
}

#[test]
fn review_mode_changes_nothing_and_never_writes() {
    let dir = tempfile::tempdir().unwrap();
    let file = copy_example(dir.path());
    let bytes = std::fs::read(&file).unwrap();
    let modified = std::fs::metadata(&file).unwrap().modified().unwrap();
    let mut h = console(&dir.path().join("recovery"));
    open_for_review(&mut h, &file);
    assert!(h.state().doc.read_only);
    assert!(h.state().title().starts_with("REVIEW"));
    h.get_by_label("REVIEW");
    let before = h.state().incident().clone();

    // Every way of changing it is refused.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num1);
    h.run();
    let title = h.get_by_label("Title");
    title.focus();
    title.type_text(" edited");
    h.run();
    for (modifiers, key) in [
        (Modifiers::COMMAND, Key::L),
        (Modifiers::COMMAND, Key::S),
        (Modifiers::COMMAND, Key::E),
        (Modifiers::COMMAND | Modifiers::SHIFT, Key::R),
    ] {
        h.key_press_modifiers(modifiers, key);
        h.run();
    }
    let ctx = h.ctx.clone();
    h.state_mut().apply(
        &ctx,
        Action::Edit(Edit::SetText(TextField::Title, "changed".into())),
    );
    h.state_mut().apply(&ctx, Action::QuickLog("d: sneaky".into()));
    h.run();
    assert!(
        h.state()
            .notice
            .as_ref()
            .unwrap()
            .text
            .starts_with("Review mode is read-only")
    );
    assert!(h.query_by_label("Log").is_none(), "no log line in review mode");
    assert_eq!(h.state().incident(), &before);
    assert!(!h.state().doc.is_dirty());
    // Autosave is never written for a file under review.
    let app = h.state_mut();
    assert!(
        app.safety
            .tick(
                &app.doc,
                std::time::Instant::now() + std::time::Duration::from_secs(5)
            )
            .is_none()
    );
    assert!(!h.state().safety.recovery_file().unwrap().exists());
    drop(h);
    assert_eq!(std::fs::read(&file).unwrap(), bytes);
    assert_eq!(std::fs::metadata(&file).unwrap().modified().unwrap(), modified);
}

#[test]
fn edit_a_copy_is_the_only_way_to_edit() {
    let dir = tempfile::tempdir().unwrap();
    let file = copy_example(dir.path());
    let bytes = std::fs::read(&file).unwrap();
    let mut h = console(&dir.path().join("recovery"));
    open_for_review(&mut h, &file);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::E);
    h.run();
    let Some(Dialog::SaveAs { path }) = h.state().view.dialog.clone() else {
        panic!("Save as is asked")
    };
    assert!(path.ends_with("incident-copy.ron"), "{path}");
    h.get_by_label("File path").focus();
    h.run();
    h.key_press(Key::Enter);
    settle_io(&mut h);
    assert!(!h.state().doc.read_only);
    assert_eq!(
        h.state().doc.path.as_deref(),
        Some(dir.path().join("incident-copy.ron").as_path())
    );
    assert_eq!(
        std::fs::read(&file).unwrap(),
        bytes,
        "the reviewed file is untouched"
    );
}

#[test]
fn dashboard_shows_metrics_with_their_moments_and_links_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let file = copy_example(dir.path());
    let mut h = console(&dir.path().join("recovery"));
    open_for_review(&mut h, &file);
    assert!(h.state().view.show_review, "review opens on the dashboard");
    h.get_by_label("Time to detect");
    h.get_by_label("4 min 48 s");
    h.get_by_label("fault started at 2026-03-17 14:04:12 UTC");
    assert!(
        h.query_all_by_label("detected at 2026-03-17 14:09:00 UTC")
            .count()
            >= 2
    );
    h.get_by_label_contains("CADENCE MISSED");
    h.get_by_label("https://meet.larkspur.example/inc-2026-0142");
    assert!(
        h.query_all_by_label("Open").count() >= 3,
        "every link has its own Open button"
    );
    // Back to a phase and to the dashboard by keyboard.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num3);
    h.run();
    assert!(!h.state().view.show_review);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num9);
    h.run();
    assert!(h.state().view.show_review);
}

#[test]
fn the_command_line_report_equals_the_window_export() {
    let dir = tempfile::tempdir().unwrap();
    let file = copy_example(dir.path());
    let mut h = console(&dir.path().join("recovery"));
    open_for_review(&mut h, &file);
    let gui = dir.path().join("gui.md");
    let ctx = h.ctx.clone();
    h.state_mut().apply(&ctx, Action::ExportReportTo(gui.clone()));
    settle_io(&mut h);
    let cli = dir.path().join("cli.md");
    let status = Process::new(env!("CARGO_BIN_EXE_incident-console"))
        .args(["report", file.to_str().unwrap(), "-o", cli.to_str().unwrap()])
        .status()
        .unwrap();
    assert!(status.success());
    let gui = std::fs::read(gui).unwrap();
    assert!(!gui.is_empty());
    assert_eq!(gui, std::fs::read(cli).unwrap(), "byte-identical");
    let json = Process::new(env!("CARGO_BIN_EXE_incident-console"))
        .args(["report", file.to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    assert!(json.status.success());
    let text = String::from_utf8(json.stdout).unwrap();
    assert!(
        text.contains("\"format\": \"incident-console-report\""),
        "{text:.200}"
    );
    assert!(text.contains("\"time_to_detect\""));
}

#[test]
fn command_line_import_is_all_or_nothing_and_never_twice() {
    let dir = tempfile::tempdir().unwrap();
    let file = copy_example(dir.path());
    let run = |args: &[&str]| {
        Process::new(env!("CARGO_BIN_EXE_incident-console"))
            .arg("import")
            .arg(&file)
            .args(args)
            .output()
            .unwrap()
    };
    let alerts = "tests/fixtures/import/alertmanager.json";
    let first = run(&["--alertmanager", alerts]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let after_first = incident_console::file::load(&file).unwrap();
    let again = run(&["--alertmanager", alerts]);
    assert!(again.status.success());
    let after_again = incident_console::file::load(&file).unwrap();
    let imported = |i: &incident_console::model::Incident| {
        i.timeline
            .iter()
            .filter(|e| e.kind == incident_console::model::EntryKind::Alert)
            .count()
    };
    assert_eq!(
        imported(&after_again),
        imported(&after_first),
        "nothing added twice"
    );
    assert!(String::from_utf8_lossy(&again.stdout).contains("Imported 0 entries"));
    // A broken source: nothing is written, and the error names the file.
    let bytes = std::fs::read(&file).unwrap();
    let broken = run(&[
        "--alertmanager",
        alerts,
        "--alerts-csv",
        "tests/fixtures/import/broken/unclosed-quote.csv",
    ]);
    assert!(!broken.status.success());
    let stderr = String::from_utf8_lossy(&broken.stderr);
    assert!(
        stderr.contains("unclosed-quote.csv") && stderr.contains("nothing was changed"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&file).unwrap(), bytes);
}
