//! Slack workspace exports, in their documented layout: `users.json`,
//! `channels.json` and one folder per channel holding one `YYYY-MM-DD.json`
//! file per day, each an array of messages (`ts`, `user`, `text`, optional
//! `user_profile`, `subtype`, `thread_ts`, `edited`, `bot_id`, `files`,
//! `attachments`). The export must be unzipped first.
//!
//! Each message becomes a [`EntryKind::Chat`] entry at its `ts` (UTC), by its
//! author's real name, with Slack markup made readable, and the source key
//! `slack:#<channel>:<ts>` that re-imports dedupe on.
//!
//! - Thread replies start with `[thread HH:MM] `, the parent's time in UTC
//!   (`[thread YYYY-MM-DD HH:MM] ` when the parent is from another day).
//! - Edited messages keep their current text and end with ` (edited)`.
//! - Shared files are noted as `[file: name]`; a message without text shows
//!   its attachments' fallback text.
//! - The noise filter leaves out joins and leaves (`channel_join`,
//!   `channel_leave`, `group_join`, `group_leave`), bot messages and bot
//!   changes (`bot_message`, `bot_add`, `bot_remove`, any message with a
//!   `bot_id`). Topic, purpose and rename messages (`channel_topic`,
//!   `channel_purpose`, `channel_name`) are kept: in an incident channel the
//!   topic usually carries the status, which belongs on the timeline.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate};
use serde::Deserialize;

use super::{
    ChatImport, ImportError, Limited, MAX_DAY_FILES, MAX_MESSAGES, MAX_TOTAL_BYTES, parse_json, read_text,
    short, too_many_message,
};
use crate::file::regular::FileKind;
use crate::model::{EntryKind, ImportedEntry, Timestamp};

/// Which messages of a channel to read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SlackOptions {
    /// Only messages at or after this time.
    pub from: Option<Timestamp>,
    /// Only messages at or before this time.
    pub to: Option<Timestamp>,
    /// Leave out joins, leaves and bot messages.
    pub skip_noise: bool,
    /// Only these day files, by date (`"2026-03-17"`; a `.json` ending is
    /// allowed). In [`SlackExport::read_channel`] every day named must exist.
    pub days: Option<Vec<String>>,
}

/// An unzipped Slack export folder, opened: its people, channel names and
/// channel folders. Messages are read per channel with [`Self::read_channel`].
#[derive(Debug, Clone)]
pub struct SlackExport {
    dir: PathBuf,
    users: Users,
    channel_names: HashMap<String, String>,
    channels: Vec<String>,
}

/// Subtypes the noise filter leaves out.
const NOISE_SUBTYPES: [&str; 7] = [
    "channel_join",
    "channel_leave",
    "group_join",
    "group_leave",
    "bot_message",
    "bot_add",
    "bot_remove",
];

impl SlackExport {
    /// Opens an export folder: reads `users.json` and `channels.json` when
    /// present and lists the channel folders.
    pub fn open(dir: &Path) -> Result<SlackExport, ImportError> {
        let meta = std::fs::metadata(dir).map_err(|e| ImportError::io(dir, &e))?;
        if !meta.is_dir() {
            // Say what it is when it is something odd (a FIFO, a device).
            let what = match FileKind::of(&meta.file_type()) {
                None | Some(FileKind::Directory) => String::new(),
                Some(kind) => format!(" (it is {})", kind.noun()),
            };
            return Err(ImportError::new(
                dir,
                format!("not a folder{what}: pick the folder of an unzipped Slack export"),
            ));
        }
        let users = match optional_text(&dir.join("users.json"))? {
            Some((path, text)) => Users::parse(&path, &text)?,
            None => Users::default(),
        };
        let channel_names = match optional_text(&dir.join("channels.json"))? {
            Some((path, text)) => parse_channels(&path, &text)?,
            None => HashMap::new(),
        };
        let mut channels = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(|e| ImportError::io(dir, &e))? {
            let entry = entry.map_err(|e| ImportError::io(dir, &e))?;
            let is_dir = entry
                .file_type()
                .map_err(|e| ImportError::io(&entry.path(), &e))?
                .is_dir();
            let Ok(name) = entry.file_name().into_string() else {
                continue;
            };
            if is_dir && !name.starts_with('.') && name != "__MACOSX" {
                channels.push(name);
            }
        }
        channels.sort();
        Ok(SlackExport {
            dir: dir.to_path_buf(),
            users,
            channel_names,
            channels,
        })
    }

    /// The export folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The channel folders, sorted by name.
    pub fn channels(&self) -> Vec<String> {
        self.channels.clone()
    }

    /// Reads the messages of one channel (`inc-42` or `#inc-42`).
    pub fn read_channel(&self, channel: &str, options: &SlackOptions) -> Result<ChatImport, ImportError> {
        let name = channel.trim().trim_start_matches('#');
        if !self.channels.iter().any(|c| c == name) {
            return Err(ImportError::new(
                &self.dir,
                format!("the export has no channel folder \"{}\"", short(name)),
            ));
        }
        let folder = self.dir.join(name);
        let mut files = list_day_files(&folder)?;
        if let Some(days) = &options.days {
            let wanted: HashSet<&str> = days.iter().map(|d| day_name(d)).collect();
            for day in &wanted {
                if !files
                    .iter()
                    .any(|(date, _)| date.format("%Y-%m-%d").to_string() == *day)
                {
                    return Err(ImportError::new(
                        &folder,
                        format!("there is no day file {}.json in this channel", short(day)),
                    ));
                }
            }
            files.retain(|(date, _)| wanted.contains(date.format("%Y-%m-%d").to_string().as_str()));
        }
        files.retain(|(date, _)| in_window_by_date(*date, options));
        let paths: Vec<PathBuf> = files.into_iter().map(|(_, path)| path).collect();
        read_messages(&paths, &self.users, &self.channel_names, name, options)
    }
}

/// Reads picked day files without a full export. `users` is the export's
/// `users.json`, when there is one, for real names; `channel` names the
/// channel in the source keys. `options.days` keeps only files whose name
/// (without `.json`) is listed; files named as a date outside the time
/// window are not read.
pub fn read_day_files(
    files: &[PathBuf],
    users: Option<&Path>,
    channel: &str,
    options: &SlackOptions,
) -> Result<ChatImport, ImportError> {
    let users = match users {
        Some(path) => Users::parse(path, &read_text(path)?)?,
        None => Users::default(),
    };
    let channel = channel.trim().trim_start_matches('#');
    let wanted: Option<HashSet<&str>> = options
        .days
        .as_ref()
        .map(|days| days.iter().map(|d| day_name(d)).collect());
    let mut paths = Vec::new();
    for path in files {
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        if wanted.as_ref().is_some_and(|w| !w.contains(stem)) {
            continue;
        }
        if let Some(date) = day_file_date(path)
            && !in_window_by_date(date, options)
        {
            continue;
        }
        paths.push(path.clone());
    }
    if paths.len() > MAX_DAY_FILES {
        return Err(ImportError::new(
            &paths[0],
            format!("more than {MAX_DAY_FILES} day files: too many to import at once"),
        ));
    }
    read_messages(&paths, &users, &HashMap::new(), channel, options)
}

/// `2026-03-17.json` → `2026-03-17`.
fn day_name(day: &str) -> &str {
    let day = day.trim();
    day.strip_suffix(".json").unwrap_or(day)
}

/// The date of a file named `YYYY-MM-DD.json`.
fn day_file_date(path: &Path) -> Option<NaiveDate> {
    let name = path.file_name()?.to_str()?;
    let stem = name.strip_suffix(".json")?;
    let date = NaiveDate::parse_from_str(stem, "%Y-%m-%d").ok()?;
    (date.format("%Y-%m-%d").to_string() == stem).then_some(date)
}

/// Whether a day file can hold messages in the window. Day files follow the
/// exporting workspace's day, so a day either side is kept.
fn in_window_by_date(date: NaiveDate, options: &SlackOptions) -> bool {
    let after_from = options
        .from
        .is_none_or(|from| date >= from.date_naive().pred_opt().unwrap_or(NaiveDate::MIN));
    let before_to = options
        .to
        .is_none_or(|to| date <= to.date_naive().succ_opt().unwrap_or(NaiveDate::MAX));
    after_from && before_to
}

/// The day files of a channel folder, sorted by date. Other files are ignored.
fn list_day_files(folder: &Path) -> Result<Vec<(NaiveDate, PathBuf)>, ImportError> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(folder).map_err(|e| ImportError::io(folder, &e))? {
        let entry = entry.map_err(|e| ImportError::io(folder, &e))?;
        let path = entry.path();
        let Some(date) = day_file_date(&path) else {
            continue;
        };
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        if files.len() >= MAX_DAY_FILES {
            return Err(ImportError::new(
                folder,
                format!("the channel has more than {MAX_DAY_FILES} day files: too many to import at once"),
            ));
        }
        files.push((date, path));
    }
    files.sort();
    Ok(files)
}

/// Reads a file that may be missing. Anything at the path that is not a
/// regular file (a FIFO, a device, a dangling link) is refused by
/// `read_text`, not taken as missing.
fn optional_text(path: &Path) -> Result<Option<(PathBuf, String)>, ImportError> {
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(ImportError::io(path, &e)),
        Ok(_) => Ok(Some((path.to_path_buf(), read_text(path)?))),
    }
}

// ---------------------------------------------------------------- people

#[derive(Debug, Deserialize)]
struct RawUser {
    id: String,
    name: Option<String>,
    real_name: Option<String>,
    profile: Option<RawProfile>,
}

#[derive(Debug, Default, Deserialize)]
struct RawProfile {
    real_name: Option<String>,
    display_name: Option<String>,
}

/// The first of these that has text, trimmed.
fn first_name<'a>(names: impl IntoIterator<Item = Option<&'a String>>) -> Option<String> {
    names
        .into_iter()
        .flatten()
        .map(|n| n.trim())
        .find(|n| !n.is_empty())
        .map(str::to_owned)
}

/// The people of `users.json`, by id.
#[derive(Debug, Clone, Default)]
struct Users {
    /// Real name, else profile real name, else display name.
    names: HashMap<String, String>,
    /// The `name` handle, the last resort before the id.
    handles: HashMap<String, String>,
}

impl Users {
    fn parse(path: &Path, text: &str) -> Result<Users, ImportError> {
        let raw: Vec<RawUser> = parse_json(path, text, Limited::new(MAX_MESSAGES, "users"))?;
        let mut users = Users::default();
        for user in raw {
            let profile = user.profile.unwrap_or_default();
            if let Some(name) = first_name([
                user.real_name.as_ref(),
                profile.real_name.as_ref(),
                profile.display_name.as_ref(),
            ]) {
                users.names.insert(user.id.clone(), name);
            }
            if let Some(handle) = first_name([user.name.as_ref()]) {
                users.handles.insert(user.id, handle);
            }
        }
        Ok(users)
    }
}

#[derive(Debug, Deserialize)]
struct RawChannel {
    id: String,
    name: String,
}

fn parse_channels(path: &Path, text: &str) -> Result<HashMap<String, String>, ImportError> {
    let raw: Vec<RawChannel> = parse_json(path, text, Limited::new(MAX_MESSAGES, "channels"))?;
    Ok(raw.into_iter().map(|c| (c.id, c.name)).collect())
}

// ---------------------------------------------------------------- messages

/// A message `ts`: seconds and fraction since the epoch, as text; the text is
/// kept exactly for the source key.
#[derive(Debug, Clone)]
struct SlackTs {
    raw: String,
    at: Timestamp,
}

impl<'de> Deserialize<'de> for SlackTs {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<SlackTs, D::Error> {
        let raw = String::deserialize(deserializer)?;
        match parse_ts(&raw) {
            Some(at) => Ok(SlackTs { raw, at }),
            None => Err(serde::de::Error::custom(format!(
                "\"{}\" is not a Slack timestamp like \"1710684000.123456\"",
                short(&raw)
            ))),
        }
    }
}

/// `"1710684000.123456"` → that time in UTC.
fn parse_ts(raw: &str) -> Option<Timestamp> {
    let (secs, frac) = match raw.split_once('.') {
        Some((secs, frac)) if !frac.is_empty() => (secs, frac),
        Some(_) => return None,
        None => (raw, ""),
    };
    let digits =
        |s: &str, max: usize| !s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(secs, 12) || !(frac.is_empty() || digits(frac, 9)) {
        return None;
    }
    let secs: i64 = secs.parse().ok()?;
    let nanos: u32 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<9}").parse().ok()?
    };
    DateTime::from_timestamp(secs, nanos)
}

#[derive(Debug, Deserialize)]
struct RawMessage {
    ts: SlackTs,
    user: Option<String>,
    text: Option<String>,
    user_profile: Option<RawProfile>,
    subtype: Option<String>,
    thread_ts: Option<SlackTs>,
    bot_id: Option<String>,
    username: Option<String>,
    edited: Option<serde::de::IgnoredAny>,
    files: Option<Vec<RawFile>>,
    attachments: Option<Vec<RawAttachment>>,
}

#[derive(Debug, Deserialize)]
struct RawFile {
    name: Option<String>,
    title: Option<String>,
}

#[derive(Debug, Deserialize)]
struct RawAttachment {
    fallback: Option<String>,
    text: Option<String>,
    title: Option<String>,
}

impl RawMessage {
    fn is_noise(&self) -> bool {
        self.subtype
            .as_deref()
            .is_some_and(|s| NOISE_SUBTYPES.contains(&s))
            || self.bot_id.as_deref().is_some_and(|b| !b.trim().is_empty())
    }

    fn author(&self, users: &Users) -> String {
        let id = self.user.as_ref().filter(|u| !u.trim().is_empty());
        let profile = self.user_profile.as_ref();
        first_name([
            id.and_then(|id| users.names.get(id)),
            profile.and_then(|p| p.real_name.as_ref()),
            profile.and_then(|p| p.display_name.as_ref()),
            id.and_then(|id| users.handles.get(id)),
            id,
            self.username.as_ref(),
        ])
        .unwrap_or_else(|| "unknown".to_owned())
    }
}

/// Names for mentions: people by id, channels by id.
struct Names<'a> {
    people: HashMap<&'a str, &'a str>,
    channels: &'a HashMap<String, String>,
}

fn read_messages(
    files: &[PathBuf],
    users: &Users,
    channel_names: &HashMap<String, String>,
    channel: &str,
    options: &SlackOptions,
) -> Result<ChatImport, ImportError> {
    let mut total_bytes = 0u64;
    let mut messages: Vec<RawMessage> = Vec::new();
    for path in files {
        let text = read_text(path)?;
        total_bytes += text.len() as u64;
        if total_bytes > MAX_TOTAL_BYTES {
            return Err(ImportError::new(
                path,
                format!(
                    "the files picked are over {MAX_TOTAL_BYTES} bytes together: too much to import at once"
                ),
            ));
        }
        let room = MAX_MESSAGES - messages.len();
        let seed = Limited::with_message(room, "messages", too_many_message());
        messages.extend(parse_json(path, &text, seed)?);
    }
    Ok(into_import(&messages, users, channel_names, channel, options))
}

/// One day file's text (`path` only names it in errors), with the texts of
/// the export's `users.json` and `channels.json` when there are any, read as
/// [`read_day_files`] reads a file: the same limits, names, markup, filters
/// and source keys for `channel`. `options.days` is not looked at: the
/// caller picked the file.
pub fn parse_day_file(
    path: &Path,
    text: &str,
    users_json: Option<&str>,
    channels_json: Option<&str>,
    channel: &str,
    options: &SlackOptions,
) -> Result<ChatImport, ImportError> {
    let users = match users_json {
        Some(users) => Users::parse(&path.with_file_name("users.json"), users)?,
        None => Users::default(),
    };
    let channel_names = match channels_json {
        Some(channels) => parse_channels(&path.with_file_name("channels.json"), channels)?,
        None => HashMap::new(),
    };
    let seed = Limited::with_message(MAX_MESSAGES, "messages", too_many_message());
    let messages: Vec<RawMessage> = parse_json(path, text, seed)?;
    let channel = channel.trim().trim_start_matches('#');
    Ok(into_import(&messages, &users, &channel_names, channel, options))
}

/// Parsed messages made entries: names resolved, filters applied, repeats
/// (same source key) dropped.
fn into_import(
    messages: &[RawMessage],
    users: &Users,
    channel_names: &HashMap<String, String>,
    channel: &str,
    options: &SlackOptions,
) -> ChatImport {
    // Mentions use users.json first, then the profiles messages carry.
    let mut people: HashMap<&str, &str> = HashMap::new();
    for message in messages {
        if let (Some(id), Some(profile)) = (&message.user, &message.user_profile)
            && let Some(name) = [&profile.real_name, &profile.display_name]
                .into_iter()
                .flatten()
                .map(|n| n.trim())
                .find(|n| !n.is_empty())
        {
            people.entry(id.as_str()).or_insert(name);
        }
    }
    for (id, handle) in &users.handles {
        people.entry(id.as_str()).or_insert(handle.as_str());
    }
    for (id, name) in &users.names {
        people.insert(id.as_str(), name.as_str());
    }
    let names = Names {
        people,
        channels: channel_names,
    };

    let mut entries = Vec::new();
    let mut seen = HashSet::new();
    let mut skipped_noise = 0;
    for message in messages {
        let at = message.ts.at;
        if options.from.is_some_and(|from| at < from) || options.to.is_some_and(|to| at > to) {
            continue;
        }
        if options.skip_noise && message.is_noise() {
            skipped_noise += 1;
            continue;
        }
        let source = format!("slack:#{channel}:{}", message.ts.raw);
        if !seen.insert(source.clone()) {
            continue;
        }
        entries.push(ImportedEntry {
            at,
            author: message.author(users),
            kind: EntryKind::Chat,
            text: message_text(message, &names),
            source,
        });
    }
    ChatImport::new(entries, skipped_noise)
}

/// The entry text of a message: readable markup, thread and edit marks, files.
fn message_text(message: &RawMessage, names: &Names) -> String {
    let mut text = readable(message.text.as_deref().unwrap_or("").trim(), names);
    if text.is_empty() {
        let fallbacks: Vec<String> = message
            .attachments
            .iter()
            .flatten()
            .filter_map(|a| first_name([a.fallback.as_ref(), a.text.as_ref(), a.title.as_ref()]))
            .map(|t| readable(&t, names))
            .collect();
        text = fallbacks.join("\n");
    }
    for file in message.files.iter().flatten() {
        let name =
            first_name([file.name.as_ref(), file.title.as_ref()]).unwrap_or_else(|| "unnamed".to_owned());
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&format!("[file: {name}]"));
    }
    if text.is_empty() {
        text.push_str("(no text)");
    }
    if let Some(parent) = &message.thread_ts
        && parent.raw != message.ts.raw
    {
        let format = if parent.at.date_naive() == message.ts.at.date_naive() {
            "%H:%M"
        } else {
            "%Y-%m-%d %H:%M"
        };
        text = format!("[thread {}] {text}", parent.at.format(format));
    }
    if message.edited.is_some() {
        text.push_str(" (edited)");
    }
    text
}

// ---------------------------------------------------------------- markup

/// Slack markup made readable: `<@U123>` → `@Real Name`, `<#C1|general>` →
/// `#general`, `<https://x|label>` → `label (https://x)`, `<https://x>` →
/// `https://x`, `<!here>` → `@here`, and `&lt; &gt; &amp;` unescaped.
fn readable(text: &str, names: &Names) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        out.push_str(&unescape(&rest[..open]));
        let after = &rest[open + 1..];
        // A token ends at the next `>`; a `<` first means this one is literal.
        match after.find(['<', '>']) {
            Some(close) if after[close..].starts_with('>') && is_token(&after[..close]) => {
                out.push_str(&token(&after[..close], names));
                rest = &after[close + 1..];
            }
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(&unescape(rest));
    out
}

/// Whether `<inner>` is Slack markup: a mention, a channel, a special or a
/// link (`scheme:...`). Slack escapes a typed `<` as `&lt;`; this keeps other
/// text readable too.
fn is_token(inner: &str) -> bool {
    let target = inner.split('|').next().unwrap_or("");
    if target.is_empty() || target.contains(char::is_whitespace) {
        return false;
    }
    if target.starts_with(['@', '#', '!']) {
        return true;
    }
    target.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

/// One `<...>` token, without its brackets.
fn token(inner: &str, names: &Names) -> String {
    let (target, label) = match inner.split_once('|') {
        Some((target, label)) => (target, Some(unescape(label)).filter(|l| !l.trim().is_empty())),
        None => (inner, None),
    };
    if let Some(id) = target.strip_prefix('@') {
        let name = names
            .people
            .get(id)
            .map(|n| (*n).to_owned())
            .or_else(|| label.map(|l| l.trim_start_matches('@').to_owned()))
            .unwrap_or_else(|| id.to_owned());
        return format!("@{name}");
    }
    if let Some(id) = target.strip_prefix('#') {
        let name = label
            .or_else(|| names.channels.get(id).cloned())
            .unwrap_or_else(|| id.to_owned());
        return format!("#{}", name.trim_start_matches('#'));
    }
    if let Some(special) = target.strip_prefix('!') {
        let base = special.split('^').next().unwrap_or("");
        return match (base, label) {
            ("here" | "channel" | "everyone", _) => format!("@{base}"),
            ("subteam", Some(label)) => format!("@{}", label.trim_start_matches('@')),
            (_, Some(label)) => label,
            (_, None) => format!("@{}", unescape(base)),
        };
    }
    let url = unescape(target);
    match label {
        None => url,
        Some(label) if label == url => url,
        Some(label) => {
            let bare = url
                .strip_prefix("mailto:")
                .or_else(|| url.split_once("://").map(|(_, rest)| rest));
            match bare {
                Some(bare) if bare == label && url.starts_with("mailto:") => label,
                Some(bare) if bare == label => url,
                _ => format!("{label} ({url})"),
            }
        }
    }
}

/// Slack escapes exactly these three in message text.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let (with, len) = if after.starts_with("&lt;") {
            ('<', 4)
        } else if after.starts_with("&gt;") {
            ('>', 4)
        } else if after.starts_with("&amp;") {
            ('&', 5)
        } else {
            ('&', 1)
        };
        out.push(with);
        rest = &after[len..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use proptest::prelude::*;

    fn with_names(f: impl FnOnce(&Names)) {
        let channels = HashMap::from([("C9".to_owned(), "ops".to_owned())]);
        let people = HashMap::from([("U1", "Ana Lima")]);
        f(&Names {
            people,
            channels: &channels,
        });
    }

    #[test]
    fn markup_becomes_readable() {
        let cases = [
            ("<@U1> restarted it", "@Ana Lima restarted it"),
            ("<@U2>", "@U2"),
            ("<@U2|bo>", "@bo"),
            ("see <#C1|general> and <#C9>", "see #general and #ops"),
            (
                "<https://x.example/a?b=1&amp;c=2|dashboard>",
                "dashboard (https://x.example/a?b=1&c=2)",
            ),
            ("<https://x.example>", "https://x.example"),
            ("<http://db-3.example|db-3.example>", "http://db-3.example"),
            ("<mailto:ana@example.com|ana@example.com>", "ana@example.com"),
            (
                "<!here> <!channel|@channel> <!everyone>",
                "@here @channel @everyone",
            ),
            ("<!subteam^S1|@oncall> paged", "@oncall paged"),
            ("<!date^1392734382^{date}|Feb 18th>", "Feb 18th"),
            ("a &lt;b&gt; &amp;lt; &amp;", "a <b> &lt; &"),
            ("5 < 6 > 4", "5 < 6 > 4"),
            ("unclosed <https://x", "unclosed <https://x"),
            ("<<@U1>>", "<@Ana Lima>"),
            ("&", "&"),
        ];
        with_names(|names| {
            for (raw, want) in cases {
                assert_eq!(readable(raw, names), want, "{raw}");
            }
        });
    }

    #[test]
    fn timestamps_parse_to_utc_with_microseconds() {
        let at = parse_ts("1773756000.123456").unwrap();
        assert_eq!(
            at,
            Utc.with_ymd_and_hms(2026, 3, 17, 14, 0, 0).unwrap() + chrono::TimeDelta::microseconds(123_456)
        );
        assert_eq!(
            parse_ts("1773756000"),
            Some(Utc.with_ymd_and_hms(2026, 3, 17, 14, 0, 0).unwrap())
        );
        assert!(parse_ts("999999999999.999999999").is_some());
        for bad in [
            "",
            ".",
            "1.",
            ".5",
            "-1.0",
            "1e9",
            "1.2.3",
            "99999999999999",
            "1.1234567890",
            " 1",
        ] {
            assert_eq!(parse_ts(bad), None, "{bad}");
        }
    }

    #[test]
    fn noise_and_authors() {
        let parse = |json: &str| serde_json::from_str::<RawMessage>(json).unwrap();
        let users = Users {
            names: HashMap::from([("U1".to_owned(), "Ana Lima".to_owned())]),
            handles: HashMap::from([("U3".to_owned(), "cy".to_owned())]),
        };
        assert_eq!(parse(r#"{"ts":"1","user":"U1"}"#).author(&users), "Ana Lima");
        assert_eq!(
            parse(r#"{"ts":"1","user":"U2","user_profile":{"real_name":"Bo Berg"}}"#).author(&users),
            "Bo Berg"
        );
        assert_eq!(parse(r#"{"ts":"1","user":"U3"}"#).author(&users), "cy");
        assert_eq!(parse(r#"{"ts":"1","user":"U4"}"#).author(&users), "U4");
        assert_eq!(
            parse(r#"{"ts":"1","username":"deploy-bot"}"#).author(&users),
            "deploy-bot"
        );
        assert_eq!(parse(r#"{"ts":"1"}"#).author(&users), "unknown");
        assert!(parse(r#"{"ts":"1","subtype":"channel_join"}"#).is_noise());
        assert!(parse(r#"{"ts":"1","bot_id":"B1"}"#).is_noise());
        assert!(!parse(r#"{"ts":"1","subtype":"channel_topic"}"#).is_noise());
        assert!(!parse(r#"{"ts":"1","bot_id":null}"#).is_noise());
    }

    #[test]
    fn windows_keep_a_day_either_side() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 3, d).unwrap();
        let options = SlackOptions {
            from: Some(Utc.with_ymd_and_hms(2026, 3, 17, 1, 0, 0).unwrap()),
            to: Some(Utc.with_ymd_and_hms(2026, 3, 18, 1, 0, 0).unwrap()),
            ..SlackOptions::default()
        };
        assert!(!in_window_by_date(day(15), &options));
        assert!(in_window_by_date(day(16), &options));
        assert!(in_window_by_date(day(19), &options));
        assert!(!in_window_by_date(day(20), &options));
        assert_eq!(day_file_date(Path::new("a/2026-03-17.json")), Some(day(17)));
        assert_eq!(day_file_date(Path::new("a/2026-3-17.json")), None);
        assert_eq!(day_file_date(Path::new("a/notes.json")), None);
    }

    #[test]
    fn day_file_text_reads_as_the_file_does() {
        let export = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/slack");
        let users = export.join("users.json");
        let users_text = std::fs::read_to_string(&users).unwrap();
        let channels_text = std::fs::read_to_string(export.join("channels.json")).unwrap();
        let options = SlackOptions {
            skip_noise: true,
            ..SlackOptions::default()
        };
        for day in ["2026-03-17.json", "2026-03-18.json"] {
            let file = export.join("inc-checkout").join(day);
            let text = std::fs::read_to_string(&file).unwrap();
            let from_file = read_day_files(
                std::slice::from_ref(&file),
                Some(&users),
                "inc-checkout",
                &options,
            )
            .unwrap();
            let from_text =
                parse_day_file(&file, &text, Some(&users_text), None, "#inc-checkout", &options).unwrap();
            assert!(!from_text.entries.is_empty(), "{day}");
            assert_eq!(from_text, from_file, "{day}");
        }
        // channels.json names channels that a mention gives no label.
        let text = r#"[{"ts":"1","text":"see <#C03DB> and <#C404>"}]"#;
        let day = Path::new("d/2026-03-17.json");
        let named = parse_day_file(day, text, None, Some(&channels_text), "x", &options).unwrap();
        assert_eq!(named.entries[0].text, "see #db-team and #C404");
        // Bad users or channels text fails the read and names that file.
        for (users, channels, file) in [
            (Some("{}"), None, "d/users.json"),
            (Some("[{\"id\": 1}]"), None, "d/users.json"),
            (None, Some("[{\"id\": \"C1\"}]"), "d/channels.json"),
            (None, Some("[1"), "d/channels.json"),
        ] {
            let err = parse_day_file(day, text, users, channels, "x", &options).unwrap_err();
            assert_eq!(err.file, Path::new(file), "{err}");
        }
        let err = parse_day_file(day, "[{\"ts\": \"x\"}]", None, None, "x", &options).unwrap_err();
        assert_eq!((err.file.as_path(), err.line), (day, Some(1)), "{err}");
    }

    proptest! {
        #[test]
        fn markup_never_panics(text in "[<>|@#!&a-z;:/^. \u{e9}\u{1F600}]{0,60}") {
            with_names(|names| {
                let _ = readable(&text, names);
            });
        }

        #[test]
        fn day_files_never_panic(text in any::<String>()) {
            let path = Path::new("2026-03-17.json");
            let seed = Limited::<RawMessage>::new(MAX_MESSAGES, "messages");
            let _ = parse_json(path, &text, seed);
        }
    }
}
