//! The RON layout of an incident file and its versions.
//!
//! ```ron
//! IncidentFile(
//!     format_version: 1,
//!     incident: Incident(id: "INC-2026-0042", ...),
//! )
//! ```

use ron::ser::PrettyConfig;
use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};

use super::LoadError;
use crate::model::Incident;

/// The version this build writes. Bump it for any change older readers
/// cannot take, and add a migration from the previous version to `from_ron_str`.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
#[serde(rename = "IncidentFile")]
struct FileOut<'a> {
    format_version: u32,
    incident: &'a Incident,
}

#[derive(Deserialize)]
#[serde(rename = "IncidentFile", deny_unknown_fields)]
struct FileV1 {
    format_version: u32,
    incident: Incident,
}

/// Reads only the version, so a file from a newer build can be named as such
/// even when its content no longer fits this build's types.
#[derive(Deserialize)]
#[serde(rename = "IncidentFile")]
struct VersionProbe {
    format_version: u32,
    // Optional, so a future layout without this field is still named as newer.
    #[allow(dead_code)]
    #[serde(default)]
    incident: IgnoredAny,
}

fn pretty() -> PrettyConfig {
    // Fixed settings (not platform defaults) so bytes are identical everywhere.
    PrettyConfig::new()
        .new_line("\n")
        .indentor("    ")
        .struct_names(true)
        .escape_strings(true)
}

/// Serializes deterministically: the same incident always gives the same bytes.
pub fn to_ron_string(incident: &Incident) -> String {
    let file = FileOut {
        format_version: FORMAT_VERSION,
        incident,
    };
    match ron::ser::to_string_pretty(&file, pretty()) {
        Ok(mut text) => {
            text.push('\n');
            text
        }
        // Our types contain only strings, integers, options, enums and
        // sequences, which RON can always write; reaching this is a bug.
        Err(e) => unreachable!("incident cannot be serialized: {e}"),
    }
}

fn syntax(e: ron::error::SpannedError) -> LoadError {
    LoadError::Syntax {
        line: e.span.start.line,
        column: e.span.start.col,
        message: e.code.to_string(),
    }
}

/// Parses the text of an incident file of this or an older format version.
pub fn from_ron_str(text: &str) -> Result<Incident, LoadError> {
    // Editors on some systems add a byte-order mark that RON rejects.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(LoadError::Empty);
    }
    let incident = match ron::from_str::<FileV1>(text) {
        Ok(file) if file.format_version == FORMAT_VERSION => file.incident,
        Ok(file) => return Err(version_error(file.format_version)),
        Err(e) => {
            // The full parse failed; a newer file deserves that message
            // rather than the first field this build does not know.
            return Err(match ron::from_str::<VersionProbe>(text) {
                Ok(probe) if probe.format_version != FORMAT_VERSION => version_error(probe.format_version),
                _ => syntax(e),
            });
        }
    };
    let problems = incident.problems();
    if problems.is_empty() {
        Ok(incident)
    } else {
        Err(LoadError::Invalid { problems })
    }
}

fn version_error(found: u32) -> LoadError {
    if found > FORMAT_VERSION {
        LoadError::NewerVersion {
            found,
            supported: FORMAT_VERSION,
        }
    } else {
        LoadError::UnknownVersion { found }
    }
}
