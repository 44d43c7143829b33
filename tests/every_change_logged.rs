//! Every change to the record is on the timeline: each `Edit` variant (and
//! every text and time field) is applied to real incidents, and any that
//! changes the record without a new timeline entry, by the editor, at the
//! edit's time, fails the test.

use chrono::{NaiveDate, TimeDelta, TimeZone, Utc};
use incident_console::model::cadence::UpdateKind;
use incident_console::model::*;

const AUTHOR: &str = "Zed";

fn now() -> Timestamp {
    Utc.with_ymd_and_hms(2026, 11, 25, 15, 0, 0).unwrap()
}

/// Which variant an edit is; exhaustive, so a new variant does not compile
/// until this test gives it a number and samples.
fn variant(edit: &Edit) -> usize {
    match edit {
        Edit::SetText(..) => 0,
        Edit::SetTime(..) => 1,
        Edit::SetDetectionSource(_) => 2,
        Edit::SetCustomerImpact(_) => 3,
        Edit::SetReach(_) => 4,
        Edit::SetSupportCases(_) => 5,
        Edit::SetFactor(..) => 6,
        Edit::SetAnswers(_) => 7,
        Edit::SetScale(_) => 8,
        Edit::SetSeverity { .. } => 9,
        Edit::SetStatus(_) => 10,
        Edit::SetCurrentPhase(_) => 11,
        Edit::AddItem(_) | Edit::AddRow { .. } => 12,
        Edit::RemoveItem(..) => 13,
        Edit::AssignRole { .. } => 14,
        Edit::EndRole(_) => 15,
        Edit::AddTask { .. } => 16,
        Edit::SetTaskState(..) => 17,
        Edit::SetFollowUpDue(..) => 18,
        Edit::SetFollowUpDone(..) => 19,
        Edit::DraftMessage { .. } => 20,
        Edit::SetMessageText(..) => 21,
        Edit::MarkMessageSent(_) => 22,
        Edit::UnmarkMessageSent(_) => 23,
        Edit::Log { .. } => 24,
        Edit::ReviseEntry { .. } => 25,
        Edit::RetractEntry { .. } => 26,
        Edit::LogCan(_) => 27,
        Edit::SetCadence(..) => 28,
        Edit::Import(_) => 29,
        Edit::UndoImport(_) => 30,
        Edit::AddResponder(_) => 31,
        Edit::SetAckWarningMinutes(_) => 32,
        Edit::SetServiceState(_) => 33,
        Edit::SetWorkaround(_) => 34,
        Edit::SetIncidentType(_) => 35,
        Edit::SetNotificationRule(..) => 36,
        Edit::MarkNotified { .. } => 37,
        Edit::AddEvidence { .. } => 38,
        Edit::SetRestricted(..) => 39,
    }
}
const VARIANTS: usize = 40;

/// Every text field, at the first row of `inc`'s lists; exhaustive like `variant`.
fn text_fields(inc: &Incident) -> Vec<TextField> {
    use TextField::*;
    let row = |list| inc.row_id(list, 0);
    let all = vec![
        Id,
        TicketUrl,
        Title,
        Summary,
        DeclaredBy,
        DetectionOther,
        AffectedService(row(ListKind::AffectedServices)),
        ChatRoom,
        ChatLink,
        VideoBridge,
        RoomTopic,
        ImChatStatus,
        LinkLabel(row(ListKind::Links)),
        LinkUrl(row(ListKind::Links)),
        WhatCustomersSee,
        AffectedForCustomers,
        AffectedCount,
        FactorNotes,
        ResponderName(inc.responder_id(0)),
        ResponderTeam(inc.responder_id(0)),
        ResponderRole(inc.responder_id(0)),
        ResponderContact(inc.responder_id(0)),
        TaskOwner(inc.task_id(0)),
        TaskText(inc.task_id(0)),
        ResolutionSummary,
        FollowUpOwner(row(ListKind::FollowUps)),
        FollowUpText(row(ListKind::FollowUps)),
        PostmortemSummary,
        PostmortemLeadup,
        PostmortemFault,
        PostmortemImpact,
        PostmortemDetection,
        PostmortemResponse,
        PostmortemRecovery,
        FiveWhy(row(ListKind::FiveWhys)),
        PostmortemRootCause,
        PostmortemBacklogCheck,
        PostmortemRecurrence,
        PostmortemLessons,
        PostmortemAttackVector,
        PostmortemIndicators,
        PostmortemDataAffected,
        MilestoneBy(Milestone::Contained),
        SecurityContact,
    ];
    // Compile-time reminder: a new field must be added above.
    for f in &all {
        match f {
            Id
            | TicketUrl
            | Title
            | Summary
            | DeclaredBy
            | DetectionOther
            | AffectedService(_)
            | ChatRoom
            | ChatLink
            | VideoBridge
            | RoomTopic
            | ImChatStatus
            | LinkLabel(_)
            | LinkUrl(_)
            | WhatCustomersSee
            | AffectedForCustomers
            | AffectedCount
            | FactorNotes
            | ResponderName(_)
            | ResponderTeam(_)
            | ResponderRole(_)
            | ResponderContact(_)
            | TaskOwner(_)
            | TaskText(_)
            | ResolutionSummary
            | FollowUpOwner(_)
            | FollowUpText(_)
            | PostmortemSummary
            | PostmortemLeadup
            | PostmortemFault
            | PostmortemImpact
            | PostmortemDetection
            | PostmortemResponse
            | PostmortemRecovery
            | FiveWhy(_)
            | PostmortemRootCause
            | PostmortemBacklogCheck
            | PostmortemRecurrence
            | PostmortemLessons
            | PostmortemAttackVector
            | PostmortemIndicators
            | PostmortemDataAffected
            | MilestoneBy(_)
            | SecurityContact => {}
        }
    }
    all
}

fn time_fields(inc: &Incident) -> Vec<TimeField> {
    use TimeField::*;
    let all = vec![
        FaultStarted,
        Detected,
        Declared,
        ImpactStarted,
        Mitigated,
        Resolved,
        Closed,
        ResponderPaged(inc.responder_id(0)),
        ResponderAcknowledged(inc.responder_id(0)),
        ResponderJoined(inc.responder_id(0)),
        TaskDue(inc.task_id(0)),
        Aware,
    ];
    let all: Vec<TimeField> = all.into_iter().chain(Milestone::ALL.map(Security)).collect();
    for f in &all {
        match f {
            FaultStarted
            | Detected
            | Declared
            | ImpactStarted
            | Mitigated
            | Resolved
            | Closed
            | ResponderPaged(_)
            | ResponderAcknowledged(_)
            | ResponderJoined(_)
            | TaskDue(_)
            | Aware
            | Security(_) => {}
        }
    }
    all
}

/// A new incident with one of everything: rows, a task, a role, a draft,
/// a sent message and an import, so every edit has something to act on.
fn busy_incident() -> Incident {
    let t0 = now() - TimeDelta::hours(1);
    let mut inc = Incident::declare(t0, "Ana");
    let edits = vec![
        Edit::SetDetectionSource(Some(DetectionSource::Other("a customer tweet".into()))),
        Edit::AddItem(ListKind::AffectedServices),
        Edit::AddItem(ListKind::Links),
        Edit::AddItem(ListKind::Responders),
        Edit::AddItem(ListKind::FollowUps),
        Edit::AddItem(ListKind::FiveWhys),
        Edit::AssignRole {
            role: Role::IncidentManager,
            person: "Ana".into(),
        },
        Edit::AddTask {
            owner: "Bo".into(),
            text: "roll back".into(),
            due_in_minutes: Some(15),
        },
        Edit::DraftMessage {
            audience: Audience::Customers,
            stage: Stage::Investigating,
            channel: MessageChannel::StatusPage,
            language: Default::default(),
            text: "We are looking into it.".into(),
        },
        Edit::DraftMessage {
            audience: Audience::Stakeholders,
            stage: Stage::Update,
            channel: MessageChannel::StatusPage,
            language: Default::default(),
            text: "Sent one".into(),
        },
        Edit::Import(batch(t0)),
        Edit::SetIncidentType("personal-data-breach".into()),
        Edit::SetNotificationRule("nis2-art23".into(), true),
    ];
    for edit in edits {
        inc.apply(edit, t0, "Ana").unwrap();
    }
    inc.apply(
        Edit::SetText(TextField::ResponderName(inc.responder_id(0)), "Bo".into()),
        t0,
        "Ana",
    )
    .unwrap();
    inc.apply(Edit::MarkMessageSent(inc.message_id(1)), t0, "Ana")
        .unwrap();
    inc
}

fn batch(at: Timestamp) -> ImportBatch {
    ImportBatch {
        what: "Slack export".into(),
        file: "/tmp/export.json".into(),
        entries: vec![ImportedEntry {
            at,
            author: "Cy".into(),
            kind: EntryKind::Chat,
            text: "is checkout down?".into(),
            source: format!("slack:#inc:{}", at.timestamp()),
        }],
        detection: None,
    }
}

fn samples(inc: &Incident) -> Vec<Edit> {
    let mut out = Vec::new();
    for field in text_fields(inc) {
        out.push(Edit::SetText(field, "a new value".into()));
        out.push(Edit::SetText(field, String::new()));
    }
    let times = [Some(now() - TimeDelta::minutes(20)), None];
    for field in time_fields(inc) {
        for at in times {
            out.push(Edit::SetTime(field, at));
        }
    }
    for source in DetectionSource::CHOICES {
        out.push(Edit::SetDetectionSource(Some(source)));
    }
    out.push(Edit::SetDetectionSource(None));
    out.push(Edit::SetDetectionSource(Some(DetectionSource::Other(
        "pager".into(),
    ))));
    out.extend(CustomerImpact::ALL.map(Edit::SetCustomerImpact));
    out.extend(Reach::ALL.map(Edit::SetReach));
    out.extend(ServiceState::ALL.map(Edit::SetServiceState));
    out.extend(Workaround::ALL.map(Edit::SetWorkaround));
    out.extend([None, Some(0), Some(7)].map(Edit::SetSupportCases));
    for factor in Factor::ALL {
        out.push(Edit::SetFactor(factor, true));
        out.push(Edit::SetFactor(factor, false));
    }
    let mut answers = inc.assessment.clone();
    answers.customer_impact = CustomerImpact::External;
    answers.support_cases = Some(3);
    out.push(Edit::SetAnswers(Box::new(answers)));
    out.push(Edit::SetScale("pagerduty-5".into()));
    out.push(Edit::SetScale("atlassian-3".into()));
    for level in 1..=3 {
        out.push(Edit::SetSeverity {
            level: SeverityLevel(level),
            reason: "checked".into(),
        });
    }
    out.extend(Status::ALL.map(Edit::SetStatus));
    out.extend(Phase::ALL.map(Edit::SetCurrentPhase));
    let lists = [
        ListKind::AffectedServices,
        ListKind::Links,
        ListKind::Responders,
        ListKind::FollowUps,
        ListKind::FiveWhys,
    ];
    for list in lists {
        out.push(Edit::AddItem(list));
        out.push(Edit::RemoveItem(list, inc.row_id(list, 0)));
        out.push(Edit::AddRow {
            list,
            id: ItemId::fresh(),
            text: "typed into a new row".into(),
        });
    }
    out.push(Edit::AssignRole {
        role: Role::IncidentManager,
        person: "Cy".into(),
    });
    out.push(Edit::AssignRole {
        role: Role::TechLead,
        person: "Bo".into(),
    });
    out.push(Edit::EndRole(inc.role_id(0)));
    out.push(Edit::AddTask {
        owner: "Cy".into(),
        text: "check the queue".into(),
        due_in_minutes: None,
    });
    out.extend(TaskState::ALL.map(|s| Edit::SetTaskState(inc.task_id(0), s)));
    let date = NaiveDate::from_ymd_opt(2026, 12, 1);
    let follow_up = inc.follow_up_id(0);
    out.extend([date, None].map(|d| Edit::SetFollowUpDue(follow_up, d)));
    out.extend([true, false].map(|d| Edit::SetFollowUpDone(follow_up, d)));
    for audience in Audience::ALL {
        out.push(Edit::DraftMessage {
            audience,
            stage: Stage::Update,
            channel: MessageChannel::Email,
            language: Default::default(),
            text: "text".into(),
        });
    }
    out.push(Edit::SetMessageText(
        inc.message_id(0),
        "We are still looking.".into(),
    ));
    out.push(Edit::MarkMessageSent(inc.message_id(0)));
    out.push(Edit::UnmarkMessageSent(inc.message_id(1)));
    out.push(Edit::Log {
        kind: EntryKind::Note,
        text: "a note".into(),
        at: None,
    });
    let first = inc.timeline.entries[0].id;
    out.push(Edit::ReviseEntry {
        id: first,
        text: Some("Declared, revised".into()),
        at: None,
    });
    out.push(Edit::RetractEntry {
        id: first,
        reason: "wrong".into(),
    });
    out.push(Edit::LogCan(CanReport {
        from: "Bo".into(),
        conditions: "queue full".into(),
        actions: "draining".into(),
        needs: "nothing".into(),
    }));
    for kind in [UpdateKind::Customer, UpdateKind::Internal] {
        out.extend([Some(10), None, Some(0)].map(|m| Edit::SetCadence(kind, m)));
    }
    out.push(Edit::Import(batch(now() - TimeDelta::minutes(5))));
    if let Some(record) = inc
        .timeline
        .iter()
        .find(|e| e.source.as_deref().is_some_and(|s| s.starts_with("import:")))
    {
        out.push(Edit::UndoImport(record.id));
    }
    out.push(Edit::AddResponder(Responder {
        name: "Dee".into(),
        team: "Payments".into(),
        ..Responder::default()
    }));
    out.extend([Some(3), None].map(Edit::SetAckWarningMinutes));
    for id in ["personal-data-breach", "service-disruption", "no-such-type"] {
        out.push(Edit::SetIncidentType(id.into()));
    }
    for rule in ["gdpr-art33", "nis2-art23", "no-such-rule"] {
        out.extend([true, false].map(|on| Edit::SetNotificationRule(rule.into(), on)));
    }
    for deadline in ["nis2-art23/early-warning", "gdpr-art33/authority"] {
        out.push(Edit::MarkNotified {
            deadline: deadline.into(),
            to: "CSIRT".into(),
            reference: "R-1".into(),
        });
    }
    let evidence = Evidence {
        path: "/cases/fw.log".into(),
        size: 10,
        sha256: "0".repeat(64),
        what: "firewall log".into(),
        collected_by: "Bo".into(),
        collected_at: now() - TimeDelta::minutes(3),
        handed_to: String::new(),
        follows: None,
    };
    out.push(Edit::AddEvidence {
        evidence: evidence.clone(),
        restricted: true,
    });
    out.push(Edit::AddEvidence {
        evidence: Evidence {
            sha256: "no".into(),
            ..evidence
        },
        restricted: false,
    });
    out.extend([true, false].map(|on| Edit::SetRestricted(first, on)));
    out
}

/// The record apart from its timeline.
fn without_timeline(inc: &Incident) -> Incident {
    let mut copy = inc.clone();
    copy.timeline = Timeline::default();
    copy
}

#[test]
fn every_edit_that_changes_the_record_leaves_a_timeline_entry() {
    let example =
        incident_console::file::load(std::path::Path::new("assets/examples/checkout-eu-outage.ron")).unwrap();
    let mut covered = [false; VARIANTS];
    let mut checked = 0;
    for base in [busy_incident(), example] {
        for edit in samples(&base) {
            let mut after = base.clone();
            let described = format!("{edit:?}");
            let index = variant(&edit);
            if after.apply(edit, now(), AUTHOR).is_err() {
                assert_eq!(after, base, "a refused edit changed the record: {described}");
                continue;
            }
            if after == base {
                continue;
            }
            covered[index] = true;
            checked += 1;
            let changed_record = without_timeline(&after) != without_timeline(&base);
            let old: std::collections::HashSet<EntryId> = base.timeline.iter().map(|e| e.id).collect();
            let new: Vec<&TimelineEntry> = after.timeline.iter().filter(|e| !old.contains(&e.id)).collect();
            if changed_record {
                assert!(
                    !new.is_empty(),
                    "changed the record with no timeline entry: {described}"
                );
            }
            // Who and when: written now, by the editor (imported rows keep
            // their own authors; the import's record entry names the editor).
            assert!(
                new.iter().all(|e| e.recorded_at == now())
                    && (new.is_empty() || new.iter().any(|e| e.author == AUTHOR)),
                "{described}: {new:?}"
            );
            // Revising or retracting an entry is recorded in the entry itself.
            let revised = after.timeline.entries.iter().any(|e| {
                base.timeline.get(e.id).is_some_and(|old| {
                    let revised_now = e.revisions.len() > old.revisions.len()
                        && e.revisions.last().is_some_and(|r| r.replaced_by == AUTHOR);
                    let retracted_now =
                        old.retracted.is_none() && e.retracted.as_ref().is_some_and(|r| r.by == AUTHOR);
                    revised_now || retracted_now
                })
            });
            assert!(!new.is_empty() || revised, "no entry for {described}");
        }
    }
    let missing: Vec<usize> = (0..VARIANTS).filter(|i| !covered[*i]).collect();
    assert!(
        missing.is_empty(),
        "no sample changed the record for variants {missing:?}"
    );
    assert!(checked > 150, "only {checked} edits checked");
}

#[test]
fn a_field_change_says_old_and_new_value() {
    let mut inc = busy_incident();
    inc.apply(
        Edit::SetText(TextField::Title, "Checkout down".into()),
        now(),
        AUTHOR,
    )
    .unwrap();
    let later = now() + TimeDelta::minutes(10);
    inc.apply(
        Edit::SetText(TextField::Title, "Checkout fails in EU".into()),
        later,
        "Bo",
    )
    .unwrap();
    let entry = inc.timeline.entries.last().unwrap();
    assert_eq!(entry.kind, EntryKind::Change);
    assert_eq!(
        entry.text,
        "Title changed from \u{201c}Checkout down\u{201d} to \u{201c}Checkout fails in EU\u{201d}"
    );
    let change = entry.change.as_ref().unwrap();
    assert_eq!(
        (change.field.as_str(), change.from.as_str(), change.to.as_str()),
        ("Title", "Checkout down", "Checkout fails in EU")
    );
    assert_eq!((entry.author.as_str(), entry.at), ("Bo", later));
}

#[test]
fn typing_in_a_field_gives_one_entry_per_run() {
    let mut inc = busy_incident();
    let entries = inc.timeline.len();
    let mut text = String::new();
    for (i, c) in "Checkout down".chars().enumerate() {
        text.push(c);
        let at = now() + TimeDelta::seconds(i as i64);
        inc.apply(Edit::SetText(TextField::Title, text.clone()), at, AUTHOR)
            .unwrap();
    }
    assert_eq!(inc.timeline.len(), entries + 1);
    assert_eq!(
        inc.timeline.entries.last().unwrap().text,
        "Title set to \u{201c}Checkout down\u{201d}"
    );
    // Another field, then back: a new run.
    inc.apply(
        Edit::SetText(TextField::Summary, "s".into()),
        now() + TimeDelta::seconds(30),
        AUTHOR,
    )
    .unwrap();
    inc.apply(
        Edit::SetText(TextField::Title, "Checkout down!".into()),
        now() + TimeDelta::seconds(31),
        AUTHOR,
    )
    .unwrap();
    assert_eq!(inc.timeline.len(), entries + 3);
    // Someone else, or a pause longer than a typing run, is a new entry too.
    inc.apply(
        Edit::SetText(TextField::Title, "Checkout down!!".into()),
        now() + TimeDelta::seconds(32),
        "Bo",
    )
    .unwrap();
    assert_eq!(inc.timeline.len(), entries + 4);
    let late = now() + TimeDelta::minutes(10);
    inc.apply(
        Edit::SetText(TextField::Title, "Checkout down".into()),
        late,
        "Bo",
    )
    .unwrap();
    assert_eq!(inc.timeline.len(), entries + 5);
    // Typing back to where the run began leaves no entry for that run.
    let mut inc = busy_incident();
    let entries = inc.timeline.len();
    inc.apply(Edit::SetText(TextField::Summary, "x".into()), now(), AUTHOR)
        .unwrap();
    inc.apply(Edit::SetText(TextField::Summary, String::new()), now(), AUTHOR)
        .unwrap();
    assert_eq!(inc.timeline.len(), entries);
}

#[test]
fn the_declaration_names_the_declarer_once_known() {
    let t0 = now();
    let mut inc = Incident::declare(t0, "");
    assert_eq!(inc.timeline.entries[0].text, "Incident declared by someone");
    inc.apply(Edit::SetText(TextField::DeclaredBy, "Ana".into()), t0, "Ana")
        .unwrap();
    let first = &inc.timeline.entries[0];
    assert_eq!(first.text, "Incident declared by Ana");
    assert_eq!(first.author, "Ana");
    // The old wording stays in the record as a revision.
    assert_eq!(first.revisions.len(), 1);
    // A later rename follows.
    inc.apply(Edit::SetText(TextField::DeclaredBy, "Ana Ruiz".into()), t0, "Ana")
        .unwrap();
    assert_eq!(inc.timeline.entries[0].text, "Incident declared by Ana Ruiz");
}

#[test]
fn page_now_needs_a_name() {
    let mut inc = busy_incident();
    inc.apply(Edit::AddItem(ListKind::Responders), now(), AUTHOR)
        .unwrap();
    let nameless = inc.responder_id(inc.escalation.responders.len() - 1);
    for name in ["", "   "] {
        inc.apply(
            Edit::SetText(TextField::ResponderName(nameless), name.into()),
            now(),
            AUTHOR,
        )
        .unwrap();
        let before = inc.clone();
        let paged = inc.apply(
            Edit::SetTime(TimeField::ResponderPaged(nameless), Some(now())),
            now(),
            AUTHOR,
        );
        assert_eq!(paged, Err(EditError::Unnamed));
        assert_eq!(inc, before);
    }
    inc.apply(
        Edit::SetText(TextField::ResponderName(nameless), "Eve".into()),
        now(),
        AUTHOR,
    )
    .unwrap();
    inc.apply(
        Edit::SetTime(TimeField::ResponderPaged(nameless), Some(now())),
        now(),
        AUTHOR,
    )
    .unwrap();
    assert_eq!(inc.timeline.entries.last().unwrap().text, "Paged Eve");
}

#[test]
fn checklists_count_only_real_content() {
    let check = |inc: &Incident, phase: Phase, label: &str| {
        phase
            .checklist(inc)
            .into_iter()
            .find(|i| i.label == label)
            .unwrap_or_else(|| panic!("no item {label}"))
            .done
    };
    let mut inc = Incident::declare(now(), "Ana");
    inc.apply(Edit::AddItem(ListKind::FollowUps), now(), "Ana")
        .unwrap();
    assert!(!check(&inc, Phase::Resolve, "Follow-up actions recorded"));
    inc.apply(
        Edit::SetText(TextField::FollowUpOwner(inc.follow_up_id(0)), "Bo".into()),
        now(),
        "Ana",
    )
    .unwrap();
    assert!(!check(&inc, Phase::Resolve, "Follow-up actions recorded"));
    inc.apply(
        Edit::SetText(TextField::FollowUpText(inc.follow_up_id(0)), "  ".into()),
        now(),
        "Ana",
    )
    .unwrap();
    assert!(!check(&inc, Phase::Resolve, "Follow-up actions recorded"));
    inc.apply(
        Edit::SetText(
            TextField::FollowUpText(inc.follow_up_id(0)),
            "alert on read-only".into(),
        ),
        now(),
        "Ana",
    )
    .unwrap();
    assert!(check(&inc, Phase::Resolve, "Follow-up actions recorded"));
    // A blank row does not hold back the owners-and-dates check either.
    inc.apply(Edit::AddItem(ListKind::FollowUps), now(), "Ana")
        .unwrap();
    inc.apply(
        Edit::SetFollowUpDue(inc.follow_up_id(0), NaiveDate::from_ymd_opt(2026, 12, 9)),
        now(),
        "Ana",
    )
    .unwrap();
    assert!(check(
        &inc,
        Phase::Lessons,
        "Corrective actions have owners and due dates"
    ));

    // Responders: a nameless row with a page time (from an old file) does not count.
    inc.apply(Edit::AddItem(ListKind::Responders), now(), "Ana")
        .unwrap();
    inc.escalation.responders[0].paged_at = Some(now());
    assert!(!check(&inc, Phase::Escalate, "Responders paged"));
    assert!(!check(&inc, Phase::Escalate, "Every page acknowledged"));
    inc.apply(
        Edit::SetText(TextField::ResponderName(inc.responder_id(0)), "Bo".into()),
        now(),
        "Ana",
    )
    .unwrap();
    assert!(check(&inc, Phase::Escalate, "Responders paged"));
}
