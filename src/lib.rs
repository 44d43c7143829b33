//! Incident Console: a desktop console for running and reviewing IT incidents.

pub mod app;
pub mod cli;
pub mod command;
pub mod file;
pub mod model;
pub mod ui;
