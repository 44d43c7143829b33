//! The RON layout of an incident file and its versions.
//!
//! ```ron
//! IncidentFile(
//!     format_version: 2,
//!     incident: Incident(id: "INC-2026-0042", uid: "0193...", ...),
//! )
//! ```
//!
//! Version 1 (until the incident could be shared between laptops) named
//! timeline entries by per-file numbers and list rows by position; it is
//! read by `v1.rs` and migrated.

use ron::ser::PrettyConfig;
use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};

use super::LoadError;
use crate::model::Incident;

/// The version this build writes. Bump it for any change older readers
/// cannot take, and add a migration from the previous version to `from_ron_str`.
pub const FORMAT_VERSION: u32 = 2;

#[derive(Serialize)]
#[serde(rename = "IncidentFile")]
struct FileOut<'a> {
    format_version: u32,
    incident: &'a Incident,
}

#[derive(Deserialize)]
#[serde(rename = "IncidentFile", deny_unknown_fields)]
struct FileCurrent {
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
    // Our own files say their version in their first lines; read it there
    // so a version 1 file is parsed once, by the right types.
    let incident = if stated_version(text) == Some(1) {
        parse_v1(text)?
    } else {
        match ron::from_str::<FileCurrent>(text) {
            Ok(file) if file.format_version == FORMAT_VERSION => file.incident,
            Ok(file) if file.format_version == 1 => parse_v1(text)?,
            Ok(file) => return Err(version_error(file.format_version)),
            Err(e) => {
                // The full parse failed; a version 1 or a newer file deserves
                // that message rather than the first field this build expected.
                return match ron::from_str::<VersionProbe>(text) {
                    Ok(probe) if probe.format_version == 1 => parse_v1(text).and_then(checked),
                    Ok(probe) if probe.format_version != FORMAT_VERSION => {
                        Err(version_error(probe.format_version))
                    }
                    _ => Err(syntax(e)),
                };
            }
        }
    };
    checked(incident)
}

/// The version a file states in its first lines (`format_version: 1,`).
fn stated_version(text: &str) -> Option<u32> {
    let end = (0..=text.len().min(256))
        .rev()
        .find(|&i| text.is_char_boundary(i))?;
    let head = &text[..end];
    let rest = &head[head.find("format_version:")? + "format_version:".len()..];
    let digits: String = rest
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// A version 1 file, migrated; its numbering checked as version 1 did.
fn parse_v1(text: &str) -> Result<Incident, LoadError> {
    let file = ron::from_str::<super::v1::FileV1>(text).map_err(syntax)?;
    if file.format_version != 1 {
        return Err(version_error(file.format_version));
    }
    let problems = file.incident.problems();
    if !problems.is_empty() {
        return Err(LoadError::Invalid { problems });
    }
    Ok(file.incident.migrate())
}

/// The incident, or what is wrong with it that its types cannot say.
fn checked(incident: Incident) -> Result<Incident, LoadError> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stated_version_is_read_from_the_first_lines() {
        assert_eq!(stated_version("IncidentFile(\n    format_version: 1,\n"), Some(1));
        assert_eq!(stated_version("IncidentFile(format_version:22)"), Some(22));
        assert_eq!(stated_version("IncidentFile(incident: ())"), None);
        assert_eq!(stated_version(""), None);
        assert_eq!(stated_version("format_version: x"), None);
    }
}
