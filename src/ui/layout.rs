//! Laying out the window's panels: reserve each panel's space first (egui
//! lays out the centre last), then fill them in reading order, which is
//! egui's Tab order.

use egui::Ui;

/// Widths that keep every panel usable: below some width the phase list
/// narrows and the timeline folds away (Ctrl+T shows it anyway).
pub struct Layout {
    pub navigator: f32,
    /// The timeline's widest, or `None` when it folds away.
    pub timeline_max: Option<f32>,
}

impl Layout {
    /// The centre keeps at least this much room for its forms.
    const CENTRE_MIN: f32 = 560.0;

    pub fn for_width(width: f32) -> Layout {
        let navigator = if width < 1100.0 { 150.0 } else { 190.0 };
        let room = width - navigator - Self::CENTRE_MIN;
        Layout {
            navigator,
            timeline_max: (room >= 240.0).then(|| room.min(520.0)),
        }
    }
}

/// Inside a top or bottom panel: take the height its contents had last
/// frame (they are drawn later, see [`fill_height`]).
pub fn reserve_height(ui: &mut Ui, key: &str, default: f32) -> egui::Rect {
    let height = ui
        .data(|d| d.get_temp::<f32>(egui::Id::unique(("panel_height", key))))
        .unwrap_or(default);
    let rect = egui::Rect::from_min_size(ui.max_rect().min, egui::vec2(ui.available_width(), height));
    ui.advance_cursor_after_rect(rect);
    rect
}

/// Inside a side or central panel: take all of it.
pub fn reserve_all(ui: &mut Ui) -> egui::Rect {
    let rect = ui.max_rect();
    ui.advance_cursor_after_rect(rect);
    rect
}

/// Draws a panel's contents into the space it reserved.
pub fn fill<R>(root: &mut Ui, rect: egui::Rect, key: &str, add: impl FnOnce(&mut Ui) -> R) -> egui::Rect {
    let mut child = root.new_child(
        egui::UiBuilder::new()
            .id_salt(("panel_contents", key))
            .max_rect(rect)
            .layout(egui::Layout::top_down(egui::Align::Min)),
    );
    // Contents never spill over a neighbour (focus rings keep a few points).
    child.set_clip_rect(rect.expand(4.0).intersect(root.clip_rect()));
    add(&mut child);
    child.min_rect()
}

/// Like [`fill`], remembering the height used; when it changed, the frame is
/// laid out once more so nothing overlaps for even one frame.
pub fn fill_height(root: &mut Ui, rect: egui::Rect, key: &str, add: impl FnOnce(&mut Ui)) {
    let used = fill(root, rect, key, add).height().ceil();
    let id = egui::Id::unique(("panel_height", key));
    let before = root.data(|d| d.get_temp::<f32>(id));
    if before.is_none_or(|h| (h - used).abs() > 0.5) {
        root.data_mut(|d| d.insert_temp(id, used));
        root.ctx().request_discard("a panel changed height");
    }
}
