//! Keys typed right after a shortcut go where the shortcut sent the keyboard.
//!
//! A shortcut is handled in the frame it arrives in, but the field it moves
//! the keyboard to (Ctrl+L's log line, a panel's first field, a dialog) takes
//! focus only when that widget is next created, a frame or two later. Keys
//! typed in between would land in the field that had the keyboard before:
//! "Ctrl+L checking" under load wrote "chec" into the title. Enter, Tab and
//! Esc are the same: a field takes Enter and gives up the keyboard, a dialog
//! closes, Tab moves on at the end of the frame. This plugin holds the
//! keyboard events that follow one of these until focus has stopped moving,
//! then hands them over in order, before egui reads them (so a held Tab still
//! moves focus).
//!
//! A person typing at 60 frames a second never notices: keys are held two or
//! three frames, and only those typed right after such a key.

use egui::{Context, Event, Id, Key, RawInput};

use crate::command::Command;

/// The most frames keys are held, whatever focus does.
const MOST_FRAMES: u8 = 6;

#[derive(Default)]
pub struct KeyboardHold {
    /// Whether a dialog is open: then shortcuts do nothing.
    dialog_open: bool,
    /// While holding: how many frames have passed since the key that started it.
    frames_held: Option<u8>,
    held: Vec<Event>,
    /// Where the keyboard was at the previous frame's input.
    focus_before: Option<Id>,
}

impl KeyboardHold {
    /// Registers the plugin on `ctx` once, and tells it whether a dialog is
    /// open for the next frame's keys. Called by the frame loop at its end.
    pub fn update(ctx: &Context, dialog_open: bool) {
        let handle = match ctx.plugin_opt::<KeyboardHold>() {
            Some(handle) => handle,
            None => {
                ctx.add_plugin(KeyboardHold::default());
                ctx.plugin::<KeyboardHold>()
            }
        };
        handle.lock().dialog_open = dialog_open;
    }

    /// Whether keys are being held now (for tests).
    pub fn is_holding(ctx: &Context) -> bool {
        ctx.plugin_opt::<KeyboardHold>()
            .is_some_and(|handle| handle.lock().frames_held.is_some())
    }

    /// Keeps the keyboard events of `events` back; returns the others.
    fn hold(&mut self, events: Vec<Event>) -> Vec<Event> {
        let (keys, rest): (Vec<Event>, Vec<Event>) = events.into_iter().partition(is_keyboard);
        self.held.extend(keys);
        rest
    }

    /// Whether `event` may move the keyboard once the frame is handled.
    fn moves_keyboard(&self, event: &Event) -> bool {
        let Event::Key {
            key,
            modifiers,
            pressed: true,
            ..
        } = event
        else {
            return false;
        };
        if matches!(key, Key::Enter | Key::Tab | Key::Escape) {
            return true;
        }
        !self.dialog_open
            && Command::all().into_iter().any(|command| {
                command.shortcut().is_some_and(|shortcut| {
                    shortcut.logical_key == *key && modifiers.matches_logically(shortcut.modifiers)
                })
            })
    }
}

impl egui::Plugin for KeyboardHold {
    fn debug_name(&self) -> &'static str {
        "KeyboardHold"
    }

    fn input_hook(&mut self, ctx: &Context, input: &mut RawInput) {
        let focus = ctx.memory(|m| m.focused());
        if let Some(frames) = self.frames_held {
            let frames = frames + 1;
            // The first frame after the shortcut applies it; after that, a
            // frame in which focus did not move means it has arrived.
            let settled = frames >= 2 && focus == self.focus_before;
            if !settled && frames < MOST_FRAMES {
                self.frames_held = Some(frames);
                self.focus_before = focus;
                input.events = self.hold(std::mem::take(&mut input.events));
                ctx.request_repaint();
                return;
            }
            self.frames_held = None;
            let mut events = std::mem::take(&mut self.held);
            events.append(&mut input.events);
            input.events = events;
        }
        self.focus_before = focus;
        if let Some(at) = input.events.iter().position(|e| self.moves_keyboard(e)) {
            let after = input.events.split_off(at + 1);
            let rest = self.hold(after);
            input.events.extend(rest);
            self.frames_held = Some(0);
            ctx.request_repaint();
        }
    }
}

/// Events that go to the focused widget, in the order typed.
fn is_keyboard(event: &Event) -> bool {
    matches!(
        event,
        Event::Key { .. } | Event::Text(_) | Event::Paste(_) | Event::Copy | Event::Cut | Event::Ime(_)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::{Modifiers, Plugin as _};

    fn key(key: Key, modifiers: Modifiers) -> Event {
        Event::Key {
            key,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers,
        }
    }

    fn input(events: Vec<Event>) -> RawInput {
        RawInput {
            events,
            ..RawInput::default()
        }
    }

    #[test]
    fn keys_after_a_shortcut_wait_until_focus_stops_moving_and_keep_their_order() {
        let ctx = Context::default();
        let mut hold = KeyboardHold::default();
        let mut first = input(vec![
            Event::Text("a".into()),
            key(Key::L, Modifiers::COMMAND),
            Event::Text("b".into()),
            Event::PointerGone,
            key(Key::B, Modifiers::NONE),
        ]);
        hold.input_hook(&ctx, &mut first);
        assert_eq!(
            first.events,
            vec![
                Event::Text("a".into()),
                key(Key::L, Modifiers::COMMAND),
                Event::PointerGone
            ]
        );
        assert!(hold.frames_held.is_some());
        // The next frame's keys queue behind the held ones.
        let mut second = input(vec![Event::Text("c".into())]);
        hold.input_hook(&ctx, &mut second);
        assert!(second.events.is_empty());
        // Focus never moved here: released on the second frame after.
        let mut third = input(vec![Event::Text("d".into()), key(Key::Tab, Modifiers::NONE)]);
        hold.input_hook(&ctx, &mut third);
        assert_eq!(
            third.events,
            vec![
                Event::Text("b".into()),
                key(Key::B, Modifiers::NONE),
                Event::Text("c".into()),
                Event::Text("d".into()),
                key(Key::Tab, Modifiers::NONE),
            ]
        );
        // Released keys are looked at again: the Tab holds what follows it.
        assert!(hold.frames_held.is_some());
        let mut fourth = input(vec![Event::Text("e".into())]);
        hold.input_hook(&ctx, &mut fourth);
        assert!(fourth.events.is_empty());
    }

    #[test]
    fn keys_are_held_while_focus_moves_but_never_longer_than_the_limit() {
        let ctx = Context::default();
        let mut hold = KeyboardHold::default();
        let mut first = input(vec![key(Key::Num3, Modifiers::COMMAND), Event::Text("x".into())]);
        hold.input_hook(&ctx, &mut first);
        let mut frames = 0;
        loop {
            // A widget that takes focus every frame: focus never settles.
            frames += 1;
            ctx.memory_mut(|m| m.request_focus(Id::unique(frames)));
            let mut next = input(Vec::new());
            hold.input_hook(&ctx, &mut next);
            if !next.events.is_empty() {
                assert_eq!(next.events, vec![Event::Text("x".into())]);
                break;
            }
            assert!(frames < 10, "held for ever");
        }
        assert_eq!(frames, MOST_FRAMES as i32);
    }

    #[test]
    fn typing_passes_straight_through_and_enter_tab_esc_hold_what_follows() {
        let ctx = Context::default();
        let mut hold = KeyboardHold::default();
        let mut typing = input(vec![
            Event::Text("x".into()),
            key(Key::A, Modifiers::NONE),
            key(Key::ArrowLeft, Modifiers::SHIFT),
            key(Key::Space, Modifiers::NONE),
            Event::Text("y".into()),
        ]);
        hold.input_hook(&ctx, &mut typing);
        assert_eq!(typing.events.len(), 5);
        assert!(hold.frames_held.is_none());
        for moving in [Key::Enter, Key::Tab, Key::Escape] {
            let mut hold = KeyboardHold::default();
            let mut typing = input(vec![key(moving, Modifiers::SHIFT), Event::Text("z".into())]);
            hold.input_hook(&ctx, &mut typing);
            assert_eq!(typing.events, vec![key(moving, Modifiers::SHIFT)]);
        }
        // In a dialog a shortcut does nothing, but Enter may close it.
        hold.dialog_open = true;
        let mut in_dialog = input(vec![
            key(Key::L, Modifiers::COMMAND),
            Event::Text("y".into()),
            key(Key::Enter, Modifiers::NONE),
            Event::Text("z".into()),
        ]);
        hold.input_hook(&ctx, &mut in_dialog);
        assert_eq!(in_dialog.events.len(), 3);
        assert!(hold.frames_held.is_some());
    }
}
