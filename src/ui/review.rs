//! The review dashboard: the reviewer's metrics, each with the two moments it
//! is measured between, and a chart of the incident over time. Links in the
//! file are shown as text with an explicit Open button: the file may come from
//! anyone, so nothing is opened without a click.

use egui::{RichText, Ui};
use egui_plot::{Bar, BarChart, Legend, Line, Plot, PlotPoints, Points, VLine};

use crate::action::Action;
use crate::command::Command;
use crate::model::{Audience, EntryKind, Incident, Timestamp, format_utc};
use crate::report::{Metrics, format_duration, metrics};

use super::long_text::{ONE_LINE_CHARS, SHOWN_CHARS, first_line, shortened};
use super::widgets::{error_color, ok_color, section};

/// Metrics and chart series, rebuilt only when the record changes.
#[derive(Default)]
pub struct ReviewCache {
    generation: Option<u64>,
    metrics: Option<Metrics>,
    chart: Chart,
}

#[derive(Default)]
struct Chart {
    origin: Option<Timestamp>,
    severity: Vec<[f64; 2]>,
    status_changes: Vec<(f64, String)>,
    messages: Vec<[f64; 2]>,
    entries_per_10_min: Vec<(f64, f64)>,
}

fn minutes_since(origin: Timestamp, at: Timestamp) -> f64 {
    (at - origin).num_seconds() as f64 / 60.0
}

fn build_chart(incident: &Incident) -> Chart {
    // A retracted entry (a far-back typo among them) is not an event of
    // the incident: it must not stretch the axis.
    let entries: Vec<&crate::model::TimelineEntry> = incident
        .timeline
        .entries
        .iter()
        .filter(|e| e.retracted.is_none())
        .collect();
    let Some(origin) = incident
        .detection
        .detected_at
        .or_else(|| entries.iter().map(|e| e.at).min())
    else {
        return Chart::default();
    };
    let levels = incident.severity_scale().levels.len() as f64;
    // Severity as steps; drawn so that SEV1 is highest.
    let mut severity: Vec<[f64; 2]> = Vec::new();
    for change in &incident.assessment.severity_history {
        let x = minutes_since(origin, change.set_at);
        let y = levels + 1.0 - f64::from(change.level.0);
        if let Some(&[_, previous]) = severity.last() {
            severity.push([x, previous]);
        }
        severity.push([x, y]);
    }
    if let (Some(&[_, y]), Some(last)) = (severity.last(), entries.iter().map(|e| e.at).max()) {
        severity.push([minutes_since(origin, last), y]);
    }
    let status_changes = entries
        .iter()
        .filter(|e| e.kind == EntryKind::Status && e.retracted.is_none())
        .map(|e| {
            (
                minutes_since(origin, e.at),
                first_line(&e.text, ONE_LINE_CHARS).into_owned(),
            )
        })
        .collect();
    let messages = incident
        .communications
        .messages
        .iter()
        .filter_map(|m| m.sent_at.map(|at| (m.audience, at)))
        .map(|(audience, at)| {
            [
                minutes_since(origin, at),
                if audience == Audience::Customers {
                    0.5
                } else {
                    0.25
                },
            ]
        })
        .collect();
    let mut buckets: std::collections::BTreeMap<i64, f64> = std::collections::BTreeMap::new();
    for entry in &entries {
        *buckets
            .entry((entry.at - origin).num_minutes().div_euclid(10))
            .or_default() += 1.0;
    }
    let entries_per_10_min = buckets
        .into_iter()
        .map(|(b, n)| (b as f64 * 10.0 + 5.0, n))
        .collect();
    Chart {
        origin: Some(origin),
        severity,
        status_changes,
        messages,
        entries_per_10_min,
    }
}

impl ReviewCache {
    fn refresh(&mut self, incident: &Incident, generation: u64) {
        if self.generation != Some(generation) {
            self.metrics = Some(metrics(incident));
            self.chart = build_chart(incident);
            self.generation = Some(generation);
        }
    }
}

pub fn show(
    ui: &mut Ui,
    incident: &Incident,
    generation: u64,
    cache: &mut ReviewCache,
    actions: &mut Vec<Action>,
) {
    cache.refresh(incident, generation);
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.label(RichText::new("Review: metrics and postmortem").heading().strong());
        let keys = Command::ExportPostmortem
            .shortcut()
            .map(|s| ui.ctx().format_shortcut(&s))
            .unwrap_or_default();
        if ui
            .button("Export postmortem (Markdown)...")
            .on_hover_text(keys)
            .clicked()
        {
            actions.push(Action::Command(Command::ExportPostmortem));
        }
    });
    ui.label(RichText::new("Every metric names the two moments it is measured between; a missing moment gives \"unknown\" and why.").weak());
    let Some(m) = &cache.metrics else { return };
    section(ui, "Metrics");
    egui::Grid::new("metrics_grid")
        .striped(true)
        .num_columns(3)
        .show(ui, |ui| {
            for head in ["Metric", "Value", "Measured between"] {
                ui.label(RichText::new(head).strong());
            }
            ui.end_row();
            for span in m.spans() {
                ui.label(span.label);
                match &span.value {
                    Ok(_) => ui.label(RichText::new(span.display_value()).monospace()),
                    Err(reason) => {
                        ui.label(RichText::new(reason).italics().color(ui.visuals().warn_fg_color))
                    }
                };
                ui.vertical(|ui| {
                    for end in [span.from, span.to] {
                        match end {
                            Some((name, at)) => {
                                ui.label(RichText::new(format!("{name} {}", format_utc(at))).small())
                            }
                            None => ui.label(RichText::new("-").small().weak()),
                        };
                    }
                });
                ui.end_row();
            }
        });
    let updates = &m.customer_updates;
    ui.add_space(6.0);
    ui.label(format!(
        "Customer updates sent: {} (promised every {} min)",
        updates.sent, updates.promised_cadence_minutes
    ));
    if let Some(gap) = &updates.largest_gap {
        let kept = updates.cadence_kept == Some(true);
        let verdict = if kept { "cadence kept" } else { "CADENCE MISSED" };
        let color = if kept { ok_color(ui) } else { error_color(ui) };
        ui.horizontal_wrapped(|ui| {
            ui.label(format!(
                "Largest gap: {} ({} {} to {} {})",
                format_duration(gap.length),
                gap.from.0,
                format_utc(gap.from.1),
                gap.to.0,
                format_utc(gap.to.1)
            ));
            ui.label(RichText::new(verdict).strong().color(color));
        });
    }
    ui.label(format!(
        "Support cases: {}",
        m.support_cases.map_or("unknown".to_owned(), |n| n.to_string())
    ));
    ui.label(format!(
        "Timeline: {} entries, {} edited, {} retracted",
        m.timeline.total, m.timeline.edited, m.timeline.retracted
    ));
    if !m.severity_history.is_empty() {
        section(ui, "Severity history");
        for step in &m.severity_history {
            let from = step.from_name.clone().unwrap_or_else(|| "-".to_owned());
            ui.label(format!(
                "{} {from} -> {} by {}: {}",
                format_utc(step.at),
                step.to_name,
                first_line(&step.by, ONE_LINE_CHARS),
                shortened(&step.reason, SHOWN_CHARS)
            ));
        }
    }
    section(ui, "The incident over time");
    chart(ui, incident, &cache.chart);
    links(ui, incident, actions);
}

fn chart(ui: &mut Ui, incident: &Incident, chart: &Chart) {
    let Some(origin) = chart.origin else {
        ui.label(RichText::new("Nothing to chart: no detection time and no timeline entries.").weak());
        return;
    };
    ui.label(
        RichText::new(format!(
            "Minutes since detection ({}). Severity steps (top is most severe), status changes, messages sent and entries per 10 minutes.",
            format_utc(origin)
        ))
        .small()
        .weak(),
    );
    let levels = incident.severity_scale().levels.len() as f64;
    let max_bucket = chart
        .entries_per_10_min
        .iter()
        .map(|(_, n)| *n)
        .fold(1.0, f64::max);
    // Bars are scaled into the severity band so one y axis serves both.
    let scale = levels / max_bucket;
    Plot::new("incident_chart")
        .height(260.0)
        .legend(Legend::default())
        .allow_scroll(false)
        .include_y(0.0)
        .include_y(levels + 0.5)
        .x_axis_label("minutes since detection")
        .show(ui, |plot| {
            let bars = chart
                .entries_per_10_min
                .iter()
                .map(|&(x, n)| Bar::new(x, n * scale).width(9.0).name(format!("{n} entries")))
                .collect();
            plot.bar_chart(BarChart::new("Entries per 10 min (scaled)", bars));
            if !chart.severity.is_empty() {
                plot.line(
                    Line::new("Severity", PlotPoints::from(chart.severity.clone()))
                        .width(2.5)
                        .allow_band(false),
                );
            }
            plot.points(Points::new("Messages sent", PlotPoints::from(chart.messages.clone())).radius(4.0));
            for (x, _text) in &chart.status_changes {
                plot.vline(VLine::new("Status changes", *x));
            }
        });
}

fn links(ui: &mut Ui, incident: &Incident, actions: &mut Vec<Action>) {
    let c = &incident.channels;
    let mut all: Vec<(String, String)> = vec![
        ("Chat room".to_owned(), c.chat_link.clone()),
        ("Video bridge".to_owned(), c.video_bridge.clone()),
    ];
    all.extend(c.links.iter().map(|l| (l.label.clone(), l.url.clone())));
    all.retain(|(_, url)| !url.trim().is_empty());
    if all.is_empty() {
        return;
    }
    section(ui, "Links in this file");
    ui.label(
        RichText::new("Shown as text. A link opens only when you press Open: check where it goes first.")
            .small()
            .weak(),
    );
    egui::Grid::new("review_links").num_columns(3).show(ui, |ui| {
        for (label, url) in all {
            ui.label(first_line(&label, ONE_LINE_CHARS));
            ui.label(RichText::new(shortened(&url, ONE_LINE_CHARS)).monospace());
            if ui
                .small_button("Open")
                .on_hover_text(format!("Open {} in the browser", shortened(&url, ONE_LINE_CHARS)))
                .clicked()
            {
                actions.push(Action::OpenLink(url));
            }
            ui.end_row();
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeDelta, TimeZone, Utc};

    #[test]
    fn a_retracted_far_back_entry_does_not_stretch_the_chart() {
        let t0 = Utc.with_ymd_and_hms(2026, 3, 17, 14, 0, 0).unwrap();
        let mut inc = Incident::declare(t0, "Ana");
        inc.timeline.add(
            t0 + TimeDelta::minutes(30),
            t0,
            "Ana",
            EntryKind::Note,
            "rolled back",
        );
        let typo = inc.timeline.add(
            t0 - TimeDelta::days(400),
            t0,
            "Ana",
            EntryKind::Note,
            "typed a year wrong",
        );
        let spanned = |chart: &Chart| {
            let xs: Vec<f64> = chart.entries_per_10_min.iter().map(|(x, _)| *x).collect();
            xs.iter().cloned().fold(f64::MIN, f64::max) - xs.iter().cloned().fold(f64::MAX, f64::min)
        };
        assert!(
            spanned(&build_chart(&inc)) > 60.0 * 24.0 * 300.0,
            "the typo stretches it"
        );
        inc.timeline.retract(typo, "wrong year", t0, "Ana").unwrap();
        let chart = build_chart(&inc);
        assert!(spanned(&chart) <= 40.0, "{:?}", chart.entries_per_10_min);
        assert!(chart.entries_per_10_min.iter().all(|(x, _)| *x >= 0.0));
    }
}
