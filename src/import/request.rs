//! The import dialog's work: read outside files (off the UI thread), show a
//! preview, then add everything as one undoable step, or nothing.

use std::path::PathBuf;

use crate::import::{SlackExport, SlackOptions, read_alert_csv, read_alertmanager, read_chat_log};
use crate::model::{ImportBatch, Timestamp, format_utc, parse_date_input, parse_time_input};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ImportSource {
    #[default]
    Slack,
    ChatLog,
    Alertmanager,
    AlertCsv,
    SuricataEve,
}

impl ImportSource {
    pub const ALL: [ImportSource; 5] = [
        ImportSource::Slack,
        ImportSource::ChatLog,
        ImportSource::Alertmanager,
        ImportSource::AlertCsv,
        ImportSource::SuricataEve,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ImportSource::Slack => "Slack export (folder)",
            ImportSource::ChatLog => "Plain-text chat log",
            ImportSource::Alertmanager => "Alertmanager payload (JSON)",
            ImportSource::AlertCsv => "Alerts CSV (time, source, summary)",
            ImportSource::SuricataEve => "Suricata EVE JSON (eve.json, IDS alerts)",
        }
    }
}

/// What the user typed into the import dialog.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImportForm {
    pub source: ImportSource,
    pub path: String,
    pub channel: String,
    pub from: String,
    pub to: String,
    pub keep_noise: bool,
    /// Slack: only these day files, e.g. "2026-03-17, 2026-03-18" (empty: all).
    pub days: String,
    pub date: String,
    /// Alerts only: set the detection source and time when they are unset.
    pub set_detection: bool,
    pub prepared: Option<Result<Prepared, String>>,
    pub busy: bool,
}

/// A parsed import, waiting for the user's go-ahead.
#[derive(Debug, Clone, PartialEq)]
pub struct Prepared {
    pub batch: ImportBatch,
    pub summary: Vec<String>,
    pub earliest_firing: Option<Timestamp>,
}

/// Reads the files the form names. Runs on a worker thread.
pub fn prepare(form: &ImportForm, now: Timestamp) -> Result<Prepared, String> {
    let path = PathBuf::from(form.path.trim());
    if form.path.trim().is_empty() {
        return Err("Give the file or folder to import".into());
    }
    let time = |text: &str| {
        if text.trim().is_empty() {
            Ok(None)
        } else {
            parse_time_input(text, now)
        }
    };
    let file = path.display().to_string();
    let mut left_out = Vec::new();
    let (batch, preview, earliest, noise) = match form.source {
        ImportSource::Slack => {
            let export = SlackExport::open(&path).map_err(|e| e.to_string())?;
            let channel = form.channel.trim().trim_start_matches('#');
            if channel.is_empty() {
                return Err(format!("Pick a channel: {}", export.channels().join(", ")));
            }
            let days: Vec<String> = form
                .days
                .split([',', ' '])
                .map(str::trim)
                .filter(|d| !d.is_empty())
                .map(str::to_owned)
                .collect();
            let options = SlackOptions {
                from: time(&form.from)?,
                to: time(&form.to)?,
                skip_noise: !form.keep_noise,
                days: (!days.is_empty()).then_some(days),
            };
            let chat = export
                .read_channel(channel, &options)
                .map_err(|e| e.to_string())?;
            let preview = chat.preview.clone();
            let noise = chat.skipped_noise;
            (
                chat.into_batch(format!("Slack export, channel #{channel}"), file),
                preview,
                None,
                noise,
            )
        }
        ImportSource::ChatLog => {
            let date =
                parse_date_input(&form.date)?.ok_or("Give the date of the log's first line (YYYY-MM-DD)")?;
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let chat = read_chat_log(&path, date, &name).map_err(|e| e.to_string())?;
            let preview = chat.preview.clone();
            (chat.into_batch("chat log".into(), file), preview, None, 0)
        }
        ImportSource::SuricataEve => {
            let eve = crate::import::read_eve(&path).map_err(|e| e.to_string())?;
            if eve.other_events > 0 {
                left_out.push(format!(
                    "{} events that are not alerts left out",
                    eve.other_events
                ));
            }
            if eve.repeats > 0 {
                left_out.push(format!(
                    "{} repeats of a signature on the same flow read once",
                    eve.repeats
                ));
            }
            let preview = eve.alerts.preview.clone();
            let earliest = eve.alerts.earliest_firing;
            (
                eve.alerts
                    .into_batch("Suricata EVE alerts".into(), file, form.set_detection),
                preview,
                earliest,
                0,
            )
        }
        ImportSource::Alertmanager | ImportSource::AlertCsv => {
            let alerts = if form.source == ImportSource::Alertmanager {
                read_alertmanager(&path)
            } else {
                read_alert_csv(&path)
            }
            .map_err(|e| e.to_string())?;
            let preview = alerts.preview.clone();
            let earliest = alerts.earliest_firing;
            let what = if form.source == ImportSource::Alertmanager {
                "Alertmanager payload"
            } else {
                "alerts CSV"
            };
            (
                alerts.into_batch(what.into(), file, form.set_detection),
                preview,
                earliest,
                0,
            )
        }
    };
    let mut summary = vec![format!("{} entries", preview.messages)];
    if let (Some(first), Some(last)) = (preview.first, preview.last) {
        summary.push(format!("from {} to {}", format_utc(first), format_utc(last)));
    }
    if !preview.authors.is_empty() {
        let authors: Vec<String> = preview
            .authors
            .iter()
            .take(8)
            .map(|(a, n)| format!("{a} ({n})"))
            .collect();
        summary.push(format!("authors: {}", authors.join(", ")));
    }
    if noise > 0 {
        summary.push(format!("{noise} joins, leaves and bot messages left out"));
    }
    summary.extend(left_out);
    Ok(Prepared {
        batch,
        summary,
        earliest_firing: earliest,
    })
}

/// Setting detection from alerts was asked for; never replace what is set.
pub fn keep_set_detection(mut batch: ImportBatch, incident: &crate::model::Incident) -> ImportBatch {
    if batch.detection.is_some()
        && incident.detection.source.is_some()
        && incident.detection.detected_at.is_some()
    {
        batch.detection = None;
    }
    batch
}

/// Applies the import to a copy (on the worker) and refuses it if the
/// incident file would then be one the console cannot open again.
pub fn check_fits(
    mut copy: crate::model::Incident,
    batch: &ImportBatch,
    now: Timestamp,
    author: &str,
) -> Result<(), String> {
    let batch = keep_set_detection(batch.clone(), &copy);
    copy.apply(crate::model::Edit::Import(batch), now, author)
        .map_err(|e| format!("Nothing can be imported: {e}"))?;
    crate::file::incident_text(std::path::Path::new("the incident file"), &copy)
        .map(drop)
        .map_err(|e| format!("This import is refused, so the incident stays one the console can open: {e}"))
}
