//! The timeline side panel: filters, newest or oldest first, UTC or local
//! time, and an entry detail where entries are edited (with history) or
//! retracted. Only the visible rows are laid out, and the filtered row list is
//! recomputed only when the timeline or the filter changes, never per frame.

use egui::{Color32, RichText, Sense, Ui};

use crate::action::Action;
use crate::command::Command;
use crate::model::timeline_view::{self, ExportFormat};
use crate::model::{
    DisplayZone, Edit, EntryId, EntryKind, FilterIndex, Incident, TimelineEntry, TimelineFilter,
    format_elapsed, format_time_input, parse_time_input,
};

use super::long_text::{self, ONE_LINE_CHARS, SHOWN_CHARS, first_line, head, shortened};
use super::widgets::error_color;

/// View state of the timeline panel (not part of the record).
pub struct TimelineState {
    pub filter: TimelineFilter,
    pub newest_first: bool,
    pub zone: DisplayZone,
    pub selected: Option<EntryId>,
    pub focus_filter: bool,
    pub jump_to_now: bool,
    /// The entry the edit fields below were filled from.
    editing: Option<EntryId>,
    edit_text: String,
    edit_time: String,
    retract_reason: String,
    cache: Option<RowCache>,
    /// A worker matching the whole timeline against this filter.
    pending: Option<(TimelineFilter, std::sync::mpsc::Receiver<FilterIndex>)>,
    /// Everyone who wrote, for the author menu, and the generation it is of.
    authors: Option<(u64, Vec<String>)>,
}

impl Default for TimelineState {
    fn default() -> Self {
        TimelineState {
            filter: TimelineFilter::default(),
            newest_first: true,
            zone: DisplayZone::Utc,
            selected: None,
            focus_filter: false,
            jump_to_now: false,
            editing: None,
            edit_text: String::new(),
            edit_time: String::new(),
            retract_reason: String::new(),
            cache: None,
            pending: None,
            authors: None,
        }
    }
}

/// Below this many entries a new filter is matched in the frame itself
/// (a few milliseconds at most); above it, on a worker.
const INLINE_ENTRIES: usize = crate::model::timeline::BIG_TIMELINE;

/// A change to the timeline that needs more entries matched again than this
/// (an import, another file) is matched on a worker too.
const INLINE_CHANGES: usize = 2_000;

struct RowCache {
    /// The timeline generation `rows` are for.
    generation: u64,
    /// The index `rows` came from; given to a worker (and empty) while a
    /// new filter is matched, when `index_is_current` is false.
    index: FilterIndex,
    index_is_current: bool,
    /// Indices into the timeline's entries, in time order.
    rows: Vec<usize>,
}

impl RowCache {
    fn new(index: FilterIndex, generation: u64) -> RowCache {
        RowCache {
            generation,
            rows: index.rows(),
            index,
            index_is_current: true,
        }
    }

    /// No filter: every entry, with no index to keep.
    fn everything(len: usize, generation: u64) -> RowCache {
        RowCache {
            generation,
            index: FilterIndex::default(),
            index_is_current: false,
            rows: (0..len).collect(),
        }
    }

    /// Whether this lists `filter`'s rows and can be kept up to date.
    fn is_for(&self, filter: &TimelineFilter) -> bool {
        self.index_is_current && self.index.filter() == filter
    }
}

/// Dropping a big snapshot touches every entry's count: done on a worker
/// so no frame pays for it.
fn drop_later(cache: Option<RowCache>) {
    if let Some(cache) = cache
        && cache.rows.capacity() + cache.index.len() >= INLINE_ENTRIES
    {
        std::thread::spawn(move || drop(cache));
    }
}

impl TimelineState {
    /// The entries to list. Kept up to date as entries are added or
    /// changed (only those are matched again); a new filter on a big
    /// timeline is matched on a worker, and until it is done the rows of
    /// the previous filter stay listed ([`TimelineState::filtering`]).
    pub fn rows(&mut self, incident: &Incident, generation: u64) -> &[usize] {
        let timeline = &incident.timeline;
        if self.filter.is_empty() {
            let fresh = self.pending.is_none()
                && self
                    .cache
                    .as_ref()
                    .is_some_and(|c| c.generation == generation && c.rows.len() == timeline.len());
            if !fresh {
                drop_later(
                    self.cache
                        .replace(RowCache::everything(timeline.len(), generation)),
                );
                self.pending = None;
            }
            return self.cache.as_ref().map_or(&[], |c| &c.rows);
        }
        self.receive_filtered(timeline, generation);
        let current = self.cache.as_ref().is_some_and(|c| c.is_for(&self.filter));
        if current {
            self.bring_up_to_date(timeline, generation);
        } else if timeline.len() < INLINE_ENTRIES {
            self.match_now(timeline, generation);
        } else {
            // Meanwhile the previous filter's rows, if still of this timeline.
            self.bring_up_to_date(timeline, generation);
            self.match_on_worker(timeline);
        }
        match &self.cache {
            Some(c) if c.generation == generation => &c.rows,
            _ => &[],
        }
    }

    /// The rows for exactly this filter and timeline, matched now if need
    /// be (the clipboard copy, which the user asked for and waits for).
    pub fn rows_now(&mut self, incident: &Incident, generation: u64) -> &[usize] {
        if self.filter.is_empty() {
            return self.rows(incident, generation);
        }
        let current = self
            .cache
            .as_ref()
            .is_some_and(|c| c.is_for(&self.filter) && c.generation == generation);
        if !current {
            self.match_now(&incident.timeline, generation);
        }
        self.cache.as_ref().map_or(&[], |c| &c.rows)
    }

    /// A new filter is being matched on a worker.
    pub fn filtering(&self) -> bool {
        self.pending.is_some()
    }

    fn match_now(&mut self, timeline: &crate::model::Timeline, generation: u64) {
        let index = FilterIndex::new(self.filter.clone(), timeline.entries.clone());
        drop_later(self.cache.replace(RowCache::new(index, generation)));
        self.pending = None;
    }

    fn match_on_worker(&mut self, timeline: &crate::model::Timeline) {
        if self.pending.as_ref().is_some_and(|(f, _)| f == &self.filter) {
            return;
        }
        // The worker takes the entries the old index holds (no copy); its
        // rows stay listed meanwhile.
        let entries = match self.cache.as_mut() {
            Some(cache) if cache.index_is_current && cache.index.len() == timeline.len() => {
                cache.index_is_current = false;
                std::mem::take(&mut cache.index).into_entries()
            }
            _ => timeline.entries.clone(),
        };
        let (tx, rx) = std::sync::mpsc::channel();
        let filter = self.filter.clone();
        std::thread::spawn(move || {
            // A closed receiver means a newer filter replaced this one.
            let _ = tx.send(FilterIndex::new(filter, entries));
        });
        self.pending = Some((self.filter.clone(), rx));
    }

    /// Takes a worker's index when it is for the current filter, updated
    /// for what changed on the timeline since it started.
    fn receive_filtered(&mut self, timeline: &crate::model::Timeline, generation: u64) {
        let Some((filter, rx)) = &self.pending else {
            return;
        };
        let index = match rx.try_recv() {
            Ok(index) => index,
            Err(std::sync::mpsc::TryRecvError::Empty) => return,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                self.pending = None;
                return;
            }
        };
        let wanted = filter == &self.filter;
        self.pending = None;
        if !wanted {
            // Its entries may still serve the filter now wanted.
            let cache = RowCache {
                generation: generation.wrapping_add(1),
                index,
                index_is_current: true,
                rows: Vec::new(),
            };
            drop_later(self.cache.replace(cache));
            return;
        }
        // Marked older than now, so it is brought up to date at once.
        let mut cache = RowCache::new(index, generation.wrapping_add(1));
        cache.rows = Vec::new();
        drop_later(self.cache.replace(cache));
        self.bring_up_to_date(timeline, generation);
    }

    /// Updates the cached index for the entries changed since; when too
    /// many changed, matches everything again on a worker.
    fn bring_up_to_date(&mut self, timeline: &crate::model::Timeline, generation: u64) {
        let Some(cache) = &mut self.cache else {
            return;
        };
        if cache.generation == generation {
            return;
        }
        if !cache.index_is_current {
            // Its rows are of an older timeline: nothing to list until the
            // worker's index arrives.
            cache.rows.clear();
            return;
        }
        if cache.index.update_within(timeline, INLINE_CHANGES).is_some() {
            cache.rows = cache.index.rows();
            cache.generation = generation;
        } else {
            let for_filter = cache.index.filter() == &self.filter;
            drop_later(self.cache.take());
            if for_filter {
                self.match_on_worker(timeline);
            }
        }
    }

    /// The shown entries as text, in time order, for the clipboard.
    pub fn export(&mut self, incident: &Incident, generation: u64, format: ExportFormat) -> String {
        let zone = self.zone;
        let rows = self.rows_now(incident, generation);
        let entries = rows.iter().filter_map(|&i| incident.timeline.entry(i));
        timeline_view::export(entries, incident.detection.detected_at, zone, format)
    }
}

pub fn kind_color(kind: EntryKind) -> Color32 {
    match kind {
        EntryKind::Note => Color32::from_rgb(110, 110, 120),
        EntryKind::Decision => Color32::from_rgb(140, 70, 200),
        EntryKind::Action => Color32::from_rgb(30, 120, 200),
        EntryKind::Severity => Color32::from_rgb(200, 40, 40),
        EntryKind::Status => Color32::from_rgb(20, 140, 90),
        EntryKind::Comms => Color32::from_rgb(200, 120, 20),
        EntryKind::Escalation => Color32::from_rgb(190, 60, 130),
        EntryKind::Role => Color32::from_rgb(40, 140, 150),
        EntryKind::System => Color32::from_rgb(80, 90, 110),
        EntryKind::Can => Color32::from_rgb(150, 110, 40),
        EntryKind::Chat => Color32::from_rgb(70, 100, 160),
        EntryKind::Alert => Color32::from_rgb(180, 50, 90),
        EntryKind::Change => Color32::from_rgb(100, 100, 100),
        EntryKind::Evidence => Color32::from_rgb(120, 80, 40),
    }
}

fn badge(ui: &mut Ui, kind: EntryKind) {
    egui::Frame::new()
        .fill(kind_color(kind))
        .corner_radius(3.0)
        .inner_margin(egui::Margin::symmetric(4, 0))
        .show(ui, |ui| {
            ui.label(RichText::new(kind.badge()).small().strong().color(Color32::WHITE))
        });
}

pub fn show(
    ui: &mut Ui,
    incident: &Incident,
    generation: u64,
    read_only: bool,
    state: &mut TimelineState,
    actions: &mut Vec<Action>,
) {
    ui.add_space(6.0);
    controls(ui, incident, generation, state, actions);
    if state
        .selected
        .is_some_and(|id| incident.timeline.get(id).is_some())
    {
        egui::Panel::bottom("timeline_entry_detail")
            .resizable(true)
            .default_size(230.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("timeline_detail_scroll")
                    .show(ui, |ui| {
                        detail(ui, incident, read_only, state, actions);
                    });
            });
    }
    rows(ui, incident, generation, state);
}

fn shortcut_hint(ui: &Ui, command: Command) -> String {
    let keys = command
        .shortcut()
        .map(|s| ui.ctx().format_shortcut(&s))
        .unwrap_or_default();
    format!("{} ({keys})", command.label())
}

fn controls(
    ui: &mut Ui,
    incident: &Incident,
    generation: u64,
    state: &mut TimelineState,
    actions: &mut Vec<Action>,
) {
    let shown = state.rows(incident, generation).len();
    let total = incident.timeline.len();
    ui.horizontal(|ui| {
        ui.label(RichText::new("TIMELINE").small().strong());
        let count = if shown == total {
            format!("{total} entries")
        } else {
            format!("{shown} of {total} entries")
        };
        ui.label(RichText::new(count).small().weak());
        if state.filtering() {
            ui.spinner();
            ui.label(RichText::new("filtering...").small().weak());
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(20));
        }
    });
    ui.horizontal(|ui| {
        let label = ui.label("Filter");
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut state.filter.text)
                    .hint_text("words in text or author")
                    .desired_width(ui.available_width() - 8.0)
                    .id_salt("timeline_filter"),
            )
            .labelled_by(label.id)
            .on_hover_text(shortcut_hint(ui, Command::FilterTimeline));
        if state.focus_filter {
            response.request_focus();
            state.focus_filter = false;
        }
    });
    ui.horizontal_wrapped(|ui| {
        let hidden = state.filter.hidden_kinds.len();
        let kinds = if hidden == 0 {
            "All kinds".to_owned()
        } else {
            format!("{} kinds", EntryKind::ALL.len() - hidden)
        };
        super::focus::menu_button(ui, kinds, |ui| {
            for kind in EntryKind::ALL {
                let mut shown = !state.filter.hidden_kinds.contains(&kind);
                if ui.checkbox(&mut shown, kind.badge()).changed() {
                    if shown {
                        state.filter.hidden_kinds.remove(&kind);
                    } else {
                        state.filter.hidden_kinds.insert(kind);
                    }
                }
            }
            if ui.button("Show all kinds").clicked() {
                state.filter.hidden_kinds.clear();
            }
        });
        let author = state
            .filter
            .author
            .clone()
            .unwrap_or_else(|| "All authors".to_owned());
        super::focus::menu_button(ui, author, |ui| {
            // Listing authors walks every entry: done when the menu opens
            // after a change, not in every frame it stays open.
            if ui.button("All authors").clicked() {
                state.filter.author = None;
                ui.close();
            }
            if !matches!(&state.authors, Some((g, _)) if *g == generation) {
                state.authors = Some((generation, timeline_view::authors(&incident.timeline)));
            }
            let authors = state.authors.as_ref().map_or(&[][..], |(_, list)| list);
            let mut picked = None;
            for name in authors {
                let label = if name.is_empty() {
                    "(no name)"
                } else {
                    name.as_str()
                };
                if ui.button(label).clicked() {
                    picked = Some(name.clone());
                    ui.close();
                }
            }
            if picked.is_some() {
                state.filter.author = picked;
            }
        });
        let order = if state.newest_first {
            "Newest first"
        } else {
            "Oldest first"
        };
        if ui
            .button(order)
            .on_hover_text(shortcut_hint(ui, Command::TimelineOrder))
            .clicked()
        {
            actions.push(Action::Command(Command::TimelineOrder));
        }
        if ui
            .button(state.zone.label())
            .on_hover_text(shortcut_hint(ui, Command::TimelineZone))
            .clicked()
        {
            actions.push(Action::Command(Command::TimelineZone));
        }
        if ui
            .button("Jump to now")
            .on_hover_text(shortcut_hint(ui, Command::JumpToNow))
            .clicked()
        {
            actions.push(Action::Command(Command::JumpToNow));
        }
        super::focus::menu_button(ui, "Copy", |ui| {
            for command in [Command::CopyTimelineMarkdown, Command::CopyTimelinePlain] {
                let keys = command
                    .shortcut()
                    .map(|s| ui.ctx().format_shortcut(&s))
                    .unwrap_or_default();
                if ui
                    .add(egui::Button::new(command.label()).shortcut_text(keys))
                    .clicked()
                {
                    actions.push(Action::Command(command));
                    ui.close();
                }
            }
        });
        if !state.filter.is_empty() && ui.button("Clear filter").clicked() {
            state.filter = TimelineFilter::default();
        }
    });
    ui.separator();
}

fn rows(ui: &mut Ui, incident: &Incident, generation: u64, state: &mut TimelineState) {
    let line = ui.text_style_height(&egui::TextStyle::Body);
    let row_height = line * 2.0 + 8.0;
    let detected = incident.detection.detected_at;
    let zone = state.zone;
    let newest_first = state.newest_first;
    let selected = state.selected;
    let jump = std::mem::take(&mut state.jump_to_now);
    let rows = state.rows(incident, generation);
    let count = rows.len();
    let mut scroll = egui::ScrollArea::vertical()
        .id_salt("timeline_rows")
        .auto_shrink(false);
    if jump {
        // Newest first: now is at the top; oldest first: at the bottom.
        scroll = scroll.vertical_scroll_offset(if newest_first {
            0.0
        } else {
            row_height * count as f32
        });
    }
    let mut clicked = None;
    scroll.show_rows(
        ui,
        row_height - ui.spacing().item_spacing.y,
        count,
        |ui, range| {
            for position in range {
                let row = if newest_first {
                    count - 1 - position
                } else {
                    position
                };
                let Some(entry) = rows.get(row).and_then(|&i| incident.timeline.entry(i)) else {
                    continue;
                };
                if row_ui(ui, entry, detected, zone, selected == Some(entry.id), row_height) {
                    clicked = Some(entry.id);
                }
            }
        },
    );
    if let Some(id) = clicked {
        state.selected = if state.selected == Some(id) {
            None
        } else {
            Some(id)
        };
    }
}

/// One two-line row; returns whether it was clicked.
fn row_ui(
    ui: &mut Ui,
    entry: &TimelineEntry,
    detected: Option<crate::model::Timestamp>,
    zone: DisplayZone,
    is_selected: bool,
    height: f32,
) -> bool {
    let width = ui.available_width();
    let (rect, response) = ui.allocate_exact_size(
        egui::vec2(width, height - ui.spacing().item_spacing.y),
        Sense::click(),
    );
    response.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::Button,
            true,
            format!("Timeline entry: {}", shortened(&entry.text, SHOWN_CHARS)),
        )
    });
    if is_selected {
        ui.painter()
            .rect_filled(rect, 3.0, ui.visuals().selection.bg_fill.gamma_multiply(0.5));
    } else if response.hovered() {
        ui.painter()
            .rect_filled(rect, 3.0, ui.visuals().widgets.hovered.weak_bg_fill);
    }
    let mut child = ui.new_child(egui::UiBuilder::new().max_rect(rect.shrink2(egui::vec2(4.0, 2.0))));
    // The whole row is one click target: its labels must not take the click.
    child.style_mut().interaction.selectable_labels = false;
    child.horizontal(|ui| {
        badge(ui, entry.kind);
        // Before anything that may be cut at the panel's edge.
        if entry.retracted.is_some() {
            ui.label(RichText::new("RETRACTED").small().strong().color(error_color(ui)));
        }
        if entry.restricted {
            ui.label(RichText::new("RESTRICTED").small().strong());
        }
        ui.label(RichText::new(zone.format(entry.at)).monospace().small());
        if let Some(d) = detected {
            ui.label(
                RichText::new(format_elapsed(entry.at - d))
                    .monospace()
                    .small()
                    .weak(),
            );
        }
        ui.label(
            RichText::new(first_line(&entry.author, ONE_LINE_CHARS))
                .small()
                .strong(),
        );
        if entry.recorded_at != entry.at {
            ui.label(
                RichText::new(format!("written {}", zone.format_time(entry.recorded_at)))
                    .small()
                    .italics(),
            );
        }
        if !entry.revisions.is_empty() {
            ui.label(RichText::new("edited").small().italics());
        }
    });
    // The row is cut to its width anyway: lay out no more than fits.
    let mut text = RichText::new(
        head(&entry.text, ONE_LINE_CHARS)
            .unwrap_or(&entry.text)
            .lines()
            .next()
            .unwrap_or_default(),
    );
    if entry.retracted.is_some() {
        text = text.strikethrough().weak();
    }
    child.add(egui::Label::new(text).truncate().selectable(false));
    response.clicked()
}

fn detail(
    ui: &mut Ui,
    incident: &Incident,
    read_only: bool,
    state: &mut TimelineState,
    actions: &mut Vec<Action>,
) {
    let Some(entry) = state.selected.and_then(|id| incident.timeline.get(id)) else {
        return;
    };
    let zone = state.zone;
    if state.editing != Some(entry.id) {
        state.editing = Some(entry.id);
        state.edit_text = entry.text.clone();
        state.edit_time = format_time_input(entry.at);
        state.retract_reason.clear();
    }
    ui.horizontal_wrapped(|ui| {
        badge(ui, entry.kind);
        ui.label(
            RichText::new(format!(
                "Entry {} by {}",
                entry.id,
                first_line(&entry.author, ONE_LINE_CHARS)
            ))
            .strong(),
        );
        if ui.small_button("Close").clicked() {
            state.selected = None;
        }
    });
    ui.label(format!("Happened {}", zone.format(entry.at)));
    ui.label(format!("Written {}", zone.format(entry.recorded_at)));
    let text_id = ui.make_persistent_id(("entry_text", entry.id));
    if let Some(r) = &entry.retracted {
        ui.label(
            RichText::new(format!(
                "Retracted {} by {}: {}",
                zone.format(r.at),
                first_line(&r.by, ONE_LINE_CHARS),
                shortened(&r.reason, SHOWN_CHARS)
            ))
            .color(error_color(ui)),
        );
        long_text::label(ui, ("entry_text", entry.id), &entry.text, &|t| t.strikethrough());
    } else if read_only || entry.evidence.is_some() {
        long_text::label(ui, ("entry_text", entry.id), &entry.text, &|t| t);
        if entry.evidence.is_some() && !read_only {
            ui.label(
                RichText::new("An evidence item never changes: to correct it or hand it on, add an item that follows it (Resolve, Ctrl+7).")
                    .small()
                    .weak(),
            );
        }
    } else {
        let label = ui.label("Entry text");
        // A long text is edited only on request ("Edit all"); until then the
        // buffer keeps the entry's text and no change is made to it.
        if !long_text::show_long_field(ui, text_id, &entry.text, label.id, ui.available_width()) {
            ui.add(
                egui::TextEdit::multiline(&mut state.edit_text)
                    .desired_rows(2)
                    .desired_width(f32::INFINITY)
                    .id_salt("entry_text"),
            )
            .labelled_by(label.id);
            long_text::edit_all_done(ui, text_id, &entry.text);
        }
        let time_label = ui.label("Happened at (UTC)");
        let time_field = ui
            .add(
                egui::TextEdit::singleline(&mut state.edit_time)
                    .desired_width(170.0)
                    .id_salt("entry_time"),
            )
            .labelled_by(time_label.id);
        let time_entered = super::focus::submitted(ui, &time_field);
        let parsed = parse_time_input(&state.edit_time, entry.recorded_at);
        if let Err(why) = &parsed {
            ui.add(egui::Label::new(RichText::new(why).color(error_color(ui))).wrap());
        }
        ui.horizontal_wrapped(|ui| {
            let changed =
                state.edit_text.trim() != entry.text || parsed.as_ref().is_ok_and(|t| *t != Some(entry.at));
            let ready = changed && parsed.is_ok();
            if ui.add_enabled(ready, egui::Button::new("Save change")).clicked() || (time_entered && ready) {
                let text = (state.edit_text.trim() != entry.text).then(|| state.edit_text.clone());
                let at = parsed.ok().flatten().filter(|t| *t != entry.at);
                actions.push(Action::Edit(Edit::ReviseEntry {
                    id: entry.id,
                    text,
                    at,
                }));
                state.editing = None;
            }
        });
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("Reason");
            let reason = ui
                .add(
                    egui::TextEdit::singleline(&mut state.retract_reason)
                        .hint_text("why it is wrong")
                        .desired_width(180.0)
                        .id_salt("retract_reason"),
                )
                .labelled_by(label.id);
            let entered = super::focus::submitted(ui, &reason);
            let ready = !state.retract_reason.trim().is_empty();
            if ui
                .add_enabled(ready, egui::Button::new("Retract"))
                .on_hover_text("The entry stays on the record, struck through (Enter in the reason)")
                .clicked()
                || (entered && ready)
            {
                actions.push(Action::Edit(Edit::RetractEntry {
                    id: entry.id,
                    reason: state.retract_reason.clone(),
                }));
                state.editing = None;
            }
        });
    }
    if !read_only
        && entry.retracted.is_none()
        && entry.source.as_deref().is_some_and(|s| s.starts_with("import:"))
        && ui
            .button("Undo this import")
            .on_hover_text("Removes the entries it added; this record stays, retracted")
            .clicked()
    {
        actions.push(Action::UndoImport(entry.id));
    }
    if read_only {
        if entry.restricted {
            ui.label(RichText::new("Restricted: left out of the postmortem for wider sharing").small());
        }
    } else {
        let mut restricted = entry.restricted;
        if ui
            .checkbox(
                &mut restricted,
                "Restricted (left out of the postmortem for wider sharing)",
            )
            .changed()
        {
            actions.push(Action::Edit(Edit::SetRestricted(entry.id, restricted)));
        }
    }
    if !entry.revisions.is_empty() {
        ui.label(RichText::new("Earlier versions").strong());
        for (i, revision) in entry.revisions.iter().enumerate().rev() {
            let when = format!(
                "until {} ({}): happened {}: ",
                zone.format(revision.replaced_at),
                first_line(&revision.replaced_by, ONE_LINE_CHARS),
                zone.format(revision.at),
            );
            if long_text::is_long(&revision.text) {
                ui.label(RichText::new(when).small());
                long_text::label(ui, ("revision", entry.id, i), &revision.text, &|t| t.small());
            } else {
                ui.label(RichText::new(when + &revision.text).small());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeDelta, TimeZone, Utc};

    fn wait_for_rows(state: &mut TimelineState, incident: &Incident, generation: u64) -> Vec<usize> {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while state.filtering() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(2));
            state.rows(incident, generation);
        }
        assert!(!state.filtering(), "the worker finished");
        state.rows(incident, generation).to_vec()
    }

    /// A big timeline: a new filter is matched on a worker while the old
    /// rows stay listed; entries added afterwards are matched at once.
    #[test]
    fn a_big_timeline_is_filtered_on_a_worker_and_kept_up_to_date() {
        let t0 = Utc.with_ymd_and_hms(2026, 3, 17, 14, 0, 0).unwrap();
        let mut inc = Incident::declare(t0, "Ana");
        for i in 0..INLINE_ENTRIES + 500 {
            let text = if i % 3 == 0 { "db-3 slow" } else { "checkout ok" };
            inc.timeline.add(
                t0 + TimeDelta::seconds(i as i64),
                t0,
                "Ana",
                EntryKind::Note,
                text,
            );
        }
        let mut state = TimelineState::default();
        assert_eq!(
            state.rows(&inc, 1).len(),
            inc.timeline.len(),
            "no filter: everything"
        );
        assert!(!state.filtering());

        state.filter.text = "db".into();
        let before = state.rows(&inc, 1).len();
        assert!(state.filtering(), "matched on a worker");
        assert_eq!(before, inc.timeline.len(), "the old rows stay listed meanwhile");
        let rows = wait_for_rows(&mut state, &inc, 1);
        assert_eq!(rows, state.filter.apply(&inc.timeline));

        // A new entry (and one changed) are matched without a worker.
        inc.timeline.add(t0, t0, "Bo", EntryKind::Note, "db failover");
        let first = inc.timeline.entries[3].id;
        inc.timeline.retract(first, "typo", t0, "Bo").unwrap();
        assert_eq!(state.rows(&inc, 2).to_vec(), state.filter.apply(&inc.timeline));
        assert!(!state.filtering());

        // Changed while the worker runs: its result is brought up to date.
        state.filter.text = "db-3".into();
        state.rows(&inc, 2);
        inc.timeline.add(t0, t0, "Bo", EntryKind::Note, "db-3 back");
        let rows = wait_for_rows(&mut state, &inc, 3);
        assert_eq!(rows, state.filter.apply(&inc.timeline));
        assert_eq!(state.rows_now(&inc, 3).to_vec(), rows);

        state.filter.text.clear();
        assert_eq!(state.rows(&inc, 3).len(), inc.timeline.len());
    }
}
