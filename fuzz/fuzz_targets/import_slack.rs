//! A Slack day file read with fuzzed `users.json` and `channels.json`.
//! The input is the day file's text, then optionally a NUL and the users
//! text, then optionally a NUL and the channels text (bytes that are not
//! UTF-8 become U+FFFD: the UTF-8 check is fuzzed by the other targets'
//! readers alike and is tiny, while text keeps every input useful here).
#![no_main]

mod common;

use std::path::Path;

use incident_console::import::{SlackOptions, parse_day_file};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.splitn(3, '\0');
    let day = parts.next().unwrap_or("");
    let users = parts.next();
    let channels = parts.next();
    // The noise filter on when the input's length is even: both paths fuzzed.
    let options = SlackOptions {
        skip_noise: data.len() % 2 == 0,
        ..SlackOptions::default()
    };
    let path = Path::new("export/inc-fuzz/2026-03-17.json");
    let result = parse_day_file(path, day, users, channels, "#inc-fuzz", &options);
    match &result {
        Ok(import) => {
            common::check_import(day, Ok((&import.entries[..], &import.preview)));
            for entry in &import.entries {
                assert!(entry.source.starts_with("slack:#inc-fuzz:"), "{}", entry.source);
            }
        }
        Err(error) => {
            // Which of the three texts the error is about, by its file name.
            let about = match error.file.file_name().and_then(|n| n.to_str()) {
                Some("users.json") => users.unwrap_or(""),
                Some("channels.json") => channels.unwrap_or(""),
                _ => day,
            };
            common::check_error(about, error);
        }
    }
});
