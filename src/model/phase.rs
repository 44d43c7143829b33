//! The seven phases of incident response plus lessons learned, and each
//! phase's checklist. Completion is derived from the record, never stored.

use serde::{Deserialize, Serialize};

use super::incident::{Audience, CustomerImpact, Incident, Reach, Role, TaskState};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
pub enum Phase {
    #[default]
    Detect,
    Channels,
    Assess,
    Communicate,
    Escalate,
    Delegate,
    Resolve,
    Lessons,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhaseState {
    NotStarted,
    InProgress,
    Done,
}

impl PhaseState {
    pub fn label(self) -> &'static str {
        match self {
            PhaseState::NotStarted => "not started",
            PhaseState::InProgress => "in progress",
            PhaseState::Done => "done",
        }
    }
}

/// One line of a phase's checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckItem {
    pub label: &'static str,
    pub done: bool,
}

impl Phase {
    pub const ALL: [Phase; 8] = [
        Phase::Detect,
        Phase::Channels,
        Phase::Assess,
        Phase::Communicate,
        Phase::Escalate,
        Phase::Delegate,
        Phase::Resolve,
        Phase::Lessons,
    ];

    /// 1..=7 for the handbook's phases, 8 for lessons learned.
    pub fn number(self) -> usize {
        self as usize + 1
    }

    pub fn from_number(number: usize) -> Option<Phase> {
        Phase::ALL.get(number.checked_sub(1)?).copied()
    }

    pub fn short_name(self) -> &'static str {
        match self {
            Phase::Detect => "Detect",
            Phase::Channels => "Channels",
            Phase::Assess => "Assess",
            Phase::Communicate => "Communicate",
            Phase::Escalate => "Escalate",
            Phase::Delegate => "Delegate",
            Phase::Resolve => "Resolve",
            Phase::Lessons => "Lessons",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Phase::Detect => "Detect the incident",
            Phase::Channels => "Set up team channels",
            Phase::Assess => "Assess impact and assign severity",
            Phase::Communicate => "Communicate with customers",
            Phase::Escalate => "Escalate to the right responders",
            Phase::Delegate => "Delegate roles and tasks",
            Phase::Resolve => "Resolve the incident",
            Phase::Lessons => "Lessons learned (postmortem)",
        }
    }

    /// One sentence from the handbook on what this phase is for.
    pub fn guidance(self) -> &'static str {
        match self {
            Phase::Detect => {
                "Open the record first thing: how it was found, when the fault started, when it was detected, who declared it."
            }
            Phase::Channels => {
                "Set up the chat room and video bridge, put the incident id, severity, role holders and links in the room topic, and set your chat status to the incident id."
            }
            Phase::Assess => {
                "Ask: impact on customers? What do they see? How many are affected? Since when? How many support cases? Security, data loss, press? When in doubt, pick the higher severity."
            }
            Phase::Communicate => {
                "Early, often, precise, consistent: say the impact, what is known and unknown, and when the next update comes. Never promise a resolution time."
            }
            Phase::Escalate => {
                "Page the right responders early; record who was paged, when, and when they acknowledged."
            }
            Phase::Delegate => {
                "Give every role and task to a named person; tasks get a time box. Responders report in CAN form: Conditions, Actions, Needs."
            }
            Phase::Resolve => {
                "Resolved when the business impact has ended and the service works as usual. Record the time, the summary and the follow-up actions."
            }
            Phase::Lessons => {
                "A blameless postmortem: what happened, why, and what will keep it from happening again."
            }
        }
    }

    pub fn checklist(self, incident: &Incident) -> Vec<CheckItem> {
        let d = &incident.detection;
        let c = &incident.channels;
        let a = &incident.assessment;
        let m = &incident.communications;
        let r = &incident.resolution;
        let p = &incident.postmortem;
        let filled = |s: &str| !s.trim().is_empty();
        let item = |label, done| CheckItem { label, done };
        // A blank row is a place to type, not a follow-up.
        let follow_ups = r.follow_ups.iter().filter(|f| filled(&f.text));
        match self {
            Phase::Detect => vec![
                item("Title says what is broken", filled(&incident.title)),
                item("Detection source recorded", d.source.is_some()),
                item("Fault start time recorded", d.fault_started_at.is_some()),
                item("Detection time recorded", d.detected_at.is_some()),
                item(
                    "Declared by and when",
                    filled(&d.declared_by) && d.declared_at.is_some(),
                ),
                item(
                    "Affected services listed",
                    d.affected_services.iter().any(|s| filled(&s.text)),
                ),
            ],
            Phase::Channels => vec![
                item("Chat room set up", filled(&c.chat_room)),
                item("Video bridge set up", filled(&c.video_bridge)),
                item("Room topic set", filled(&c.room_topic)),
                item("IM chat status set to the incident id", filled(&c.im_chat_status)),
            ],
            Phase::Assess => vec![
                item(
                    "Customer impact answered",
                    a.customer_impact != CustomerImpact::Unknown,
                ),
                item("What customers see described", filled(&a.what_customers_see)),
                item(
                    "Customers affected answered",
                    a.customers_affected != Reach::Unknown,
                ),
                item("Impact start time known", a.impact_started_at.is_some()),
                item("Support cases counted", a.support_cases.is_some()),
                item("Severity assigned", incident.severity().is_some()),
            ],
            Phase::Communicate => vec![
                item(
                    "First customer update sent",
                    m.messages
                        .iter()
                        .any(|x| x.audience == Audience::Customers && x.sent_at.is_some()),
                ),
                item(
                    "Internal stakeholder update sent",
                    m.messages
                        .iter()
                        .any(|x| x.audience != Audience::Customers && x.sent_at.is_some()),
                ),
            ],
            Phase::Escalate => {
                // Only a named responder is someone who was paged.
                let responders: Vec<_> = incident
                    .escalation
                    .responders
                    .iter()
                    .filter(|x| filled(&x.name))
                    .collect();
                vec![
                    item(
                        "Responders paged",
                        responders.iter().any(|x| x.paged_at.is_some()),
                    ),
                    item(
                        "Every page acknowledged",
                        responders.iter().any(|x| x.paged_at.is_some())
                            && responders
                                .iter()
                                .all(|x| x.paged_at.is_none() || x.acknowledged_at.is_some()),
                    ),
                ]
            }
            Phase::Delegate => {
                let tasks: Vec<_> = incident
                    .delegation
                    .tasks
                    .iter()
                    .filter(|t| filled(&t.text))
                    .collect();
                vec![
                    item(
                        "Incident Manager assigned",
                        incident.current_holder(&Role::IncidentManager).is_some(),
                    ),
                    item(
                        "Tech Lead assigned",
                        incident.current_holder(&Role::TechLead).is_some(),
                    ),
                    item(
                        "Communications Manager assigned",
                        incident.current_holder(&Role::CommunicationsManager).is_some(),
                    ),
                    item(
                        "Every task has an owner and a time box",
                        !tasks.is_empty() && tasks.iter().all(|t| filled(&t.owner) && t.due_at.is_some()),
                    ),
                    item(
                        "No task left open",
                        !tasks.is_empty()
                            && tasks
                                .iter()
                                .all(|t| t.state != TaskState::Open && t.state != TaskState::Doing),
                    ),
                ]
            }
            Phase::Resolve => vec![
                item("Mitigation time recorded", r.mitigated_at.is_some()),
                item("Resolution time recorded", r.resolved_at.is_some()),
                item("Resolution summary written", filled(&r.summary)),
                item("Follow-up actions recorded", follow_ups.clone().next().is_some()),
            ],
            Phase::Lessons => vec![
                item("Summary written", filled(&p.summary)),
                item(
                    "Fault and impact described",
                    filled(&p.fault) && filled(&p.impact),
                ),
                item(
                    "Five whys asked",
                    p.five_whys.iter().filter(|w| filled(&w.text)).count() >= 5,
                ),
                item("Root cause stated", filled(&p.root_cause)),
                item("Lessons learned written", filled(&p.lessons_learned)),
                item(
                    "Corrective actions have owners and due dates",
                    follow_ups.clone().next().is_some()
                        && follow_ups.clone().all(|f| filled(&f.owner) && f.due.is_some()),
                ),
            ],
        }
    }

    pub fn state(self, incident: &Incident) -> PhaseState {
        let list = self.checklist(incident);
        let done = list.iter().filter(|i| i.done).count();
        if done == 0 {
            PhaseState::NotStarted
        } else if done == list.len() {
            PhaseState::Done
        } else {
            PhaseState::InProgress
        }
    }
}
