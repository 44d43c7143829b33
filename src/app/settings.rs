//! Per-user settings: who is typing, recent files, view preferences. Kept in
//! the OS config directory; the console works the same without them.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

const MAX_RECENT: usize = 10;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Recorded as the author of every timeline entry.
    pub author: String,
    pub recent_files: Vec<PathBuf>,
    pub dark_theme: bool,
    pub timeline_open: bool,
    pub zoom: f32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            author: default_author(),
            recent_files: Vec::new(),
            dark_theme: true,
            timeline_open: true,
            zoom: 1.0,
        }
    }
}

/// The login name is a better default author than nothing.
fn default_author() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_default()
}

impl Settings {
    /// Where settings live by default (`None` if the OS has no config dir).
    pub fn default_path() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "incident-console")
            .map(|dirs| dirs.config_dir().join("settings.ron"))
    }

    /// Loads settings; a missing or unreadable file gives the defaults, since
    /// losing a preference must never stop an incident from being worked.
    pub fn load(path: &Path) -> Settings {
        std::fs::read_to_string(path)
            .ok()
            .and_then(|text| ron::from_str(&text).ok())
            .unwrap_or_default()
    }

    pub fn save(&self, path: &Path) -> Result<(), String> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        let text = ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::new().new_line("\n"))
            .map_err(|e| e.to_string())?;
        crate::file::save_text(path, &text).map_err(|e| e.to_string())
    }

    /// Puts `path` first in the recent list, without duplicates.
    pub fn remember(&mut self, path: &Path) {
        let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        self.recent_files.retain(|p| p != &path);
        self.recent_files.insert(0, path);
        self.recent_files.truncate(MAX_RECENT);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_files_are_unique_newest_first_and_bounded() {
        let mut s = Settings::default();
        for i in 0..15 {
            s.remember(Path::new(&format!("/tmp/{i}.ron")));
        }
        s.remember(Path::new("/tmp/3.ron"));
        assert_eq!(s.recent_files.len(), MAX_RECENT);
        assert_eq!(s.recent_files[0], PathBuf::from("/tmp/3.ron"));
        assert_eq!(s.recent_files.iter().filter(|p| p.ends_with("3.ron")).count(), 1);
    }

    #[test]
    fn settings_round_trip_and_bad_file_gives_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/settings.ron");
        let mut s = Settings {
            author: "Ana".into(),
            ..Settings::default()
        };
        s.remember(Path::new("/tmp/a.ron"));
        s.save(&path).unwrap();
        assert_eq!(Settings::load(&path), s);
        std::fs::write(&path, "not ron").unwrap();
        assert_eq!(Settings::load(&path).recent_files, Vec::<PathBuf>::new());
    }
}
