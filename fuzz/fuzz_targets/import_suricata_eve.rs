//! The Suricata EVE JSON reader (one event per line).
#![no_main]

mod common;

use std::path::Path;

use incident_console::import::parse_eve;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let result = parse_eve(Path::new("eve.json"), &text);
    if let Ok(eve) = &result {
        assert_eq!(
            eve.alerts.earliest_firing,
            eve.alerts.entries.first().map(|e| e.at),
            "the earliest alert is not the first entry"
        );
        let keys: std::collections::HashSet<&str> =
            eve.alerts.entries.iter().map(|e| e.source.as_str()).collect();
        assert_eq!(keys.len(), eve.alerts.entries.len(), "a flow and signature twice");
    }
    common::check_import(
        &text,
        result
            .as_ref()
            .map(|e| (&e.alerts.entries[..], &e.alerts.preview)),
    );
});
