//! Long texts. Any text in a file can be huge (a pasted log, a hostile
//! file): laying out 100 MB every frame freezes the console, and a text
//! editor over it copies it every frame. So a long text shows its first
//! [`SHOWN_CHARS`] characters, read-only, with the whole text a click away:
//! "Show all" pages through it a screenful of rows at a time, "Edit all"
//! opens it in an editor (slow for very long texts, but the user asked).
//! The record always keeps the whole text.

use std::borrow::Cow;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use egui::{Id, Label, RichText, ScrollArea, TextStyle, TextWrapMode, Ui};

/// Characters of a long text shown in place: more than any real field
/// needs, few enough to lay out every frame.
pub const SHOWN_CHARS: usize = 10_000;

/// Characters a one-line place (header, list row, name) shows at most.
pub const ONE_LINE_CHARS: usize = 200;

/// Bytes per row of the whole-text view: lines longer than this wrap into
/// several rows, so every row is one line of the same height.
const ROW_BYTES: usize = 120;

/// The first `max_chars` characters of `text` (cut on a character
/// boundary), or `None` when `text` is not longer than that.
pub fn head(text: &str, max_chars: usize) -> Option<&str> {
    // A character is at least one byte: few bytes means few characters,
    // and this check costs nothing for the usual short text.
    if text.len() <= max_chars {
        return None;
    }
    text.char_indices().nth(max_chars).map(|(at, _)| &text[..at])
}

/// Whether `text` is too long to lay out or edit every frame.
pub fn is_long(text: &str) -> bool {
    head(text, SHOWN_CHARS).is_some()
}

/// `text` cut to `max_chars` characters with an ellipsis when longer, for
/// one-line places and accessible names.
pub fn shortened(text: &str, max_chars: usize) -> Cow<'_, str> {
    match head(text, max_chars) {
        Some(head) => Cow::Owned(format!("{head}…")),
        None => Cow::Borrowed(text),
    }
}

/// The first line of `text`, shortened: what a list row shows.
pub fn first_line(text: &str, max_chars: usize) -> Cow<'_, str> {
    let line = head(text, max_chars)
        .unwrap_or(text)
        .lines()
        .next()
        .unwrap_or_default();
    if line.len() < text.len() {
        Cow::Owned(format!("{line}…"))
    } else {
        Cow::Borrowed(text)
    }
}

/// An incident's title on one line, or "(untitled incident)" for a blank one.
pub fn title_line(title: &str, max_chars: usize) -> Cow<'_, str> {
    if title.trim().is_empty() {
        Cow::Borrowed("(untitled incident)")
    } else {
        first_line(title, max_chars)
    }
}

/// Identifies a text between frames without reading all of it: where it
/// lives, its length and its two ends. A changed text gets a new buffer (or
/// new ends or length), so a stale measure is only ever a wrong count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct TextKey {
    address: usize,
    len: usize,
    ends: u64,
}

impl TextKey {
    fn of(text: &str) -> TextKey {
        let bytes = text.as_bytes();
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        bytes[..bytes.len().min(64)].hash(&mut hasher);
        bytes[bytes.len().saturating_sub(64)..].hash(&mut hasher);
        TextKey {
            address: text.as_ptr() as usize,
            len: text.len(),
            ends: hasher.finish(),
        }
    }
}

/// What is known about one long text: counted once, not every frame.
#[derive(Clone, Default)]
struct Measure {
    key: Option<TextKey>,
    chars: usize,
    rows: Option<Arc<Vec<usize>>>,
}

fn measure(ui: &Ui, id: Id, text: &str, with_rows: bool) -> (usize, Option<Arc<Vec<usize>>>) {
    let key = TextKey::of(text);
    let id = id.with("long_text_measure");
    let mut known: Measure = ui.data(|d| d.get_temp(id)).unwrap_or_default();
    if known.key != Some(key) {
        known = Measure {
            key: Some(key),
            chars: text.chars().count(),
            rows: None,
        };
    }
    if with_rows && known.rows.is_none() {
        known.rows = Some(Arc::new(row_starts(text)));
    }
    let out = (known.chars, known.rows.clone());
    ui.data_mut(|d| d.insert_temp(id, known));
    out
}

/// Byte offsets where the rows of the whole-text view start: one row per
/// line, lines longer than [`ROW_BYTES`] cut into several (on character
/// boundaries).
fn row_starts(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut line_start = 0;
    loop {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        let mut start = line_start;
        loop {
            starts.push(start);
            if line_end - start <= ROW_BYTES {
                break;
            }
            let mut cut = start + ROW_BYTES;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            start = cut;
        }
        if line_end >= text.len() {
            return starts;
        }
        line_start = line_end + 1;
    }
}

fn row<'t>(text: &'t str, starts: &[usize], index: usize) -> &'t str {
    let start = starts.get(index).copied().unwrap_or(text.len());
    let end = starts.get(index + 1).copied().unwrap_or(text.len());
    // `get`: a stale index (see `TextKey`) shows nothing rather than panicking.
    text.get(start..end)
        .unwrap_or_default()
        .trim_end_matches('\n')
        .trim_end_matches('\r')
}

/// The whole text, read-only, laying out only the rows in view.
fn whole_text(ui: &mut Ui, id: Id, text: &str) {
    let (_, rows) = measure(ui, id, text, true);
    let rows = rows.unwrap_or_default();
    let row_height = ui.text_style_height(&TextStyle::Monospace);
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ScrollArea::both()
            .id_salt(id.with("whole_text"))
            // Fixed size (a long text always fills it): a box that resizes
            // as it learns its content makes the grid around it lay out again.
            .max_height(320.0)
            .min_scrolled_height(320.0)
            .auto_shrink([false, false])
            .show_rows(ui, row_height, rows.len(), |ui, range| {
                for index in range {
                    let line = row(text, &rows, index);
                    ui.add(
                        Label::new(RichText::new(line).monospace())
                            .wrap_mode(TextWrapMode::Extend)
                            .selectable(true),
                    );
                }
            });
    });
}

/// What the user asked for on a long text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct LongState {
    show_all: bool,
    edit_all: bool,
}

fn state_of(ui: &Ui, id: Id) -> LongState {
    ui.data(|d| d.get_temp(id.with("long_text_state")))
        .unwrap_or_default()
}

fn set_state(ui: &Ui, id: Id, state: LongState) {
    ui.data_mut(|d| d.insert_temp(id.with("long_text_state"), state));
}

/// The start of a long text in a small scroll box, then what can be done
/// with the rest. `labelled_by` names it for screen readers and tests.
/// Returns true when the user chose "Edit all".
#[allow(clippy::too_many_arguments)] // one private helper behind the two public forms
fn long_read_only(
    ui: &mut Ui,
    id: Id,
    text: &str,
    head: &str,
    labelled_by: Option<Id>,
    editable: bool,
    width: f32,
    style: &dyn Fn(RichText) -> RichText,
) -> bool {
    let mut state = state_of(ui, id);
    let (chars, _) = measure(ui, id, text, false);
    let mut edit = false;
    ui.vertical(|ui| {
        // A fixed width, for the same reason as the fixed heights below.
        ui.set_width(width);
        // Read-only (review mode disables every button): show it all.
        let show_all = state.show_all || !ui.is_enabled();
        if show_all {
            whole_text(ui, id, text);
        } else {
            ScrollArea::vertical()
                .id_salt(id.with("head"))
                .max_height(160.0)
                .min_scrolled_height(160.0)
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    let response = ui.add(Label::new(style(RichText::new(format!("{head}…")))).wrap());
                    if let Some(label) = labelled_by {
                        response.labelled_by(label);
                    }
                });
        }
        ui.horizontal_wrapped(|ui| {
            let note = if show_all {
                format!("All {chars} characters, read-only.")
            } else {
                format!("The first {SHOWN_CHARS} of {chars} characters.")
            };
            ui.label(RichText::new(note).small().weak());
            let toggle = if state.show_all {
                "Show less".to_owned()
            } else {
                format!("Show all ({chars} characters)")
            };
            if ui.small_button(toggle).clicked() {
                state.show_all = !state.show_all;
            }
            if editable
                && ui
                    .small_button("Edit all")
                    .on_hover_text("Opens the whole text in an editor: slow for very long texts")
                    .clicked()
            {
                state.edit_all = true;
                edit = true;
            }
        });
    });
    set_state(ui, id, state);
    edit
}

/// A text that may be long, shown read-only: as a plain label when short,
/// else its start with "Show all". `style` dresses the label.
pub fn label(ui: &mut Ui, id_salt: impl egui::AsIdSalt, text: &str, style: &dyn Fn(RichText) -> RichText) {
    match head(text, SHOWN_CHARS) {
        None => {
            ui.label(style(RichText::new(text)));
        }
        Some(head) => {
            let id = ui.make_persistent_id(id_salt);
            let width = ui.available_width();
            long_read_only(ui, id, text, head, None, false, width, style);
        }
    }
}

/// For an editable field holding `text`: when it is long (and "Edit all"
/// was not chosen), draws its start read-only with "Show all" and "Edit
/// all" and returns true; else returns false and the caller draws its
/// editor, with [`edit_all_done`] below it.
pub fn show_long_field(ui: &mut Ui, id: Id, text: &str, labelled_by: Id, width: f32) -> bool {
    let Some(head) = head(text, SHOWN_CHARS) else {
        return false;
    };
    if state_of(ui, id).edit_all {
        return false;
    }
    if long_read_only(ui, id, text, head, Some(labelled_by), true, width, &|t| t) {
        // The editor appears next frame; ask for that frame now.
        ui.ctx().request_repaint();
    }
    true
}

/// Below an editor opened with "Edit all" on a long text: a button back to
/// the short form. Does nothing for short texts.
pub fn edit_all_done(ui: &mut Ui, id: Id, text: &str) {
    let mut state = state_of(ui, id);
    if state.edit_all
        && is_long(text)
        && ui
            .small_button("Done editing")
            .on_hover_text("Back to showing the start of this long text")
            .clicked()
    {
        state.edit_all = false;
        set_state(ui, id, state);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn head_cuts_on_character_boundaries() {
        assert_eq!(head("short", 10), None);
        assert_eq!(head("exactly10!", 10), None);
        assert_eq!(head("eleven char", 10), Some("eleven cha"));
        // Multi-byte characters: bytes exceed the limit, characters do not.
        assert_eq!(head("ééééé", 5), None);
        assert_eq!(head("ééééé", 3), Some("ééé"));
        assert_eq!(head("日本語のテキスト", 2), Some("日本"));
        assert_eq!(head("🦀🦀🦀", 1), Some("🦀"));
        let big = "x".repeat(SHOWN_CHARS + 1);
        assert!(is_long(&big));
        assert!(!is_long(&big[1..]));
    }

    #[test]
    fn shortened_and_first_line() {
        assert_eq!(shortened("abc", 5), "abc");
        assert_eq!(shortened("abcdef", 3), "abc…");
        assert_eq!(first_line("one line", 100), "one line");
        assert_eq!(first_line("first\nsecond", 100), "first…");
        assert_eq!(first_line(&"y".repeat(50), 10), format!("{}…", "y".repeat(10)));
        for blank in ["", "  ", "\n\t"] {
            assert_eq!(title_line(blank, 10), "(untitled incident)");
        }
        assert_eq!(title_line("Checkout down\nmore", 100), "Checkout down…");
    }

    #[test]
    fn rows_cover_the_text_exactly_once() {
        for text in [
            String::new(),
            "one".to_owned(),
            "a\nb\n\nc\n".to_owned(),
            "é".repeat(ROW_BYTES * 3 + 7),
            format!("{}\n{}\r\nend", "x".repeat(ROW_BYTES), "🦀".repeat(ROW_BYTES)),
        ] {
            let starts = row_starts(&text);
            assert_eq!(starts[0], 0);
            let mut joined = String::new();
            for (i, pair) in starts.windows(2).enumerate() {
                assert!(pair[0] < pair[1]);
                let line = row(&text, &starts, i);
                assert!(line.len() <= ROW_BYTES, "{line:?}");
                joined.push_str(&text[pair[0]..pair[1]]);
            }
            joined.push_str(&text[*starts.last().unwrap()..]);
            assert_eq!(joined, text);
        }
        assert_eq!(row("abc", &[0], 5), "", "a stale index shows nothing");
    }
}
