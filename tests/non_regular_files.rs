//! Special files given where the console expects a file: a named pipe
//! (FIFO), a directory, a socket, a character device (`/dev/zero`,
//! `/dev/urandom`, `/dev/null`), a symbolic link to one, a dangling link.
//! Every reader must refuse them by name, at once: opening a FIFO blocks
//! until someone writes, and `/dev/zero` never ends. Each call runs on a
//! thread with a time limit, so a regression fails instead of hanging.
#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use incident_console::action::PendingAction;
use incident_console::app::ConsoleApp;
use incident_console::cli::{self, ImportRequest, ReportFormat};
use incident_console::comms::{Lang, Templates};
use incident_console::file::{self, LoadError, roster};
use incident_console::import::{
    SlackExport, SlackOptions, read_alert_csv, read_alertmanager, read_chat_log, read_day_files,
};
use incident_console::model::{Incident, SystemClock};
use incident_console::settings::Settings;

use incident_console::file::regular::testing::{mkfifo, promptly};

/// A folder of special files named `name` (plus a kind suffix), each with
/// what the refusal must say.
struct Specials {
    dir: tempfile::TempDir,
    cases: Vec<(PathBuf, &'static str)>,
    _socket: std::os::unix::net::UnixListener,
}

fn specials(name: &str) -> Specials {
    let dir = tempfile::tempdir().unwrap();
    let at = |kind: &str| dir.path().join(format!("{kind}-{name}"));
    let fifo = at("fifo");
    mkfifo(&fifo);
    let socket_path = at("socket");
    let socket = std::os::unix::net::UnixListener::bind(&socket_path).unwrap();
    let folder = at("dir");
    std::fs::create_dir(&folder).unwrap();
    let mut cases = vec![
        (fifo.clone(), "is a named pipe (FIFO), not a regular file"),
        (socket_path, "is a socket, not a regular file"),
        (folder, "is a directory"),
        (
            PathBuf::from("/dev/zero"),
            "is a character device, not a regular file",
        ),
        (PathBuf::from("/dev/urandom"), "is a character device"),
        (PathBuf::from("/dev/null"), "is a character device"),
    ];
    for (kind, target, what) in [
        (
            "link-fifo",
            fifo.clone(),
            "is a symbolic link to a named pipe (FIFO)",
        ),
        (
            "link-zero",
            PathBuf::from("/dev/zero"),
            "is a symbolic link to a character device",
        ),
        (
            "dangling",
            dir.path().join("gone"),
            "is a symbolic link to nothing",
        ),
    ] {
        let link = at(kind);
        std::os::unix::fs::symlink(target, &link).unwrap();
        cases.push((link, what));
    }
    Specials {
        dir,
        cases,
        _socket: socket,
    }
}

fn assert_names(err: &str, path: &Path, what: &str) {
    assert!(
        err.contains(&path.display().to_string()),
        "names {}: {err}",
        path.display()
    );
    assert!(err.contains(what), "says {what:?}: {err}");
}

fn good_incident(dir: &Path) -> PathBuf {
    let path = dir.join("good.ron");
    file::save(&path, &Incident::declare(chrono::Utc::now(), "Ana")).unwrap();
    path
}

// ---------------------------------------------------------------- incident files

#[test]
fn loading_an_incident_refuses_special_files() {
    let s = specials("incident.ron");
    for (path, what) in s.cases.clone() {
        let err = {
            let path = path.clone();
            promptly(move || file::load(&path).unwrap_err())
        };
        assert!(
            matches!(&err, LoadError::Io { path: p, .. } if *p == path),
            "{err:?}"
        );
        assert_names(&err.to_string(), &path, what);
    }
}

#[test]
fn cli_validate_report_and_import_refuse_special_files() {
    let s = specials("incident.ron");
    let good = good_incident(s.dir.path());
    let before = file::load(&good).unwrap();
    for (path, what) in s.cases.clone() {
        let (text, ok) = {
            let path = path.clone();
            promptly(move || cli::validate(&path))
        };
        assert!(!ok);
        assert_names(&text, &path, what);

        let err = {
            let path = path.clone();
            promptly(move || cli::report(&path, ReportFormat::Markdown).unwrap_err())
        };
        assert_names(&err, &path, what);

        // As the incident file to import into, and as every kind of source.
        let request = |alertmanager: Option<PathBuf>,
                       alerts_csv: Option<PathBuf>,
                       suricata_eve: Option<PathBuf>,
                       chat_log: Option<PathBuf>| ImportRequest {
            slack: None,
            from: None,
            to: None,
            keep_noise: false,
            alertmanager,
            alerts_csv,
            suricata_eve,
            chat_log: chat_log.map(|p| (p, "2026-03-17".to_owned())),
            set_detection: false,
            author: "test".into(),
        };
        let requests = [
            (
                path.clone(),
                request(Some(fixture("alertmanager.json")), None, None, None),
            ),
            (good.clone(), request(Some(path.clone()), None, None, None)),
            (good.clone(), request(None, Some(path.clone()), None, None)),
            (good.clone(), request(None, None, Some(path.clone()), None)),
            (good.clone(), request(None, None, None, Some(path.clone()))),
        ];
        for (incident, request) in requests {
            let err = promptly(move || cli::import(&incident, request).unwrap_err());
            assert_names(&err, &path, what);
        }
    }
    // Nothing was imported into the good file.
    assert_eq!(file::load(&good).unwrap(), before);
}

#[test]
fn cli_report_output_refuses_special_files() {
    let s = specials("report.md");
    for (out, what) in s.cases.clone() {
        let err = {
            let out = out.clone();
            promptly(move || cli::write_report(&out, "# Report\n").unwrap_err())
        };
        assert_names(&err, &out, what);
    }
    // The FIFO is still a FIFO: not replaced by a regular file.
    use std::os::unix::fs::FileTypeExt;
    let fifo = &s.cases[0].0;
    assert!(std::fs::metadata(fifo).unwrap().file_type().is_fifo());
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

/// The real binary, with a time limit: `(exit ok, stderr)`.
fn run_cli(args: &[&std::ffi::OsStr]) -> (bool, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_incident-console"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut stderr = String::new();
            std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
            return (status.success(), stderr);
        }
        if started.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("incident-console {args:?} still running after 20 s: blocked");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn the_binary_exits_at_once_on_special_files() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("incident.ron");
    mkfifo(&fifo);
    let good = good_incident(dir.path());
    let out_fifo = dir.path().join("report.md");
    mkfifo(&out_fifo);
    let runs: [Vec<&std::ffi::OsStr>; 5] = [
        vec!["validate".as_ref(), fifo.as_os_str()],
        vec!["report".as_ref(), fifo.as_os_str()],
        vec![
            "report".as_ref(),
            good.as_os_str(),
            "-o".as_ref(),
            out_fifo.as_os_str(),
        ],
        vec![
            "import".as_ref(),
            good.as_os_str(),
            "--alertmanager".as_ref(),
            fifo.as_os_str(),
        ],
        vec!["validate".as_ref(), "/dev/zero".as_ref()],
    ];
    for args in runs {
        let (ok, stderr) = run_cli(&args);
        assert!(!ok, "{args:?} fails");
        assert!(
            stderr.contains("is a named pipe (FIFO)") || stderr.contains("is a character device"),
            "{args:?}: {stderr}"
        );
    }
}

// ---------------------------------------------------------------- imports

#[test]
fn import_readers_refuse_special_files() {
    let s = specials("2026-03-17.json");
    let date = NaiveDate::from_ymd_opt(2026, 3, 17).unwrap();
    for (path, what) in s.cases.clone() {
        let p = path.clone();
        let errors = promptly(move || {
            [
                read_alertmanager(&p).unwrap_err(),
                read_alert_csv(&p).unwrap_err(),
                read_chat_log(&p, date, "x").unwrap_err(),
                read_day_files(std::slice::from_ref(&p), None, "x", &SlackOptions::default()).unwrap_err(),
                // As the users.json of picked day files.
                read_day_files(
                    &[fixture("slack/inc-checkout/2026-03-17.json")],
                    Some(&p),
                    "x",
                    &SlackOptions::default(),
                )
                .unwrap_err(),
            ]
        });
        for err in errors {
            assert_eq!(err.file, path);
            assert_names(&err.to_string(), &path, what);
        }
    }
}

/// A copy of the fixture export in a temporary folder, to plant files in.
fn slack_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = fixture("slack");
    for entry in walk(&from) {
        let to = dir.path().join(entry.strip_prefix(&from).unwrap());
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&entry, &to).unwrap();
    }
    dir
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        if entry.file_type().unwrap().is_dir() {
            files.extend(walk(&entry.path()));
        } else {
            files.push(entry.path());
        }
    }
    files
}

#[test]
fn slack_exports_refuse_special_files_inside() {
    type Plant = fn(&Path) -> PathBuf;
    let fifo_at = |path: PathBuf| {
        let _ = std::fs::remove_file(&path);
        mkfifo(&path);
        path
    };
    let plants: [(Plant, &str); 4] = [
        (|d| d.join("users.json"), "named pipe (FIFO)"),
        (|d| d.join("channels.json"), "named pipe (FIFO)"),
        (|d| d.join("inc-checkout/2026-03-17.json"), "named pipe (FIFO)"),
        (|d| d.join("inc-checkout/2026-03-19.json"), "named pipe (FIFO)"),
    ];
    for (plant, what) in plants {
        let export = slack_copy();
        let path = fifo_at(plant(export.path()));
        let dir = export.path().to_path_buf();
        let err = promptly(move || {
            SlackExport::open(&dir).and_then(|e| e.read_channel("inc-checkout", &SlackOptions::default()))
        })
        .unwrap_err();
        assert_eq!(err.file, path);
        assert_names(&err.to_string(), &path, what);
    }
    // A dangling users.json is refused, not taken as missing.
    let export = slack_copy();
    let users = export.path().join("users.json");
    std::fs::remove_file(&users).unwrap();
    std::os::unix::fs::symlink(export.path().join("gone.json"), &users).unwrap();
    let err = SlackExport::open(export.path()).unwrap_err();
    assert_names(&err.to_string(), &users, "symbolic link to nothing");
    // A FIFO (or device) given as the export folder says what it is.
    let s = specials("export");
    for (path, what) in [
        (&s.cases[0].0, "it is a named pipe (FIFO)"),
        (&s.cases[3].0, "it is a character device"),
    ] {
        let p = path.clone();
        let err = promptly(move || SlackExport::open(&p).unwrap_err());
        assert_names(&err.to_string(), path, what);
        assert!(err.message.contains("not a folder"), "{err}");
    }
    // A channel folder holding a FIFO that is not a day file is not read at all.
    let export = slack_copy();
    mkfifo(&export.path().join("inc-checkout/notes.json"));
    let dir = export.path().to_path_buf();
    let import = promptly(move || {
        SlackExport::open(&dir)
            .unwrap()
            .read_channel("inc-checkout", &SlackOptions::default())
            .unwrap()
    });
    assert_eq!(import.entries.len(), 13);
}

// ---------------------------------------------------------------- templates, roster, settings

#[test]
fn message_templates_skip_special_files_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let en = dir.path().join("en");
    std::fs::create_dir(&en).unwrap();
    let s = specials("x.txt.j2");
    let mut expected = Vec::new();
    for (i, (target, what)) in s.cases.iter().enumerate() {
        if what.contains("directory") {
            continue; // folders named *.txt.j2 are not templates: skipped silently
        }
        let link = en.join(format!("t{i}.txt.j2"));
        std::os::unix::fs::symlink(target, &link).unwrap();
        expected.push((link, "is a symbolic link to"));
    }
    let fifo = en.join("x.txt.j2");
    mkfifo(&fifo);
    expected.push((fifo, "is a named pipe (FIFO), not a regular file"));
    let root = dir.path().to_path_buf();
    let (templates, problems) = promptly(move || Templates::load(Some(&root)));
    assert_eq!(problems.len(), expected.len(), "{problems:?}");
    for (path, what) in expected {
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with(&path.display().to_string()) && p.contains(what)),
            "{}: {problems:?}",
            path.display()
        );
    }
    assert!(templates.find("x", Lang::En).is_none());
}

#[test]
fn rosters_refuse_special_files() {
    let s = specials("roster.ron");
    for (path, what) in s.cases.clone() {
        let err = {
            let path = path.clone();
            promptly(move || roster::load_roster(&path).unwrap_err())
        };
        assert_names(&err, &path, what);
    }
}

#[test]
fn settings_refuse_special_files_and_the_console_still_opens() {
    let s = specials("settings.ron");
    for (path, what) in s.cases.clone() {
        let (settings, notices) = {
            let path = path.clone();
            promptly(move || Settings::load_with_notices(&path))
        };
        assert_eq!(settings, Settings::default());
        assert_eq!(notices.len(), 1, "{notices:?}");
        assert!(notices[0].contains(what), "{what}: {notices:?}");
        let notice = {
            let path = path.clone();
            promptly(move || {
                let app = ConsoleApp::new(std::sync::Arc::new(SystemClock), Some(path));
                app.notice.map(|n| (n.text, n.is_error))
            })
        };
        let (text, is_error) = notice.expect("the console says why the settings were not used");
        assert!(is_error);
        assert_names(&text, &path, what);
    }
}

#[test]
fn opening_a_special_file_in_the_console_shows_an_error() {
    let s = specials("incident.ron");
    for (path, what) in s.cases.clone() {
        let p = path.clone();
        let text = promptly(move || {
            let ctx = egui::Context::default();
            let mut app = ConsoleApp::new(std::sync::Arc::new(SystemClock), None);
            let before = app.incident().clone();
            app.apply(
                &ctx,
                incident_console::action::Action::Discard(PendingAction::Open {
                    path: p,
                    review: false,
                }),
            );
            app.finish_pending_io(&ctx);
            assert_eq!(app.incident(), &before, "the open incident stays");
            app.notice.expect("an error is shown").text
        });
        assert!(text.starts_with("Could not open"), "{text}");
        assert_names(&text, &path, what);
    }
}
