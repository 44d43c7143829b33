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

    /// Open FILE read-only for review: nothing can be changed and the file is
    /// never written (not even autosaved).
    #[arg(long, value_name = "FILE", conflicts_with = "file")]
    pub review: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<CliCommand>,
}

#[derive(Debug, Subcommand)]
// Parsed once per run: the size of the biggest variant costs nothing.
#[allow(clippy::large_enum_variant)]
pub enum CliCommand {
    /// Check an incident file: exits 0 if it loads, or prints the error
    /// (with line and column) and exits 1.
    Validate {
        /// The incident file to check.
        file: PathBuf,
    },
    /// Write the postmortem report of an incident file: Markdown (the same
    /// bytes as File > Export postmortem) or JSON for tooling.
    Report {
        /// The incident file.
        file: PathBuf,
        /// Where to write it (default: standard output).
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = ReportFormat::Markdown)]
        format: ReportFormat,
        /// For wider sharing: leave out restricted entries and evidence items,
        /// and withhold evidence paths (the report says how many).
        #[arg(long)]
        redact: bool,
    },
    /// Bring outside records onto an incident's timeline, writing the
    /// incident file atomically. Re-importing adds nothing twice.
    Import {
        /// The incident file to add to.
        file: PathBuf,
        /// A Slack workspace export folder (unzipped); needs --channel.
        #[arg(long, value_name = "DIR", requires = "channel")]
        slack: Option<PathBuf>,
        /// The Slack channel to import.
        #[arg(long)]
        channel: Option<String>,
        /// Only messages at or after this time (UTC, e.g. 2026-03-17T14:00:00Z or "2026-03-17 14:00").
        #[arg(long, value_name = "T")]
        from: Option<String>,
        /// Only messages at or before this time (UTC).
        #[arg(long, value_name = "T")]
        to: Option<String>,
        /// Keep joins, leaves and bot messages.
        #[arg(long)]
        keep_noise: bool,
        /// A Prometheus Alertmanager webhook payload (JSON).
        #[arg(long, value_name = "FILE")]
        alertmanager: Option<PathBuf>,
        /// A CSV of alerts with columns time, source, summary.
        #[arg(long, value_name = "FILE")]
        alerts_csv: Option<PathBuf>,
        /// Suricata's EVE JSON log (eve.json): its intrusion-detection alerts.
        #[arg(long, value_name = "FILE")]
        suricata_eve: Option<PathBuf>,
        /// A plain-text chat log (lines like `14:02 ana: restarted db-3`); needs --date.
        #[arg(long, value_name = "FILE", requires = "date")]
        chat_log: Option<PathBuf>,
        /// The date of the chat log's first line (YYYY-MM-DD, UTC).
        #[arg(long)]
        date: Option<String>,
        /// Set the detection source and time from the earliest firing alert, if unset.
        #[arg(long)]
        set_detection: bool,
        /// Who is importing (recorded on the timeline).
        #[arg(long, default_value = "incident-console import")]
        author: String,
    },
    /// Merge two copies of one incident, changed apart (files passed around
    /// by hand), by ids: every timeline entry of both, rows by id, a field
    /// set in both takes the value set last. Refuses two different
    /// incidents; the same two files always give the same result.
    Merge {
        /// One copy.
        a: PathBuf,
        /// The other copy.
        b: PathBuf,
        /// Where to write the merged incident: a new file, or one of the two.
        #[arg(short, long, value_name = "OUT")]
        output: PathBuf,
    },
    /// A console without a window, driven by lines on standard input (see
    /// src/headless.rs): for tests that run real consoles as processes.
    #[command(hide = true)]
    Headless {
        /// Its recovery folder: journal, autosave, how it was shared.
        #[arg(long)]
        dir: PathBuf,
        /// The name the others see and entries are written by.
        #[arg(long)]
        name: String,
        /// Join the incident this link names.
        #[arg(long)]
        join: Option<String>,
        /// Share a new incident through this sync server.
        #[arg(long)]
        server: Option<String>,
        /// Share a new incident hosted here, on this address.
        #[arg(long)]
        host: Option<String>,
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
        /// Share the incident too (hosted on loopback), as a shared console does.
        #[arg(long)]
        share: bool,
    },
}

/// The crash test's subject: edits an incident of `entries` entries forever,
/// saving `file` every `save_every` changes, journaling each change and
/// autosaving as the console does (and sharing it, with `share`). A change
/// is reported once it is journaled, as the console shows it once it is.
pub fn stress_autosave(
    file: &std::path::Path,
    recovery_root: &std::path::Path,
    entries: usize,
    save_every: usize,
    share: bool,
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
    let replica = crate::sync::Replica::new(&doc.incident);
    safety.start_journal(&replica.save(), true);
    let session = share.then(|| {
        use crate::sync::net;
        net::Session::start(net::Start {
            plan: net::Plan::Host {
                bind: std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
                advertise: net::parse_address("127.0.0.1:0").unwrap_or_else(|_| unreachable!()),
            },
            doc: net::new_document_id(),
            have: Some(replica.save()),
            name: "stress".into(),
            wake: std::sync::Arc::new(|| {}),
        })
        .ok()
    });
    doc.replica = Some(replica);
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
        let edit = Edit::Log {
            kind: EntryKind::Note,
            text: format!("change {change}"),
            at: None,
        };
        if let Ok((_, Some(bytes))) = doc.apply(edit, now, "stress") {
            safety.journal_change(&bytes);
            if let Some(Some(session)) = &session {
                session.send(bytes);
            }
        }
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Markdown,
    Json,
}

/// Runs `report`: the report text, or the error to print.
pub fn report(file: &std::path::Path, format: ReportFormat) -> Result<String, String> {
    report_with(file, format, false)
}

/// [`report`], or with `redact` the variant for wider sharing.
pub fn report_with(file: &std::path::Path, format: ReportFormat, redact: bool) -> Result<String, String> {
    let incident = crate::file::load(file).map_err(|e| format!("{}: {e}", file.display()))?;
    Ok(match (format, redact) {
        (ReportFormat::Markdown, false) => crate::report::postmortem_markdown(&incident),
        (ReportFormat::Markdown, true) => crate::report::postmortem_for_wider_sharing(&incident),
        (ReportFormat::Json, false) => crate::report::report_json(&incident),
        (ReportFormat::Json, true) => crate::report::report_json(&crate::report::redacted(&incident).0),
    })
}

/// Writes the report to `out` atomically. An existing FIFO, device, socket
/// or directory at `out` is refused rather than replaced (`-o /dev/null`
/// must not swap the device for a regular file).
pub fn write_report(out: &std::path::Path, text: &str) -> Result<(), String> {
    crate::file::regular::check_write_target(out).map_err(|e| format!("{e}; the report was not written"))?;
    // `report x.ron -o x.ron` (or any other incident file) must never turn
    // an incident into Markdown: there is no one to ask, so refuse.
    let there = crate::file::target::what_is_at(out);
    if there.is_incident() {
        return Err(format!(
            "{} holds {}; a report is never written over an incident file, so it was not written",
            out.display(),
            there.describe()
        ));
    }
    crate::file::save_text(out, text).map_err(|e| e.to_string())
}

/// What to import, from the command line.
pub struct ImportRequest {
    pub slack: Option<(PathBuf, String)>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub keep_noise: bool,
    pub alertmanager: Option<PathBuf>,
    pub alerts_csv: Option<PathBuf>,
    pub suricata_eve: Option<PathBuf>,
    pub chat_log: Option<(PathBuf, String)>,
    pub set_detection: bool,
    pub author: String,
}

/// Runs `import`: all or nothing. Reads every source first; the incident is
/// written (atomically) only if all of them parsed.
pub fn import(file: &std::path::Path, request: ImportRequest) -> Result<String, String> {
    use crate::import::{SlackExport, SlackOptions, read_alert_csv, read_alertmanager, read_chat_log};
    use crate::model::{Edit, parse_date_input, parse_time_input};

    let now = chrono::Utc::now();
    let time = |t: &Option<String>| -> Result<Option<crate::model::Timestamp>, String> {
        match t {
            Some(text) => parse_time_input(text, now),
            None => Ok(None),
        }
    };
    let mut incident = crate::file::load(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let mut batches = Vec::new();
    if let Some((dir, channel)) = &request.slack {
        let export = SlackExport::open(dir).map_err(|e| e.to_string())?;
        let options = SlackOptions {
            from: time(&request.from)?,
            to: time(&request.to)?,
            skip_noise: !request.keep_noise,
            days: None,
        };
        let chat = export
            .read_channel(channel, &options)
            .map_err(|e| e.to_string())?;
        batches.push(chat.into_batch(
            format!("Slack export, channel #{}", channel.trim_start_matches('#')),
            dir.display().to_string(),
        ));
    }
    if let Some(path) = &request.alertmanager {
        let alerts = read_alertmanager(path).map_err(|e| e.to_string())?;
        batches.push(alerts.into_batch(
            "Alertmanager payload".into(),
            path.display().to_string(),
            request.set_detection,
        ));
    }
    if let Some(path) = &request.alerts_csv {
        let alerts = read_alert_csv(path).map_err(|e| e.to_string())?;
        batches.push(alerts.into_batch(
            "alerts CSV".into(),
            path.display().to_string(),
            request.set_detection,
        ));
    }
    if let Some(path) = &request.suricata_eve {
        let eve = crate::import::read_eve(path).map_err(|e| e.to_string())?;
        batches.push(eve.alerts.into_batch(
            "Suricata EVE alerts".into(),
            path.display().to_string(),
            request.set_detection,
        ));
    }
    if let Some((path, date)) = &request.chat_log {
        let date = parse_date_input(date)?.ok_or("--date is empty")?;
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let chat = read_chat_log(path, date, &name).map_err(|e| e.to_string())?;
        batches.push(chat.into_batch("chat log".into(), path.display().to_string()));
    }
    if batches.is_empty() {
        return Err("nothing to import: give --slack DIR --channel NAME, --alertmanager FILE, --alerts-csv FILE, --suricata-eve FILE or --chat-log FILE --date D".into());
    }
    let before = incident.timeline.len();
    let mut lines = Vec::new();
    for batch in batches {
        let applied = incident
            .apply(Edit::Import(batch), now, &request.author)
            .map_err(|e| e.to_string())?;
        // The import's own record is the last entry it wrote.
        if let Some(record) = applied.added.last().and_then(|&id| incident.timeline.get(id)) {
            lines.push(record.text.clone());
        }
    }
    crate::file::save(file, &incident).map_err(|e| e.to_string())?;
    let added = incident.timeline.len() - before - lines.len();
    lines.push(format!("{}: {added} entries added", file.display()));
    Ok(lines.join("\n"))
}

/// Runs `merge`: the summary to print, or why nothing was written.
pub fn merge(a: &std::path::Path, b: &std::path::Path, out: &std::path::Path) -> Result<String, String> {
    let load = |p: &std::path::Path| crate::file::load(p).map_err(|e| format!("{}: {e}", p.display()));
    let (first, second) = (load(a)?, load(b)?);
    let merged =
        crate::model::merge::merge(&first, &second).map_err(|e| format!("{e}; nothing was written"))?;
    // Only a new file, or one of the two copies (now merged), is written:
    // a third file may hold work of its own.
    let same = |x: &std::path::Path, y: &std::path::Path| {
        let resolve =
            |p: &std::path::Path| crate::file::target::resolve(p).unwrap_or_else(|_| p.to_path_buf());
        resolve(x) == resolve(y)
    };
    let there = crate::file::target::what_is_at(out);
    if there != crate::file::target::WhatIsThere::Nothing && !same(out, a) && !same(out, b) {
        return Err(format!(
            "{} holds {}; the merge is written to a new file or over one of the two copies, so nothing was written",
            out.display(),
            there.describe()
        ));
    }
    crate::file::save(out, &merged).map_err(|e| e.to_string())?;
    let ids = |i: &crate::model::Incident| -> std::collections::HashSet<crate::model::EntryId> {
        i.timeline.iter().map(|e| e.id).collect()
    };
    let (ia, ib) = (ids(&first), ids(&second));
    Ok(format!(
        "{}: {} \"{}\", {} timeline entries ({} only in {}, {} only in {})",
        out.display(),
        merged.id,
        merged.title,
        merged.timeline.len(),
        ia.difference(&ib).count(),
        a.display(),
        ib.difference(&ia).count(),
        b.display()
    ))
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

/// Runs a subcommand to completion and says how the process should exit.
pub fn run_subcommand(command: CliCommand) -> std::process::ExitCode {
    use std::process::ExitCode;
    match command {
        CliCommand::Merge { a, b, output } => match merge(&a, &b, &output) {
            Ok(text) => {
                println!("{text}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("incident-console: {e}");
                ExitCode::FAILURE
            }
        },
        CliCommand::Validate { file } => {
            let (text, ok) = validate(&file);
            if ok {
                println!("{text}");
                ExitCode::SUCCESS
            } else {
                eprintln!("{text}");
                ExitCode::FAILURE
            }
        }
        CliCommand::Report {
            file,
            output,
            format,
            redact,
        } => match report_with(&file, format, redact) {
            Ok(text) => match output {
                Some(out) => match write_report(&out, &text) {
                    Ok(()) => ExitCode::SUCCESS,
                    Err(e) => {
                        eprintln!("incident-console: {e}");
                        ExitCode::FAILURE
                    }
                },
                None => {
                    print!("{text}");
                    ExitCode::SUCCESS
                }
            },
            Err(e) => {
                eprintln!("incident-console: {e}");
                ExitCode::FAILURE
            }
        },
        CliCommand::Import {
            file,
            slack,
            channel,
            from,
            to,
            keep_noise,
            alertmanager,
            alerts_csv,
            suricata_eve,
            chat_log,
            date,
            set_detection,
            author,
        } => {
            let request = ImportRequest {
                slack: slack.zip(channel),
                from,
                to,
                keep_noise,
                alertmanager,
                alerts_csv,
                suricata_eve,
                chat_log: chat_log.zip(date),
                set_detection,
                author,
            };
            match import(&file, request) {
                Ok(text) => {
                    println!("{text}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("incident-console: import failed, nothing was changed: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        CliCommand::Headless {
            dir,
            name,
            join,
            server,
            host,
        } => crate::headless::run(crate::headless::Headless {
            dir,
            name,
            join,
            server,
            host,
        }),
        CliCommand::StressAutosave {
            file,
            recovery_root,
            entries,
            save_every,
            share,
        } => stress_autosave(&file, &recovery_root, entries, save_every, share),
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

    #[cfg(unix)]
    #[test]
    fn report_output_refuses_special_files() {
        use crate::file::regular::testing::{mkfifo, promptly};
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("report.md");
        mkfifo(&fifo);
        let link = dir.path().join("null.md");
        std::os::unix::fs::symlink("/dev/null", &link).unwrap();
        for (out, what) in [
            (fifo.clone(), "is a named pipe (FIFO)"),
            (link.clone(), "is a symbolic link to a character device"),
            (PathBuf::from("/dev/null"), "is a character device"),
            (dir.path().to_path_buf(), "is a directory"),
        ] {
            let err = {
                let out = out.clone();
                promptly(move || write_report(&out, "# Report\n").unwrap_err())
            };
            assert!(err.starts_with(&out.display().to_string()), "{err}");
            assert!(err.contains(what) && err.contains("not written"), "{what}: {err}");
        }
        use std::os::unix::fs::FileTypeExt;
        assert!(
            std::fs::metadata(&fifo).unwrap().file_type().is_fifo(),
            "left alone"
        );
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        let incident_file = dir.path().join("inc.ron");
        let incident = crate::model::Incident::declare(chrono::Utc::now(), "Ana");
        crate::file::save(&incident_file, &incident).unwrap();
        let before = std::fs::read(&incident_file).unwrap();
        let err = write_report(&incident_file, "# Report\n").unwrap_err();
        assert!(err.contains("never written over an incident file"), "{err}");
        assert_eq!(std::fs::read(&incident_file).unwrap(), before);
        let out = dir.path().join("ok.md");
        write_report(&out, "# Report\n").unwrap();
        write_report(&out, "# Again\n").unwrap();
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "# Again\n");
    }
}
