//! The import graph points one way: model at the bottom; the file format,
//! comms, reports, importers and settings above it; then actions and
//! commands; the views; the app; the command line. A module may name only
//! modules below it (`crate::...` paths and `use` lines in its sources).

use std::path::Path;

/// Each top-level module and the modules it may name, besides itself.
const MAY_NAME: &[(&str, &[&str])] = &[
    ("model", &[]),
    ("file", &["model"]),
    ("comms", &["model", "file"]),
    ("report", &["model", "file", "comms"]),
    ("import", &["model", "file"]),
    ("settings", &["model", "file"]),
    ("sync", &["model", "file"]),
    ("command", &["model"]),
    ("action", &["model", "command"]),
    (
        "ui",
        &[
            "model", "file", "comms", "report", "import", "settings", "sync", "command", "action",
        ],
    ),
    (
        "app",
        &[
            "model", "file", "comms", "report", "import", "settings", "sync", "command", "action", "ui",
        ],
    ),
    (
        "headless",
        &[
            "model", "file", "comms", "report", "import", "settings", "sync", "command", "action", "ui",
            "app",
        ],
    ),
];

const MODULES: &[&str] = &[
    "model", "file", "comms", "report", "import", "settings", "sync", "command", "action", "ui", "app",
    "headless", "cli",
];

fn sources(path: &Path, out: &mut Vec<std::path::PathBuf>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            sources(&entry.unwrap().path(), out);
        }
    } else if path.is_file() && path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_path_buf());
    }
}

/// The top-level modules a source file names through `crate::`.
fn named(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (i, _) in text.match_indices("crate::") {
        // `incident_console::` in doc text is not an import; `crate::` is.
        let rest = &text[i + "crate::".len()..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if MODULES.contains(&name.as_str()) && !found.contains(&name) {
            found.push(name);
        }
    }
    found
}

#[test]
fn no_module_names_one_above_it() {
    let mut problems = Vec::new();
    let mut checked = 0;
    for (module, allowed) in MAY_NAME {
        let dir = Path::new("src").join(module);
        let mut files = Vec::new();
        sources(&dir, &mut files);
        sources(&Path::new("src").join(format!("{module}.rs")), &mut files);
        assert!(!files.is_empty(), "src/{module} has no sources");
        for file in files {
            checked += 1;
            let text = std::fs::read_to_string(&file).unwrap();
            for name in named(&text) {
                if name != *module && !allowed.contains(&name.as_str()) {
                    problems.push(format!("{} names crate::{name}", file.display()));
                }
            }
        }
    }
    assert!(checked > 40, "only {checked} files checked");
    assert!(
        problems.is_empty(),
        "arrows pointing up:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_check_finds_an_upward_arrow() {
    assert_eq!(
        named("use crate::app::ConsoleApp;\nuse crate::model::Incident;"),
        ["app", "model"]
    );
    assert!(named("let x = incident_console::ui::frame;").is_empty());
}
