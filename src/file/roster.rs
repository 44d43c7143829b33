//! Reusable responder rosters: an example ships in `assets/`, a user's own
//! lives in the settings folder as `roster.ron`.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::Responder;

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Roster {
    pub people: Vec<RosterEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RosterEntry {
    pub name: String,
    pub team: String,
    pub role: String,
    pub contact: String,
}

impl RosterEntry {
    /// A responder for this incident, not yet paged.
    pub fn to_responder(&self) -> Responder {
        Responder {
            name: self.name.clone(),
            team: self.team.clone(),
            role: self.role.clone(),
            contact: self.contact.clone(),
            ..Responder::default()
        }
    }
}

/// The example roster that ships with the console.
pub fn example_roster() -> Roster {
    // Shipped in the binary and parsed by a test: cannot fail at run time.
    ron::from_str(include_str!("../../assets/roster-example.ron")).unwrap_or_default()
}

/// Where a user's own roster is read from.
pub fn user_roster_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "incident-console").map(|d| d.config_dir().join("roster.ron"))
}

/// A roster larger than this is refused before reading.
pub const MAX_ROSTER_BYTES: u64 = 4 * 1024 * 1024;

/// Reads a roster file; errors name the line and column.
pub fn load_roster(path: &Path) -> Result<Roster, String> {
    // Only a regular file: a FIFO at the roster path would block the menu.
    let text = super::regular::read_regular_to_string(path, MAX_ROSTER_BYTES).map_err(|e| match e {
        super::regular::ReadError::TooLarge { .. } => {
            format!("{}: a roster is limited to 4 MiB", path.display())
        }
        other => other.to_string(),
    })?;
    ron::from_str(text.strip_prefix('\u{feff}').unwrap_or(&text)).map_err(|e| {
        format!(
            "{}: line {}, column {}: {}",
            path.display(),
            e.span.start.line,
            e.span.start.col,
            e.code
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_roster_parses() {
        let roster = example_roster();
        assert!(roster.people.len() >= 5);
        assert!(
            roster
                .people
                .iter()
                .all(|p| !p.name.is_empty() && !p.contact.is_empty())
        );
    }

    #[test]
    fn bad_roster_names_the_position() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("roster.ron");
        std::fs::write(&path, "Roster(\n  people: [RosterEntry(name: 3)],\n)").unwrap();
        let err = load_roster(&path).unwrap_err();
        assert!(err.contains("line 2"), "{err}");
        std::fs::write(
            &path,
            "Roster(people: [RosterEntry(name: \"A\", team: \"T\", role: \"R\", contact: \"C\")])",
        )
        .unwrap();
        assert_eq!(load_roster(&path).unwrap().people[0].to_responder().name, "A");
    }

    #[cfg(unix)]
    #[test]
    fn special_files_are_refused_by_name_without_blocking() {
        use crate::file::regular::testing::{mkfifo, promptly};
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("roster.ron");
        mkfifo(&fifo);
        let link = dir.path().join("link.ron");
        std::os::unix::fs::symlink(&fifo, &link).unwrap();
        let big = dir.path().join("big.ron");
        std::fs::File::create(&big)
            .unwrap()
            .set_len(MAX_ROSTER_BYTES + 1)
            .unwrap();
        for (path, what) in [
            (fifo, "named pipe (FIFO)"),
            (link, "symbolic link to a named pipe"),
            (PathBuf::from("/dev/zero"), "character device"),
            (dir.path().to_path_buf(), "directory"),
            (dir.path().join("nope.ron"), "does not exist"),
            (big, "limited to 4 MiB"),
        ] {
            let err = {
                let path = path.clone();
                promptly(move || load_roster(&path).unwrap_err())
            };
            assert!(err.starts_with(&path.display().to_string()), "{err}");
            assert!(err.contains(what), "{what}: {err}");
        }
    }
}
