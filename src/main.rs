//! Thin entry point: parse the command line, then run a subcommand or the window.

use std::process::ExitCode;

use clap::Parser;
use incident_console::app::ConsoleApp;
use incident_console::cli::{Cli, CliCommand, validate};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(CliCommand::Validate { file }) => {
            let (text, ok) = validate(&file);
            if ok {
                println!("{text}");
                ExitCode::SUCCESS
            } else {
                eprintln!("{text}");
                ExitCode::FAILURE
            }
        }
        Some(CliCommand::Report { file, output, format }) => {
            match incident_console::cli::report(&file, format) {
                Ok(text) => match output {
                    Some(out) => match incident_console::file::save_text(&out, &text) {
                        Ok(()) => ExitCode::SUCCESS,
                        Err(e) => {
                            eprintln!("incident-console: {e}");
                            ExitCode::FAILURE
                        }
                    },
                    None => {
                        print!("{text}");
                        ExitCode::SUCCESS
                    }
                },
                Err(e) => {
                    eprintln!("incident-console: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Some(CliCommand::Import {
            file,
            slack,
            channel,
            from,
            to,
            keep_noise,
            alertmanager,
            alerts_csv,
            chat_log,
            date,
            set_detection,
            author,
        }) => {
            let request = incident_console::cli::ImportRequest {
                slack: slack.zip(channel),
                from,
                to,
                keep_noise,
                alertmanager,
                alerts_csv,
                chat_log: chat_log.zip(date),
                set_detection,
                author,
            };
            match incident_console::cli::import(&file, request) {
                Ok(text) => {
                    println!("{text}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("incident-console: import failed, nothing was changed: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Some(CliCommand::StressAutosave {
            file,
            recovery_root,
            entries,
            save_every,
        }) => incident_console::cli::stress_autosave(&file, &recovery_root, entries, save_every),
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
