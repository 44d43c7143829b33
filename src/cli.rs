//! The command line: open a file in the console, or check one without a window.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "incident-console",
    version,
    about = "A desktop console for running and reviewing IT incidents.",
    long_about = "A desktop console for running and reviewing IT incidents, following the seven phases of \
                  incident response.\n\nWith no arguments it opens a new incident, ready to use. \
                  With FILE it opens that incident file (.ron).",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// Incident file (.ron) to open in the console.
    pub file: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<CliCommand>,
}

#[derive(Debug, Subcommand)]
pub enum CliCommand {
    /// Check an incident file: exits 0 if it loads, or prints the error
    /// (with line and column) and exits 1.
    Validate {
        /// The incident file to check.
        file: PathBuf,
    },
    /// Keeps changing, saving and autosaving an incident until killed: the
    /// crash test's subject. Prints `change N MILLIS` and `saved N` lines.
    #[command(hide = true)]
    StressAutosave {
        file: PathBuf,
        recovery_root: PathBuf,
        #[arg(long, default_value_t = 3000)]
        entries: usize,
        #[arg(long, default_value_t = 40)]
        save_every: usize,
    },
}

/// The crash test's subject: edits an incident of `entries` entries forever,
/// saving `file` every `save_every` changes and autosaving as the console does.
pub fn stress_autosave(
    file: &std::path::Path,
    recovery_root: &std::path::Path,
    entries: usize,
    save_every: usize,
) -> ! {
    use std::io::Write;
    use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

    use crate::app::{Document, Safety};
    use crate::model::{Edit, EntryKind, Incident};

    let start = chrono::Utc::now();
    let mut incident = Incident::declare(start, "stress");
    for i in 0..entries {
        let at = start + chrono::TimeDelta::seconds(i as i64);
        incident.timeline.add(
            at,
            at,
            "stress",
            EntryKind::Note,
            format!("seed entry {i}: checked the dashboards"),
        );
    }
    let (mut safety, _) = Safety::start(recovery_root.to_path_buf());
    let mut doc = Document::new(incident, Some(file.to_path_buf()));
    let out = std::io::stdout();
    let mut out = out.lock();
    let report = |out: &mut std::io::StdoutLock, line: String| {
        let _ = writeln!(out, "{line}");
        let _ = out.flush();
    };
    if crate::file::save(file, &doc.incident).is_ok() {
        report(&mut out, format!("saved {}", doc.incident.timeline.len()));
    }
    for change in 1.. {
        let now = chrono::Utc::now();
        let _ = doc.incident.apply(
            Edit::Log {
                kind: EntryKind::Note,
                text: format!("change {change}"),
                at: None,
            },
            now,
            "stress",
        );
        doc.touch(true);
        safety.note_change(Instant::now());
        safety.tick(&doc, Instant::now());
        let millis = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis());
        report(
            &mut out,
            format!("change {} {millis}", doc.incident.timeline.len()),
        );
        if change % save_every == 0 && crate::file::save(file, &doc.incident).is_ok() {
            report(&mut out, format!("saved {}", doc.incident.timeline.len()));
        }
        std::thread::sleep(Duration::from_millis(3));
    }
    unreachable!("the loop above runs until the process is killed")
}

/// Runs `validate`: returns the text to print and whether the file is good.
pub fn validate(path: &std::path::Path) -> (String, bool) {
    match crate::file::load(path) {
        Ok(incident) => (
            format!(
                "{}: ok ({} \"{}\", {} timeline entries, file format {})",
                path.display(),
                incident.id,
                incident.title,
                incident.timeline.len(),
                crate::file::FORMAT_VERSION
            ),
            true,
        ),
        Err(e) => (format!("{}: {e}", path.display()), false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_valid() {
        Cli::command().debug_assert();
    }

    #[test]
    fn parses_file_and_validate() {
        let cli = Cli::parse_from(["incident-console", "a.ron"]);
        assert_eq!(cli.file, Some(PathBuf::from("a.ron")));
        let cli = Cli::parse_from(["incident-console", "validate", "b.ron"]);
        assert!(
            matches!(cli.command, Some(CliCommand::Validate { file }) if file.as_path() == std::path::Path::new("b.ron"))
        );
        let cli = Cli::parse_from(["incident-console"]);
        assert!(cli.file.is_none() && cli.command.is_none());
    }

    #[test]
    fn validate_reports_position_of_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.ron");
        std::fs::write(&path, "IncidentFile(\n  format_version: 1,\n  incident: oops\n)").unwrap();
        let (text, ok) = validate(&path);
        assert!(!ok);
        assert!(text.contains("line 3"), "{text}");
        let good = dir.path().join("good.ron");
        let incident = crate::model::Incident::declare(chrono::Utc::now(), "Ana");
        crate::file::save(&good, &incident).unwrap();
        let (text, ok) = validate(&good);
        assert!(ok, "{text}");
        assert!(text.contains("1 timeline entries"), "{text}");
    }
}
