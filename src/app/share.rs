//! Sharing the open incident with other consoles: starting and stopping a
//! share, joining one, and bringing in what the others write (a few hundred
//! changes per frame, so a big sync never holds up the window).

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::mpsc::Receiver;

use automerge::ReadDoc;

use super::document::Journaled;
use super::{ConsoleApp, Document};
use crate::model::{Incident, Timestamp};
use crate::sync::net::{self, Event, Plan, Session, ShareLink, Start, Status};
use crate::ui::state::{Dialog, JoinForm, LiveShare, ShareForm};

/// Changes from others applied per frame, at most (about a millisecond
/// each at worst; the rest wait for the next frame).
const CHANGES_PER_FRAME: usize = 400;

/// The port a console hosts on unless told otherwise.
pub const DEFAULT_PORT: u16 = 7450;

/// A share of the open incident (or one being joined).
pub struct Sharing {
    pub session: Session,
    pub status: Status,
    /// The document it belongs to (by serial): another never gets its changes.
    pub document: u64,
    /// Waiting for the document from the others.
    pub joining: bool,
    /// Changes from others, not yet applied.
    backlog: VecDeque<Vec<u8>>,
    /// Who wrote last, and when it arrived here.
    pub latest: Option<(String, Timestamp)>,
    /// A joined document being read on a worker.
    arriving: Option<Receiver<Result<(Journaled, Incident), String>>>,
}

impl Sharing {
    fn new(session: Session, document: u64, joining: bool) -> Sharing {
        Sharing {
            session,
            status: Status::default(),
            document,
            joining,
            backlog: VecDeque::new(),
            latest: None,
            arriving: None,
        }
    }

    /// The header's line: how it is shared, who is here, what is not sent.
    pub fn line(&self) -> crate::ui::header::SharedLine {
        let s = &self.status;
        let how = match &self.session.plan {
            Plan::Host { advertise, .. } => {
                format!("hosting on {}", advertise.as_str().trim_end_matches('/'))
            }
            Plan::Dial { address } => format!("via {}", address.as_str().trim_end_matches('/')),
        };
        let mut text = if self.joining {
            format!("JOINING {how}: waiting for the incident")
        } else if let Some(problem) = &s.problem {
            format!("SHARED {how} - OFFLINE: {problem}")
        } else if s.connections == 0 {
            format!("SHARED {how} - waiting for others to connect")
        } else {
            format!("SHARED {how} - connected: {}", s.names.join(", "))
        };
        let offline = self.joining || s.problem.is_some();
        match s.unsent {
            0 if !self.joining => text.push_str(" - all changes sent"),
            0 => {}
            1 => text.push_str(" - 1 change not yet sent (kept here)"),
            n => text.push_str(&format!(" - {n} changes not yet sent (kept here)")),
        }
        if let Some((who, at)) = &self.latest {
            text.push_str(&format!(" - latest from {who} at {}", at.format("%H:%M:%S UTC")));
        }
        crate::ui::header::SharedLine {
            text,
            offline,
            link: self.session.link.to_string(),
        }
    }
}

impl ConsoleApp {
    /// What wakes the window when something arrives (set by the first
    /// frame; the headless console sets its own).
    pub fn set_waker(&mut self, wake: Arc<dyn Fn() + Send + Sync>) {
        self.wake = Some(wake);
    }

    fn waker(&self) -> Arc<dyn Fn() + Send + Sync> {
        self.wake.clone().unwrap_or_else(|| Arc::new(|| {}))
    }

    /// Opens Incident > Share...: the form, or the link if already shared.
    pub(super) fn open_share_dialog(&mut self) {
        let mut interfaces = vec![(
            "All networks of this laptop (0.0.0.0)".to_owned(),
            "0.0.0.0".to_owned(),
        )];
        for ip in net::local_addresses() {
            let name = if ip.is_loopback() {
                format!("This laptop only ({ip})")
            } else {
                format!("{ip}")
            };
            interfaces.push((name, ip.to_string()));
        }
        if !interfaces.iter().any(|(_, a)| a == "127.0.0.1") {
            interfaces.push(("This laptop only (127.0.0.1)".into(), "127.0.0.1".into()));
        }
        let mut form = ShareForm {
            host: true,
            interfaces,
            interface: 0,
            port: DEFAULT_PORT.to_string(),
            server: self.settings.sync_server.clone(),
            ..ShareForm::default()
        };
        form.live = self.live_share();
        self.view.dialog = Some(Dialog::Share(Box::new(form)));
    }

    /// The running share as the dialog shows it.
    fn live_share(&self) -> Option<LiveShare> {
        let sharing = self.sharing.as_ref().filter(|s| !s.joining)?;
        let how = match &sharing.session.plan {
            Plan::Host { bind, advertise } => format!(
                "Hosted on this laptop: listening on {bind}; the others connect to {}.",
                advertise.as_str().trim_end_matches('/')
            ),
            Plan::Dial { address } => format!("Through {}.", address.as_str().trim_end_matches('/')),
        };
        Some(LiveShare {
            link: sharing.session.link.to_string(),
            how,
            status: sharing.line().text,
        })
    }

    /// Keeps the open Share dialog's status up to date.
    pub(super) fn refresh_share_dialog(&mut self) {
        // Only while the dialog is open: the line is built from strings.
        if !matches!(self.view.dialog, Some(Dialog::Share(_))) {
            return;
        }
        let live = self.live_share();
        if let Some(Dialog::Share(form)) = &mut self.view.dialog
            && live.is_some()
        {
            form.live = live;
        }
    }

    /// Starts sharing the open incident as the Share form asks.
    pub(super) fn start_sharing_from(&mut self, host: bool, bind: &str, port: &str, server: &str) {
        let plan = if host {
            let port = match port.trim() {
                "" => Ok(DEFAULT_PORT),
                p => p
                    .parse::<u16>()
                    .map_err(|_| format!("\u{201c}{p}\u{201d} is not a port (1-65535)")),
            };
            let ip = bind
                .trim()
                .parse::<std::net::IpAddr>()
                .map_err(|_| "choose a network".to_owned());
            port.and_then(|port| {
                let ip = ip?;
                let shown = if ip.is_unspecified() {
                    // The others need a real address: this laptop's first.
                    net::local_addresses()
                        .into_iter()
                        .find(|a| !a.is_loopback())
                        .unwrap_or(std::net::IpAddr::from([127, 0, 0, 1]))
                } else {
                    ip
                };
                Ok(Plan::Host {
                    bind: std::net::SocketAddr::new(ip, port),
                    advertise: net::parse_address(&std::net::SocketAddr::new(shown, port).to_string())?,
                })
            })
        } else {
            net::parse_address(server).map(|address| Plan::Dial { address })
        };
        match plan.and_then(|plan| self.start_sharing(plan)) {
            Ok(()) => {
                if !host {
                    self.settings.sync_server = server.trim().to_owned();
                    self.save_settings();
                }
                self.refresh_share_dialog();
            }
            Err(e) => {
                if let Some(Dialog::Share(form)) = &mut self.view.dialog {
                    form.error = Some(e.clone());
                }
                self.error(format!("Not shared: {e}"));
            }
        }
    }

    /// Shares the open incident under a new document id.
    pub fn start_sharing(&mut self, plan: Plan) -> Result<(), String> {
        self.start_sharing_as(plan, net::new_document_id())
    }

    /// [`ConsoleApp::start_sharing`] under the document id `doc` (pictures
    /// in tests need the same link every run).
    pub fn start_sharing_as(&mut self, plan: Plan, doc: net::DocumentId) -> Result<(), String> {
        if self.doc.read_only {
            return Err("review mode never connects to anything; Edit a copy to share it".into());
        }
        let Some(have) = self.doc.replica.as_ref().map(crate::sync::Replica::save) else {
            return Err("this incident cannot be shared".into());
        };
        self.stop_sharing();
        let session = Session::start(Start {
            plan: plan.clone(),
            doc: doc.clone(),
            have: Some(have),
            name: self.settings.author.clone(),
            wake: self.waker(),
        })
        .map_err(|e| match &plan {
            Plan::Host { bind, .. } => format!("cannot listen on {bind}: {e}"),
            Plan::Dial { .. } => e.to_string(),
        })?;
        self.safety
            .record_share(Some(&net::record_text(&doc, &session.plan)));
        let link = session.link.to_string();
        self.sharing = Some(Sharing::new(session, self.doc.serial(), false));
        self.info(format!("Shared: give the others the link {link}"));
        Ok(())
    }

    /// Rejoins the share a restored journal was part of.
    pub(super) fn resume_share(&mut self, record: &str) {
        let Some((doc, plan)) = net::parse_record(record) else {
            return;
        };
        let Some(have) = self.doc.replica.as_ref().map(crate::sync::Replica::save) else {
            return;
        };
        match Session::start(Start {
            plan,
            doc,
            have: Some(have),
            name: self.settings.author.clone(),
            wake: self.waker(),
        }) {
            Ok(session) => {
                self.safety.record_share(Some(record));
                self.sharing = Some(Sharing::new(session, self.doc.serial(), false));
                self.info("Restored, and back in the shared incident: changes made meanwhile merge now");
            }
            Err(e) => self.error(format!("Restored, but not shared again: {e}")),
        }
    }

    /// Stops sharing; this console keeps its copy, the others theirs.
    pub fn stop_sharing(&mut self) {
        if let Some(sharing) = self.sharing.take() {
            sharing.session.stop();
            self.safety.record_share(None);
        }
    }

    /// Starts joining the incident `link` names; the Join dialog shows how
    /// it goes and the incident opens when it arrives.
    pub(super) fn join(&mut self, link: &str) {
        let link = match ShareLink::parse(link) {
            Ok(link) => link,
            Err(e) => {
                self.view.dialog = Some(Dialog::Join(Box::new(JoinForm {
                    link: link.to_owned(),
                    waiting: None,
                    error: Some(e),
                })));
                return;
            }
        };
        self.stop_sharing();
        match Session::start(Start {
            plan: Plan::Dial {
                address: link.address.clone(),
            },
            doc: link.doc.clone(),
            have: None,
            name: self.settings.author.clone(),
            wake: self.waker(),
        }) {
            Ok(session) => {
                self.sharing = Some(Sharing::new(session, 0, true));
                self.view.dialog = Some(Dialog::Join(Box::new(JoinForm {
                    link: link.to_string(),
                    waiting: Some(format!(
                        "Connecting to {} and waiting for the incident...",
                        link.address.as_str().trim_end_matches('/')
                    )),
                    error: None,
                })));
            }
            Err(e) => self.error(format!("Cannot join: {e}")),
        }
    }

    /// Stops waiting for a shared incident.
    pub(super) fn cancel_join(&mut self) {
        if self.sharing.as_ref().is_some_and(|s| s.joining) {
            self.stop_sharing();
            self.info("Not joined: the open incident is as it was");
        }
        self.view.dialog = None;
    }

    /// Takes in what the share brought: called every frame, cheap when idle.
    pub fn poll_sharing(&mut self) {
        let Some(sharing) = &mut self.sharing else { return };
        for event in sharing.session.poll() {
            match event {
                Event::Status(status) => sharing.status = status,
                Event::Changes(changes) => {
                    if !sharing.joining {
                        sharing.backlog.extend(changes);
                    }
                }
                Event::Joined(bytes) if sharing.joining && sharing.arriving.is_none() => {
                    // Reading a big incident takes longer than a frame.
                    let (tx, rx) = std::sync::mpsc::channel();
                    let (beside, wake) = (self.safety.journal_beside(), self.wake.clone());
                    std::thread::spawn(move || {
                        let result = crate::sync::Replica::load(&bytes)
                            .map(|(replica, incident)| {
                                (Journaled::from_replica(replica, beside.as_deref()), incident)
                            })
                            .map_err(|e| e.to_string());
                        let _ = tx.send(result);
                        if let Some(wake) = wake {
                            wake();
                        }
                    });
                    sharing.arriving = Some(rx);
                }
                Event::Joined(_) => {}
            }
        }
        let arrived = sharing.arriving.as_ref().and_then(|rx| rx.try_recv().ok());
        if let Some(result) = arrived {
            sharing.arriving = None;
            match result {
                Ok((journaled, incident)) => self.adopt_joined(journaled, incident),
                Err(e) => {
                    self.stop_sharing();
                    self.view.dialog = None;
                    self.error(format!("Cannot join: the shared incident is damaged ({e})"));
                }
            }
            return;
        }
        self.apply_backlog();
    }

    /// The joined incident becomes the open one.
    fn adopt_joined(&mut self, journaled: Journaled, incident: Incident) {
        self.safety.clear();
        self.safety.reset();
        self.safety.unlock_file();
        self.safety.set_origin(None);
        self.replace_document(Document::new(incident, None));
        self.adopt_journaled(Some(journaled), false);
        // Not in a file on this laptop yet: Save (as) keeps a copy here.
        self.doc.touch(true);
        self.session_imports.clear();
        self.view.selected = self.doc.incident.phase;
        self.view.show_review = false;
        self.view.dialog = None;
        let id = self.doc.incident.id.clone();
        self.remember_id(&id);
        let serial = self.doc.serial();
        if let Some(sharing) = &mut self.sharing {
            sharing.joining = false;
            sharing.document = serial;
            let record = net::record_text(&sharing.session.link.doc, &sharing.session.plan);
            self.safety.record_share(Some(&record));
        }
        self.info(format!(
            "Joined {} \u{2013} {}. Changes here and there now merge live.",
            crate::ui::long_text::first_line(&self.doc.incident.id, 40),
            crate::ui::long_text::title_line(&self.doc.incident.title, 80)
        ));
    }

    /// Applies up to [`CHANGES_PER_FRAME`] changes from others.
    fn apply_backlog(&mut self) {
        let serial = self.doc.serial();
        let Some(sharing) = &mut self.sharing else { return };
        if sharing.backlog.is_empty() || sharing.document != serial {
            return;
        }
        let Some(replica) = &mut self.doc.replica else {
            sharing.backlog.clear();
            return;
        };
        let take = sharing.backlog.len().min(CHANGES_PER_FRAME);
        let mut fresh = Vec::new();
        let mut changes = Vec::new();
        for bytes in sharing.backlog.drain(..take) {
            if let Ok(change) = automerge::Change::from_bytes(bytes.clone())
                && replica.doc().get_change_by_hash(&change.hash()).is_none()
            {
                fresh.push(bytes);
                changes.push(change);
            }
        }
        if !sharing.backlog.is_empty()
            && let Some(wake) = &self.wake
        {
            wake();
        }
        if changes.is_empty() {
            return;
        }
        let result = replica.receive(&mut self.doc.incident, changes);
        let problem = match result {
            Ok(received) => {
                for change in &fresh {
                    self.safety.journal_change(change);
                }
                if received.new_ops > 0 {
                    self.doc.touch(true);
                    self.safety.note_change(std::time::Instant::now());
                }
                if let Some(who) = received.authors.last() {
                    sharing.latest = Some((who.clone(), self.clock.now()));
                }
                received.refused.into_iter().next().map(|(who, why)| {
                    let who = if who.is_empty() {
                        "another console".to_owned()
                    } else {
                        who
                    };
                    format!("A change by {who} could not be applied here, nor on any console: {why}")
                })
            }
            Err(e) => Some(format!("A change from another console was refused: {e}")),
        };
        if let Some(problem) = problem {
            self.error(problem);
        }
    }
}
