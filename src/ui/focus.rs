//! Keyboard focus helpers: the focused control scrolls into view, drop-down
//! lists that Enter and Esc close with the focus back on their box, and
//! dialog buttons that Enter activates.
//!
//! Tab order is egui's own (the order widgets are created); the frame
//! creates the panels' contents in reading order for that (see `app::frame`).

use egui::{Key, Response, RichText, Ui};

/// Call at the end of a scroll area's contents: a control that just got the
/// keyboard (Tab, Shift+Tab, a shortcut) is scrolled into view, so nobody
/// types into a field they cannot see.
pub fn scroll_focused_into_view(ui: &mut Ui) {
    let Some(id) = ui.memory(|m| m.focused()) else {
        return;
    };
    let Some(response) = ui.ctx().read_response(id) else {
        return;
    };
    if response.gained_focus()
        && response.layer_id == ui.layer_id()
        && ui.min_rect().intersects(response.rect)
    {
        ui.scroll_to_rect(response.rect.expand(12.0), None);
    }
}

/// A drop-down list. Enter or Space on a focused item picks it and closes the
/// list; Esc closes it; either way the keyboard goes back to the box. The list
/// opens with the current choice focused, so arrows move from there.
pub fn choice(
    ui: &mut Ui,
    id_salt: impl std::hash::Hash + std::fmt::Debug,
    label: &Response,
    selected: usize,
    items: &[String],
    width: Option<f32>,
) -> Option<usize> {
    let mut picked = None;
    let shown = items.get(selected).cloned().unwrap_or_default();
    let mut combo = egui::ComboBox::from_id_salt(id_salt).selected_text(shown);
    if let Some(width) = width {
        combo = combo.width(width);
    }
    // The list reports whether an item has the keyboard, and the current
    // choice's id (to focus it when the list has just opened).
    let inner = combo.show_ui(ui, |ui| {
        let mut focus_inside = false;
        let mut selected_item = None;
        for (i, text) in items.iter().enumerate() {
            let item = ui.selectable_label(i == selected, text);
            focus_inside |= item.has_focus();
            if i == selected {
                selected_item = Some(item.id);
            }
            if item.clicked() {
                picked = Some(i);
                ui.close();
            }
        }
        (focus_inside, selected_item)
    });
    let response = inner.response.labelled_by(label.id);
    let was_open_id = response.id.with("was_open");
    let was_open = ui.data(|d| d.get_temp::<bool>(was_open_id)).unwrap_or(false);
    let escape = ui.input(|i| i.key_pressed(Key::Escape));
    if let Some((false, Some(item))) = inner.inner
        && response.has_focus()
    {
        // Just opened by the keyboard: start on the current choice.
        ui.memory_mut(|m| m.request_focus(item));
    } else if picked.is_some() || (escape && (was_open || inner.inner.is_some())) {
        response.request_focus();
    }
    ui.data_mut(|d| d.insert_temp(was_open_id, inner.inner.is_some() && picked.is_none()));
    picked
}

/// A dialog's default button: marked (filled, "Enter" beside it) and
/// activated by Enter when no other button has the keyboard.
pub fn default_button(ui: &mut Ui, text: &str, enabled: bool) -> Response {
    let fill = ui.visuals().selection.bg_fill;
    let fg = ui.visuals().selection.stroke.color;
    let button = egui::Button::new(RichText::new(text).strong().color(fg)).fill(fill);
    ui.add_enabled(enabled, button)
        .on_hover_text("The default: Enter")
}

/// Whether Enter was pressed with no button focused (a focused button takes
/// Enter as its own click; a one-line field has just let it go).
pub fn enter_for_default(ui: &Ui) -> bool {
    let focused_button = ui
        .memory(|m| m.focused())
        .and_then(|id| ui.ctx().read_response(id))
        .is_some_and(|r| r.sense.senses_click() && !r.sense.senses_drag());
    // The event's own modifiers (Ctrl+Enter is not a plain Enter).
    let plain_enter = ui.input(|i| {
        i.events.iter().any(|e| {
            matches!(e, egui::Event::Key { key: Key::Enter, pressed: true, modifiers, .. } if modifiers.is_none())
        })
    });
    plain_enter && !focused_button
}

/// Whether Enter was just pressed in this one-line field (it let go of the
/// keyboard for it): the form it belongs to is submitted.
pub fn submitted(ui: &Ui, response: &Response) -> bool {
    response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter))
}

/// Gives `response` the keyboard when nothing has it: a dialog's first field
/// or default button, as the dialog opens or after Esc let go.
pub fn take_keyboard_if_free(ui: &Ui, response: &Response) {
    if ui.memory(|m| m.focused().is_none()) {
        response.request_focus();
    }
}

/// A dialog's one-line field, named by its label (for screen readers and
/// tests); returns it and whether Enter was pressed in it. An empty `hint`
/// shows none.
pub fn line_field(
    ui: &mut Ui,
    label: &str,
    text: &mut String,
    id_salt: impl egui::AsIdSalt,
    width: f32,
    hint: &str,
) -> (Response, bool) {
    let label = ui.label(label);
    let mut edit = egui::TextEdit::singleline(text)
        .id_salt(id_salt)
        .desired_width(width);
    if !hint.is_empty() {
        edit = edit.hint_text(hint);
    }
    let response = ui.add(edit).labelled_by(label.id);
    // Read before anyone re-focuses it: `lost_focus` asks the live focus state.
    let entered = submitted(ui, &response);
    (response, entered)
}

/// A menu button whose menu gives the keyboard back to it when Esc closes
/// it, or when Enter or Space picks an item (egui would leave nothing
/// focused, and Tab would start over).
pub fn menu_button<R>(
    ui: &mut Ui,
    text: impl Into<egui::WidgetText>,
    add: impl FnOnce(&mut Ui) -> R,
) -> egui::InnerResponse<Option<R>> {
    let inner = ui.menu_button(text, add);
    let was_open_id = inner.response.id.with("menu_was_open");
    let was_open = ui.data(|d| d.get_temp::<bool>(was_open_id)).unwrap_or(false);
    let closed_now = !egui::Popup::is_id_open(ui.ctx(), egui::Popup::default_response_id(&inner.response));
    let picked_by_key = inner.inner.is_some()
        && closed_now
        && ui.input(|i| i.key_pressed(Key::Enter) || i.key_pressed(Key::Space));
    if picked_by_key || (was_open || inner.inner.is_some()) && ui.input(|i| i.key_pressed(Key::Escape)) {
        inner.response.request_focus();
    }
    ui.data_mut(|d| d.insert_temp(was_open_id, inner.inner.is_some()));
    inner
}
