//! The numbers a reviewer wants from a finished (or running) incident: the
//! handbook's "Metrics a reviewer wants". Pure functions over the record; a
//! metric whose timestamps are missing or out of order is reported as
//! unknown with the reason, never as a wrong number.

use chrono::TimeDelta;

use crate::model::cadence::FIRST_CUSTOMER_UPDATE_MINUTES;
use crate::model::time::saturating_minutes;
use crate::model::{Audience, EntryKind, Incident, SeverityLevel, Stage, Timestamp, UpdateKind};

/// Names of the timestamps the metrics are measured between.
pub const FAULT_STARTED: &str = "fault started at";
pub const IMPACT_STARTED: &str = "impact started at";
pub const DETECTED: &str = "detected at";
pub const DECLARED: &str = "declared at";
pub const FIRST_ACKNOWLEDGED: &str = "first responder acknowledged at";
pub const FIRST_CUSTOMER_UPDATE: &str = "first customer update sent at";
pub const CUSTOMER_UPDATE: &str = "customer update sent at";
pub const MITIGATED: &str = "mitigated at";
pub const RESOLVED: &str = "resolved at";
pub const CLOSED: &str = "closed at";
pub const AWARE: &str = "became aware at";
pub const CONTAINED: &str = "contained at";
pub const ERADICATED: &str = "eradicated at";

/// A duration between two named moments of the incident.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// `Time to detect`, `Total duration`, ...
    pub label: &'static str,
    /// The moment measured from, with its name (`None` when not recorded).
    pub from: Option<(&'static str, Timestamp)>,
    /// The moment measured to, with its name (`None` when not recorded).
    pub to: Option<(&'static str, Timestamp)>,
    /// The duration, or `unknown: <reason>` naming what is missing or wrong.
    pub value: Result<TimeDelta, String>,
}

impl Span {
    /// A stable machine name: `time_to_detect`.
    pub fn key(&self) -> String {
        self.label.to_lowercase().replace(' ', "_")
    }

    /// The value for people: `1 h 05 min 12 s` or `unknown: <reason>`.
    pub fn display_value(&self) -> String {
        match &self.value {
            Ok(d) => format_duration(*d),
            Err(reason) => reason.clone(),
        }
    }
}

/// A stretch without customer updates, with the moments at either end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gap {
    pub from: (&'static str, Timestamp),
    pub to: (&'static str, Timestamp),
    pub length: TimeDelta,
}

/// How the customers were kept informed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerUpdates {
    /// Customer (external) messages sent, all of them.
    pub sent: usize,
    /// Minutes promised between updates (`Incident::cadence_minutes`).
    pub promised_cadence_minutes: u32,
    /// The longest time customers waited for news while the incident was
    /// open: from declaration to the first update, between updates, and
    /// (when no resolved message went out) from the last update to the
    /// resolution. Updates after the first resolved message do not count.
    pub largest_gap: Option<Gap>,
    /// Whether the largest gap stayed within the promised cadence; `None`
    /// when no customer update was sent (nothing to measure).
    pub cadence_kept: Option<bool>,
    /// Minutes within which the first update is promised after declaring.
    pub first_update_promised_minutes: i64,
    /// Whether the first update went out within that promise; `None` when
    /// the time to first customer update is unknown.
    pub first_update_kept: Option<bool>,
}

/// One severity decision as a change from the level before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeverityStep {
    /// The level before, `None` for the first decision.
    pub from: Option<SeverityLevel>,
    pub from_name: Option<String>,
    pub to: SeverityLevel,
    pub to_name: String,
    pub at: Timestamp,
    pub by: String,
    pub reason: String,
}

/// Timeline entries counted.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TimelineCounts {
    pub total: usize,
    pub retracted: usize,
    /// Entries with at least one revision.
    pub edited: usize,
    /// Kinds that occur, in `EntryKind::ALL` order, with their counts.
    pub by_kind: Vec<(EntryKind, usize)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Metrics {
    pub time_to_detect: Span,
    pub time_to_acknowledge: Span,
    pub time_to_first_customer_update: Span,
    pub time_to_mitigate: Span,
    pub time_to_resolve: Span,
    pub total_duration: Span,
    /// Security incidents: awareness (or detection) to contained.
    pub time_to_contain: Span,
    /// Security incidents: awareness (or detection) to eradicated.
    pub time_to_eradicate: Span,
    pub customer_updates: CustomerUpdates,
    /// Every severity decision, oldest first.
    pub severity_history: Vec<SeverityStep>,
    /// The decision that first reached the most severe level (lowest number).
    pub highest_severity: Option<SeverityStep>,
    pub support_cases: Option<u32>,
    pub timeline: TimelineCounts,
}

impl Metrics {
    /// The duration metrics in report order.
    pub fn spans(&self) -> [&Span; 6] {
        [
            &self.time_to_detect,
            &self.time_to_acknowledge,
            &self.time_to_first_customer_update,
            &self.time_to_mitigate,
            &self.time_to_resolve,
            &self.total_duration,
        ]
    }
}

/// All the metrics of `incident`. Deterministic: depends on the record only.
pub fn metrics(incident: &Incident) -> Metrics {
    let d = &incident.detection;
    let r = &incident.resolution;
    let impact = incident.assessment.impact_started_at;
    let first_ack = incident
        .escalation
        .responders
        .iter()
        .filter_map(|p| p.acknowledged_at)
        .min();
    let first_customer_update = customer_sends(incident).first().copied();

    let time_to_detect = span(
        "Time to detect",
        &[(FAULT_STARTED, d.fault_started_at)],
        &[(DETECTED, d.detected_at)],
    );
    let time_to_acknowledge = span(
        "Time to acknowledge",
        &[(DETECTED, d.detected_at)],
        &[(FIRST_ACKNOWLEDGED, first_ack)],
    );
    let time_to_first_customer_update = span(
        "Time to first customer update",
        &[(DECLARED, d.declared_at), (DETECTED, d.detected_at)],
        &[(FIRST_CUSTOMER_UPDATE, first_customer_update)],
    );
    let time_to_mitigate = span(
        "Time to mitigate",
        &[(IMPACT_STARTED, impact), (DETECTED, d.detected_at)],
        &[(MITIGATED, r.mitigated_at)],
    );
    let time_to_resolve = span(
        "Time to resolve",
        &[(IMPACT_STARTED, impact), (DETECTED, d.detected_at)],
        &[(RESOLVED, r.resolved_at)],
    );
    let total_duration = span(
        "Total duration",
        &[
            (IMPACT_STARTED, impact),
            (FAULT_STARTED, d.fault_started_at),
            (DETECTED, d.detected_at),
        ],
        &[(CLOSED, r.closed_at), (RESOLVED, r.resolved_at)],
    );

    let s = &incident.security;
    let time_to_contain = span(
        "Time to contain",
        &[(AWARE, s.aware_at), (DETECTED, d.detected_at)],
        &[(CONTAINED, s.contained_at)],
    );
    let time_to_eradicate = span(
        "Time to eradicate",
        &[(AWARE, s.aware_at), (DETECTED, d.detected_at)],
        &[(ERADICATED, s.eradicated_at)],
    );

    let first_update_promise = saturating_minutes(FIRST_CUSTOMER_UPDATE_MINUTES);
    let first_update_kept = time_to_first_customer_update
        .value
        .as_ref()
        .ok()
        .map(|d| *d <= first_update_promise);
    let customer_updates = customer_updates(incident, first_update_kept);

    let severity_history = severity_steps(incident);
    let highest_severity = severity_history
        .iter()
        .fold(None::<&SeverityStep>, |best, step| match best {
            Some(b) if b.to <= step.to => Some(b),
            _ => Some(step),
        })
        .cloned();

    Metrics {
        time_to_detect,
        time_to_acknowledge,
        time_to_first_customer_update,
        time_to_mitigate,
        time_to_resolve,
        total_duration,
        time_to_contain,
        time_to_eradicate,
        customer_updates,
        severity_history,
        highest_severity,
        support_cases: incident.assessment.support_cases,
        timeline: timeline_counts(incident),
    }
}

/// `1 h 05 min 12 s`, `4 min 30 s`, `45 s`; hours grow past 24.
pub fn format_duration(d: TimeDelta) -> String {
    let sign = if d < TimeDelta::zero() { "-" } else { "" };
    let secs = d.num_seconds().unsigned_abs();
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if h > 0 {
        format!("{sign}{h} h {m:02} min {s:02} s")
    } else if m > 0 {
        format!("{sign}{m} min {s:02} s")
    } else {
        format!("{sign}{s} s")
    }
}

/// The first recorded moment among `candidates`, or why there is none.
fn pick(candidates: &[(&'static str, Option<Timestamp>)]) -> Result<(&'static str, Timestamp), String> {
    if let Some((name, Some(at))) = candidates.iter().find(|(_, at)| at.is_some()) {
        return Ok((name, *at));
    }
    let names: Vec<&str> = candidates.iter().map(|(name, _)| *name).collect();
    Err(match names.as_slice() {
        [] => "no moment is defined".to_owned(),
        [one] => format!("{one} is not recorded"),
        [a, b] => format!("neither {a} nor {b} is recorded"),
        [rest @ .., last] => format!("none of {} or {last} is recorded", rest.join(", ")),
    })
}

fn span(
    label: &'static str,
    from: &[(&'static str, Option<Timestamp>)],
    to: &[(&'static str, Option<Timestamp>)],
) -> Span {
    let from = pick(from);
    let to = pick(to);
    let value = match (&from, &to) {
        (Ok((from_name, from_at)), Ok((to_name, to_at))) => {
            if to_at < from_at {
                Err(format!("unknown: {to_name} is before {from_name}"))
            } else {
                Ok(*to_at - *from_at)
            }
        }
        (Err(a), Err(b)) => Err(format!("unknown: {a}; {b}")),
        (Err(reason), Ok(_)) | (Ok(_), Err(reason)) => Err(format!("unknown: {reason}")),
    };
    Span {
        label,
        from: from.ok(),
        to: to.ok(),
        value,
    }
}

/// Send times of customer messages, earliest first.
fn customer_sends(incident: &Incident) -> Vec<Timestamp> {
    let mut sends: Vec<Timestamp> = incident
        .communications
        .messages
        .iter()
        .filter(|m| m.audience == Audience::Customers)
        .filter_map(|m| m.sent_at)
        .collect();
    sends.sort_unstable();
    sends
}

fn customer_updates(incident: &Incident, first_update_kept: Option<bool>) -> CustomerUpdates {
    let sends = customer_sends(incident);
    let promised = incident.cadence_minutes(UpdateKind::Customer);
    // The cadence applies while the incident is open: up to the first
    // resolved message, or else up to the resolution.
    let resolved_message = incident
        .communications
        .messages
        .iter()
        .filter(|m| m.audience == Audience::Customers && m.stage == Stage::Resolved)
        .filter_map(|m| m.sent_at)
        .min();
    let open: Vec<Timestamp> = sends
        .iter()
        .copied()
        .filter(|at| resolved_message.is_none_or(|end| *at <= end))
        .collect();

    let mut points: Vec<(&'static str, Timestamp)> = Vec::new();
    if let (Some(first), Some(start)) = (
        open.first(),
        pick(&[
            (DECLARED, incident.detection.declared_at),
            (DETECTED, incident.detection.detected_at),
        ])
        .ok(),
    ) && start.1 <= *first
    {
        points.push(start);
    }
    points.extend(open.iter().map(|at| (CUSTOMER_UPDATE, *at)));
    if resolved_message.is_none()
        && let (Some(last), Some(resolved)) = (open.last(), incident.resolution.resolved_at)
        && *last < resolved
    {
        points.push((RESOLVED, resolved));
    }

    let mut largest_gap: Option<Gap> = None;
    for pair in points.windows(2) {
        let length = pair[1].1 - pair[0].1;
        if largest_gap.is_none_or(|g| length > g.length) {
            largest_gap = Some(Gap {
                from: pair[0],
                to: pair[1],
                length,
            });
        }
    }
    let cadence = saturating_minutes(i64::from(promised));
    CustomerUpdates {
        sent: sends.len(),
        promised_cadence_minutes: promised,
        largest_gap,
        cadence_kept: largest_gap.map(|g| g.length <= cadence),
        first_update_promised_minutes: FIRST_CUSTOMER_UPDATE_MINUTES,
        first_update_kept,
    }
}

fn severity_steps(incident: &Incident) -> Vec<SeverityStep> {
    let mut previous: Option<SeverityLevel> = None;
    incident
        .assessment
        .severity_history
        .iter()
        .map(|change| {
            let step = SeverityStep {
                from: previous,
                from_name: previous.map(|l| incident.severity_name(l)),
                to: change.level,
                to_name: incident.severity_name(change.level),
                at: change.set_at,
                by: change.set_by.clone(),
                reason: change.reason.clone(),
            };
            previous = Some(change.level);
            step
        })
        .collect()
}

fn timeline_counts(incident: &Incident) -> TimelineCounts {
    let entries = &incident.timeline.entries;
    TimelineCounts {
        total: entries.len(),
        retracted: entries.iter().filter(|e| e.retracted.is_some()).count(),
        edited: entries.iter().filter(|e| !e.revisions.is_empty()).count(),
        by_kind: EntryKind::ALL
            .into_iter()
            .map(|kind| (kind, entries.iter().filter(|e| e.kind == kind).count()))
            .filter(|(_, n)| *n > 0)
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Message, MessageChannel, Responder, SeverityChange};
    use chrono::{TimeZone, Utc};

    fn t(minute: i64) -> Timestamp {
        Utc.with_ymd_and_hms(2026, 11, 25, 14, 0, 0).unwrap() + TimeDelta::minutes(minute)
    }

    fn customer(stage: Stage, sent: i64) -> Message {
        Message {
            id: crate::model::ItemId::fresh(),
            audience: Audience::Customers,
            stage,
            channel: MessageChannel::StatusPage,
            language: None,
            text: "x".into(),
            drafted_at: t(sent),
            sent_at: Some(t(sent)),
            sent_by: "Ana".into(),
        }
    }

    #[test]
    fn duration_format() {
        assert_eq!(format_duration(TimeDelta::seconds(3912)), "1 h 05 min 12 s");
        assert_eq!(format_duration(TimeDelta::seconds(270)), "4 min 30 s");
        assert_eq!(format_duration(TimeDelta::seconds(305)), "5 min 05 s");
        assert_eq!(format_duration(TimeDelta::seconds(45)), "45 s");
        assert_eq!(format_duration(TimeDelta::zero()), "0 s");
        assert_eq!(format_duration(TimeDelta::hours(26)), "26 h 00 min 00 s");
        assert_eq!(format_duration(TimeDelta::seconds(-90)), "-1 min 30 s");
    }

    #[test]
    fn pick_names_what_is_missing() {
        assert_eq!(
            pick(&[(DETECTED, None)]),
            Err("detected at is not recorded".into())
        );
        assert_eq!(
            pick(&[(IMPACT_STARTED, None), (DETECTED, None)]),
            Err("neither impact started at nor detected at is recorded".into())
        );
        assert_eq!(
            pick(&[(IMPACT_STARTED, None), (FAULT_STARTED, None), (DETECTED, None)]),
            Err("none of impact started at, fault started at or detected at is recorded".into())
        );
        assert_eq!(
            pick(&[(IMPACT_STARTED, None), (DETECTED, Some(t(1)))]),
            Ok((DETECTED, t(1)))
        );
    }

    #[test]
    fn spans_never_go_negative() {
        let s = span(
            "Time to resolve",
            &[(DETECTED, Some(t(10)))],
            &[(RESOLVED, Some(t(5)))],
        );
        assert_eq!(s.value, Err("unknown: resolved at is before detected at".into()));
        assert_eq!(s.from, Some((DETECTED, t(10))));
        assert_eq!(s.to, Some((RESOLVED, t(5))));
        let s = span("Same", &[(DETECTED, Some(t(5)))], &[(RESOLVED, Some(t(5)))]);
        assert_eq!(s.value, Ok(TimeDelta::zero()));
        let s = span("Both", &[(DETECTED, None)], &[(RESOLVED, None)]);
        assert_eq!(
            s.value,
            Err("unknown: detected at is not recorded; resolved at is not recorded".into())
        );
        assert_eq!(s.key(), "both");
    }

    #[test]
    fn acknowledge_uses_the_earliest_acknowledgement() {
        let mut inc = Incident::declare(t(0), "Ana");
        for (name, ack) in [("Bo", Some(t(7))), ("Cy", None), ("Di", Some(t(3)))] {
            inc.escalation.responders.push(Responder {
                name: name.into(),
                paged_at: Some(t(1)),
                acknowledged_at: ack,
                ..Responder::default()
            });
        }
        let m = metrics(&inc);
        assert_eq!(m.time_to_acknowledge.value, Ok(TimeDelta::minutes(3)));
        assert_eq!(m.time_to_acknowledge.to, Some((FIRST_ACKNOWLEDGED, t(3))));
    }

    #[test]
    fn updates_after_the_resolved_message_do_not_count_for_cadence() {
        let mut inc = Incident::declare(t(0), "Ana");
        inc.communications.external_cadence_minutes = Some(30);
        inc.communications.messages = vec![
            customer(Stage::Investigating, 4),
            customer(Stage::Resolved, 30),
            customer(Stage::Update, 300),
        ];
        let u = metrics(&inc).customer_updates;
        assert_eq!(u.sent, 3);
        assert_eq!(u.largest_gap.unwrap().length, TimeDelta::minutes(26));
        assert_eq!(u.cadence_kept, Some(true));
        assert_eq!(u.first_update_kept, Some(true));
    }

    #[test]
    fn silence_until_resolution_counts_when_no_resolved_message_went_out() {
        let mut inc = Incident::declare(t(0), "Ana");
        inc.communications.external_cadence_minutes = Some(30);
        inc.communications.messages = vec![customer(Stage::Investigating, 10)];
        inc.resolution.resolved_at = Some(t(100));
        let u = metrics(&inc).customer_updates;
        let gap = u.largest_gap.unwrap();
        assert_eq!(gap.from, (CUSTOMER_UPDATE, t(10)));
        assert_eq!(gap.to, (RESOLVED, t(100)));
        assert_eq!(u.cadence_kept, Some(false));
        assert_eq!(u.first_update_kept, Some(false), "10 minutes after declaring");
    }

    #[test]
    fn highest_severity_is_the_first_to_reach_the_lowest_number() {
        let mut inc = Incident::declare(t(0), "Ana");
        for (level, at) in [(3, 1), (1, 2), (2, 3), (1, 4)] {
            inc.assessment.severity_history.push(SeverityChange {
                level: SeverityLevel(level),
                set_at: t(at),
                set_by: "Ana".into(),
                reason: format!("r{at}"),
                suggested: None,
                suggestion: String::new(),
                answers: String::new(),
            });
        }
        let m = metrics(&inc);
        let high = m.highest_severity.unwrap();
        assert_eq!(
            (high.to, high.at, high.to_name.as_str()),
            (SeverityLevel(1), t(2), "SEV1")
        );
        assert_eq!(m.severity_history[0].from, None);
        assert_eq!(m.severity_history[1].from_name.as_deref(), Some("SEV3"));
        assert_eq!(m.severity_history.len(), 4);
    }

    #[test]
    fn timeline_counts_by_kind() {
        let mut inc = Incident::declare(t(0), "Ana");
        let id = inc.timeline.add(t(1), t(1), "Ana", EntryKind::Note, "a");
        inc.timeline.add(t(2), t(2), "Ana", EntryKind::Note, "b");
        inc.timeline.retract(id, "wrong", t(3), "Ana").unwrap();
        let c = metrics(&inc).timeline;
        assert_eq!(c.total, 3);
        assert_eq!(c.retracted, 1);
        assert_eq!(c.by_kind, vec![(EntryKind::Note, 2), (EntryKind::System, 1)]);
    }
}
