//! Reading the timeline: filters, display zone, and text exports. Pure
//! functions over entries, so the UI only recomputes them when inputs change.

use std::collections::BTreeSet;
use std::sync::Arc;

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
            .iter()
            .enumerate()
            .filter(|(_, e)| self.matches(e, &words))
            .map(|(i, _)| i)
            .collect()
    }
}

/// Which entries pass a filter, kept up to date as the timeline changes:
/// only entries that are new or changed since the last update are matched
/// again. An entry is shared (`Arc`) and copied on change, so one that kept
/// its pointer is unchanged; the index holds the entries it matched, so no
/// pointer can be reused meanwhile.
#[derive(Debug, Clone, Default)]
pub struct FilterIndex {
    filter: TimelineFilter,
    words: Vec<String>,
    /// The entries last matched, in timeline order...
    entries: Vec<Arc<TimelineEntry>>,
    /// ...and whether each passed.
    passed: Vec<bool>,
}

/// How far [`FilterIndex::update`] looks for an entry that moved or for a
/// run of removed ones before matching the rest afresh.
const RESYNC: usize = 64;

impl FilterIndex {
    /// Matches every entry of `entries` (a snapshot of a timeline's)
    /// against `filter`.
    pub fn new(filter: TimelineFilter, entries: Vec<Arc<TimelineEntry>>) -> Self {
        let words = filter.words();
        let passed = entries.iter().map(|e| filter.matches(e, &words)).collect();
        FilterIndex {
            filter,
            words,
            entries,
            passed,
        }
    }

    /// Gives up the entries held, e.g. to match them against a new filter
    /// elsewhere; the index is empty afterwards.
    pub fn into_entries(self) -> Vec<Arc<TimelineEntry>> {
        self.entries
    }

    pub fn filter(&self) -> &TimelineFilter {
        &self.filter
    }

    /// How many entries the index holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Brings the index up to `timeline`, matching only entries added or
    /// changed since; returns how many were matched.
    pub fn update(&mut self, timeline: &Timeline) -> usize {
        self.update_within(timeline, usize::MAX).unwrap_or(0)
    }

    /// Like [`FilterIndex::update`], but gives up (changing nothing) once
    /// more than `budget` entries would need matching: so much changed (a
    /// big import, another file) that matching belongs on a worker.
    pub fn update_within(&mut self, timeline: &Timeline, budget: usize) -> Option<usize> {
        let new = &timeline.entries;
        let (old, old_passed) = (&self.entries, &self.passed);
        // First only compare pointers (two arrays read in order, no entry
        // touched); then take over the kept entries without touching their
        // counts: at 100,000 entries that is the difference between a
        // fraction of a millisecond and several.
        let mut from_old: Vec<Option<usize>> = Vec::with_capacity(new.len());
        let mut passed = Vec::with_capacity(new.len());
        let mut matched = 0;
        let (mut i, mut j) = (0, 0);
        while i < new.len() {
            if j < old.len() && Arc::ptr_eq(&new[i], &old[j]) {
                passed.push(old_passed[j]);
                from_old.push(Some(j));
                i += 1;
                j += 1;
                continue;
            }
            // Old entries removed (or changed, or moved away) here?
            let end = old.len().min(j + RESYNC + 1);
            if let Some(d) = (j + 1..end).find(|&k| Arc::ptr_eq(&new[i], &old[k])) {
                j = d;
                continue;
            }
            // New, changed or moved here: match it.
            if matched == budget {
                return None;
            }
            passed.push(self.filter.matches(&new[i], &self.words));
            from_old.push(None);
            matched += 1;
            i += 1;
        }
        let mut old: Vec<Option<Arc<TimelineEntry>>> =
            std::mem::take(&mut self.entries).into_iter().map(Some).collect();
        self.entries = from_old
            .into_iter()
            .zip(new)
            .map(|(j, entry)| match j.and_then(|j| old[j].take()) {
                Some(kept) => kept,
                None => Arc::clone(entry),
            })
            .collect();
        self.passed = passed;
        Some(matched)
    }

    /// Indices into the timeline's entries of those that pass, in time order.
    pub fn rows(&self) -> Vec<usize> {
        (0..self.passed.len()).filter(|&i| self.passed[i]).collect()
    }
}

/// Everyone who wrote on the timeline, sorted, once each.
pub fn authors(timeline: &Timeline) -> Vec<String> {
    let set: BTreeSet<&str> = timeline.iter().map(|e| e.author.as_str()).collect();
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
        std::sync::Arc::make_mut(&mut tl.entries[3]).retracted = Some(Retraction {
            at: t(10),
            by: "Cy".into(),
            reason: "wrong graph".into(),
        });
        let md = export(tl.iter(), Some(t(0)), DisplayZone::Utc, ExportFormat::Markdown);
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
        std::sync::Arc::make_mut(&mut tl.entries[0]).text = "```\n<!--\r# x\n|---|".into();
        std::sync::Arc::make_mut(&mut tl.entries[1]).author = "Bo\r\nCy".into();
        std::sync::Arc::make_mut(&mut tl.entries[2]).text = "  ".into();
        std::sync::Arc::make_mut(&mut tl.entries[2]).retracted = Some(Retraction {
            at: t(10),
            by: "Cy".into(),
            reason: "dup".into(),
        });
        let md = export(tl.iter(), Some(t(0)), DisplayZone::Utc, ExportFormat::Markdown);
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
        std::sync::Arc::make_mut(&mut tl.entries[0]).text = "<b>*x*</b> | a_b \\".into();
        let text = export(tl.iter(), None, DisplayZone::Utc, ExportFormat::PlainText);
        assert!(text.contains(" SYSTEM Ana: <b>*x*</b> | a_b \\\n"), "{text}");
    }

    #[test]
    fn plain_export_is_one_line_per_entry() {
        let mut tl = sample();
        std::sync::Arc::make_mut(&mut tl.entries[0]).text = "two\nlines".into();
        let text = export(tl.iter(), None, DisplayZone::Utc, ExportFormat::PlainText);
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

    /// The index kept up to date after each change gives the same rows as
    /// matching the whole timeline again, and matches only what changed.
    mod filter_index {
        use super::*;
        use proptest::prelude::*;

        #[derive(Debug, Clone)]
        enum Op {
            Add {
                minute: u32,
                text: u8,
            },
            Many {
                minutes: Vec<u32>,
            },
            Revise {
                pick: usize,
                text: u8,
                minute: Option<u32>,
            },
            Retract {
                pick: usize,
            },
        }

        const TEXTS: [&str; 4] = ["db-3 restarted", "Rolled back", "DB failover", "paged Bo"];

        fn op() -> impl Strategy<Value = Op> {
            prop_oneof![
                (0..60u32, 0..4u8).prop_map(|(minute, text)| Op::Add { minute, text }),
                proptest::collection::vec(0..60u32, 0..80).prop_map(|minutes| Op::Many { minutes }),
                (any::<usize>(), 0..4u8, proptest::option::of(0..60u32))
                    .prop_map(|(pick, text, minute)| Op::Revise { pick, text, minute }),
                any::<usize>().prop_map(|pick| Op::Retract { pick }),
            ]
        }

        fn filters() -> Vec<TimelineFilter> {
            let mut hide_notes = TimelineFilter::default();
            hide_notes.hidden_kinds.insert(EntryKind::Note);
            vec![
                TimelineFilter::default(),
                TimelineFilter {
                    text: "db".into(),
                    ..Default::default()
                },
                TimelineFilter {
                    author: Some("Bo".into()),
                    ..Default::default()
                },
                hide_notes,
            ]
        }

        proptest! {
            #[test]
            fn update_matches_what_changed_and_agrees_with_a_full_match(
                ops in proptest::collection::vec(op(), 1..25),
                which in 0..4usize,
            ) {
                let filter = filters()[which].clone();
                let mut tl = sample();
                let mut index = FilterIndex::new(filter.clone(), tl.entries.clone());
                for op in ops {
                    let single = match op {
                        Op::Add { minute, text } => {
                            tl.add(t(minute), t(59), "Bo", EntryKind::Note, TEXTS[usize::from(text)]);
                            true
                        }
                        Op::Many { minutes } => {
                            tl.add_many(minutes.iter().map(|&m| crate::model::timeline::NewEntry {
                                at: t(m),
                                recorded_at: t(59),
                                author: "Ana".into(),
                                kind: EntryKind::Chat,
                                text: "db chat".into(),
                                source: None,
                            }));
                            false
                        }
                        Op::Revise { pick, text, minute } => {
                            let id = tl.entries[pick % tl.len()].id;
                            let text = Some(TEXTS[usize::from(text)].to_owned());
                            tl.revise(id, text, minute.map(t), t(59), "Ana").is_ok()
                        }
                        Op::Retract { pick } => {
                            let id = tl.entries[pick % tl.len()].id;
                            tl.retract(id, "wrong", t(59), "Ana").is_ok()
                        }
                    };
                    let matched = index.update(&tl);
                    prop_assert_eq!(index.rows(), filter.apply(&tl));
                    if single {
                        prop_assert!(matched <= 1, "one change, {} matched again", matched);
                    }
                    prop_assert_eq!(index.update(&tl), 0, "nothing changed");
                    // Over budget: refused, and the index is as it was.
                    tl.add(t(1), t(59), "Bo", EntryKind::Note, "db one more");
                    tl.add(t(2), t(59), "Bo", EntryKind::Note, "db two more");
                    prop_assert_eq!(index.update_within(&tl, 1), None);
                    prop_assert_eq!(index.update_within(&tl, 2), Some(2));
                    prop_assert_eq!(index.rows(), filter.apply(&tl));
                }
            }
        }
    }
}
