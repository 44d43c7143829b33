//! The timeline side panel: newest first, only visible rows laid out.

use egui::{RichText, Ui};

use crate::model::{Incident, format_elapsed, format_utc};

const ROW_HEIGHT_LINES: f32 = 2.0;

pub fn show(ui: &mut Ui, incident: &Incident) {
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        ui.label(RichText::new("TIMELINE").small().strong());
        ui.label(RichText::new(format!("{} entries, newest first", incident.timeline.len())).small().weak());
    });
    ui.separator();
    let entries = &incident.timeline.entries;
    let line = ui.text_style_height(&egui::TextStyle::Body);
    let row_height = line * ROW_HEIGHT_LINES + ui.spacing().item_spacing.y;
    let detected = incident.detection.detected_at;
    egui::ScrollArea::vertical().id_salt("timeline_rows").auto_shrink(false).show_rows(
        ui,
        row_height,
        entries.len(),
        |ui, rows| {
            for row in rows {
                let Some(entry) = entries.len().checked_sub(row + 1).and_then(|i| entries.get(i)) else {
                    continue;
                };
                let elapsed = detected.map(|d| format_elapsed(entry.at - d)).unwrap_or_default();
                ui.horizontal(|ui| {
                    ui.label(RichText::new(format_utc(entry.at)).monospace().small());
                    ui.label(RichText::new(elapsed).monospace().small().weak());
                    ui.label(RichText::new(entry.kind.badge()).small().strong());
                    ui.label(RichText::new(&entry.author).small());
                });
                let mut text = RichText::new(entry.text.lines().next().unwrap_or_default());
                if entry.retracted.is_some() {
                    text = text.strikethrough().weak();
                }
                ui.add(egui::Label::new(text).truncate()).on_hover_text(&entry.text);
            }
        },
    );
}
