//! The incident record: plain data, one struct per phase of the handbook.
//!
//! Every type here is part of the file format (see `src/file`): fields are
//! only ever added with `#[serde(default)]`, and a change that older readers
//! cannot take bumps `FORMAT_VERSION`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::phase::Phase;
use super::security::Security;
use super::severity::SeverityChange;
use super::timeline::Timeline;
pub use super::uid::ItemId;

pub type Timestamp = DateTime<Utc>;

/// A row of a list of plain texts (affected services, the five whys), with
/// its own id so two people editing the list at once never edit each
/// other's row.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextItem {
    pub id: ItemId,
    pub text: String,
}

/// A text row reads as its text.
impl std::ops::Deref for TextItem {
    type Target = str;

    fn deref(&self) -> &str {
        &self.text
    }
}

impl std::fmt::Display for TextItem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl PartialEq<String> for TextItem {
    fn eq(&self, other: &String) -> bool {
        self.text == *other
    }
}

impl PartialEq<&str> for TextItem {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

impl From<&str> for TextItem {
    /// A row with a fresh id.
    fn from(text: &str) -> TextItem {
        TextItem {
            id: ItemId::fresh(),
            text: text.to_owned(),
        }
    }
}

impl From<String> for TextItem {
    fn from(text: String) -> TextItem {
        TextItem {
            id: ItemId::fresh(),
            text,
        }
    }
}

/// The texts of a list of [`TextItem`]s.
pub fn texts(items: &[TextItem]) -> impl DoubleEndedIterator<Item = &str> + ExactSizeIterator + Clone {
    items.iter().map(|item| item.text.as_str())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Incident {
    /// Human id used in every message and page, e.g. `INC-2026-0042`.
    pub id: String,
    /// What makes this incident itself, whatever its human id says: two
    /// files are copies of one incident exactly when their `uid`s match.
    pub uid: uuid::Uuid,
    /// The incident's ticket in the tracking tool (the id may be its key, e.g. `OPS-1234`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub ticket_url: String,
    /// What kind of incident (an id of `assets/security/incident-types.ron`);
    /// a security type adds the lifecycle, evidence and notification clocks.
    #[serde(default = "default_type", skip_serializing_if = "is_default_type")]
    pub incident_type: String,
    pub title: String,
    pub summary: String,
    pub status: Status,
    /// The phase the commander is working in; completion is derived, not stored.
    pub phase: Phase,
    pub detection: Detection,
    pub channels: Channels,
    pub assessment: Assessment,
    pub communications: Communications,
    pub escalation: Escalation,
    pub delegation: Delegation,
    pub resolution: Resolution,
    pub postmortem: Postmortem,
    /// Containment to recovery, and the notices owed to regulators.
    #[serde(default, skip_serializing_if = "Security::is_empty")]
    pub security: Security,
    pub timeline: Timeline,
}

fn default_type() -> String {
    super::security::DEFAULT_TYPE_ID.to_owned()
}

fn is_default_type(id: &String) -> bool {
    id == super::security::DEFAULT_TYPE_ID
}

/// Ordered: the response only moves forward through these (edits can go back).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
pub enum Status {
    #[default]
    Investigating,
    Identified,
    Monitoring,
    Resolved,
    Closed,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Investigating,
        Status::Identified,
        Status::Monitoring,
        Status::Resolved,
        Status::Closed,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Status::Investigating => "Investigating",
            Status::Identified => "Identified",
            Status::Monitoring => "Monitoring",
            Status::Resolved => "Resolved",
            Status::Closed => "Closed",
        }
    }
}

// ---------------------------------------------------------------- 1 Detect

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Detection {
    pub source: Option<DetectionSource>,
    pub fault_started_at: Option<Timestamp>,
    pub detected_at: Option<Timestamp>,
    pub declared_at: Option<Timestamp>,
    pub declared_by: String,
    pub affected_services: Vec<TextItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DetectionSource {
    MonitoringAlert,
    SupportTicket,
    SocialMedia,
    InternalReport,
    Other(String),
}

impl DetectionSource {
    /// The fixed choices offered in the UI; `Other` carries free text.
    pub const CHOICES: [DetectionSource; 4] = [
        DetectionSource::MonitoringAlert,
        DetectionSource::SupportTicket,
        DetectionSource::SocialMedia,
        DetectionSource::InternalReport,
    ];

    pub fn label(&self) -> &str {
        match self {
            DetectionSource::MonitoringAlert => "Monitoring alert",
            DetectionSource::SupportTicket => "Support ticket",
            DetectionSource::SocialMedia => "Social media",
            DetectionSource::InternalReport => "Internal report",
            DetectionSource::Other(_) => "Other",
        }
    }
}

// ---------------------------------------------------------------- 2 Channels

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Channels {
    pub chat_room: String,
    pub chat_link: String,
    pub video_bridge: String,
    pub room_topic: String,
    /// The Incident Manager's own chat status, normally the incident id.
    pub im_chat_status: String,
    /// Dashboards, runbooks and other links for the room topic.
    pub links: Vec<Link>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    pub id: ItemId,
    pub label: String,
    pub url: String,
}

// ---------------------------------------------------------------- 3 Assess

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    /// Id of the severity scale (`assets/scales/`), e.g. `atlassian-3`.
    pub scale: String,
    /// Q1: impact on customers, internal or external.
    pub customer_impact: CustomerImpact,
    /// Q2: what customers are seeing, in their words.
    pub what_customers_see: String,
    /// What is affected as customers know it: products and features
    /// ("card payments at checkout"), never internal service names.
    /// Customer messages say this; the internal names stay inside.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub affected_for_customers: String,
    /// Whether the service is down or degraded but usable.
    #[serde(default, skip_serializing_if = "is_unknown_state")]
    pub service_state: ServiceState,
    /// Whether customers have a way around the problem.
    #[serde(default, skip_serializing_if = "is_unknown_workaround")]
    pub workaround: Workaround,
    /// Q3: how many customers are affected.
    pub customers_affected: Reach,
    /// Q3, optional precision: "about 12%", "3,400 accounts".
    pub affected_count: String,
    /// Q4: when the impact started (defaults to the detection time in the UI).
    pub impact_started_at: Option<Timestamp>,
    /// Q5: number of support cases opened; `None` means not known yet.
    pub support_cases: Option<u32>,
    /// Q6: other factors that raise the severity.
    pub factors: Factors,
    /// Every severity decision, oldest first; the current level is the last.
    pub severity_history: Vec<SeverityChange>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum CustomerImpact {
    #[default]
    Unknown,
    NoCustomers,
    Internal,
    External,
    InternalAndExternal,
}

impl CustomerImpact {
    pub const ALL: [CustomerImpact; 5] = [
        CustomerImpact::Unknown,
        CustomerImpact::NoCustomers,
        CustomerImpact::Internal,
        CustomerImpact::External,
        CustomerImpact::InternalAndExternal,
    ];

    pub fn label(self) -> &'static str {
        match self {
            CustomerImpact::Unknown => "Unknown",
            CustomerImpact::NoCustomers => "No customer impact",
            CustomerImpact::Internal => "Internal users",
            CustomerImpact::External => "External customers",
            CustomerImpact::InternalAndExternal => "Internal and external",
        }
    }
}

fn is_unknown_state(state: &ServiceState) -> bool {
    *state == ServiceState::Unknown
}

fn is_unknown_workaround(workaround: &Workaround) -> bool {
    *workaround == Workaround::Unknown
}

/// Down or degraded: the handbook's line between SEV1/SEV2 and SEV3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum ServiceState {
    #[default]
    Unknown,
    /// Customers cannot use it at all.
    Down,
    /// Slow, failing sometimes, or missing a part, but usable.
    Degraded,
}

impl ServiceState {
    pub const ALL: [ServiceState; 3] = [ServiceState::Unknown, ServiceState::Down, ServiceState::Degraded];

    pub fn label(self) -> &'static str {
        match self {
            ServiceState::Unknown => "Unknown",
            ServiceState::Down => "Down",
            ServiceState::Degraded => "Degraded but usable",
        }
    }
}

/// Whether a workaround exists for the customers affected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Workaround {
    #[default]
    Unknown,
    Exists,
    Unavailable,
}

impl Workaround {
    pub const ALL: [Workaround; 3] = [Workaround::Unknown, Workaround::Exists, Workaround::Unavailable];

    pub fn label(self) -> &'static str {
        match self {
            Workaround::Unknown => "Unknown",
            Workaround::Exists => "A workaround exists",
            Workaround::Unavailable => "No workaround",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Reach {
    #[default]
    Unknown,
    NoCustomers,
    Some,
    SubsetOrRegion,
    All,
}

impl Reach {
    pub const ALL: [Reach; 5] = [
        Reach::Unknown,
        Reach::NoCustomers,
        Reach::Some,
        Reach::SubsetOrRegion,
        Reach::All,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Reach::Unknown => "Unknown",
            Reach::NoCustomers => "None",
            Reach::Some => "Some",
            Reach::SubsetOrRegion => "A subset or region",
            Reach::All => "All",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Factors {
    pub security_breach: bool,
    pub data_loss: bool,
    pub confidentiality: bool,
    pub press_attention: bool,
    pub regulatory: bool,
    pub notes: String,
}

impl Factors {
    pub fn any(&self) -> bool {
        self.security_breach
            || self.data_loss
            || self.confidentiality
            || self.press_attention
            || self.regulatory
    }
}

/// Which "other factor" of the assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Factor {
    SecurityBreach,
    DataLoss,
    Confidentiality,
    PressAttention,
    Regulatory,
}

impl Factor {
    pub const ALL: [Factor; 5] = [
        Factor::SecurityBreach,
        Factor::DataLoss,
        Factor::Confidentiality,
        Factor::PressAttention,
        Factor::Regulatory,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Factor::SecurityBreach => "Security breach",
            Factor::DataLoss => "Data loss",
            Factor::Confidentiality => "Confidentiality",
            Factor::PressAttention => "Social media or press attention",
            Factor::Regulatory => "Regulatory",
        }
    }

    pub fn get(self, f: &Factors) -> bool {
        match self {
            Factor::SecurityBreach => f.security_breach,
            Factor::DataLoss => f.data_loss,
            Factor::Confidentiality => f.confidentiality,
            Factor::PressAttention => f.press_attention,
            Factor::Regulatory => f.regulatory,
        }
    }

    pub fn get_mut(self, f: &mut Factors) -> &mut bool {
        match self {
            Factor::SecurityBreach => &mut f.security_breach,
            Factor::DataLoss => &mut f.data_loss,
            Factor::Confidentiality => &mut f.confidentiality,
            Factor::PressAttention => &mut f.press_attention,
            Factor::Regulatory => &mut f.regulatory,
        }
    }
}

// ---------------------------------------------------------------- 4 Communicate

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Communications {
    /// Drafts and sent messages, in the order they were created.
    pub messages: Vec<Message>,
    /// Minutes between customer updates; `None` uses the severity's default.
    pub external_cadence_minutes: Option<u32>,
    /// Minutes between internal stakeholder updates; `None` uses the default.
    pub internal_cadence_minutes: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Message {
    pub id: ItemId,
    pub audience: Audience,
    pub stage: Stage,
    pub channel: MessageChannel,
    /// The language it is written in; files from before this was kept have
    /// none, and [`Message::language`] reads it from the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Lang>,
    pub text: String,
    pub drafted_at: Timestamp,
    /// Set once sent; a sent message is never edited again.
    pub sent_at: Option<Timestamp>,
    pub sent_by: String,
}

/// The language of a template and of the words the render context uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    En,
    It,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::It];

    /// The folder name and short code: `en`, `it`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::It => "it",
        }
    }

    /// The language's own name.
    pub fn label(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::It => "Italiano",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }
}

impl Message {
    /// The language the message is in: as drafted, else read from its words.
    pub fn language(&self) -> Lang {
        self.language.unwrap_or_else(|| Lang::detect(&self.text))
    }
}

impl Lang {
    /// English or Italian, by which common words the text uses more.
    pub fn detect(text: &str) -> Lang {
        const IT: [&str; 16] = [
            "il",
            "lo",
            "la",
            "gli",
            "le",
            "che",
            "di",
            "per",
            "non",
            "sono",
            "stiamo",
            "clienti",
            "servizio",
            "aggiornamento",
            "alle",
            "della",
        ];
        const EN: [&str; 16] = [
            "the",
            "and",
            "we",
            "are",
            "is",
            "for",
            "not",
            "to",
            "of",
            "customers",
            "service",
            "update",
            "our",
            "will",
            "by",
            "with",
        ];
        let (mut it, mut en) = (0, 0);
        for word in text
            .split(|c: char| !c.is_alphanumeric())
            .take(2000)
            .map(str::to_lowercase)
        {
            it += usize::from(IT.contains(&word.as_str()));
            en += usize::from(EN.contains(&word.as_str()));
        }
        if it > en { Lang::It } else { Lang::En }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Audience {
    Customers,
    Stakeholders,
    Executives,
    /// Supervisory authorities, CSIRTs: the notices the clocks ask for.
    Regulators,
}

impl Audience {
    pub const ALL: [Audience; 4] = [
        Audience::Customers,
        Audience::Stakeholders,
        Audience::Executives,
        Audience::Regulators,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Audience::Customers => "Customers (external)",
            Audience::Stakeholders => "Stakeholders (internal)",
            Audience::Executives => "Executives (internal)",
            Audience::Regulators => "Regulators (external)",
        }
    }

    /// Where messages for this audience usually go: customers read the
    /// status page, stakeholders the internal chat, executives email.
    pub fn usual_channel(self) -> MessageChannel {
        match self {
            Audience::Customers => MessageChannel::StatusPage,
            Audience::Stakeholders => MessageChannel::Chat,
            Audience::Executives | Audience::Regulators => MessageChannel::Email,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Stage {
    Investigating,
    Identified,
    Monitoring,
    Resolved,
    Update,
}

impl Stage {
    pub const ALL: [Stage; 5] = [
        Stage::Investigating,
        Stage::Identified,
        Stage::Monitoring,
        Stage::Resolved,
        Stage::Update,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Stage::Investigating => "Investigating",
            Stage::Identified => "Identified",
            Stage::Monitoring => "Monitoring",
            Stage::Resolved => "Resolved",
            Stage::Update => "Update",
        }
    }

    /// The message named on the timeline: "Investigating update", but a
    /// plain "Update" for the stage that is one.
    pub fn update_name(self) -> String {
        match self {
            Stage::Update => "Update".to_owned(),
            stage => format!("{} update", stage.label()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum MessageChannel {
    StatusPage,
    Email,
    Chat,
    Other(String),
}

impl MessageChannel {
    pub fn label(&self) -> &str {
        match self {
            MessageChannel::StatusPage => "Status page",
            MessageChannel::Email => "Email",
            MessageChannel::Chat => "Chat",
            MessageChannel::Other(text) => text,
        }
    }
}

// ---------------------------------------------------------------- 5 Escalate

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Escalation {
    pub responders: Vec<Responder>,
    /// Flag pages unacknowledged for longer than this; `None`: 5 minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ack_warning_minutes: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Responder {
    pub id: ItemId,
    pub name: String,
    pub team: String,
    /// Role or skill they were paged for ("database SME", "on-call payments").
    pub role: String,
    pub contact: String,
    pub paged_at: Option<Timestamp>,
    pub acknowledged_at: Option<Timestamp>,
    pub joined_at: Option<Timestamp>,
}

// ---------------------------------------------------------------- 6 Delegate

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Delegation {
    /// Assignments in the order made; a handover ends one with `until`.
    pub roles: Vec<RoleAssignment>,
    pub tasks: Vec<Task>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleAssignment {
    pub id: ItemId,
    pub role: Role,
    pub person: String,
    pub since: Timestamp,
    pub until: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    IncidentManager,
    Deputy,
    TechLead,
    CommunicationsManager,
    CustomerLiaison,
    InternalLiaison,
    Scribe,
    SubjectMatterExpert,
    SupportLead,
    SocialMediaLead,
    ProblemManager,
    Legal,
    SecurityLead,
    Forensics,
    ExecutiveSponsor,
    Custom(String),
}

impl Role {
    pub const STANDARD: [Role; 15] = [
        Role::IncidentManager,
        Role::Deputy,
        Role::TechLead,
        Role::CommunicationsManager,
        Role::CustomerLiaison,
        Role::InternalLiaison,
        Role::Scribe,
        Role::SubjectMatterExpert,
        Role::SupportLead,
        Role::SocialMediaLead,
        Role::ProblemManager,
        Role::Legal,
        Role::SecurityLead,
        Role::Forensics,
        Role::ExecutiveSponsor,
    ];

    pub fn label(&self) -> &str {
        match self {
            Role::IncidentManager => "Incident Manager",
            Role::Deputy => "Deputy",
            Role::TechLead => "Tech Lead",
            Role::CommunicationsManager => "Communications Manager",
            Role::CustomerLiaison => "Customer Liaison",
            Role::InternalLiaison => "Internal Liaison",
            Role::Scribe => "Scribe",
            Role::SubjectMatterExpert => "Subject-Matter Expert",
            Role::SupportLead => "Support Lead",
            Role::SocialMediaLead => "Social Media Lead",
            Role::ProblemManager => "Problem Manager",
            Role::Legal => "Legal",
            Role::SecurityLead => "Security Lead",
            Role::Forensics => "Forensics",
            Role::ExecutiveSponsor => "Executive Sponsor",
            Role::Custom(name) => name,
        }
    }

    /// Short form for the header.
    pub fn abbreviation(&self) -> &str {
        match self {
            Role::IncidentManager => "IM",
            Role::TechLead => "TL",
            Role::CommunicationsManager => "Comms",
            other => other.label(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Task {
    pub id: ItemId,
    pub owner: String,
    pub text: String,
    pub created_at: Timestamp,
    pub due_at: Option<Timestamp>,
    pub state: TaskState,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum TaskState {
    #[default]
    Open,
    Doing,
    Done,
    Dropped,
}

impl TaskState {
    pub const ALL: [TaskState; 4] = [
        TaskState::Open,
        TaskState::Doing,
        TaskState::Done,
        TaskState::Dropped,
    ];

    pub fn label(self) -> &'static str {
        match self {
            TaskState::Open => "Open",
            TaskState::Doing => "Doing",
            TaskState::Done => "Done",
            TaskState::Dropped => "Dropped",
        }
    }

    pub fn is_finished(self) -> bool {
        matches!(self, TaskState::Done | TaskState::Dropped)
    }
}

// ---------------------------------------------------------------- 7 Resolve

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resolution {
    pub mitigated_at: Option<Timestamp>,
    /// Business impact ended and the service works as usual.
    pub resolved_at: Option<Timestamp>,
    pub closed_at: Option<Timestamp>,
    pub summary: String,
    /// Follow-up and corrective actions; the postmortem lists these.
    pub follow_ups: Vec<FollowUp>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUp {
    pub id: ItemId,
    pub owner: String,
    pub text: String,
    pub due: Option<NaiveDate>,
    pub done: bool,
}

// ---------------------------------------------------------------- Lessons learned

/// The postmortem fields in the handbook's (Atlassian template) order. The
/// timeline and corrective actions are not repeated here: they come from the
/// timeline and the resolution's follow-ups.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Postmortem {
    pub summary: String,
    pub leadup: String,
    pub fault: String,
    pub impact: String,
    pub detection: String,
    pub response: String,
    pub recovery: String,
    pub five_whys: Vec<TextItem>,
    pub root_cause: String,
    pub backlog_check: String,
    pub recurrence: String,
    pub lessons_learned: String,
    /// Security incidents: how the attacker got in.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub attack_vector: String,
    /// Security incidents: indicators of compromise (addresses, hashes, names).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub indicators_of_compromise: String,
    /// Security incidents: what data was affected, whose, how much.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub data_affected: String,
}
