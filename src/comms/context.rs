//! What a template sees of the incident: the record turned into plain
//! fields in the template's language (see [`RenderContext`]).

use chrono::TimeDelta;
use serde::Serialize;

use super::Lang;
use crate::model::time::add_minutes;
use crate::model::{Incident, Link, Reach, Role, Status, Timestamp, UpdateKind};

/// The fields a template can use. Text fields are empty when the record has
/// no value; times are in UTC.
///
/// | field | what it holds |
/// |---|---|
/// | `lang` | `en` or `it` |
/// | `id`, `title`, `summary` | the incident's id (`INC-2026-0042`), title and summary |
/// | `status` | the status, in the template's language (`Investigating` / `Indagine in corso`) |
/// | `status_key` | `investigating`, `identified`, `monitoring`, `resolved` or `closed` |
/// | `severity` | the current severity's name (`SEV2`, `SEV-2`), empty before one is set |
/// | `severity_title` | the level's title on its scale (`Critical`, as the scale writes it) |
/// | `severity_major` | true for a major incident (SEV1/SEV2 on the default scale) |
/// | `services`, `services_text` | the affected internal services: a list, and joined with `, ` (internal messages only) |
/// | `affected` | what is affected as customers know it (`card checkout in Europe`); customer messages use this, never `services` or `title` |
/// | `impact` | what customers see, in their words |
/// | `customers_affected` | how many are affected, in words (`A subset or region`, `Tutti`) |
/// | `customers_affected_key` | `unknown`, `none`, `some`, `subset` or `all` |
/// | `affected_count` | how many, precisely (`about 12%`) |
/// | `support_cases` | number of support cases; undefined (renders empty) when not known: test with `support_cases is defined` |
/// | `started_at` | when the impact started (else when the fault started), `2026-03-17 14:04 UTC` (Italian: `17/03/2026 alle 14:04 UTC`) |
/// | `detected_at`, `declared_at`, `now` | `2026-03-17 14:09 UTC` (Italian as above) |
/// | `duration` | from the impact start (else detection) to resolution (else now): `2 h 15 min` |
/// | `impact_duration` | from the impact start (else detection) to mitigation (else resolution, else now) |
/// | `next_update_at` | when the next customer update is due once this message goes out (now + cadence): `14:45 UTC`, with the date when it is not today; Italian with its article, `le 14:45 UTC` or `il 18/03/2026 alle 09:00 UTC` (write `entro {{ next_update_at }}`) |
/// | `next_internal_update_at` | the same for internal updates |
/// | `cadence_minutes`, `internal_cadence_minutes` | minutes between customer / internal updates |
/// | `incident_manager`, `deputy`, `comms_manager` | current role holders' names |
/// | `tech_leads` | current Tech Leads, joined with `, ` |
/// | `chat_room`, `chat_link`, `video_bridge` | the team channels |
/// | `links` | list of `{label, url}` (dashboards, runbooks) |
/// | `open_tasks` | list of `{owner, text, due_at}`: tasks not done or dropped, oldest first (`due_at` like `next_update_at`) |
/// | `mitigated_at`, `resolved_at` | `2026-03-17 15:09 UTC`, empty until then |
/// | `resolution_summary` | the resolution's summary |
/// | `root_cause_known` | true once the postmortem names a root cause |
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RenderContext {
    pub lang: &'static str,
    pub id: String,
    pub title: String,
    pub summary: String,
    pub status: &'static str,
    pub status_key: &'static str,
    pub severity: String,
    pub severity_title: String,
    pub severity_major: bool,
    pub services: Vec<String>,
    pub services_text: String,
    pub affected: String,
    pub impact: String,
    pub customers_affected: &'static str,
    pub customers_affected_key: &'static str,
    pub affected_count: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub support_cases: Option<u32>,
    pub started_at: String,
    pub detected_at: String,
    pub declared_at: String,
    pub now: String,
    pub duration: String,
    pub impact_duration: String,
    pub next_update_at: String,
    pub next_internal_update_at: String,
    pub cadence_minutes: u32,
    pub internal_cadence_minutes: u32,
    pub incident_manager: String,
    pub deputy: String,
    pub tech_leads: String,
    pub comms_manager: String,
    pub chat_room: String,
    pub chat_link: String,
    pub video_bridge: String,
    pub links: Vec<Link>,
    pub open_tasks: Vec<TaskContext>,
    pub mitigated_at: String,
    pub resolved_at: String,
    pub resolution_summary: String,
    pub root_cause_known: bool,
    /// Security incidents (empty otherwise).
    pub incident_type: String,
    pub is_security: bool,
    pub aware_at: String,
    pub containment_started_at: String,
    pub contained_at: String,
    pub eradicated_at: String,
    pub recovered_at: String,
    pub attack_vector: String,
    pub data_affected: String,
    pub security_contact: String,
    pub security_lead: String,
    pub legal: String,
    /// The chosen notification rules' names, "GDPR article 33, NIS2 article 23".
    pub notification_rules: String,
}

/// An open task, for the next steps of internal updates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaskContext {
    pub owner: String,
    pub text: String,
    pub due_at: String,
}

impl RenderContext {
    pub fn new(incident: &Incident, lang: Lang, now: Timestamp) -> RenderContext {
        let detection = &incident.detection;
        let assessment = &incident.assessment;
        let resolution = &incident.resolution;
        let severity = incident.severity();
        let level = incident.severity_level_info();
        let services: Vec<String> = detection
            .affected_services
            .iter()
            .map(|s| s.text.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect();
        let started = assessment.impact_started_at.or(detection.fault_started_at);
        let from = started.or(detection.detected_at);
        let span = |to: Timestamp| from.map(|from| format_duration(to - from)).unwrap_or_default();
        let holder = |role: Role| {
            incident
                .current_holder(&role)
                .map(|a| a.person.trim().to_owned())
                .unwrap_or_default()
        };
        let cadence = incident.cadence_minutes(UpdateKind::Customer);
        let internal_cadence = incident.cadence_minutes(UpdateKind::Internal);
        // Past the end of the calendar (a clock gone wrong) there is no time to promise.
        let after = |minutes: u32| {
            add_minutes(now, i64::from(minutes))
                .map_or_else(|| "unknown".to_owned(), |at| format_clock(at, now, lang))
        };
        let minute = |at: Timestamp| format_minute(at, lang);
        RenderContext {
            lang: lang.code(),
            id: incident.id.trim().to_owned(),
            title: incident.title.trim().to_owned(),
            summary: incident.summary.trim().to_owned(),
            status: status_label(incident.status, lang),
            status_key: status_key(incident.status),
            severity: severity
                .map(|s| incident.severity_name(s.level))
                .unwrap_or_default(),
            severity_title: level.map(|l| l.title.clone()).unwrap_or_default(),
            severity_major: incident.is_major(),
            services_text: services.join(", "),
            services,
            affected: assessment.affected_for_customers.trim().to_owned(),
            impact: assessment.what_customers_see.trim().to_owned(),
            customers_affected: reach_label(assessment.customers_affected, lang),
            customers_affected_key: reach_key(assessment.customers_affected),
            affected_count: assessment.affected_count.trim().to_owned(),
            support_cases: assessment.support_cases,
            started_at: started.map(minute).unwrap_or_default(),
            detected_at: detection.detected_at.map(minute).unwrap_or_default(),
            declared_at: detection.declared_at.map(minute).unwrap_or_default(),
            now: minute(now),
            duration: span(resolution.resolved_at.unwrap_or(now)),
            impact_duration: span(resolution.mitigated_at.or(resolution.resolved_at).unwrap_or(now)),
            next_update_at: after(cadence),
            next_internal_update_at: after(internal_cadence),
            cadence_minutes: cadence,
            internal_cadence_minutes: internal_cadence,
            incident_manager: holder(Role::IncidentManager),
            deputy: holder(Role::Deputy),
            tech_leads: incident
                .current_holders(&Role::TechLead)
                .map(|a| a.person.trim())
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join(", "),
            comms_manager: holder(Role::CommunicationsManager),
            chat_room: incident.channels.chat_room.trim().to_owned(),
            chat_link: incident.channels.chat_link.trim().to_owned(),
            video_bridge: incident.channels.video_bridge.trim().to_owned(),
            links: incident
                .channels
                .links
                .iter()
                .filter(|l| !l.url.trim().is_empty() || !l.label.trim().is_empty())
                .map(|l| Link {
                    id: l.id,
                    label: l.label.trim().to_owned(),
                    url: l.url.trim().to_owned(),
                })
                .collect(),
            open_tasks: incident
                .delegation
                .tasks
                .iter()
                .filter(|t| !t.state.is_finished())
                .map(|t| TaskContext {
                    owner: t.owner.trim().to_owned(),
                    text: t.text.trim().to_owned(),
                    due_at: t.due_at.map(|at| format_clock(at, now, lang)).unwrap_or_default(),
                })
                .collect(),
            mitigated_at: resolution.mitigated_at.map(minute).unwrap_or_default(),
            resolved_at: resolution.resolved_at.map(minute).unwrap_or_default(),
            resolution_summary: resolution.summary.trim().to_owned(),
            root_cause_known: !incident.postmortem.root_cause.trim().is_empty(),
            incident_type: crate::model::security::type_name(&incident.incident_type).to_owned(),
            is_security: incident.is_security(),
            aware_at: incident.aware_at().map(minute).unwrap_or_default(),
            containment_started_at: incident
                .security
                .containment_started_at
                .map(minute)
                .unwrap_or_default(),
            contained_at: incident.security.contained_at.map(minute).unwrap_or_default(),
            eradicated_at: incident.security.eradicated_at.map(minute).unwrap_or_default(),
            recovered_at: incident.security.recovered_at.map(minute).unwrap_or_default(),
            attack_vector: incident.postmortem.attack_vector.trim().to_owned(),
            data_affected: incident.postmortem.data_affected.trim().to_owned(),
            security_contact: incident.security.contact.trim().to_owned(),
            security_lead: holder(Role::SecurityLead),
            legal: holder(Role::Legal),
            notification_rules: incident
                .security
                .rules
                .iter()
                .map(|id| {
                    crate::model::security::notification_rule(id).map_or(id.as_str(), |r| r.name.as_str())
                })
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

/// `2026-03-17 14:04 UTC`; in Italian `17/03/2026 alle 14:04 UTC`.
pub(super) fn format_minute(at: Timestamp, lang: Lang) -> String {
    match lang {
        Lang::En => at.format("%Y-%m-%d %H:%M UTC").to_string(),
        Lang::It => at.format("%d/%m/%Y alle %H:%M UTC").to_string(),
    }
}

/// `14:45 UTC` on the same day as `now`, else `2026-03-18 09:00 UTC`. In
/// Italian with the article the sentence needs: `le 14:45 UTC`,
/// `il 18/03/2026 alle 09:00 UTC`.
pub(super) fn format_clock(at: Timestamp, now: Timestamp, lang: Lang) -> String {
    let same_day = at.date_naive() == now.date_naive();
    match (lang, same_day) {
        (Lang::En, true) => at.format("%H:%M UTC").to_string(),
        (Lang::En, false) => format_minute(at, lang),
        (Lang::It, true) => at.format("le %H:%M UTC").to_string(),
        (Lang::It, false) => format!("il {}", format_minute(at, lang)),
    }
}

/// `45 min`, `2 h`, `2 h 15 min` (whole minutes, rounded down; never negative).
pub(super) fn format_duration(delta: TimeDelta) -> String {
    let minutes = delta.num_minutes().max(0);
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

fn status_key(status: Status) -> &'static str {
    match status {
        Status::Investigating => "investigating",
        Status::Identified => "identified",
        Status::Monitoring => "monitoring",
        Status::Resolved => "resolved",
        Status::Closed => "closed",
    }
}

fn status_label(status: Status, lang: Lang) -> &'static str {
    match lang {
        Lang::En => status.label(),
        Lang::It => match status {
            Status::Investigating => "Indagine in corso",
            Status::Identified => "Causa individuata",
            Status::Monitoring => "Monitoraggio",
            Status::Resolved => "Risolto",
            Status::Closed => "Chiuso",
        },
    }
}

fn reach_key(reach: Reach) -> &'static str {
    match reach {
        Reach::Unknown => "unknown",
        Reach::NoCustomers => "none",
        Reach::Some => "some",
        Reach::SubsetOrRegion => "subset",
        Reach::All => "all",
    }
}

fn reach_label(reach: Reach, lang: Lang) -> &'static str {
    match lang {
        Lang::En => reach.label(),
        Lang::It => match reach {
            Reach::Unknown => "Non noto",
            Reach::NoCustomers => "Nessuno",
            Reach::Some => "Alcuni",
            Reach::SubsetOrRegion => "Un sottoinsieme o una regione",
            Reach::All => "Tutti",
        },
    }
}
