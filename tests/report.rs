//! The review reports: metrics arithmetic on hand-built incidents, and the
//! example incident's postmortem and JSON checked section by section.

mod common;
use common::example;

use chrono::{TimeDelta, TimeZone, Utc};
use incident_console::model::{
    Audience, EntryKind, Incident, Message, MessageChannel, Responder, Stage, Timestamp, format_utc,
};
use incident_console::report::markdown::SECTIONS;
use incident_console::report::{format_duration, metrics, postmortem_markdown, report_json};

fn t(minute: i64) -> Timestamp {
    Utc.with_ymd_and_hms(2026, 11, 25, 14, 0, 0).unwrap() + TimeDelta::minutes(minute)
}

/// Declared at t(0), every timestamp set and in order.
fn complete() -> Incident {
    let mut inc = Incident::declare(t(0), "Ana");
    inc.detection.fault_started_at = Some(t(-10));
    inc.detection.detected_at = Some(t(-2));
    inc.assessment.impact_started_at = Some(t(-8));
    inc.escalation.responders.push(Responder {
        name: "Bo".into(),
        paged_at: Some(t(-1)),
        acknowledged_at: Some(t(1)),
        ..Responder::default()
    });
    inc.resolution.mitigated_at = Some(t(52));
    inc.resolution.resolved_at = Some(t(90));
    inc.resolution.closed_at = Some(t(120));
    inc
}

fn send(inc: &mut Incident, audience: Audience, stage: Stage, at: Timestamp) {
    inc.communications.messages.push(Message {
        id: incident_console::model::ItemId::fresh(),
        audience,
        stage,
        channel: MessageChannel::StatusPage,
        language: None,
        text: "update".into(),
        drafted_at: at,
        sent_at: Some(at),
        sent_by: "Cy".into(),
    });
}

// ------------------------------------------------------------ metrics arithmetic

#[test]
fn metrics_measure_between_the_right_moments() {
    let mut inc = complete();
    send(&mut inc, Audience::Customers, Stage::Investigating, t(4));
    let m = metrics(&inc);
    assert_eq!(m.time_to_detect.value, Ok(TimeDelta::minutes(8)));
    assert_eq!(m.time_to_detect.from, Some(("fault started at", t(-10))));
    assert_eq!(m.time_to_detect.to, Some(("detected at", t(-2))));
    assert_eq!(m.time_to_acknowledge.value, Ok(TimeDelta::minutes(3)));
    assert_eq!(m.time_to_first_customer_update.value, Ok(TimeDelta::minutes(4)));
    assert_eq!(m.time_to_first_customer_update.from, Some(("declared at", t(0))));
    assert_eq!(m.time_to_mitigate.value, Ok(TimeDelta::minutes(60)));
    assert_eq!(m.time_to_mitigate.from, Some(("impact started at", t(-8))));
    assert_eq!(m.time_to_resolve.value, Ok(TimeDelta::minutes(98)));
    assert_eq!(m.total_duration.value, Ok(TimeDelta::minutes(128)));
    assert_eq!(m.total_duration.to, Some(("closed at", t(120))));
    let labels: Vec<&str> = m.spans().iter().map(|s| s.label).collect();
    assert_eq!(
        labels,
        [
            "Time to detect",
            "Time to acknowledge",
            "Time to first customer update",
            "Time to mitigate",
            "Time to resolve",
            "Total duration",
        ]
    );
}

#[test]
fn fallbacks_are_used_and_named() {
    let mut inc = complete();
    inc.assessment.impact_started_at = None;
    inc.detection.declared_at = None;
    inc.resolution.closed_at = None;
    send(&mut inc, Audience::Customers, Stage::Investigating, t(4));
    let m = metrics(&inc);
    assert_eq!(m.time_to_mitigate.from, Some(("detected at", t(-2))));
    assert_eq!(m.time_to_mitigate.value, Ok(TimeDelta::minutes(54)));
    assert_eq!(m.time_to_first_customer_update.from, Some(("detected at", t(-2))));
    assert_eq!(m.total_duration.from, Some(("fault started at", t(-10))));
    assert_eq!(m.total_duration.to, Some(("resolved at", t(90))));
    assert_eq!(m.total_duration.value, Ok(TimeDelta::minutes(100)));
}

#[test]
fn missing_timestamps_are_unknown_and_name_the_missing_field() {
    let mut inc = Incident::declare(t(0), "Ana");
    inc.detection.detected_at = None;
    inc.detection.declared_at = None;
    let m = metrics(&inc);
    assert_eq!(
        m.time_to_detect.value,
        Err("unknown: fault started at is not recorded; detected at is not recorded".to_owned())
    );
    assert_eq!(
        m.time_to_acknowledge.value,
        Err(
            "unknown: detected at is not recorded; first responder acknowledged at is not recorded"
                .to_owned()
        )
    );
    assert_eq!(
        m.time_to_first_customer_update.value,
        Err("unknown: neither declared at nor detected at is recorded; \
             first customer update sent at is not recorded"
            .to_owned())
    );
    assert_eq!(
        m.total_duration.value,
        Err(
            "unknown: none of impact started at, fault started at or detected at is recorded; \
             neither closed at nor resolved at is recorded"
                .to_owned()
        )
    );
    assert_eq!(m.time_to_detect.from, None);

    let mut inc = complete();
    inc.resolution.mitigated_at = None;
    let m = metrics(&inc);
    assert_eq!(
        m.time_to_mitigate.value,
        Err("unknown: mitigated at is not recorded".to_owned())
    );
    assert_eq!(m.time_to_mitigate.from, Some(("impact started at", t(-8))));
    assert_eq!(m.time_to_mitigate.to, None);
    assert!(m.time_to_resolve.value.is_ok(), "other metrics are unaffected");
}

#[test]
fn out_of_order_timestamps_are_unknown_not_negative() {
    let mut inc = complete();
    inc.assessment.impact_started_at = None;
    inc.resolution.resolved_at = Some(t(-5)); // before detection at t(-2)
    inc.detection.fault_started_at = Some(t(3)); // after detection
    let m = metrics(&inc);
    assert_eq!(
        m.time_to_resolve.value,
        Err("unknown: resolved at is before detected at".to_owned())
    );
    assert_eq!(m.time_to_resolve.to, Some(("resolved at", t(-5))));
    assert_eq!(
        m.time_to_detect.value,
        Err("unknown: detected at is before fault started at".to_owned())
    );
    for span in m.spans() {
        if let Ok(d) = span.value {
            assert!(d >= TimeDelta::zero(), "{} is negative", span.label);
        }
    }
    let md = postmortem_markdown(&inc);
    assert!(md.contains("| Time to resolve | unknown: resolved at is before detected at |"));
}

#[test]
fn cadence_kept_when_every_gap_is_within_the_promise() {
    let mut inc = complete();
    inc.communications.external_cadence_minutes = Some(20);
    for (stage, at) in [
        (Stage::Investigating, 4),
        (Stage::Update, 20),
        (Stage::Identified, 40),
        (Stage::Resolved, 58),
    ] {
        send(&mut inc, Audience::Customers, stage, t(at));
    }
    // Internal messages are not customer updates.
    send(&mut inc, Audience::Stakeholders, Stage::Update, t(30));
    let u = metrics(&inc).customer_updates;
    assert_eq!(u.sent, 4);
    assert_eq!(u.promised_cadence_minutes, 20);
    let gap = u.largest_gap.unwrap();
    assert_eq!(gap.length, TimeDelta::minutes(20));
    assert_eq!(gap.from, ("customer update sent at", t(20)));
    assert_eq!(gap.to, ("customer update sent at", t(40)));
    assert_eq!(u.cadence_kept, Some(true));
    assert_eq!(u.first_update_kept, Some(true));
}

#[test]
fn cadence_not_kept_names_the_largest_gap() {
    let mut inc = complete();
    inc.communications.external_cadence_minutes = Some(20);
    for (stage, at) in [
        (Stage::Update, 35),
        (Stage::Investigating, 12),
        (Stage::Resolved, 50),
    ] {
        send(&mut inc, Audience::Customers, stage, t(at));
    }
    let u = metrics(&inc).customer_updates;
    let gap = u.largest_gap.unwrap();
    assert_eq!(gap.length, TimeDelta::minutes(23));
    assert_eq!(gap.from, ("customer update sent at", t(12)));
    assert_eq!(gap.to, ("customer update sent at", t(35)));
    assert_eq!(u.cadence_kept, Some(false));
    assert_eq!(
        u.first_update_kept,
        Some(false),
        "12 minutes after declaring, promise is 5"
    );
}

#[test]
fn declaration_to_first_update_is_a_gap_too() {
    let mut inc = complete();
    inc.communications.external_cadence_minutes = Some(30);
    send(&mut inc, Audience::Customers, Stage::Investigating, t(45));
    send(&mut inc, Audience::Customers, Stage::Resolved, t(60));
    let u = metrics(&inc).customer_updates;
    let gap = u.largest_gap.unwrap();
    assert_eq!(gap.from, ("declared at", t(0)));
    assert_eq!(gap.to, ("customer update sent at", t(45)));
    assert_eq!(u.cadence_kept, Some(false));
}

#[test]
fn no_customer_updates_means_cadence_unknown() {
    let inc = complete();
    let u = metrics(&inc).customer_updates;
    assert_eq!(u.sent, 0);
    assert_eq!(u.largest_gap, None);
    assert_eq!(u.cadence_kept, None);
    assert_eq!(u.first_update_kept, None);
    assert_eq!(
        metrics(&inc).time_to_first_customer_update.value,
        Err("unknown: first customer update sent at is not recorded".to_owned())
    );
}

// ------------------------------------------------------------ the example incident

#[test]
fn example_metrics() {
    let inc = example();
    let m = metrics(&inc);
    let values: Vec<String> = m.spans().iter().map(|s| s.display_value()).collect();
    assert_eq!(
        values,
        [
            "4 min 48 s",
            "1 min 30 s",
            "11 min 35 s",
            "1 h 05 min 18 s",
            "2 h 00 min 48 s",
            "2 h 47 min 48 s",
        ]
    );
    let u = &m.customer_updates;
    assert_eq!(u.sent, 6);
    assert_eq!(u.promised_cadence_minutes, 20);
    let gap = u.largest_gap.unwrap();
    assert_eq!(format_duration(gap.length), "30 min 00 s");
    assert_eq!(format_utc(gap.from.1), "2026-03-17 15:14:00 UTC");
    assert_eq!(format_utc(gap.to.1), "2026-03-17 15:44:00 UTC");
    assert_eq!(u.cadence_kept, Some(false));
    assert_eq!(u.first_update_kept, Some(false));
    assert_eq!(m.support_cases, Some(214));
    let names: Vec<(Option<&str>, &str)> = m
        .severity_history
        .iter()
        .map(|s| (s.from_name.as_deref(), s.to_name.as_str()))
        .collect();
    assert_eq!(names, [(None, "SEV2"), (Some("SEV2"), "SEV1")]);
    assert_eq!(m.highest_severity.as_ref().unwrap().to_name, "SEV1");
    assert_eq!(m.timeline.total, inc.timeline.len());
    assert_eq!(m.timeline.retracted, 1);
    assert_eq!(m.timeline.edited, 1);
    assert!(m.timeline.by_kind.contains(&(EntryKind::Can, 1)));
    let counted: usize = m.timeline.by_kind.iter().map(|(_, n)| n).sum();
    assert_eq!(counted, inc.timeline.len());
}

/// The text of the section under `## heading`, up to the next heading.
fn section<'a>(md: &'a str, heading: &str) -> &'a str {
    let start = md
        .find(&format!("\n## {heading}\n"))
        .unwrap_or_else(|| panic!("no section {heading}"));
    let body = &md[start + heading.len() + 5..];
    body.find("\n## ").map_or(body, |end| &body[..end])
}

#[test]
fn example_postmortem_has_every_section_in_order() {
    let md = postmortem_markdown(&example());
    assert!(
        md.starts_with("# Postmortem: INC-2026-0142 Checkout fails for EU customers\n"),
        "{}",
        &md[..80]
    );
    let mut last = 0;
    for heading in SECTIONS {
        let at = md
            .find(&format!("\n## {heading}\n"))
            .unwrap_or_else(|| panic!("no {heading}"));
        assert!(at > last, "{heading} is out of order");
        last = at;
    }
    let headings: Vec<&str> = md.lines().filter_map(|l| l.strip_prefix("## ")).collect();
    assert_eq!(headings, SECTIONS, "no other second-level headings");
    assert!(!md.contains("_To be written._"), "the example fills every field");
}

#[test]
fn example_postmortem_facts_and_prose() {
    let inc = example();
    let md = postmortem_markdown(&inc);
    let facts = &md[..md.find("\n## Summary\n").unwrap()];
    for fact in [
        "- **Incident:** INC-2026-0142",
        "- **Severity:** SEV1",
        "- **Status:** Closed",
        "checkout-api (eu-west-1), orders-db-eu, payments-gateway",
        "- **Fault started:** 2026-03-17 14:04:12 UTC",
        "- **Declared:** 2026-03-17 14:11:05 UTC by Priya Raman",
        "- **Resolved:** 2026-03-17 16:05:00 UTC",
        "- **Closed:** 2026-03-17 16:52:00 UTC",
    ] {
        assert!(facts.contains(fact), "facts lack {fact}:\n{facts}");
    }
    assert!(section(&md, "Summary").contains("no customer in Europe could complete a card checkout"));
    let impact = section(&md, "Impact");
    assert!(impact.contains("- **Support cases:** 214"), "{impact}");
    assert!(impact.contains("- **Customers affected:** A subset or region (All EU card checkouts"));
    assert!(section(&md, "Detection").contains("- **Detected by:** Monitoring alert"));
    assert!(section(&md, "Response").contains("Marcus Oyelaran (from 2026-03-17 14:55:00 UTC)"));
    assert!(section(&md, "Root cause").contains(inc.postmortem.root_cause.as_str()));
    let whys = section(&md, "Five whys");
    for (i, why) in inc.postmortem.five_whys.iter().enumerate() {
        assert!(whys.contains(&format!("{}. {why}", i + 1)), "why {}", i + 1);
    }
    for (heading, text) in [
        ("Leadup", &inc.postmortem.leadup),
        ("Backlog check", &inc.postmortem.backlog_check),
        ("Recurrence", &inc.postmortem.recurrence),
        ("Lessons learned", &inc.postmortem.lessons_learned),
    ] {
        assert!(section(&md, heading).contains(text.as_str()), "{heading}");
    }
}

#[test]
fn example_postmortem_corrective_actions() {
    let inc = example();
    let md = postmortem_markdown(&inc);
    let actions = section(&md, "Corrective actions");
    assert!(actions.contains("| # | Action | Owner | Due | Done |"));
    let rows: Vec<&str> = actions
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| #"))
        .collect();
    assert_eq!(rows.len(), inc.resolution.follow_ups.len());
    for (row, f) in rows.iter().zip(&inc.resolution.follow_ups) {
        assert!(row.contains(&format!("| {} |", f.owner)), "{row}");
        assert!(
            row.contains(&f.due.unwrap().format("%Y-%m-%d").to_string()),
            "{row}"
        );
        assert!(row.ends_with(if f.done { "| yes |" } else { "| no |" }), "{row}");
    }
    assert!(actions.contains(
        "| 5 | Add a status page template for \"card holds without orders\" with the approved wording | \
         Daniel Okafor | 2026-03-27 | yes |"
    ));
}

#[test]
fn example_postmortem_metrics_table() {
    let md = postmortem_markdown(&example());
    let table = section(&md, "Metrics");
    for row in [
        "| Metric | Value | From | To |",
        "| Time to detect | 4 min 48 s | fault started at 2026-03-17 14:04:12 UTC | detected at 2026-03-17 14:09:00 UTC |",
        "| Time to acknowledge | 1 min 30 s | detected at 2026-03-17 14:09:00 UTC | first responder acknowledged at 2026-03-17 14:10:30 UTC |",
        "| Time to first customer update | 11 min 35 s | declared at 2026-03-17 14:11:05 UTC | first customer update sent at 2026-03-17 14:22:40 UTC |",
        "| Time to mitigate | 1 h 05 min 18 s | impact started at 2026-03-17 14:04:12 UTC | mitigated at 2026-03-17 15:09:30 UTC |",
        "| Time to resolve | 2 h 00 min 48 s | impact started at 2026-03-17 14:04:12 UTC | resolved at 2026-03-17 16:05:00 UTC |",
        "| Total duration | 2 h 47 min 48 s | impact started at 2026-03-17 14:04:12 UTC | closed at 2026-03-17 16:52:00 UTC |",
        "- **Customer updates sent:** 6",
        "- **Largest gap between customer updates:** 30 min 00 s (from customer update sent at 2026-03-17 15:14:00 UTC to customer update sent at 2026-03-17 15:44:00 UTC)",
        "- **Cadence kept:** no (longer than 20 min)",
        "- **Support cases:** 214",
    ] {
        assert!(table.lines().any(|l| l == row), "no row {row}:\n{table}");
    }
    let severity = section(&md, "Severity history");
    assert!(severity.contains("Highest severity reached: **SEV1** (first at 2026-03-17 14:38:00 UTC)."));
    assert!(severity.contains("| 2026-03-17 14:20:30 UTC | (none) | SEV2 | Priya Raman |"));
    assert!(severity.contains("| 2026-03-17 14:38:00 UTC | SEV2 | SEV1 | Priya Raman |"));
}

#[test]
fn example_postmortem_timeline_is_complete_sorted_and_marked() {
    let inc = example();
    let md = postmortem_markdown(&inc);
    let timeline = section(&md, "Timeline");
    let rows: Vec<&str> = timeline.lines().filter(|l| l.starts_with("| 2026-")).collect();
    // Every entry, retracted ones too, but the edits to fields: those are counted.
    let edits = inc
        .timeline
        .iter()
        .filter(|e| e.kind == incident_console::model::EntryKind::Change)
        .count();
    assert_eq!(edits, 1);
    assert_eq!(
        rows.len(),
        inc.timeline.len() - edits,
        "every entry, retracted ones too"
    );
    assert!(timeline.contains("1 change to the record's fields (old and new values) is in the incident file's timeline, not listed here."));
    // Each row starts with a full UTC date and time; rows ascend.
    let times: Vec<&str> = rows.iter().map(|r| &r[2..25]).collect();
    for time in &times {
        assert!(time.ends_with(" UTC") && time.len() == 23, "{time}");
    }
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "sorted by event time");
    let mut expected: Vec<_> = inc
        .timeline
        .iter()
        .filter(|e| e.kind != incident_console::model::EntryKind::Change)
        .collect();
    expected.sort_by_key(|e| (e.at, e.id));
    for (row, entry) in rows.iter().zip(&expected) {
        assert!(row.starts_with(&format!("| {} |", format_utc(entry.at))), "{row}");
        assert!(row.contains(&format!("| {} |", entry.kind.badge())), "{row}");
    }
    let retracted = rows
        .iter()
        .filter(|r| r.contains("RETRACTED"))
        .collect::<Vec<_>>();
    assert_eq!(retracted.len(), 1);
    assert!(retracted[0].contains(
        "~~payments-gateway p99 latency spiked at 14:05: possibly a problem at the payment provider?~~ RETRACTED"
    ));
    assert!(
        rows.iter()
            .any(|r| r.contains("| CAN | Lena Fischer | CAN from Aiko Tanaka"))
    );
    assert!(
        rows.iter()
            .any(|r| r.contains("EU checkout error rate is 100%") && r.contains("edited 1x"))
    );
    // The CAN entry (id 58) was written after entry 33 but sorts by its time.
    let can = rows.iter().position(|r| r.contains("| CAN |")).unwrap();
    assert!(rows[can - 1].contains("cause identified"));
}

#[test]
fn reports_are_byte_identical_across_calls() {
    let inc = example();
    assert_eq!(postmortem_markdown(&inc), postmortem_markdown(&inc));
    assert_eq!(report_json(&inc), report_json(&inc));
    let copy = example();
    assert_eq!(
        postmortem_markdown(&inc).as_bytes(),
        postmortem_markdown(&copy).as_bytes()
    );
}

#[test]
fn example_json_parses_with_the_expected_keys() {
    let inc = example();
    let v: serde_json::Value = serde_json::from_str(&report_json(&inc)).expect("valid JSON");
    assert_eq!(v["format"], "incident-console-report");
    assert_eq!(v["format_version"], 2);
    assert_eq!(v["incident"]["id"], "INC-2026-0142");
    assert_eq!(v["incident"]["title"], "Checkout fails for EU customers");
    assert_eq!(v["incident"]["status"], "Closed");
    assert_eq!(v["incident"]["severity"], "SEV1");

    let metrics = v["metrics"].as_array().unwrap();
    let names: Vec<&str> = metrics.iter().map(|m| m["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "time_to_detect",
            "time_to_acknowledge",
            "time_to_first_customer_update",
            "time_to_mitigate",
            "time_to_resolve",
            "total_duration",
        ]
    );
    let seconds: Vec<i64> = metrics.iter().map(|m| m["seconds"].as_i64().unwrap()).collect();
    assert_eq!(seconds, [288, 90, 695, 3918, 7248, 10068]);
    for m in metrics {
        assert!(m["unknown_reason"].is_null());
        for key in ["from", "to"] {
            assert!(m[key]["name"].is_string(), "{m}");
            assert!(m[key]["at"].as_str().unwrap().ends_with('Z'));
        }
    }
    assert_eq!(metrics[0]["from"]["name"], "fault started at");
    assert_eq!(metrics[0]["from"]["at"], "2026-03-17T14:04:12Z");

    let updates = &v["customer_updates"];
    assert_eq!(updates["sent"], 6);
    assert_eq!(updates["promised_cadence_minutes"], 20);
    assert_eq!(updates["cadence_kept"], false);
    assert_eq!(updates["largest_gap"]["seconds"], 1800);
    assert_eq!(updates["largest_gap"]["from"]["at"], "2026-03-17T15:14:00Z");

    let severity = v["severity_history"].as_array().unwrap();
    assert_eq!(severity.len(), 2);
    assert_eq!(severity[1]["from"], "SEV2");
    assert_eq!(severity[1]["to"], "SEV1");
    assert_eq!(severity[1]["by"], "Priya Raman");
    assert_eq!(v["highest_severity"]["to"], "SEV1");
    assert_eq!(v["support_cases"], 214);

    let timeline = v["timeline"].as_array().unwrap();
    assert_eq!(timeline.len(), inc.timeline.len());
    for key in [
        "id",
        "at",
        "recorded_at",
        "author",
        "kind",
        "text",
        "retracted",
        "edited",
    ] {
        assert!(timeline.iter().all(|e| !e[key].is_null()), "{key}");
    }
    // Entry ids are the file's UUIDs, as text.
    assert!(timeline.iter().all(|e| {
        e["id"]
            .as_str()
            .is_some_and(|id| uuid::Uuid::parse_str(id).is_ok())
    }));
    assert_eq!(timeline.iter().filter(|e| e["retracted"] == true).count(), 1);
    assert_eq!(timeline.iter().filter(|e| e["edited"] == true).count(), 1);
    let ats: Vec<&str> = timeline.iter().map(|e| e["at"].as_str().unwrap()).collect();
    assert!(ats.windows(2).all(|w| w[0] <= w[1]), "sorted by event time");
    assert_eq!(v["timeline_counts"]["total"], inc.timeline.len());
}

#[test]
fn a_breach_postmortem_adds_the_security_sections_after_recovery() {
    use incident_console::report::markdown::SECURITY_SECTIONS;
    let breach = common::breach::breach_example();
    let md = postmortem_markdown(&breach);
    // The hand-on row names the item it follows.
    let follows = breach.evidence().find_map(|(_, e, _)| e.follows).unwrap();
    let followed = format!("| {follows} |");
    let headings: Vec<&str> = md.lines().filter_map(|l| l.strip_prefix("## ")).collect();
    let recovery = SECTIONS.iter().position(|s| *s == "Recovery").unwrap();
    let expected: Vec<&str> = SECTIONS[..=recovery]
        .iter()
        .chain(&SECURITY_SECTIONS)
        .chain(&SECTIONS[recovery + 1..])
        .copied()
        .collect();
    assert_eq!(headings, expected);
    for part in [
        "- **Incident type:** Personal-data breach",
        "- **Contained:** 2026-11-30 03:40:00 UTC by Marco Bianchi",
        "- **Time to contain:** 55 min 00 s",
        "- **Time to eradicate:** 6 h 15 min 00 s",
        "| GDPR article 33 | Notify the supervisory authority | 2026-12-03 02:45:00 UTC | 2026-12-02 10:00:00 UTC | Garante per la protezione dei dati personali | DB-2026-04410 |",
        "| NIS2 article 23 | Final report | 2027-01-02 10:30:00 UTC | **not sent** |  |  |",
        "/cases/INC-2026-0107/ws-0142-memory.lime",
        followed.as_str(),
    ] {
        assert!(md.contains(part), "lacks {part:?}\n{md}");
    }
    // Order problems are named in the report too.
    let mut wrong = breach.clone();
    wrong.security.contained_at = Some(common::breach::b(10));
    assert!(
        postmortem_markdown(&wrong).contains(
            "- **Order problem:** Contained (2026-11-30 02:10:00 UTC) is before containment started"
        )
    );
    // A service disruption has none of it.
    assert!(!postmortem_markdown(&example()).contains("## Evidence"));
}

#[test]
fn the_postmortem_for_wider_sharing_leaves_out_restricted_entries_and_evidence_paths() {
    use incident_console::report::{postmortem_for_wider_sharing, redacted};
    let breach = common::breach::breach_example();
    let restricted: Vec<_> = breach.timeline.iter().filter(|e| e.restricted).collect();
    assert_eq!(restricted.len(), 2, "a note and an evidence item");
    let full = postmortem_markdown(&breach);
    let shared = postmortem_for_wider_sharing(&breach);
    assert!(shared.starts_with("# Postmortem (for wider sharing): INC-2026-0107 "));
    assert!(
        shared.contains("_For wider sharing: 2 restricted timeline entries left out (1 of them evidence item); the paths of 2 evidence items withheld._"),
        "{shared}"
    );
    for gone in [
        "HR and the agent's manager informed",
        "Lumen Forensics",
        "/cases/",
        "ws-0142-memory.lime",
    ] {
        assert!(full.contains(gone), "the full one has {gone:?}");
        assert!(!shared.contains(gone), "the shared one still has {gone:?}");
    }
    // What is not restricted stays, hashes included.
    assert!(shared.contains("9f2c4e71d0b8a35e6c1f7a2b94d08e53c6a17f0b2d9e84c35a6f1b07e2d9c4a8"));
    assert!(shared.contains("| _withheld_ |"));
    assert!(shared.contains("Threat contained"));
    // The record itself is untouched; the copy counts what went.
    let (copy, left_out) = redacted(&breach);
    assert_eq!((left_out.entries, left_out.evidence, left_out.paths), (2, 1, 2));
    assert_eq!(copy.timeline.len(), breach.timeline.len() - 2);
    assert!(breach.evidence().all(|(_, e, _)| e.path.starts_with("/cases/")));
    // `report --redact` gives the same bytes, and its JSON has no paths either.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("breach.ron");
    incident_console::file::save(&file, &breach).unwrap();
    use incident_console::cli::{ReportFormat, report_with};
    assert_eq!(report_with(&file, ReportFormat::Markdown, true).unwrap(), shared);
    assert_eq!(report_with(&file, ReportFormat::Markdown, false).unwrap(), full);
    let json = report_with(&file, ReportFormat::Json, true).unwrap();
    assert!(
        !json.contains("/cases/") && !json.contains("Lumen Forensics"),
        "{json}"
    );
    assert!(
        report_with(&file, ReportFormat::Json, false)
            .unwrap()
            .contains("/cases/")
    );
}

#[test]
fn hostile_evidence_text_cannot_break_the_evidence_table() {
    let mut breach = common::breach::breach_example();
    let at = common::breach::b(60 * 60);
    for text in [
        "a | b",
        "line\nbreak",
        "`tick` **bold** <b>",
        "## heading",
        "\\| escaped",
    ] {
        let evidence = incident_console::model::Evidence {
            path: format!("/x/{text}"),
            size: 1,
            sha256: "0".repeat(64),
            what: text.into(),
            collected_by: text.into(),
            collected_at: at,
            handed_to: text.into(),
            follows: None,
        };
        breach
            .apply(
                incident_console::model::Edit::AddEvidence {
                    evidence,
                    restricted: false,
                },
                at,
                "Ana",
            )
            .unwrap();
    }
    let md = postmortem_markdown(&breach);
    let table: Vec<&str> = md
        .split("\n## Evidence\n")
        .nth(1)
        .unwrap()
        .split("\n## ")
        .next()
        .unwrap()
        .lines()
        .filter(|l| l.starts_with('|'))
        .collect();
    // Header, rule, 3 items from the example and 5 hostile ones: one line each, 10 columns.
    assert_eq!(table.len(), 10, "{md}");
    for row in &table {
        let unescaped = row.replace("\\|", "");
        assert_eq!(unescaped.matches('|').count(), 10, "{row}");
    }
    let headings: Vec<&str> = md.lines().filter_map(|l| l.strip_prefix("## ")).collect();
    assert_eq!(headings.len(), SECTIONS.len() + 6);
}
