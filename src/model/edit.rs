//! Every change the console makes to an incident, as data. The UI emits
//! `Edit`s; [`Incident::apply`] is the one place they take effect, so dirty
//! tracking, review mode and the automatic timeline entries live in one spot.

use chrono::NaiveDate;

use super::fields::{ListKind, TextField, TimeField};
use super::incident::*;
use super::phase::Phase;
use super::severity::SeverityLevel;
use super::timeline::{CanReport, EntryId, EntryKind, TimelineError};
use super::timeline_import::ImportBatch;
use super::uid::{IdSource, OpId};

/// The answers that differ between two `answers_summary` lines, "part: old → new".
fn answers_diff(before: &str, after: &str) -> String {
    let parts = |s: &str| -> Vec<(String, String)> {
        s.split("; ")
            .map(|p| match p.split_once(": ") {
                Some((k, v)) => (k.to_owned(), v.to_owned()),
                None => (p.to_owned(), String::new()),
            })
            .collect()
    };
    let (old, new) = (parts(before), parts(after));
    let value = |list: &[(String, String)], key: &str| {
        list.iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| "none".to_owned())
    };
    let mut keys: Vec<&String> = new.iter().map(|(k, _)| k).collect();
    keys.extend(
        old.iter()
            .map(|(k, _)| k)
            .filter(|k| !new.iter().any(|(n, _)| n == *k)),
    );
    keys.into_iter()
        .filter_map(|k| {
            let (from, to) = (value(&old, k), value(&new, k));
            (from != to).then(|| format!("{k}: {from} -> {to}"))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// One change to the record. Edits are also what laptops sharing an
/// incident send each other (see `src/sync`): they name list items by id,
/// never by position, so an edit means the same thing on every laptop
/// whatever was added or removed meanwhile. Serialized as JSON there.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Edit {
    SetText(TextField, String),
    SetTime(TimeField, Option<Timestamp>),
    SetDetectionSource(Option<DetectionSource>),
    SetCustomerImpact(CustomerImpact),
    SetReach(Reach),
    SetServiceState(ServiceState),
    SetWorkaround(Workaround),
    SetSupportCases(Option<u32>),
    SetFactor(Factor, bool),
    /// The severity wizard's answers, saved as one step (the scale and the
    /// history in the given assessment are ignored).
    SetAnswers(Box<super::incident::Assessment>),
    /// Choose the severity scale (by id) for this incident.
    SetScale(String),
    SetSeverity {
        level: SeverityLevel,
        reason: String,
    },
    SetStatus(Status),
    /// The response moved to this phase (the navigator only views phases).
    SetCurrentPhase(Phase),
    AddItem(ListKind),
    /// A row with this id (chosen by the view, so the field being typed in
    /// keeps its place), its first field holding `text`: typing into the
    /// empty "next why" row adds it.
    AddRow {
        list: ListKind,
        id: ItemId,
        text: String,
    },
    RemoveItem(ListKind, ItemId),
    AssignRole {
        role: Role,
        person: String,
    },
    EndRole(ItemId),
    AddTask {
        owner: String,
        text: String,
        due_in_minutes: Option<u32>,
    },
    SetTaskState(ItemId, TaskState),
    SetFollowUpDue(ItemId, Option<NaiveDate>),
    SetFollowUpDone(ItemId, bool),
    DraftMessage {
        audience: Audience,
        stage: Stage,
        channel: MessageChannel,
        language: Lang,
        text: String,
    },
    SetMessageText(ItemId, String),
    MarkMessageSent(ItemId),
    /// Taking back a "Mark as sent" made by mistake; the record keeps both.
    UnmarkMessageSent(ItemId),
    Log {
        kind: EntryKind,
        text: String,
        at: Option<Timestamp>,
    },
    /// Change an entry's text and/or time; the old version is kept.
    ReviseEntry {
        id: EntryId,
        text: Option<String>,
        at: Option<Timestamp>,
    },
    RetractEntry {
        id: EntryId,
        reason: String,
    },
    /// Log a responder's CAN report as a structured entry.
    LogCan(CanReport),
    /// Minutes between updates of a kind; `None` goes back to the severity's.
    SetCadence(super::cadence::UpdateKind, Option<u32>),
    /// Add entries brought in from outside files, as one step.
    Import(ImportBatch),
    /// Take back an import made in this session, by its record entry.
    UndoImport(EntryId),
    /// Add a responder with their details filled in (from a roster).
    AddResponder(Responder),
    SetAckWarningMinutes(Option<u32>),
    /// The incident's type, by id (`assets/security/incident-types.ron`).
    SetIncidentType(String),
    /// A notification rule (by id) applies, or no longer does.
    SetNotificationRule(String, bool),
    /// The notice a deadline asks for was sent now, to `to`.
    MarkNotified {
        deadline: String,
        to: String,
        reference: String,
    },
    /// A new evidence item, as its own timeline entry.
    AddEvidence {
        evidence: super::security::Evidence,
        restricted: bool,
    },
    /// Keep an entry out of the postmortem for wider sharing, or let it in.
    SetRestricted(EntryId, bool),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("that item no longer exists")]
    Missing,
    #[error("a sent message is part of the record and cannot be changed")]
    MessageAlreadySent,
    #[error("nothing to log: the text is empty")]
    EmptyLog,
    #[error("a severity change needs a reason")]
    NoReason,
    #[error("give the responder a name before paging them")]
    Unnamed,
    #[error(transparent)]
    Timeline(#[from] TimelineError),
    #[error("that entry is not an import that can be undone")]
    NotAnImport,
    /// A time or duration the file could not hold (the loader would refuse it).
    #[error("{0}")]
    OutOfRange(String),
    /// Refused with a reason to show as it is.
    #[error("{0}")]
    Refused(String),
}

impl Edit {
    /// Why this edit would put a time or duration into the record that the
    /// loader refuses, so the console never makes a file it cannot reopen.
    fn out_of_range(&self, now: Timestamp) -> Option<String> {
        use super::time::{MAX_MINUTES, date_in_range, in_range};
        let time = |what: &str, at: Timestamp| {
            (!in_range(at)).then(|| {
                format!(
                    "{what} {} is outside the years {}-{}",
                    at.to_rfc3339(),
                    super::time::EARLIEST_YEAR,
                    super::time::LATEST_YEAR
                )
            })
        };
        let minutes = |what: &str, m: u32| {
            (m > MAX_MINUTES).then(|| format!("{what} of {m} minutes is more than ten years"))
        };
        if let Some(problem) = time("the clock's time", now) {
            return Some(problem);
        }
        match self {
            Edit::SetTime(_, Some(at))
            | Edit::Log { at: Some(at), .. }
            | Edit::ReviseEntry { at: Some(at), .. } => time("the time", *at),
            Edit::SetAnswers(answers) => answers
                .impact_started_at
                .and_then(|at| time("the impact start", at)),
            Edit::SetCadence(_, Some(m)) => minutes("an update cadence", *m),
            Edit::SetAckWarningMinutes(Some(m)) => minutes("an acknowledgement warning", *m),
            Edit::AddTask {
                due_in_minutes: Some(m),
                ..
            } => minutes("a time box", *m).or_else(|| match super::time::add_minutes(now, i64::from(*m)) {
                Some(due) => time("the task's due time", due),
                None => Some("the task's due time is past the calendar".into()),
            }),
            Edit::AddEvidence { evidence, .. } => time("the collection time", evidence.collected_at),
            Edit::SetFollowUpDue(_, Some(date)) => (!date_in_range(*date)).then(|| {
                format!(
                    "the due date {date} is outside the years {}-{}",
                    super::time::EARLIEST_YEAR,
                    super::time::LATEST_YEAR
                )
            }),
            Edit::Import(batch) => batch
                .entries
                .iter()
                .map(|e| e.at)
                .chain(batch.detection.as_ref().map(|(_, at)| *at))
                .find_map(|at| time("an imported entry's time", at)),
            _ => None,
        }
    }
}

/// What an edit did to the timeline, so callers need not search it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    /// The entries it added, in the order their ids were given.
    pub added: Vec<EntryId>,
    /// The entry it brought up to date instead (one typing run is one entry).
    pub updated: Option<EntryId>,
}

impl Applied {
    /// Every entry the edit wrote: added or brought up to date.
    pub fn written(&self) -> impl Iterator<Item = EntryId> + '_ {
        self.added.iter().copied().chain(self.updated)
    }
}

impl Incident {
    /// Adds an empty row with this id to `list`, on the timeline.
    fn add_row(&mut self, list: ListKind, id: ItemId, now: Timestamp, author: &str) {
        let n = match list {
            ListKind::AffectedServices => {
                let list = &mut self.detection.affected_services;
                list.push(TextItem {
                    id,
                    ..TextItem::default()
                });
                list.len()
            }
            ListKind::Links => {
                self.channels.links.push(Link {
                    id,
                    ..Link::default()
                });
                self.channels.links.len()
            }
            ListKind::Responders => {
                let list = &mut self.escalation.responders;
                list.push(Responder {
                    id,
                    ..Responder::default()
                });
                list.len()
            }
            ListKind::FollowUps => {
                let list = &mut self.resolution.follow_ups;
                list.push(FollowUp {
                    id,
                    ..FollowUp::default()
                });
                list.len()
            }
            ListKind::FiveWhys => {
                let list = &mut self.postmortem.five_whys;
                list.push(TextItem {
                    id,
                    ..TextItem::default()
                });
                list.len()
            }
        };
        self.timeline.add(
            now,
            now,
            author,
            EntryKind::Change,
            format!("{} {n} added", list.item_name()),
        );
    }
}

/// The list item with this id, to change.
fn item_mut<T: super::fields::HasId>(list: &mut [T], id: ItemId) -> Result<&mut T, EditError> {
    list.iter_mut()
        .find(|item| item.id() == id)
        .ok_or(EditError::Missing)
}

/// 1-based place of the item with this id ("Follow-up 2").
fn place<T: super::fields::HasId>(list: &[T], id: ItemId) -> Result<usize, EditError> {
    list.iter()
        .position(|item| item.id() == id)
        .map(|i| i + 1)
        .ok_or(EditError::Missing)
}

impl Incident {
    /// Applies one edit made by `author` at `now`, adding the timeline entry
    /// the change calls for, and says which entries it wrote. On error
    /// nothing has changed. The ids it makes come from this thread's
    /// [`OpClock`](super::OpClock).
    pub fn apply(&mut self, edit: Edit, now: Timestamp, author: &str) -> Result<Applied, EditError> {
        self.apply_op(super::uid::next_op_id(now), edit, now, author)
    }

    /// [`Incident::apply`] as the edit `op`: the ids it makes derive from
    /// `op`, so the same edit applied to the same record on any laptop
    /// makes the same entries with the same ids.
    pub fn apply_op(
        &mut self,
        op: OpId,
        edit: Edit,
        now: Timestamp,
        author: &str,
    ) -> Result<Applied, EditError> {
        self.timeline.begin_edit(IdSource::for_op(op));
        let result = self.apply_edit(edit, now, author);
        let added = self.timeline.take_added();
        result.map(|()| Applied {
            added,
            updated: self.timeline.take_updated(),
        })
    }

    fn apply_edit(&mut self, edit: Edit, now: Timestamp, author: &str) -> Result<(), EditError> {
        if let Some(problem) = edit.out_of_range(now) {
            return Err(EditError::OutOfRange(problem));
        }
        let log = |inc: &mut Incident, kind, text: String| {
            inc.timeline.add(now, now, author, kind, text);
        };
        // A changed field: old value to new, by `author`, now.
        let change = |inc: &mut Incident, field: String, label: &str, from: String, to: String| {
            inc.timeline
                .record_change(now, author, field, label, from, to, false);
        };
        // One of a list of labelled values: logged from the old label to the new.
        macro_rules! choice {
            ($slot:expr, $value:expr, $field:literal, $label:literal) => {{
                let from = std::mem::replace(&mut $slot, $value);
                change(
                    self,
                    $field.into(),
                    $label,
                    from.label().into(),
                    $value.label().into(),
                );
            }};
        }
        match edit {
            Edit::SetText(field, value) => {
                let slot = field.get_mut(self).ok_or(EditError::Missing)?;
                let old = std::mem::replace(slot, value.clone());
                if field == TextField::DeclaredBy {
                    self.name_declarer(&old, &value, now, author);
                }
                // Typing: one entry per run of keys, not one per key.
                let label = field.label(self);
                self.timeline
                    .record_change(now, author, format!("{field:?}"), &label, old, value, true);
            }
            Edit::SetTime(field, value) => {
                if let (TimeField::ResponderPaged(i), Some(_)) = (field, value)
                    && self
                        .escalation
                        .responders
                        .iter()
                        .find(|r| r.id == i)
                        .is_some_and(|r| r.name.trim().is_empty())
                {
                    return Err(EditError::Unnamed);
                }
                let slot = field.get_mut(self).ok_or(EditError::Missing)?;
                let old = std::mem::replace(slot, value);
                if old == value {
                    return Ok(());
                }
                // Who reached a security milestone: whoever recorded it,
                // unless someone was named; taken back, nobody.
                if let TimeField::Security(m) = field {
                    let by = m.by_mut(&mut self.security);
                    match value {
                        None => by.clear(),
                        Some(_) if by.trim().is_empty() => *by = author.to_owned(),
                        Some(_) => {}
                    }
                }
                let note = match (old, value) {
                    (None, Some(at)) => field.timeline_note(self).map(|note| (at, note)),
                    _ => None,
                };
                match note {
                    Some((at, (kind, text))) => {
                        self.timeline.add(at, now, author, kind, text);
                    }
                    None => {
                        let show = |t: Option<Timestamp>| t.map(super::time::format_utc).unwrap_or_default();
                        let label = field.label(self);
                        change(self, format!("{field:?}"), &label, show(old), show(value));
                    }
                }
                // The status follows the milestones, forward only.
                let follows = match field {
                    TimeField::Mitigated => Some(Status::Monitoring),
                    TimeField::Resolved => Some(Status::Resolved),
                    TimeField::Closed => Some(Status::Closed),
                    _ => None,
                };
                if let (Some(status), Some(_)) = (follows, value)
                    && status > self.status
                {
                    let text = format!(
                        "Status changed from {} to {}",
                        self.status.label(),
                        status.label()
                    );
                    self.status = status;
                    log(self, EntryKind::Status, text);
                }
            }
            Edit::SetDetectionSource(source) => {
                let show = |s: &Option<DetectionSource>| match s {
                    Some(DetectionSource::Other(text)) => format!("Other: {text}"),
                    Some(s) => s.label().to_owned(),
                    None => String::new(),
                };
                let from = show(&std::mem::replace(&mut self.detection.source, source));
                let to = show(&self.detection.source);
                change(self, "DetectionSource".into(), "Detection source", from, to);
            }
            Edit::SetCustomerImpact(v) => choice!(
                self.assessment.customer_impact,
                v,
                "CustomerImpact",
                "Customer impact"
            ),
            Edit::SetReach(v) => choice!(
                self.assessment.customers_affected,
                v,
                "Reach",
                "Customers affected"
            ),
            Edit::SetServiceState(v) => {
                choice!(self.assessment.service_state, v, "ServiceState", "Service state")
            }
            Edit::SetWorkaround(v) => choice!(self.assessment.workaround, v, "Workaround", "Workaround"),
            Edit::SetSupportCases(v) => {
                let from = std::mem::replace(&mut self.assessment.support_cases, v);
                let show = |n: Option<u32>| n.map_or_else(|| "unknown".to_owned(), |n| n.to_string());
                change(self, "SupportCases".into(), "Support cases", show(from), show(v));
            }
            Edit::SetFactor(factor, on) => {
                let from = std::mem::replace(factor.get_mut(&mut self.assessment.factors), on);
                let show = |on: bool| if on { "ticked" } else { "not ticked" }.to_owned();
                change(self, format!("{factor:?}"), factor.label(), show(from), show(on));
                if on && !from {
                    self.raise_to_forced_level(now, author, factor.label());
                }
            }
            Edit::SetAnswers(answers) => {
                let a = &mut self.assessment;
                let before = a.answers_summary();
                a.customer_impact = answers.customer_impact;
                a.what_customers_see = answers.what_customers_see;
                a.customers_affected = answers.customers_affected;
                a.service_state = answers.service_state;
                a.workaround = answers.workaround;
                a.affected_count = answers.affected_count;
                a.impact_started_at = answers.impact_started_at;
                a.support_cases = answers.support_cases;
                let newly_ticked = Factor::ALL
                    .into_iter()
                    .find(|f| f.get(&answers.factors) && !f.get(&a.factors));
                a.factors = answers.factors;
                let after = a.answers_summary();
                if after != before {
                    let text = format!("Assessment answers changed: {}", answers_diff(&before, &after));
                    log(self, EntryKind::Severity, text);
                }
                if let Some(factor) = newly_ticked {
                    self.raise_to_forced_level(now, author, factor.label());
                }
            }
            Edit::SetSeverity { level, reason } => {
                let scale = self.severity_scale();
                let suggestion = scale.suggest(&self.assessment);
                let reason = match reason.trim() {
                    "" if level == suggestion.level => "Accepted the suggestion".to_owned(),
                    // Overriding the rules must say why.
                    "" => return Err(EditError::NoReason),
                    reason => reason.to_owned(),
                };
                let name = scale.name_of(level);
                let text = match self.severity() {
                    Some(old) if old.level == level => format!("Severity confirmed at {name}: {reason}"),
                    Some(old) => format!(
                        "Severity changed from {} to {name}: {reason}",
                        scale.name_of(old.level)
                    ),
                    None => format!("Severity set to {name}: {reason}"),
                };
                let text = if level == suggestion.level {
                    text
                } else {
                    format!("{text} (suggested {})", scale.name_of(suggestion.level))
                };
                self.record_severity(level, reason, suggestion, text, now, author);
            }
            Edit::SetScale(id) => {
                if id != self.assessment.scale {
                    let name = super::scale::scale(&id).name.clone();
                    self.assessment.scale = id;
                    log(self, EntryKind::Severity, format!("Severity scale set to {name}"));
                }
            }
            Edit::SetStatus(status) => {
                if status != self.status {
                    let text = format!(
                        "Status changed from {} to {}",
                        self.status.label(),
                        status.label()
                    );
                    self.status = status;
                    log(self, EntryKind::Status, text);
                }
            }
            Edit::SetCurrentPhase(phase) => {
                if phase != self.phase {
                    self.phase = phase;
                    let text = format!("Phase {} reached: {}", phase.number(), phase.title());
                    log(self, EntryKind::System, text);
                }
            }
            Edit::AddItem(list) => {
                let id = self.timeline.new_item_id();
                self.add_row(list, id, now, author);
            }
            Edit::AddRow { list, id, text } => {
                if id.is_nil() || list.first_field(id).get(self).is_some() {
                    return Err(EditError::Refused("that row is already there".into()));
                }
                self.add_row(list, id, now, author);
                let field = list.first_field(id);
                let label = field.label(self);
                self.timeline.record_change(
                    now,
                    author,
                    format!("{field:?}"),
                    &label,
                    String::new(),
                    text.clone(),
                    true,
                );
                if let Some(slot) = field.get_mut(self) {
                    *slot = text;
                }
            }
            Edit::RemoveItem(list, id) => {
                // What the row held, so the entry says what went, and where it was.
                fn remove<T: super::fields::HasId>(
                    v: &mut Vec<T>,
                    id: ItemId,
                    show: impl Fn(&T) -> String,
                ) -> Result<(usize, String), EditError> {
                    let i = v
                        .iter()
                        .position(|item| item.id() == id)
                        .ok_or(EditError::Missing)?;
                    Ok((i, show(&v.remove(i))))
                }
                let text_of = |item: &TextItem| item.text.clone();
                let (i, was) = match list {
                    ListKind::AffectedServices => remove(&mut self.detection.affected_services, id, text_of)?,
                    ListKind::Links => remove(&mut self.channels.links, id, |l| {
                        [l.label.trim(), l.url.trim()]
                            .into_iter()
                            .filter(|s| !s.is_empty())
                            .collect::<Vec<_>>()
                            .join(" ")
                    })?,
                    ListKind::Responders => remove(&mut self.escalation.responders, id, |r| r.name.clone())?,
                    ListKind::FollowUps => remove(&mut self.resolution.follow_ups, id, |f| f.text.clone())?,
                    ListKind::FiveWhys => remove(&mut self.postmortem.five_whys, id, text_of)?,
                };
                let what = format!("{} {}", list.item_name(), i + 1);
                let text = match was.trim() {
                    "" => format!("{what} removed (it was empty)"),
                    was => {
                        super::timeline::change_text(&what, was, "").replace(" cleared (was", " removed (was")
                    }
                };
                // The row's id stays in the record, so a merge of two copies
                // knows it was removed rather than never there.
                let entry = self.timeline.add(now, now, author, EntryKind::Change, text);
                if let Some(entry) = self.timeline.get_mut(entry) {
                    entry.change = Some(super::timeline::FieldChange {
                        field: list.removed_field(id),
                        from: was,
                        to: String::new(),
                    });
                }
            }
            Edit::AssignRole { role, person } => {
                let person = person.trim().to_owned();
                if person.is_empty() {
                    return Err(EditError::Missing);
                }
                // Single-holder roles hand over: the previous holder's term ends now.
                let single = !matches!(role, Role::TechLead | Role::SubjectMatterExpert);
                let mut previous = None;
                if single {
                    for a in self.delegation.roles.iter_mut() {
                        if a.role == role && a.until.is_none() {
                            a.until = Some(now);
                            previous = Some(a.person.clone());
                        }
                    }
                }
                let text = match previous {
                    Some(prev) => format!("{} handed over from {prev} to {person}", role.label()),
                    None => format!("{person} is {}", role.label()),
                };
                let id = self.timeline.new_item_id();
                self.delegation.roles.push(RoleAssignment {
                    id,
                    role,
                    person,
                    since: now,
                    until: None,
                });
                log(self, EntryKind::Role, text);
            }
            Edit::EndRole(id) => {
                let a = item_mut(&mut self.delegation.roles, id)?;
                if a.until.is_none() {
                    a.until = Some(now);
                    let text = format!("{} is no longer {}", a.person, a.role.label());
                    log(self, EntryKind::Role, text);
                }
            }
            Edit::AddTask {
                owner,
                text,
                due_in_minutes,
            } => {
                // In range: checked by `out_of_range` above.
                let due_at = due_in_minutes.and_then(|m| super::time::add_minutes(now, i64::from(m)));
                let entry = match due_in_minutes {
                    Some(m) => format!("Task for {owner} (due in {m} min): {text}"),
                    None => format!("Task for {owner}: {text}"),
                };
                let id = self.timeline.new_item_id();
                self.delegation.tasks.push(Task {
                    id,
                    owner,
                    text,
                    created_at: now,
                    due_at,
                    state: TaskState::Open,
                });
                log(self, EntryKind::Action, entry);
            }
            Edit::SetTaskState(id, state) => {
                let task = item_mut(&mut self.delegation.tasks, id)?;
                if task.state != state {
                    task.state = state;
                    let text = format!(
                        "Task {}: {} ({})",
                        state.label().to_lowercase(),
                        task.text,
                        task.owner
                    );
                    log(self, EntryKind::Action, text);
                }
            }
            Edit::SetFollowUpDue(id, due) => {
                let n = place(&self.resolution.follow_ups, id)?;
                let slot = &mut item_mut(&mut self.resolution.follow_ups, id)?.due;
                let from = std::mem::replace(slot, due);
                let show = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
                let label = format!("Follow-up {n} due date");
                change(
                    self,
                    format!("FollowUpDue({id:?})"),
                    &label,
                    show(from),
                    show(due),
                );
            }
            Edit::SetFollowUpDone(id, done) => {
                let n = place(&self.resolution.follow_ups, id)?;
                let slot = &mut item_mut(&mut self.resolution.follow_ups, id)?.done;
                let from = std::mem::replace(slot, done);
                let show = |done: bool| if done { "done" } else { "open" }.to_owned();
                let label = format!("Follow-up {n}");
                change(
                    self,
                    format!("FollowUpDone({id:?})"),
                    &label,
                    show(from),
                    show(done),
                );
            }
            Edit::DraftMessage {
                audience,
                stage,
                channel,
                language,
                text,
            } => {
                let entry = format!(
                    "Message {} drafted: {} message to {} via {}",
                    self.communications.messages.len() + 1,
                    stage.label(),
                    audience.label(),
                    channel.label()
                );
                let id = self.timeline.new_item_id();
                self.communications.messages.push(Message {
                    id,
                    audience,
                    stage,
                    channel,
                    language: Some(language),
                    text,
                    drafted_at: now,
                    sent_at: None,
                    sent_by: String::new(),
                });
                log(self, EntryKind::Comms, entry);
            }
            Edit::SetMessageText(id, text) => {
                let n = place(&self.communications.messages, id)?;
                let message = item_mut(&mut self.communications.messages, id)?;
                if message.sent_at.is_some() {
                    return Err(EditError::MessageAlreadySent);
                }
                let old = std::mem::replace(&mut message.text, text.clone());
                let label = format!("Message {n} text");
                self.timeline.record_change(
                    now,
                    author,
                    format!("MessageText({id:?})"),
                    &label,
                    old,
                    text,
                    true,
                );
            }
            Edit::MarkMessageSent(id) => {
                let message = item_mut(&mut self.communications.messages, id)?;
                if message.sent_at.is_some() {
                    return Err(EditError::MessageAlreadySent);
                }
                message.sent_at = Some(now);
                message.sent_by = author.to_owned();
                let text = format!(
                    "{} sent to {} via {}: {}",
                    message.stage.update_name(),
                    message.audience.label(),
                    message.channel.label(),
                    message.text
                );
                log(self, EntryKind::Comms, text);
            }
            Edit::UnmarkMessageSent(id) => {
                let message = item_mut(&mut self.communications.messages, id)?;
                if message.sent_at.take().is_none() {
                    return Err(EditError::Missing);
                }
                message.sent_by.clear();
                let text = format!(
                    "Not sent after all (marked as sent by mistake): {} to {} via {}",
                    message.stage.update_name(),
                    message.audience.label(),
                    message.channel.label(),
                );
                log(self, EntryKind::Comms, text);
            }
            Edit::Log { kind, text, at } => {
                let text = text.trim().to_owned();
                if text.is_empty() {
                    return Err(EditError::EmptyLog);
                }
                self.timeline.add(at.unwrap_or(now), now, author, kind, text);
            }
            Edit::ReviseEntry { id, text, at } => self.timeline.revise(id, text, at, now, author)?,
            Edit::RetractEntry { id, reason } => self.timeline.retract(id, &reason, now, author)?,
            Edit::SetCadence(kind, minutes) => {
                // 0 minutes means "no cadence of our own", as the loader reads it.
                let minutes = minutes.filter(|m| *m > 0);
                let own = |inc: &Incident| match kind {
                    super::cadence::UpdateKind::Customer => inc.communications.external_cadence_minutes,
                    super::cadence::UpdateKind::Internal => inc.communications.internal_cadence_minutes,
                };
                let show = |inc: &Incident| match own(inc).filter(|m| *m > 0) {
                    Some(m) => format!("every {m} min"),
                    None => format!("every {} min (the severity's)", inc.cadence_minutes(kind)),
                };
                let from = show(self);
                let changed = own(self) != minutes;
                match kind {
                    super::cadence::UpdateKind::Customer => {
                        self.communications.external_cadence_minutes = minutes
                    }
                    super::cadence::UpdateKind::Internal => {
                        self.communications.internal_cadence_minutes = minutes
                    }
                }
                if changed {
                    let to = show(self);
                    let label = format!(
                        "{}{} cadence",
                        kind.label()[..1].to_uppercase(),
                        &kind.label()[1..]
                    );
                    change(self, format!("Cadence({kind:?})"), &label, from, to);
                }
            }
            Edit::Import(batch) => self.import(batch, now, author)?,
            Edit::UndoImport(record) => self.undo_import(record, now, author)?,
            Edit::AddResponder(responder) => {
                let text = match responder.team.trim() {
                    "" => format!("Responder added: {}", responder.name),
                    team => format!("Responder added: {} ({team})", responder.name),
                };
                let id = self.timeline.new_item_id();
                self.escalation.responders.push(Responder { id, ..responder });
                log(self, EntryKind::Escalation, text);
            }
            Edit::SetAckWarningMinutes(minutes) => {
                let minutes = minutes.filter(|m| *m > 0);
                let show = |inc: &Incident| match inc.escalation.ack_warning_minutes.filter(|m| *m > 0) {
                    Some(m) => format!("{m} min"),
                    None => format!("{} min (the default)", inc.ack_warning_minutes()),
                };
                let from = show(self);
                if std::mem::replace(&mut self.escalation.ack_warning_minutes, minutes) != minutes {
                    let to = show(self);
                    change(
                        self,
                        "AckWarningMinutes".into(),
                        "Acknowledgement warning",
                        from,
                        to,
                    );
                }
            }
            Edit::SetIncidentType(id) => {
                let Some(kind) = super::security::incident_type(&id) else {
                    return Err(EditError::Refused(format!("there is no incident type \"{id}\"")));
                };
                if id != self.incident_type {
                    let from = super::security::type_name(&self.incident_type).to_owned();
                    self.incident_type = id;
                    change(
                        self,
                        "IncidentType".into(),
                        "Incident type",
                        from,
                        kind.name.clone(),
                    );
                }
            }
            Edit::SetNotificationRule(id, applies) => {
                let Some(rule) = super::security::notification_rule(&id) else {
                    return Err(EditError::Refused(format!(
                        "there is no notification rule \"{id}\""
                    )));
                };
                let rules = &mut self.security.rules;
                if rules.contains(&id) == applies {
                    return Ok(());
                }
                let text = if applies {
                    rules.push(id);
                    format!("{} applies: {}", rule.name, rule.summary)
                } else {
                    rules.retain(|r| *r != id);
                    format!("{} no longer applies", rule.name)
                };
                log(self, EntryKind::Decision, text);
            }
            Edit::MarkNotified {
                deadline,
                to,
                reference,
            } => {
                let to = to.trim().to_owned();
                if to.is_empty() {
                    return Err(EditError::Refused("say to whom the notice was sent".into()));
                }
                let Some(clock) = self
                    .notification_clocks(now)
                    .into_iter()
                    .find(|c| c.key == deadline)
                else {
                    return Err(EditError::Refused(format!(
                        "\"{deadline}\" is not a deadline of a rule that applies"
                    )));
                };
                if clock.sent.is_some() {
                    return Err(EditError::Refused(format!(
                        "the {} is already marked sent",
                        clock.title()
                    )));
                }
                let late = match clock.due_at {
                    Some(due) if now > due => format!(
                        ", {} after its deadline",
                        super::cadence::format_countdown(now - due)
                    ),
                    _ => String::new(),
                };
                let reference = reference.trim().to_owned();
                let text = format!(
                    "{} {} sent to {to}{}{late}",
                    clock.rule.name,
                    clock.deadline.name.to_lowercase(),
                    if reference.is_empty() {
                        String::new()
                    } else {
                        format!(" (reference {reference})")
                    }
                );
                self.security.notifications.push(super::security::Notification {
                    deadline,
                    sent_at: now,
                    sent_by: author.to_owned(),
                    to,
                    reference,
                });
                log(self, EntryKind::Comms, text);
            }
            Edit::AddEvidence { evidence, restricted } => {
                if let Some(problem) = evidence.problem() {
                    return Err(EditError::Refused(problem));
                }
                if let Some(id) = evidence.follows
                    && self.timeline.get(id).is_none_or(|e| e.evidence.is_none())
                {
                    return Err(EditError::Refused(format!("entry {id} is not an evidence item")));
                }
                let text = evidence.summary(true);
                // A first collection may be recorded after the fact; a hand-on
                // or correction happens as it is recorded.
                let at = if evidence.follows.is_some() {
                    now
                } else {
                    evidence.collected_at
                };
                let id = self.timeline.add(at, now, author, EntryKind::Evidence, text);
                if let Some(entry) = self.timeline.get_mut(id) {
                    entry.evidence = Some(evidence);
                    entry.restricted = restricted;
                }
            }
            Edit::SetRestricted(id, restricted) => {
                let entry = self.timeline.get_mut(id).ok_or(EditError::Missing)?;
                if entry.restricted != restricted {
                    entry.restricted = restricted;
                    let text = if restricted {
                        format!("Entry {id} restricted: left out of the postmortem for wider sharing")
                    } else {
                        format!("Entry {id} no longer restricted")
                    };
                    log(self, EntryKind::System, text);
                }
            }
            Edit::LogCan(report) => {
                if report.conditions.trim().is_empty()
                    && report.actions.trim().is_empty()
                    && report.needs.trim().is_empty()
                {
                    return Err(EditError::EmptyLog);
                }
                let id = self
                    .timeline
                    .add(now, now, author, EntryKind::Can, report.summary());
                if let Some(entry) = self.timeline.get_mut(id) {
                    entry.can = Some(report);
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeDelta, TimeZone, Utc};

    fn t0() -> Timestamp {
        Utc.with_ymd_and_hms(2026, 11, 25, 14, 0, 0).unwrap()
    }

    fn incident() -> Incident {
        Incident::declare(t0(), "Ana")
    }

    #[test]
    fn wizard_answers_are_saved_as_one_step_on_the_record() {
        use crate::model::{CustomerImpact, Reach};
        let mut inc = incident();
        let entries = inc.timeline.len();
        let mut answers = inc.assessment.clone();
        answers.customer_impact = CustomerImpact::External;
        answers.customers_affected = Reach::All;
        answers.affected_count = "about 30%".into();
        answers.support_cases = Some(12);
        answers.factors.data_loss = true;
        // The scale and the history are not the wizard's to change.
        answers.scale = "pagerduty-5".into();
        answers.severity_history.clear();
        inc.apply(Edit::SetAnswers(Box::new(answers.clone())), t0(), "Ana")
            .unwrap();
        let a = &inc.assessment;
        assert_eq!(
            (a.customer_impact, a.customers_affected),
            (CustomerImpact::External, Reach::All)
        );
        assert_eq!(
            (a.affected_count.as_str(), a.support_cases),
            ("about 30%", Some(12))
        );
        assert!(a.factors.data_loss);
        assert_eq!(a.scale, incident().assessment.scale);
        assert_eq!(inc.timeline.len(), entries + 1);
        let entry = inc.timeline.entries.last().unwrap();
        assert_eq!(entry.kind, EntryKind::Severity);
        assert!(
            entry
                .text
                .starts_with("Assessment answers changed: impact: Unknown -> External customers; "),
            "{}",
            entry.text
        );
        assert!(
            entry.text.contains("support cases: unknown -> 12"),
            "{}",
            entry.text
        );
        // The same answers again: nothing to record.
        inc.apply(Edit::SetAnswers(Box::new(answers.clone())), t0(), "Ana")
            .unwrap();
        assert_eq!(inc.timeline.len(), entries + 1);
        // A time outside the calendar the file holds is refused whole.
        let before = inc.clone();
        answers.impact_started_at = Some(Utc.with_ymd_and_hms(1800, 1, 1, 0, 0, 0).unwrap());
        answers.support_cases = Some(99);
        assert!(matches!(
            inc.apply(Edit::SetAnswers(Box::new(answers)), t0(), "Ana"),
            Err(EditError::OutOfRange(_))
        ));
        assert_eq!(inc, before);
    }

    #[test]
    fn text_fields_read_and_write_the_same_slot() {
        let mut inc = incident();
        inc.apply(Edit::AddItem(ListKind::Responders), t0(), "Ana")
            .unwrap();
        let fields = [
            TextField::Title,
            TextField::RoomTopic,
            TextField::ResponderContact(inc.responder_id(0)),
            TextField::PostmortemLessons,
        ];
        for (n, field) in fields.into_iter().enumerate() {
            inc.apply(Edit::SetText(field, format!("value {n}")), t0(), "Ana")
                .unwrap();
            assert_eq!(field.get(&inc).unwrap(), &format!("value {n}"));
        }
        assert_eq!(inc.escalation.responders[0].contact, "value 2");
    }

    #[test]
    fn editing_a_missing_item_fails_and_changes_nothing() {
        let mut inc = incident();
        let before = inc.clone();
        let err = inc.apply(
            Edit::SetText(TextField::TaskText(inc.task_id(3)), "x".into()),
            t0(),
            "Ana",
        );
        assert_eq!(err, Err(EditError::Missing));
        assert_eq!(
            inc.apply(Edit::RemoveItem(ListKind::Links, ItemId::fresh()), t0(), "Ana"),
            Err(EditError::Missing)
        );
        assert_eq!(inc, before);
    }

    #[test]
    fn other_detection_source_text_is_editable_only_when_other() {
        let mut inc = incident();
        assert!(TextField::DetectionOther.get(&inc).is_none());
        inc.apply(
            Edit::SetDetectionSource(Some(DetectionSource::Other(String::new()))),
            t0(),
            "A",
        )
        .unwrap();
        inc.apply(
            Edit::SetText(TextField::DetectionOther, "vendor email".into()),
            t0(),
            "A",
        )
        .unwrap();
        assert_eq!(
            inc.detection.source,
            Some(DetectionSource::Other("vendor email".into()))
        );
    }

    #[test]
    fn times_in_the_future_or_out_of_order_are_flagged() {
        let mut inc = incident();
        let now = t0() + TimeDelta::hours(2);
        let at = |minutes: i64| t0() + TimeDelta::minutes(minutes);
        inc.detection.declared_at = None;
        // A detection four hours ahead: flagged; a minute of clock drift: not.
        let why = TimeField::Detected
            .problem(&inc, now + TimeDelta::hours(4), now)
            .unwrap();
        assert!(why.contains("in the future (in 4 h)"), "{why}");
        assert_eq!(
            TimeField::Detected.problem(&inc, now + TimeDelta::minutes(1), now),
            None
        );
        // A task may be due later.
        assert_eq!(
            TimeField::TaskDue(inc.task_id(0)).problem(&inc, now + TimeDelta::hours(4), now),
            None
        );
        // Out of order, both ways round, for every pair.
        inc.detection.detected_at = Some(at(10));
        inc.detection.fault_started_at = None;
        let why = TimeField::FaultStarted.problem(&inc, at(20), now).unwrap();
        assert!(why.starts_with("after detection time"), "{why}");
        assert_eq!(TimeField::FaultStarted.problem(&inc, at(5), now), None);
        inc.resolution.mitigated_at = Some(at(60));
        let why = TimeField::Resolved.problem(&inc, at(50), now).unwrap();
        assert!(why.starts_with("before mitigation time"), "{why}");
        assert_eq!(TimeField::Resolved.problem(&inc, at(70), now), None);
        let why = TimeField::Mitigated.problem(&inc, at(5), now).unwrap();
        assert!(why.starts_with("before detection time"), "{why}");
        inc.resolution.resolved_at = Some(at(70));
        let why = TimeField::Closed.problem(&inc, at(65), now).unwrap();
        assert!(why.starts_with("before resolution time"), "{why}");
        let why = TimeField::Declared.problem(&inc, at(9), now).unwrap();
        assert!(why.starts_with("before detection time"), "{why}");
        inc.detection.fault_started_at = Some(at(0));
        let why = TimeField::ImpactStarted.problem(&inc, at(-1), now).unwrap();
        assert!(why.starts_with("before fault start time"), "{why}");
        assert_eq!(TimeField::ImpactStarted.problem(&inc, at(3), now), None);
    }

    #[test]
    fn severity_changes_are_kept_and_logged() {
        let mut inc = incident();
        let set = |level, reason: &str| Edit::SetSeverity {
            level: SeverityLevel(level),
            reason: reason.into(),
        };
        // Everything unknown: the rules suggest SEV1. Another level needs a reason.
        assert_eq!(inc.apply(set(2, " "), t0(), "Ana"), Err(EditError::NoReason));
        inc.apply(set(1, ""), t0(), "Ana").unwrap();
        let first = inc.severity().unwrap().clone();
        assert_eq!(
            (first.level, first.suggested),
            (SeverityLevel(1), Some(SeverityLevel(1)))
        );
        assert_eq!(first.reason, "Accepted the suggestion");
        assert!(
            first.suggestion.contains("assuming the worst"),
            "{}",
            first.suggestion
        );
        assert!(first.answers.contains("impact: Unknown"), "{}", first.answers);
        let later = t0() + TimeDelta::minutes(10);
        inc.apply(set(2, "one region only"), later, "Bo").unwrap();
        assert_eq!(inc.severity().unwrap().level, SeverityLevel(2));
        assert_eq!(inc.assessment.severity_history.len(), 2);
        let last = inc.timeline.entries.last().unwrap();
        assert_eq!(last.kind, EntryKind::Severity);
        assert_eq!(
            last.text,
            "Severity changed from SEV1 to SEV2: one region only (suggested SEV1)"
        );
        assert_eq!(last.author, "Bo");
    }

    /// Answers for "search is slow for everyone, a workaround exists": SEV3.
    fn slow_search(inc: &mut Incident) {
        for edit in [
            Edit::SetCustomerImpact(CustomerImpact::External),
            Edit::SetReach(Reach::All),
            Edit::SetServiceState(ServiceState::Degraded),
            Edit::SetWorkaround(Workaround::Exists),
        ] {
            inc.apply(edit, t0(), "Ana").unwrap();
        }
    }

    #[test]
    fn a_breach_ticked_after_a_level_puts_the_top_level_until_overridden_with_a_reason() {
        for tick in [
            Edit::SetFactor(Factor::SecurityBreach, true),
            Edit::SetFactor(Factor::DataLoss, true),
            Edit::SetFactor(Factor::Confidentiality, true),
        ] {
            let mut inc = incident();
            slow_search(&mut inc);
            inc.apply(
                Edit::SetSeverity {
                    level: SeverityLevel(3),
                    reason: String::new(),
                },
                t0(),
                "Ana",
            )
            .unwrap();
            let later = t0() + TimeDelta::minutes(5);
            inc.apply(tick.clone(), later, "Bo").unwrap();
            let now = inc.severity().unwrap();
            assert_eq!(now.level, SeverityLevel(1), "{tick:?}");
            assert_eq!((now.set_by.as_str(), now.set_at), ("Bo", later));
            let last = inc.timeline.entries.last().unwrap();
            assert!(
                last.text.starts_with("Severity changed from SEV3 to SEV1: "),
                "{}",
                last.text
            );
            assert!(inc.severity_behind().is_none());
            // Lower again only with a reason; then it stays, and nothing nags.
            let lower = |reason: &str| Edit::SetSeverity {
                level: SeverityLevel(2),
                reason: reason.into(),
            };
            assert_eq!(inc.apply(lower(""), later, "Bo"), Err(EditError::NoReason));
            inc.apply(lower("test data only, no customer records"), later, "Bo")
                .unwrap();
            assert_eq!(inc.severity().unwrap().level, SeverityLevel(2));
            assert!(inc.severity_behind().is_none(), "decided on these answers");
        }
        // Press attention raises nothing by itself; the drift notice says it.
        let mut inc = incident();
        slow_search(&mut inc);
        inc.apply(
            Edit::SetSeverity {
                level: SeverityLevel(3),
                reason: String::new(),
            },
            t0(),
            "Ana",
        )
        .unwrap();
        inc.apply(Edit::SetFactor(Factor::PressAttention, true), t0(), "Ana")
            .unwrap();
        assert_eq!(inc.severity().unwrap().level, SeverityLevel(3));
        let (set, suggestion) = inc.severity_behind().expect("answers now suggest more");
        assert_eq!((set, suggestion.level), (SeverityLevel(3), SeverityLevel(2)));
        // The wizard's saved answers tick a breach the same way.
        let mut answers = inc.assessment.clone();
        answers.factors.data_loss = true;
        inc.apply(Edit::SetAnswers(Box::new(answers)), t0(), "Ana")
            .unwrap();
        assert_eq!(inc.severity().unwrap().level, SeverityLevel(1));
        // Before any level is set nothing is raised: the suggestion says it.
        let mut inc = incident();
        inc.apply(Edit::SetFactor(Factor::SecurityBreach, true), t0(), "Ana")
            .unwrap();
        assert!(inc.severity().is_none());
    }

    #[test]
    fn answers_that_now_suggest_more_are_flagged_until_decided_again() {
        let mut inc = incident();
        slow_search(&mut inc);
        inc.apply(
            Edit::SetSeverity {
                level: SeverityLevel(3),
                reason: String::new(),
            },
            t0(),
            "Ana",
        )
        .unwrap();
        assert!(inc.severity_behind().is_none());
        // Milder news changes nothing.
        inc.apply(Edit::SetSupportCases(Some(3)), t0(), "Ana").unwrap();
        assert!(inc.severity_behind().is_none());
        // It turns out to be down: SEV1 suggested above the SEV3 set.
        inc.apply(Edit::SetServiceState(ServiceState::Down), t0(), "Ana")
            .unwrap();
        let (set, suggestion) = inc.severity_behind().unwrap();
        assert_eq!((set, suggestion.level), (SeverityLevel(3), SeverityLevel(1)));
        // Keeping SEV3 on these answers, with a reason, settles it...
        inc.apply(
            Edit::SetSeverity {
                level: SeverityLevel(3),
                reason: "down only for the admin search page".into(),
            },
            t0(),
            "Ana",
        )
        .unwrap();
        assert!(inc.severity_behind().is_none());
        // ...until the answers change again; raising it settles it too.
        inc.apply(Edit::SetWorkaround(Workaround::Unavailable), t0(), "Ana")
            .unwrap();
        assert!(inc.severity_behind().is_some());
        inc.apply(
            Edit::SetSeverity {
                level: SeverityLevel(1),
                reason: String::new(),
            },
            t0(),
            "Ana",
        )
        .unwrap();
        assert!(inc.severity_behind().is_none());
    }

    #[test]
    fn scale_choice_renames_levels_and_is_logged() {
        let mut inc = incident();
        inc.apply(Edit::SetScale("pagerduty-5".into()), t0(), "Ana")
            .unwrap();
        inc.apply(
            Edit::SetSeverity {
                level: SeverityLevel(4),
                reason: "internal only".into(),
            },
            t0(),
            "Ana",
        )
        .unwrap();
        let texts: Vec<&str> = inc.timeline.iter().map(|e| e.text.as_str()).collect();
        assert!(
            texts.contains(&"Severity scale set to Five levels (SEV-1-SEV-5, PagerDuty)"),
            "{texts:?}"
        );
        assert!(
            texts
                .last()
                .unwrap()
                .starts_with("Severity set to SEV-4: internal only"),
            "{texts:?}"
        );
    }

    #[test]
    fn status_change_is_logged_once() {
        let mut inc = incident();
        let n = inc.timeline.len();
        inc.apply(Edit::SetStatus(Status::Identified), t0(), "Ana")
            .unwrap();
        inc.apply(Edit::SetStatus(Status::Identified), t0(), "Ana")
            .unwrap();
        assert_eq!(inc.timeline.len(), n + 1);
        assert_eq!(
            inc.timeline.entries.last().unwrap().text,
            "Status changed from Investigating to Identified"
        );
    }

    #[test]
    fn assigning_a_single_role_hands_over() {
        let mut inc = incident();
        inc.apply(
            Edit::AssignRole {
                role: Role::IncidentManager,
                person: "Ana".into(),
            },
            t0(),
            "Ana",
        )
        .unwrap();
        let later = t0() + TimeDelta::hours(1);
        inc.apply(
            Edit::AssignRole {
                role: Role::IncidentManager,
                person: "Bo".into(),
            },
            later,
            "Ana",
        )
        .unwrap();
        assert_eq!(inc.current_holder(&Role::IncidentManager).unwrap().person, "Bo");
        assert_eq!(inc.delegation.roles[0].until, Some(later));
        assert!(
            inc.timeline
                .entries
                .last()
                .unwrap()
                .text
                .contains("handed over from Ana to Bo")
        );
        // Tech Leads can be several at once.
        inc.apply(
            Edit::AssignRole {
                role: Role::TechLead,
                person: "Cy".into(),
            },
            later,
            "Bo",
        )
        .unwrap();
        inc.apply(
            Edit::AssignRole {
                role: Role::TechLead,
                person: "Di".into(),
            },
            later,
            "Bo",
        )
        .unwrap();
        assert_eq!(inc.current_holders(&Role::TechLead).count(), 2);
    }

    #[test]
    fn paging_is_logged_at_the_page_time() {
        let mut inc = incident();
        inc.apply(Edit::AddItem(ListKind::Responders), t0(), "Ana")
            .unwrap();
        inc.apply(
            Edit::SetText(TextField::ResponderName(inc.responder_id(0)), "Bo".into()),
            t0(),
            "Ana",
        )
        .unwrap();
        let paged = t0() + TimeDelta::minutes(3);
        let now = t0() + TimeDelta::minutes(5);
        inc.apply(
            Edit::SetTime(TimeField::ResponderPaged(inc.responder_id(0)), Some(paged)),
            now,
            "Ana",
        )
        .unwrap();
        let entry = inc.timeline.entries.last().unwrap();
        assert_eq!((entry.at, entry.recorded_at), (paged, now));
        assert_eq!(entry.text, "Paged Bo");
        // Correcting the time later logs the correction, not a second page.
        let n = inc.timeline.len();
        inc.apply(
            Edit::SetTime(TimeField::ResponderPaged(inc.responder_id(0)), Some(now)),
            now,
            "Ana",
        )
        .unwrap();
        assert_eq!(inc.timeline.len(), n + 1);
        let entry = inc.timeline.entries.last().unwrap();
        assert_eq!(
            entry.text,
            "Responder 1 page time changed from \u{201c}2026-11-25 14:03:00 UTC\u{201d} to \u{201c}2026-11-25 14:05:00 UTC\u{201d}"
        );
        assert_eq!(entry.kind, EntryKind::Change);
    }

    #[test]
    fn tasks_and_messages_are_logged() {
        let mut inc = incident();
        inc.apply(
            Edit::AddTask {
                owner: "Bo".into(),
                text: "roll back".into(),
                due_in_minutes: Some(15),
            },
            t0(),
            "Ana",
        )
        .unwrap();
        assert_eq!(
            inc.delegation.tasks[0].due_at,
            Some(t0() + TimeDelta::minutes(15))
        );
        inc.apply(Edit::SetTaskState(inc.task_id(0), TaskState::Done), t0(), "Ana")
            .unwrap();
        assert!(
            inc.timeline
                .entries
                .last()
                .unwrap()
                .text
                .starts_with("Task done: roll back")
        );
        inc.apply(
            Edit::DraftMessage {
                audience: Audience::Customers,
                stage: Stage::Investigating,
                channel: MessageChannel::StatusPage,
                language: Default::default(),
                text: "We are investigating".into(),
            },
            t0(),
            "Ana",
        )
        .unwrap();
        inc.apply(Edit::MarkMessageSent(inc.message_id(0)), t0(), "Ana")
            .unwrap();
        assert_eq!(
            inc.apply(Edit::SetMessageText(inc.message_id(0), "x".into()), t0(), "Ana"),
            Err(EditError::MessageAlreadySent)
        );
        // A mistaken "sent" is taken back, on the record; then it is a draft again.
        let mut undone = inc.clone();
        undone
            .apply(Edit::UnmarkMessageSent(undone.message_id(0)), t0(), "Ana")
            .unwrap();
        assert_eq!(undone.communications.messages[0].sent_at, None);
        let texts: Vec<_> = undone.timeline.iter().map(|e| e.text.as_str()).collect();
        assert!(texts.iter().any(|t| t.contains("update sent to")), "{texts:?}");
        assert!(
            texts.last().unwrap().starts_with("Not sent after all"),
            "{texts:?}"
        );
        assert_eq!(
            undone.apply(Edit::UnmarkMessageSent(undone.message_id(0)), t0(), "Ana"),
            Err(EditError::Missing)
        );
        undone
            .apply(
                Edit::SetMessageText(inc.message_id(0), "fixed".into()),
                t0(),
                "Ana",
            )
            .unwrap();
        assert_eq!(
            inc.apply(Edit::MarkMessageSent(inc.message_id(0)), t0(), "Ana"),
            Err(EditError::MessageAlreadySent)
        );
        assert_eq!(inc.timeline.entries.last().unwrap().kind, EntryKind::Comms);
    }

    #[test]
    fn log_rejects_empty_and_supports_backdating() {
        let mut inc = incident();
        assert_eq!(
            inc.apply(
                Edit::Log {
                    kind: EntryKind::Note,
                    text: "  ".into(),
                    at: None
                },
                t0(),
                "A"
            ),
            Err(EditError::EmptyLog)
        );
        let earlier = t0() - TimeDelta::minutes(30);
        inc.apply(
            Edit::Log {
                kind: EntryKind::Decision,
                text: "roll back".into(),
                at: Some(earlier),
            },
            t0(),
            "A",
        )
        .unwrap();
        assert_eq!(inc.timeline.entries[0].text, "roll back");
        assert_eq!(inc.timeline.entries[0].recorded_at, t0());
    }

    #[test]
    fn status_follows_milestones_forward_only() {
        let t0 = Utc.with_ymd_and_hms(2026, 11, 25, 14, 0, 0).unwrap();
        let mut inc = Incident::declare(t0, "Ana");
        inc.apply(Edit::SetTime(TimeField::Mitigated, Some(t0)), t0, "Ana")
            .unwrap();
        assert_eq!(inc.status, Status::Monitoring);
        inc.apply(
            Edit::SetTime(TimeField::Resolved, Some(t0 + TimeDelta::minutes(5))),
            t0,
            "Ana",
        )
        .unwrap();
        assert_eq!(inc.status, Status::Resolved);
        // Correcting the mitigation time does not move the status back.
        inc.apply(
            Edit::SetTime(TimeField::Mitigated, Some(t0 + TimeDelta::minutes(1))),
            t0,
            "Ana",
        )
        .unwrap();
        assert_eq!(inc.status, Status::Resolved);
        let texts: Vec<&str> = inc.timeline.iter().map(|e| e.text.as_str()).collect();
        assert!(
            texts.contains(&"Status changed from Monitoring to Resolved"),
            "{texts:?}"
        );
    }

    #[test]
    fn can_reports_are_structured_entries() {
        let t0 = Utc.with_ymd_and_hms(2026, 11, 25, 14, 0, 0).unwrap();
        let mut inc = Incident::declare(t0, "Ana");
        assert_eq!(
            inc.apply(Edit::LogCan(CanReport::default()), t0, "Ana"),
            Err(EditError::EmptyLog)
        );
        let report = CanReport {
            from: "Bo".into(),
            conditions: "db-3 at 100% CPU".into(),
            actions: "failing over to db-4".into(),
            needs: "DBA approval".into(),
        };
        inc.apply(Edit::LogCan(report.clone()), t0, "Ana").unwrap();
        let entry = inc.timeline.entries.last().unwrap();
        assert_eq!(entry.kind, EntryKind::Can);
        assert_eq!(entry.can.as_ref(), Some(&report));
        assert!(
            entry
                .text
                .starts_with("CAN from Bo: Conditions: db-3 at 100% CPU | Actions")
        );
        // Saved and read back, the report is the same (the file format
        // itself is tested in src/file).
        let text = ron::to_string(&inc).unwrap();
        assert_eq!(ron::from_str::<Incident>(&text).unwrap(), inc);
    }
}
