//! The Alertmanager webhook payload reader (one payload or an array).
#![no_main]

mod common;

use std::path::Path;

use incident_console::import::parse_alertmanager;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let result = parse_alertmanager(Path::new("alertmanager.json"), &text);
    if let Ok(import) = &result {
        assert_eq!(
            import.earliest_firing.is_some(),
            !import.entries.is_empty(),
            "alerts without a first firing time, or the other way round"
        );
    }
    common::check_import(&text, result.as_ref().map(|i| (&i.entries[..], &i.preview)));
});
