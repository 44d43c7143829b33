//! Crash safety, proven by killing a real console process (SIGKILL) at
//! random moments while it journals, saves and autosaves, hundreds of
//! times (some rounds sharing the incident too): no change it reported
//! (an Enter pressed) is ever lost, the autosave is at most 2 s behind, and
//! saves that fail half-way (full disk, missing folder) leave the old file
//! intact.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use incident_console::file;
use incident_console::file::recovery::find_orphans;

const ENTRIES: usize = 3000;
const SAVE_EVERY: usize = 40;

/// A small deterministic generator; the seed is printed so a failure repeats.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn between(&mut self, low: u64, high: u64) -> u64 {
        low + self.next() % (high - low)
    }
}

fn now_millis() -> u128 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_millis()
}

struct Round {
    /// (entry count, wall-clock millis) of each change the child reported.
    changes: Vec<(usize, u128)>,
    saved: Vec<usize>,
    killed_at: u128,
}

fn run_round(dir: &Path, kill_after: Duration, share: bool) -> Round {
    let mut child = Command::new(env!("CARGO_BIN_EXE_incident-console"))
        .arg("stress-autosave")
        .arg(dir.join("inc.ron"))
        .arg(dir.join("recovery"))
        .args([
            "--entries",
            &ENTRIES.to_string(),
            "--save-every",
            &SAVE_EVERY.to_string(),
        ])
        .args(share.then_some("--share"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the console binary starts");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    // Start the clock at the first sign of life, so kills land in the work.
    let first = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("the child reports");
    let deadline = Instant::now() + kill_after;
    let mut lines = vec![first];
    while Instant::now() < deadline {
        if let Ok(line) = rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            lines.push(line);
        }
    }
    child.kill().expect("SIGKILL");
    let killed_at = now_millis();
    child.wait().unwrap();
    reader.join().unwrap();
    lines.extend(rx.try_iter());
    let mut round = Round {
        changes: Vec::new(),
        saved: Vec::new(),
        killed_at,
    };
    for line in lines {
        let parts: Vec<&str> = line.split_whitespace().collect();
        match parts.as_slice() {
            ["change", n, ms] => round.changes.push((n.parse().unwrap(), ms.parse().unwrap())),
            ["saved", n] => round.saved.push(n.parse().unwrap()),
            _ => panic!("unexpected line {line:?}"),
        }
    }
    round
}

fn check_round(dir: &Path, round: &Round, label: &str) {
    // The incident file is always a complete version: the first save or a later one.
    let path = dir.join("inc.ron");
    if path.exists() {
        let incident = file::load(&path).unwrap_or_else(|e| panic!("{label}: incident file damaged: {e}"));
        let len = incident.timeline.len();
        assert!(
            len > ENTRIES && (len - ENTRIES - 1).is_multiple_of(SAVE_EVERY),
            "{label}: file has {len} entries, not a save point"
        );
        let newest_reported = round.changes.last().map_or(ENTRIES + 1, |c| c.0);
        assert!(
            len <= newest_reported + 1,
            "{label}: file is ahead of the work ({len})"
        );
    } else {
        assert!(
            round.saved.is_empty(),
            "{label}: a save was reported but the file is missing"
        );
    }
    // Nothing else in the folder, except (where the file system cannot make
    // unnamed temporary files) the temporary file of a write the kill cut off.
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        assert!(
            name == "inc.ron" || name == "recovery" || name.starts_with(".inc.ron."),
            "{label}: stray file {name}"
        );
    }
    let orphans = find_orphans(&dir.join("recovery"));
    // Every change reported is in the journal: what was logged is never lost.
    if let Some(&(newest, _)) = round.changes.last() {
        let orphan = orphans
            .first()
            .unwrap_or_else(|| panic!("{label}: change {newest} reported, nothing to recover"));
        let journaled = incident_console::sync::recover::from_journal(orphan)
            .unwrap_or_else(|| panic!("{label}: no journal"))
            .unwrap_or_else(|e| panic!("{label}: journal damaged: {e}"));
        let len = journaled.incident.timeline.len();
        assert!(
            len >= newest,
            "{label}: journal has {len} entries, change {newest} was reported"
        );
        assert!(journaled.incident.problems().is_empty());
    }
    // The autosave always loads, and lags the work by at most 2 seconds.
    let recovered = match orphans.first() {
        Some(orphan) if orphan.dir.join("incident.ron").exists() => {
            file::load(&orphan.dir.join("incident.ron"))
                .unwrap_or_else(|e| panic!("{label}: recovery file damaged: {e}"))
                .timeline
                .len()
        }
        _ => 0,
    };
    let must_have = round
        .changes
        .iter()
        .filter(|(_, at)| *at + 2000 <= round.killed_at)
        .map(|(n, _)| *n)
        .max();
    if let Some(must_have) = must_have {
        assert!(
            recovered >= must_have,
            "{label}: recovery has {recovered} entries, but the change to {must_have} is over 2 s old"
        );
    }
}

#[cfg(unix)]
#[test]
fn killed_at_random_moments_keeps_every_file_whole_and_loses_at_most_two_seconds() {
    let seed = std::env::var("CRASH_TEST_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| now_millis() as u64 | 1);
    let rounds: usize = std::env::var("CRASH_TEST_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200);
    eprintln!("crash test: seed {seed}, {rounds} short rounds and 5 long ones");
    let mut rng = Rng(seed);
    for round in 0..rounds + 5 {
        let dir = tempfile::tempdir().unwrap();
        // Short rounds hit saves and autosaves at random points; long ones
        // run past the 2-second bound so the loss limit is checked.
        let kill_after = if round < rounds {
            Duration::from_millis(rng.between(5, 250))
        } else {
            Duration::from_millis(rng.between(2600, 4000))
        };
        // Every tenth round shares the incident as well.
        let result = run_round(dir.path(), kill_after, round % 10 == 3);
        check_round(
            dir.path(),
            &result,
            &format!("round {round} (seed {seed}, kill after {kill_after:?})"),
        );
    }
}

#[test]
fn a_save_that_fails_half_way_leaves_the_old_file_and_no_debris() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("inc.ron");
    let old = incident_console::model::Incident::declare(chrono::Utc::now(), "Ana");
    file::save(&path, &old).unwrap();
    let before = std::fs::read(&path).unwrap();
    let mut new = old.clone();
    new.title = "changed".into();
    let text = file::to_ron_string(&new);
    for cut in [0, 1, text.len() / 2, text.len() - 1] {
        let err = file::save_text_failing_after(&path, &text, cut).unwrap_err();
        assert!(err.to_string().contains("No space left on device"), "{err}");
        assert_eq!(
            std::fs::read(&path).unwrap(),
            before,
            "old file intact after a failure at byte {cut}"
        );
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, vec!["inc.ron".to_owned()], "no temporary file left behind");
    }
    // A folder that does not exist, and a "folder" that is a file.
    let missing = dir.path().join("gone").join("inc.ron");
    assert!(file::save(&missing, &new).is_err());
    let under_a_file = path.join("inc.ron");
    assert!(file::save(&under_a_file, &new).is_err());
    // A folder nobody may write to, not even root.
    assert!(file::save(Path::new("/proc/incident-console-test.ron"), &new).is_err());
    assert_eq!(std::fs::read(&path).unwrap(), before);
}
