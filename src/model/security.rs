//! Security incidents: the incident's type, the security lifecycle
//! (containment, eradication, recovery), the evidence log and the
//! regulators' notification clocks. The types and the rules are data in
//! `assets/security/`, parsed once.

use std::sync::OnceLock;

use chrono::{Months, TimeDelta};
use serde::{Deserialize, Serialize};

use super::cadence::DueState;
use super::incident::{Factor, Incident, Timestamp};
use super::timeline::EntryId;

/// The type every incident has until someone says otherwise.
pub const DEFAULT_TYPE_ID: &str = "service-disruption";

/// A kind of incident, from `assets/security/incident-types.ron`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncidentType {
    pub id: String,
    pub name: String,
    /// Follows the security lifecycle, keeps evidence and runs the clocks.
    pub security: bool,
    /// Ticking one of these factors proposes this type.
    pub proposed_by: Vec<Factor>,
    /// Notification rules offered (not applied) for this type.
    pub suggested_rules: Vec<String>,
}

/// A regulator's notification duty, from `assets/security/notification-rules.ron`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotificationRule {
    pub id: String,
    pub name: String,
    /// For the header: "GDPR", "NIS2".
    pub short: String,
    pub summary: String,
    pub deadlines: Vec<Deadline>,
}

/// One notice a rule asks for, and by when.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deadline {
    /// Unique within its rule; the key is `rule/deadline`.
    pub id: String,
    pub name: String,
    /// Who usually receives it (the person marking it sent says who did).
    pub to: String,
    pub from: DeadlineBasis,
    pub after: Period,
    pub warn_before_hours: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub enum DeadlineBasis {
    /// When the organisation became aware of the incident.
    Aware,
    /// When the notice of another deadline of the same rule was sent.
    Sent(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Period {
    Hours(u32),
    /// Calendar months, clamped to the month's last day.
    Months(u32),
}

impl Period {
    /// `from` plus this period, or `None` past the calendar.
    pub fn after(self, from: Timestamp) -> Option<Timestamp> {
        match self {
            Period::Hours(h) => from.checked_add_signed(TimeDelta::hours(i64::from(h))),
            Period::Months(m) => from.checked_add_months(Months::new(m)),
        }
    }

    pub fn label(self) -> String {
        match self {
            Period::Hours(h) => format!("{h} hours"),
            Period::Months(1) => "one month".to_owned(),
            Period::Months(m) => format!("{m} months"),
        }
    }
}

fn parse_assets<T: for<'de> Deserialize<'de>>(text: &str) -> Vec<T> {
    // The files ship inside the binary and a test parses them, so a failure
    // here cannot come from user data.
    ron::from_str(text).unwrap_or_default()
}

/// The incident types that ship with the console.
pub fn incident_types() -> &'static [IncidentType] {
    static TYPES: OnceLock<Vec<IncidentType>> = OnceLock::new();
    TYPES.get_or_init(|| parse_assets(include_str!("../../assets/security/incident-types.ron")))
}

/// The notification rules that ship with the console.
pub fn notification_rules() -> &'static [NotificationRule] {
    static RULES: OnceLock<Vec<NotificationRule>> = OnceLock::new();
    RULES.get_or_init(|| parse_assets(include_str!("../../assets/security/notification-rules.ron")))
}

pub fn incident_type(id: &str) -> Option<&'static IncidentType> {
    incident_types().iter().find(|t| t.id == id)
}

pub fn notification_rule(id: &str) -> Option<&'static NotificationRule> {
    notification_rules().iter().find(|r| r.id == id)
}

/// The type's name; an id this build does not know (a newer build's file)
/// shows as itself.
pub fn type_name(id: &str) -> &str {
    incident_type(id).map_or(id, |t| t.name.as_str())
}

/// The security part of the record: empty for a service disruption.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Security {
    /// When the organisation became aware (GDPR's words): the clocks start
    /// here. `None` counts from the detection time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aware_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub containment_started_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub containment_started_by: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contained_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub contained_by: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eradicated_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub eradicated_by: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovered_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub recovered_by: String,
    /// Whom affected people and regulators contact (the DPO, a privacy
    /// address); the breach templates say it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub contact: String,
    /// Ids of the notification rules that apply, as chosen.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<String>,
    /// Notices sent, in the order they were marked.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notifications: Vec<Notification>,
}

impl Security {
    pub fn is_empty(&self) -> bool {
        *self == Security::default()
    }
}

/// A notice sent to a regulator (or whoever a rule names).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Notification {
    /// `rule/deadline`, e.g. `nis2-art23/early-warning`.
    pub deadline: String,
    pub sent_at: Timestamp,
    pub sent_by: String,
    /// Who received it: "Garante per la protezione dei dati personali".
    pub to: String,
    /// Their case number or the message's reference, if any.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reference: String,
}

/// A milestone of the security lifecycle, in the order they happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Milestone {
    ContainmentStarted,
    Contained,
    Eradicated,
    Recovered,
}

impl Milestone {
    pub const ALL: [Milestone; 4] = [
        Milestone::ContainmentStarted,
        Milestone::Contained,
        Milestone::Eradicated,
        Milestone::Recovered,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Milestone::ContainmentStarted => "Containment started",
            Milestone::Contained => "Contained",
            Milestone::Eradicated => "Eradicated",
            Milestone::Recovered => "Recovered",
        }
    }

    /// What reaching it means, for the timeline.
    pub fn meaning(self) -> &'static str {
        match self {
            Milestone::ContainmentStarted => "Containment started",
            Milestone::Contained => "Threat contained: it can do no more harm",
            Milestone::Eradicated => "Threat eradicated: its cause is removed",
            Milestone::Recovered => "Systems recovered: back in normal operation",
        }
    }

    pub fn at(self, s: &Security) -> Option<Timestamp> {
        match self {
            Milestone::ContainmentStarted => s.containment_started_at,
            Milestone::Contained => s.contained_at,
            Milestone::Eradicated => s.eradicated_at,
            Milestone::Recovered => s.recovered_at,
        }
    }

    pub(super) fn at_mut(self, s: &mut Security) -> &mut Option<Timestamp> {
        match self {
            Milestone::ContainmentStarted => &mut s.containment_started_at,
            Milestone::Contained => &mut s.contained_at,
            Milestone::Eradicated => &mut s.eradicated_at,
            Milestone::Recovered => &mut s.recovered_at,
        }
    }

    pub fn by(self, s: &Security) -> &String {
        match self {
            Milestone::ContainmentStarted => &s.containment_started_by,
            Milestone::Contained => &s.contained_by,
            Milestone::Eradicated => &s.eradicated_by,
            Milestone::Recovered => &s.recovered_by,
        }
    }

    pub(super) fn by_mut(self, s: &mut Security) -> &mut String {
        match self {
            Milestone::ContainmentStarted => &mut s.containment_started_by,
            Milestone::Contained => &mut s.contained_by,
            Milestone::Eradicated => &mut s.eradicated_by,
            Milestone::Recovered => &mut s.recovered_by,
        }
    }
}

/// An evidence item: a file as collected, by whom, and who holds it now.
/// Its entry never changes; a correction or a hand-on is a new item that
/// names the one it follows.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// Where the file was when it was hashed; the file itself is not copied.
    pub path: String,
    pub size: u64,
    /// Lower-case hex, 64 digits.
    pub sha256: String,
    /// What it is: "memory image of web-3", "firewall log 02:00-04:00".
    pub what: String,
    pub collected_by: String,
    pub collected_at: Timestamp,
    /// Chain of custody: who it was handed to (empty: the collector keeps it).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub handed_to: String,
    /// The item this one corrects or hands on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follows: Option<EntryId>,
}

impl Evidence {
    /// Why this item cannot go into the record, if it cannot.
    pub fn problem(&self) -> Option<String> {
        if self.what.trim().is_empty() {
            return Some("say what the evidence is".into());
        }
        if self.path.trim().is_empty() {
            return Some("name the evidence file".into());
        }
        if self.collected_by.trim().is_empty() {
            return Some("say who collected the evidence".into());
        }
        if self.sha256.len() != 64
            || !self
                .sha256
                .bytes()
                .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        {
            return Some("the SHA-256 must be 64 lower-case hex digits".into());
        }
        None
    }

    /// The file's name without its folders (the path may be restricted).
    pub fn file_name(&self) -> &str {
        self.path
            .rsplit(['/', '\\'])
            .find(|s| !s.is_empty())
            .unwrap_or(&self.path)
    }

    /// The entry's text; without the path for wider sharing.
    pub fn summary(&self, path_shown: bool) -> String {
        let file = if path_shown {
            self.path.as_str()
        } else {
            "path withheld"
        };
        let follows = self
            .follows
            .map_or_else(String::new, |id| format!(" (follows evidence {id})"));
        let custody = match self.handed_to.trim() {
            "" => String::new(),
            to => format!(", handed to {to}"),
        };
        format!(
            "Evidence: {} ({file}, {} bytes, SHA-256 {}), collected by {}{custody}{follows}",
            self.what.trim(),
            self.size,
            self.sha256,
            self.collected_by.trim()
        )
    }
}

/// Time left to a deadline: `HH:MM:SS` within two days, then
/// `31 d 22 h` (a month's countdown in hours reads badly).
pub fn format_left(left: TimeDelta) -> String {
    let hours = left.num_hours().abs();
    if hours < 48 {
        return super::cadence::format_countdown(left);
    }
    format!("{} d {:02} h", hours / 24, hours % 24)
}

/// How one notification deadline stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotificationClock {
    pub rule: &'static NotificationRule,
    pub deadline: &'static Deadline,
    /// `rule/deadline`.
    pub key: String,
    /// `None` while what it counts from has not happened (the notice it
    /// follows is not sent yet, or no detection or awareness time is set).
    pub due_at: Option<Timestamp>,
    /// Positive: time left; negative: overdue by (zero when `due_at` is `None`).
    pub left: TimeDelta,
    /// The notice, once marked sent.
    pub sent: Option<Notification>,
    pub state: DueState,
}

impl NotificationClock {
    /// "NIS2 Early warning".
    pub fn title(&self) -> String {
        format!("{} {}", self.rule.short, self.deadline.name.to_lowercase())
    }

    /// What the deadline counts from, in words.
    pub fn basis(&self) -> String {
        match &self.deadline.from {
            DeadlineBasis::Aware => format!("{} after becoming aware", self.deadline.after.label()),
            DeadlineBasis::Sent(id) => {
                let name = self
                    .rule
                    .deadlines
                    .iter()
                    .find(|d| &d.id == id)
                    .map_or(id.as_str(), |d| d.name.as_str());
                format!(
                    "{} after the {} is sent",
                    self.deadline.after.label(),
                    name.to_lowercase()
                )
            }
        }
    }

    pub fn is_open(&self) -> bool {
        self.sent.is_none()
    }
}

impl Incident {
    pub fn incident_type(&self) -> Option<&'static IncidentType> {
        incident_type(&self.incident_type)
    }

    /// Whether the security lifecycle, evidence and clocks apply.
    pub fn is_security(&self) -> bool {
        self.incident_type().is_some_and(|t| t.security) || !self.security.is_empty()
    }

    /// The type the ticked assessment factors point to, when it differs
    /// from the current one and the current one is not a security type.
    pub fn proposed_type(&self) -> Option<&'static IncidentType> {
        if self.incident_type().is_some_and(|t| t.security) {
            return None;
        }
        let factors = &self.assessment.factors;
        incident_types()
            .iter()
            .rev()
            .find(|t| t.proposed_by.iter().any(|f| f.get(factors)))
            .filter(|t| t.id != self.incident_type)
    }

    /// The rules the type suggests that are not chosen yet.
    pub fn suggested_rules(&self) -> Vec<&'static NotificationRule> {
        self.incident_type()
            .map(|t| {
                t.suggested_rules
                    .iter()
                    .filter(|id| !self.security.rules.contains(id))
                    .filter_map(|id| notification_rule(id))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// When the organisation became aware: as recorded, else detection.
    pub fn aware_at(&self) -> Option<Timestamp> {
        self.security.aware_at.or(self.detection.detected_at)
    }

    /// Every deadline of the chosen rules, in rule then deadline order.
    pub fn notification_clocks(&self, now: Timestamp) -> Vec<NotificationClock> {
        let aware = self.aware_at();
        let mut out = Vec::new();
        for rule in self.security.rules.iter().filter_map(|id| notification_rule(id)) {
            for deadline in &rule.deadlines {
                let key = format!("{}/{}", rule.id, deadline.id);
                let sent = self.notification(&key).cloned();
                let from = match &deadline.from {
                    DeadlineBasis::Aware => aware,
                    DeadlineBasis::Sent(id) => {
                        self.notification(&format!("{}/{id}", rule.id)).map(|n| n.sent_at)
                    }
                };
                let due_at = from.and_then(|from| deadline.after.after(from));
                let left = due_at.map_or(TimeDelta::zero(), |due| due - now);
                let warn = TimeDelta::hours(i64::from(deadline.warn_before_hours));
                let state = match (due_at, &sent) {
                    (Some(due), None) if now > due => DueState::Overdue,
                    (Some(_), None) if left <= warn => DueState::Soon,
                    _ => DueState::Later,
                };
                out.push(NotificationClock {
                    rule,
                    deadline,
                    key,
                    due_at,
                    left,
                    sent,
                    state,
                });
            }
        }
        out
    }

    /// The open deadline due first.
    pub fn next_notification(&self, now: Timestamp) -> Option<NotificationClock> {
        self.notification_clocks(now)
            .into_iter()
            .filter(|c| c.is_open() && c.due_at.is_some())
            .min_by_key(|c| c.due_at)
    }

    /// The notice sent for `key` (the first, if marked twice).
    pub fn notification(&self, key: &str) -> Option<&Notification> {
        self.security.notifications.iter().find(|n| n.deadline == key)
    }

    /// The latest security milestone reached, with its time.
    pub fn latest_milestone(&self) -> Option<(Milestone, Timestamp)> {
        Milestone::ALL
            .into_iter()
            .rev()
            .find_map(|m| m.at(&self.security).map(|at| (m, at)))
    }

    /// What is wrong with the milestones' order: a milestone reached before
    /// the one it follows, or without it.
    pub fn milestone_problems(&self) -> Vec<String> {
        let s = &self.security;
        let mut out = Vec::new();
        for pair in Milestone::ALL.windows(2) {
            let (first, second) = (pair[0], pair[1]);
            match (first.at(s), second.at(s)) {
                (None, Some(_)) => out.push(format!(
                    "{} is recorded but {} is not",
                    second.label(),
                    first.label().to_lowercase()
                )),
                (Some(a), Some(b)) if b < a => out.push(format!(
                    "{} ({}) is before {} ({})",
                    second.label(),
                    super::time::format_utc(b),
                    first.label().to_lowercase(),
                    super::time::format_utc(a)
                )),
                _ => {}
            }
        }
        if let (Some(detected), Some((m, at))) = (
            self.detection.detected_at,
            Milestone::ALL.into_iter().find_map(|m| m.at(s).map(|at| (m, at))),
        ) && at < detected
        {
            out.push(format!(
                "{} ({}) is before detection ({})",
                m.label(),
                super::time::format_utc(at),
                super::time::format_utc(detected)
            ));
        }
        out
    }

    /// Awareness (or detection) to contained.
    pub fn time_to_contain(&self) -> Option<TimeDelta> {
        Some(self.security.contained_at? - self.aware_at()?)
    }

    /// Awareness (or detection) to eradicated.
    pub fn time_to_eradicate(&self) -> Option<TimeDelta> {
        Some(self.security.eradicated_at? - self.aware_at()?)
    }

    /// Evidence items in time order, with their entries' ids and whether
    /// they are restricted.
    pub fn evidence(&self) -> impl Iterator<Item = (EntryId, &Evidence, bool)> {
        self.timeline
            .iter()
            .filter_map(|e| e.evidence.as_ref().map(|ev| (e.id, ev, e.restricted)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Edit, TimeField};
    use chrono::{TimeZone, Utc};

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> Timestamp {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
    }

    fn breach(aware: Timestamp, rules: &[&str]) -> Incident {
        let mut inc = Incident::declare(aware, "Ana");
        inc.apply(Edit::SetIncidentType("personal-data-breach".into()), aware, "Ana")
            .unwrap();
        for rule in rules {
            inc.apply(Edit::SetNotificationRule((*rule).into(), true), aware, "Ana")
                .unwrap();
        }
        inc
    }

    #[test]
    fn the_shipped_types_and_rules_parse() {
        let ids: Vec<&str> = incident_types().iter().map(|t| t.id.as_str()).collect();
        assert_eq!(
            ids,
            ["service-disruption", "security-incident", "personal-data-breach"]
        );
        assert_eq!(incident_types()[0].id, DEFAULT_TYPE_ID);
        for t in incident_types() {
            for rule in &t.suggested_rules {
                assert!(
                    notification_rule(rule).is_some(),
                    "{} suggests unknown {rule}",
                    t.id
                );
            }
        }
        let rules: Vec<&str> = notification_rules().iter().map(|r| r.id.as_str()).collect();
        assert_eq!(rules, ["gdpr-art33", "nis2-art23"]);
        for rule in notification_rules() {
            for d in &rule.deadlines {
                if let DeadlineBasis::Sent(id) = &d.from {
                    assert!(
                        rule.deadlines.iter().any(|o| &o.id == id),
                        "{}/{} follows unknown {id}",
                        rule.id,
                        d.id
                    );
                }
            }
        }
    }

    #[test]
    fn gdpr_gives_72_hours_from_awareness_across_a_month_end() {
        // Aware on 30 November at 22:15: due 3 December at 22:15.
        let aware = at(2026, 11, 30, 22, 15);
        let inc = breach(aware, &["gdpr-art33"]);
        let clocks = inc.notification_clocks(aware + TimeDelta::hours(1));
        assert_eq!(clocks.len(), 1);
        assert_eq!(clocks[0].key, "gdpr-art33/authority");
        assert_eq!(clocks[0].due_at, Some(at(2026, 12, 3, 22, 15)));
        assert_eq!(clocks[0].state, DueState::Later);
        assert_eq!(clocks[0].left, TimeDelta::hours(71));
        // Twelve hours before: SOON; a minute past: OVERDUE.
        let soon = inc.notification_clocks(at(2026, 12, 3, 10, 15));
        assert_eq!(soon[0].state, DueState::Soon);
        let late = inc.notification_clocks(at(2026, 12, 3, 22, 16));
        assert_eq!(late[0].state, DueState::Overdue);
        assert_eq!(late[0].left, -TimeDelta::minutes(1));
    }

    #[test]
    fn the_awareness_time_is_the_detection_time_until_it_is_set() {
        let detected = at(2026, 12, 31, 23, 30);
        let mut inc = breach(detected, &["gdpr-art33"]);
        assert_eq!(
            inc.notification_clocks(detected)[0].due_at,
            Some(at(2027, 1, 3, 23, 30)),
            "across a year end"
        );
        let aware = at(2027, 1, 1, 8, 0);
        inc.apply(Edit::SetTime(TimeField::Aware, Some(aware)), aware, "Ana")
            .unwrap();
        assert_eq!(
            inc.notification_clocks(aware)[0].due_at,
            Some(at(2027, 1, 4, 8, 0))
        );
    }

    #[test]
    fn nis2_runs_three_clocks_and_the_final_report_counts_from_the_notification() {
        let aware = at(2026, 1, 28, 9, 0);
        let mut inc = breach(aware, &["nis2-art23"]);
        let clocks = inc.notification_clocks(aware);
        let keys: Vec<&str> = clocks.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "nis2-art23/early-warning",
                "nis2-art23/notification",
                "nis2-art23/final-report"
            ]
        );
        assert_eq!(clocks[0].due_at, Some(at(2026, 1, 29, 9, 0)));
        assert_eq!(clocks[1].due_at, Some(at(2026, 1, 31, 9, 0)));
        assert_eq!(clocks[2].due_at, None, "no notification sent yet");
        assert_eq!(
            inc.next_notification(aware).map(|c| c.key),
            Some("nis2-art23/early-warning".to_owned())
        );
        // 20 hours in: the early warning is SOON (4 hours left).
        assert_eq!(
            inc.notification_clocks(aware + TimeDelta::hours(20))[0].state,
            DueState::Soon
        );

        let warned = aware + TimeDelta::hours(23);
        inc.apply(
            Edit::MarkNotified {
                deadline: "nis2-art23/early-warning".into(),
                to: "CSIRT Italia".into(),
                reference: "EW-1".into(),
            },
            warned,
            "Lea",
        )
        .unwrap();
        // Sent: never overdue again, and the next one is the notification.
        let later = inc.notification_clocks(aware + TimeDelta::hours(30));
        assert_eq!(later[0].state, DueState::Later);
        assert_eq!(
            later[0].sent.as_ref().map(|n| n.to.as_str()),
            Some("CSIRT Italia")
        );
        assert_eq!(later[1].state, DueState::Later);
        // The notification on 31 January: the final report is due on the
        // last day of February (a month after the 31st).
        let notified = at(2026, 1, 31, 8, 0);
        inc.apply(
            Edit::MarkNotified {
                deadline: "nis2-art23/notification".into(),
                to: "CSIRT Italia".into(),
                reference: String::new(),
            },
            notified,
            "Lea",
        )
        .unwrap();
        let clocks = inc.notification_clocks(notified);
        assert_eq!(clocks[2].due_at, Some(at(2026, 2, 28, 8, 0)));
        assert_eq!(clocks[2].state, DueState::Later);
        assert_eq!(
            inc.notification_clocks(at(2026, 2, 26, 8, 0))[2].state,
            DueState::Soon,
            "72 hours before"
        );
        assert_eq!(
            inc.notification_clocks(at(2026, 2, 28, 8, 1))[2].state,
            DueState::Overdue
        );
        // The record says when and to whom, on the timeline too.
        let entry = inc
            .timeline
            .iter()
            .rev()
            .find(|e| e.text.contains("notification"))
            .unwrap();
        assert!(
            entry
                .text
                .contains("NIS2 article 23 incident notification sent to CSIRT Italia"),
            "{}",
            entry.text
        );
        assert_eq!(entry.at, notified);
        assert_eq!(entry.author, "Lea");
    }

    #[test]
    fn the_handover_brief_says_where_the_lifecycle_stands_and_the_next_deadline() {
        let aware = at(2026, 3, 1, 10, 0);
        let mut inc = breach(aware, &["gdpr-art33"]);
        let now = aware + TimeDelta::hours(2);
        inc.apply(
            Edit::SetTime(TimeField::Security(Milestone::Contained), Some(now)),
            now,
            "Dana",
        )
        .unwrap();
        inc.apply(
            Edit::AssignRole {
                role: crate::model::Role::Legal,
                person: "Elena".into(),
            },
            now,
            "Ana",
        )
        .unwrap();
        let brief = inc.handover_brief(now);
        for part in [
            "Type: Personal-data breach. Security lifecycle: Contained 2026-03-01 12:00:00 UTC.",
            "Next notification deadline: GDPR notify the supervisory authority due 2026-03-04 10:00:00 UTC (to Supervisory authority).",
            "Legal: Elena",
        ] {
            assert!(brief.contains(part), "lacks {part:?}:\n{brief}");
        }
        let late = inc.handover_brief(aware + TimeDelta::hours(80));
        assert!(
            late.contains("GDPR notify the supervisory authority OVERDUE since 2026-03-04 10:00:00 UTC"),
            "{late}"
        );
        // A service disruption's brief has none of it.
        let plain = Incident::declare(aware, "Ana").handover_brief(now);
        assert!(!plain.contains("Security lifecycle") && !plain.contains("notification deadline"));
    }

    #[test]
    fn long_countdowns_read_in_days() {
        assert_eq!(
            format_left(TimeDelta::hours(742) + TimeDelta::minutes(30)),
            "30 d 22 h"
        );
        assert_eq!(format_left(-TimeDelta::hours(50)), "2 d 02 h");
        assert_eq!(
            format_left(TimeDelta::hours(47)),
            crate::model::format_countdown(TimeDelta::hours(47))
        );
    }

    #[test]
    fn a_leap_year_month_ends_on_the_29th() {
        let from = at(2028, 1, 31, 12, 0);
        assert_eq!(Period::Months(1).after(from), Some(at(2028, 2, 29, 12, 0)));
        assert_eq!(
            Period::Hours(24).after(at(2028, 2, 28, 12, 0)),
            Some(at(2028, 2, 29, 12, 0))
        );
        assert_eq!(
            Period::Months(1).after(at(2026, 12, 15, 0, 0)),
            Some(at(2027, 1, 15, 0, 0))
        );
    }

    #[test]
    fn marking_a_notice_twice_or_one_that_does_not_apply_is_refused() {
        let aware = at(2026, 3, 1, 0, 0);
        let mut inc = breach(aware, &["gdpr-art33"]);
        let mark = |key: &str| Edit::MarkNotified {
            deadline: key.into(),
            to: "Garante".into(),
            reference: String::new(),
        };
        assert!(inc.apply(mark("nis2-art23/early-warning"), aware, "Ana").is_err());
        assert!(inc.apply(mark("gdpr-art33/nothing"), aware, "Ana").is_err());
        inc.apply(mark("gdpr-art33/authority"), aware, "Ana").unwrap();
        assert!(inc.apply(mark("gdpr-art33/authority"), aware, "Ana").is_err());
        let empty_to = Edit::MarkNotified {
            deadline: "gdpr-art33/authority".into(),
            to: " ".into(),
            reference: String::new(),
        };
        assert!(inc.apply(empty_to, aware, "Ana").is_err());
        assert_eq!(inc.security.notifications.len(), 1);
    }

    #[test]
    fn ticking_security_factors_proposes_a_type() {
        let now = at(2026, 3, 1, 0, 0);
        let mut inc = Incident::declare(now, "Ana");
        assert_eq!(inc.incident_type, DEFAULT_TYPE_ID);
        assert!(!inc.is_security());
        assert_eq!(inc.proposed_type(), None);
        inc.assessment.factors.security_breach = true;
        assert_eq!(
            inc.proposed_type().map(|t| t.id.as_str()),
            Some("security-incident")
        );
        inc.assessment.factors.confidentiality = true;
        assert_eq!(
            inc.proposed_type().map(|t| t.id.as_str()),
            Some("personal-data-breach")
        );
        inc.apply(Edit::SetIncidentType("personal-data-breach".into()), now, "Ana")
            .unwrap();
        assert!(inc.is_security());
        assert_eq!(inc.proposed_type(), None);
        assert_eq!(
            inc.suggested_rules()
                .iter()
                .map(|r| r.id.as_str())
                .collect::<Vec<_>>(),
            ["gdpr-art33", "nis2-art23"]
        );
        let entry = inc.timeline.iter().last().unwrap();
        assert_eq!(
            entry.text,
            "Incident type changed from “Service disruption” to “Personal-data breach”"
        );
        assert!(
            inc.apply(Edit::SetIncidentType("no-such-type".into()), now, "Ana")
                .is_err(),
            "only known types are set"
        );
    }

    #[test]
    fn milestones_log_who_and_flag_their_order() {
        let t0 = at(2026, 3, 1, 10, 0);
        let mut inc = breach(t0, &[]);
        let set = |inc: &mut Incident, m: Milestone, minute: i64| {
            let when = t0 + TimeDelta::minutes(minute);
            inc.apply(Edit::SetTime(TimeField::Security(m), Some(when)), when, "Dana")
                .unwrap();
        };
        set(&mut inc, Milestone::Contained, 30);
        assert_eq!(inc.security.contained_by, "Dana");
        assert_eq!(
            inc.milestone_problems(),
            ["Contained is recorded but containment started is not"]
        );
        let entry = inc.timeline.iter().last().unwrap();
        assert_eq!(entry.text, "Threat contained: it can do no more harm (by Dana)");
        set(&mut inc, Milestone::ContainmentStarted, 40);
        assert_eq!(inc.milestone_problems().len(), 1);
        assert!(inc.milestone_problems()[0].starts_with("Contained (2026-03-01 10:30"));
        set(&mut inc, Milestone::ContainmentStarted, 10);
        assert!(inc.milestone_problems().is_empty());
        set(&mut inc, Milestone::Eradicated, 90);
        assert_eq!(inc.time_to_contain(), Some(TimeDelta::minutes(30)));
        assert_eq!(inc.time_to_eradicate(), Some(TimeDelta::minutes(90)));
        assert_eq!(
            inc.latest_milestone(),
            Some((Milestone::Eradicated, t0 + TimeDelta::minutes(90)))
        );
        // Beside the field, too.
        let early = t0 + TimeDelta::minutes(5);
        assert!(
            TimeField::Security(Milestone::Contained)
                .problem(&inc, early, t0 + TimeDelta::hours(3))
                .is_some_and(|p| p.contains("containment started"))
        );
        // Taking a milestone back clears who.
        inc.apply(
            Edit::SetTime(TimeField::Security(Milestone::Eradicated), None),
            t0,
            "Dana",
        )
        .unwrap();
        assert!(inc.security.eradicated_by.is_empty());
    }

    fn evidence(what: &str) -> Evidence {
        Evidence {
            path: "/cases/inc-7/web-3.mem".into(),
            size: 1024,
            sha256: "ab".repeat(32),
            what: what.into(),
            collected_by: "Fede".into(),
            collected_at: at(2026, 3, 1, 11, 0),
            handed_to: "Forensics".into(),
            follows: None,
        }
    }

    #[test]
    fn evidence_items_never_change_and_a_correction_follows_the_first() {
        let t0 = at(2026, 3, 1, 10, 0);
        let mut inc = breach(t0, &[]);
        let now = t0 + TimeDelta::hours(2);
        let first = inc
            .apply(
                Edit::AddEvidence {
                    evidence: evidence("memory image of web-3"),
                    restricted: true,
                },
                now,
                "Fede",
            )
            .unwrap()
            .added[0];
        let entry = inc.timeline.get(first).unwrap();
        assert_eq!(entry.at, at(2026, 3, 1, 11, 0), "at the collection time");
        assert!(entry.restricted);
        assert!(entry.text.contains("SHA-256 abab"));
        assert!(
            inc.apply(
                Edit::ReviseEntry {
                    id: first,
                    text: Some("x".into()),
                    at: None
                },
                now,
                "Fede"
            )
            .is_err()
        );
        assert!(
            inc.apply(
                Edit::RetractEntry {
                    id: first,
                    reason: "oops".into()
                },
                now,
                "Fede"
            )
            .is_err()
        );
        let mut fixed = evidence("memory image of web-4");
        fixed.follows = Some(first);
        let second = inc
            .apply(
                Edit::AddEvidence {
                    evidence: fixed.clone(),
                    restricted: false,
                },
                now,
                "Fede",
            )
            .unwrap()
            .added[0];
        assert_eq!(inc.evidence().count(), 2);
        assert!(
            inc.timeline
                .get(second)
                .unwrap()
                .text
                .contains("follows evidence #")
        );
        // Bad items are refused whole.
        for bad in [
            Evidence {
                sha256: "AB".repeat(32),
                ..evidence("x")
            },
            Evidence {
                sha256: "ab".into(),
                ..evidence("x")
            },
            Evidence {
                what: " ".into(),
                ..evidence("x")
            },
            Evidence {
                collected_by: String::new(),
                ..evidence("x")
            },
            Evidence {
                path: String::new(),
                ..evidence("x")
            },
            Evidence {
                follows: Some(EntryId(uuid::Uuid::from_u128(9_999))),
                ..evidence("x")
            },
            Evidence {
                follows: Some(EntryId(uuid::Uuid::from_u128(1))),
                ..evidence("x")
            },
        ] {
            let before = inc.clone();
            assert!(
                inc.apply(
                    Edit::AddEvidence {
                        evidence: bad.clone(),
                        restricted: false
                    },
                    now,
                    "Fede"
                )
                .is_err(),
                "{bad:?}"
            );
            assert_eq!(inc, before);
        }
    }

    #[test]
    fn the_file_name_hides_the_folders() {
        assert_eq!(evidence("x").file_name(), "web-3.mem");
        let windows = Evidence {
            path: r"C:\cases\fw.log".into(),
            ..evidence("x")
        };
        assert_eq!(windows.file_name(), "fw.log");
        assert!(!windows.summary(false).contains("fw.log"));
        assert!(windows.summary(false).contains("path withheld"));
        assert!(windows.summary(true).contains(r"C:\cases\fw.log"));
    }
}
