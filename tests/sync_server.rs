//! The real parts together: the official npm sync server
//! (`@automerge/automerge-repo-sync-server`, see `server/`) on a loopback
//! port, and two real consoles (the binary, headless). Both log; one is
//! killed with SIGKILL in the middle and started again; both end with the
//! same record, and every note a console said it had logged is in it,
//! once.
//!
//! It needs the server installed: `.ci/run` installs it from npm into a
//! temporary folder and runs this test with `SYNC_SERVER_DIR` set to it
//! (`cargo test --test sync_server -- --ignored`). Everything it starts
//! is stopped when it ends, passed or failed.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

/// A child process, killed when dropped.
struct Running {
    child: Child,
    stdin: Option<ChildStdin>,
    lines: Receiver<String>,
    name: String,
}

impl Running {
    fn start(name: &str, mut command: Command) -> Running {
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("{name} starts: {e}"));
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Running {
            stdin: child.stdin.take(),
            child,
            lines,
            name: name.to_owned(),
        }
    }

    /// The next line starting with `prefix` (others are skipped), within `secs`.
    fn expect(&self, prefix: &str, secs: u64) -> String {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) if line.starts_with(prefix) => return line,
                Ok(_) => {}
                Err(_) => panic!("{}: no \"{prefix}\" within {secs} s", self.name),
            }
        }
    }

    fn send(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().unwrap();
        writeln!(stdin, "{line}").unwrap();
        stdin.flush().unwrap();
    }

    fn kill9(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn console(name: &str, dir: &Path, args: &[&str]) -> Running {
    let mut command = Command::new(env!("CARGO_BIN_EXE_incident-console"));
    command
        .arg("headless")
        .arg("--dir")
        .arg(dir)
        .args(["--name", name])
        .args(args);
    Running::start(name, command)
}

fn server_script() -> PathBuf {
    let dir = std::env::var_os("SYNC_SERVER_DIR")
        .expect("SYNC_SERVER_DIR names the folder the server was installed in");
    let script = PathBuf::from(dir).join("node_modules/@automerge/automerge-repo-sync-server/src/index.js");
    assert!(script.exists(), "{} is installed", script.display());
    script
}

#[test]
#[ignore = "needs the npm sync server: .ci/run installs it and runs this with SYNC_SERVER_DIR"]
fn two_consoles_through_the_npm_sync_server_one_killed_and_restarted() {
    let started = Instant::now();
    let work = tempfile::tempdir().unwrap();
    let port = free_port();
    let data = work.path().join("server-data");
    std::fs::create_dir_all(&data).unwrap();
    let mut command = Command::new("node");
    command
        .arg(server_script())
        .env("PORT", port.to_string())
        .env("DATA_DIR", &data)
        .current_dir(work.path());
    let server = Running::start("sync server", command);
    server.expect(&format!("Listening on port {port}"), 30);
    let address = format!("ws://127.0.0.1:{port}");

    let (dir_a, dir_b) = (work.path().join("ana"), work.path().join("bo"));
    let mut ana = console("Ana", &dir_a, &["--server", &address]);
    let link = ana.expect("ready ", 60)["ready ".len()..].to_owned();
    assert!(link.contains(&address), "{link}");
    let mut bo = console("Bo", &dir_b, &["--join", &link]);
    bo.expect("ready ", 60);

    let mut logged: Vec<String> = Vec::new();
    for i in 0..5 {
        for (who, console) in [("ana", &mut ana), ("bo", &mut bo)] {
            let text = format!("{who} {i}");
            console.send(&format!("log {text}"));
            console.expect(&format!("logged {text}"), 20);
            logged.push(text);
        }
    }
    // Bo in the middle of a burst: killed after three are acknowledged.
    for i in 5..15 {
        bo.send(&format!("log bo {i}"));
    }
    for i in 5..8 {
        bo.expect(&format!("logged bo {i}"), 20);
        logged.push(format!("bo {i}"));
    }
    bo.kill9();
    // Ana goes on while Bo is gone.
    for i in 5..10 {
        let text = format!("ana {i}");
        ana.send(&format!("log {text}"));
        ana.expect(&format!("logged {text}"), 20);
        logged.push(text);
    }
    // Bo starts again from its folder: its work is restored, and rejoins.
    let mut bo = console("Bo", &dir_b, &[]);
    bo.expect("ready ", 60);
    bo.send("log bo after restart");
    bo.expect("logged bo after restart", 20);
    logged.push("bo after restart".into());

    for console in [&mut ana, &mut bo] {
        console.send("wait-sent");
        console.expect("sent", 60);
    }
    // Give the last changes a moment to arrive, then compare the records.
    let deadline = Instant::now() + Duration::from_secs(30);
    let (file_a, file_b) = (work.path().join("a.ron"), work.path().join("b.ron"));
    let (a, b) = loop {
        ana.send(&format!("dump {}", file_a.display()));
        ana.expect("dumped", 20);
        bo.send(&format!("dump {}", file_b.display()));
        bo.expect("dumped", 20);
        let a = incident_console::file::load(&file_a).unwrap();
        let b = incident_console::file::load(&file_b).unwrap();
        if a == b || Instant::now() > deadline {
            break (a, b);
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    assert_eq!(a, b, "both consoles end with the same record");
    let texts: Vec<&str> = a.timeline.iter().map(|e| e.text.as_str()).collect();
    for text in &logged {
        assert_eq!(
            texts.iter().filter(|t| **t == text.as_str()).count(),
            1,
            "{text:?} acknowledged: in the record once"
        );
    }
    // Notes sent to Bo but not acknowledged before the kill may or may not
    // be there, but never twice.
    for i in 8..15 {
        let text = format!("bo {i}");
        assert!(texts.iter().filter(|t| **t == text).count() <= 1, "{text}");
    }
    assert!(a.problems().is_empty());
    ana.send("quit");
    bo.send("quit");
    eprintln!(
        "sync server test: {} notes, one console killed and restarted, {:.1} s",
        logged.len(),
        started.elapsed().as_secs_f64()
    );
    drop(server);
}
