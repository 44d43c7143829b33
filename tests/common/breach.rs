//! The security example (`assets/examples/customer-data-breach.ron`), built
//! from edits as the console makes them: a phishing login to a support
//! tool, customer records exported, Suricata alerts, evidence, GDPR and
//! NIS2 clocks. `the_breach_example_is_what_its_builder_makes` keeps the
//! file and this builder the same (UPDATE_EXAMPLES=1 rewrites the file).

use chrono::{TimeDelta, TimeZone, Utc};
use incident_console::model::*;

pub const BREACH_EXAMPLE: &str = "assets/examples/customer-data-breach.ron";

/// 2026-11-30 02:00 UTC plus `minutes`.
pub fn b(minutes: i64) -> Timestamp {
    Utc.with_ymd_and_hms(2026, 11, 30, 2, 0, 0).unwrap() + TimeDelta::minutes(minutes)
}

/// The example as saved in assets.
pub fn breach_example() -> Incident {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(BREACH_EXAMPLE);
    incident_console::file::load(&path).expect("the breach example loads")
}

pub fn build_breach_example() -> Incident {
    // The same ids every time, so the file stays what the builder makes.
    incident_console::model::uid::seed_this_thread(20_261_130);
    let mut inc = Incident::declare(b(45), "Giulia Russo");
    let at = |inc: &mut Incident, minute: i64, who: &str, edit: Edit| {
        inc.apply(edit, b(minute), who)
            .unwrap_or_else(|e| panic!("{e} at minute {minute}"));
    };
    use TextField::*;
    let g = "Giulia Russo";
    at(&mut inc, 45, g, Edit::SetText(Id, "INC-2026-0107".into()));
    at(&mut inc, 45, g, Edit::SetText(DeclaredBy, g.into()));
    at(
        &mut inc,
        46,
        g,
        Edit::SetText(
            Title,
            "Customer records exported through a phished support account".into(),
        ),
    );
    at(
        &mut inc,
        46,
        g,
        Edit::SetText(
            Summary,
            "A support agent's account was phished; the attacker used it to export customer contact records from the support tool to an external host.".into(),
        ),
    );
    at(
        &mut inc,
        46,
        g,
        Edit::SetDetectionSource(Some(DetectionSource::MonitoringAlert)),
    );
    at(&mut inc, 46, g, Edit::SetTime(TimeField::Detected, Some(b(40))));
    at(&mut inc, 47, g, Edit::AddItem(ListKind::AffectedServices));
    let service = inc.row_id(ListKind::AffectedServices, 0);
    at(
        &mut inc,
        47,
        g,
        Edit::SetText(AffectedService(service), "support-desk".into()),
    );
    at(
        &mut inc,
        47,
        g,
        Edit::SetText(ChatRoom, "#inc-0107-restricted".into()),
    );
    at(&mut inc, 48, g, Edit::SetFactor(Factor::SecurityBreach, true));
    at(&mut inc, 48, g, Edit::SetFactor(Factor::Confidentiality, true));
    at(
        &mut inc,
        48,
        g,
        Edit::SetIncidentType("personal-data-breach".into()),
    );
    at(
        &mut inc,
        49,
        g,
        Edit::SetNotificationRule("gdpr-art33".into(), true),
    );
    at(
        &mut inc,
        49,
        g,
        Edit::SetNotificationRule("nis2-art23".into(), true),
    );
    at(&mut inc, 49, g, Edit::SetTime(TimeField::Aware, Some(b(45))));
    at(&mut inc, 50, g, Edit::SetCustomerImpact(CustomerImpact::External));
    at(&mut inc, 50, g, Edit::SetReach(Reach::SubsetOrRegion));
    at(
        &mut inc,
        50,
        g,
        Edit::SetText(AffectedCount, "about 18,400 customers".into()),
    );
    at(
        &mut inc,
        50,
        g,
        Edit::SetText(
            WhatCustomersSee,
            "Nothing yet; their names, email addresses and phone numbers may be used for phishing.".into(),
        ),
    );
    at(
        &mut inc,
        50,
        g,
        Edit::SetText(AffectedForCustomers, "your support account".into()),
    );
    at(
        &mut inc,
        51,
        g,
        Edit::SetSeverity {
            level: SeverityLevel(1),
            reason: String::new(),
        },
    );
    for (minute, role, person) in [
        (52, Role::IncidentManager, g),
        (52, Role::SecurityLead, "Marco Bianchi"),
        (53, Role::Forensics, "Sara Conti"),
        (55, Role::Legal, "Elena Ferri"),
        (56, Role::CommunicationsManager, "Luca Moretti"),
        (70, Role::ExecutiveSponsor, "Anna Galli"),
    ] {
        at(
            &mut inc,
            minute,
            g,
            Edit::AssignRole {
                role,
                person: person.into(),
            },
        );
    }
    // The IDS alerts that started it, from the hand-written EVE fixture.
    let eve = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/eve.json");
    let eve = incident_console::import::read_eve(&eve).unwrap();
    at(
        &mut inc,
        58,
        "Marco Bianchi",
        Edit::Import(
            eve.alerts
                .into_batch("Suricata EVE alerts".into(), "eve.json".into(), false),
        ),
    );
    let m = "Marco Bianchi";
    at(
        &mut inc,
        62,
        m,
        Edit::Log {
            kind: EntryKind::Action,
            text: "Workstation ws-0142 isolated from the network (EDR); support agent's sessions revoked"
                .into(),
            at: Some(b(64)),
        },
    );
    at(
        &mut inc,
        65,
        m,
        Edit::SetTime(TimeField::Security(Milestone::ContainmentStarted), Some(b(64))),
    );
    at(
        &mut inc,
        80,
        "Sara Conti",
        Edit::AddEvidence {
            evidence: Evidence {
                path: "/cases/INC-2026-0107/ws-0142-memory.lime".into(),
                size: 17_179_869_184,
                sha256: "9f2c4e71d0b8a35e6c1f7a2b94d08e53c6a17f0b2d9e84c35a6f1b07e2d9c4a8".into(),
                what: "Memory image of ws-0142".into(),
                collected_by: "Sara Conti".into(),
                collected_at: b(78),
                handed_to: "Evidence locker 3 (Sara Conti)".into(),
                follows: None,
            },
            restricted: false,
        },
    );
    at(
        &mut inc,
        92,
        m,
        Edit::AddEvidence {
            evidence: Evidence {
                path: "/cases/INC-2026-0107/support-desk-audit-2026-11-30.jsonl".into(),
                size: 48_213_771,
                sha256: "3b7a0e19c4d2f85a61e9b03c7d48f2a6e15b9c0d7a3f28e46b1c95d0a7e3f412".into(),
                what: "Support-desk audit log, 2026-11-29 18:00 to 2026-11-30 03:30 UTC".into(),
                collected_by: m.into(),
                collected_at: b(90),
                handed_to: String::new(),
                follows: None,
            },
            restricted: false,
        },
    );
    at(&mut inc, 95, m, Edit::Log {
        kind: EntryKind::Note,
        text: "Export job ran under the account of support agent j.moreau; HR and the agent's manager informed".into(),
        at: None,
    });
    let restricted = inc.timeline.iter().last().unwrap().id;
    at(&mut inc, 95, m, Edit::SetRestricted(restricted, true));
    at(
        &mut inc,
        100,
        m,
        Edit::SetTime(TimeField::Security(Milestone::Contained), Some(b(100))),
    );
    // The memory image handed on: the same file, a new item that follows it.
    let (first_id, first) = inc
        .evidence()
        .next()
        .map(|(id, item, _)| (id, item.clone()))
        .unwrap();
    at(
        &mut inc,
        110,
        "Sara Conti",
        Edit::AddEvidence {
            evidence: Evidence {
                what: "Memory image of ws-0142, handed to the external forensics firm".into(),
                handed_to: "Lumen Forensics (courier ref. LF-88213)".into(),
                follows: Some(first_id),
                ..first
            },
            restricted: true,
        },
    );
    at(
        &mut inc,
        120,
        "Elena Ferri",
        Edit::SetText(
            SecurityContact,
            "our Data Protection Officer, dpo@example.com, +39 02 0000 0000".into(),
        ),
    );
    at(&mut inc, 150, "Elena Ferri", Edit::Log {
        kind: EntryKind::Decision,
        text: "Notify the Garante and CSIRT Italia; notify affected customers (high risk: contact data usable for phishing)".into(),
        at: None,
    });
    // What is known by the time the notices are written.
    for (field, text) in [
        (
            PostmortemAttackVector,
            "A phishing email (\"Your support-desk session expired\") led agent j.moreau to a look-alike login page at 02:05 UTC; the stolen session had no second factor.",
        ),
        (
            PostmortemIndicators,
            "Domain cdn-static-update.example-cdn.net; IP 203.0.113.50 (beacon), 198.51.100.23 (upload); user agent curl/8.5.0; Suricata SIDs 2027082 and 2019416.",
        ),
        (
            PostmortemDataAffected,
            "Names, email addresses and phone numbers of about 18,400 customers (support contacts since 2024). No passwords or payment data; the export was not encrypted.",
        ),
    ] {
        at(&mut inc, 150, m, Edit::SetText(field, text.into()));
    }
    // The customer notice, from the built-in breach template, sent; the
    // regulator's notification drafted from its template.
    let templates = incident_console::comms::Templates::builtin();
    for (minute, name, audience) in [
        (160, "customer-breach-notice", Audience::Customers),
        (170, "regulator-breach-notification", Audience::Regulators),
    ] {
        let text = templates.render(name, Lang::En, &inc, b(minute)).text;
        let edit = Edit::DraftMessage {
            audience,
            stage: Stage::Update,
            channel: audience.usual_channel(),
            language: Lang::En,
            text,
        };
        at(&mut inc, minute, "Luca Moretti", edit);
    }
    let first = inc.message_id(0);
    at(&mut inc, 175, "Luca Moretti", Edit::MarkMessageSent(first));
    at(
        &mut inc,
        420,
        "Sara Conti",
        Edit::SetTime(TimeField::Security(Milestone::Eradicated), Some(b(420))),
    );
    at(
        &mut inc,
        600,
        g,
        Edit::SetTime(TimeField::Security(Milestone::Recovered), Some(b(600))),
    );
    at(
        &mut inc,
        610,
        g,
        Edit::SetTime(TimeField::Mitigated, Some(b(100))),
    );
    at(&mut inc, 612, g, Edit::SetTime(TimeField::Resolved, Some(b(610))));
    at(
        &mut inc,
        830,
        "Elena Ferri",
        Edit::MarkNotified {
            deadline: "nis2-art23/early-warning".into(),
            to: "CSIRT Italia".into(),
            reference: "EW-2026-1187".into(),
        },
    );
    at(
        &mut inc,
        60 * 56,
        "Elena Ferri",
        Edit::MarkNotified {
            deadline: "gdpr-art33/authority".into(),
            to: "Garante per la protezione dei dati personali".into(),
            reference: "DB-2026-04410".into(),
        },
    );
    at(
        &mut inc,
        60 * 56 + 30,
        "Elena Ferri",
        Edit::MarkNotified {
            deadline: "nis2-art23/notification".into(),
            to: "CSIRT Italia".into(),
            reference: "IN-2026-1187".into(),
        },
    );
    inc
}
