//! When the next customer and internal updates are due, from the record.
//! The first customer message is due 5 minutes after declaring; then every
//! cadence of the current severity (or the commander's own cadence).

use chrono::TimeDelta;

use super::incident::{Audience, Incident, Stage, Timestamp};
use super::time::{add_minutes, saturating_minutes};

/// First external message within 5 minutes of declaring (PagerDuty).
pub const FIRST_CUSTOMER_UPDATE_MINUTES: i64 = 5;
/// Cadences when no severity is set yet.
pub const DEFAULT_CUSTOMER_CADENCE_MINUTES: u32 = 30;
pub const DEFAULT_INTERNAL_CADENCE_MINUTES: u32 = 30;
/// A countdown warns when this little is left.
pub const WARN_BEFORE_MINUTES: i64 = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum UpdateKind {
    Customer,
    Internal,
}

impl UpdateKind {
    pub fn label(self) -> &'static str {
        match self {
            UpdateKind::Customer => "customer update",
            UpdateKind::Internal => "internal update",
        }
    }

    /// The kind of update a message to `audience` is.
    pub fn of(audience: Audience) -> UpdateKind {
        if audience == Audience::Customers {
            UpdateKind::Customer
        } else {
            UpdateKind::Internal
        }
    }

    fn matches(self, audience: Audience) -> bool {
        match self {
            UpdateKind::Customer => audience == Audience::Customers,
            // Notices to regulators run on their own clocks, not the cadence.
            UpdateKind::Internal => matches!(audience, Audience::Stakeholders | Audience::Executives),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueState {
    /// More than the warning time left.
    Later,
    /// Within the last 5 minutes.
    Soon,
    Overdue,
}

/// A due update and how it stands at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Due {
    pub kind: UpdateKind,
    pub at: Timestamp,
    /// Positive: time left; negative: overdue by.
    pub left: TimeDelta,
    pub state: DueState,
    /// Where `at` comes from.
    pub basis: DueBasis,
}

/// Why an update is due when it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueBasis {
    /// The cadence, counted from the last update (or the declaration).
    Cadence,
    /// The last update's own text promised this time, earlier than the
    /// cadence: what the audience was told is what counts.
    Promised,
}

impl Incident {
    /// Minutes between updates of this kind: the commander's setting, else
    /// the current severity's, else the default.
    pub fn cadence_minutes(&self, kind: UpdateKind) -> u32 {
        let own = match kind {
            UpdateKind::Customer => self.communications.external_cadence_minutes,
            UpdateKind::Internal => self.communications.internal_cadence_minutes,
        };
        own.filter(|m| *m > 0)
            .unwrap_or_else(|| match (self.severity_level_info(), kind) {
                (Some(level), UpdateKind::Customer) => level.customer_cadence_minutes,
                (Some(level), UpdateKind::Internal) => level.internal_cadence_minutes,
                (None, UpdateKind::Customer) => DEFAULT_CUSTOMER_CADENCE_MINUTES,
                (None, UpdateKind::Internal) => DEFAULT_INTERNAL_CADENCE_MINUTES,
            })
    }

    /// When the last message of this kind was sent.
    pub fn last_sent(&self, kind: UpdateKind) -> Option<Timestamp> {
        self.last_sent_message(kind).and_then(|m| m.sent_at)
    }

    /// The last sent message of this kind (the latest sent, first on ties).
    fn last_sent_message(&self, kind: UpdateKind) -> Option<&super::incident::Message> {
        self.communications
            .messages
            .iter()
            .filter(|m| kind.matches(m.audience) && m.sent_at.is_some())
            .rev()
            .max_by_key(|m| m.sent_at)
    }

    /// When the next update of this kind is due; `None` once the resolved
    /// customer message is out (or the incident is closed), before the
    /// incident has a declaration time, or when the due time would be past
    /// the end of the calendar (only a record the loader refuses gets there).
    pub fn next_update_due(&self, kind: UpdateKind) -> Option<Timestamp> {
        self.next_update(kind).map(|(at, _)| at)
    }

    /// When the next update of this kind is due and why; nothing is due once
    /// the incident is resolved (the resolution blockers ask for the
    /// Resolved message) or the resolved customer message is out.
    pub fn next_update(&self, kind: UpdateKind) -> Option<(Timestamp, DueBasis)> {
        let resolved_sent =
            self.communications.messages.iter().any(|m| {
                m.audience == Audience::Customers && m.stage == Stage::Resolved && m.sent_at.is_some()
            });
        let resolved = self.resolution.resolved_at.is_some()
            || self.resolution.closed_at.is_some()
            || self.status >= super::incident::Status::Resolved;
        if resolved_sent || resolved {
            return None;
        }
        let cadence = i64::from(self.cadence_minutes(kind));
        match self.last_sent_message(kind) {
            Some(last) => {
                let sent = last.sent_at?;
                let by_cadence = add_minutes(sent, cadence)?;
                // A promise earlier than the cadence wins; a later one does
                // not stretch the cadence the severity asks for.
                match super::promise::find_update_promise(&last.text, sent) {
                    Some(p) if p.at < by_cadence => Some((p.at, DueBasis::Promised)),
                    _ => Some((by_cadence, DueBasis::Cadence)),
                }
            }
            None => {
                let declared = self.detection.declared_at.or(self.detection.detected_at)?;
                let at = match kind {
                    UpdateKind::Customer => add_minutes(declared, FIRST_CUSTOMER_UPDATE_MINUTES),
                    UpdateKind::Internal => add_minutes(declared, cadence),
                }?;
                Some((at, DueBasis::Cadence))
            }
        }
    }

    /// The next update of this kind and how it stands at `now`.
    pub fn due(&self, kind: UpdateKind, now: Timestamp) -> Option<Due> {
        let (at, basis) = self.next_update(kind)?;
        let left = at - now;
        let state = if left < TimeDelta::zero() {
            DueState::Overdue
        } else if left <= saturating_minutes(WARN_BEFORE_MINUTES) {
            DueState::Soon
        } else {
            DueState::Later
        };
        Some(Due {
            kind,
            at,
            left,
            state,
            basis,
        })
    }
}

/// `04:10` or `1:04:10`: minutes and seconds, hours when needed.
pub fn format_countdown(delta: TimeDelta) -> String {
    let secs = delta.num_seconds().unsigned_abs();
    if secs >= 3600 {
        format!("{}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
    } else {
        format!("{:02}:{:02}", secs / 60, secs % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Edit, MessageChannel, SeverityLevel};
    use chrono::{TimeZone, Utc};

    fn t(minute: i64) -> Timestamp {
        Utc.with_ymd_and_hms(2026, 11, 25, 14, 0, 0).unwrap() + TimeDelta::minutes(minute)
    }

    fn send(inc: &mut Incident, audience: Audience, stage: Stage, at: Timestamp) {
        inc.apply(
            Edit::DraftMessage {
                audience,
                stage,
                channel: MessageChannel::StatusPage,
                language: Default::default(),
                text: "x".into(),
            },
            at,
            "Ana",
        )
        .unwrap();
        let i = inc.communications.messages.len() - 1;
        inc.apply(Edit::MarkMessageSent(inc.message_id(i)), at, "Ana")
            .unwrap();
    }

    #[test]
    fn first_customer_update_is_due_five_minutes_after_declaring() {
        let inc = Incident::declare(t(0), "Ana");
        let due = inc.due(UpdateKind::Customer, t(0)).unwrap();
        assert_eq!(due.at, t(5));
        assert_eq!(due.state, DueState::Soon);
        assert_eq!(
            inc.due(UpdateKind::Customer, t(6)).unwrap().state,
            DueState::Overdue
        );
        assert_eq!(
            inc.due(UpdateKind::Customer, t(6)).unwrap().left,
            TimeDelta::minutes(-1)
        );
        // Internal updates start at the default cadence.
        assert_eq!(inc.next_update_due(UpdateKind::Internal), Some(t(30)));
    }

    #[test]
    fn cadence_follows_severity_then_the_commanders_setting() {
        let mut inc = Incident::declare(t(0), "Ana");
        send(&mut inc, Audience::Customers, Stage::Investigating, t(4));
        assert_eq!(inc.next_update_due(UpdateKind::Customer), Some(t(34)));
        inc.apply(
            Edit::SetSeverity {
                level: SeverityLevel(1),
                reason: "all down".into(),
            },
            t(5),
            "Ana",
        )
        .unwrap();
        assert_eq!(inc.cadence_minutes(UpdateKind::Customer), 20);
        assert_eq!(inc.next_update_due(UpdateKind::Customer), Some(t(24)));
        assert_eq!(
            inc.due(UpdateKind::Customer, t(10)).unwrap().state,
            DueState::Later
        );
        assert_eq!(
            inc.due(UpdateKind::Customer, t(19)).unwrap().state,
            DueState::Soon
        );
        inc.communications.external_cadence_minutes = Some(15);
        assert_eq!(inc.next_update_due(UpdateKind::Customer), Some(t(19)));
        // Internal messages do not reset the customer countdown.
        send(&mut inc, Audience::Stakeholders, Stage::Update, t(12));
        assert_eq!(inc.next_update_due(UpdateKind::Customer), Some(t(19)));
        assert_eq!(inc.next_update_due(UpdateKind::Internal), Some(t(42)));
    }

    #[test]
    fn nothing_is_due_after_the_resolved_message() {
        let mut inc = Incident::declare(t(0), "Ana");
        send(&mut inc, Audience::Customers, Stage::Resolved, t(40));
        assert_eq!(inc.next_update_due(UpdateKind::Customer), None);
        assert_eq!(inc.next_update_due(UpdateKind::Internal), None);
    }

    #[test]
    fn due_times_past_the_calendar_are_none_not_a_panic() {
        let mut inc = Incident::declare(Timestamp::MAX_UTC, "Ana");
        inc.communications.external_cadence_minutes = Some(u32::MAX);
        inc.communications.internal_cadence_minutes = Some(u32::MAX);
        for kind in [UpdateKind::Customer, UpdateKind::Internal] {
            assert_eq!(inc.next_update_due(kind), None);
            assert_eq!(inc.due(kind, Timestamp::MIN_UTC), None);
        }
        // The latest accepted time with the longest accepted cadence still works.
        let mut inc = Incident::declare(crate::model::time::LATEST, "Ana");
        inc.communications.internal_cadence_minutes = Some(crate::model::time::MAX_MINUTES);
        let due = inc.due(UpdateKind::Internal, Timestamp::MIN_UTC).unwrap();
        assert_eq!(due.state, DueState::Later);
        assert!(due.at > crate::model::time::LATEST);
        let due = inc.due(UpdateKind::Customer, Timestamp::MAX_UTC).unwrap();
        assert_eq!(due.state, DueState::Overdue);
    }

    #[test]
    fn countdown_format() {
        assert_eq!(format_countdown(TimeDelta::seconds(250)), "04:10");
        assert_eq!(format_countdown(TimeDelta::seconds(-133)), "02:13");
        assert_eq!(format_countdown(TimeDelta::seconds(3725)), "1:02:05");
    }
}
