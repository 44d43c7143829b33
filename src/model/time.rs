//! How times are written and read by people: always with date and zone.

use std::fmt::Display;

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, SecondsFormat, TimeDelta, TimeZone, Utc};

use super::incident::Timestamp;

/// The years a record may hold. Earlier or later times are typos or hostile
/// files, and near the calendar's ends (year +-262143) adding a cadence to a
/// time would leave the calendar: refusing them on load keeps arithmetic safe.
pub const EARLIEST_YEAR: i32 = 1900;
pub const LATEST_YEAR: i32 = 9999;

/// 1900-01-01T00:00:00Z, the first moment a record may hold.
pub const EARLIEST: Timestamp = match NaiveDate::from_ymd_opt(EARLIEST_YEAR, 1, 1) {
    Some(day) => match day.and_hms_opt(0, 0, 0) {
        Some(at) => at.and_utc(),
        None => unreachable!(),
    },
    None => unreachable!(),
};

/// The last moment of 9999 a record may hold: a leap second is allowed at
/// the end of any day, so this is 23:59:60.999999999 (chrono writes a leap
/// second as second 59 with more than 10^9 nanoseconds).
pub const LATEST: Timestamp = match NaiveDate::from_ymd_opt(LATEST_YEAR, 12, 31) {
    Some(day) => match day.and_hms_nano_opt(23, 59, 59, 1_999_999_999) {
        Some(at) => at.and_utc(),
        None => unreachable!(),
    },
    None => unreachable!(),
};

/// The most minutes a record may give any duration (cadences, warnings,
/// time boxes): ten years. More is a typo or a hostile file.
pub const MAX_MINUTES: u32 = 10 * 366 * 24 * 60;

/// Whether the console accepts `at` (between [`EARLIEST`] and [`LATEST`]).
pub fn in_range(at: Timestamp) -> bool {
    (EARLIEST..=LATEST).contains(&at)
}

/// Whether the console accepts a date (years 1900-9999).
pub fn date_in_range(date: NaiveDate) -> bool {
    (EARLIEST_YEAR..=LATEST_YEAR).contains(&date.year())
}

/// `<name> <at> is outside the years 1900-9999`, or `None` when `at` is fine.
pub fn range_problem(name: &dyn Display, at: Timestamp) -> Option<String> {
    (!in_range(at)).then(|| {
        format!(
            "{name} {} is outside the years {EARLIEST_YEAR}-{LATEST_YEAR}",
            at.to_rfc3339_opts(SecondsFormat::AutoSi, true)
        )
    })
}

/// `<name> <minutes> is more than ten years (...)`, or `None` when it is fine.
pub fn minutes_problem(name: &str, minutes: u32) -> Option<String> {
    (minutes > MAX_MINUTES)
        .then(|| format!("{name} {minutes} is more than ten years ({MAX_MINUTES} minutes)"))
}

/// `minutes` as a duration, clamped to the longest one chrono can hold
/// (`TimeDelta::minutes` panics past it).
pub fn saturating_minutes(minutes: i64) -> TimeDelta {
    TimeDelta::try_minutes(minutes).unwrap_or(if minutes < 0 {
        TimeDelta::MIN
    } else {
        TimeDelta::MAX
    })
}

/// `at` plus `minutes`, or `None` when that leaves chrono's calendar.
pub fn add_minutes(at: Timestamp, minutes: i64) -> Option<Timestamp> {
    at.checked_add_signed(TimeDelta::try_minutes(minutes)?)
}

/// `T+01:02:03` (or `T-00:05:00` before the reference time); hours grow past 24.
pub fn format_elapsed(delta: TimeDelta) -> String {
    let sign = if delta < TimeDelta::zero() { '-' } else { '+' };
    let secs = delta.num_seconds().unsigned_abs();
    format!("T{sign}{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
}

/// A system time (a file's modification time) as a timestamp, or `None`
/// past chrono's calendar: `DateTime::from(SystemTime)` panics there, and a
/// file's time is whatever the file system says.
pub fn from_system_time(at: std::time::SystemTime) -> Option<Timestamp> {
    match at.duration_since(std::time::UNIX_EPOCH) {
        Ok(after) => {
            chrono::DateTime::from_timestamp(i64::try_from(after.as_secs()).ok()?, after.subsec_nanos())
        }
        Err(before) => {
            let before = before.duration();
            let secs = i64::try_from(before.as_secs()).ok()?;
            let epoch = chrono::DateTime::UNIX_EPOCH;
            epoch
                .checked_sub_signed(TimeDelta::try_seconds(secs)?)?
                .checked_sub_signed(TimeDelta::nanoseconds(i64::from(before.subsec_nanos())))
        }
    }
}

/// `2026-11-25 14:02:05 UTC`: the one way times are shown.
pub fn format_utc(at: Timestamp) -> String {
    at.format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

/// The editable form of a time: `2026-11-25 14:02:05`, in UTC.
pub fn format_time_input(at: Timestamp) -> String {
    at.format("%Y-%m-%d %H:%M:%S").to_string()
}

/// Reads a time typed by a person, in UTC. Accepts `2026-11-25 14:02:05`,
/// `2026-11-25 14:02`, RFC 3339, or just `14:02` / `14:02:05` (today's date,
/// or yesterday's if that time has not come yet today). Empty means unset.
/// Times outside the years 1900-9999 are refused: a file cannot hold them.
pub fn parse_time_input(text: &str, now: Timestamp) -> Result<Option<Timestamp>, String> {
    parse_time_input_in(text, now, &Utc)
}

/// `at` as the time fields show it in `zone`: `2026-11-25 15:02:05`.
pub fn format_time_input_in<Tz: TimeZone>(at: Timestamp, zone: &Tz) -> String
where
    Tz::Offset: Display,
{
    at.with_timezone(zone).format("%Y-%m-%d %H:%M:%S").to_string()
}

/// Like [`parse_time_input`], but the typed wall-clock time is read in
/// `zone` (the zone the console shows): a commander reading a local clock
/// types local time. A time that does not exist there (the hour skipped
/// when clocks go forward) is refused; one that happens twice is the first.
pub fn parse_time_input_in<Tz: TimeZone>(
    text: &str,
    now: Timestamp,
    zone: &Tz,
) -> Result<Option<Timestamp>, String> {
    let text = text.trim().trim_end_matches("UTC").trim_end();
    if text.is_empty() {
        return Ok(None);
    }
    let at = parse_time_text(text, now, zone)
        .ok_or_else(|| format!("\"{text}\" is not a time here: use YYYY-MM-DD HH:MM[:SS] or HH:MM"))?;
    if in_range(at) {
        Ok(Some(at))
    } else {
        Err(format!(
            "\"{text}\" is outside the years {EARLIEST_YEAR}-{LATEST_YEAR}"
        ))
    }
}

fn parse_time_text<Tz: TimeZone>(text: &str, now: Timestamp, zone: &Tz) -> Option<Timestamp> {
    if let Ok(at) = chrono::DateTime::parse_from_rfc3339(text) {
        return Some(at.with_timezone(&Utc));
    }
    let in_zone = |naive: NaiveDateTime| {
        zone.from_local_datetime(&naive)
            .earliest()
            .map(|at| at.with_timezone(&Utc))
    };
    for format in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(text, format) {
            return in_zone(naive);
        }
    }
    for format in ["%H:%M:%S", "%H:%M"] {
        if let Ok(time) = NaiveTime::parse_from_str(text, format) {
            let local_today = now.with_timezone(zone).date_naive();
            let today = in_zone(local_today.and_time(time))?;
            // A clock time later than now means the same time yesterday.
            return if today > now {
                in_zone(local_today.checked_sub_days(Days::new(1))?.and_time(time))
            } else {
                Some(today)
            };
        }
    }
    None
}

/// Reads a date typed by a person: `2026-12-01`. Empty means unset.
pub fn parse_date_input(text: &str) -> Result<Option<NaiveDate>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("\"{text}\" is not a date: use YYYY-MM-DD"))?;
    if date_in_range(date) {
        Ok(Some(date))
    } else {
        Err(format!(
            "\"{text}\" is outside the years {EARLIEST_YEAR}-{LATEST_YEAR}"
        ))
    }
}

/// What a typed time was understood as, for the preview beside the field:
/// `= 2026-12-01 14:02 UTC, 19 h ago` (or `in 4 h`), so "14:02" read as
/// yesterday is seen at once.
pub fn understood(at: Timestamp, now: Timestamp) -> String {
    let delta = now.signed_duration_since(at);
    let minutes = delta.num_minutes().unsigned_abs();
    let size = match minutes {
        0 => return format!("= {} UTC, now", at.format("%Y-%m-%d %H:%M")),
        1..60 => format!("{minutes} min"),
        60..2880 => format!("{} h", minutes / 60),
        _ => format!("{} days", minutes / 1440),
    };
    let when = if delta > TimeDelta::zero() {
        format!("{size} ago")
    } else {
        format!("in {size}")
    };
    format!("= {} UTC, {when}", at.format("%Y-%m-%d %H:%M"))
}

/// How far ahead of the clock a time may be before it is flagged (clocks
/// on laptops drift; a minute or two is not a mistake).
pub const FUTURE_SLACK: TimeDelta = TimeDelta::minutes(5);

/// Why `at` is suspicious as a time that already happened: in the future.
pub fn future_problem(at: Timestamp, now: Timestamp) -> Option<String> {
    // Checked: a clock or a record at the calendar's end must not panic.
    let limit = now.checked_add_signed(FUTURE_SLACK).unwrap_or(now);
    (at > limit).then(|| {
        let ahead = understood(at, now);
        format!(
            "in the future ({})",
            ahead.rsplit(", ").next().unwrap_or_default()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_times_are_read_in_the_zone_shown() {
        let now = Utc.with_ymd_and_hms(2026, 12, 2, 9, 48, 0).unwrap();
        let rome = chrono::FixedOffset::east_opt(3600).unwrap();
        let ny = chrono::FixedOffset::west_opt(5 * 3600).unwrap();
        // 10:30 on a clock in Rome is 09:30 UTC, today.
        assert_eq!(
            parse_time_input_in("10:30", now, &rome).unwrap(),
            Some(Utc.with_ymd_and_hms(2026, 12, 2, 9, 30, 0).unwrap())
        );
        // 10:30 in Rome later than now (10:48 there)? No: earlier, today.
        // 11:00 in Rome is 10:00 UTC, after now: yesterday's.
        assert_eq!(
            parse_time_input_in("11:00", now, &rome).unwrap(),
            Some(Utc.with_ymd_and_hms(2026, 12, 1, 10, 0, 0).unwrap())
        );
        // In New York it is 04:48 on the same day; 23:00 there is yesterday's.
        assert_eq!(
            parse_time_input_in("23:00", now, &ny).unwrap(),
            Some(Utc.with_ymd_and_hms(2026, 12, 2, 4, 0, 0).unwrap())
        );
        assert_eq!(
            parse_time_input_in("2026-12-01 23:00", now, &ny).unwrap(),
            Some(Utc.with_ymd_and_hms(2026, 12, 2, 4, 0, 0).unwrap())
        );
        // An explicit offset wins over the zone shown.
        assert_eq!(
            parse_time_input_in("2026-12-02T09:00:00Z", now, &ny).unwrap(),
            Some(Utc.with_ymd_and_hms(2026, 12, 2, 9, 0, 0).unwrap())
        );
        // Shown back the same way, round trip in every zone.
        for zone in [rome, ny, chrono::FixedOffset::east_opt(0).unwrap()] {
            for minutes in [0, 59, 60 * 13 + 7, 60 * 24 * 400] {
                let at = now - TimeDelta::minutes(minutes);
                let text = format_time_input_in(at, &zone);
                assert_eq!(
                    parse_time_input_in(&text, now, &zone).unwrap(),
                    Some(at),
                    "{text}"
                );
            }
        }
        assert!(parse_time_input_in("25:00", now, &rome).is_err());
        assert!(parse_time_input_in("10:30 tomorrow", now, &rome).is_err());
    }

    #[test]
    fn the_preview_says_what_was_understood() {
        let now = Utc.with_ymd_and_hms(2026, 12, 2, 9, 48, 0).unwrap();
        // "14:02" typed at 09:48 is yesterday's 14:02, and the preview says so.
        let yesterday = parse_time_input("14:02", now).unwrap().unwrap();
        assert_eq!(understood(yesterday, now), "= 2026-12-01 14:02 UTC, 19 h ago");
        assert_eq!(understood(now, now), "= 2026-12-02 09:48 UTC, now");
        assert_eq!(
            understood(now - TimeDelta::minutes(7), now),
            "= 2026-12-02 09:41 UTC, 7 min ago"
        );
        assert_eq!(
            understood(now + TimeDelta::hours(4), now),
            "= 2026-12-02 13:48 UTC, in 4 h"
        );
        assert_eq!(
            understood(now - TimeDelta::days(400), now),
            "= 2025-10-28 09:48 UTC, 400 days ago"
        );
        assert_eq!(future_problem(now + TimeDelta::minutes(5), now), None);
        assert_eq!(
            future_problem(now + TimeDelta::minutes(6), now).as_deref(),
            Some("in the future (in 6 min)")
        );
        assert_eq!(future_problem(now - TimeDelta::days(1), now), None);
        // Hostile clocks and records: the ends of the calendar never panic.
        let (min, max) = (chrono::DateTime::<Utc>::MIN_UTC, chrono::DateTime::<Utc>::MAX_UTC);
        for (at, now) in [(min, max), (max, min), (max, max), (min, min)] {
            assert!(understood(at, now).starts_with("= "));
            let _ = future_problem(at, now);
        }
        assert_eq!(future_problem(max, max), None);
        assert!(future_problem(max, min).is_some());
    }
    use chrono::TimeZone;

    fn now() -> Timestamp {
        Utc.with_ymd_and_hms(2026, 11, 25, 14, 30, 0).unwrap()
    }

    #[test]
    fn elapsed_and_utc_formatting() {
        assert_eq!(format_elapsed(TimeDelta::seconds(0)), "T+00:00:00");
        assert_eq!(format_elapsed(TimeDelta::seconds(47 * 60 + 12)), "T+00:47:12");
        assert_eq!(
            format_elapsed(TimeDelta::hours(26) + TimeDelta::seconds(5)),
            "T+26:00:05"
        );
        assert_eq!(format_elapsed(TimeDelta::seconds(-300)), "T-00:05:00");
        assert_eq!(format_utc(now()), "2026-11-25 14:30:00 UTC");
    }

    #[test]
    fn time_input_formats() {
        let at = |h, m, s| Some(Utc.with_ymd_and_hms(2026, 11, 25, h, m, s).unwrap());
        assert_eq!(parse_time_input("2026-11-25 14:02:05", now()), Ok(at(14, 2, 5)));
        assert_eq!(parse_time_input("2026-11-25 14:02 UTC", now()), Ok(at(14, 2, 0)));
        assert_eq!(
            parse_time_input("2026-11-25T15:02:05+01:00", now()),
            Ok(at(14, 2, 5))
        );
        assert_eq!(parse_time_input("14:02", now()), Ok(at(14, 2, 0)));
        assert_eq!(
            parse_time_input("23:50", now()),
            Ok(Some(Utc.with_ymd_and_hms(2026, 11, 24, 23, 50, 0).unwrap()))
        );
        assert_eq!(parse_time_input("  ", now()), Ok(None));
        assert!(
            parse_time_input("yesterday", now())
                .unwrap_err()
                .contains("yesterday")
        );
        assert!(parse_time_input("2026-13-40 10:00", now()).is_err());
        assert_eq!(format_time_input(now()), "2026-11-25 14:30:00");
        assert_eq!(
            parse_time_input(&format_time_input(now()), now()),
            Ok(Some(now()))
        );
    }

    #[test]
    fn the_accepted_range_is_the_years_1900_to_9999() {
        assert_eq!(EARLIEST.to_rfc3339(), "1900-01-01T00:00:00+00:00");
        assert_eq!(
            LATEST.to_rfc3339_opts(SecondsFormat::Nanos, true),
            "9999-12-31T23:59:60.999999999Z"
        );
        let last_leap_second = NaiveDate::from_ymd_opt(9999, 12, 31)
            .and_then(|d| d.and_hms_nano_opt(23, 59, 59, 1_500_000_000))
            .unwrap()
            .and_utc();
        assert!(in_range(last_leap_second));
        for inside in [EARLIEST, LATEST, now()] {
            assert!(in_range(inside), "{inside}");
        }
        let before = EARLIEST - TimeDelta::nanoseconds(1);
        let after = LATEST + TimeDelta::nanoseconds(1);
        for outside in [before, after, Timestamp::MIN_UTC, Timestamp::MAX_UTC] {
            assert!(!in_range(outside), "{outside}");
            let problem = range_problem(&"detection.declared_at", outside).unwrap();
            assert!(
                problem.starts_with("detection.declared_at ")
                    && problem.ends_with("is outside the years 1900-9999"),
                "{problem}"
            );
        }
        assert_eq!(range_problem(&"x", now()), None);
        assert_eq!(minutes_problem("x", MAX_MINUTES), None);
        assert!(
            minutes_problem("x", MAX_MINUTES + 1)
                .unwrap()
                .contains("more than ten years")
        );
        assert!(
            minutes_problem("x", u32::MAX)
                .unwrap()
                .starts_with("x 4294967295 ")
        );
    }

    #[test]
    fn minute_arithmetic_never_panics() {
        assert_eq!(add_minutes(now(), 5), Some(now() + TimeDelta::minutes(5)));
        assert_eq!(add_minutes(Timestamp::MAX_UTC, 1), None);
        assert_eq!(add_minutes(Timestamp::MIN_UTC, -1), None);
        assert_eq!(add_minutes(now(), i64::MAX), None);
        assert_eq!(add_minutes(now(), i64::MIN), None);
        assert!(add_minutes(LATEST, i64::from(u32::MAX)).is_some_and(|t| t.year() > 18_000));
        assert_eq!(saturating_minutes(i64::MAX), TimeDelta::MAX);
        assert_eq!(saturating_minutes(i64::MIN), TimeDelta::MIN);
        assert_eq!(saturating_minutes(-3), TimeDelta::minutes(-3));
    }

    #[test]
    fn system_times_past_the_calendar_are_none() {
        use std::time::{Duration, UNIX_EPOCH};
        assert_eq!(
            from_system_time(UNIX_EPOCH + Duration::from_secs(1_764_079_200)),
            Some(Utc.with_ymd_and_hms(2025, 11, 25, 14, 0, 0).unwrap())
        );
        assert_eq!(
            from_system_time(UNIX_EPOCH - Duration::from_millis(1500)),
            Some(Utc.with_ymd_and_hms(1969, 12, 31, 23, 59, 58).unwrap() + TimeDelta::milliseconds(500))
        );
        // About the year 280,000 on either side: past chrono's calendar.
        let far = Duration::from_secs(1 << 43);
        for at in [UNIX_EPOCH.checked_add(far), UNIX_EPOCH.checked_sub(far)]
            .into_iter()
            .flatten()
        {
            assert_eq!(from_system_time(at), None);
        }
    }

    #[test]
    fn typed_times_outside_the_range_are_refused() {
        for text in [
            "1899-12-31 23:59:59",
            "+10000-01-01 00:00",
            "+262142-01-01 00:00:00",
            "-0001-01-01 00:00",
        ] {
            let why = parse_time_input(text, now()).unwrap_err();
            assert!(why.contains("outside the years 1900-9999"), "{text}: {why}");
        }
        assert_eq!(
            parse_time_input("9999-12-31 23:59:59", now()),
            Ok(Some(Utc.with_ymd_and_hms(9999, 12, 31, 23, 59, 59).unwrap()))
        );
        // Yesterday of the first day is before the range: refused, not a panic.
        assert!(parse_time_input("23:00", EARLIEST).is_err());
        assert!(parse_time_input("23:00", Timestamp::MIN_UTC).is_err());
        for text in ["1899-12-31", "+10000-01-01", "+262142-01-01"] {
            assert!(parse_date_input(text).is_err(), "{text}");
        }
    }

    #[test]
    fn date_input() {
        assert_eq!(
            parse_date_input("2026-12-01"),
            Ok(NaiveDate::from_ymd_opt(2026, 12, 1))
        );
        assert_eq!(parse_date_input(""), Ok(None));
        assert!(parse_date_input("12/01/2026").is_err());
    }
}
