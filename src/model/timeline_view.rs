//! Reading the timeline: filters, display zone, and text exports. Pure
//! functions over entries, so the UI only recomputes them when inputs change.

use std::collections::BTreeSet;

use chrono::{Local, TimeDelta};
use serde::{Deserialize, Serialize};

use super::incident::Timestamp;
use super::time::format_elapsed;
use super::timeline::{EntryKind, Timeline, TimelineEntry};

/// Which zone times are shown in. Files always store UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum DisplayZone {
    #[default]
    Utc,
    Local,
}

impl DisplayZone {
    /// `2026-11-25 14:02:05 UTC` or `2026-11-25 15:02:05 +01:00`.
    pub fn format(self, at: Timestamp) -> String {
        match self {
            DisplayZone::Utc => at.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
            DisplayZone::Local => at
                .with_timezone(&Local)
                .format("%Y-%m-%d %H:%M:%S %:z")
                .to_string(),
        }
    }

    /// `14:02:05 UTC`, for a second time on a line that already has the date.
    pub fn format_time(self, at: Timestamp) -> String {
        match self {
            DisplayZone::Utc => at.format("%H:%M:%S UTC").to_string(),
            DisplayZone::Local => at.with_timezone(&Local).format("%H:%M:%S %:z").to_string(),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DisplayZone::Utc => "UTC",
            DisplayZone::Local => "Local",
        }
    }
}

/// What the timeline panel shows. The default shows everything.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TimelineFilter {
    /// Kinds to hide (empty: show all kinds).
    pub hidden_kinds: BTreeSet<EntryKind>,
    /// Only this author (`None`: everyone).
    pub author: Option<String>,
    /// Case-insensitive words that must all appear in the text or author.
    pub text: String,
}

impl TimelineFilter {
    pub fn is_empty(&self) -> bool {
        self.hidden_kinds.is_empty() && self.author.is_none() && self.text.trim().is_empty()
    }

    pub fn matches(&self, entry: &TimelineEntry, words: &[String]) -> bool {
        if self.hidden_kinds.contains(&entry.kind) {
            return false;
        }
        if let Some(author) = &self.author
            && &entry.author != author
        {
            return false;
        }
        if words.is_empty() {
            return true;
        }
        let text = entry.text.to_lowercase();
        let author = entry.author.to_lowercase();
        words
            .iter()
            .all(|w| text.contains(w.as_str()) || author.contains(w.as_str()))
    }

    fn words(&self) -> Vec<String> {
        self.text.split_whitespace().map(str::to_lowercase).collect()
    }

    /// Indices into `timeline.entries` of the entries that pass, in time order.
    pub fn apply(&self, timeline: &Timeline) -> Vec<usize> {
        let words = self.words();
        timeline
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| self.matches(e, &words))
            .map(|(i, _)| i)
            .collect()
    }
}

/// Everyone who wrote on the timeline, sorted, once each.
pub fn authors(timeline: &Timeline) -> Vec<String> {
    let set: BTreeSet<&str> = timeline.entries.iter().map(|e| e.author.as_str()).collect();
    set.into_iter().map(str::to_owned).collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Markdown,
    PlainText,
}

/// The entries as Markdown (a table) or plain text (one line each), in time
/// order, with date, zone, elapsed time, kind and author; retracted entries
/// are marked, edited ones say so.
pub fn export<'a>(
    entries: impl IntoIterator<Item = &'a TimelineEntry>,
    detected_at: Option<Timestamp>,
    zone: DisplayZone,
    format: ExportFormat,
) -> String {
    let mut out = String::new();
    if format == ExportFormat::Markdown {
        out.push_str("| Time | T+ | Kind | Author | Entry |\n|---|---|---|---|---|\n");
    }
    for entry in entries {
        let elapsed = detected_at
            .map(|d| format_elapsed(entry.at - d))
            .unwrap_or_default();
        let mut notes = Vec::new();
        if entry.at != entry.recorded_at && (entry.recorded_at - entry.at).abs() >= TimeDelta::seconds(60) {
            notes.push(format!("written {}", zone.format(entry.recorded_at)));
        }
        if !entry.revisions.is_empty() {
            notes.push(format!("edited {}x", entry.revisions.len()));
        }
        let notes = if notes.is_empty() {
            String::new()
        } else {
            format!(" ({})", notes.join(", "))
        };
        match format {
            ExportFormat::Markdown => {
                let text = markdown_cell(&entry.text);
                let text = match &entry.retracted {
                    Some(r) => format!(
                        "~~{text}~~ RETRACTED by {}: {}",
                        markdown_cell(&r.by),
                        markdown_cell(&r.reason)
                    ),
                    None => text,
                };
                out.push_str(&format!(
                    "| {} | {} | {} | {} | {}{} |\n",
                    zone.format(entry.at),
                    elapsed,
                    entry.kind.badge(),
                    markdown_cell(&entry.author),
                    text,
                    notes
                ));
            }
            ExportFormat::PlainText => {
                let retracted = match &entry.retracted {
                    Some(r) => format!(" [RETRACTED by {}: {}]", r.by, r.reason),
                    None => String::new(),
                };
                out.push_str(&format!(
                    "{} {} {} {}: {}{}{}\n",
                    zone.format(entry.at),
                    elapsed,
                    entry.kind.badge(),
                    entry.author,
                    entry.text.replace('\n', " / "),
                    retracted,
                    notes
                ));
            }
        }
    }
    out
}

/// Text safe inside a Markdown table cell: pipes escaped, lines joined.
fn markdown_cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace("\r\n", "<br>")
        .replace('\n', "<br>")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::timeline::Retraction;
    use chrono::{TimeZone, Utc};

    fn t(minute: u32) -> Timestamp {
        Utc.with_ymd_and_hms(2026, 11, 25, 14, minute, 0).unwrap()
    }

    fn sample() -> Timeline {
        let mut tl = Timeline::default();
        tl.add(t(0), t(0), "Ana", EntryKind::System, "Incident declared");
        tl.add(t(5), t(5), "Bo", EntryKind::Decision, "Roll back | release 4.12");
        tl.add(t(7), t(20), "Ana", EntryKind::Action, "Restarted db-3");
        tl.add(t(9), t(9), "Cy", EntryKind::Note, "Error rate falling");
        tl
    }

    #[test]
    fn empty_filter_shows_everything() {
        let tl = sample();
        let filter = TimelineFilter::default();
        assert!(filter.is_empty());
        assert_eq!(filter.apply(&tl), vec![0, 1, 2, 3]);
    }

    #[test]
    fn filters_by_kind_author_and_words() {
        let tl = sample();
        let mut filter = TimelineFilter::default();
        filter.hidden_kinds.insert(EntryKind::System);
        assert_eq!(filter.apply(&tl), vec![1, 2, 3]);
        filter.author = Some("Ana".into());
        assert_eq!(filter.apply(&tl), vec![2]);
        let filter = TimelineFilter {
            text: "ROLL 4.12".into(),
            ..Default::default()
        };
        assert_eq!(filter.apply(&tl), vec![1]);
        let filter = TimelineFilter {
            text: "cy".into(),
            ..Default::default()
        };
        assert_eq!(filter.apply(&tl), vec![3], "matches the author too");
        assert_eq!(authors(&tl), vec!["Ana", "Bo", "Cy"]);
    }

    #[test]
    fn markdown_export_escapes_and_marks() {
        let mut tl = sample();
        tl.entries[3].retracted = Some(Retraction {
            at: t(10),
            by: "Cy".into(),
            reason: "wrong graph".into(),
        });
        let md = export(&tl.entries, Some(t(0)), DisplayZone::Utc, ExportFormat::Markdown);
        let lines: Vec<&str> = md.lines().collect();
        assert_eq!(lines.len(), 6);
        assert_eq!(
            lines[2],
            "| 2026-11-25 14:00:00 UTC | T+00:00:00 | SYSTEM | Ana | Incident declared |"
        );
        assert!(lines[3].contains("Roll back \\| release 4.12"));
        assert!(
            lines[4].contains("(written 2026-11-25 14:20:00 UTC)"),
            "{}",
            lines[4]
        );
        assert!(lines[5].contains("~~Error rate falling~~ RETRACTED by Cy: wrong graph"));
    }

    #[test]
    fn plain_export_is_one_line_per_entry() {
        let mut tl = sample();
        tl.entries[0].text = "two\nlines".into();
        let text = export(&tl.entries, None, DisplayZone::Utc, ExportFormat::PlainText);
        assert_eq!(text.lines().count(), 4);
        assert!(
            text.starts_with("2026-11-25 14:00:00 UTC  SYSTEM Ana: two / lines\n"),
            "{text}"
        );
    }

    #[test]
    fn zones_are_always_named() {
        assert_eq!(DisplayZone::Utc.format(t(2)), "2026-11-25 14:02:00 UTC");
        let local = DisplayZone::Local.format(t(2));
        assert!(local.contains('+') || local.contains('-'));
        assert_eq!(local.len(), "2026-11-25 14:02:00 +00:00".len());
    }
}
