//! The incident file loader on any bytes: an incident or a clear error,
//! never a panic, hang or runaway allocation; and what loads saves and loads
//! back unchanged.
#![no_main]

use incident_console::file;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let incident = match file::from_bytes(data) {
        Ok(incident) => incident,
        Err(error) => {
            assert!(!error.to_string().is_empty(), "empty load error");
            let _ = error.position();
            return;
        }
    };
    let saved = file::to_ron_string(&incident);
    let again = file::from_ron_str(&saved).expect("a saved incident loads again");
    assert!(again == incident, "saving and loading changed the incident");
});
