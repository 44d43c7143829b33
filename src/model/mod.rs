//! The incident as plain data with pure methods. No UI here; time comes in as
//! arguments (from a [`clock::Clock`]) so every method is testable.

pub mod cadence;
pub mod clock;
pub mod edit;
pub mod incident;
pub mod phase;
pub mod response;
pub mod scale;
pub mod severity;
pub mod time;
pub mod timeline;
pub mod timeline_view;

use chrono::{Datelike, TimeDelta};

pub use cadence::{Due, DueState, UpdateKind, format_countdown};
pub use clock::{Clock, ManualClock, SharedClock, SystemClock};
pub use edit::{Edit, EditError, Factor, ImportBatch, ImportedEntry, ListKind, TextField, TimeField};
pub use incident::*;
pub use phase::{CheckItem, Phase, PhaseState};
pub use severity::{SeverityChange, SeverityLevel};
pub use time::{format_elapsed, format_time_input, format_utc, parse_date_input, parse_time_input};
pub use timeline::{CanReport, EntryId, EntryKind, Timeline, TimelineEntry, TimelineError};
pub use timeline_view::{DisplayZone, ExportFormat, TimelineFilter};

impl Incident {
    /// A freshly declared incident: detected and declared now, by `author`.
    pub fn declare(now: Timestamp, author: &str) -> Incident {
        let mut incident = Incident {
            id: format!("INC-{}-{:04}", now.year(), 1),
            title: String::new(),
            summary: String::new(),
            status: Status::Investigating,
            phase: Phase::Detect,
            detection: Detection {
                detected_at: Some(now),
                declared_at: Some(now),
                declared_by: author.to_owned(),
                ..Detection::default()
            },
            channels: Channels::default(),
            assessment: Assessment {
                scale: scale::DEFAULT_SCALE_ID.to_owned(),
                ..Assessment::default()
            },
            communications: Communications::default(),
            escalation: Escalation::default(),
            delegation: Delegation::default(),
            resolution: Resolution::default(),
            postmortem: Postmortem::default(),
            timeline: Timeline::default(),
        };
        let who = if author.is_empty() { "someone" } else { author };
        incident.timeline.add(
            now,
            now,
            author,
            EntryKind::System,
            format!("Incident declared by {who}"),
        );
        incident
    }

    /// The current severity decision, if one was made.
    pub fn severity(&self) -> Option<&SeverityChange> {
        self.assessment.severity_history.last()
    }

    /// Who holds `role` now (the latest assignment that has not ended).
    pub fn current_holder(&self, role: &Role) -> Option<&RoleAssignment> {
        self.delegation
            .roles
            .iter()
            .rev()
            .find(|a| &a.role == role && a.until.is_none())
    }

    /// Everyone who currently holds `role` (there can be several Tech Leads).
    pub fn current_holders<'a>(&'a self, role: &'a Role) -> impl Iterator<Item = &'a RoleAssignment> + 'a {
        self.delegation
            .roles
            .iter()
            .filter(move |a| &a.role == role && a.until.is_none())
    }

    /// Time since detection, or `None` before detection is recorded.
    pub fn elapsed_since_detection(&self, now: Timestamp) -> Option<TimeDelta> {
        self.detection.detected_at.map(|at| now - at)
    }

    /// Checks what types cannot express: unique timeline ids, time order.
    pub fn problems(&self) -> Vec<String> {
        self.timeline.problems()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn now() -> Timestamp {
        Utc.with_ymd_and_hms(2026, 11, 25, 14, 0, 0).unwrap()
    }

    #[test]
    fn declare_sets_detection_and_logs_it() {
        let inc = Incident::declare(now(), "Ana");
        assert_eq!(inc.id, "INC-2026-0001");
        assert_eq!(inc.detection.detected_at, Some(now()));
        assert_eq!(inc.detection.declared_by, "Ana");
        assert_eq!(inc.timeline.len(), 1);
        assert_eq!(inc.timeline.entries[0].kind, EntryKind::System);
        assert!(inc.timeline.entries[0].text.contains("Ana"));
        assert!(inc.problems().is_empty());
    }

    #[test]
    fn phase_states_follow_the_data() {
        let mut inc = Incident::declare(now(), "Ana");
        assert_eq!(Phase::Channels.state(&inc), PhaseState::NotStarted);
        assert_eq!(Phase::Detect.state(&inc), PhaseState::InProgress);
        inc.channels.chat_room = "#inc-0001".into();
        assert_eq!(Phase::Channels.state(&inc), PhaseState::InProgress);
        inc.channels.video_bridge = "https://meet.example/abc".into();
        inc.channels.room_topic = "INC-2026-0001".into();
        inc.channels.im_chat_status = "INC-2026-0001".into();
        assert_eq!(Phase::Channels.state(&inc), PhaseState::Done);
    }

    #[test]
    fn phase_numbers_round_trip() {
        for phase in Phase::ALL {
            assert_eq!(Phase::from_number(phase.number()), Some(phase));
        }
        assert_eq!(Phase::from_number(0), None);
        assert_eq!(Phase::from_number(9), None);
    }

    #[test]
    fn current_holder_ignores_ended_assignments() {
        let mut inc = Incident::declare(now(), "Ana");
        inc.delegation.roles.push(RoleAssignment {
            role: Role::IncidentManager,
            person: "Ana".into(),
            since: now(),
            until: Some(now() + TimeDelta::minutes(30)),
        });
        assert!(inc.current_holder(&Role::IncidentManager).is_none());
        inc.delegation.roles.push(RoleAssignment {
            role: Role::IncidentManager,
            person: "Bo".into(),
            since: now() + TimeDelta::minutes(30),
            until: None,
        });
        assert_eq!(inc.current_holder(&Role::IncidentManager).unwrap().person, "Bo");
    }
}
