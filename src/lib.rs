//! Incident Console: a desktop console for running and reviewing IT incidents.

pub mod file;
pub mod model;
pub mod app;
pub mod command;
pub mod ui;
pub mod cli;
