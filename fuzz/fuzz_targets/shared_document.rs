//! What another console sends, and what a crash leaves in the journal, on
//! any bytes: a shared document, a journal, and changes applied to a
//! replica give an incident or a clear error, never a panic or a hang; an
//! incident that loads is one the file format saves and loads back.
#![no_main]

use incident_console::sync::{Replica, journal};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // A whole document, as joining receives it.
    if let Ok((replica, incident)) = Replica::load(data) {
        assert!(
            incident.problems().is_empty(),
            "a loaded document broke the record"
        );
        let again = Replica::load(&replica.save()).expect("a saved document loads again");
        assert!(again.1 == incident, "saving the document changed the incident");
    }
    // A journal: its records, then the document they make.
    if let Some(read) = journal::parse(data) {
        assert!(read.valid_len as usize <= data.len());
        if let Ok((_, incident)) = Replica::load_records(&read.records) {
            assert!(incident.problems().is_empty(), "a journal broke the record");
        }
    }
    // Changes from a peer, applied to a fresh incident's replica.
    let start = incident_console::model::Incident::declare(chrono::Utc::now(), "fuzz");
    let mut replica = Replica::new(&start);
    let mut incident = start;
    if replica.receive_bytes(&mut incident, data).is_ok() {
        assert!(
            incident.problems().is_empty(),
            "a peer's changes broke the record"
        );
    }
});
