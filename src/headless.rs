//! A console without a window, for tests that run real consoles as
//! processes (the sync-server test kills one with SIGKILL and starts it
//! again). It is the same [`ConsoleApp`]: the same replica, journal,
//! recovery and sharing, driven by lines on standard input:
//!
//! ```text
//! log TEXT      log a note (as Ctrl+L, TEXT, Enter); prints "logged TEXT" once journaled
//! wait-sent     waits until every change made here is with another console or server; prints "sent"
//! dump PATH     writes the incident to PATH (RON); prints "dumped N" (N entries)
//! quit          stops sharing and exits cleanly
//! ```
//!
//! On start it prints `ready LINK` once the incident is shared or joined.
//! Work a killed run left in `--dir` is restored first, and rejoins its share.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::action::Action;
use crate::app::ConsoleApp;
use crate::model::SystemClock;
use crate::sync::net::{self, Plan};
use crate::ui::state::Dialog;

/// How the headless console starts.
pub struct Headless {
    /// Its recovery folder (journal, autosave, share record).
    pub dir: PathBuf,
    pub name: String,
    /// Join this link...
    pub join: Option<String>,
    /// ...or share through this sync server...
    pub server: Option<String>,
    /// ...or host on this address (`127.0.0.1:0` picks a port).
    pub host: Option<String>,
}

fn say(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

pub fn run(options: Headless) -> ExitCode {
    let ctx = egui::Context::default();
    let mut app = ConsoleApp::new(Arc::new(SystemClock), None);
    app.settings.author = options.name.clone();
    app.set_waker(Arc::new(|| {}));
    let mut app = app.with_recovery(options.dir.clone());
    let restoring = matches!(app.view.dialog, Some(Dialog::Recover(_)));
    if restoring {
        // A run of this console was killed: its work (and share) come back.
        app.apply(&ctx, Action::Restore(0));
    } else if let Some(link) = &options.join {
        app.apply(&ctx, Action::Join(link.clone()));
    } else {
        let plan = match (&options.server, &options.host) {
            (Some(server), _) => net::parse_address(server).map(|address| Plan::Dial { address }),
            (None, Some(host)) => host
                .parse::<std::net::SocketAddr>()
                .map_err(|e| e.to_string())
                .and_then(|bind| {
                    net::parse_address(&bind.to_string()).map(|advertise| Plan::Host { bind, advertise })
                }),
            (None, None) => Err("give --join LINK, --server ADDRESS or --host ADDRESS".into()),
        };
        if let Err(e) = plan.and_then(|plan| app.start_sharing(plan)) {
            eprintln!("incident-console headless: {e}");
            return ExitCode::FAILURE;
        }
    }
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        app.poll_sharing();
        match &app.sharing {
            Some(sharing) if !sharing.joining => {
                say(&format!("ready {}", sharing.session.link));
                break;
            }
            Some(_) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(5)),
            _ => {
                eprintln!(
                    "incident-console headless: not shared: {}",
                    app.notice.as_ref().map_or("timed out", |n| n.text.as_str())
                );
                return ExitCode::FAILURE;
            }
        }
    }
    let (tx, lines) = std::sync::mpsc::channel::<String>();
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    loop {
        app.poll_sharing();
        let now = Instant::now();
        let doc = &app.doc;
        app.safety.tick(doc, now);
        match lines.recv_timeout(Duration::from_millis(3)) {
            Ok(line) => {
                let (command, rest) = line.split_once(' ').unwrap_or((line.as_str(), ""));
                match command {
                    "log" => {
                        let before = app.incident().timeline.len();
                        app.apply(&ctx, Action::QuickLog(rest.to_owned()));
                        if app.incident().timeline.len() > before {
                            say(&format!("logged {rest}"));
                        } else {
                            say(&format!("refused {rest}"));
                        }
                    }
                    "wait-sent" => {
                        let deadline = Instant::now() + Duration::from_secs(60);
                        loop {
                            app.poll_sharing();
                            let done = app
                                .sharing
                                .as_ref()
                                .is_some_and(|s| s.status.connections > 0 && s.status.unsent == 0);
                            if done || Instant::now() > deadline {
                                say(if done { "sent" } else { "not sent" });
                                break;
                            }
                            std::thread::sleep(Duration::from_millis(10));
                        }
                    }
                    "dump" => match crate::file::save(std::path::Path::new(rest), app.incident()) {
                        Ok(()) => say(&format!("dumped {}", app.incident().timeline.len())),
                        Err(e) => say(&format!("not dumped: {e}")),
                    },
                    "quit" => {
                        app.stop_sharing();
                        app.safety.release();
                        return ExitCode::SUCCESS;
                    }
                    other => say(&format!("unknown command {other}")),
                }
            }
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
            // Standard input closed: stop as a window closing would.
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                app.stop_sharing();
                return ExitCode::SUCCESS;
            }
        }
    }
}
