//! Files that are not ours are never replaced without asking: Save, Save as
//! and Export onto another incident, onto a file changed on disk, through
//! other spellings of a path and symlinks, from several consoles, in review
//! mode; and edits made while a file loads are kept. Driven by keys where a
//! commander would use keys.

mod common;
use common::settle_io;
use common::t0;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use incident_console::action::{Action, PendingAction};
use incident_console::app::ConsoleApp;
use incident_console::file;
use incident_console::model::{Incident, ManualClock};
use incident_console::ui::state::Dialog;

/// A console typing as "Ana" whose new files are proposed in `docs`, with
/// autosave and locks in `root` when given.
fn console(docs: &Path, root: Option<&Path>) -> Harness<'static, ConsoleApp> {
    let docs = docs.to_path_buf();
    let root = root.map(Path::to_path_buf);
    let mut h = common::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |_cc| {
            let mut app = ConsoleApp::new(Arc::new(ManualClock::new(t0())), None);
            if let Some(root) = root {
                app = app.with_recovery(root);
            }
            app.settings.author = "Ana".into();
            app.documents_dir = docs;
            app
        });
    h.run();
    h
}

fn keys(h: &mut Harness<'_, ConsoleApp>, modifiers: Modifiers, key: Key) {
    h.key_press_modifiers(modifiers, key);
    // File work in flight keeps a spinner repainting: a few frames, not "settled".
    let _ = h.try_run();
}

/// What a menu item or a dropped file would do.
fn act(h: &mut Harness<'_, ConsoleApp>, action: Action) {
    let ctx = h.ctx.clone();
    h.state_mut().apply(&ctx, action);
}

fn type_text(h: &mut Harness<'_, ConsoleApp>, text: &str) {
    h.event(egui::Event::Text(text.into()));
    let _ = h.try_run();
}

/// Ctrl+L, the note, Enter: the commander's way to log.
fn log_note(h: &mut Harness<'_, ConsoleApp>, text: &str) {
    keys(h, Modifiers::COMMAND, Key::L);
    type_text(h, text);
    keys(h, Modifiers::NONE, Key::Enter);
}

/// In the open path dialog: select what is proposed, type `path`, Enter.
fn replace_path_and_enter(h: &mut Harness<'_, ConsoleApp>, path: &Path) {
    keys(h, Modifiers::COMMAND, Key::A);
    type_text(h, &path.display().to_string());
    keys(h, Modifiers::NONE, Key::Enter);
    settle_io(h);
}

/// On the overwrite question: Tab past Cancel and "Save as another file" to
/// "Replace it", then Space: the answer takes three deliberate keys.
fn replace_by_keys(h: &mut Harness<'_, ConsoleApp>) {
    question(h);
    keys(h, Modifiers::NONE, Key::Tab);
    keys(h, Modifiers::NONE, Key::Tab);
    keys(h, Modifiers::NONE, Key::Space);
    settle_io(h);
}

/// Autosaves what the console holds now and waits until it is on disk.
fn autosave_now(h: &mut Harness<'_, ConsoleApp>) {
    let app = h.state_mut();
    let generation = app.doc.generation();
    app.safety.submit(&app.doc);
    assert!(
        app.safety
            .wait_written(generation, std::time::Duration::from_secs(10))
    );
}

fn finished_incident(path: &Path, title: &str) -> Vec<u8> {
    let mut inc = Incident::declare(t0(), "Bo");
    inc.title = title.into();
    for i in 0..5 {
        inc.timeline.add(
            t0(),
            t0(),
            "Bo",
            incident_console::model::EntryKind::Note,
            format!("note {i}"),
        );
    }
    file::save(path, &inc).unwrap();
    std::fs::read(path).unwrap()
}

fn question(h: &Harness<'_, ConsoleApp>) -> String {
    match &h.state().view.dialog {
        Some(Dialog::Overwrite(q)) => q.question.clone(),
        other => panic!("expected the overwrite question, got {other:?}"),
    }
}

fn timeline_texts(path: &Path) -> Vec<String> {
    file::load(path)
        .unwrap()
        .timeline
        .iter()
        .map(|e| e.text.clone())
        .collect()
}

#[test]
fn a_new_incident_never_proposes_or_takes_an_existing_file_without_asking() {
    let docs = tempfile::tempdir().unwrap();
    let mut h = console(docs.path(), None);
    // Another incident with the same id already lives where the new one is proposed.
    let id = h.state().doc.incident.id.clone();
    let taken = docs.path().join(format!("{}.ron", id.to_lowercase()));
    let before = finished_incident(&taken, "Finished: payments outage");

    // Ctrl+S, Enter: the proposed name is a new one, so nothing is replaced.
    log_note(&mut h, "first look at the dashboards");
    keys(&mut h, Modifiers::COMMAND, Key::S);
    let Some(Dialog::SaveAs { path }) = &h.state().view.dialog else {
        panic!("a never-saved incident asks where to save")
    };
    let proposed = PathBuf::from(path);
    assert_ne!(proposed, taken);
    assert!(!proposed.exists());
    assert!(
        proposed
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with(&id.to_lowercase())
    );
    keys(&mut h, Modifiers::NONE, Key::Enter);
    settle_io(&mut h);
    assert_eq!(
        std::fs::read(&taken).unwrap(),
        before,
        "the finished incident is untouched"
    );
    assert!(
        timeline_texts(&proposed)
            .iter()
            .any(|t| t == "first look at the dashboards")
    );

    // Save as onto the finished incident by name: asked, naming it; Enter keeps it.
    keys(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    replace_path_and_enter(&mut h, &taken);
    let q = question(&h);
    assert!(q.contains(&id) && q.contains("Finished: payments outage"), "{q}");
    assert!(q.contains("not this incident's file"), "{q}");
    keys(&mut h, Modifiers::NONE, Key::Enter);
    assert!(h.state().view.dialog.is_none());
    assert_eq!(
        std::fs::read(&taken).unwrap(),
        before,
        "Enter on the question is Cancel"
    );

    // Asked again, Esc also keeps it.
    keys(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    replace_path_and_enter(&mut h, &taken);
    question(&h);
    keys(&mut h, Modifiers::NONE, Key::Escape);
    assert!(h.state().view.dialog.is_none());
    assert_eq!(std::fs::read(&taken).unwrap(), before);

    // Only the deliberate answer replaces it.
    keys(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    replace_path_and_enter(&mut h, &taken);
    replace_by_keys(&mut h);
    assert!(
        timeline_texts(&taken)
            .iter()
            .any(|t| t == "first look at the dashboards")
    );
}

#[test]
fn a_file_rewritten_by_another_program_is_not_saved_over_silently() {
    let docs = tempfile::tempdir().unwrap();
    let path = docs.path().join("inc.ron");
    finished_incident(&path, "Checkout fails");
    let mut h = console(docs.path(), None);
    act(
        &mut h,
        Action::Open {
            path: path.clone(),
            review: false,
        },
    );
    settle_io(&mut h);
    log_note(&mut h, "ours");
    // Ctrl+S on an unchanged file: saved, no question.
    keys(&mut h, Modifiers::COMMAND, Key::S);
    settle_io(&mut h);
    assert!(h.state().view.dialog.is_none());
    assert!(timeline_texts(&path).contains(&"ours".to_owned()));

    // Touched (same bytes, new time) is no change: still no question.
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(3);
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(later)
        .unwrap();
    log_note(&mut h, "ours again");
    keys(&mut h, Modifiers::COMMAND, Key::S);
    settle_io(&mut h);
    assert!(h.state().view.dialog.is_none());

    // Rewritten elsewhere: asked, naming what is there now.
    let mut theirs = file::load(&path).unwrap();
    theirs.title = "Edited in another editor".into();
    file::save(&path, &theirs).unwrap();
    let theirs_bytes = std::fs::read(&path).unwrap();
    log_note(&mut h, "more of ours");
    keys(&mut h, Modifiers::COMMAND, Key::S);
    settle_io(&mut h);
    let q = question(&h);
    assert!(
        q.contains("changed on disk") && q.contains("Edited in another editor"),
        "{q}"
    );
    keys(&mut h, Modifiers::NONE, Key::Enter);
    assert_eq!(std::fs::read(&path).unwrap(), theirs_bytes);
    assert!(h.state().doc.is_dirty(), "our work is still open and unsaved");

    // Replaced on purpose; the next Ctrl+S needs no question.
    keys(&mut h, Modifiers::COMMAND, Key::S);
    settle_io(&mut h);
    replace_by_keys(&mut h);
    assert!(timeline_texts(&path).contains(&"more of ours".to_owned()));
    log_note(&mut h, "last");
    keys(&mut h, Modifiers::COMMAND, Key::S);
    settle_io(&mut h);
    assert!(h.state().view.dialog.is_none());
    assert!(timeline_texts(&path).contains(&"last".to_owned()));

    // Deleted elsewhere: writing it again loses nothing, so no question.
    std::fs::remove_file(&path).unwrap();
    log_note(&mut h, "after delete");
    keys(&mut h, Modifiers::COMMAND, Key::S);
    settle_io(&mut h);
    assert!(timeline_texts(&path).contains(&"after delete".to_owned()));
}

#[test]
fn saving_over_a_non_incident_file_asks_and_over_a_folder_or_fifo_refuses() {
    let docs = tempfile::tempdir().unwrap();
    let mut h = console(docs.path(), None);
    let notes = docs.path().join("notes.ron");
    std::fs::write(&notes, "my private notes").unwrap();
    keys(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    replace_path_and_enter(&mut h, &notes);
    assert!(question(&h).contains("not an incident file"), "{}", question(&h));
    keys(&mut h, Modifiers::NONE, Key::Escape);
    assert_eq!(std::fs::read_to_string(&notes).unwrap(), "my private notes");

    let folder = docs.path().join("folder.ron");
    std::fs::create_dir(&folder).unwrap();
    let mut refused = vec![folder];
    #[cfg(unix)]
    {
        let fifo = docs.path().join("pipe.ron");
        // Made in-process: a forked `mkfifo` would inherit other tests'
        // recovery locks for a moment and make their consoles look alive.
        incident_console::file::regular::testing::mkfifo(&fifo);
        refused.push(fifo);
    }
    for path in refused {
        keys(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
        replace_path_and_enter(&mut h, &path);
        assert!(h.state().view.dialog.is_none(), "refused, not asked: {path:?}");
        let notice = h.state().notice.clone().unwrap();
        assert!(
            notice.is_error && notice.text.contains("only regular files"),
            "{notice:?}"
        );
        assert!(h.state().doc.is_dirty() || h.state().doc.path.is_none());
    }
}

#[test]
fn every_spelling_of_a_locked_file_is_the_same_file() {
    let docs = tempfile::tempdir().unwrap();
    let root = tempfile::tempdir().unwrap();
    std::fs::create_dir(docs.path().join("dir")).unwrap();
    let path = docs.path().join("dir/x.ron");
    finished_incident(&path, "Locked one");
    let mut first = console(docs.path(), Some(root.path()));
    act(
        &mut first,
        Action::Open {
            path: path.clone(),
            review: false,
        },
    );
    settle_io(&mut first);
    assert!(first.state().safety.locked_by_other.is_none());

    let mut spellings = vec![
        docs.path().join("dir/../dir/x.ron"),
        docs.path().join("dir/./x.ron"),
    ];
    #[cfg(unix)]
    {
        let link = docs.path().join("link.ron");
        std::os::unix::fs::symlink(&path, &link).unwrap();
        spellings.push(link);
        let dir_link = docs.path().join("dirlink");
        std::os::unix::fs::symlink(docs.path().join("dir"), &dir_link).unwrap();
        spellings.push(dir_link.join("x.ron"));
    }
    let before = std::fs::read(&path).unwrap();
    for spelling in &spellings {
        // Opened by another console under another name: told, and Save is refused.
        let mut other = console(docs.path(), Some(root.path()));
        act(
            &mut other,
            Action::Open {
                path: spelling.clone(),
                review: false,
            },
        );
        settle_io(&mut other);
        assert!(
            other.state().safety.locked_by_other.is_some(),
            "{spelling:?} must be seen as the locked file"
        );
        log_note(&mut other, "from the second console");
        keys(&mut other, Modifiers::COMMAND, Key::S);
        settle_io(&mut other);
        assert_eq!(std::fs::read(&path).unwrap(), before, "{spelling:?}");

        // A third console's Save as onto it by that name: refused, not even asked.
        let mut third = console(docs.path(), Some(root.path()));
        // The consoles before it were dropped with a note in their journals:
        // it offers them back (nothing is lost); not the point here.
        if matches!(third.state().view.dialog, Some(Dialog::Recover(_))) {
            act(&mut third, Action::CloseDialog);
        }
        log_note(&mut third, "from the third console");
        keys(&mut third, Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
        replace_path_and_enter(&mut third, spelling);
        assert!(third.state().view.dialog.is_none());
        let notice = third.state().notice.clone().unwrap();
        assert!(
            notice.text.contains("open in another Incident Console"),
            "{notice:?}"
        );
        assert_eq!(std::fs::read(&path).unwrap(), before, "{spelling:?}");
    }
}

#[cfg(unix)]
#[test]
fn a_file_opened_through_a_symlink_is_saved_through_it_keeping_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let docs = tempfile::tempdir().unwrap();
    let real_dir = docs.path().join("incidents");
    std::fs::create_dir(&real_dir).unwrap();
    let real = real_dir.join("real.ron");
    finished_incident(&real, "Behind a link");
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
    let link = docs.path().join("current.ron");
    std::os::unix::fs::symlink("incidents/real.ron", &link).unwrap();

    let mut h = console(docs.path(), None);
    act(
        &mut h,
        Action::Open {
            path: link.clone(),
            review: false,
        },
    );
    settle_io(&mut h);
    log_note(&mut h, "through the link");
    keys(&mut h, Modifiers::COMMAND, Key::S);
    settle_io(&mut h);
    assert!(h.state().view.dialog.is_none(), "{:?}", h.state().notice);
    let meta = std::fs::symlink_metadata(&link).unwrap();
    assert!(meta.file_type().is_symlink(), "the link is still a link");
    assert_eq!(
        std::fs::read_link(&link).unwrap(),
        PathBuf::from("incidents/real.ron")
    );
    assert!(timeline_texts(&real).contains(&"through the link".to_owned()));
    let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640, "the real file keeps its mode");
    // A settings or report file behind a link is written through too.
    let report_target = docs.path().join("report-real.md");
    std::fs::write(&report_target, "").unwrap();
    let report_link = docs.path().join("report.md");
    std::os::unix::fs::symlink(&report_target, &report_link).unwrap();
    file::save_text(&report_link, "# hello\n").unwrap();
    assert!(
        std::fs::symlink_metadata(&report_link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(std::fs::read_to_string(&report_target).unwrap(), "# hello\n");
}

#[test]
fn review_mode_never_writes_an_incident_file_by_any_path() {
    let docs = tempfile::tempdir().unwrap();
    let reviewed = docs.path().join("reviewed.ron");
    let reviewed_bytes = finished_incident(&reviewed, "Under review");
    let other = docs.path().join("other.ron");
    let other_bytes = finished_incident(&other, "Another incident");
    let mut h = console(docs.path(), None);
    act(
        &mut h,
        Action::Open {
            path: reviewed.clone(),
            review: true,
        },
    );
    settle_io(&mut h);
    assert!(h.state().doc.read_only);

    let mut targets = vec![
        reviewed.clone(),
        other.clone(),
        docs.path().join("./reviewed.ron"),
    ];
    #[cfg(unix)]
    {
        let link = docs.path().join("link.ron");
        std::os::unix::fs::symlink(&reviewed, &link).unwrap();
        targets.push(link);
    }
    for target in &targets {
        // Export postmortem (Ctrl+Shift+P) onto it: refused, not even asked.
        keys(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::P);
        assert!(matches!(h.state().view.dialog, Some(Dialog::Export { .. })));
        replace_path_and_enter(&mut h, target);
        assert!(
            h.state().view.dialog.is_none(),
            "{target:?}: {:?}",
            h.state().view.dialog
        );
        let notice = h.state().notice.clone().unwrap();
        assert!(
            notice.is_error && notice.text.contains("review mode never writes"),
            "{notice:?}"
        );
        // Edit a copy (Ctrl+Shift+E) onto it: refused too.
        keys(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::E);
        assert!(matches!(h.state().view.dialog, Some(Dialog::SaveAs { .. })));
        replace_path_and_enter(&mut h, target);
        assert!(h.state().view.dialog.is_none(), "{target:?}");
        assert!(h.state().doc.read_only);
    }
    assert_eq!(std::fs::read(&reviewed).unwrap(), reviewed_bytes);
    assert_eq!(std::fs::read(&other).unwrap(), other_bytes);

    // The copy goes to a new name, proposed so that it replaces nothing.
    keys(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::E);
    let Some(Dialog::SaveAs { path }) = h.state().view.dialog.clone() else {
        panic!()
    };
    assert!(!Path::new(&path).exists());
    keys(&mut h, Modifiers::NONE, Key::Enter);
    settle_io(&mut h);
    assert!(!h.state().doc.read_only);
    assert_eq!(file::load(Path::new(&path)).unwrap().title, "Under review");
}

#[test]
fn export_asks_before_replacing_what_it_did_not_write() {
    let docs = tempfile::tempdir().unwrap();
    let mut h = console(docs.path(), None);
    let incident_file = docs.path().join("some-incident.ron");
    let bytes = finished_incident(&incident_file, "Keep me");
    let notes = docs.path().join("notes.md");
    std::fs::write(&notes, "hand-written notes").unwrap();
    for (target, expect) in [(&incident_file, "Keep me"), (&notes, "not an incident file")] {
        keys(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::P);
        replace_path_and_enter(&mut h, target);
        assert!(question(&h).contains(expect), "{}", question(&h));
        keys(&mut h, Modifiers::NONE, Key::Enter);
    }
    assert_eq!(std::fs::read(&incident_file).unwrap(), bytes);
    assert_eq!(std::fs::read_to_string(&notes).unwrap(), "hand-written notes");

    // A new file: written; the same file again: ours, so no question.
    let fresh = docs.path().join("pm.md");
    for _ in 0..2 {
        keys(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::P);
        replace_path_and_enter(&mut h, &fresh);
        assert!(h.state().view.dialog.is_none(), "{:?}", h.state().view.dialog);
        assert!(
            std::fs::read_to_string(&fresh)
                .unwrap()
                .starts_with("# Postmortem")
        );
    }
    // Changed by someone else since: asked again.
    std::fs::write(&fresh, "edited by hand").unwrap();
    keys(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::P);
    replace_path_and_enter(&mut h, &fresh);
    question(&h);
}

#[test]
fn a_note_logged_while_a_file_loads_is_kept_and_its_recovery_too() {
    let docs = tempfile::tempdir().unwrap();
    let root = tempfile::tempdir().unwrap();
    let path = docs.path().join("slow.ron");
    finished_incident(&path, "Slow to open");
    let mut h = console(docs.path(), Some(root.path()));
    // Open starts on a slow disk; before it lands the commander logs a note.
    let disk = h.state_mut().hold_loads();
    act(
        &mut h,
        Action::Open {
            path: path.clone(),
            review: false,
        },
    );
    assert!(h.state().loading());
    log_note(&mut h, "typed while it loaded");
    assert!(h.state().loading());
    autosave_now(&mut h);
    let recovery = h.state().safety.recovery_file().unwrap();
    disk.send(()).unwrap();
    settle_io(&mut h);
    // The file has loaded, but the note is still here and the user is asked.
    assert!(matches!(
        h.state().view.dialog,
        Some(Dialog::UnsavedChanges(PendingAction::AdoptLoaded))
    ));
    let has_note = |h: &Harness<'_, ConsoleApp>| {
        h.state()
            .doc
            .incident
            .timeline
            .iter()
            .any(|e| e.text == "typed while it loaded")
    };
    assert!(has_note(&h));
    assert!(
        recovery.exists(),
        "nothing in recovery is deleted without the user's choice"
    );
    // Esc (Cancel): keep working on it; the file is not opened.
    keys(&mut h, Modifiers::NONE, Key::Escape);
    assert!(h.state().view.dialog.is_none());
    assert!(has_note(&h));
    assert!(h.state().doc.path.is_none());
    assert!(recovery.exists());

    // Open again, change again, and this time choose to discard: the file opens.
    act(
        &mut h,
        Action::Discard(PendingAction::Open {
            path: path.clone(),
            review: false,
        }),
    );
    log_note(&mut h, "second note");
    disk.send(()).unwrap();
    settle_io(&mut h);
    h.get_by_label("Discard changes").click();
    h.run();
    assert_eq!(h.state().doc.incident.title, "Slow to open");
    assert!(!has_note(&h));

    // Without changes meanwhile, a load simply opens.
    let mut h = console(docs.path(), None);
    act(
        &mut h,
        Action::Open {
            path: path.clone(),
            review: false,
        },
    );
    settle_io(&mut h);
    assert!(h.state().view.dialog.is_none());
    assert_eq!(h.state().doc.incident.title, "Slow to open");
}

#[test]
fn recovery_remembers_the_absolute_file_even_after_a_save() {
    let docs = tempfile::tempdir().unwrap();
    let root = tempfile::tempdir().unwrap();
    let path = docs.path().join("kept.ron");
    finished_incident(&path, "Kept");
    {
        let mut h = console(docs.path(), Some(root.path()));
        act(
            &mut h,
            Action::Open {
                path: path.clone(),
                review: false,
            },
        );
        settle_io(&mut h);
        log_note(&mut h, "saved once");
        keys(&mut h, Modifiers::COMMAND, Key::S);
        settle_io(&mut h);
        log_note(&mut h, "then crashed");
        autosave_now(&mut h);
        // Dropped without exiting: a crash.
    }
    let orphans = incident_console::file::recovery::find_orphans(root.path());
    assert_eq!(orphans.len(), 1);
    let origin = orphans[0].origin.clone().expect("the origin survives a save");
    assert!(origin.is_absolute());
    assert_eq!(origin, file::target::resolve(&path).unwrap());

    // Restored by a console in another folder: Ctrl+S writes that same file.
    let elsewhere = tempfile::tempdir().unwrap();
    let mut h = console(elsewhere.path(), Some(root.path()));
    act(&mut h, Action::Restore(0));
    h.run();
    keys(&mut h, Modifiers::COMMAND, Key::S);
    settle_io(&mut h);
    assert!(h.state().view.dialog.is_none(), "{:?}", h.state().view.dialog);
    assert!(timeline_texts(&path).contains(&"then crashed".to_owned()));
}

#[test]
fn relative_origins_left_by_older_consoles_are_not_trusted() {
    let root = tempfile::tempdir().unwrap();
    let slot = incident_console::file::recovery::RecoverySlot::claim(root.path()).unwrap();
    file::save(&slot.incident_path(), &Incident::declare(t0(), "Ana")).unwrap();
    std::fs::write(slot.dir().join("origin.txt"), "relative/inc.ron").unwrap();
    drop(slot);
    let orphans = incident_console::file::recovery::find_orphans(root.path());
    assert_eq!(orphans.len(), 1);
    assert_eq!(
        orphans[0].origin, None,
        "a relative path names different files from different folders"
    );
}

#[test]
fn restored_work_whose_file_now_holds_another_incident_asks_before_saving() {
    let docs = tempfile::tempdir().unwrap();
    let root = tempfile::tempdir().unwrap();
    let path = docs.path().join("shared-name.ron");
    finished_incident(&path, "First");
    {
        let mut h = console(docs.path(), Some(root.path()));
        act(
            &mut h,
            Action::Open {
                path: path.clone(),
                review: false,
            },
        );
        settle_io(&mut h);
        log_note(&mut h, "unsaved work");
        autosave_now(&mut h);
    }
    // Meanwhile the file was replaced by a different incident.
    let mut other = Incident::declare(t0(), "Bo");
    other.id = "INC-2026-0999".into();
    other.title = "Someone else's".into();
    file::save(&path, &other).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let mut h = console(docs.path(), Some(root.path()));
    act(&mut h, Action::Restore(0));
    h.run();
    keys(&mut h, Modifiers::COMMAND, Key::S);
    settle_io(&mut h);
    assert!(question(&h).contains("INC-2026-0999"), "{}", question(&h));
    keys(&mut h, Modifiers::NONE, Key::Escape);
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}
