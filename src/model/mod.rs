//! The incident as plain data with pure methods. No UI here; time comes in as
//! arguments (from a [`clock::Clock`]) so every method is testable.

pub mod cadence;
pub mod clock;
pub mod edit;
pub mod fields;
pub mod ids;
pub mod incident;
pub mod merge;
pub mod phase;
pub mod promise;
pub mod response;
pub mod scale;
pub mod security;
pub mod severity;
pub mod time;
pub mod timeline;
pub mod timeline_import;
pub mod timeline_view;
pub mod uid;

use chrono::{Datelike, TimeDelta};

pub use cadence::{Due, DueBasis, DueState, UpdateKind, format_countdown};
pub use clock::{Clock, ManualClock, SharedClock, SystemClock};
pub use edit::{Applied, Edit, EditError};
pub use fields::{ListKind, TextField, TimeField};
pub use incident::*;
pub use phase::{CheckItem, Phase, PhaseState};
pub use security::{Evidence, Milestone, NotificationClock, Security};
pub use severity::{SeverityChange, SeverityLevel};
pub use time::{format_elapsed, format_time_input, format_utc, parse_date_input, parse_time_input};
pub use timeline::{CanReport, EntryId, EntryKind, Timeline, TimelineEntry, TimelineError};
pub use timeline_import::{ImportBatch, ImportedEntry};
pub use uid::{IdSource, OpClock, OpId};

use timeline::{Retraction, Revision};
pub use timeline_view::{DisplayZone, ExportFormat, FilterIndex, TimelineFilter};

fn nth_id<T: fields::HasId>(list: &[T], i: usize) -> ItemId {
    list.get(i).map(fields::HasId::id).unwrap_or_default()
}

/// The first entry of every incident.
fn declaration_text(declarer: &str) -> String {
    let who = if declarer.is_empty() { "someone" } else { declarer };
    format!("Incident declared by {who}")
}

impl Incident {
    /// A freshly declared incident: detected and declared now, by `author`.
    pub fn declare(now: Timestamp, author: &str) -> Incident {
        Incident::declare_as(uid::next_op_id(now), now, author)
    }

    /// Declared by the edit `op` (its id is the incident's `uid`, and the
    /// declaration entry's id derives from it).
    pub fn declare_as(op: OpId, now: Timestamp, author: &str) -> Incident {
        let mut incident = Incident {
            id: format!("INC-{}-{:04}", now.year(), 1),
            uid: op.0,
            ticket_url: String::new(),
            incident_type: security::DEFAULT_TYPE_ID.to_owned(),
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
            security: Security::default(),
            timeline: Timeline::default(),
        };
        incident.timeline.begin_edit(IdSource::for_op(op));
        incident
            .timeline
            .add(now, now, author, EntryKind::System, declaration_text(author));
        incident.timeline.take_added();
        incident
    }

    /// When the declarer's name changes (typed, or known only after the
    /// console started), the declaration entry says who it was: revised, so
    /// the old wording stays in the record; a nameless entry gets the author.
    pub(crate) fn name_declarer(&mut self, old: &str, new: &str, now: Timestamp, author: &str) {
        let (old_text, new_text) = (declaration_text(old.trim()), declaration_text(new.trim()));
        if old_text == new_text {
            return;
        }
        let Some(entry) = self
            .timeline
            .iter()
            .find(|e| e.kind == EntryKind::System && e.retracted.is_none() && e.text == old_text)
        else {
            return;
        };
        let id = entry.id;
        if entry.author.trim().is_empty()
            && let Some(entry) = self.timeline.get_mut(id)
        {
            entry.author = new.trim().to_owned();
        }
        // Only fails for a retracted or missing entry, excluded above.
        let _ = self.timeline.revise(id, Some(new_text), None, now, author);
    }

    /// The id of the `i`-th row of a list, or the nil id (which no edit
    /// finds) past its end: for commands that name "the latest draft",
    /// imports and tests.
    pub fn message_id(&self, i: usize) -> ItemId {
        nth_id(&self.communications.messages, i)
    }

    pub fn responder_id(&self, i: usize) -> ItemId {
        nth_id(&self.escalation.responders, i)
    }

    pub fn task_id(&self, i: usize) -> ItemId {
        nth_id(&self.delegation.tasks, i)
    }

    pub fn role_id(&self, i: usize) -> ItemId {
        nth_id(&self.delegation.roles, i)
    }

    pub fn follow_up_id(&self, i: usize) -> ItemId {
        nth_id(&self.resolution.follow_ups, i)
    }

    /// The `i`-th row of a list the console adds rows to.
    pub fn row_id(&self, list: ListKind, i: usize) -> ItemId {
        match list {
            ListKind::AffectedServices => nth_id(&self.detection.affected_services, i),
            ListKind::Links => nth_id(&self.channels.links, i),
            ListKind::Responders => nth_id(&self.escalation.responders, i),
            ListKind::FollowUps => nth_id(&self.resolution.follow_ups, i),
            ListKind::FiveWhys => nth_id(&self.postmortem.five_whys, i),
        }
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

    /// Where the record ends: closed, else resolved, else its latest written
    /// entry. A reviewer's derived figures (countdowns, overdue flags) are
    /// taken here, not at today's clock.
    pub fn record_end(&self) -> Option<Timestamp> {
        let r = &self.resolution;
        r.closed_at
            .or(r.resolved_at)
            .or_else(|| self.timeline.iter().map(|e| e.recorded_at.max(e.at)).max())
    }

    /// Time since detection, or `None` before detection is recorded.
    pub fn elapsed_since_detection(&self, now: Timestamp) -> Option<TimeDelta> {
        self.detection.detected_at.map(|at| now - at)
    }

    /// Checks what types cannot express: unique timeline ids, time order,
    /// and that every time, date and duration is one the console can compute
    /// with (years 1900-9999, durations up to ten years).
    pub fn problems(&self) -> Vec<String> {
        let mut problems = self.timeline.problems();
        problems.extend(self.item_id_problems());
        let mut out_of_range = Vec::new();
        self.for_each_time(&mut |place, at| {
            if let Some(problem) = time::range_problem(&place, at) {
                out_of_range.push(problem);
            }
        });
        for (i, follow_up) in self.resolution.follow_ups.iter().enumerate() {
            if let Some(due) = follow_up.due
                && !time::date_in_range(due)
            {
                out_of_range.push(format!(
                    "resolution.follow_ups[{i}].due {due} is outside the years {}-{}",
                    time::EARLIEST_YEAR,
                    time::LATEST_YEAR
                ));
            }
        }
        // A hostile file may hold millions: name the first few, count the rest.
        if out_of_range.len() > MAX_LISTED_PROBLEMS {
            let more = out_of_range.len() - MAX_LISTED_PROBLEMS;
            out_of_range.truncate(MAX_LISTED_PROBLEMS);
            out_of_range.push(format!(
                "and {more} more times or dates outside the years {}-{}",
                time::EARLIEST_YEAR,
                time::LATEST_YEAR
            ));
        }
        problems.extend(out_of_range);
        let minutes = [
            (
                "communications.external_cadence_minutes",
                self.communications.external_cadence_minutes,
            ),
            (
                "communications.internal_cadence_minutes",
                self.communications.internal_cadence_minutes,
            ),
            (
                "escalation.ack_warning_minutes",
                self.escalation.ack_warning_minutes,
            ),
        ];
        problems.extend(
            minutes
                .into_iter()
                .filter_map(|(name, value)| time::minutes_problem(name, value?)),
        );
        problems
    }

    /// Every list row needs its own id: two rows sharing one, or a row
    /// without one, would make edits (and merges) land on the wrong row.
    fn item_id_problems(&self) -> Vec<String> {
        use fields::HasId;
        fn check<T: HasId>(name: &str, list: &[T], problems: &mut Vec<String>) {
            let mut ids: Vec<ItemId> = list.iter().map(HasId::id).collect();
            ids.sort_unstable();
            if ids.first().is_some_and(ItemId::is_nil) {
                problems.push(format!("a row of {name} has no id"));
            }
            if let Some(pair) = ids.windows(2).find(|w| w[0] == w[1]) {
                problems.push(format!("{name} id {} is used twice", pair[0].0));
            }
        }
        let mut problems = Vec::new();
        check(
            "detection.affected_services",
            &self.detection.affected_services,
            &mut problems,
        );
        check("channels.links", &self.channels.links, &mut problems);
        check(
            "communications.messages",
            &self.communications.messages,
            &mut problems,
        );
        check(
            "escalation.responders",
            &self.escalation.responders,
            &mut problems,
        );
        check("delegation.roles", &self.delegation.roles, &mut problems);
        check("delegation.tasks", &self.delegation.tasks, &mut problems);
        check(
            "resolution.follow_ups",
            &self.resolution.follow_ups,
            &mut problems,
        );
        check("postmortem.five_whys", &self.postmortem.five_whys, &mut problems);
        if self.uid.is_nil() {
            problems.push("the incident has no uid".to_owned());
        }
        problems
    }

    /// Calls `f` with every timestamp of the record and where it sits, in
    /// file order. Every struct is taken apart field by field (no `..`), so
    /// a new field does not compile until someone decides whether it holds
    /// a time; `problems` relies on this to check them all.
    pub fn for_each_time(&self, f: &mut dyn FnMut(TimePlace, Timestamp)) {
        fn opt(f: &mut dyn FnMut(TimePlace, Timestamp), place: TimePlace, at: &Option<Timestamp>) {
            if let Some(at) = at {
                f(place, *at);
            }
        }
        let top = |field| TimePlace::new(field);
        let Incident {
            id: _,
            uid: _,
            ticket_url: _,
            incident_type: _,
            title: _,
            summary: _,
            status: _,
            phase: _,
            detection,
            channels,
            assessment,
            communications,
            escalation,
            delegation,
            resolution,
            postmortem,
            security,
            timeline,
        } = self;

        let Detection {
            source: _,
            fault_started_at,
            detected_at,
            declared_at,
            declared_by: _,
            affected_services: _,
        } = detection;
        opt(f, top("detection").field("fault_started_at"), fault_started_at);
        opt(f, top("detection").field("detected_at"), detected_at);
        opt(f, top("detection").field("declared_at"), declared_at);

        let Channels {
            chat_room: _,
            chat_link: _,
            video_bridge: _,
            room_topic: _,
            im_chat_status: _,
            links,
        } = channels;
        for link in links {
            let Link {
                id: _,
                label: _,
                url: _,
            } = link;
        }

        let Assessment {
            scale: _,
            customer_impact: _,
            what_customers_see: _,
            affected_for_customers: _,
            service_state: _,
            workaround: _,
            customers_affected: _,
            affected_count: _,
            impact_started_at,
            support_cases: _,
            factors,
            severity_history,
        } = assessment;
        opt(f, top("assessment").field("impact_started_at"), impact_started_at);
        let Factors {
            security_breach: _,
            data_loss: _,
            confidentiality: _,
            press_attention: _,
            regulatory: _,
            notes: _,
        } = factors;
        for (i, change) in severity_history.iter().enumerate() {
            let SeverityChange {
                level: _,
                set_at,
                set_by: _,
                reason: _,
                suggested: _,
                suggestion: _,
                answers: _,
            } = change;
            f(top("assessment.severity_history").at(i).field("set_at"), *set_at);
        }

        let Communications {
            messages,
            external_cadence_minutes: _,
            internal_cadence_minutes: _,
        } = communications;
        for (i, message) in messages.iter().enumerate() {
            let Message {
                id: _,
                audience: _,
                stage: _,
                channel: _,
                language: _,
                text: _,
                drafted_at,
                sent_at,
                sent_by: _,
            } = message;
            let place = top("communications.messages").at(i);
            f(place.field("drafted_at"), *drafted_at);
            opt(f, place.field("sent_at"), sent_at);
        }

        let Escalation {
            responders,
            ack_warning_minutes: _,
        } = escalation;
        for (i, responder) in responders.iter().enumerate() {
            let Responder {
                id: _,
                name: _,
                team: _,
                role: _,
                contact: _,
                paged_at,
                acknowledged_at,
                joined_at,
            } = responder;
            let place = top("escalation.responders").at(i);
            opt(f, place.field("paged_at"), paged_at);
            opt(f, place.field("acknowledged_at"), acknowledged_at);
            opt(f, place.field("joined_at"), joined_at);
        }

        let Delegation { roles, tasks } = delegation;
        for (i, assignment) in roles.iter().enumerate() {
            let RoleAssignment {
                id: _,
                role: _,
                person: _,
                since,
                until,
            } = assignment;
            let place = top("delegation.roles").at(i);
            f(place.field("since"), *since);
            opt(f, place.field("until"), until);
        }
        for (i, task) in tasks.iter().enumerate() {
            let Task {
                id: _,
                owner: _,
                text: _,
                created_at,
                due_at,
                state: _,
            } = task;
            let place = top("delegation.tasks").at(i);
            f(place.field("created_at"), *created_at);
            opt(f, place.field("due_at"), due_at);
        }

        let Resolution {
            mitigated_at,
            resolved_at,
            closed_at,
            summary: _,
            follow_ups,
        } = resolution;
        opt(f, top("resolution").field("mitigated_at"), mitigated_at);
        opt(f, top("resolution").field("resolved_at"), resolved_at);
        opt(f, top("resolution").field("closed_at"), closed_at);
        for follow_up in follow_ups {
            // `due` is a date, checked in `problems`.
            let FollowUp {
                id: _,
                owner: _,
                text: _,
                due: _,
                done: _,
            } = follow_up;
        }

        let Postmortem {
            summary: _,
            leadup: _,
            fault: _,
            impact: _,
            detection: _,
            response: _,
            recovery: _,
            five_whys: _,
            root_cause: _,
            backlog_check: _,
            recurrence: _,
            lessons_learned: _,
            attack_vector: _,
            indicators_of_compromise: _,
            data_affected: _,
        } = postmortem;

        let Security {
            aware_at,
            containment_started_at,
            containment_started_by: _,
            contained_at,
            contained_by: _,
            eradicated_at,
            eradicated_by: _,
            recovered_at,
            recovered_by: _,
            contact: _,
            rules: _,
            notifications,
        } = security;
        opt(f, top("security").field("aware_at"), aware_at);
        opt(
            f,
            top("security").field("containment_started_at"),
            containment_started_at,
        );
        opt(f, top("security").field("contained_at"), contained_at);
        opt(f, top("security").field("eradicated_at"), eradicated_at);
        opt(f, top("security").field("recovered_at"), recovered_at);
        for (i, notification) in notifications.iter().enumerate() {
            let security::Notification {
                deadline: _,
                sent_at,
                sent_by: _,
                to: _,
                reference: _,
            } = notification;
            f(top("security.notifications").at(i).field("sent_at"), *sent_at);
        }

        let Timeline { entries, .. } = timeline;
        for (i, entry) in entries.iter().map(|e| &**e).enumerate() {
            let TimelineEntry {
                id: _,
                at,
                recorded_at,
                author: _,
                kind: _,
                text: _,
                revisions,
                retracted,
                can,
                source: _,
                change: _,
                restricted: _,
                evidence,
            } = entry;
            let place = top("timeline.entries").at(i);
            if let Some(evidence) = evidence {
                f(place.field("evidence.collected_at"), evidence.collected_at);
            }
            f(place.field("at"), *at);
            f(place.field("recorded_at"), *recorded_at);
            for (r, revision) in revisions.iter().enumerate() {
                let Revision {
                    text: _,
                    at,
                    replaced_at,
                    replaced_by: _,
                } = revision;
                let place = place.within("revisions", Some(r));
                f(place.field("at"), *at);
                f(place.field("replaced_at"), *replaced_at);
            }
            if let Some(retraction) = retracted {
                let Retraction { at, by: _, reason: _ } = retraction;
                f(place.within("retracted", None).field("at"), *at);
            }
            if let Some(report) = can {
                let CanReport {
                    from: _,
                    conditions: _,
                    actions: _,
                    needs: _,
                } = report;
            }
        }
    }
}

/// At most this many out-of-range times are named in a load error.
const MAX_LISTED_PROBLEMS: usize = 10;

/// Where a time sits in the record, shown as a path:
/// `timeline.entries[3].revisions[0].replaced_at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimePlace {
    /// The struct or list it is in: `detection`, `communications.messages`.
    pub container: &'static str,
    /// The item of that list, when it is a list.
    pub index: Option<usize>,
    /// A nested part of that item: `("revisions", Some(0))`, `("retracted", None)`.
    pub nested: Option<(&'static str, Option<usize>)>,
    pub field: &'static str,
}

impl TimePlace {
    fn new(container: &'static str) -> TimePlace {
        TimePlace {
            container,
            index: None,
            nested: None,
            field: "",
        }
    }

    fn at(self, index: usize) -> TimePlace {
        TimePlace {
            index: Some(index),
            ..self
        }
    }

    fn within(self, part: &'static str, index: Option<usize>) -> TimePlace {
        TimePlace {
            nested: Some((part, index)),
            ..self
        }
    }

    fn field(self, field: &'static str) -> TimePlace {
        TimePlace { field, ..self }
    }

    /// The path without list positions: `timeline.entries.revisions.replaced_at`.
    pub fn kind(&self) -> String {
        match self.nested {
            Some((part, _)) => format!("{}.{part}.{}", self.container, self.field),
            None => format!("{}.{}", self.container, self.field),
        }
    }
}

impl std::fmt::Display for TimePlace {
    fn fmt(&self, out: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(out, "{}", self.container)?;
        if let Some(i) = self.index {
            write!(out, "[{i}]")?;
        }
        if let Some((part, index)) = self.nested {
            write!(out, ".{part}")?;
            if let Some(i) = index {
                write!(out, "[{i}]")?;
            }
        }
        write!(out, ".{}", self.field)
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
            id: ItemId::default(),
            role: Role::IncidentManager,
            person: "Ana".into(),
            since: now(),
            until: Some(now() + TimeDelta::minutes(30)),
        });
        assert!(inc.current_holder(&Role::IncidentManager).is_none());
        inc.delegation.roles.push(RoleAssignment {
            id: ItemId::default(),
            role: Role::IncidentManager,
            person: "Bo".into(),
            since: now() + TimeDelta::minutes(30),
            until: None,
        });
        assert_eq!(inc.current_holder(&Role::IncidentManager).unwrap().person, "Bo");
    }
}
