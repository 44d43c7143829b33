//! Incident Console: a desktop console for running and reviewing IT incidents.

pub mod app;
pub mod cli;
pub mod command;
pub mod comms;
pub mod file;
pub mod import;
pub mod model;
pub mod report;
pub mod ui;
