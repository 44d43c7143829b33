//! Incident Console: a desktop console for running and reviewing IT incidents.

#[cfg(feature = "gui")]
pub mod action;
#[cfg(feature = "gui")]
pub mod app;
#[cfg(feature = "gui")]
pub mod cli;
#[cfg(feature = "gui")]
pub mod command;
pub mod comms;
pub mod file;
#[cfg(feature = "gui")]
pub mod headless;
pub mod import;
pub mod model;
pub mod report;
pub mod settings;
pub mod sync;
#[cfg(feature = "gui")]
pub mod ui;
