//! The next-update time a message promises, read back from its text, so the
//! countdown the header shows is the time the audience was told.

use std::ops::Range;

use chrono::{NaiveDate, NaiveTime, TimeDelta, Timelike};

use super::incident::Timestamp;

/// Words that introduce the promised time of the next update.
const CUES: [&str; 6] = [
    "next update",
    "next internal update",
    "update by",
    "prossimo aggiornamento",
    "aggiornamento non oltre",
    "aggiornamento entro",
];

/// How far into a message the promise is looked for (messages are short;
/// a pasted log should not cost every frame).
const SCAN_BYTES: usize = 16 * 1024;

/// A next-update time found in a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Promise {
    pub at: Timestamp,
    /// Where the time (with its date, if written) is in the text.
    pub span: Range<usize>,
}

/// The next-update time `text` promises, read as UTC (the templates write
/// UTC and say so). A time without a date is the first such time at or
/// after half an hour before `written` (the message's send or draft time),
/// so "by 00:10" written at 23:50 is the next day.
pub fn find_update_promise(text: &str, written: Timestamp) -> Option<Promise> {
    let scan = &text[..floor_char_boundary(text, SCAN_BYTES)];
    let mut offset = 0;
    for line in scan.split_inclusive('\n') {
        let lower = line.to_lowercase();
        // Lower-casing can change byte lengths (rare letters); then the cue
        // position is only used to decide, the time is found in `line`.
        if let Some(cue) = CUES
            .iter()
            .filter_map(|c| lower.find(c).map(|at| at + c.len()))
            .min()
        {
            let from = if lower.len() == line.len() { cue } else { 0 };
            if let Some((time, span)) = first_clock_time(line, from) {
                let date = date_before(line, span.start);
                let at = match date {
                    Some((date, start)) => {
                        return Some(Promise {
                            at: date.and_time(time).and_utc(),
                            span: offset + start..offset + span.end,
                        });
                    }
                    None => {
                        let earliest = written - TimeDelta::minutes(30);
                        let same_day = written.date_naive().and_time(time).and_utc();
                        [
                            same_day - TimeDelta::days(1),
                            same_day,
                            same_day + TimeDelta::days(1),
                        ]
                        .into_iter()
                        .find(|at| *at >= earliest)?
                    }
                };
                return Some(Promise {
                    at,
                    span: offset + span.start..offset + span.end,
                });
            }
        }
        offset += line.len();
    }
    None
}

impl super::incident::Incident {
    /// Draft `index`'s text with its next-update promise brought up to
    /// date, when the promise is still the one the template wrote (the
    /// draft time plus the cadence) and sending now would give a later one:
    /// a draft started at 09:53 and copied at 09:58 promises 10:18, not
    /// 10:13. A promise edited by hand is left alone; so is a sent message.
    pub fn refreshed_promise(&self, id: super::ItemId, now: Timestamp) -> Option<String> {
        let message = self.communications.messages.iter().find(|m| m.id == id)?;
        if message.sent_at.is_some() {
            return None;
        }
        let kind = super::cadence::UpdateKind::of(message.audience);
        let cadence = i64::from(self.cadence_minutes(kind));
        let minute = |at: Timestamp| at.with_second(0).and_then(|t| t.with_nanosecond(0));
        let written = minute(super::time::add_minutes(message.drafted_at, cadence)?)?;
        let fresh = minute(super::time::add_minutes(now, cadence)?)?;
        let promise = find_update_promise(&message.text, message.drafted_at)?;
        if promise.at != written || fresh <= written {
            return None;
        }
        let old = &message.text[promise.span.clone()];
        // Same shape as written: the time, and the date when one was there.
        let mut new = old.to_owned();
        let time_len = if old.len() >= 5 && old.as_bytes()[old.len() - 5].is_ascii_digit() {
            5
        } else {
            4
        };
        new.replace_range(old.len() - time_len.., &fresh.format("%H:%M").to_string());
        if old.len() >= 10 {
            let date = &old[..10];
            if NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok() {
                new.replace_range(..10, &fresh.format("%Y-%m-%d").to_string());
            } else if NaiveDate::parse_from_str(date, "%d/%m/%Y").is_ok() {
                new.replace_range(..10, &fresh.format("%d/%m/%Y").to_string());
            }
        }
        let mut text = message.text.clone();
        text.replace_range(promise.span, &new);
        Some(text)
    }
}

fn floor_char_boundary(text: &str, max: usize) -> usize {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    end
}

/// The first `H:MM` or `HH:MM` at or after byte `from` that is a real time
/// and not part of a longer number.
fn first_clock_time(line: &str, from: usize) -> Option<(NaiveTime, Range<usize>)> {
    let bytes = line.as_bytes();
    let digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    for colon in (from..bytes.len()).filter(|&i| bytes[i] == b':') {
        if !(digit(colon + 1) && digit(colon + 2)) || digit(colon + 3) || bytes.get(colon + 3) == Some(&b':')
        {
            continue;
        }
        let start = if colon >= 2 && digit(colon - 2) && digit(colon - 1) {
            colon - 2
        } else if colon >= 1 && digit(colon - 1) {
            colon - 1
        } else {
            continue;
        };
        if start > 0 && (digit(start - 1) || bytes[start - 1] == b':') {
            continue;
        }
        let (hour, minute) = (
            line[start..colon].parse().ok()?,
            line[colon + 1..colon + 3].parse().ok()?,
        );
        if let Some(time) = NaiveTime::from_hms_opt(hour, minute, 0) {
            return Some((time, start..colon + 3));
        }
    }
    None
}

/// A date written just before the time: `2026-03-18 09:00`,
/// `18/03/2026 09:00`, `18/03/2026 alle 09:00`, `2026-03-18 at 09:00`.
fn date_before(line: &str, time_start: usize) -> Option<(NaiveDate, usize)> {
    let before = line[..time_start].trim_end();
    let before = ["alle", "at", "ore", "le", "T"]
        .iter()
        .find_map(|w| before.strip_suffix(w).filter(|b| b.ends_with(' ') || *w == "T"))
        .unwrap_or(before)
        .trim_end();
    let start = before.len().checked_sub(10)?;
    let word = before.get(start..)?;
    let date = NaiveDate::parse_from_str(word, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(word, "%d/%m/%Y"))
        .ok()?;
    Some((date, start))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn at(h: u32, m: u32) -> Timestamp {
        Utc.with_ymd_and_hms(2026, 3, 17, h, m, 0).unwrap()
    }

    #[test]
    fn finds_the_promised_time_in_both_languages_and_formats() {
        let written = at(9, 53);
        let cases = [
            (
                "We will post the next update by 10:13 UTC, or sooner.",
                Some(at(10, 13)),
            ),
            (
                "Next update: 10:40 UTC, or sooner if anything changes.",
                Some(at(10, 40)),
            ),
            (
                "Next update: 2026-03-18 09:00 UTC",
                Some(at(9, 0) + TimeDelta::days(1)),
            ),
            (
                "Pubblicheremo il prossimo aggiornamento non oltre le 10:13 UTC, o prima.",
                Some(at(10, 13)),
            ),
            (
                "Prossimo aggiornamento: 18/03/2026 alle 09:00 UTC",
                Some(at(9, 0) + TimeDelta::days(1)),
            ),
            ("Started at 09:10 UTC.\nNext update by 9:58 UTC.", Some(at(9, 58))),
            // A time before the cue is not the promise.
            ("Since 09:10 UTC checkout fails. Next update soon.", None),
            ("Next update: [time], or sooner.", None),
            ("Next update at 25:00", None),
            ("Next update at 10:130", None),
            ("Next update at 10:13:20", None),
            ("No promise here at 10:13", None),
            ("", None),
        ];
        for (text, expected) in cases {
            assert_eq!(
                find_update_promise(text, written).map(|p| p.at),
                expected,
                "{text}"
            );
        }
    }

    #[test]
    fn the_span_covers_the_time_and_its_date() {
        let text = "Next update: 18/03/2026 alle 09:00 UTC";
        let p = find_update_promise(text, at(9, 53)).unwrap();
        assert_eq!(&text[p.span], "18/03/2026 alle 09:00");
        let text = "next update by 10:13 UTC";
        let p = find_update_promise(text, at(9, 53)).unwrap();
        assert_eq!(&text[p.span], "10:13");
    }

    #[test]
    fn a_time_without_a_date_is_the_next_such_time() {
        let late = Utc.with_ymd_and_hms(2026, 3, 17, 23, 50, 0).unwrap();
        let p = find_update_promise("Next update by 00:10 UTC", late).unwrap();
        assert_eq!(p.at, Utc.with_ymd_and_hms(2026, 3, 18, 0, 10, 0).unwrap());
        // A promise already a little in the past stays today (it is overdue).
        let p = find_update_promise("Next update by 09:40 UTC", at(9, 53)).unwrap();
        assert_eq!(p.at, at(9, 40));
    }

    #[test]
    fn copying_a_draft_later_refreshes_an_untouched_promise_only() {
        use crate::model::{Audience, Edit, Incident, MessageChannel, Stage};
        let mut inc = Incident::declare(at(9, 40), "Ana");
        let cadence = i64::from(inc.cadence_minutes(crate::model::UpdateKind::Customer));
        let promised = at(9, 53) + TimeDelta::minutes(cadence);
        let draft = |text: String| Edit::DraftMessage {
            audience: Audience::Customers,
            stage: Stage::Investigating,
            channel: MessageChannel::StatusPage,
            language: Default::default(),
            text,
        };
        let written = format!(
            "We will post the next update by {} UTC.",
            promised.format("%H:%M")
        );
        inc.apply(draft(written), at(9, 53), "Ana").unwrap();
        let later = at(9, 58);
        let fresh = (later + TimeDelta::minutes(cadence)).format("%H:%M").to_string();
        assert_eq!(
            inc.refreshed_promise(inc.message_id(0), later).as_deref(),
            Some(format!("We will post the next update by {fresh} UTC.").as_str())
        );
        // Not later than written: nothing to do.
        assert_eq!(inc.refreshed_promise(inc.message_id(0), at(9, 53)), None);
        // A hand-edited promise stays.
        inc.apply(draft("Next update by 10:01 UTC.".into()), at(9, 53), "Ana")
            .unwrap();
        assert_eq!(inc.refreshed_promise(inc.message_id(1), later), None);
        // Italian, with a date.
        let it = format!(
            "Prossimo aggiornamento: {} UTC",
            promised.format("%d/%m/%Y alle %H:%M")
        );
        inc.apply(draft(it), at(9, 53), "Ana").unwrap();
        let refreshed = inc.refreshed_promise(inc.message_id(2), later).unwrap();
        assert_eq!(
            refreshed,
            format!(
                "Prossimo aggiornamento: {} UTC",
                (later + TimeDelta::minutes(cadence)).format("%d/%m/%Y alle %H:%M")
            )
        );
        // Sent messages are the record: never refreshed.
        inc.apply(Edit::MarkMessageSent(inc.message_id(0)), later, "Ana")
            .unwrap();
        assert_eq!(inc.refreshed_promise(inc.message_id(0), at(10, 5)), None);
        assert_eq!(inc.refreshed_promise(inc.message_id(9), later), None);
    }

    #[test]
    fn hostile_text_does_not_panic() {
        for text in [
            "next update:",
            "next update 9:",
            "next update :13",
            "ǅnext update by 10:13",
            "next update \u{0130}10:13",
        ] {
            let _ = find_update_promise(text, at(0, 0));
        }
        let long = format!("{}next update by 10:13", "x".repeat(SCAN_BYTES));
        assert_eq!(find_update_promise(&long, at(9, 0)), None);
        let multibyte = "é".repeat(SCAN_BYTES);
        assert_eq!(find_update_promise(&multibyte, at(9, 0)), None);
    }
}
