//! Addressing the incident's fields: which text, time or list an edit
//! names, how it reads and writes that slot, and what it is called.

use super::incident::*;
use super::timeline::EntryKind;

/// The item of `list` with this id.
fn find<T: HasId>(list: &[T], id: ItemId) -> Option<&T> {
    list.iter().find(|item| item.id() == id)
}

fn find_mut<T: HasId>(list: &mut [T], id: ItemId) -> Option<&mut T> {
    list.iter_mut().find(|item| item.id() == id)
}

/// 1-based place of the item with this id, for names like "Responder 2".
fn place<T: HasId>(list: &[T], id: ItemId) -> Option<usize> {
    list.iter().position(|item| item.id() == id).map(|i| i + 1)
}

/// A list item with an id.
pub trait HasId {
    fn id(&self) -> ItemId;
}

macro_rules! has_id {
    ($($t:ty),*) => {$(
        impl HasId for $t {
            fn id(&self) -> ItemId {
                self.id
            }
        }
    )*};
}
has_id!(TextItem, Link, Responder, Task, FollowUp, Message, RoleAssignment);

/// A free-text field of the incident, including fields inside list items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum TextField {
    Id,
    TicketUrl,
    Title,
    Summary,
    DeclaredBy,
    DetectionOther,
    AffectedService(ItemId),
    ChatRoom,
    ChatLink,
    VideoBridge,
    RoomTopic,
    ImChatStatus,
    LinkLabel(ItemId),
    LinkUrl(ItemId),
    WhatCustomersSee,
    AffectedForCustomers,
    AffectedCount,
    FactorNotes,
    ResponderName(ItemId),
    ResponderTeam(ItemId),
    ResponderRole(ItemId),
    ResponderContact(ItemId),
    TaskOwner(ItemId),
    TaskText(ItemId),
    ResolutionSummary,
    FollowUpOwner(ItemId),
    FollowUpText(ItemId),
    PostmortemSummary,
    PostmortemLeadup,
    PostmortemFault,
    PostmortemImpact,
    PostmortemDetection,
    PostmortemResponse,
    PostmortemRecovery,
    FiveWhy(ItemId),
    PostmortemRootCause,
    PostmortemBacklogCheck,
    PostmortemRecurrence,
    PostmortemLessons,
    PostmortemAttackVector,
    PostmortemIndicators,
    PostmortemDataAffected,
    /// Who reached a security milestone.
    MilestoneBy(super::security::Milestone),
    SecurityContact,
}

/// A milestone's "by" for shared or mutable access.
macro_rules! milestone_by {
    ($milestone:expr, $inc:expr) => {
        $milestone.by(&$inc.security)
    };
    ($milestone:expr, $inc:expr, mut) => {
        $milestone.by_mut(&mut $inc.security)
    };
}

/// Maps a field to its string, once, for both shared and mutable access.
macro_rules! text_slot {
    ($inc:expr, $field:expr, $get:ident $(, $m:tt)?) => {{
        let inc = $inc;
        Some(match $field {
            TextField::Id => &$($m)? inc.id,
            TextField::TicketUrl => &$($m)? inc.ticket_url,
            TextField::Title => &$($m)? inc.title,
            TextField::Summary => &$($m)? inc.summary,
            TextField::DeclaredBy => &$($m)? inc.detection.declared_by,
            TextField::DetectionOther => match &$($m)? inc.detection.source {
                Some(DetectionSource::Other(text)) => text,
                _ => return None,
            },
            TextField::AffectedService(i) => &$($m)? $get(&$($m)? inc.detection.affected_services, i)?.text,
            TextField::ChatRoom => &$($m)? inc.channels.chat_room,
            TextField::ChatLink => &$($m)? inc.channels.chat_link,
            TextField::VideoBridge => &$($m)? inc.channels.video_bridge,
            TextField::RoomTopic => &$($m)? inc.channels.room_topic,
            TextField::ImChatStatus => &$($m)? inc.channels.im_chat_status,
            TextField::LinkLabel(i) => &$($m)? $get(&$($m)? inc.channels.links, i)?.label,
            TextField::LinkUrl(i) => &$($m)? $get(&$($m)? inc.channels.links, i)?.url,
            TextField::WhatCustomersSee => &$($m)? inc.assessment.what_customers_see,
            TextField::AffectedForCustomers => &$($m)? inc.assessment.affected_for_customers,
            TextField::AffectedCount => &$($m)? inc.assessment.affected_count,
            TextField::FactorNotes => &$($m)? inc.assessment.factors.notes,
            TextField::ResponderName(i) => &$($m)? $get(&$($m)? inc.escalation.responders, i)?.name,
            TextField::ResponderTeam(i) => &$($m)? $get(&$($m)? inc.escalation.responders, i)?.team,
            TextField::ResponderRole(i) => &$($m)? $get(&$($m)? inc.escalation.responders, i)?.role,
            TextField::ResponderContact(i) => &$($m)? $get(&$($m)? inc.escalation.responders, i)?.contact,
            TextField::TaskOwner(i) => &$($m)? $get(&$($m)? inc.delegation.tasks, i)?.owner,
            TextField::TaskText(i) => &$($m)? $get(&$($m)? inc.delegation.tasks, i)?.text,
            TextField::ResolutionSummary => &$($m)? inc.resolution.summary,
            TextField::FollowUpOwner(i) => &$($m)? $get(&$($m)? inc.resolution.follow_ups, i)?.owner,
            TextField::FollowUpText(i) => &$($m)? $get(&$($m)? inc.resolution.follow_ups, i)?.text,
            TextField::PostmortemSummary => &$($m)? inc.postmortem.summary,
            TextField::PostmortemLeadup => &$($m)? inc.postmortem.leadup,
            TextField::PostmortemFault => &$($m)? inc.postmortem.fault,
            TextField::PostmortemImpact => &$($m)? inc.postmortem.impact,
            TextField::PostmortemDetection => &$($m)? inc.postmortem.detection,
            TextField::PostmortemResponse => &$($m)? inc.postmortem.response,
            TextField::PostmortemRecovery => &$($m)? inc.postmortem.recovery,
            TextField::FiveWhy(i) => &$($m)? $get(&$($m)? inc.postmortem.five_whys, i)?.text,
            TextField::PostmortemRootCause => &$($m)? inc.postmortem.root_cause,
            TextField::PostmortemBacklogCheck => &$($m)? inc.postmortem.backlog_check,
            TextField::PostmortemRecurrence => &$($m)? inc.postmortem.recurrence,
            TextField::PostmortemLessons => &$($m)? inc.postmortem.lessons_learned,
            TextField::PostmortemAttackVector => &$($m)? inc.postmortem.attack_vector,
            TextField::PostmortemIndicators => &$($m)? inc.postmortem.indicators_of_compromise,
            TextField::PostmortemDataAffected => &$($m)? inc.postmortem.data_affected,
            TextField::MilestoneBy(m) => milestone_by!(m, inc $(, $m)?),
            TextField::SecurityContact => &$($m)? inc.security.contact,
        })
    }};
}

impl TextField {
    /// Every text field of `inc`, its list rows' included.
    pub fn all_in(inc: &Incident) -> Vec<TextField> {
        use TextField::*;
        let mut all = vec![
            Id,
            TicketUrl,
            Title,
            Summary,
            DeclaredBy,
            DetectionOther,
            ChatRoom,
            ChatLink,
            VideoBridge,
            RoomTopic,
            ImChatStatus,
            WhatCustomersSee,
            AffectedForCustomers,
            AffectedCount,
            FactorNotes,
            ResolutionSummary,
            PostmortemSummary,
            PostmortemLeadup,
            PostmortemFault,
            PostmortemImpact,
            PostmortemDetection,
            PostmortemResponse,
            PostmortemRecovery,
            PostmortemRootCause,
            PostmortemBacklogCheck,
            PostmortemRecurrence,
            PostmortemLessons,
            PostmortemAttackVector,
            PostmortemIndicators,
            PostmortemDataAffected,
            SecurityContact,
        ];
        all.extend(super::security::Milestone::ALL.map(MilestoneBy));
        all.extend(
            inc.detection
                .affected_services
                .iter()
                .map(|r| AffectedService(r.id)),
        );
        for link in &inc.channels.links {
            all.extend([LinkLabel(link.id), LinkUrl(link.id)]);
        }
        for r in &inc.escalation.responders {
            all.extend([
                ResponderName(r.id),
                ResponderTeam(r.id),
                ResponderRole(r.id),
                ResponderContact(r.id),
            ]);
        }
        for t in &inc.delegation.tasks {
            all.extend([TaskOwner(t.id), TaskText(t.id)]);
        }
        for f in &inc.resolution.follow_ups {
            all.extend([FollowUpOwner(f.id), FollowUpText(f.id)]);
        }
        all.extend(inc.postmortem.five_whys.iter().map(|w| FiveWhy(w.id)));
        all
    }

    /// The string this field shows, or `None` when its list item is gone.
    pub fn get(self, inc: &Incident) -> Option<&String> {
        text_slot!(inc, self, find)
    }

    pub(super) fn get_mut(self, inc: &mut Incident) -> Option<&mut String> {
        text_slot!(inc, self, find_mut, mut)
    }

    /// The field's name on the timeline: "Title", "Responder 2 name" (its
    /// row's place in `inc`; "a removed" row's when it is gone).
    pub fn label(self, inc: &Incident) -> String {
        let row = |n: Option<usize>| n.map_or_else(|| "(removed)".to_owned(), |n| n.to_string());
        let d = &inc.detection;
        let (c, e, t, r, p) = (
            &inc.channels,
            &inc.escalation,
            &inc.delegation,
            &inc.resolution,
            &inc.postmortem,
        );
        match self {
            TextField::Id => "Incident id".into(),
            TextField::TicketUrl => "Ticket link".into(),
            TextField::Title => "Title".into(),
            TextField::Summary => "Summary".into(),
            TextField::DeclaredBy => "Declared by".into(),
            TextField::DetectionOther => "Detection source (other)".into(),
            TextField::AffectedService(i) => {
                format!("Affected service {}", row(place(&d.affected_services, i)))
            }
            TextField::ChatRoom => "Chat room".into(),
            TextField::ChatLink => "Chat link".into(),
            TextField::VideoBridge => "Video bridge".into(),
            TextField::RoomTopic => "Room topic".into(),
            TextField::ImChatStatus => "IM chat status".into(),
            TextField::LinkLabel(i) => format!("Link {} label", row(place(&c.links, i))),
            TextField::LinkUrl(i) => format!("Link {} address", row(place(&c.links, i))),
            TextField::WhatCustomersSee => "What customers see".into(),
            TextField::AffectedForCustomers => "What is affected, for customers".into(),
            TextField::AffectedCount => "How many customers".into(),
            TextField::FactorNotes => "Notes on other factors".into(),
            TextField::ResponderName(i) => format!("Responder {} name", row(place(&e.responders, i))),
            TextField::ResponderTeam(i) => format!("Responder {} team", row(place(&e.responders, i))),
            TextField::ResponderRole(i) => format!("Responder {} role", row(place(&e.responders, i))),
            TextField::ResponderContact(i) => format!("Responder {} contact", row(place(&e.responders, i))),
            TextField::TaskOwner(i) => format!("Task {} owner", row(place(&t.tasks, i))),
            TextField::TaskText(i) => format!("Task {} text", row(place(&t.tasks, i))),
            TextField::ResolutionSummary => "Resolution summary".into(),
            TextField::FollowUpOwner(i) => format!("Follow-up {} owner", row(place(&r.follow_ups, i))),
            TextField::FollowUpText(i) => format!("Follow-up {} text", row(place(&r.follow_ups, i))),
            TextField::PostmortemSummary => "Postmortem summary".into(),
            TextField::PostmortemLeadup => "Postmortem lead-up".into(),
            TextField::PostmortemFault => "Postmortem fault".into(),
            TextField::PostmortemImpact => "Postmortem impact".into(),
            TextField::PostmortemDetection => "Postmortem detection".into(),
            TextField::PostmortemResponse => "Postmortem response".into(),
            TextField::PostmortemRecovery => "Postmortem recovery".into(),
            TextField::FiveWhy(i) => format!("Why {}", row(place(&p.five_whys, i))),
            TextField::PostmortemRootCause => "Root cause".into(),
            TextField::PostmortemBacklogCheck => "Backlog check".into(),
            TextField::PostmortemRecurrence => "Recurrence".into(),
            TextField::PostmortemLessons => "Lessons learned".into(),
            TextField::PostmortemAttackVector => "Attack vector".into(),
            TextField::PostmortemIndicators => "Indicators of compromise".into(),
            TextField::PostmortemDataAffected => "Data affected".into(),
            TextField::MilestoneBy(m) => format!("{} by", m.label()),
            TextField::SecurityContact => "Contact for affected people".into(),
        }
    }
}

/// A time field of the incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum TimeField {
    FaultStarted,
    Detected,
    Declared,
    ImpactStarted,
    Mitigated,
    Resolved,
    Closed,
    ResponderPaged(ItemId),
    ResponderAcknowledged(ItemId),
    ResponderJoined(ItemId),
    TaskDue(ItemId),
    /// When the organisation became aware (the notification clocks start).
    Aware,
    Security(super::security::Milestone),
}

impl TimeField {
    /// Every time field of `inc`, its list rows' included.
    pub fn all_in(inc: &Incident) -> Vec<TimeField> {
        use TimeField::*;
        let mut all = vec![
            FaultStarted,
            Detected,
            Declared,
            ImpactStarted,
            Mitigated,
            Resolved,
            Closed,
            Aware,
        ];
        all.extend(super::security::Milestone::ALL.map(Security));
        for r in &inc.escalation.responders {
            all.extend([
                ResponderPaged(r.id),
                ResponderAcknowledged(r.id),
                ResponderJoined(r.id),
            ]);
        }
        all.extend(inc.delegation.tasks.iter().map(|t| TaskDue(t.id)));
        all
    }

    pub fn get(self, inc: &Incident) -> Option<Option<Timestamp>> {
        Some(match self {
            TimeField::FaultStarted => inc.detection.fault_started_at,
            TimeField::Detected => inc.detection.detected_at,
            TimeField::Declared => inc.detection.declared_at,
            TimeField::ImpactStarted => inc.assessment.impact_started_at,
            TimeField::Mitigated => inc.resolution.mitigated_at,
            TimeField::Resolved => inc.resolution.resolved_at,
            TimeField::Closed => inc.resolution.closed_at,
            TimeField::ResponderPaged(i) => find(&inc.escalation.responders, i)?.paged_at,
            TimeField::ResponderAcknowledged(i) => find(&inc.escalation.responders, i)?.acknowledged_at,
            TimeField::ResponderJoined(i) => find(&inc.escalation.responders, i)?.joined_at,
            TimeField::TaskDue(i) => find(&inc.delegation.tasks, i)?.due_at,
            TimeField::Aware => inc.security.aware_at,
            TimeField::Security(m) => m.at(&inc.security),
        })
    }

    pub(super) fn get_mut(self, inc: &mut Incident) -> Option<&mut Option<Timestamp>> {
        Some(match self {
            TimeField::FaultStarted => &mut inc.detection.fault_started_at,
            TimeField::Detected => &mut inc.detection.detected_at,
            TimeField::Declared => &mut inc.detection.declared_at,
            TimeField::ImpactStarted => &mut inc.assessment.impact_started_at,
            TimeField::Mitigated => &mut inc.resolution.mitigated_at,
            TimeField::Resolved => &mut inc.resolution.resolved_at,
            TimeField::Closed => &mut inc.resolution.closed_at,
            TimeField::ResponderPaged(i) => &mut find_mut(&mut inc.escalation.responders, i)?.paged_at,
            TimeField::ResponderAcknowledged(i) => {
                &mut find_mut(&mut inc.escalation.responders, i)?.acknowledged_at
            }
            TimeField::ResponderJoined(i) => &mut find_mut(&mut inc.escalation.responders, i)?.joined_at,
            TimeField::TaskDue(i) => &mut find_mut(&mut inc.delegation.tasks, i)?.due_at,
            TimeField::Aware => &mut inc.security.aware_at,
            TimeField::Security(m) => m.at_mut(&mut inc.security),
        })
    }

    /// Why `at` would be a wrong value for this field: in the future (a
    /// time that has happened; a task's due time may be ahead), or out of
    /// order with the other milestones (detected before the fault started,
    /// resolved before mitigated). Shown at once beside the field.
    pub fn problem(self, inc: &Incident, at: Timestamp, now: Timestamp) -> Option<String> {
        use TimeField::*;
        if !matches!(self, TaskDue(_))
            && let Some(why) = super::time::future_problem(at, now)
        {
            return Some(why);
        }
        // Each pair: the first happens no later than the second.
        use super::security::Milestone::*;
        const ORDER: [(TimeField, TimeField); 13] = [
            (FaultStarted, Detected),
            (FaultStarted, ImpactStarted),
            (Detected, Declared),
            (Detected, Mitigated),
            (ImpactStarted, Mitigated),
            (Mitigated, Resolved),
            (Detected, Resolved),
            (Resolved, Closed),
            (Detected, Security(ContainmentStarted)),
            (Security(ContainmentStarted), Security(Contained)),
            (Security(Contained), Security(Eradicated)),
            (Security(Eradicated), Security(Recovered)),
            (Security(Recovered), Closed),
        ];
        let show = |at: Timestamp| at.format("%Y-%m-%d %H:%M:%S UTC").to_string();
        ORDER.iter().find_map(|&(first, second)| {
            if self == first
                && let Some(Some(other)) = second.get(inc)
                && at > other
            {
                Some(format!(
                    "after {} ({})",
                    second.label(inc).to_lowercase(),
                    show(other)
                ))
            } else if self == second
                && let Some(Some(other)) = first.get(inc)
                && at < other
            {
                Some(format!(
                    "before {} ({})",
                    first.label(inc).to_lowercase(),
                    show(other)
                ))
            } else {
                None
            }
        })
    }

    /// The field's name on the timeline: "Fault start", "Responder 2 paged".
    pub fn label(self, inc: &Incident) -> String {
        let row = |n: Option<usize>| n.map_or_else(|| "(removed)".to_owned(), |n| n.to_string());
        let responder = |i| row(place(&inc.escalation.responders, i));
        match self {
            TimeField::FaultStarted => "Fault start time".into(),
            TimeField::Detected => "Detection time".into(),
            TimeField::Declared => "Declaration time".into(),
            TimeField::ImpactStarted => "Impact start time".into(),
            TimeField::Mitigated => "Mitigation time".into(),
            TimeField::Resolved => "Resolution time".into(),
            TimeField::Closed => "Closing time".into(),
            TimeField::ResponderPaged(i) => format!("Responder {} page time", responder(i)),
            TimeField::ResponderAcknowledged(i) => {
                format!("Responder {} acknowledgement time", responder(i))
            }
            TimeField::ResponderJoined(i) => format!("Responder {} join time", responder(i)),
            TimeField::TaskDue(i) => format!("Task {} due time", row(place(&inc.delegation.tasks, i))),
            TimeField::Aware => "Time the organisation became aware".into(),
            TimeField::Security(m) => format!("{} time", m.label()),
        }
    }

    /// What setting this field means on the timeline, if it is worth an entry.
    pub(super) fn timeline_note(self, inc: &Incident) -> Option<(EntryKind, String)> {
        let responder = |i: ItemId| {
            find(&inc.escalation.responders, i)
                .map(|r| {
                    if r.name.is_empty() {
                        "a responder".to_owned()
                    } else {
                        r.name.clone()
                    }
                })
                .unwrap_or_default()
        };
        Some(match self {
            TimeField::Mitigated => (EntryKind::Status, "Impact mitigated".to_owned()),
            TimeField::Resolved => (
                EntryKind::Status,
                "Incident resolved: impact ended, service works as usual".to_owned(),
            ),
            TimeField::Closed => (EntryKind::Status, "Incident closed".to_owned()),
            TimeField::ResponderPaged(i) => (EntryKind::Escalation, format!("Paged {}", responder(i))),
            TimeField::ResponderAcknowledged(i) => (
                EntryKind::Escalation,
                format!("{} acknowledged the page", responder(i)),
            ),
            TimeField::ResponderJoined(i) => (EntryKind::Escalation, format!("{} joined", responder(i))),
            TimeField::Security(m) => (
                EntryKind::Status,
                match m.by(&inc.security).trim() {
                    "" => m.meaning().to_owned(),
                    by => format!("{} (by {by})", m.meaning()),
                },
            ),
            _ => return None,
        })
    }
}

/// A list in the incident that the console adds blank items to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ListKind {
    AffectedServices,
    Links,
    Responders,
    FollowUps,
    FiveWhys,
}

impl ListKind {
    /// The first field of this list's row `id`: what typing into a new row fills.
    pub fn first_field(self, id: ItemId) -> TextField {
        match self {
            ListKind::AffectedServices => TextField::AffectedService(id),
            ListKind::Links => TextField::LinkLabel(id),
            ListKind::Responders => TextField::ResponderName(id),
            ListKind::FollowUps => TextField::FollowUpText(id),
            ListKind::FiveWhys => TextField::FiveWhy(id),
        }
    }

    /// The field name a removal of row `id` is recorded under.
    pub fn removed_field(self, id: ItemId) -> String {
        format!("Removed({self:?}, {})", id.0)
    }

    /// What one row of the list is called on the timeline.
    pub fn item_name(self) -> &'static str {
        match self {
            ListKind::AffectedServices => "Affected service",
            ListKind::Links => "Link",
            ListKind::Responders => "Responder",
            ListKind::FollowUps => "Follow-up",
            ListKind::FiveWhys => "Why",
        }
    }
}
