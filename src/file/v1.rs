//! Format version 1, as it was written (before ids were global), and its
//! migration to the current model. Version 1 files load forever: these
//! types are frozen; only the migration may learn new things.
//!
//! What changed in version 2: timeline entries are named by UUIDs instead
//! of numbers counted per file (`next_id` is gone), list rows (links,
//! affected services, messages, responders, roles, tasks, follow-ups,
//! whys) have ids, and the incident has a `uid`. The ids a version 1 file
//! gets are derived from the file itself ([`crate::model::uid::migrated`]),
//! so two copies of one file migrate to the same ids and can be merged.

use serde::Deserialize;

use crate::model::incident::*;
use crate::model::security::{Evidence, Security};
use crate::model::timeline::{CanReport, EntryId, EntryKind, FieldChange, Retraction, Revision};
use crate::model::uid::{migrated, migrated_uid, seed_of};
use crate::model::{Phase, Timeline, TimelineEntry};

#[derive(Deserialize)]
#[serde(rename = "IncidentFile", deny_unknown_fields)]
pub(super) struct FileV1 {
    pub format_version: u32,
    pub incident: IncidentV1,
}

#[derive(Deserialize)]
#[serde(rename = "Incident", deny_unknown_fields)]
pub(super) struct IncidentV1 {
    id: String,
    #[serde(default)]
    ticket_url: String,
    #[serde(default = "default_type")]
    incident_type: String,
    title: String,
    summary: String,
    status: Status,
    phase: Phase,
    detection: DetectionV1,
    channels: ChannelsV1,
    assessment: Assessment,
    communications: CommunicationsV1,
    escalation: EscalationV1,
    delegation: DelegationV1,
    resolution: ResolutionV1,
    postmortem: PostmortemV1,
    #[serde(default)]
    security: Security,
    timeline: TimelineV1,
}

fn default_type() -> String {
    crate::model::security::DEFAULT_TYPE_ID.to_owned()
}

#[derive(Deserialize)]
#[serde(rename = "Detection", deny_unknown_fields)]
struct DetectionV1 {
    source: Option<DetectionSource>,
    fault_started_at: Option<Timestamp>,
    detected_at: Option<Timestamp>,
    declared_at: Option<Timestamp>,
    declared_by: String,
    affected_services: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename = "Channels", deny_unknown_fields)]
struct ChannelsV1 {
    chat_room: String,
    chat_link: String,
    video_bridge: String,
    room_topic: String,
    im_chat_status: String,
    links: Vec<LinkV1>,
}

#[derive(Deserialize)]
#[serde(rename = "Link", deny_unknown_fields)]
struct LinkV1 {
    label: String,
    url: String,
}

#[derive(Deserialize)]
#[serde(rename = "Communications", deny_unknown_fields)]
struct CommunicationsV1 {
    messages: Vec<MessageV1>,
    external_cadence_minutes: Option<u32>,
    internal_cadence_minutes: Option<u32>,
}

#[derive(Deserialize)]
#[serde(rename = "Message", deny_unknown_fields)]
struct MessageV1 {
    audience: Audience,
    stage: Stage,
    channel: MessageChannel,
    #[serde(default)]
    language: Option<Lang>,
    text: String,
    drafted_at: Timestamp,
    sent_at: Option<Timestamp>,
    sent_by: String,
}

#[derive(Deserialize)]
#[serde(rename = "Escalation", deny_unknown_fields)]
struct EscalationV1 {
    responders: Vec<ResponderV1>,
    #[serde(default)]
    ack_warning_minutes: Option<u32>,
}

#[derive(Deserialize)]
#[serde(rename = "Responder", deny_unknown_fields)]
struct ResponderV1 {
    name: String,
    team: String,
    role: String,
    contact: String,
    paged_at: Option<Timestamp>,
    acknowledged_at: Option<Timestamp>,
    joined_at: Option<Timestamp>,
}

#[derive(Deserialize)]
#[serde(rename = "Delegation", deny_unknown_fields)]
struct DelegationV1 {
    roles: Vec<RoleAssignmentV1>,
    tasks: Vec<TaskV1>,
}

#[derive(Deserialize)]
#[serde(rename = "RoleAssignment", deny_unknown_fields)]
struct RoleAssignmentV1 {
    role: Role,
    person: String,
    since: Timestamp,
    until: Option<Timestamp>,
}

#[derive(Deserialize)]
#[serde(rename = "Task", deny_unknown_fields)]
struct TaskV1 {
    owner: String,
    text: String,
    created_at: Timestamp,
    due_at: Option<Timestamp>,
    state: TaskState,
}

#[derive(Deserialize)]
#[serde(rename = "Resolution", deny_unknown_fields)]
struct ResolutionV1 {
    mitigated_at: Option<Timestamp>,
    resolved_at: Option<Timestamp>,
    closed_at: Option<Timestamp>,
    summary: String,
    follow_ups: Vec<FollowUpV1>,
}

#[derive(Deserialize)]
#[serde(rename = "FollowUp", deny_unknown_fields)]
struct FollowUpV1 {
    owner: String,
    text: String,
    due: Option<chrono::NaiveDate>,
    done: bool,
}

#[derive(Deserialize)]
#[serde(rename = "Postmortem", deny_unknown_fields)]
struct PostmortemV1 {
    summary: String,
    leadup: String,
    fault: String,
    impact: String,
    detection: String,
    response: String,
    recovery: String,
    five_whys: Vec<String>,
    root_cause: String,
    backlog_check: String,
    recurrence: String,
    lessons_learned: String,
    #[serde(default)]
    attack_vector: String,
    #[serde(default)]
    indicators_of_compromise: String,
    #[serde(default)]
    data_affected: String,
}

#[derive(Deserialize)]
#[serde(rename = "Timeline", deny_unknown_fields)]
struct TimelineV1 {
    next_id: u64,
    entries: Vec<EntryV1>,
}

#[derive(Deserialize)]
#[serde(rename = "EntryId")]
struct EntryIdV1(u64);

#[derive(Deserialize)]
#[serde(rename = "TimelineEntry", deny_unknown_fields)]
struct EntryV1 {
    id: EntryIdV1,
    at: Timestamp,
    recorded_at: Timestamp,
    author: String,
    kind: EntryKind,
    text: String,
    revisions: Vec<Revision>,
    retracted: Option<Retraction>,
    #[serde(default)]
    can: Option<CanReport>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    change: Option<FieldChange>,
    #[serde(default)]
    restricted: bool,
    #[serde(default)]
    evidence: Option<EvidenceV1>,
}

#[derive(Deserialize)]
#[serde(rename = "Evidence", deny_unknown_fields)]
struct EvidenceV1 {
    path: String,
    size: u64,
    sha256: String,
    what: String,
    collected_by: String,
    collected_at: Timestamp,
    #[serde(default)]
    handed_to: String,
    #[serde(default)]
    follows: Option<EntryIdV1>,
}

/// Which list an id is made for, so ids of different lists never meet.
#[derive(Clone, Copy)]
#[repr(u8)]
enum List {
    Entries,
    Links,
    Services,
    Messages,
    Responders,
    Roles,
    Tasks,
    FollowUps,
    Whys,
}

impl IncidentV1 {
    /// The version 1 timeline's own problems (its numbering), which the
    /// migration would otherwise hide.
    pub(super) fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let tl = &self.timeline;
        // Format 1 kept ids below 2^53 and `next_id` above them all.
        const MAX_NEXT_ID: u64 = 1 << 53;
        if tl.next_id > MAX_NEXT_ID {
            problems.push(format!(
                "timeline next_id {} is above the largest allowed id {MAX_NEXT_ID}",
                tl.next_id
            ));
        }
        if let Some(max) = tl.entries.iter().map(|e| e.id.0).max()
            && max >= tl.next_id
        {
            problems.push(format!(
                "timeline next_id {} is not above the largest entry id {max}",
                tl.next_id
            ));
        }
        problems
    }

    /// The same incident in the current model, with ids derived from the
    /// file: from its first entry (the declaration, which never changes)
    /// or, without entries, from its id and title.
    pub(super) fn migrate(self) -> Incident {
        let seed = match self.timeline.entries.iter().min_by_key(|e| e.id.0) {
            Some(first) => seed_of(&format!(
                "v1|{}|{}|{:?}",
                first.id.0,
                first.recorded_at.to_rfc3339(),
                first.kind
            )),
            None => seed_of(&format!("v1|{}|{}", self.id, self.title)),
        };
        let id = |list: List, n: usize| ItemId(migrated(seed, list as u8, n as u64));
        let entry_id = |n: u64| EntryId(migrated(seed, List::Entries as u8, n));
        let text_items = |list: List, texts: Vec<String>| -> Vec<TextItem> {
            texts
                .into_iter()
                .enumerate()
                .map(|(n, text)| TextItem {
                    id: id(list, n),
                    text,
                })
                .collect()
        };
        let d = self.detection;
        let c = self.channels;
        let m = self.communications;
        let e = self.escalation;
        let r = self.resolution;
        let p = self.postmortem;
        let entries: Vec<TimelineEntry> = self
            .timeline
            .entries
            .into_iter()
            .map(|v| TimelineEntry {
                id: entry_id(v.id.0),
                at: v.at,
                recorded_at: v.recorded_at,
                author: v.author,
                kind: v.kind,
                text: v.text,
                revisions: v.revisions,
                retracted: v.retracted,
                can: v.can,
                source: v
                    .source
                    .map(|s| crate::model::timeline_import::migrate_import_source(&s, entry_id).unwrap_or(s)),
                change: v.change,
                restricted: v.restricted,
                evidence: v.evidence.map(|x| Evidence {
                    path: x.path,
                    size: x.size,
                    sha256: x.sha256,
                    what: x.what,
                    collected_by: x.collected_by,
                    collected_at: x.collected_at,
                    handed_to: x.handed_to,
                    follows: x.follows.map(|f| entry_id(f.0)),
                }),
            })
            .collect();
        // Version 1 ordered equal times by number; the migrated ids keep
        // that order, so a sorted file stays sorted (and a file that was
        // not is still refused by the loader's checks).
        Incident {
            id: self.id,
            uid: migrated_uid(seed),
            ticket_url: self.ticket_url,
            incident_type: self.incident_type,
            title: self.title,
            summary: self.summary,
            status: self.status,
            phase: self.phase,
            detection: Detection {
                source: d.source,
                fault_started_at: d.fault_started_at,
                detected_at: d.detected_at,
                declared_at: d.declared_at,
                declared_by: d.declared_by,
                affected_services: text_items(List::Services, d.affected_services),
            },
            channels: Channels {
                chat_room: c.chat_room,
                chat_link: c.chat_link,
                video_bridge: c.video_bridge,
                room_topic: c.room_topic,
                im_chat_status: c.im_chat_status,
                links: c
                    .links
                    .into_iter()
                    .enumerate()
                    .map(|(n, l)| Link {
                        id: id(List::Links, n),
                        label: l.label,
                        url: l.url,
                    })
                    .collect(),
            },
            assessment: self.assessment,
            communications: Communications {
                messages: m
                    .messages
                    .into_iter()
                    .enumerate()
                    .map(|(n, x)| Message {
                        id: id(List::Messages, n),
                        audience: x.audience,
                        stage: x.stage,
                        channel: x.channel,
                        language: x.language,
                        text: x.text,
                        drafted_at: x.drafted_at,
                        sent_at: x.sent_at,
                        sent_by: x.sent_by,
                    })
                    .collect(),
                external_cadence_minutes: m.external_cadence_minutes,
                internal_cadence_minutes: m.internal_cadence_minutes,
            },
            escalation: Escalation {
                responders: e
                    .responders
                    .into_iter()
                    .enumerate()
                    .map(|(n, x)| Responder {
                        id: id(List::Responders, n),
                        name: x.name,
                        team: x.team,
                        role: x.role,
                        contact: x.contact,
                        paged_at: x.paged_at,
                        acknowledged_at: x.acknowledged_at,
                        joined_at: x.joined_at,
                    })
                    .collect(),
                ack_warning_minutes: e.ack_warning_minutes,
            },
            delegation: Delegation {
                roles: self
                    .delegation
                    .roles
                    .into_iter()
                    .enumerate()
                    .map(|(n, x)| RoleAssignment {
                        id: id(List::Roles, n),
                        role: x.role,
                        person: x.person,
                        since: x.since,
                        until: x.until,
                    })
                    .collect(),
                tasks: self
                    .delegation
                    .tasks
                    .into_iter()
                    .enumerate()
                    .map(|(n, x)| Task {
                        id: id(List::Tasks, n),
                        owner: x.owner,
                        text: x.text,
                        created_at: x.created_at,
                        due_at: x.due_at,
                        state: x.state,
                    })
                    .collect(),
            },
            resolution: Resolution {
                mitigated_at: r.mitigated_at,
                resolved_at: r.resolved_at,
                closed_at: r.closed_at,
                summary: r.summary,
                follow_ups: r
                    .follow_ups
                    .into_iter()
                    .enumerate()
                    .map(|(n, x)| FollowUp {
                        id: id(List::FollowUps, n),
                        owner: x.owner,
                        text: x.text,
                        due: x.due,
                        done: x.done,
                    })
                    .collect(),
            },
            postmortem: Postmortem {
                summary: p.summary,
                leadup: p.leadup,
                fault: p.fault,
                impact: p.impact,
                detection: p.detection,
                response: p.response,
                recovery: p.recovery,
                five_whys: text_items(List::Whys, p.five_whys),
                root_cause: p.root_cause,
                backlog_check: p.backlog_check,
                recurrence: p.recurrence,
                lessons_learned: p.lessons_learned,
                attack_vector: p.attack_vector,
                indicators_of_compromise: p.indicators_of_compromise,
                data_affected: p.data_affected,
            },
            security: self.security,
            timeline: Timeline::from_entries(entries),
        }
    }
}
