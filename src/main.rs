//! Thin entry point: parse the command line, then run a subcommand or the window.

use std::process::ExitCode;

use clap::Parser;
use incident_console::app::ConsoleApp;
use incident_console::cli::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(command) => incident_console::cli::run_subcommand(command),
        None => {
            let options = eframe::NativeOptions {
                viewport: egui::ViewportBuilder::default()
                    .with_title("Incident Console")
                    .with_inner_size([1280.0, 800.0])
                    .with_min_inner_size([900.0, 600.0])
                    .with_drag_and_drop(true),
                ..Default::default()
            };
            let result = eframe::run_native(
                "Incident Console",
                options,
                Box::new(move |_cc| {
                    Ok(Box::new(match cli.review {
                        Some(path) => ConsoleApp::for_desktop_review(path),
                        None => ConsoleApp::for_desktop(cli.file),
                    }))
                }),
            );
            match result {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("incident-console: cannot open the window: {e}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}
