//! The postmortem as Markdown, in the handbook's (Atlassian template) order,
//! prefilled from the record. Deterministic: the same incident always gives
//! the same bytes (no current time, no local zone).
//!
//! Every piece of user text is escaped for where it lands (heading, list
//! item, table cell, prose), so whatever was typed or imported reads back as
//! itself and the document keeps the template's structure. Readers need
//! CommonMark with GFM tables and strikethrough (retracted entries).

use std::fmt::Write as _;

use crate::model::Factor;
use crate::model::timeline_view::{
    DisplayZone, ExportFormat, escape_markdown, export, markdown_cell, unify_line_ends,
};
use crate::model::{Incident, Role, TimelineEntry, Timestamp, format_utc};

use super::metrics::{Metrics, format_duration, metrics};

/// What an empty postmortem field shows.
pub const PLACEHOLDER: &str = "_To be written._";

/// The second-level headings, in the order they appear.
pub const SECTIONS: [&str; 16] = [
    "Summary",
    "Leadup",
    "Fault",
    "Impact",
    "Detection",
    "Response",
    "Recovery",
    "Timeline",
    "Five whys",
    "Root cause",
    "Backlog check",
    "Recurrence",
    "Lessons learned",
    "Corrective actions",
    "Metrics",
    "Severity history",
];

/// The second-level headings a security incident adds after "Recovery".
pub const SECURITY_SECTIONS: [&str; 6] = [
    "Security response",
    "Attack vector",
    "Indicators of compromise",
    "Data affected",
    "Notifications made",
    "Evidence",
];

/// What the variant for wider sharing left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Redaction {
    /// Restricted timeline entries (evidence items among them).
    pub entries: usize,
    /// Of those, evidence items.
    pub evidence: usize,
    /// Evidence paths withheld from the items that are shown.
    pub paths: usize,
}

/// The record as it may be shared more widely: restricted entries and
/// evidence items gone, the remaining evidence without its paths.
pub fn redacted(incident: &Incident) -> (Incident, Redaction) {
    let mut copy = incident.clone();
    let mut left_out = Redaction::default();
    copy.timeline.entries.retain(|e| {
        if e.restricted {
            left_out.entries += 1;
            left_out.evidence += usize::from(e.evidence.is_some());
        }
        !e.restricted
    });
    for entry in copy.timeline.entries.iter_mut() {
        if entry.evidence.is_some() {
            let entry = std::sync::Arc::make_mut(entry);
            if let Some(evidence) = entry.evidence.as_mut() {
                evidence.path.clear();
                entry.text = evidence.summary(false);
                left_out.paths += 1;
            }
        }
    }
    (copy, left_out)
}

/// The postmortem for readers outside the response: see [`redacted`]. It
/// says at the top what was left out.
pub fn postmortem_for_wider_sharing(incident: &Incident) -> String {
    let (copy, left_out) = redacted(incident);
    document(&copy, Some(left_out))
}

/// The postmortem document for `incident`.
pub fn postmortem_markdown(incident: &Incident) -> String {
    document(incident, None)
}

fn document(incident: &Incident, redaction: Option<Redaction>) -> String {
    let m = metrics(incident);
    let pm = &incident.postmortem;
    let mut out = String::new();

    let heading = heading_text(&[&incident.id, &incident.title]);
    let variant = if redaction.is_some() {
        " (for wider sharing)"
    } else {
        ""
    };
    if heading.is_empty() {
        let _ = writeln!(out, "# Postmortem{variant}:");
    } else {
        let _ = writeln!(out, "# Postmortem{variant}: {heading}");
    }
    out.push('\n');
    if let Some(r) = redaction {
        let _ = writeln!(
            out,
            "_For wider sharing: {} restricted timeline {} left out ({} of them evidence {}); the paths of {} evidence {} withheld._\n",
            r.entries,
            if r.entries == 1 { "entry" } else { "entries" },
            r.evidence,
            if r.evidence == 1 { "item" } else { "items" },
            r.paths,
            if r.paths == 1 { "item" } else { "items" },
        );
    }
    facts(&mut out, incident, &m);

    section(&mut out, "Summary");
    prose_or(
        &mut out,
        &pm.summary,
        &[("From the incident summary", &incident.summary)],
        None,
    );

    section(&mut out, "Leadup");
    prose_or(&mut out, &pm.leadup, &[], None);

    section(&mut out, "Fault");
    prose_or(&mut out, &pm.fault, &[], None);

    section(&mut out, "Impact");
    prose_or(&mut out, &pm.impact, &[], None);
    impact_facts(&mut out, incident);

    section(&mut out, "Detection");
    prose_or(
        &mut out,
        &pm.detection,
        &[],
        Some("How could it have been detected in half the time?"),
    );
    detection_facts(&mut out, incident, &m);

    section(&mut out, "Response");
    prose_or(&mut out, &pm.response, &[], None);
    response_facts(&mut out, incident, &m);

    section(&mut out, "Recovery");
    prose_or(
        &mut out,
        &pm.recovery,
        &[("From the resolution summary", &incident.resolution.summary)],
        None,
    );
    recovery_facts(&mut out, incident, &m);

    if incident.is_security() {
        security_sections(&mut out, incident, &m, redaction.is_some());
    }

    section(&mut out, "Timeline");
    timeline(&mut out, incident);

    section(&mut out, "Five whys");
    let whys: Vec<&str> = pm
        .five_whys
        .iter()
        .map(|w| w.text.trim())
        .filter(|w| !w.is_empty())
        .collect();
    if whys.is_empty() {
        out.push_str(PLACEHOLDER);
        out.push('\n');
    } else {
        for (i, why) in whys.iter().enumerate() {
            let _ = writeln!(out, "{}. {}", i + 1, item_start(why));
        }
    }

    section(&mut out, "Root cause");
    prose_or(&mut out, &pm.root_cause, &[], None);

    section(&mut out, "Backlog check");
    prose_or(&mut out, &pm.backlog_check, &[], None);

    section(&mut out, "Recurrence");
    prose_or(&mut out, &pm.recurrence, &[], None);

    section(&mut out, "Lessons learned");
    prose_or(&mut out, &pm.lessons_learned, &[], None);

    section(&mut out, "Corrective actions");
    corrective_actions(&mut out, incident);

    section(&mut out, "Metrics");
    metrics_table(&mut out, &m);

    section(&mut out, "Severity history");
    severity_history(&mut out, &m);

    out
}

/// Containment to recovery, the attack, the data, the notices and the evidence.
fn security_sections(out: &mut String, incident: &Incident, m: &Metrics, redacted: bool) {
    use crate::model::Milestone;
    let s = &incident.security;
    let pm = &incident.postmortem;
    section(out, "Security response");
    let _ = writeln!(
        out,
        "- **Incident type:** {}",
        inline(crate::model::security::type_name(&incident.incident_type))
    );
    let aware = match s.aware_at {
        Some(at) => format_utc(at),
        None => format!("{} (the detection time)", when(incident.detection.detected_at)),
    };
    let _ = writeln!(out, "- **Became aware:** {aware}");
    for milestone in Milestone::ALL {
        let by = match milestone.by(s).trim() {
            "" => String::new(),
            by => format!(" by {}", inline(by)),
        };
        let at = milestone.at(s);
        let _ = writeln!(
            out,
            "- **{}:** {}{}",
            milestone.label(),
            when(at),
            if at.is_some() { by } else { String::new() }
        );
    }
    let _ = writeln!(
        out,
        "- **Time to contain:** {}",
        m.time_to_contain.display_value()
    );
    let _ = writeln!(
        out,
        "- **Time to eradicate:** {}",
        m.time_to_eradicate.display_value()
    );
    for problem in incident.milestone_problems() {
        let _ = writeln!(out, "- **Order problem:** {}", inline(&problem));
    }

    section(out, "Attack vector");
    prose_or(out, &pm.attack_vector, &[], Some("How did the attacker get in?"));
    section(out, "Indicators of compromise");
    prose_or(
        out,
        &pm.indicators_of_compromise,
        &[],
        Some("Addresses, domains, hashes and names to look for elsewhere"),
    );
    section(out, "Data affected");
    prose_or(
        out,
        &pm.data_affected,
        &[],
        Some("What data, whose, how many records; was it encrypted?"),
    );

    section(out, "Notifications made");
    let clocks = incident.notification_clocks(incident.record_end().unwrap_or(chrono::DateTime::UNIX_EPOCH));
    if clocks.is_empty() {
        out.push_str("_No notification rule was chosen for this incident._\n");
    } else {
        out.push_str("| Rule | Notice | Deadline | Sent | To | Reference |\n|---|---|---|---|---|---|\n");
        for clock in &clocks {
            let deadline = clock.due_at.map_or_else(|| clock.basis(), format_utc);
            let (sent, to, reference) = match &clock.sent {
                Some(n) => {
                    let late = match clock.due_at {
                        Some(due) if n.sent_at > due => {
                            format!(" (late by {})", format_duration(n.sent_at - due))
                        }
                        _ => String::new(),
                    };
                    (
                        format!("{}{late}", format_utc(n.sent_at)),
                        cell(&n.to),
                        cell(&n.reference),
                    )
                }
                None => ("**not sent**".to_owned(), String::new(), String::new()),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {deadline} | {sent} | {to} | {reference} |",
                cell(&clock.rule.name),
                cell(&clock.deadline.name)
            );
        }
    }

    section(out, "Evidence");
    let items: Vec<_> = incident.evidence().collect();
    if items.is_empty() {
        out.push_str("_No evidence items recorded._\n");
        return;
    }
    out.push_str(
        "Each item is a file as it was hashed when collected; the files themselves are kept elsewhere.\n\n",
    );
    out.push_str("| # | Collected (UTC) | What | File | Size (bytes) | SHA-256 | Collected by | Handed to | Follows |\n|---|---|---|---|---|---|---|---|---|\n");
    for (id, evidence, _) in items {
        let file = if redacted {
            "_withheld_".to_owned()
        } else {
            cell(&evidence.path)
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {file} | {} | {} | {} | {} | {} |",
            id.0,
            format_utc(evidence.collected_at),
            cell(&evidence.what),
            evidence.size,
            cell(&evidence.sha256),
            cell(&evidence.collected_by),
            cell(&evidence.handed_to),
            evidence.follows.map_or_else(String::new, |f| f.to_string()),
        );
    }
}

fn section(out: &mut String, heading: &str) {
    let _ = write!(out, "\n## {heading}\n\n");
}

/// The field's text; else the first non-empty fallback, introduced; else the
/// placeholder (with a prompting question, when given).
fn prose_or(out: &mut String, text: &str, fallbacks: &[(&str, &str)], prompt: Option<&str>) {
    let text = prose(text);
    if !text.is_empty() {
        out.push_str(&text);
        out.push('\n');
        return;
    }
    if let Some((intro, fallback)) = fallbacks
        .iter()
        .map(|(intro, f)| (intro, prose(f)))
        .find(|(_, f)| !f.is_empty())
    {
        let _ = writeln!(out, "{PLACEHOLDER} {intro}:\n");
        out.push_str(&fallback);
        out.push('\n');
        return;
    }
    match prompt {
        Some(prompt) => {
            let _ = writeln!(out, "{PLACEHOLDER} _{prompt}_");
        }
        None => {
            out.push_str(PLACEHOLDER);
            out.push('\n');
        }
    }
}

fn facts(out: &mut String, incident: &Incident, m: &Metrics) {
    let severity = match incident.severity() {
        Some(s) => {
            let current = inline(&incident.severity_name(s.level));
            match &m.highest_severity {
                Some(high) if high.to != s.level => {
                    format!("{current} (highest reached: {})", inline(&high.to_name))
                }
                _ => current,
            }
        }
        None => "not set".to_owned(),
    };
    let services = incident
        .detection
        .affected_services
        .iter()
        .map(|s| inline(&s.text))
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>();
    let d = &incident.detection;
    let r = &incident.resolution;
    let _ = writeln!(out, "- **Incident:** {}", inline(&incident.id));
    if !incident.ticket_url.trim().is_empty() {
        // As text, not a link: the file's own words are never made clickable markup.
        let _ = writeln!(out, "- **Ticket:** {}", inline(&incident.ticket_url));
    }
    let _ = writeln!(out, "- **Severity:** {severity}");
    let _ = writeln!(out, "- **Status:** {}", incident.status.label());
    let _ = writeln!(
        out,
        "- **Services:** {}",
        if services.is_empty() {
            "none recorded".to_owned()
        } else {
            services.join(", ")
        }
    );
    let _ = writeln!(out, "- **Fault started:** {}", when(d.fault_started_at));
    let _ = writeln!(out, "- **Detected:** {}", when(d.detected_at));
    let declared_by = if d.declared_by.trim().is_empty() {
        String::new()
    } else {
        format!(" by {}", inline(&d.declared_by))
    };
    let _ = writeln!(out, "- **Declared:** {}{declared_by}", when(d.declared_at));
    let _ = writeln!(out, "- **Mitigated:** {}", when(r.mitigated_at));
    let _ = writeln!(out, "- **Resolved:** {}", when(r.resolved_at));
    let _ = writeln!(out, "- **Closed:** {}", when(r.closed_at));
    let _ = writeln!(out, "- **Duration:** {}", m.total_duration.display_value());
}

fn impact_facts(out: &mut String, incident: &Incident) {
    let a = &incident.assessment;
    out.push('\n');
    let _ = writeln!(out, "- **Customer impact:** {}", a.customer_impact.label());
    let count = if a.affected_count.trim().is_empty() {
        String::new()
    } else {
        format!(" ({})", inline(&a.affected_count))
    };
    let _ = writeln!(
        out,
        "- **Customers affected:** {}{count}",
        a.customers_affected.label()
    );
    if !a.what_customers_see.trim().is_empty() {
        let _ = writeln!(out, "- **What customers saw:** {}", inline(&a.what_customers_see));
    }
    let _ = writeln!(out, "- **Impact started:** {}", when(a.impact_started_at));
    let _ = writeln!(
        out,
        "- **Support cases:** {}",
        a.support_cases
            .map_or_else(|| "not known".to_owned(), |n| n.to_string())
    );
    let factors: Vec<&str> = Factor::ALL
        .into_iter()
        .filter(|f| f.get(&a.factors))
        .map(|f| f.label())
        .collect();
    let _ = writeln!(
        out,
        "- **Other factors:** {}",
        if factors.is_empty() {
            "none".to_owned()
        } else {
            factors.join(", ")
        }
    );
}

fn detection_facts(out: &mut String, incident: &Incident, m: &Metrics) {
    out.push('\n');
    let source = incident.detection.source.as_ref().map_or_else(
        || "not recorded".to_owned(),
        |s| match s {
            crate::model::DetectionSource::Other(text) if !text.trim().is_empty() => {
                format!("Other: {}", inline(text))
            }
            s => s.label().to_owned(),
        },
    );
    let _ = writeln!(out, "- **Detected by:** {source}");
    let _ = writeln!(out, "- **Time to detect:** {}", m.time_to_detect.display_value());
}

fn response_facts(out: &mut String, incident: &Incident, m: &Metrics) {
    out.push('\n');
    let responders = &incident.escalation.responders;
    let paged = responders.iter().filter(|p| p.paged_at.is_some()).count();
    let acked = responders.iter().filter(|p| p.acknowledged_at.is_some()).count();
    let _ = writeln!(out, "- **Responders paged:** {paged} ({acked} acknowledged)");
    let _ = writeln!(
        out,
        "- **Time to acknowledge:** {}",
        m.time_to_acknowledge.display_value()
    );
    let managers: Vec<String> = incident
        .delegation
        .roles
        .iter()
        .filter(|a| a.role == Role::IncidentManager)
        .map(|a| match a.until {
            Some(until) => format!(
                "{} ({} to {})",
                inline(&a.person),
                format_utc(a.since),
                format_utc(until)
            ),
            None => format!("{} (from {})", inline(&a.person), format_utc(a.since)),
        })
        .collect();
    if !managers.is_empty() {
        let _ = writeln!(out, "- **Incident Manager:** {}", managers.join("; "));
    }
    let u = &m.customer_updates;
    let _ = writeln!(out, "- **Customer updates sent:** {}", u.sent);
    let _ = writeln!(
        out,
        "- **Time to first customer update:** {}",
        m.time_to_first_customer_update.display_value()
    );
}

fn recovery_facts(out: &mut String, _incident: &Incident, m: &Metrics) {
    out.push('\n');
    let _ = writeln!(
        out,
        "- **Time to mitigate:** {}",
        m.time_to_mitigate.display_value()
    );
    let _ = writeln!(
        out,
        "- **Time to resolve:** {}",
        m.time_to_resolve.display_value()
    );
}

fn timeline(out: &mut String, incident: &Incident) {
    if incident.timeline.entries.is_empty() {
        out.push_str("_No timeline entries._\n");
        return;
    }
    let _ = writeln!(
        out,
        "All times UTC, sorted by when each event happened; T+ counts from detection.\n"
    );
    // Edits to the record's fields (typing the postmortem itself among them)
    // stay in the file's timeline; the story of the incident is the rest.
    let mut entries: Vec<&TimelineEntry> = incident
        .timeline
        .iter()
        .filter(|e| e.kind != crate::model::EntryKind::Change)
        .collect();
    let edits = incident.timeline.entries.len() - entries.len();
    if edits > 0 {
        let _ = writeln!(
            out,
            "{edits} {} to the record's fields (old and new values) {} in the incident file's timeline, not listed here.\n",
            if edits == 1 { "change" } else { "changes" },
            if edits == 1 { "is" } else { "are" },
        );
    }
    entries.sort_by_key(|e| (e.at, e.id));
    out.push_str(&export(
        entries,
        incident.detection.detected_at,
        DisplayZone::Utc,
        ExportFormat::Markdown,
    ));
}

fn corrective_actions(out: &mut String, incident: &Incident) {
    let follow_ups = &incident.resolution.follow_ups;
    if follow_ups.is_empty() {
        let _ = writeln!(out, "{PLACEHOLDER} _No corrective actions recorded yet._");
        return;
    }
    out.push_str("| # | Action | Owner | Due | Done |\n|---|---|---|---|---|\n");
    for (i, f) in follow_ups.iter().enumerate() {
        let owner = if f.owner.trim().is_empty() {
            "_no owner_".to_owned()
        } else {
            cell(&f.owner)
        };
        let due = f.due.map_or_else(
            || "_no due date_".to_owned(),
            |d| d.format("%Y-%m-%d").to_string(),
        );
        let _ = writeln!(
            out,
            "| {} | {} | {owner} | {due} | {} |",
            i + 1,
            cell(&f.text),
            if f.done { "yes" } else { "no" }
        );
    }
}

fn metrics_table(out: &mut String, m: &Metrics) {
    out.push_str("| Metric | Value | From | To |\n|---|---|---|---|\n");
    for span in m.spans() {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            span.label,
            cell(&span.display_value()),
            moment(span.from),
            moment(span.to)
        );
    }
    out.push('\n');
    let u = &m.customer_updates;
    let _ = writeln!(out, "- **Customer updates sent:** {}", u.sent);
    let _ = writeln!(
        out,
        "- **Promised customer update cadence:** every {} min",
        u.promised_cadence_minutes
    );
    match &u.largest_gap {
        Some(gap) => {
            let _ = writeln!(
                out,
                "- **Largest gap between customer updates:** {} (from {} to {})",
                format_duration(gap.length),
                moment(Some(gap.from)),
                moment(Some(gap.to))
            );
        }
        None => out.push_str("- **Largest gap between customer updates:** none (no customer update sent)\n"),
    }
    let kept = match u.cadence_kept {
        Some(true) => "yes".to_owned(),
        Some(false) => format!("no (longer than {} min)", u.promised_cadence_minutes),
        None => "unknown: no customer update sent".to_owned(),
    };
    let _ = writeln!(out, "- **Cadence kept:** {kept}");
    let first = match u.first_update_kept {
        Some(true) => "yes".to_owned(),
        Some(false) => "no".to_owned(),
        None => "unknown".to_owned(),
    };
    let _ = writeln!(
        out,
        "- **First customer update within {} min of declaring:** {first}",
        u.first_update_promised_minutes
    );
    let _ = writeln!(
        out,
        "- **Support cases:** {}",
        m.support_cases
            .map_or_else(|| "not known".to_owned(), |n| n.to_string())
    );
    let kinds: Vec<String> = m
        .timeline
        .by_kind
        .iter()
        .map(|(kind, n)| format!("{} {n}", kind.badge()))
        .collect();
    let _ = writeln!(
        out,
        "- **Timeline entries:** {} ({} retracted, {} edited){}",
        m.timeline.total,
        m.timeline.retracted,
        m.timeline.edited,
        if kinds.is_empty() {
            String::new()
        } else {
            format!(": {}", kinds.join(", "))
        }
    );
}

fn severity_history(out: &mut String, m: &Metrics) {
    if m.severity_history.is_empty() {
        out.push_str("_No severity was set._\n");
        return;
    }
    if let Some(high) = &m.highest_severity {
        let _ = writeln!(
            out,
            "Highest severity reached: **{}** (first at {}).\n",
            inline(&high.to_name),
            format_utc(high.at)
        );
    }
    out.push_str("| When (UTC) | From | To | By | Why |\n|---|---|---|---|---|\n");
    for step in &m.severity_history {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            format_utc(step.at),
            step.from_name
                .as_deref()
                .map_or_else(|| "(none)".to_owned(), cell),
            cell(&step.to_name),
            cell(&step.by),
            cell(&step.reason)
        );
    }
}

/// `detected at 2026-03-17 14:09:00 UTC`, or `not recorded`.
fn moment(m: Option<(&str, Timestamp)>) -> String {
    match m {
        Some((name, at)) => format!("{name} {}", format_utc(at)),
        None => "not recorded".to_owned(),
    }
}

fn when(at: Option<Timestamp>) -> String {
    at.map_or_else(|| "not recorded".to_owned(), format_utc)
}

/// Text safe inside a Markdown table cell: see [`markdown_cell`].
pub fn cell(text: &str) -> String {
    markdown_cell(text)
}

/// Text on one line, not at its start (list item values): whitespace,
/// line breaks included, collapsed; Markdown escaped.
fn inline(text: &str) -> String {
    escape_markdown(&one_line(text), false)
}

/// Like [`inline`], but the text opens a list item, where `#`, `-` or `1.`
/// would start a heading or a nested list.
fn item_start(text: &str) -> String {
    escape_markdown(&one_line(text), true)
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The title heading's text after `Postmortem:`: the non-empty parts on one
/// line. A trailing `#` run after a space would read as the heading's
/// closing sequence, so its last `#` is escaped (`C#` stays as it is).
fn heading_text(parts: &[&str]) -> String {
    let mut text = parts
        .iter()
        .map(|p| inline(p))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let before_hashes = text.trim_end_matches('#');
    if before_hashes.len() < text.len() && (before_hashes.is_empty() || before_hashes.ends_with(' ')) {
        text.insert(text.len() - 1, '\\');
    }
    text
}

/// Multi-line text as paragraphs: blank lines separate paragraphs, every
/// other line break is kept as a hard break (a trailing `\`), lines are
/// trimmed (leading spaces would make code blocks, trailing ones breaks) and
/// escaped so no line can open a heading, list, quote, fence, HTML block,
/// table or rule. Empty when there is no text.
fn prose(text: &str) -> String {
    let mut paragraphs: Vec<Vec<String>> = Vec::new();
    let mut lines: Vec<String> = Vec::new();
    for line in unify_line_ends(text).split('\n') {
        let line = line.trim();
        if line.is_empty() {
            if !lines.is_empty() {
                paragraphs.push(std::mem::take(&mut lines));
            }
        } else {
            lines.push(escape_markdown(line, true));
        }
    }
    if !lines.is_empty() {
        paragraphs.push(lines);
    }
    paragraphs
        .iter()
        .map(|p| p.join("\\\n"))
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FollowUp;
    use chrono::{TimeZone, Utc};

    fn declared() -> Incident {
        Incident::declare(Utc.with_ymd_and_hms(2026, 11, 25, 14, 0, 0).unwrap(), "Ana")
    }

    #[test]
    fn cells_are_escaped() {
        assert_eq!(cell("a | b\nc\\d"), "a \\| b<br>c\\d");
        assert_eq!(cell("a\\| b\\"), "a\\\\\\| b\\\\");
        assert_eq!(cell(" x\r\ny\rz "), "x<br>y<br>z");
        assert_eq!(cell("<b>*x*</b> &amp;"), "&lt;b>\\*x\\*&lt;/b> &amp;amp;");
    }

    #[test]
    fn prose_cannot_add_headings() {
        assert_eq!(prose("a  \r\n## b\n  # c"), "a\\\n\\## b\\\n\\# c");
        assert_eq!(prose("x\n===\n\n\n- y\r1. z"), "x\\\n\\===\n\n\\- y\\\n1\\. z");
        let mut inc = declared();
        inc.postmortem.leadup = "## Fake heading".into();
        let md = postmortem_markdown(&inc);
        assert!(md.contains("## Leadup\n\n\\## Fake heading\n"));
        assert_eq!(
            md.lines().filter(|l| l.starts_with("## ")).count(),
            SECTIONS.len()
        );
    }

    #[test]
    fn headings_and_list_items_are_escaped() {
        let mut inc = declared();
        inc.title = "<b>C#</b> down ##".into();
        inc.postmortem.five_whys = vec!["# why".into(), "- nested\n- list".into(), "2) x".into()];
        let md = postmortem_markdown(&inc);
        assert!(
            md.starts_with("# Postmortem: INC-2026-0001 &lt;b>C#&lt;/b> down #\\#\n"),
            "{md}"
        );
        assert!(
            md.contains("\n1. \\# why\n2. \\- nested - list\n3. 2\\) x\n"),
            "{md}"
        );
        inc.title = "Move to C#".into();
        assert!(postmortem_markdown(&inc).starts_with("# Postmortem: INC-2026-0001 Move to C#\n"));
        inc.id = " ".into();
        inc.title = "#".into();
        assert!(postmortem_markdown(&inc).starts_with("# Postmortem: \\#\n"));
        inc.title.clear();
        assert!(postmortem_markdown(&inc).starts_with("# Postmortem:\n"));
    }

    #[test]
    fn empty_record_shows_placeholders_and_every_section() {
        let md = postmortem_markdown(&declared());
        assert!(md.starts_with("# Postmortem: INC-2026-0001\n"), "{md}");
        let mut last = 0;
        for heading in SECTIONS {
            let at = md.find(&format!("\n## {heading}\n")).expect(heading);
            assert!(at > last, "{heading} out of order");
            last = at;
        }
        assert!(md.contains("## Leadup\n\n_To be written._\n"));
        assert!(md.contains("_To be written._ _How could it have been detected in half the time?_"));
        assert!(md.contains("_No corrective actions recorded yet._"));
        assert!(md.contains("_No severity was set._"));
        assert!(md.contains(
            "| Time to mitigate | unknown: mitigated at is not recorded | detected at 2026-11-25 14:00:00 UTC | not recorded |"
        ));
    }

    #[test]
    fn follow_ups_are_escaped_in_the_table() {
        let mut inc = declared();
        inc.title = "Two\nlines".into();
        inc.resolution.follow_ups.push(FollowUp {
            id: crate::model::ItemId::fresh(),
            owner: "Bo | Cy".into(),
            text: "fix\nthis".into(),
            due: None,
            done: false,
        });
        let md = postmortem_markdown(&inc);
        assert!(md.starts_with("# Postmortem: INC-2026-0001 Two lines\n"));
        assert!(
            md.contains("| 1 | fix<br>this | Bo \\| Cy | _no due date_ | no |"),
            "{md}"
        );
    }
}
