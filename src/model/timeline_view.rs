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

    /// What a time field says its zone is: `UTC`, `local (+01:00)`.
    pub fn field_label(self, now: Timestamp) -> String {
        match self {
            DisplayZone::Utc => "UTC".to_owned(),
            DisplayZone::Local => format!("local ({})", now.with_timezone(&Local).format("%:z")),
        }
    }

    /// A time as the time fields show it in this zone.
    pub fn format_input(self, at: Timestamp) -> String {
        match self {
            DisplayZone::Utc => super::time::format_time_input_in(at, &chrono::Utc),
            DisplayZone::Local => super::time::format_time_input_in(at, &Local),
        }
    }

    /// A typed time, read in this zone.
    pub fn parse_input(self, text: &str, now: Timestamp) -> Result<Option<Timestamp>, String> {
        match self {
            DisplayZone::Utc => super::time::parse_time_input_in(text, now, &chrono::Utc),
            DisplayZone::Local => super::time::parse_time_input_in(text, now, &Local),
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
                        // `~~~~` would strike nothing and show as tildes.
                        "{}RETRACTED by {}: {}",
                        if text.is_empty() {
                            String::new()
                        } else {
                            format!("~~{text}~~ ")
                        },
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

/// Text for a Markdown table cell that reads back as itself: trimmed, each
/// line escaped, line breaks as `<br>` (the only way to break a line in a
/// cell; a raw one would end the row).
pub fn markdown_cell(text: &str) -> String {
    unify_line_ends(text)
        .trim()
        .split('\n')
        .map(|line| escape_markdown(line.trim(), false))
        .collect::<Vec<_>>()
        .join("<br>")
}

/// CRLF, bare CR, NEL and the Unicode line and paragraph separators as LF:
/// Markdown ends lines at CR too, and editors at the others, so text split
/// on them would not be split where the reader sees it.
pub fn unify_line_ends(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace(['\r', '\u{85}', '\u{2028}', '\u{2029}'], "\n")
}

/// One line of user text (no line breaks) as CommonMark (with GFM tables,
/// strikethrough and math) that reads back as exactly this text and opens no
/// construct: no emphasis, code, link, HTML, entity, table cell or math.
/// With `at_line_start` (the text begins a line or a list item) leading
/// spaces are dropped and what would open a block there (`#`, `>`, `-`, `+`,
/// `=`, `1.`) is escaped too. Plain words stay as they are. Control
/// characters become numeric references so the raw file holds none; NUL
/// becomes U+FFFD, as CommonMark reads it anyway.
pub fn escape_markdown(line: &str, at_line_start: bool) -> String {
    let line = if at_line_start { line.trim_start() } else { line };
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() + 8);
    // `1.` or `1)` at a line start opens an ordered list: escape its `.`/`)`.
    let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    let list_marker =
        (at_line_start && digits > 0 && matches!(chars.get(digits), Some('.' | ')'))).then_some(digits);
    if at_line_start && matches!(chars.first(), Some('#' | '>' | '-' | '+' | '=')) {
        out.push('\\');
    }
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        match c {
            // Before a letter, digit or space a backslash is literal already.
            '\\' if !next.is_some_and(|n| n.is_alphanumeric() || n == ' ') => out.push_str("\\\\"),
            '`' | '*' | '~' | '[' | '|' | '$' => {
                out.push('\\');
                out.push(c);
            }
            // Inside a word (`snake_case`) an underscore cannot emphasise.
            '_' if !(prev.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric)) => {
                out.push_str("\\_");
            }
            '.' | ')' if list_marker == Some(i) => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '&' if starts_entity(&chars[i + 1..]) => out.push_str("&amp;"),
            '\0' => out.push('\u{FFFD}'),
            c if c.is_control() && c != '\t' => {
                out.push_str(&format!("&#x{:X};", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out
}

/// Whether `&` followed by `rest` could read as an entity (`&amp;`, `&#65;`,
/// `&#x41;`): a run of letters, digits or `#` closed by `;`.
fn starts_entity(rest: &[char]) -> bool {
    let name = rest
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == '#')
        .count();
    name > 0 && rest.get(name) == Some(&';')
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
    fn markdown_cells_make_every_metacharacter_inert() {
        for (text, cell) in [
            ("<script>x</script>", "&lt;script>x&lt;/script>"),
            ("<!-- <http://a.b>", "&lt;!-- &lt;http://a.b>"),
            ("a\rb\r\nc\u{2028}d\n", "a<br>b<br>c<br>d"),
            ("a | b", "a \\| b"),
            (
                "`x` *y* _z_ ~w~ [l](u) $m$",
                "\\`x\\` \\*y\\* \\_z\\_ \\~w\\~ \\[l](u) \\$m\\$",
            ),
            ("snake_case C:\\dir end\\", "snake_case C:\\dir end\\\\"),
            ("\\* \\| \\\\", "\\\\\\* \\\\\\| \\\\\\\\"),
            ("&amp; &#65; R&D AT&T", "&amp;amp; &amp;#65; R&D AT&T"),
            (
                "nul\0 esc\u{1b}[31m del\u{7f}",
                "nul\u{FFFD} esc&#x1B;\\[31m del&#x7F;",
            ),
            ("  # - > 1. stay inline  ", "# - > 1. stay inline"),
            ("", ""),
        ] {
            assert_eq!(markdown_cell(text), cell, "{text:?}");
        }
    }

    #[test]
    fn line_starts_cannot_open_blocks() {
        for (line, escaped) in [
            ("# h", "\\# h"),
            ("===", "\\==="),
            ("---", "\\---"),
            ("- x", "\\- x"),
            ("+ x", "\\+ x"),
            ("> q", "\\> q"),
            ("12. x", "12\\. x"),
            ("3) x", "3\\) x"),
            ("    code", "code"),
            ("\tcode", "code"),
            ("***", "\\*\\*\\*"),
            ("___", "\\_\\_\\_"),
            ("```", "\\`\\`\\`"),
            ("~~~", "\\~\\~\\~"),
            ("<div>", "&lt;div>"),
            ("[x]: http://e.x", "\\[x]: http://e.x"),
            ("| a |", "\\| a \\|"),
            ("2026 was", "2026 was"),
        ] {
            assert_eq!(escape_markdown(line, true), escaped, "{line:?}");
        }
        // Inside a line the same characters open nothing.
        assert_eq!(escape_markdown("# - + > = 1.", false), "# - + > = 1.");
    }

    #[test]
    fn markdown_export_keeps_one_row_per_entry_whatever_the_text() {
        let mut tl = sample();
        tl.entries[0].text = "```\n<!--\r# x\n|---|".into();
        tl.entries[1].author = "Bo\r\nCy".into();
        tl.entries[2].text = "  ".into();
        tl.entries[2].retracted = Some(Retraction {
            at: t(10),
            by: "Cy".into(),
            reason: "dup".into(),
        });
        let md = export(&tl.entries, Some(t(0)), DisplayZone::Utc, ExportFormat::Markdown);
        let lines: Vec<&str> = md.lines().collect();
        assert_eq!(lines.len(), 6, "{md}");
        assert!(
            lines[2].ends_with("| \\`\\`\\`<br>&lt;!--<br># x<br>\\|---\\| |"),
            "{md}"
        );
        assert!(lines[3].contains("| Bo<br>Cy |"), "{md}");
        assert!(
            lines[4].contains("| Ana | RETRACTED by Cy: dup (written"),
            "nothing to strike: {md}"
        );
    }

    #[test]
    fn plain_export_is_not_escaped() {
        let mut tl = sample();
        tl.entries[0].text = "<b>*x*</b> | a_b \\".into();
        let text = export(&tl.entries, None, DisplayZone::Utc, ExportFormat::PlainText);
        assert!(text.contains(" SYSTEM Ana: <b>*x*</b> | a_b \\\n"), "{text}");
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
