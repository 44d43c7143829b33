//! Severity levels and the record of each decision about them.

use serde::{Deserialize, Serialize};

use super::incident::Timestamp;

/// A severity level: 1 is the most severe. Its name comes from the scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SeverityLevel(pub u8);

/// One severity decision; the incident keeps them all, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeverityChange {
    pub level: SeverityLevel,
    pub set_at: Timestamp,
    pub set_by: String,
    pub reason: String,
}

/// A level of a severity scale with what it implies for the response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScaleLevel {
    pub level: SeverityLevel,
    pub name: &'static str,
    pub meaning: &'static str,
    pub examples: &'static str,
    /// SEV1/SEV2: page now at any hour, postmortem required.
    pub major: bool,
    pub paging: &'static str,
    /// Suggested minutes between customer updates.
    pub customer_cadence_minutes: u32,
}

/// The default three-level scale of the handbook (Atlassian style).
pub const DEFAULT_SCALE: [ScaleLevel; 3] = [
    ScaleLevel {
        level: SeverityLevel(1),
        name: "SEV1",
        meaning: "Critical: customer-facing service down for all customers, confirmed data loss, or a security or confidentiality breach",
        examples: "site down; customer data exposed",
        major: true,
        paging: "Page now, any hour; public comms; inform leadership",
        customer_cadence_minutes: 20,
    },
    ScaleLevel {
        level: SeverityLevel(2),
        name: "SEV2",
        meaning: "Major: service down for a subset of customers, or a core function significantly impaired",
        examples: "pushes fail for one region",
        major: true,
        paging: "Page now, any hour",
        customer_cadence_minutes: 30,
    },
    ScaleLevel {
        level: SeverityLevel(3),
        name: "SEV3",
        meaning: "Minor: inconvenience with a workaround; degraded but usable",
        examples: "slow search",
        major: false,
        paging: "Business hours",
        customer_cadence_minutes: 60,
    },
];

impl SeverityLevel {
    /// The default scale's entry for this level, if it has one.
    pub fn scale_level(self) -> Option<&'static ScaleLevel> {
        DEFAULT_SCALE.iter().find(|l| l.level == self)
    }

    pub fn name(self) -> String {
        match self.scale_level() {
            Some(level) => level.name.to_owned(),
            None => format!("SEV{}", self.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_scale_names_and_majors() {
        assert_eq!(SeverityLevel(1).name(), "SEV1");
        assert_eq!(SeverityLevel(3).name(), "SEV3");
        assert_eq!(SeverityLevel(7).name(), "SEV7");
        assert!(SeverityLevel(2).scale_level().unwrap().major);
        assert!(!SeverityLevel(3).scale_level().unwrap().major);
    }
}
