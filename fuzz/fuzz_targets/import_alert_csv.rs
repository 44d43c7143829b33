//! The `time,source,summary` alerts CSV reader.
#![no_main]

mod common;

use std::path::Path;

use incident_console::import::parse_alert_csv;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let result = parse_alert_csv(Path::new("alerts.csv"), &text);
    if let Ok(import) = &result {
        assert_eq!(
            import.earliest_firing,
            import.entries.first().map(|e| e.at),
            "the earliest alert is not the first entry"
        );
    }
    common::check_import(&text, result.as_ref().map(|i| (&i.entries[..], &i.preview)));
});
