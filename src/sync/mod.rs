//! The live shared record: an incident as an Automerge document that
//! several consoles edit at once, and the local journal that keeps every
//! change on disk the moment it is made.
//!
//! Two documents: the incident as it was when they were made (the *base*,
//! written once), and every edit made since (the *ops*), each under its
//! [`OpId`](crate::model::OpId). The base is apart so the ops document,
//! which changes with every edit, stays small to save and sync:
//!
//! ```text
//! base: ROOT { app: "incident-console", kind: "base", uid: "<incident uid>",
//!              base: Bytes(deflate(JSON of the incident)) }
//! ops:  ROOT { app: "incident-console", schema: 1, uid: "<incident uid>",
//!              base_doc: "<the base document's id>",
//!              ops: Map { "<op id>": Str(JSON {at, author, edit}) } }
//! ```
//!
//! Automerge merges the op maps of every laptop (keys never clash: op ids
//! are UUIDs); every console applies all ops in op-id order through
//! [`Incident::apply_op`](crate::model::Incident::apply_op), so every
//! change still goes through the one place changes go, leaves its timeline
//! entry, and every console ends with the same record. What that means for
//! concurrent edits (the merge rules) is in the README.
//!
//! The network side (samod: automerge-repo for Rust, WebSocket) is in
//! `net` behind the `sync` feature; this part is plain data and files.

pub mod doc;
pub mod journal;
#[cfg(feature = "sync")]
pub mod net;
pub mod op;
pub mod recover;
pub mod replica;

pub use journal::Journal;
pub use op::Op;
pub use replica::{Received, Replica, SyncError};
