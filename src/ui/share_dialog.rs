//! Incident > Share... and Incident > Join...: how to share the incident,
//! the link to give the others, and joining from a link. Keyboard first:
//! the field that needs typing has the keyboard, Enter presses the default.

use egui::{RichText, Ui};

use super::focus::{choice, default_button, line_field, take_keyboard_if_free};
use super::state::{JoinForm, ShareForm};
use crate::action::Action;

/// The warning every share shows: the link is the key.
pub const ANYONE_WITH_THE_LINK: &str = "Anyone with the link can read and change this incident: there is no \
     account or password. Give it only to the incident team, on a network you trust.";

fn warning(ui: &mut Ui) {
    ui.label(RichText::new(ANYONE_WITH_THE_LINK).color(ui.visuals().warn_fg_color));
}

pub fn share(ui: &mut Ui, form: &mut ShareForm, actions: &mut Vec<Action>) {
    if let Some(live) = &form.live {
        ui.heading("This incident is shared");
        ui.label(&live.how);
        ui.label("Give the others this link; on their laptops: Incident > Join..., paste it, Enter.");
        let mut link = live.link.as_str();
        let label = ui.label("Link");
        ui.add(
            egui::TextEdit::singleline(&mut link)
                .id_salt("share_link")
                .font(egui::TextStyle::Monospace)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
        ui.label(RichText::new(&live.status).strong());
        warning(ui);
        ui.add_space(8.0);
        ui.horizontal_wrapped(|ui| {
            let copy = default_button(ui, "Copy link", true);
            if copy.clicked() {
                actions.push(Action::Copy(live.link.clone()));
            }
            take_keyboard_if_free(ui, &copy);
            if ui.button("Close").clicked() {
                actions.push(Action::CloseDialog);
            }
            if ui
                .button("Stop sharing")
                .on_hover_text("This console stops syncing; the others keep their copies")
                .clicked()
            {
                actions.push(Action::StopSharing);
            }
        });
        return;
    }
    ui.heading("Share this incident");
    ui.label("The others join from their own laptops and everyone writes the same record, live. A laptop that loses the connection keeps working; its changes merge when it is back.");
    ui.add_space(4.0);
    ui.radio_value(
        &mut form.host,
        true,
        "Host here: the others connect to this laptop",
    );
    ui.radio_value(
        &mut form.host,
        false,
        "Use a sync server: for people in different places",
    );
    ui.add_space(4.0);
    let mut submitted = false;
    egui::Grid::new("share_form").num_columns(2).show(ui, |ui| {
        if form.host {
            let label = ui.label("Network");
            let names: Vec<String> = form.interfaces.iter().map(|(name, _)| name.clone()).collect();
            if let Some(picked) = choice(ui, "share_interface", &label, form.interface, &names, Some(340.0)) {
                form.interface = picked;
            }
            ui.end_row();
            let (_, enter) = line_field(ui, "Port", &mut form.port, "share_port", 80.0, "7450");
            submitted |= enter;
            ui.end_row();
        } else {
            let (response, enter) = line_field(
                ui,
                "Sync server",
                &mut form.server,
                "share_server",
                340.0,
                "ws://sync.example.org:3030",
            );
            submitted |= enter;
            if !enter {
                take_keyboard_if_free(ui, &response);
            }
            ui.end_row();
        }
    });
    warning(ui);
    if let Some(error) = &form.error {
        ui.colored_label(ui.visuals().error_fg_color, error);
    }
    ui.add_space(8.0);
    ui.horizontal_wrapped(|ui| {
        let start = default_button(ui, "Start sharing", true);
        if start.clicked() || submitted {
            actions.push(Action::StartSharing {
                host: form.host,
                bind: form
                    .interfaces
                    .get(form.interface)
                    .map(|(_, address)| address.clone())
                    .unwrap_or_default(),
                port: form.port.clone(),
                server: form.server.clone(),
            });
        }
        if form.host {
            take_keyboard_if_free(ui, &start);
        }
        if ui.button("Cancel").clicked() {
            actions.push(Action::CloseDialog);
        }
    });
}

pub fn join(ui: &mut Ui, form: &mut JoinForm, actions: &mut Vec<Action>) {
    ui.heading("Join a shared incident");
    if let Some(waiting) = &form.waiting {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(waiting);
        });
        ui.add_space(8.0);
        let cancel = default_button(ui, "Cancel", true);
        if cancel.clicked() {
            actions.push(Action::CancelJoin);
        }
        take_keyboard_if_free(ui, &cancel);
        return;
    }
    ui.label("Paste the link the sharing console shows (automerge:... ws://host:port). The incident opens here and stays in sync.");
    let (response, submitted) = line_field(
        ui,
        "Link",
        &mut form.link,
        "join_link",
        520.0,
        "automerge:... ws://host:port",
    );
    if !submitted {
        take_keyboard_if_free(ui, &response);
    }
    warning(ui);
    if let Some(error) = &form.error {
        ui.colored_label(ui.visuals().error_fg_color, error);
    }
    ui.add_space(8.0);
    ui.horizontal_wrapped(|ui| {
        if (default_button(ui, "Join", true).clicked() || submitted) && !form.link.trim().is_empty() {
            actions.push(Action::Join(form.link.trim().to_owned()));
        }
        if ui.button("Cancel").clicked() {
            actions.push(Action::CloseDialog);
        }
    });
}
