//! How times are written and read by people: always with date and zone.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Utc};

use super::incident::Timestamp;

/// `T+01:02:03` (or `T-00:05:00` before the reference time); hours grow past 24.
pub fn format_elapsed(delta: TimeDelta) -> String {
    let sign = if delta < TimeDelta::zero() { '-' } else { '+' };
    let secs = delta.num_seconds().unsigned_abs();
    format!("T{sign}{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
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
pub fn parse_time_input(text: &str, now: Timestamp) -> Result<Option<Timestamp>, String> {
    let text = text.trim().trim_end_matches("UTC").trim_end();
    if text.is_empty() {
        return Ok(None);
    }
    if let Ok(at) = chrono::DateTime::parse_from_rfc3339(text) {
        return Ok(Some(at.with_timezone(&Utc)));
    }
    for format in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(text, format) {
            return Ok(Some(naive.and_utc()));
        }
    }
    for format in ["%H:%M:%S", "%H:%M"] {
        if let Ok(time) = NaiveTime::parse_from_str(text, format) {
            let today = now.date_naive().and_time(time).and_utc();
            // A clock time later than now means the same time yesterday.
            return Ok(Some(if today > now {
                today - TimeDelta::days(1)
            } else {
                today
            }));
        }
    }
    Err(format!(
        "\"{text}\" is not a time: use YYYY-MM-DD HH:MM[:SS] or HH:MM, in UTC"
    ))
}

/// Reads a date typed by a person: `2026-12-01`. Empty means unset.
pub fn parse_date_input(text: &str) -> Result<Option<NaiveDate>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| format!("\"{text}\" is not a date: use YYYY-MM-DD"))
}

#[cfg(test)]
mod tests {
    use super::*;
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
    fn date_input() {
        assert_eq!(
            parse_date_input("2026-12-01"),
            Ok(NaiveDate::from_ymd_opt(2026, 12, 1))
        );
        assert_eq!(parse_date_input(""), Ok(None));
        assert!(parse_date_input("12/01/2026").is_err());
    }
}
