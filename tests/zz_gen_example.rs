// THROWAWAY: generates assets/examples/checkout-eu-outage.ron. Delete after use.
use chrono::{NaiveDate, TimeZone, Utc};
use incident_console::file;
use incident_console::model::*;
use incident_console::model::timeline::{Retraction, Revision};

fn t(hms: &str) -> Timestamp {
    let p: Vec<u32> = hms.split(':').map(|x| x.parse().unwrap()).collect();
    Utc.with_ymd_and_hms(2026, 3, 17, p[0], p[1], p.get(2).copied().unwrap_or(0))
        .unwrap()
}

fn d(m: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(2026, m, day)
}

const PRIYA: &str = "Priya Raman";
const MARCUS: &str = "Marcus Oyelaran";
const AIKO: &str = "Aiko Tanaka";
const TOMASZ: &str = "Tomasz Wieczorek";
const DANIEL: &str = "Daniel Okafor";
const LENA: &str = "Lena Fischer";
const SOFIA: &str = "Sofia Marín";
const RAVI: &str = "Ravi Menon";
const HELENA: &str = "Helena Brandt";

fn msg(audience: Audience, stage: Stage, channel: MessageChannel, drafted: &str, sent: &str, by: &str, text: &str) -> Message {
    Message {
        audience,
        stage,
        channel,
        text: text.to_owned(),
        drafted_at: t(drafted),
        sent_at: Some(t(sent)),
        sent_by: by.to_owned(),
    }
}

fn responder(name: &str, team: &str, role: &str, contact: &str, p: &str, a: &str, j: Option<&str>) -> Responder {
    Responder {
        name: name.into(),
        team: team.into(),
        role: role.into(),
        contact: contact.into(),
        paged_at: Some(t(p)),
        acknowledged_at: Some(t(a)),
        joined_at: j.map(t),
    }
}

fn role(role: Role, person: &str, since: &str, until: Option<&str>) -> RoleAssignment {
    RoleAssignment { role, person: person.into(), since: t(since), until: until.map(t) }
}

fn task(owner: &str, text: &str, created: &str, due: &str, state: TaskState) -> Task {
    Task { owner: owner.into(), text: text.into(), created_at: t(created), due_at: Some(t(due)), state }
}

fn fu(owner: &str, text: &str, due: Option<NaiveDate>, done: bool) -> FollowUp {
    FollowUp { owner: owner.into(), text: text.into(), due, done }
}

#[test]
fn generate() {
    use Audience::*;
    use EntryKind as K;

    let customer_1 = "Checkout failing for customers in Europe\n\nSince about 14:05 UTC, customers in Europe cannot complete card checkout on our website and apps: the payment step ends with \"Something went wrong\" and no order is created. Customers in other regions are not affected. We are investigating; the cause is not yet known. Some customers see a pending card authorisation without an order confirmation; we are looking into this too. Please do not retry repeatedly.\n\nNext update by 14:45 UTC.";
    let customer_2 = "Checkout failing for customers in Europe: cause identified\n\nWe have identified the cause: a software change made this afternoon stopped our checkout from saving orders after planned database maintenance. We are rolling that change back now. Until the rollback completes, card checkout in Europe will keep failing; customers in other regions are not affected. A pending card authorisation from a failed checkout is not a charge; we are working with our payment provider on releasing these, and do not yet know how long each bank takes to show it.\n\nNext update by 15:10 UTC.";
    let customer_3 = "Checkout in Europe working again: monitoring\n\nCheckout in Europe has worked again since 15:09 UTC, after we rolled back the change. Orders placed since then complete normally. We are monitoring to confirm the fix holds. Checkouts that failed between 14:04 and 15:09 UTC did not create orders; we are still working with our payment provider to release their pending card authorisations.\n\nNext update by 15:45 UTC.";
    let customer_4 = "Checkout in Europe: pending authorisations cancelled\n\nCheckout in Europe has worked normally for 35 minutes. We have cancelled, with our payment provider, every pending card authorisation from checkouts that failed between 14:04 and 15:09 UTC; no money was taken for them. How quickly the release shows depends on the customer's bank. We continue to monitor.\n\nNext update by 16:15 UTC.";
    let customer_5 = "Resolved: checkout failures for customers in Europe\n\nFrom 14:04 to 15:09 UTC today (65 minutes), customers in Europe could not complete card checkout on our website and apps, and some saw pending card authorisations for orders that were never created. Checkout has worked normally since 15:09 UTC, and all those authorisations have been cancelled with our payment provider; no money was taken. Customers outside Europe were not affected. We are sorry for the disruption. A postmortem will follow with what happened and what we are changing.";
    let macro_text = "Support macro \"EU checkout errors\": Thank you for reporting this. Since about 14:05 UTC card checkout is failing for customers in Europe and we are working on it (INC-2026-0142). No order was created for a failed checkout. A pending amount on your card from a failed checkout is an authorisation, not a charge, and will be released. Live updates: status.larkspur.example.";
    let stake_1 = "INC-2026-0142 (SEV2): EU card checkout failing since 14:04 UTC; no orders are created in eu-west-1.\n\nCurrent status:\n- Every order insert in eu-west-1 fails with a read-only database error.\n- US and APAC checkout are unaffected.\n- Cause not yet known; a planned database failover (14:03) and a checkout-api deploy (13:52) are both in the window.\n\nNext steps:\n- Database on-call checking which orders-db-eu node is primary.\n- Checkout on-call reviewing changes since 13:45.\n\nNext update: 15:00 UTC or sooner on change.";
    let exec_1 = "INC-2026-0142 is now SEV1: since 14:04 UTC no customer in Europe can complete card checkout (about 38% of our checkout traffic). Some customers see card authorisations without orders, and it is being discussed on social media.\n\nCurrent status:\n- Database failover at 14:03 and checkout-api 4.12.0 (13:52) are the suspects; the cause is not yet confirmed.\n- 61 support tickets so far; a support macro is out.\n\nNext steps:\n- Marcus Oyelaran (major-incident rota) takes command.\n- Payments SME paged about the authorisations.\n\nNext update: 15:15 UTC.";
    let stake_2 = "INC-2026-0142 (SEV1): EU checkout mitigated at 15:09 UTC by rolling back checkout-api to 4.11.3; we are monitoring.\n\nCurrent status:\n- EU checkout success rate back to 97% (normal 96-98%).\n- Cause: checkout-api 4.12.0 let its pool keep writing to the demoted database node after the 14:03 failover.\n- Payments is cancelling authorisation holds from failed checkouts.\n\nNext steps:\n- Confirm holds are cancelled.\n- Deploy freeze on checkout-api in all regions until the pool setting is reviewed.\n\nNext update: 16:00 UTC.";
    let exec_2 = "INC-2026-0142 (SEV1) mitigated at 15:09 UTC: EU checkout works again after a rollback of checkout-api. Impact window 14:04-15:09 UTC.\n\nCurrent status:\n- Checkout success rate normal; monitoring.\n- About 6,480 failed checkout attempts from about 4,900 customers; 5,870 card authorisations to cancel.\n\nNext steps:\n- Cancel authorisations with the payment provider.\n- Postmortem to be scheduled.\n\nNext update: 15:45 UTC.";
    let final_update = "INC-2026-0142 resolved at 16:05 UTC. EU card checkout failed from 14:04 to 15:09 UTC (65 minutes) because checkout-api 4.12.0 kept writing to the demoted orders database node after a planned failover.\n\nCurrent status:\n- Checkout normal for 55 minutes; all 5,870 authorisations cancelled.\n- 214 support tickets, inflow back to normal.\n\nNext steps:\n- Postmortem review on 2026-03-20 (owner Priya Raman).\n- Deploy freeze on checkout-api stays until follow-up 1 is done.\n\nNo further scheduled updates.";

    let mut tl = Timeline::default();
    let mut e = |at: &str, rec: &str, who: &str, kind: EntryKind, text: &str| tl.add(t(at), t(rec), who, kind, text);

    e("13:52:40", "14:31:00", AIKO, K::System, "Deploy: checkout-api 4.12.0 rolled out to eu-west-1 (change CHG-8812, pipeline run 51277). Backdated from the deploy log.");
    e("14:03:10", "14:31:30", TOMASZ, K::System, "Planned failover of orders-db-eu (maintenance MNT-311): db-eu-2 promoted to primary, db-eu-1 demoted to read-only replica. Backdated from the maintenance log.");
    e("14:04:12", "14:36:40", LENA, K::Note, "First \"cannot execute INSERT in a read-only transaction\" from checkout-api in eu-west-1 (from the logs). Taken as the fault start.");
    e("14:09:00", "14:09:00", "Alertmanager", K::System, "Alert CheckoutSuccessRateLow fired for region eu: success rate 58% over 5 min (threshold 90%).");
    e("14:10:30", "14:10:30", PRIYA, K::Escalation, "Priya Raman acknowledged the page");
    e("14:11:05", "14:11:05", PRIYA, K::System, "Incident declared by Priya Raman");
    e("14:11:20", "14:11:20", PRIYA, K::Role, "Priya Raman is Incident Manager");
    e("14:12:30", "14:12:30", PRIYA, K::Action, "Opened #inc-2026-0142-checkout-eu and the video bridge; room topic set; my chat status set to INC-2026-0142.");
    e("14:14:00", "14:14:00", PRIYA, K::Escalation, "Paged Daniel Okafor");
    e("14:16:00", "14:16:00", PRIYA, K::Escalation, "Paged Aiko Tanaka");
    e("14:17:10", "14:17:10", PRIYA, K::Role, "Daniel Okafor is Communications Manager");
    e("14:18:20", "14:18:20", PRIYA, K::Role, "Lena Fischer is Scribe");
    let edited = e("14:19:00", "14:19:00", LENA, K::Note, "EU checkout error rate is 100% for card payments since 14:04; the 40% figure was the blended global rate.");
    e("14:20:00", "14:20:00", PRIYA, K::Role, "Aiko Tanaka is Tech Lead");
    e("14:20:30", "14:20:30", PRIYA, K::Severity, "Severity set to SEV2: checkout is down for customers in one region (EU); other regions work.");
    e("14:21:00", "14:21:00", PRIYA, K::Action, "Task for Aiko Tanaka (due in 14 min): List every change to checkout in eu-west-1 since 13:45");
    e("14:22:40", "14:22:40", DANIEL, K::Comms, &format!("Investigating update sent to Customers (external) via Status page: {customer_1}"));
    e("14:24:00", "14:24:00", AIKO, K::Note, "checkout-api logs in eu-west-1: every order insert fails with \"cannot execute INSERT in a read-only transaction\". The card is authorised before the insert, so failed checkouts leave authorisation holds.");
    e("14:24:30", "14:24:30", PRIYA, K::Escalation, "Paged Tomasz Wieczorek");
    let retracted = e("14:26:00", "14:26:00", AIKO, K::Note, "payments-gateway p99 latency spiked at 14:05: possibly a problem at the payment provider?");
    e("14:29:10", "14:29:10", PRIYA, K::Role, "Tomasz Wieczorek is Tech Lead");
    e("14:30:00", "14:30:00", DANIEL, K::Comms, &format!("Update update sent to Stakeholders (internal) via Chat: {stake_1}"));
    e("14:32:00", "14:32:00", TOMASZ, K::Note, "CAN from database: Conditions: db-eu-2 is primary since the 14:03:10 failover, healthy and taking writes; db-eu-1 is a read-only replica. Actions: none on the database. Needs: find out why checkout-api still writes to db-eu-1.");
    e("14:33:00", "14:33:00", PRIYA, K::Escalation, "Paged Sofia Marín");
    e("14:35:20", "14:35:20", AIKO, K::Action, "Task done: List every change to checkout in eu-west-1 since 13:45 (Aiko Tanaka). Only change: checkout-api 4.12.0 at 13:52; its diff sets the pool's target_session_attrs from read-write to any.");
    e("14:36:00", "14:36:00", SOFIA, K::Note, "Support: 61 EU tickets in 30 minutes. Customers report card holds without an order confirmation; posts on social media are growing.");
    e("14:38:00", "14:38:00", PRIYA, K::Severity, "Severity changed from SEV2 to SEV1: every EU card checkout fails, customers see card holds without orders, and it is spreading on social media. When in doubt, higher.");
    e("14:39:00", "14:39:00", PRIYA, K::Escalation, "Paged Marcus Oyelaran");
    e("14:40:00", "14:40:00", PRIYA, K::Escalation, "Paged Helena Brandt");
    e("14:41:30", "14:41:30", SOFIA, K::Comms, &format!("Update update sent to Customers (external) via Support macro (Zendesk): {macro_text}"));
    e("14:42:30", "14:42:30", DANIEL, K::Comms, &format!("Update update sent to Executives (internal) via Email: {exec_1}"));
    e("14:43:00", "14:43:00", PRIYA, K::Escalation, "Paged Ravi Menon");
    e("14:45:30", "14:45:30", PRIYA, K::Status, "Status changed from Investigating to Identified");
    e("14:48:00", "14:48:00", DANIEL, K::Comms, &format!("Identified update sent to Customers (external) via Status page: {customer_2}"));
    e("14:50:30", "14:50:30", RAVI, K::Note, "Authorisations on failed checkouts were never captured. The card networks release them in 1-7 days, or we can void them now through the payment provider's API.");
    e("14:52:00", "14:52:00", PRIYA, K::Decision, "Roll back checkout-api in eu-west-1 to 4.11.3 (known good, same schema) instead of failing the database back. Fail-back stays as plan B. Agreed with both Tech Leads and Marcus Oyelaran.");
    e("14:53:00", "14:53:00", PRIYA, K::Action, "Task for Aiko Tanaka (due in 17 min): Roll back checkout-api in eu-west-1 to 4.11.3");
    e("14:53:20", "14:53:20", PRIYA, K::Action, "Task for Tomasz Wieczorek (due in 22 min): Prepare a fail-back of orders-db-eu to db-eu-1 (plan B)");
    e("14:55:00", "14:55:00", PRIYA, K::Role, "Incident Manager handed over from Priya Raman to Marcus Oyelaran");
    e("14:55:40", "14:55:40", MARCUS, K::Role, "Priya Raman is Deputy");
    e("14:58:00", "14:58:00", MARCUS, K::Action, "Task for Ravi Menon (due in 47 min): Void the authorisation holds of failed EU checkouts through the payment provider");
    e("15:06:40", "15:06:40", AIKO, K::Action, "Task done: Roll back checkout-api in eu-west-1 to 4.11.3 (Aiko Tanaka). 48/48 pods on 4.11.3, all connected to db-eu-2.");
    e("15:09:30", "15:09:30", MARCUS, K::Status, "Impact mitigated");
    e("15:10:00", "15:10:00", MARCUS, K::Decision, "Mitigated at 15:09: EU checkout success rate 97% (normal 96-98%). Stay at SEV1 while monitoring; no database fail-back, so Tomasz's plan B task is dropped.");
    e("15:10:20", "15:10:20", MARCUS, K::Action, "Task dropped: Prepare a fail-back of orders-db-eu to db-eu-1 (plan B) (Tomasz Wieczorek)");
    e("15:12:00", "15:12:00", MARCUS, K::Status, "Status changed from Identified to Monitoring");
    e("15:14:00", "15:14:00", DANIEL, K::Comms, &format!("Monitoring update sent to Customers (external) via Status page: {customer_3}"));
    e("15:15:00", "15:15:00", DANIEL, K::Comms, &format!("Update update sent to Executives (internal) via Email: {exec_2}"));
    e("15:20:00", "15:20:00", MARCUS, K::Decision, "Deploy freeze on checkout-api in all regions until the 4.12.0 pool setting is reverted and reviewed.");
    e("15:31:00", "15:31:00", DANIEL, K::Comms, &format!("Update update sent to Stakeholders (internal) via Chat: {stake_2}"));
    e("15:42:00", "15:42:00", RAVI, K::Action, "Task done: Void the authorisation holds of failed EU checkouts through the payment provider (Ravi Menon). 5,870 holds voided.");
    e("15:44:00", "15:44:00", DANIEL, K::Comms, &format!("Update update sent to Customers (external) via Status page: {customer_4}"));
    e("15:50:00", "15:50:00", SOFIA, K::Note, "Support: 214 tickets in total; inflow back to normal since 15:25. Macro updated with the cancelled authorisations.");
    e("16:05:00", "16:05:00", MARCUS, K::Status, "Incident resolved: impact ended, service works as usual");
    e("16:05:10", "16:05:10", MARCUS, K::Status, "Status changed from Monitoring to Resolved");
    e("16:12:00", "16:12:00", DANIEL, K::Comms, &format!("Resolved update sent to Customers (external) via Status page: {customer_5}"));
    e("16:15:00", "16:15:00", DANIEL, K::Comms, &format!("Resolved update sent to Executives (internal) via Email: {final_update}"));
    e("16:52:00", "16:52:00", MARCUS, K::Status, "Status changed from Resolved to Closed");

    {
        let entry = tl.entries.iter_mut().find(|x| x.id == edited).unwrap();
        entry.revisions.push(Revision {
            text: "Error rate for EU checkout is 40% and climbing.".into(),
            replaced_at: t("14:27:30"),
            replaced_by: LENA.into(),
        });
        let entry = tl.entries.iter_mut().find(|x| x.id == retracted).unwrap();
        entry.retracted = Some(Retraction {
            at: t("14:34:10"),
            by: AIKO.into(),
            reason: "The payment provider's status is green and gateway latency was normal; the spike was a dashboard query artefact.".into(),
        });
    }

    let incident = Incident {
        id: "INC-2026-0142".into(),
        title: "Checkout fails for EU customers".into(),
        summary: "After a planned failover of the EU orders database, checkout-api 4.12.0 kept writing to the demoted read-only node, so every card checkout in Europe failed for 65 minutes. Mitigated by rolling checkout-api back to 4.11.3.".into(),
        status: Status::Closed,
        phase: Phase::Lessons,
        detection: Detection {
            source: Some(DetectionSource::MonitoringAlert),
            fault_started_at: Some(t("14:04:12")),
            detected_at: Some(t("14:09:00")),
            declared_at: Some(t("14:11:05")),
            declared_by: PRIYA.into(),
            affected_services: vec![
                "checkout-api (eu-west-1)".into(),
                "orders-db-eu".into(),
                "payments-gateway".into(),
                "storefront web and apps (EU)".into(),
            ],
        },
        channels: Channels {
            chat_room: "#inc-2026-0142-checkout-eu".into(),
            chat_link: "https://chat.larkspur.example/channels/inc-2026-0142-checkout-eu".into(),
            video_bridge: "https://meet.larkspur.example/inc-2026-0142".into(),
            room_topic: "INC-2026-0142 | SEV1 | Checkout fails for EU customers | IM: Marcus Oyelaran | TL: Aiko Tanaka, Tomasz Wieczorek | Comms: Daniel Okafor | Dashboard: https://grafana.larkspur.example/d/checkout-eu".into(),
            im_chat_status: "INC-2026-0142".into(),
            links: vec![
                Link { label: "Checkout EU dashboard".into(), url: "https://grafana.larkspur.example/d/checkout-eu".into() },
                Link { label: "orders-db-eu replication".into(), url: "https://grafana.larkspur.example/d/orders-db-eu-replication".into() },
                Link { label: "Runbook: checkout-api rollback".into(), url: "https://wiki.larkspur.example/runbooks/checkout-api/rollback".into() },
                Link { label: "Runbook: orders-db failover".into(), url: "https://wiki.larkspur.example/runbooks/orders-db/failover".into() },
                Link { label: "Status page admin".into(), url: "https://manage.status.larkspur.example/incidents/new".into() },
            ],
        },
        assessment: Assessment {
            customer_impact: CustomerImpact::External,
            what_customers_see: "At the payment step of checkout in Europe, \"Something went wrong, please try again\". No order confirmation; some see a pending card authorisation for the order amount.".into(),
            customers_affected: Reach::SubsetOrRegion,
            affected_count: "All EU card checkouts (about 38% of traffic): about 6,480 failed attempts by about 4,900 customers".into(),
            impact_started_at: Some(t("14:04:12")),
            support_cases: Some(214),
            factors: Factors {
                security_breach: false,
                data_loss: false,
                confidentiality: false,
                press_attention: true,
                regulatory: false,
                notes: "Growing social media posts about card holds without orders. No data lost: failed checkouts never created orders, and the authorisations were voided.".into(),
            },
            severity_history: vec![
                SeverityChange {
                    level: SeverityLevel(2),
                    set_at: t("14:20:30"),
                    set_by: PRIYA.into(),
                    reason: "checkout is down for customers in one region (EU); other regions work.".into(),
                },
                SeverityChange {
                    level: SeverityLevel(1),
                    set_at: t("14:38:00"),
                    set_by: PRIYA.into(),
                    reason: "every EU card checkout fails, customers see card holds without orders, and it is spreading on social media. When in doubt, higher.".into(),
                },
            ],
        },
        communications: Communications {
            messages: vec![
                msg(Customers, Stage::Investigating, MessageChannel::StatusPage, "14:19:40", "14:22:40", DANIEL, customer_1),
                msg(Stakeholders, Stage::Update, MessageChannel::Chat, "14:27:00", "14:30:00", DANIEL, stake_1),
                msg(Customers, Stage::Update, MessageChannel::Other("Support macro (Zendesk)".into()), "14:37:30", "14:41:30", SOFIA, macro_text),
                msg(Executives, Stage::Update, MessageChannel::Email, "14:39:30", "14:42:30", DANIEL, exec_1),
                msg(Customers, Stage::Identified, MessageChannel::StatusPage, "14:46:00", "14:48:00", DANIEL, customer_2),
                msg(Customers, Stage::Monitoring, MessageChannel::StatusPage, "15:11:00", "15:14:00", DANIEL, customer_3),
                msg(Executives, Stage::Update, MessageChannel::Email, "15:12:30", "15:15:00", DANIEL, exec_2),
                msg(Stakeholders, Stage::Update, MessageChannel::Chat, "15:27:00", "15:31:00", DANIEL, stake_2),
                msg(Customers, Stage::Update, MessageChannel::StatusPage, "15:40:30", "15:44:00", DANIEL, customer_4),
                msg(Customers, Stage::Resolved, MessageChannel::StatusPage, "16:07:00", "16:12:00", DANIEL, customer_5),
                msg(Executives, Stage::Resolved, MessageChannel::Email, "16:10:00", "16:15:00", DANIEL, final_update),
            ],
            external_cadence_minutes: Some(20),
            internal_cadence_minutes: Some(30),
        },
        escalation: Escalation {
            responders: vec![
                responder(PRIYA, "Site Reliability", "on-call SRE (primary)", "PagerDuty: sre-primary", "14:09:00", "14:10:30", Some("14:11:00")),
                responder(DANIEL, "Communications", "comms on-call", "PagerDuty: comms-oncall", "14:14:00", "14:15:10", Some("14:17:00")),
                responder(AIKO, "Checkout", "on-call checkout-api", "PagerDuty: checkout-oncall", "14:16:00", "14:17:40", Some("14:19:30")),
                responder(TOMASZ, "Database Reliability", "database SME (orders-db on-call)", "PagerDuty: dbre-oncall", "14:24:30", "14:26:50", Some("14:28:40")),
                responder(SOFIA, "Customer Support EU", "support lead EU", "+44 20 7946 0321", "14:33:00", "14:34:20", Some("14:35:30")),
                responder(MARCUS, "Incident Command", "major-incident commander rota", "PagerDuty: mi-commander", "14:39:00", "14:40:40", Some("14:44:00")),
                responder(HELENA, "Leadership", "VP Engineering (SEV1 leadership notice)", "helena.brandt@larkspur.example", "14:40:00", "14:46:10", None),
                responder(RAVI, "Payments", "payments SME (card authorisations)", "PagerDuty: payments-oncall", "14:43:00", "14:44:30", Some("14:47:10")),
            ],
        },
        delegation: Delegation {
            roles: vec![
                role(Role::IncidentManager, PRIYA, "14:11:20", Some("14:55:00")),
                role(Role::CommunicationsManager, DANIEL, "14:17:10", None),
                role(Role::Scribe, LENA, "14:18:20", None),
                role(Role::TechLead, AIKO, "14:20:00", None),
                role(Role::TechLead, TOMASZ, "14:29:10", None),
                role(Role::SupportLead, SOFIA, "14:35:30", None),
                role(Role::SubjectMatterExpert, RAVI, "14:47:10", None),
                role(Role::IncidentManager, MARCUS, "14:55:00", None),
                role(Role::Deputy, PRIYA, "14:55:40", None),
                role(Role::Custom("Executive sponsor".into()), HELENA, "14:46:10", None),
            ],
            tasks: vec![
                task(AIKO, "List every change to checkout in eu-west-1 since 13:45", "14:21:00", "14:35:00", TaskState::Done),
                task(TOMASZ, "Report which orders-db-eu node is primary and whether replication is healthy (CAN)", "14:29:30", "14:40:00", TaskState::Done),
                task(SOFIA, "Publish a support macro for EU checkout errors and count EU tickets", "14:36:30", "14:45:00", TaskState::Done),
                task(AIKO, "Roll back checkout-api in eu-west-1 to 4.11.3", "14:53:00", "15:10:00", TaskState::Done),
                task(TOMASZ, "Prepare a fail-back of orders-db-eu to db-eu-1 (plan B)", "14:53:20", "15:15:20", TaskState::Dropped),
                task(RAVI, "Void the authorisation holds of failed EU checkouts through the payment provider", "14:58:00", "15:45:00", TaskState::Done),
                task(LENA, "Clean up the timeline for the postmortem draft", "16:20:00", "16:45:00", TaskState::Done),
            ],
        },
        resolution: Resolution {
            mitigated_at: Some(t("15:09:30")),
            resolved_at: Some(t("16:05:00")),
            closed_at: Some(t("16:52:00")),
            summary: "Rolled checkout-api in eu-west-1 back from 4.12.0 to 4.11.3; its connection pool then reconnected to the new primary db-eu-2 and EU checkout recovered at 15:09 UTC. 5,870 authorisation holds from failed checkouts were voided with the payment provider. Checkout ran normally for 55 minutes before the incident was resolved.".into(),
            follow_ups: vec![
                fu(AIKO, "Revert target_session_attrs to read-write in checkout-api and add a test that fails on any other value", d(3, 20), true),
                fu(TOMASZ, "Make the orders-db failover runbook check that every writer reconnects to the new primary, and alert on writes refused as read-only", d(3, 31), false),
                fu(AIKO, "Order checkout so the card is authorised only after the order row is written, or void the authorisation automatically when the insert fails", d(4, 30), false),
                fu("Jonas Weber", "Block planned database maintenance within 2 hours of a deploy of a service that writes to that database (change calendar rule)", d(4, 15), false),
                fu(DANIEL, "Add a status page template for \"card holds without orders\" with the approved wording", d(3, 27), true),
                fu(PRIYA, "Lower the CheckoutSuccessRateLow alert window from 5 to 2 minutes per region", d(3, 24), false),
            ],
        },
        postmortem: Postmortem {
            summary: "On 2026-03-17 from 14:04 to 15:09 UTC (65 minutes) no customer in Europe could complete a card checkout. About 4,900 customers made about 6,480 failed attempts, and 5,870 card authorisations were left pending until we voided them.".into(),
            leadup: "At 13:52 UTC checkout-api 4.12.0 was deployed to eu-west-1. Among other changes it set the database pool's target_session_attrs from read-write to any, part of a change meant for the read-only reporting pool. At 14:03 UTC a planned failover of orders-db-eu promoted db-eu-2 and demoted db-eu-1 to a read-only replica. The two changes were scheduled by different teams and neither knew of the other.".into(),
            fault: "With target_session_attrs=any, checkout-api's pool accepted the demoted db-eu-1 as a valid connection target and did not reconnect to the new primary. Every order insert failed with \"cannot execute INSERT in a read-only transaction\". Because the card is authorised before the order is written, each failed checkout left an authorisation hold.".into(),
            impact: "External customers in Europe (about 38% of checkout traffic) could not buy anything by card for 65 minutes: about 6,480 failed attempts by about 4,900 customers. 5,870 authorisation holds were visible on customers' cards until voided at 15:42 UTC. 214 support cases were opened and the card holds drew social media attention. Other regions were not affected. No data was lost.".into(),
            detection: "The CheckoutSuccessRateLow alert fired at 14:09 UTC, 5 minutes after the fault started, and paged the SRE on call. A 2-minute regional window, or an alert on writes refused as read-only, would have detected it in half the time.".into(),
            response: "The on-call SRE acknowledged within 90 seconds and declared the incident at 14:11. The incident was first SEV2 and raised to SEV1 at 14:38 once the card holds and social media attention were known. A payment-provider theory cost about 8 minutes before it was retracted. Command was handed to the major-incident rota at 14:55 with a CAN briefing. Customer updates went out every 20-26 minutes.".into(),
            recovery: "Rolling checkout-api back to 4.11.3 restored the read-write pool setting; all pods reconnected to db-eu-2 and checkout recovered at 15:09 UTC. A database fail-back was prepared as plan B but not needed. Payments voided the pending authorisations through the provider's API by 15:42 UTC.".into(),
            five_whys: vec![
                "Why did EU checkouts fail? Every order insert was sent to a read-only database node.".into(),
                "Why did inserts go to a read-only node? After the failover, checkout-api's pool kept its connections to the demoted db-eu-1 instead of moving to the new primary.".into(),
                "Why did the pool keep them? checkout-api 4.12.0 set target_session_attrs to any, so a read-only server was an acceptable target.".into(),
                "Why did 4.12.0 change that setting? A change meant for the read-only reporting pool was applied to the shared pool configuration, and no test checks the writer pool's settings.".into(),
                "Why was it not caught before the failover? The failover runbook checks the database's health but not that every writing service has reconnected to the new primary, and the deploy and the maintenance were not visible to each other's owners.".into(),
            ],
            root_cause: "A configuration change in checkout-api 4.12.0 (target_session_attrs=any on the writer pool) let the service keep writing to a database node after it was demoted, combined with a failover procedure that does not verify writers move to the new primary.".into(),
            backlog_check: "The backlog had an item to validate pool settings in CI (CHK-1931, opened in 2025, not prioritised) and none for failover verification. CHK-1931 is now follow-up 1.".into(),
            recurrence: "No earlier incident with this cause. INC-2025-0311 (a failover that left the reporting service on a stale replica) is related: same missing check in the failover runbook.".into(),
            lessons_learned: "Raising to SEV1 early got leadership and the payments SME in quickly. The retracted payment-provider theory shows the value of checking the change log first. A service's deploys and its database's maintenance need one shared calendar. Authorising the card before writing the order turns any write failure into visible customer harm.".into(),
        },
        timeline: tl,
    };
    assert!(incident.problems().is_empty(), "{:?}", incident.problems());
    for p in Phase::ALL {
        assert_eq!(p.state(&incident), PhaseState::Done, "{p:?} {:?}", p.checklist(&incident));
    }
    eprintln!("entries: {}", incident.timeline.len());
    std::fs::write(
        concat!(env!("CARGO_MANIFEST_DIR"), "/assets/examples/checkout-eu-outage.ron"),
        file::to_ron_string(&incident),
    )
    .unwrap();
}
