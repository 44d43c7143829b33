//! Phases 5-7 as working tools: overdue pages and tasks, the handover brief,
//! and what still stands in the way of resolving.

use chrono::TimeDelta;

use super::cadence::{UpdateKind, format_countdown};
use super::incident::{Audience, Incident, Responder, Role, Stage, Task, TaskState, Timestamp};
use super::time::{format_utc, saturating_minutes};
use super::timeline::EntryKind;

/// Pages unacknowledged for longer than this are flagged (minutes).
pub const DEFAULT_ACK_WARNING_MINUTES: u32 = 5;

impl Responder {
    /// Paged, not acknowledged, and the page is older than `minutes`.
    pub fn page_overdue(&self, now: Timestamp, minutes: u32) -> bool {
        match (self.paged_at, self.acknowledged_at) {
            // A difference of two times always fits a TimeDelta; the
            // minutes are clamped rather than trusted.
            (Some(paged), None) => now - paged > saturating_minutes(i64::from(minutes)),
            _ => false,
        }
    }
}

impl Task {
    /// Open or in progress past its time box.
    pub fn is_overdue(&self, now: Timestamp) -> bool {
        !self.state.is_finished() && self.due_at.is_some_and(|due| due < now)
    }
}

impl Incident {
    pub fn ack_warning_minutes(&self) -> u32 {
        self.escalation
            .ack_warning_minutes
            .filter(|m| *m > 0)
            .unwrap_or(DEFAULT_ACK_WARNING_MINUTES)
    }

    /// Responders whose page has gone unacknowledged too long.
    pub fn overdue_pages(&self, now: Timestamp) -> Vec<&Responder> {
        let minutes = self.ack_warning_minutes();
        self.escalation
            .responders
            .iter()
            .filter(|r| r.page_overdue(now, minutes))
            .collect()
    }

    pub fn overdue_tasks(&self, now: Timestamp) -> Vec<&Task> {
        self.delegation
            .tasks
            .iter()
            .filter(|t| t.is_overdue(now))
            .collect()
    }

    /// What to settle before resolving; empty when nothing stands in the way.
    pub fn resolution_blockers(&self) -> Vec<String> {
        let mut blockers = Vec::new();
        let open: Vec<&Task> = self
            .delegation
            .tasks
            .iter()
            .filter(|t| !t.state.is_finished())
            .collect();
        if !open.is_empty() {
            let list: Vec<String> = open
                .iter()
                .map(|t| format!("\"{}\" ({})", t.text, t.owner))
                .collect();
            blockers.push(format!("{} task(s) still open: {}", open.len(), list.join(", ")));
        }
        let resolved_sent =
            self.communications.messages.iter().any(|m| {
                m.audience == Audience::Customers && m.stage == Stage::Resolved && m.sent_at.is_some()
            });
        if !resolved_sent {
            blockers.push("No \"Resolved\" message has been sent to customers".to_owned());
        }
        blockers
    }

    /// What the outgoing Incident Manager tells the incoming one.
    pub fn handover_brief(&self, now: Timestamp) -> String {
        let mut out = Vec::new();
        let title = if self.title.trim().is_empty() {
            "(untitled)"
        } else {
            self.title.trim()
        };
        out.push(format!(
            "Handover brief for {} {title}, at {}",
            self.id,
            format_utc(now)
        ));
        let severity = self
            .severity()
            .map_or("not assessed".to_owned(), |s| self.severity_name(s.level));
        out.push(format!("Status: {}. Severity: {severity}.", self.status.label()));
        if self.is_security() {
            out.push(format!(
                "Type: {}. Security lifecycle: {}.",
                super::security::type_name(&self.incident_type),
                match self.latest_milestone() {
                    Some((milestone, at)) => format!("{} {}", milestone.label(), format_utc(at)),
                    None => "containment not started".to_owned(),
                }
            ));
            let next = match self.next_notification(now) {
                Some(clock) => match clock.due_at {
                    Some(due) if due < now => format!(
                        "{} OVERDUE since {} (to {})",
                        clock.title(),
                        format_utc(due),
                        clock.deadline.to
                    ),
                    Some(due) => format!(
                        "{} due {} (to {})",
                        clock.title(),
                        format_utc(due),
                        clock.deadline.to
                    ),
                    None => clock.title(),
                },
                None if self.security.rules.is_empty() => "no notification rule chosen".to_owned(),
                None => "all notices sent".to_owned(),
            };
            out.push(format!("Next notification deadline: {next}."));
        }
        if let Some(detected) = self.detection.detected_at {
            out.push(format!(
                "Detected {} ({} ago).",
                format_utc(detected),
                format_countdown(now - detected)
            ));
        }
        if !self.summary.trim().is_empty() {
            out.push(format!("Summary: {}", self.summary.trim()));
        }
        let holders: Vec<String> = [
            Role::IncidentManager,
            Role::Deputy,
            Role::TechLead,
            Role::CommunicationsManager,
            Role::Scribe,
            Role::SecurityLead,
            Role::Forensics,
            Role::Legal,
        ]
        .iter()
        .filter_map(|role| {
            let people: Vec<&str> = self.current_holders(role).map(|a| a.person.as_str()).collect();
            (!people.is_empty()).then(|| format!("{}: {}", role.label(), people.join(", ")))
        })
        .collect();
        if !holders.is_empty() {
            out.push(format!("Roles: {}.", holders.join("; ")));
        }
        out.push(String::new());
        out.push("Open tasks:".to_owned());
        let open: Vec<&Task> = self
            .delegation
            .tasks
            .iter()
            .filter(|t| !t.state.is_finished())
            .collect();
        if open.is_empty() {
            out.push("- none".to_owned());
        }
        for task in open {
            let due = match task.due_at {
                Some(due) if due < now => format!(", OVERDUE since {}", format_utc(due)),
                Some(due) => format!(", due {}", format_utc(due)),
                None => String::new(),
            };
            let state = if task.state == TaskState::Doing {
                "doing"
            } else {
                "open"
            };
            out.push(format!("- {} ({}, {state}{due})", task.text, task.owner));
        }
        out.push(String::new());
        out.push("Next updates due:".to_owned());
        for kind in [UpdateKind::Customer, UpdateKind::Internal] {
            let line = match self.due(kind, now) {
                Some(due) if due.left < TimeDelta::zero() => {
                    format!("- {}: OVERDUE since {}", kind.label(), format_utc(due.at))
                }
                Some(due) => format!("- {}: {}", kind.label(), format_utc(due.at)),
                None => format!("- {}: none due", kind.label()),
            };
            out.push(line);
        }
        let pages = self.overdue_pages(now);
        if !pages.is_empty() {
            let names: Vec<&str> = pages.iter().map(|r| r.name.as_str()).collect();
            out.push(format!("Pages not acknowledged: {}", names.join(", ")));
        }
        out.push(String::new());
        out.push("Recent decisions:".to_owned());
        let decisions: Vec<String> = self
            .timeline
            .iter()
            .rev()
            .filter(|e| e.kind == EntryKind::Decision && e.retracted.is_none())
            .take(5)
            .map(|e| format!("- {} {}: {}", format_utc(e.at), e.author, e.text))
            .collect();
        if decisions.is_empty() {
            out.push("- none recorded".to_owned());
        }
        out.extend(decisions);
        out.join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Edit, ListKind, MessageChannel, TextField, TimeField};
    use chrono::{TimeZone, Utc};

    fn t(minute: i64) -> Timestamp {
        Utc.with_ymd_and_hms(2026, 11, 25, 14, 0, 0).unwrap() + TimeDelta::minutes(minute)
    }

    fn incident() -> Incident {
        let mut inc = Incident::declare(t(0), "Ana");
        inc.title = "Checkout down".into();
        inc
    }

    #[test]
    fn pages_are_flagged_after_the_warning_time() {
        let mut inc = incident();
        inc.apply(Edit::AddItem(ListKind::Responders), t(0), "Ana")
            .unwrap();
        inc.apply(
            Edit::SetText(TextField::ResponderName(inc.responder_id(0)), "Bo".into()),
            t(0),
            "Ana",
        )
        .unwrap();
        inc.apply(
            Edit::SetTime(TimeField::ResponderPaged(inc.responder_id(0)), Some(t(1))),
            t(1),
            "Ana",
        )
        .unwrap();
        assert!(
            inc.overdue_pages(t(6)).is_empty(),
            "exactly 5 minutes is not yet late"
        );
        assert_eq!(inc.overdue_pages(t(7)).len(), 1);
        inc.escalation.ack_warning_minutes = Some(10);
        assert!(inc.overdue_pages(t(7)).is_empty());
        inc.apply(
            Edit::SetTime(TimeField::ResponderAcknowledged(inc.responder_id(0)), Some(t(8))),
            t(8),
            "Ana",
        )
        .unwrap();
        assert!(inc.overdue_pages(t(30)).is_empty());
    }

    #[test]
    fn tasks_are_overdue_only_while_unfinished() {
        let mut inc = incident();
        inc.apply(
            Edit::AddTask {
                owner: "Bo".into(),
                text: "roll back".into(),
                due_in_minutes: Some(10),
            },
            t(0),
            "Ana",
        )
        .unwrap();
        assert!(inc.overdue_tasks(t(10)).is_empty());
        assert_eq!(inc.overdue_tasks(t(11)).len(), 1);
        inc.apply(Edit::SetTaskState(inc.task_id(0), TaskState::Done), t(12), "Ana")
            .unwrap();
        assert!(inc.overdue_tasks(t(20)).is_empty());
    }

    #[test]
    fn resolution_blockers_name_tasks_and_the_missing_message() {
        let mut inc = incident();
        inc.apply(
            Edit::AddTask {
                owner: "Bo".into(),
                text: "roll back".into(),
                due_in_minutes: None,
            },
            t(0),
            "Ana",
        )
        .unwrap();
        let blockers = inc.resolution_blockers();
        assert_eq!(blockers.len(), 2);
        assert!(blockers[0].contains("\"roll back\" (Bo)"), "{blockers:?}");
        assert!(blockers[1].contains("Resolved"));
        inc.apply(
            Edit::SetTaskState(inc.task_id(0), TaskState::Dropped),
            t(1),
            "Ana",
        )
        .unwrap();
        inc.apply(
            Edit::DraftMessage {
                audience: Audience::Customers,
                stage: Stage::Resolved,
                channel: MessageChannel::StatusPage,
                language: Default::default(),
                text: "resolved".into(),
            },
            t(2),
            "Ana",
        )
        .unwrap();
        assert_eq!(
            inc.resolution_blockers().len(),
            1,
            "a draft is not a sent message"
        );
        inc.apply(Edit::MarkMessageSent(inc.message_id(0)), t(3), "Ana")
            .unwrap();
        assert!(inc.resolution_blockers().is_empty());
    }

    #[test]
    fn handover_brief_has_status_tasks_updates_and_decisions() {
        let mut inc = incident();
        inc.apply(
            Edit::AssignRole {
                role: Role::IncidentManager,
                person: "Ana".into(),
            },
            t(0),
            "Ana",
        )
        .unwrap();
        inc.apply(
            Edit::SetSeverity {
                level: crate::model::SeverityLevel(2),
                reason: "EU".into(),
            },
            t(1),
            "Ana",
        )
        .unwrap();
        inc.apply(
            Edit::AddTask {
                owner: "Bo".into(),
                text: "roll back".into(),
                due_in_minutes: Some(5),
            },
            t(2),
            "Ana",
        )
        .unwrap();
        inc.apply(
            Edit::Log {
                kind: EntryKind::Decision,
                text: "freeze deploys".into(),
                at: None,
            },
            t(3),
            "Ana",
        )
        .unwrap();
        let brief = inc.handover_brief(t(20));
        for part in [
            "Handover brief for INC-2026-0001 Checkout down",
            "Status: Investigating. Severity: SEV2.",
            "Incident Manager: Ana",
            "- roll back (Bo, open, OVERDUE since 2026-11-25 14:07:00 UTC)",
            "- customer update: OVERDUE since 2026-11-25 14:05:00 UTC",
            "- internal update: 2026-11-25 14:30:00 UTC",
            "Ana: freeze deploys",
        ] {
            assert!(brief.contains(part), "brief lacks {part:?}:\n{brief}");
        }
    }
}
