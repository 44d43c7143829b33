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

/// Below this many entries the figures are worked out in the frame that
/// needs them (well under a millisecond); above it, on a worker thread, so
/// opening the review of a 100,000-entry incident never stalls a frame.
const INLINE_ENTRIES: usize = crate::model::timeline::BIG_TIMELINE;

/// The chart has at most this many bars, whatever the incident's length.
const MAX_BARS: i64 = 120;

/// Metrics and chart series, rebuilt only when the record changes, and off
/// the UI thread for big incidents.
#[derive(Default)]
pub struct ReviewCache {
    /// The figures shown, and the record generation they were worked out for.
    shown: Option<(u64, Figures)>,
    /// Figures being worked out on a worker for this generation.
    pending: Option<(u64, std::sync::mpsc::Receiver<Figures>)>,
}

/// Everything the dashboard shows that takes a pass over the timeline.
pub struct Figures {
    metrics: Metrics,
    chart: Chart,
}

impl Figures {
    /// Works the figures out (a pass over the whole timeline: call it off
    /// the UI thread for a big incident).
    pub fn of(incident: &Incident) -> Figures {
        Figures {
            metrics: metrics(incident),
            chart: build_chart(incident),
        }
    }
}

#[derive(Default)]
struct Chart {
    origin: Option<Timestamp>,
    severity: Vec<[f64; 2]>,
    status_changes: Vec<(f64, String)>,
    messages: Vec<[f64; 2]>,
    /// Minutes per bar: 10, or more for a long incident (at most [`MAX_BARS`]).
    bucket_minutes: i64,
    entries_per_bucket: Vec<(f64, f64)>,
}

/// The bar width that keeps a span of `minutes` to at most [`MAX_BARS`] bars.
fn bucket_minutes(minutes: i64) -> i64 {
    [10, 30, 60, 120, 360, 720, 1440, 2 * 1440, 7 * 1440, 30 * 1440]
        .into_iter()
        .find(|width| minutes / width < MAX_BARS)
        .unwrap_or_else(|| (minutes / MAX_BARS).max(1) + 1)
}

fn minutes_since(origin: Timestamp, at: Timestamp) -> f64 {
    (at - origin).num_seconds() as f64 / 60.0
}

fn build_chart(incident: &Incident) -> Chart {
    // A retracted entry (a far-back typo among them) is not an event of
    // the incident: it must not stretch the axis.
    let entries: Vec<&crate::model::TimelineEntry> = incident
        .timeline
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
    let (first, last) = (
        entries.iter().map(|e| e.at).min().unwrap_or(origin).min(origin),
        entries.iter().map(|e| e.at).max().unwrap_or(origin),
    );
    let width = bucket_minutes((last - first).num_minutes());
    // Every status change gets its line, but thousands of them (an import
    // gone wrong) must not become thousands of lines to draw every frame:
    // then one per bar.
    let statuses = entries.iter().filter(|e| e.kind == EntryKind::Status);
    let crowded = statuses.clone().count() > MAX_BARS as usize;
    let mut status_changes: Vec<(f64, String)> = Vec::new();
    let mut last_bucket = None;
    for e in statuses {
        let bucket = (e.at - origin).num_minutes().div_euclid(width);
        if !crowded || last_bucket != Some(bucket) {
            last_bucket = Some(bucket);
            status_changes.push((
                minutes_since(origin, e.at),
                first_line(&e.text, ONE_LINE_CHARS).into_owned(),
            ));
        }
    }
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
            .entry((entry.at - origin).num_minutes().div_euclid(width))
            .or_default() += 1.0;
    }
    let entries_per_bucket = buckets
        .into_iter()
        .map(|(b, n)| ((b * width) as f64 + width as f64 / 2.0, n))
        .collect();
    Chart {
        origin: Some(origin),
        severity,
        status_changes,
        messages,
        bucket_minutes: width,
        entries_per_bucket,
    }
}

impl ReviewCache {
    /// A cache holding `figures`, worked out elsewhere (by the loader) for
    /// record `generation`.
    pub fn ready(generation: u64, figures: Figures) -> ReviewCache {
        ReviewCache {
            shown: Some((generation, figures)),
            pending: None,
        }
    }

    /// Brings the figures up to `generation` of `incident`: at once for a
    /// small incident; for a big one a worker takes a snapshot (cheap: the
    /// entries are shared) and the figures arrive in a later frame, until
    /// when the last ones stay shown, marked as updating.
    pub fn refresh(&mut self, incident: &Incident, generation: u64, ctx: &egui::Context) {
        if let Some((for_generation, rx)) = &self.pending {
            match rx.try_recv() {
                Ok(figures) => {
                    self.shown = Some((*for_generation, figures));
                    self.pending = None;
                }
                Err(std::sync::mpsc::TryRecvError::Disconnected) => self.pending = None,
                Err(std::sync::mpsc::TryRecvError::Empty) => {}
            }
        }
        let wanted = |g: Option<u64>| g == Some(generation);
        if wanted(self.shown.as_ref().map(|(g, _)| *g)) || wanted(self.pending.as_ref().map(|(g, _)| *g)) {
            if self.pending.is_some() {
                ctx.request_repaint_after(std::time::Duration::from_millis(30));
            }
            return;
        }
        if incident.timeline.len() < INLINE_ENTRIES {
            self.shown = Some((generation, Figures::of(incident)));
            self.pending = None;
            return;
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let snapshot = incident.clone();
        let repaint = ctx.clone();
        std::thread::spawn(move || {
            // The receiver is gone when a newer record replaced this one.
            if tx.send(Figures::of(&snapshot)).is_ok() {
                repaint.request_repaint();
            }
        });
        self.pending = Some((generation, rx));
        ctx.request_repaint_after(std::time::Duration::from_millis(30));
    }

    /// The figures are being worked out (the ones shown, if any, are older).
    pub fn updating(&self) -> bool {
        self.pending.is_some()
    }
}

/// The dashboard for `incident`, with the figures `cache` holds (brought up
/// to date by [`ReviewCache::refresh`] before).
pub fn show(ui: &mut Ui, incident: &Incident, cache: &ReviewCache, actions: &mut Vec<Action>) {
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
    let Some((_, figures)) = &cache.shown else {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(format!(
                "Working out the figures for {} timeline entries...",
                incident.timeline.len()
            ));
        });
        return;
    };
    if cache.updating() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(RichText::new("Updating the figures for the latest changes...").weak());
        });
    }
    let m = &figures.metrics;
    section(ui, "Metrics");
    egui::Grid::new("metrics_grid")
        .striped(true)
        .num_columns(3)
        .show(ui, |ui| {
            for head in ["Metric", "Value", "Measured between"] {
                ui.label(RichText::new(head).strong());
            }
            ui.end_row();
            // A security incident is also measured by how fast it was contained.
            let security = [&m.time_to_contain, &m.time_to_eradicate];
            let spans = m
                .spans()
                .into_iter()
                .chain(security.into_iter().filter(|_| incident.is_security()));
            for span in spans {
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
    chart(ui, incident, &figures.chart);
    links(ui, incident, actions);
}

fn chart(ui: &mut Ui, incident: &Incident, chart: &Chart) {
    let Some(origin) = chart.origin else {
        ui.label(RichText::new("Nothing to chart: no detection time and no timeline entries.").weak());
        return;
    };
    ui.label(
        RichText::new(format!(
            "Minutes since detection ({}). Severity steps (top is most severe), status changes, messages sent and entries per {}.",
            format_utc(origin),
            bucket_name(chart.bucket_minutes)
        ))
        .small()
        .weak(),
    );
    let levels = incident.severity_scale().levels.len() as f64;
    let max_bucket = chart
        .entries_per_bucket
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
            let width = chart.bucket_minutes as f64 * 0.9;
            let bars = chart
                .entries_per_bucket
                .iter()
                .map(|&(x, n)| Bar::new(x, n * scale).width(width).name(format!("{n} entries")))
                .collect();
            let name = format!("Entries per {} (scaled)", bucket_name(chart.bucket_minutes));
            plot.bar_chart(BarChart::new(name, bars));
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

/// "10 min", "2 h", "1 day".
fn bucket_name(minutes: i64) -> String {
    match minutes {
        m if m % 1440 == 0 && m > 1440 => format!("{} days", m / 1440),
        1440 => "day".to_owned(),
        m if m % 60 == 0 && m > 60 => format!("{} h", m / 60),
        60 => "hour".to_owned(),
        m => format!("{m} min"),
    }
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
            let xs: Vec<f64> = chart.entries_per_bucket.iter().map(|(x, _)| *x).collect();
            xs.iter().cloned().fold(f64::MIN, f64::max) - xs.iter().cloned().fold(f64::MAX, f64::min)
        };
        assert!(
            spanned(&build_chart(&inc)) > 60.0 * 24.0 * 300.0,
            "the typo stretches it"
        );
        inc.timeline.retract(typo, "wrong year", t0, "Ana").unwrap();
        let chart = build_chart(&inc);
        assert!(spanned(&chart) <= 40.0, "{:?}", chart.entries_per_bucket);
        assert!(chart.entries_per_bucket.iter().all(|(x, _)| *x >= 0.0));
    }

    #[test]
    fn a_long_incident_gets_wider_bars_never_more_than_the_cap() {
        for minutes in [
            0,
            9,
            10,
            600,
            1199,
            1200,
            5_000,
            100_000,
            10_000_000,
            i64::MAX / 2,
        ] {
            let width = bucket_minutes(minutes);
            assert!(width >= 10, "{minutes}: {width}");
            assert!(minutes / width < MAX_BARS, "{minutes} min in bars of {width}");
        }
        assert_eq!(bucket_minutes(600), 10);
        assert_eq!(bucket_minutes(2_000), 30);
        assert_eq!(bucket_name(10), "10 min");
        assert_eq!(bucket_name(60), "hour");
        assert_eq!(bucket_name(360), "6 h");
        assert_eq!(bucket_name(2 * 1440), "2 days");
    }

    /// A big incident's figures come from a worker, a small one's at once;
    /// either way they are those of the record as it is.
    #[test]
    fn figures_are_worked_out_at_once_when_small_and_on_a_worker_when_big() {
        let t0 = Utc.with_ymd_and_hms(2026, 3, 17, 14, 0, 0).unwrap();
        let ctx = egui::Context::default();
        for (entries, inline) in [(10, true), (INLINE_ENTRIES + 10, false)] {
            let mut inc = Incident::declare(t0, "Ana");
            for i in 0..entries {
                inc.timeline
                    .add(t0 + TimeDelta::seconds(i as i64), t0, "Ana", EntryKind::Note, "n");
            }
            let mut cache = ReviewCache::default();
            cache.refresh(&inc, 1, &ctx);
            assert_eq!(cache.shown.is_some(), inline, "{entries} entries");
            assert_eq!(cache.updating(), !inline);
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
            while cache.updating() && std::time::Instant::now() < deadline {
                std::thread::sleep(std::time::Duration::from_millis(5));
                cache.refresh(&inc, 1, &ctx);
            }
            let (generation, figures) = cache.shown.as_ref().expect("the figures arrived");
            assert_eq!(*generation, 1);
            assert_eq!(figures.metrics.timeline.total, inc.timeline.len());
            // A change to the record asks for new figures; the old stay shown meanwhile.
            inc.timeline.add(t0, t0, "Ana", EntryKind::Note, "one more");
            cache.refresh(&inc, 2, &ctx);
            assert!(cache.shown.is_some());
        }
    }

    #[test]
    fn thousands_of_status_entries_draw_at_most_one_line_per_bar() {
        let t0 = Utc.with_ymd_and_hms(2026, 3, 17, 14, 0, 0).unwrap();
        let mut inc = Incident::declare(t0, "Ana");
        for i in 0..5_000 {
            inc.timeline.add(
                t0 + TimeDelta::seconds(i * 60),
                t0,
                "Ana",
                EntryKind::Status,
                "Monitoring",
            );
        }
        let chart = build_chart(&inc);
        assert!(!chart.status_changes.is_empty());
        assert!(chart.status_changes.len() <= chart.entries_per_bucket.len());
        assert!(chart.entries_per_bucket.len() <= MAX_BARS as usize + 1);
    }
}
