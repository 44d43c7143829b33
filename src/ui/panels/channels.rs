//! Phase 2: team channels. Chat room, bridge, topic and the IM's status.

use egui::Ui;

use super::remove_button;
use crate::action::Action;
use crate::model::{Edit, ListKind, TextField};
use crate::ui::widgets::{PanelCx, form_grid, section};

pub fn show(ui: &mut Ui, cx: &mut PanelCx) {
    section(ui, "Chat and video");
    form_grid(ui, "channels_form", |ui| {
        cx.text_row(ui, "Chat room", TextField::ChatRoom, "#inc-2026-0042");
        cx.text_row(
            ui,
            "Chat room link",
            TextField::ChatLink,
            "https://chat.example.com/...",
        );
        cx.text_row(
            ui,
            "Video bridge",
            TextField::VideoBridge,
            "https://meet.example.com/...",
        );
    });

    section(ui, "Room topic and your chat status");
    // Rendered only when asked for: a template run per frame is wasted work.
    let render = |cx: &PanelCx, name: &str| {
        cx.templates
            .render(name, crate::comms::Lang::En, cx.incident, cx.now)
            .text
            .trim()
            .to_owned()
    };
    form_grid(ui, "channels_topic", |ui| {
        cx.multiline_row(
            ui,
            "Room topic",
            TextField::RoomTopic,
            "Incident id, severity, role holders, links",
        );
        ui.label("");
        ui.horizontal_wrapped(|ui| {
            if ui
                .button("Fill topic from the incident")
                .on_hover_text(
                    "Incident id, severity, title, role holders, bridge and links (template room-topic)",
                )
                .clicked()
            {
                let topic = render(cx, "room-topic");
                cx.edit(Edit::SetText(TextField::RoomTopic, topic));
            }
            if ui.button("Copy topic").clicked() {
                cx.actions
                    .push(Action::Copy(cx.incident.channels.room_topic.clone()));
            }
        });
        ui.end_row();
        cx.text_row(
            ui,
            "IM chat status",
            TextField::ImChatStatus,
            "Set your chat status to the incident id",
        );
        ui.label("");
        ui.horizontal_wrapped(|ui| {
            if ui
                .button("Use the incident id")
                .on_hover_text("From the template chat-status")
                .clicked()
            {
                let status = render(cx, "chat-status");
                cx.edit(Edit::SetText(TextField::ImChatStatus, status));
            }
            if ui.button("Copy status").clicked() {
                cx.actions
                    .push(Action::Copy(cx.incident.channels.im_chat_status.clone()));
            }
        });
        ui.end_row();
    });

    section(ui, "Useful links (dashboards, runbooks)");
    let links = cx.incident.channels.links.len();
    form_grid(ui, "channels_links", |ui| {
        for i in 0..links {
            let id = cx.incident.channels.links[i].id;
            ui.label(format!("Link {}", i + 1));
            ui.horizontal_wrapped(|ui| {
                let name = ui.label("Name");
                let field = cx.text_sized(ui, &name, TextField::LinkLabel(id), "Dashboard", false, 140.0);
                cx.new_row_focus(ListKind::Links, i, links, field);
                let url = ui.label("URL");
                cx.text_sized(ui, &url, TextField::LinkUrl(id), "https://...", false, 300.0);
                let link = &cx.incident.channels.links[i];
                let filled = !(link.label.trim().is_empty() && link.url.trim().is_empty());
                if remove_button(ui, "link", filled) {
                    cx.edit(Edit::RemoveItem(ListKind::Links, id));
                }
            });
            ui.end_row();
        }
    });
    cx.add_row_button(ui, "Add link", ListKind::Links);
}
