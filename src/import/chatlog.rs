//! Plain-text chat logs, for chat tools without an export. Each message
//! starts a line with its time and author:
//!
//! ```text
//! 14:02 ana: restarted db-3
//! 14:02:30 Bo Berg: thanks
//! [14:03] <cy> looking at the graphs
//! [14:03:10] dee: same here
//! ```
//!
//! Times are `HH:MM` or `HH:MM:SS`, in UTC, on the date chosen at import; a
//! time more than 6 hours before the previous one is taken to be on the next
//! day (the log crossed midnight). A line without a time prefix continues the
//! message before it. A timed line without an author is a message by
//! "unknown". Before the first message only blank lines are allowed.

use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};

use super::{ChatImport, ImportError, MAX_MESSAGES, read_text, too_many_message};
use crate::model::{EntryKind, ImportedEntry};

/// Authors longer than this are not authors: the line is `time text`.
const MAX_AUTHOR_CHARS: usize = 64;

/// Reads a chat log whose first message is on `date`. `source_name` names
/// the log in the source keys (`chatlog:<source_name>:<line>:<HH:MM:SS>`).
pub fn read_chat_log(path: &Path, date: NaiveDate, source_name: &str) -> Result<ChatImport, ImportError> {
    let text = read_text(path)?;
    parse_chat_log(path, &text, date, source_name)
}

struct Message {
    line: usize,
    at: NaiveDateTime,
    author: String,
    text: String,
}

/// [`read_chat_log`] on text already read; `path` only names the file in
/// errors.
pub fn parse_chat_log(
    path: &Path,
    text: &str,
    date: NaiveDate,
    source_name: &str,
) -> Result<ChatImport, ImportError> {
    let mut messages: Vec<Message> = Vec::new();
    let mut day = date;
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let Some((time, rest)) = split_time(line) else {
            match messages.last_mut() {
                Some(message) => {
                    message.text.push('\n');
                    message.text.push_str(line.trim_end());
                }
                None if line.trim().is_empty() => {}
                None => {
                    return Err(ImportError::at(
                        path,
                        number,
                        Some(1),
                        "expected a message like \"14:02 ana: restarted db-3\" or \"[14:02] <ana> restarted db-3\"",
                    ));
                }
            }
            continue;
        };
        let mut at = day.and_time(time);
        if let Some(previous) = messages.last()
            && at
                .checked_add_signed(TimeDelta::hours(6))
                .is_some_and(|later| later < previous.at)
        {
            day = day.succ_opt().ok_or_else(|| {
                ImportError::at(path, number, Some(1), "the log runs past the last date there is")
            })?;
            at = day.and_time(time);
        }
        if messages.len() >= MAX_MESSAGES {
            return Err(ImportError::at(path, number, Some(1), too_many_message()));
        }
        let (author, text) = split_author(rest);
        messages.push(Message {
            line: number,
            at,
            author: author.unwrap_or("unknown").to_owned(),
            text: text.to_owned(),
        });
    }
    let entries = messages
        .into_iter()
        .filter_map(|m| {
            let text = m.text.trim_end();
            (!text.is_empty()).then(|| ImportedEntry {
                at: m.at.and_utc(),
                author: m.author,
                kind: EntryKind::Chat,
                text: text.to_owned(),
                source: format!("chatlog:{source_name}:{}:{}", m.line, m.at.format("%H:%M:%S")),
            })
        })
        .collect();
    Ok(ChatImport::new(entries, 0))
}

/// `14:02 rest`, `14:02:05 rest`, `[14:02] rest` → the time and the rest.
fn split_time(line: &str) -> Option<(NaiveTime, &str)> {
    let (time, rest) = match line.strip_prefix('[') {
        Some(inner) => {
            let (time, rest) = inner.split_once(']')?;
            (time, rest)
        }
        None => {
            let end = line.find(char::is_whitespace).unwrap_or(line.len());
            line.split_at(end)
        }
    };
    let time = parse_clock(time)?;
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return None;
    }
    Some((time, rest.trim()))
}

/// `H:MM`, `HH:MM` or `HH:MM:SS`.
fn parse_clock(text: &str) -> Option<NaiveTime> {
    let mut parts = text.split(':');
    let mut next = |min_len: usize| {
        parts
            .next()
            .filter(|p| (min_len..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|p| p.parse::<u32>().ok())
    };
    let hour = next(1)?;
    let minute = next(2)?;
    let second = match parts.next() {
        None => 0,
        Some(p) if p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()) => p.parse().ok()?,
        Some(_) => return None,
    };
    if parts.next().is_some() {
        return None;
    }
    NaiveTime::from_hms_opt(hour, minute, second)
}

/// `<ana> text` or `ana: text` → the author and the text.
fn split_author(rest: &str) -> (Option<&str>, &str) {
    if let Some(inner) = rest.strip_prefix('<')
        && let Some((name, text)) = inner.split_once('>')
    {
        // IRC nick prefixes for operators and voiced users.
        let name = name.trim().trim_start_matches(['@', '+', '%', '~', '&']);
        if !name.is_empty() && name.chars().count() <= MAX_AUTHOR_CHARS {
            return (Some(name), text.trim_start());
        }
    }
    if let Some((name, text)) = rest.split_once(':')
        && (text.is_empty() || text.starts_with(char::is_whitespace))
    {
        let name = name.trim();
        if !name.is_empty() && name.chars().count() <= MAX_AUTHOR_CHARS {
            return (Some(name), text.trim_start());
        }
    }
    (None, rest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use proptest::prelude::*;

    fn date() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 17).unwrap()
    }

    fn parse(text: &str) -> Result<ChatImport, ImportError> {
        parse_chat_log(Path::new("chat.log"), text, date(), "war-room")
    }

    #[test]
    fn both_styles_continuations_and_keys() {
        let log = "\n14:02 ana: restarted db-3\n  still slow\n[14:03:05] <@bo> looking\n9:04 Cy Diaz: ok\n";
        let import = parse(log).unwrap();
        let by = |author: &str| import.entries.iter().find(|e| e.author == author).unwrap();
        assert_eq!(import.entries.len(), 3);
        let ana = by("ana");
        assert_eq!(ana.text, "restarted db-3\n  still slow");
        assert_eq!(ana.source, "chatlog:war-room:2:14:02:00");
        assert_eq!(ana.at, Utc.with_ymd_and_hms(2026, 3, 17, 14, 2, 0).unwrap());
        assert_eq!(by("bo").text, "looking");
        assert_eq!(by("bo").source, "chatlog:war-room:4:14:03:05");
        // 09:04 after 14:03 is less than 6 hours back: same day, sorted first.
        assert_eq!(import.entries[0].author, "Cy Diaz");
        assert_eq!(
            import.entries[0].at,
            Utc.with_ymd_and_hms(2026, 3, 17, 9, 4, 0).unwrap()
        );
    }

    #[test]
    fn midnight_rolls_over() {
        let import = parse("23:58 ana: still on it\n00:03 bo: new day\n").unwrap();
        assert_eq!(
            import.entries[1].at,
            Utc.with_ymd_and_hms(2026, 3, 18, 0, 3, 0).unwrap()
        );
        assert_eq!(import.preview.messages, 2);
    }

    #[test]
    fn lines_without_author_or_text() {
        let import = parse("14:02 deploy finished\n14:03 ana:\n14:04\n").unwrap();
        assert_eq!(import.entries.len(), 1);
        assert_eq!(import.entries[0].author, "unknown");
        assert_eq!(import.entries[0].text, "deploy finished");
    }

    #[test]
    fn text_before_the_first_message_is_an_error() {
        let err = parse("\nlog of the war room\n14:02 ana: hi").unwrap_err();
        assert_eq!((err.line, err.column), (Some(2), Some(1)));
        assert!(
            err.to_string()
                .starts_with("chat.log, line 2, column 1: expected a message")
        );
    }

    #[test]
    fn rolling_past_the_last_date_is_an_error_not_a_panic() {
        let err = parse_chat_log(
            Path::new("chat.log"),
            "23:00 a: x\n01:00 b: y\n",
            NaiveDate::MAX,
            "w",
        );
        assert_eq!(err.unwrap_err().line, Some(2));
    }

    #[test]
    fn clock_times() {
        let t = |h, m, s| NaiveTime::from_hms_opt(h, m, s);
        assert_eq!(parse_clock("9:05"), t(9, 5, 0));
        assert_eq!(parse_clock("23:59:59"), t(23, 59, 59));
        for bad in [
            "24:00",
            "12:60",
            "1:5",
            "123:00",
            "12:00:0",
            "12:00:00:00",
            "",
            ":",
            "a:bc",
        ] {
            assert_eq!(parse_clock(bad), None, "{bad}");
        }
        assert_eq!(split_time("14:02ana: x"), None);
        assert_eq!(split_time("[14:02]x"), None);
    }

    proptest! {
        #[test]
        fn never_panics(text in "([0-9:\\[\\]<>@ a-z\u{e9}]{0,20}\n){0,10}") {
            let _ = parse(&text);
        }
    }
}
