//! The plain-text chat log reader, on a normal date and on the last date
//! there is (where crossing midnight must fail cleanly).
#![no_main]

mod common;

use std::path::Path;

use chrono::NaiveDate;
use incident_console::import::parse_chat_log;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let path = Path::new("war-room.log");
    for date in [NaiveDate::from_ymd_opt(2026, 3, 17).unwrap(), NaiveDate::MAX] {
        let result = parse_chat_log(path, &text, date, "fuzz");
        if let Ok(import) = &result {
            for entry in &import.entries {
                assert!(entry.source.starts_with("chatlog:fuzz:"), "{}", entry.source);
                assert!(!entry.text.trim().is_empty(), "empty message kept");
            }
        }
        common::check_import(&text, result.as_ref().map(|i| (&i.entries[..], &i.preview)));
    }
});
