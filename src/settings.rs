//! Per-user settings: who is typing, recent files, view preferences. Kept in
//! the OS config directory; the console works the same without them.
//!
//! The file is read leniently: a bad field gives that field's default and a
//! notice, the others are kept. Anything that is not a regular file of at
//! most [`MAX_SETTINGS_BYTES`] is refused (defaults and a notice), so a FIFO
//! or a device at the settings path cannot stop the window from opening.

use std::io::Write;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};

use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::file::regular::{ReadError, read_regular_file};

/// How many used incident ids are remembered (years of incidents).
pub const MAX_USED_IDS: usize = 5000;

/// How many recent files are kept.
pub const MAX_RECENT: usize = 10;
/// A longer author name is cut to this many characters.
pub const MAX_AUTHOR_CHARS: usize = 200;
/// Recent file paths longer than this (in bytes) are dropped.
pub const MAX_PATH_BYTES: usize = 4096;
/// A settings file over this size is not read. Real ones are a few hundred
/// bytes; this leaves room for a file with a very long recent list, which
/// is read without keeping more than [`MAX_RECENT`] entries.
pub const MAX_SETTINGS_BYTES: u64 = 16 * 1024 * 1024;
/// The zooms the console offers (View > Zoom in/out stay in this range).
pub const ZOOM_RANGE: RangeInclusive<f32> = 0.5..=3.0;
/// A file that does not parse as a whole is parsed field by field only up
/// to this size, since that builds a tree of the whole file in memory.
const LENIENT_PARSE_BYTES: usize = 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Recorded as the author of every timeline entry.
    pub author: String,
    pub recent_files: Vec<PathBuf>,
    pub dark_theme: bool,
    pub timeline_open: bool,
    pub zoom: f32,
    /// Incident ids this machine declared, saved or opened, newest first,
    /// so a new incident never gets one of them.
    pub used_ids: Vec<String>,
    /// The sync server last shared through (Incident > Share... offers it).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub sync_server: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            author: default_author(),
            recent_files: Vec::new(),
            dark_theme: true,
            timeline_open: true,
            zoom: 1.0,
            used_ids: Vec::new(),
            sync_server: String::new(),
        }
    }
}

/// The login name is a better default author than nothing.
fn default_author() -> String {
    let login = std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_default();
    clean_author(&login).0
}

impl Settings {
    /// Where settings live by default (`None` if the OS has no config dir).
    pub fn default_path() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "incident-console")
            .map(|dirs| dirs.config_dir().join("settings.ron"))
    }

    /// Loads settings; a missing or unreadable file gives the defaults, since
    /// losing a preference must never stop an incident from being worked.
    /// See [`Settings::load_with_notices`] for what was wrong.
    pub fn load(path: &Path) -> Settings {
        Settings::load_with_notices(path).0
    }

    /// Loads settings, saying what was wrong with the file: each notice names
    /// a field (or the file) and what was used instead. A missing file gives
    /// the defaults and no notice. When the file had problems, it is kept as
    /// `settings.ron.bad` before the console's next save replaces it.
    pub fn load_with_notices(path: &Path) -> (Settings, Vec<String>) {
        let bytes = match read_regular_file(path, MAX_SETTINGS_BYTES) {
            Ok(bytes) => bytes,
            Err(ReadError::Missing { .. }) => return (Settings::default(), Vec::new()),
            Err(e) => {
                let mut notice = format!("{}; using the default settings", e.reason());
                // Too large to be of use, and too large to copy: moved aside whole.
                if matches!(e, ReadError::TooLarge { .. })
                    && std::fs::rename(path, bad_copy_path(path)).is_ok()
                {
                    notice.push_str(&format!(
                        " (the file was moved to {})",
                        bad_copy_path(path).display()
                    ));
                }
                return (Settings::default(), vec![notice]);
            }
        };
        let mut notices = Vec::new();
        let text = match std::str::from_utf8(&bytes) {
            Ok(text) => std::borrow::Cow::Borrowed(text),
            Err(e) => {
                let (line, column) = line_and_column(&bytes[..e.valid_up_to()]);
                notices.push(format!(
                    "line {line}, column {column}: the file is not valid UTF-8 text; bad bytes were replaced"
                ));
                String::from_utf8_lossy(&bytes)
            }
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let (settings, parse_notices) = Settings::from_ron_with_notices(text);
        notices.extend(parse_notices);
        if !notices.is_empty() {
            let bad = bad_copy_path(path);
            match write_atomically(&bad, &bytes) {
                Ok(()) => notices.push(format!("the file as it was is kept in {}", bad.display())),
                Err(e) => notices.push(format!("could not keep a copy in {}: {e}", bad.display())),
            }
        }
        (settings, notices)
    }

    /// Settings from RON text, field by field: see [`Settings::load_with_notices`].
    pub fn from_ron_with_notices(text: &str) -> (Settings, Vec<String>) {
        let mut notices = Vec::new();
        let fields = match ron::Options::default().from_str::<RawFields>(text) {
            Ok(fields) => fields,
            Err(whole) if text.len() > LENIENT_PARSE_BYTES => {
                notices.push(format!("{}; using the default settings", spanned(&whole)));
                RawFields::default()
            }
            Err(_) => match ron::Options::default().from_str::<ron::Value>(text) {
                Ok(ron::Value::Map(map)) => RawFields::from_map(map, &mut notices),
                Ok(_) => {
                    notices.push(
                        "the file does not hold settings (expected `(author: \"...\", zoom: 1.0, ...)`); using the default settings"
                            .to_owned(),
                    );
                    RawFields::default()
                }
                Err(e) => {
                    notices.push(format!("{}; using the default settings", spanned(&e)));
                    RawFields::default()
                }
            },
        };
        let settings = fields.into_settings(&mut notices);
        (settings, notices)
    }

    /// For the console: the settings at `path` (defaults without one) and,
    /// if the file had problems, one message saying what was reset.
    pub fn load_reporting(path: Option<&Path>) -> (Settings, Option<String>) {
        let Some(path) = path else {
            return (Settings::default(), None);
        };
        let (settings, notices) = Settings::load_with_notices(path);
        let message = (!notices.is_empty())
            .then(|| format!("Settings file {}: {}", path.display(), notices.join("; ")));
        (settings, message)
    }

    pub fn save(&self, path: &Path) -> Result<(), String> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        let text = ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::new().new_line("\n"))
            .map_err(|e| e.to_string())?;
        crate::file::save_text(path, &text).map_err(|e| e.to_string())
    }

    /// Notes that this machine used `id` (declared, saved or opened it).
    pub fn remember_id(&mut self, id: &str) {
        let id = id.trim();
        if id.is_empty() || crate::model::ids::id_problem(id).is_some() {
            return;
        }
        if self.used_ids.first().is_some_and(|first| first == id) {
            return;
        }
        self.used_ids.retain(|known| known != id);
        self.used_ids.insert(0, id.to_owned());
        self.used_ids.truncate(MAX_USED_IDS);
    }

    /// The id for a new incident declared at `now`: the next free
    /// `INC-YYYY-NNNN` after every id remembered here and in `also`
    /// (the ids in the recent files).
    pub fn next_incident_id(&self, now: crate::model::Timestamp, also: &[String]) -> String {
        use chrono::Datelike;
        let taken = self.used_ids.iter().chain(also).map(String::as_str);
        crate::model::ids::next_free_id(now.year(), taken)
    }

    /// The ids held by the recent files that are still there.
    pub fn recent_file_ids(&self) -> Vec<String> {
        self.recent_files
            .iter()
            .filter_map(|p| crate::file::peek_id(p))
            .collect()
    }

    /// Puts `path` first in the recent list, without duplicates.
    pub fn remember(&mut self, path: &Path) {
        let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        self.recent_files.retain(|p| p != &path);
        self.recent_files.insert(0, path);
        self.recent_files.truncate(MAX_RECENT);
    }
}

/// `settings.ron` -> `settings.ron.bad`.
fn bad_copy_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".bad");
    PathBuf::from(name)
}

/// Writes `bytes` by renaming a temporary file over `path`, so a FIFO
/// already at `path` is replaced instead of blocking the write.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = atomic_write_file::AtomicWriteFile::options().open(path)?;
    file.write_all(bytes)?;
    file.commit()
}

/// 1-based line and column (in characters) just after `before`.
fn line_and_column(before: &[u8]) -> (usize, usize) {
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
    (line, column)
}

/// At most the first 40 characters of `text`, for echoing what the file had.
fn short(text: &str) -> String {
    match text.char_indices().nth(40) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// "line L, column C: message".
fn spanned(error: &ron::error::SpannedError) -> String {
    format!(
        "line {}, column {}: {}",
        error.span.start.line, error.span.start.col, error.code
    )
}

/// The author as it can be recorded: control and bidirectional-override
/// characters become spaces, surrounding space is trimmed, and the name is
/// cut to [`MAX_AUTHOR_CHARS`]. Also says what was changed, if anything
/// worth telling.
pub fn clean_author(raw: &str) -> (String, Option<String>) {
    let is_bad = |c: char| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    let had_bad = raw.chars().any(is_bad);
    let replaced: String = if had_bad {
        raw.chars().map(|c| if is_bad(c) { ' ' } else { c }).collect()
    } else {
        raw.to_owned()
    };
    let trimmed = replaced.trim();
    let chars = trimmed.chars().count();
    let (name, cut) = match trimmed.char_indices().nth(MAX_AUTHOR_CHARS) {
        Some((end, _)) => (trimmed[..end].trim_end().to_owned(), true),
        None => (trimmed.to_owned(), false),
    };
    let why = match (had_bad, cut) {
        (false, false) => None,
        (true, false) => Some("author: control characters were removed from the name".to_owned()),
        (false, true) => Some(format!(
            "author: the name was {chars} characters; cut to {MAX_AUTHOR_CHARS}"
        )),
        (true, true) => Some(format!(
            "author: control characters were removed and the name ({chars} characters) cut to {MAX_AUTHOR_CHARS}"
        )),
    };
    (name, why)
}

/// The fields of a settings file, each as found (or `None`), before checks.
#[derive(Debug, Default)]
struct RawFields {
    author: Option<String>,
    recent: Option<Recent>,
    dark_theme: Option<bool>,
    timeline_open: Option<bool>,
    zoom: Option<f64>,
    used_ids: Option<Vec<String>>,
    sync_server: Option<String>,
    unknown: Vec<String>,
}

/// A recent-files list as read: at most [`MAX_RECENT`] usable paths kept,
/// the rest only counted, so a list of millions costs no memory.
#[derive(Debug, Default)]
struct Recent {
    kept: Vec<PathBuf>,
    /// Empty, overlong, repeated or not text.
    unusable: usize,
    /// Usable ones past the first [`MAX_RECENT`].
    beyond: usize,
}

impl Recent {
    fn offer(&mut self, path: Option<String>) {
        let Some(path) = path else {
            self.unusable += 1;
            return;
        };
        let path_buf = PathBuf::from(&path);
        if path.trim().is_empty()
            || path.len() > MAX_PATH_BYTES
            || path.contains('\0')
            || self.kept.contains(&path_buf)
        {
            self.unusable += 1;
        } else if self.kept.len() < MAX_RECENT {
            self.kept.push(path_buf);
        } else {
            self.beyond += 1;
        }
    }

    fn notices(&self, notices: &mut Vec<String>) {
        if self.unusable > 0 {
            notices.push(format!(
                "recent_files: {} that {} empty, too long, repeated or not a path dropped",
                entries(self.unusable),
                if self.unusable == 1 { "was" } else { "were" }
            ));
        }
        if self.beyond > 0 {
            notices.push(format!(
                "recent_files: {} past the newest {MAX_RECENT} dropped",
                entries(self.beyond)
            ));
        }
    }
}

/// "1 entry", "5 entries".
fn entries(count: usize) -> String {
    if count == 1 {
        "1 entry".to_owned()
    } else {
        format!("{count} entries")
    }
}

impl<'de> Deserialize<'de> for Recent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Recent, D::Error> {
        struct RecentVisitor;
        impl<'de> Visitor<'de> for RecentVisitor {
            type Value = Recent;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of file paths")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Recent, A::Error> {
                let mut recent = Recent::default();
                loop {
                    if recent.kept.len() < MAX_RECENT {
                        match seq.next_element::<String>()? {
                            Some(path) => recent.offer(Some(path)),
                            None => break,
                        }
                    } else if seq.next_element::<IgnoredAny>()?.is_some() {
                        recent.beyond += 1;
                    } else {
                        break;
                    }
                }
                Ok(recent)
            }
        }
        deserializer.deserialize_seq(RecentVisitor)
    }
}

impl<'de> Deserialize<'de> for RawFields {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<RawFields, D::Error> {
        struct FieldsVisitor;
        impl<'de> Visitor<'de> for FieldsVisitor {
            type Value = RawFields;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("settings")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawFields, A::Error> {
                let mut fields = RawFields::default();
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "author" => fields.author = Some(map.next_value()?),
                        "recent_files" => fields.recent = Some(map.next_value()?),
                        "dark_theme" => fields.dark_theme = Some(map.next_value()?),
                        "timeline_open" => fields.timeline_open = Some(map.next_value()?),
                        "zoom" => fields.zoom = Some(map.next_value()?),
                        "used_ids" => fields.used_ids = Some(map.next_value()?),
                        "sync_server" => fields.sync_server = Some(map.next_value()?),
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                            fields.unknown.push(key);
                        }
                    }
                }
                Ok(fields)
            }
        }
        deserializer.deserialize_struct("Settings", FIELDS, FieldsVisitor)
    }
}

const FIELDS: &[&str] = &[
    "author",
    "recent_files",
    "dark_theme",
    "timeline_open",
    "zoom",
    "used_ids",
    "sync_server",
];

impl RawFields {
    /// The fields of a parsed tree, each on its own: a field of the wrong
    /// type is left out with a notice.
    fn from_map(map: ron::Map, notices: &mut Vec<String>) -> RawFields {
        let mut fields = RawFields::default();
        for (key, value) in map {
            let key = match key {
                ron::Value::String(key) => key,
                other => {
                    notices.push(format!("a setting named {other:?} was ignored"));
                    continue;
                }
            };
            fn field<T: serde::de::DeserializeOwned>(
                key: &str,
                value: ron::Value,
                notices: &mut Vec<String>,
            ) -> Option<T> {
                value
                    .into_rust()
                    .map_err(|e| notices.push(format!("{key}: {e}; using the default")))
                    .ok()
            }
            match key.as_str() {
                "author" => fields.author = field(&key, value, notices),
                "dark_theme" => fields.dark_theme = field(&key, value, notices),
                "timeline_open" => fields.timeline_open = field(&key, value, notices),
                "zoom" => fields.zoom = field(&key, value, notices),
                "used_ids" => fields.used_ids = field(&key, value, notices),
                "sync_server" => fields.sync_server = field(&key, value, notices),
                "recent_files" => match value {
                    ron::Value::Seq(items) => {
                        let mut recent = Recent::default();
                        for item in items {
                            recent.offer(match item {
                                ron::Value::String(path) => Some(path),
                                _ => None,
                            });
                        }
                        fields.recent = Some(recent);
                    }
                    _ => notices.push("recent_files: not a list; using an empty list".to_owned()),
                },
                _ => fields.unknown.push(key),
            }
        }
        fields
    }

    /// Checks each field, using its default (with a notice) when unusable.
    fn into_settings(self, notices: &mut Vec<String>) -> Settings {
        let mut settings = Settings::default();
        for key in &self.unknown {
            notices.push(format!("unknown setting `{}` was ignored", short(key)));
        }
        if let Some(author) = self.author {
            let (author, why) = clean_author(&author);
            notices.extend(why);
            settings.author = author;
        }
        if let Some(recent) = self.recent {
            recent.notices(notices);
            settings.recent_files = recent.kept;
        }
        if let Some(ids) = self.used_ids {
            let count = ids.len();
            // Oldest last: remembering from the end keeps the newest first.
            for id in ids.iter().take(MAX_USED_IDS).rev() {
                settings.remember_id(id);
            }
            let dropped = count.saturating_sub(settings.used_ids.len());
            if dropped > 0 && count <= MAX_USED_IDS {
                notices.push(format!(
                    "used_ids: {} that {} blank, repeated or not an id dropped",
                    entries(dropped),
                    if dropped == 1 { "was" } else { "were" }
                ));
            } else if count > MAX_USED_IDS {
                notices.push(format!(
                    "used_ids: only the newest {MAX_USED_IDS} of {count} kept"
                ));
            }
        }
        if let Some(dark) = self.dark_theme {
            settings.dark_theme = dark;
        }
        if let Some(server) = self.sync_server {
            // An address is one short line; anything else is not kept.
            if server.len() <= MAX_PATH_BYTES && !server.chars().any(char::is_control) {
                settings.sync_server = server;
            } else {
                notices.push("sync_server: not an address; left empty".to_owned());
            }
        }
        if let Some(open) = self.timeline_open {
            settings.timeline_open = open;
        }
        if let Some(zoom) = self.zoom {
            let range = f64::from(*ZOOM_RANGE.start())..=f64::from(*ZOOM_RANGE.end());
            let usable = zoom.is_finite() && range.contains(&zoom);
            if usable {
                settings.zoom = zoom as f32;
            } else {
                // 1e30 stays readable; 1.55 stays as written.
                let shown = if zoom.is_finite() && zoom != 0.0 && !(1e-3..1e6).contains(&zoom.abs()) {
                    format!("{zoom:e}")
                } else {
                    zoom.to_string()
                };
                notices.push(format!(
                    "zoom {shown} is not usable (it must be from {:.1} to {:.1}); using {:.1}",
                    ZOOM_RANGE.start(),
                    ZOOM_RANGE.end(),
                    settings.zoom
                ));
            }
        }
        settings
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn parse(text: &str) -> (Settings, Vec<String>) {
        Settings::from_ron_with_notices(text)
    }

    #[test]
    fn recent_files_are_unique_newest_first_and_bounded() {
        let mut s = Settings::default();
        for i in 0..15 {
            s.remember(Path::new(&format!("/tmp/{i}.ron")));
        }
        s.remember(Path::new("/tmp/3.ron"));
        assert_eq!(s.recent_files.len(), MAX_RECENT);
        assert_eq!(s.recent_files[0], PathBuf::from("/tmp/3.ron"));
        assert_eq!(s.recent_files.iter().filter(|p| p.ends_with("3.ron")).count(), 1);
    }

    #[test]
    fn settings_round_trip_and_bad_file_gives_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/settings.ron");
        let mut s = Settings {
            author: "Ana".into(),
            zoom: 1.5,
            dark_theme: false,
            ..Settings::default()
        };
        s.remember(Path::new("/tmp/a.ron"));
        s.save(&path).unwrap();
        assert_eq!(Settings::load_with_notices(&path), (s, Vec::new()));
        std::fs::write(&path, "not ron").unwrap();
        assert_eq!(Settings::load(&path).recent_files, Vec::<PathBuf>::new());
    }

    #[test]
    fn missing_file_gives_defaults_without_notice() {
        let dir = tempfile::tempdir().unwrap();
        let (settings, notices) = Settings::load_with_notices(&dir.path().join("settings.ron"));
        assert_eq!(settings, Settings::default());
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(Settings::load_reporting(None), (Settings::default(), None));
    }

    #[test]
    fn unusable_zooms_give_one_with_a_notice() {
        for bad in [
            "NaN", "inf", "-inf", "0", "0.0", "-1", "-0.5", "1e30", "-1e30", "0.49", "3.01", "1e-30", "100",
        ] {
            let (settings, notices) = parse(&format!("(author: \"Ana\", zoom: {bad}, dark_theme: false)"));
            assert_eq!(settings.zoom, 1.0, "zoom {bad}");
            assert!(notices[0].len() < 100, "the value is shown briefly: {notices:?}");
            assert_eq!(notices.len(), 1, "zoom {bad}: {notices:?}");
            assert!(notices[0].starts_with("zoom "), "{notices:?}");
            assert!(notices[0].contains("from 0.5 to 3.0); using 1.0"), "{notices:?}");
            // The other fields are kept.
            assert_eq!(settings.author, "Ana");
            assert!(!settings.dark_theme);
        }
        assert!(parse("(zoom: 1e30)").1[0].starts_with("zoom 1e30 "));
        assert!(parse("(zoom: -inf)").1[0].starts_with("zoom -inf "));
        for (good, expected) in [
            ("1.5", 1.5),
            ("0.5", 0.5),
            ("3.0", 3.0),
            ("3", 3.0),
            ("1", 1.0),
            ("2.2", 2.2),
        ] {
            let (settings, notices) = parse(&format!("(zoom: {good})"));
            assert_eq!(settings.zoom, expected, "zoom {good}");
            assert!(notices.is_empty(), "zoom {good}: {notices:?}");
        }
    }

    #[test]
    fn a_field_of_the_wrong_type_resets_only_that_field() {
        let cases = [
            ("zoom: \"big\"", "zoom"),
            ("zoom: [1.0]", "zoom"),
            ("dark_theme: 3", "dark_theme"),
            ("timeline_open: \"yes\"", "timeline_open"),
            ("author: 42", "author"),
            ("author: [\"a\"]", "author"),
            ("recent_files: \"/tmp/a.ron\"", "recent_files"),
        ];
        for (bad, field) in cases {
            let text =
                format!("(author: \"Ana\", dark_theme: false, timeline_open: false, zoom: 2.0, {bad})");
            let (settings, notices) = parse(&text);
            assert!(
                notices.iter().any(|n| n.starts_with(field)),
                "{bad}: a notice names {field}: {notices:?}"
            );
            let defaults = Settings::default();
            fn pick<T>(reset: bool, kept: T, default: T) -> T {
                if reset { default } else { kept }
            }
            let expect = |name: &str| name == field;
            assert_eq!(
                settings.author,
                pick(expect("author"), "Ana".to_owned(), defaults.author.clone()),
                "{bad}"
            );
            assert_eq!(
                settings.dark_theme,
                pick(expect("dark_theme"), false, true),
                "{bad}"
            );
            assert_eq!(
                settings.timeline_open,
                pick(expect("timeline_open"), false, true),
                "{bad}"
            );
            assert_eq!(settings.zoom, pick(expect("zoom"), 2.0, 1.0), "{bad}");
        }
    }

    #[test]
    fn unparsable_files_give_defaults_and_name_the_position() {
        for (text, line) in [
            ("not ron", 1),
            ("(\n  author: \"Ana\",\n  zoom: 1.0\n  dark_theme: true,\n)", 4),
            ("(author: \"unterminated)", 1),
            ("(\n\n  zoom: 1.0,,\n)", 3),
        ] {
            let (settings, notices) = parse(text);
            assert_eq!(settings, Settings::default(), "{text}");
            assert_eq!(notices.len(), 1, "{notices:?}");
            assert!(
                notices[0].starts_with(&format!("line {line}, column ")),
                "{text}: {notices:?}"
            );
            assert!(notices[0].ends_with("using the default settings"), "{notices:?}");
        }
        // Valid RON that is not a settings record.
        for text in ["42", "[1, 2]", "\"Ana\""] {
            let (settings, notices) = parse(text);
            assert_eq!(settings, Settings::default(), "{text}");
            assert_eq!(notices.len(), 1, "{text}: {notices:?}");
        }
    }

    #[test]
    fn unknown_fields_are_ignored_with_a_notice() {
        let (settings, notices) = parse("(author: \"Ana\", colour: \"red\", zoom: 2.0)");
        assert_eq!((settings.author.as_str(), settings.zoom), ("Ana", 2.0));
        assert_eq!(notices.len(), 1, "{notices:?}");
        assert!(notices[0].contains("`colour`"), "{notices:?}");
        // A named struct, as `ron` can also write it.
        let (settings, notices) = parse("Settings(author: \"Bo\", zoom: 0.5)");
        assert_eq!((settings.author.as_str(), settings.zoom), ("Bo", 0.5));
        assert!(notices.is_empty(), "{notices:?}");
    }

    #[test]
    fn authors_are_trimmed_cleaned_and_cut() {
        let long = "é".repeat(10_000);
        let cases: [(&str, &str, Option<&str>); 7] = [
            ("  Ana Lima  ", "Ana Lima", None),
            ("Ana\u{0}Lima", "Ana Lima", Some("control characters")),
            ("Ana\nLima\r\t", "Ana Lima", Some("control characters")),
            ("\u{1b}[31mAna", "[31mAna", Some("control characters")),
            ("Ana\u{202e}amiL", "Ana amiL", Some("control characters")),
            (&long, &long[..MAX_AUTHOR_CHARS * 2], Some("cut to 200")),
            ("", "", None),
        ];
        for (raw, expected, why) in cases {
            let (name, notice) = clean_author(raw);
            assert_eq!(name, expected);
            assert_eq!(name.chars().count().min(MAX_AUTHOR_CHARS), name.chars().count());
            match why {
                None => assert_eq!(notice, None),
                Some(why) => assert!(notice.as_deref().unwrap().contains(why), "{notice:?}"),
            }
            // Through the file too.
            let text = ron::to_string(&Settings {
                author: raw.to_owned(),
                ..Settings::default()
            })
            .unwrap();
            let (settings, notices) = parse(&text);
            assert_eq!(settings.author, expected);
            assert_eq!(notices.len(), usize::from(why.is_some()), "{notices:?}");
        }
    }

    #[test]
    fn a_huge_author_is_cut_quickly() {
        // 8 MB fits under the file limit: it is read, then cut.
        let text = format!("(author: \"{}\", zoom: 2.0)", "a".repeat(8_000_000));
        let started = Instant::now();
        let (settings, notices) = parse(&text);
        assert_eq!(settings.author.len(), MAX_AUTHOR_CHARS);
        assert_eq!(settings.zoom, 2.0);
        assert!(notices[0].contains("8000000 characters"), "{notices:?}");
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{:?}",
            started.elapsed()
        );
    }

    #[test]
    fn a_50_mb_settings_file_is_refused_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.ron");
        std::fs::write(&path, format!("(author: \"{}\")", "a".repeat(50_000_000))).unwrap();
        let started = Instant::now();
        let (settings, notices) = Settings::load_with_notices(&path);
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{:?}",
            started.elapsed()
        );
        assert_eq!(settings, Settings::default());
        assert!(notices[0].contains("the limit is 16777216 bytes"), "{notices:?}");
        // Moved aside so the next save does not silently destroy it.
        assert!(!path.exists());
        assert!(dir.path().join("settings.ron.bad").exists());
        assert!(notices[0].contains("settings.ron.bad"), "{notices:?}");
    }

    #[test]
    fn recent_files_are_bounded_and_checked() {
        let long = format!("/{}", "x".repeat(MAX_PATH_BYTES));
        let text = format!(
            "(recent_files: [\"\", \"  \", \"/a.ron\", \"{long}\", \"/a.ron\", \"/b\\u{{0}}.ron\", \"/b.ron\"])"
        );
        let (settings, notices) = parse(&text);
        assert_eq!(
            settings.recent_files,
            [PathBuf::from("/a.ron"), PathBuf::from("/b.ron")]
        );
        assert_eq!(notices.len(), 1, "{notices:?}");
        assert!(notices[0].contains("5 entries"), "{notices:?}");
        // Non-text entries, found by the field-by-field parse.
        let (settings, notices) = parse("(recent_files: [\"/a.ron\", 3, [\"/c\"], \"/b.ron\"], zoom: 2.0)");
        assert_eq!(
            settings.recent_files,
            [PathBuf::from("/a.ron"), PathBuf::from("/b.ron")]
        );
        assert_eq!(settings.zoom, 2.0);
        assert!(notices[0].contains("2 entries that were"), "{notices:?}");
        let (_, notices) = parse("(recent_files: [\"\", \"/a\"])");
        assert!(notices[0].contains("1 entry that was"), "{notices:?}");
    }

    #[test]
    fn a_million_recent_files_load_quickly_and_keep_ten() {
        let mut text = String::from("(author: \"Ana\", recent_files: [");
        for i in 0..1_000_000 {
            text.push_str(&format!("\"/r/{i}\","));
        }
        text.push_str("], zoom: 2.0)");
        assert!(text.len() as u64 <= MAX_SETTINGS_BYTES);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.ron");
        std::fs::write(&path, &text).unwrap();
        let started = Instant::now();
        let (settings, notices) = Settings::load_with_notices(&path);
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{:?}",
            started.elapsed()
        );
        assert_eq!(settings.recent_files.len(), MAX_RECENT);
        assert_eq!(settings.recent_files[0], PathBuf::from("/r/0"));
        assert_eq!(settings.recent_files[9], PathBuf::from("/r/9"));
        assert_eq!((settings.author.as_str(), settings.zoom), ("Ana", 2.0));
        assert!(notices[0].contains("999990 entries"), "{notices:?}");
    }

    #[test]
    fn a_broken_file_is_kept_as_bad_before_it_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.ron");
        let broken = "(author: \"Ana\", zoom: NaN)";
        std::fs::write(&path, broken).unwrap();
        let (settings, notices) = Settings::load_with_notices(&path);
        assert_eq!(settings.author, "Ana");
        assert!(
            notices.last().unwrap().contains("settings.ron.bad"),
            "{notices:?}"
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("settings.ron.bad")).unwrap(),
            broken
        );
        // The repaired values are what the next save writes; loading them is clean.
        settings.save(&path).unwrap();
        assert_eq!(Settings::load_with_notices(&path), (settings, Vec::new()));
        // Not UTF-8: the position is named, the rest is kept.
        std::fs::write(&path, b"(author: \"An\xff\",\n zoom: 2.0)").unwrap();
        let (settings, notices) = Settings::load_with_notices(&path);
        assert_eq!(settings.zoom, 2.0);
        assert!(notices[0].starts_with("line 1, column 13"), "{notices:?}");
        // The console gets one message naming the file.
        let (_, message) = Settings::load_reporting(Some(&path));
        let message = message.unwrap();
        assert!(
            message.starts_with(&format!("Settings file {}", path.display())),
            "{message}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn special_files_give_defaults_with_a_notice_without_blocking() {
        use crate::file::regular::testing::{mkfifo, promptly};
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("settings.ron");
        mkfifo(&fifo);
        let link = dir.path().join("link.ron");
        std::os::unix::fs::symlink(&fifo, &link).unwrap();
        let dangling = dir.path().join("dangling.ron");
        std::os::unix::fs::symlink(dir.path().join("gone"), &dangling).unwrap();
        for (path, what) in [
            (fifo.clone(), "named pipe (FIFO)"),
            (link, "symbolic link to a named pipe"),
            (dangling, "symbolic link to nothing"),
            (PathBuf::from("/dev/zero"), "character device"),
            (PathBuf::from("/dev/urandom"), "character device"),
            (dir.path().to_path_buf(), "directory"),
        ] {
            let (settings, notices) = {
                let path = path.clone();
                promptly(move || Settings::load_with_notices(&path))
            };
            assert_eq!(settings, Settings::default());
            assert_eq!(notices.len(), 1, "{notices:?}");
            assert!(notices[0].contains(what), "{what}: {notices:?}");
        }
        assert!(
            !dir.path().join("settings.ron.bad").exists(),
            "nothing was read to keep"
        );
        // That the console then opens with the defaults and says why is
        // tested in tests/non_regular_files.rs.
    }
}
