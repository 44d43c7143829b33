//! The sharing layer on its own: a hosting console and two that join it,
//! over real WebSocket connections on loopback, each with its own copy of
//! the document.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use incident_console::model::{Edit, EntryKind, Incident};
use incident_console::sync::Replica;
use incident_console::sync::net::{Event, Plan, Session, ShareLink, Start, new_document_id, parse_address};

struct Peer {
    replica: Option<Replica>,
    incident: Option<Incident>,
    session: Session,
    status: incident_console::sync::net::Status,
}

impl Peer {
    fn host(incident: Incident, name: &str) -> Peer {
        let replica = Replica::new(&incident);
        let session = Session::start(Start {
            plan: Plan::Host {
                bind: "127.0.0.1:0".parse().unwrap(),
                advertise: parse_address("127.0.0.1:0").unwrap(),
            },
            doc: new_document_id(),
            have: Some(replica.save()),
            name: name.into(),
            wake: Arc::new(|| {}),
        })
        .unwrap();
        Peer {
            replica: Some(replica),
            incident: Some(incident),
            session,
            status: Default::default(),
        }
    }

    fn join(link: &ShareLink, name: &str) -> Peer {
        let session = Session::start(Start {
            plan: Plan::Dial {
                address: link.address.clone(),
            },
            doc: link.doc.clone(),
            have: None,
            name: name.into(),
            wake: Arc::new(|| {}),
        })
        .unwrap();
        Peer {
            replica: None,
            incident: None,
            session,
            status: Default::default(),
        }
    }

    /// Takes in everything that arrived.
    fn pump(&mut self) {
        for event in self.session.poll() {
            match event {
                Event::Joined(bytes) => {
                    let (replica, incident) = Replica::load(&bytes).unwrap();
                    self.replica = Some(replica);
                    self.incident = Some(incident);
                }
                Event::Changes(raw) => {
                    let changes = incident_console::sync::net::decode_changes(raw);
                    let (Some(replica), Some(incident)) = (&mut self.replica, &mut self.incident) else {
                        continue;
                    };
                    replica.receive(incident, changes).unwrap();
                }
                Event::Status(status) => self.status = status,
            }
        }
    }

    fn log(&mut self, text: &str) {
        let (replica, incident) = (self.replica.as_mut().unwrap(), self.incident.as_mut().unwrap());
        let edit = Edit::Log {
            kind: EntryKind::Note,
            text: text.into(),
            at: None,
        };
        let (_, change) = replica
            .apply_local(incident, edit, chrono::Utc::now(), "someone")
            .unwrap();
        self.session.send(change);
    }

    fn incident(&self) -> &Incident {
        self.incident.as_ref().unwrap()
    }
}

/// Pumps every peer until `done` holds (or fails after 20 s).
fn until(peers: &mut [&mut Peer], what: &str, done: impl Fn(&[&mut Peer]) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        for p in peers.iter_mut() {
            p.pump();
        }
        if done(peers) {
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("timed out waiting for {what}");
}

#[test]
fn a_host_and_two_joiners_end_with_the_same_record_and_see_each_other() {
    let mut host = Peer::host(Incident::declare(common::t0(), "Ana"), "Ana");
    let link = host.session.link.clone();
    assert_ne!(link.address.port(), Some(0), "the link names the port picked");
    let mut bo = Peer::join(&ShareLink::parse(&link.to_string()).unwrap(), "Bo");
    let mut cy = Peer::join(&link, "Cy");
    until(&mut [&mut host, &mut bo, &mut cy], "both to join", |p| {
        p[1].incident.is_some() && p[2].incident.is_some()
    });
    assert_eq!(bo.incident(), host.incident());
    for i in 0..10 {
        host.log(&format!("ana {i}"));
        bo.log(&format!("bo {i}"));
        cy.log(&format!("cy {i}"));
    }
    until(&mut [&mut host, &mut bo, &mut cy], "31 entries everywhere", |p| {
        p.iter().all(|p| p.incident().timeline.len() == 31)
    });
    assert_eq!(host.incident(), bo.incident());
    assert_eq!(host.incident(), cy.incident());
    until(
        &mut [&mut host, &mut bo, &mut cy],
        "everyone to see everyone",
        |p| {
            p.iter()
                .all(|p| p.status.names.len() == 3 && p.status.unsent == 0)
        },
    );
    assert_eq!(host.status.names[0], "Ana");
    assert!(host.status.names.contains(&"Cy".to_owned()));
    assert_eq!(host.status.connections, 2);
    assert_eq!(bo.status.connections, 1);
}
