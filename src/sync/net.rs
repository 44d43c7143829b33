//! Sharing a document with other consoles: samod (automerge-repo for Rust,
//! wire-compatible with the JavaScript automerge-repo and its sync server)
//! over WebSocket, on a tokio runtime of its own.
//!
//! The console keeps its own copy of the document ([`super::Replica`]), so
//! a sync message being processed never holds up a frame. A [`Session`]
//! runs beside it: local changes go in with [`Session::send`], changes from
//! others come out of [`Session::poll`] as [`Event::Changes`], with the
//! state of the sharing (who is connected, what is not yet sent).
//!
//! Two ways to connect, both plain WebSocket (no TLS; a war room's own
//! network or a team's own server):
//! - [`Plan::Host`]: this console listens, the others connect to it;
//! - [`Plan::Dial`]: this console connects to a sync server (the official
//!   `@automerge/automerge-repo-sync-server`, see `server/`) or to a
//!   hosting console, and reconnects by itself after a loss.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

use automerge::{Automerge, Change, ChangeHash, ReadDoc};
use futures::future::BoxFuture;
use futures::{FutureExt, SinkExt, StreamExt, TryStreamExt};
pub use samod::DocumentId;
use samod::storage::InMemoryStorage;
use samod::{AutomergeUrl, BackoffConfig, DialError, Dialer, DocHandle, Repo, Transport};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;

/// Who is here is said this often...
const PRESENCE_EVERY: Duration = Duration::from_secs(2);
/// ...and someone not heard from for this long has gone.
const PRESENCE_GONE: Duration = Duration::from_secs(7);
/// A whole 100,000-entry incident fits in one message.
const MAX_MESSAGE: usize = 512 * 1024 * 1024;

/// What a shared incident is called: the document and where to reach it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareLink {
    pub doc: DocumentId,
    /// `ws://host:port` of the sync server or the hosting console.
    pub address: url::Url,
}

impl ShareLink {
    /// Reads a link as given to the others: `automerge:<id> ws://host:port`
    /// (either order, any spaces; `ws://...` alone is not enough).
    pub fn parse(text: &str) -> Result<ShareLink, String> {
        let mut doc = None;
        let mut address = None;
        for token in text.split_whitespace() {
            if token.starts_with("automerge:") {
                let url: AutomergeUrl = token
                    .parse()
                    .map_err(|_| format!("\u{201c}{token}\u{201d} is not an automerge: document link"))?;
                doc = Some(url.document_id().clone());
            } else {
                address = Some(parse_address(token)?);
            }
        }
        match (doc, address) {
            (Some(doc), Some(address)) => Ok(ShareLink { doc, address }),
            (None, _) => Err("the link needs the document (automerge:...) as well as the address".into()),
            (_, None) => Err("the link needs the address (ws://host:port) as well as the document".into()),
        }
    }

    pub fn document_url(&self) -> String {
        AutomergeUrl::from(&self.doc).to_string()
    }
}

impl std::fmt::Display for ShareLink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}",
            self.document_url(),
            self.address.as_str().trim_end_matches('/')
        )
    }
}

/// A sync server's or a host's address: `ws://host:port`, or `host:port`.
pub fn parse_address(text: &str) -> Result<url::Url, String> {
    let text = text.trim();
    let with_scheme = if text.contains("://") {
        text.to_owned()
    } else {
        format!("ws://{text}")
    };
    let url = url::Url::parse(&with_scheme)
        .map_err(|e| format!("\u{201c}{text}\u{201d} is not an address: {e}"))?;
    match url.scheme() {
        "ws" => {}
        "wss" | "https" => {
            return Err(
                "secure WebSocket (wss://) is not supported: use ws:// on a network you trust".into(),
            );
        }
        other => {
            return Err(format!(
                "\u{201c}{other}://\u{201d} is not a WebSocket address: use ws://host:port"
            ));
        }
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(format!("\u{201c}{text}\u{201d} names no host"));
    }
    Ok(url)
}

/// A new document id for a newly shared incident.
pub fn new_document_id() -> DocumentId {
    // A DocumentId is 16 random bytes: a v4 UUID's are.
    DocumentId::try_from(uuid::Uuid::new_v4().as_bytes().to_vec()).unwrap_or_else(|_| unreachable!())
}

pub fn parse_document_id(text: &str) -> Option<DocumentId> {
    text.parse::<AutomergeUrl>()
        .ok()
        .map(|u| u.document_id().clone())
        .or_else(|| text.parse().ok())
}

/// This laptop's own addresses (IPv4, loopback last), to listen on and
/// to put in the link.
pub fn local_addresses() -> Vec<std::net::IpAddr> {
    let mut out = Vec::new();
    #[cfg(unix)]
    // SAFETY: getifaddrs fills a list we only read and then free with
    // freeifaddrs; each `ifa_addr` is null or points at a sockaddr whose
    // family says its real type.
    unsafe {
        let mut list: *mut libc::ifaddrs = std::ptr::null_mut();
        if libc::getifaddrs(&mut list) == 0 {
            let mut next = list;
            while !next.is_null() {
                let addr = (*next).ifa_addr;
                if !addr.is_null() && i32::from((*addr).sa_family) == libc::AF_INET {
                    let v4 = &*(addr as *const libc::sockaddr_in);
                    let ip = std::net::Ipv4Addr::from(u32::from_be(v4.sin_addr.s_addr));
                    out.push(std::net::IpAddr::V4(ip));
                }
                next = (*next).ifa_next;
            }
            libc::freeifaddrs(list);
        }
    }
    out.sort_by_key(|ip| (ip.is_loopback(), *ip));
    out.dedup();
    out
}

/// How a document is shared, kept beside its journal so a console
/// restarted after a crash rejoins (`share.ron` in its recovery folder).
pub fn record_text(doc: &DocumentId, plan: &Plan) -> String {
    let doc = AutomergeUrl::from(doc);
    match plan {
        Plan::Host { bind, advertise } => format!("doc {doc}\nhost {bind} {advertise}\n"),
        Plan::Dial { address } => format!("doc {doc}\ndial {address}\n"),
    }
}

/// Reads [`record_text`] back.
pub fn parse_record(text: &str) -> Option<(DocumentId, Plan)> {
    let mut doc = None;
    let mut plan = None;
    for line in text.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["doc", id] => doc = parse_document_id(id),
            ["host", bind, advertise] => {
                plan = Some(Plan::Host {
                    bind: bind.parse().ok()?,
                    advertise: parse_address(advertise).ok()?,
                })
            }
            ["dial", address] => {
                plan = Some(Plan::Dial {
                    address: parse_address(address).ok()?,
                })
            }
            _ => {}
        }
    }
    Some((doc?, plan?))
}

/// How to connect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// Listen on `bind` (the interface and port the user chose); the others
    /// connect to `advertise` (what the link says).
    Host { bind: SocketAddr, advertise: url::Url },
    /// Connect to a sync server or a hosting console.
    Dial { address: url::Url },
}

impl Plan {
    pub fn address(&self) -> &url::Url {
        match self {
            Plan::Host { advertise, .. } => advertise,
            Plan::Dial { address } => address,
        }
    }
}

/// What a session starts from.
pub struct Start {
    pub plan: Plan,
    pub doc: DocumentId,
    /// This console's copy (sharing it, or resuming after a restart);
    /// `None` to join: the document comes from the others.
    pub have: Option<Vec<u8>>,
    /// The name the others see.
    pub name: String,
    /// Called when an event is waiting (the window repaints).
    pub wake: Arc<dyn Fn() + Send + Sync>,
}

/// The state of the sharing, for the header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Status {
    /// Connections up now (to the server, or from/to other consoles).
    pub connections: usize,
    /// The names of the consoles heard from lately, this one first.
    pub names: Vec<String>,
    /// Changes made here that no other console or server has confirmed.
    pub unsent: usize,
    /// What is wrong, in words (a port in use, a server not answering).
    pub problem: Option<String>,
}

/// What comes out of a session.
#[derive(Debug)]
pub enum Event {
    /// The document arrived (joining): the whole of it.
    Joined(Vec<u8>),
    /// Changes from others (raw Automerge changes; ones already known are
    /// harmless).
    Changes(Vec<Vec<u8>>),
    Status(Status),
}

enum Command {
    Local(Vec<u8>),
    Name(String),
    Stop(std::sync::mpsc::Sender<()>),
}

/// A running share. Dropping it stops it.
pub struct Session {
    runtime: Option<tokio::runtime::Runtime>,
    commands: UnboundedSender<Command>,
    events: Receiver<Event>,
    pub link: ShareLink,
    pub plan: Plan,
}

impl Session {
    /// Starts sharing (or joining) in the background; returns at once. A
    /// host binds its port here, so a port in use is an error at once; port
    /// 0 picks a free one (the link says which).
    pub fn start(mut start: Start) -> std::io::Result<Session> {
        let listener = match &mut start.plan {
            Plan::Host { bind, advertise } => {
                let listener = std::net::TcpListener::bind(*bind)?;
                listener.set_nonblocking(true)?;
                let local = listener.local_addr()?;
                *bind = local;
                if advertise.port().is_none_or(|p| p == 0) {
                    let _ = advertise.set_port(Some(local.port()));
                }
                Some(listener)
            }
            Plan::Dial { .. } => None,
        };
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("share")
            .enable_all()
            .build()?;
        let (commands, command_rx) = unbounded_channel();
        let (event_tx, events) = channel();
        let link = ShareLink {
            doc: start.doc.clone(),
            address: start.plan.address().clone(),
        };
        let plan = start.plan.clone();
        runtime.spawn(run(start, listener, command_rx, event_tx));
        Ok(Session {
            runtime: Some(runtime),
            commands,
            events,
            link,
            plan,
        })
    }

    /// Hands a change made here to the others.
    pub fn send(&self, change: Vec<u8>) {
        let _ = self.commands.send(Command::Local(change));
    }

    /// The name the others see changed.
    pub fn set_name(&self, name: String) {
        let _ = self.commands.send(Command::Name(name));
    }

    /// Everything that arrived since the last call.
    pub fn poll(&self) -> Vec<Event> {
        self.events.try_iter().collect()
    }

    /// Waits up to `timeout` for the next event (tests, the headless console).
    pub fn wait(&self, timeout: Duration) -> Option<Event> {
        self.events.recv_timeout(timeout).ok()
    }

    /// Stops, telling the others this console left (waits up to 2 s).
    pub fn stop(mut self) {
        self.shut_down();
    }

    fn shut_down(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            let (tx, rx) = std::sync::mpsc::channel();
            if self.commands.send(Command::Stop(tx)).is_ok() {
                let _ = rx.recv_timeout(Duration::from_secs(2));
            }
            runtime.shutdown_timeout(Duration::from_millis(500));
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        self.shut_down();
    }
}

fn ws_config() -> WebSocketConfig {
    WebSocketConfig::default()
        .max_message_size(Some(MAX_MESSAGE))
        .max_frame_size(Some(MAX_MESSAGE))
}

#[derive(Debug)]
struct NetError(String);

impl std::fmt::Display for NetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for NetError {}

/// A WebSocket as samod's transport: binary messages both ways.
fn ws_transport<S>(ws: S) -> Transport
where
    S: futures::Sink<Message, Error = tokio_tungstenite::tungstenite::Error>
        + futures::Stream<Item = Result<Message, tokio_tungstenite::tungstenite::Error>>
        + Send
        + 'static,
{
    let (sink, stream) = ws.split();
    let stream = stream
        .map_err(|e| NetError(e.to_string()))
        .try_filter_map(|m| async move {
            Ok(match m {
                Message::Binary(bytes) => Some(bytes.to_vec()),
                _ => None,
            })
        })
        .boxed();
    let sink = sink
        .sink_map_err(|e| NetError(e.to_string()))
        .with(|bytes: Vec<u8>| async move { Ok::<_, NetError>(Message::Binary(bytes.into())) });
    Transport::new(stream, Box::pin(sink))
}

/// Dials a WebSocket address; samod calls it again after each loss.
struct WsDialer(url::Url);

impl Dialer for WsDialer {
    type Error = std::convert::Infallible;

    fn url(&self) -> url::Url {
        self.0.clone()
    }

    fn connect(&self) -> BoxFuture<'static, Result<Transport, DialError<Self::Error>>> {
        let url = self.0.clone();
        async move {
            let (ws, _) =
                tokio_tungstenite::connect_async_with_config(url.as_str(), Some(ws_config()), false)
                    .await
                    .map_err(|e| DialError::transient(NetError(e.to_string())))?;
            Ok(ws_transport(ws))
        }
        .boxed()
    }
}

/// Presence is a tiny CBOR map `{"name": text, "peer": text}` (JavaScript
/// peers only accept CBOR ephemeral messages).
fn presence_message(name: &str, peer: &str) -> Vec<u8> {
    fn text(out: &mut Vec<u8>, s: &str) {
        let len = s.len();
        match len {
            0..=23 => out.push(0x60 | len as u8),
            24..=255 => out.extend([0x78, len as u8]),
            _ => {
                let len = len.min(u16::MAX as usize);
                out.push(0x79);
                out.extend((len as u16).to_be_bytes());
            }
        }
        out.extend(&s.as_bytes()[..len.min(u16::MAX as usize)]);
    }
    let mut out = vec![0xa2];
    text(&mut out, "name");
    text(&mut out, name);
    text(&mut out, "peer");
    text(&mut out, peer);
    out
}

/// Reads a presence message; anything else (other apps' ephemera) is `None`.
fn read_presence(bytes: &[u8]) -> Option<(String, String)> {
    fn text(bytes: &[u8]) -> Option<(String, &[u8])> {
        let (&head, rest) = bytes.split_first()?;
        let (len, rest) = match head {
            0x60..=0x77 => (usize::from(head - 0x60), rest),
            0x78 => (usize::from(*rest.first()?), rest.get(1..)?),
            0x79 => (
                usize::from(u16::from_be_bytes([*rest.first()?, *rest.get(1)?])),
                rest.get(2..)?,
            ),
            _ => return None,
        };
        let s = std::str::from_utf8(rest.get(..len)?).ok()?;
        Some((s.to_owned(), rest.get(len..)?))
    }
    let (&head, mut rest) = bytes.split_first()?;
    if !(0xa0..=0xb7).contains(&head) {
        return None;
    }
    let mut fields = HashMap::new();
    for _ in 0..(head - 0xa0) {
        let (key, after) = text(rest)?;
        let (value, after) = text(after)?;
        fields.insert(key, value);
        rest = after;
    }
    Some((fields.remove("name")?, fields.remove("peer")?))
}

/// The session's own work, on the runtime.
async fn run(
    start: Start,
    listener: Option<std::net::TcpListener>,
    mut commands: UnboundedReceiver<Command>,
    events: Sender<Event>,
) {
    let Start {
        plan,
        doc: doc_id,
        have,
        mut name,
        wake,
    } = start;
    let emit = |event: Event| {
        let _ = events.send(event);
        wake();
    };
    let mut status = Status::default();
    let storage = InMemoryStorage::new();
    let peer = format!("incident-console-{}", uuid::Uuid::new_v4().simple());
    let repo = Repo::build_tokio()
        .with_storage(storage.clone())
        .with_peer_id(samod::PeerId::from(peer.as_str()))
        .load()
        .await;
    let joining = have.is_none();
    // Our copies go in as stored documents, so the repo finds them under
    // their ids without asking anyone: the ops document under the link's
    // id, the base under the id the ops document names.
    let store = |id: &DocumentId, bytes: Vec<u8>| {
        let storage = storage.clone();
        let key =
            samod::storage::StorageKey::from_parts([id.to_string(), "snapshot".into(), "console".into()]);
        async move {
            if let Ok(key) = key {
                samod::storage::Storage::put(&storage, key, bytes).await;
            }
        }
    };
    if let Some(packed) = &have
        && let Ok((base, ops)) = super::doc::unpack(packed)
    {
        if let Some(base_id) = Automerge::load(ops)
            .ok()
            .as_ref()
            .and_then(super::doc::base_doc_id)
            .and_then(|id| DocumentId::try_from(id.as_bytes().to_vec()).ok())
        {
            store(&base_id, base.to_vec()).await;
        }
        store(&doc_id, ops.to_vec()).await;
    }
    let mut _listener = None;
    let mut dialer = None;
    match &plan {
        Plan::Host { bind, advertise } => match listener.map(tokio::net::TcpListener::from_std) {
            Some(Ok(listener)) => match repo.make_acceptor(advertise.clone()) {
                Ok(acceptor) => {
                    _listener = Some(tokio::spawn(async move {
                        while let Ok((stream, _)) = listener.accept().await {
                            let acceptor = acceptor.clone();
                            tokio::spawn(async move {
                                if let Ok(ws) =
                                    tokio_tungstenite::accept_async_with_config(stream, Some(ws_config()))
                                        .await
                                {
                                    let _ = acceptor.accept(ws_transport(ws));
                                }
                            });
                        }
                    }));
                }
                Err(_) => return,
            },
            Some(Err(e)) => {
                status.problem = Some(format!("cannot listen on {bind}: {e}"));
                emit(Event::Status(status.clone()));
            }
            None => {}
        },
        Plan::Dial { address } => {
            let backoff = BackoffConfig {
                initial_delay: Duration::from_millis(200),
                max_delay: Duration::from_secs(5),
                max_retries: None,
            };
            dialer = repo.dial(backoff, Arc::new(WsDialer(address.clone()))).ok();
        }
    }
    // The document: ours at once, or the others' once they answer. Changes
    // made here meanwhile wait for it (never dropped).
    let mut early: Vec<Vec<u8>> = Vec::new();
    let handle: DocHandle = loop {
        tokio::select! {
            found = repo.find(doc_id.clone()) => match found {
                Ok(Some(handle)) => break handle,
                Ok(None) => {
                    status.problem = Some(if joining {
                        format!("waiting for {} to have the incident", plan.address())
                    } else {
                        "the incident could not be read".into()
                    });
                    emit(Event::Status(status.clone()));
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
                Err(_) => return,
            },
            command = commands.recv() => match command {
                Some(Command::Stop(done)) => {
                    repo.stop().await;
                    let _ = done.send(());
                    return;
                }
                Some(Command::Name(n)) => name = n,
                Some(Command::Local(change)) => early.push(change),
                None => return,
            }
        }
    };
    // The base: with it, a console can build the incident; keeping its
    // handle keeps it served to others who join.
    let base_id = handle
        .with_document(|d| super::doc::base_doc_id(d))
        .and_then(|id| DocumentId::try_from(id.as_bytes().to_vec()).ok());
    let Some(base_id) = base_id else {
        status.problem = Some("the shared incident names no base document".into());
        emit(Event::Status(status.clone()));
        return;
    };
    let base_handle: DocHandle = loop {
        match repo.find(base_id.clone()).await {
            Ok(Some(handle)) => break handle,
            Ok(None) => {
                status.problem = Some(format!(
                    "waiting for {} to have the incident's base",
                    plan.address()
                ));
                emit(Event::Status(status.clone()));
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
            Err(_) => return,
        }
    };
    if joining {
        let base = base_handle.with_document(|d| d.save());
        let ops = handle.with_document(|d| d.save());
        emit(Event::Joined(super::doc::pack(&base, &ops)));
    }
    status.problem = None;
    let mut forwarded: Vec<ChangeHash> = handle.with_document(|d| d.get_heads());
    let mut pending: Vec<ChangeHash> = Vec::new();
    for bytes in early {
        if let Ok(change) = Change::from_bytes(bytes) {
            pending.push(change.hash());
            handle.with_document(|d| {
                let _ = d.apply_changes([change]);
            });
        }
    }
    let mut changes = handle.changes();
    let mut ephemera = handle.ephemera();
    let mut heard: HashMap<String, (String, Instant)> = HashMap::new();
    let mut tick = tokio::time::interval(Duration::from_millis(500));
    let mut last_presence = Instant::now() - PRESENCE_EVERY;
    loop {
        tokio::select! {
            command = commands.recv() => match command {
                Some(Command::Local(bytes)) => {
                    if let Ok(change) = Change::from_bytes(bytes) {
                        pending.push(change.hash());
                        handle.with_document(|d| {
                            let _ = d.apply_changes([change]);
                        });
                    }
                }
                Some(Command::Name(n)) => {
                    name = n;
                    last_presence = Instant::now() - PRESENCE_EVERY;
                }
                Some(Command::Stop(done)) => {
                    repo.stop().await;
                    let _ = done.send(());
                    return;
                }
                None => return,
            },
            Some(_) = changes.next() => {
                let (fresh, heads) = handle.with_document(|d| {
                    let fresh: Vec<Vec<u8>> = d.get_changes(&forwarded).into_iter().map(|c| c.raw_bytes().to_vec()).collect();
                    (fresh, d.get_heads())
                });
                forwarded = heads;
                if !fresh.is_empty() {
                    emit(Event::Changes(fresh));
                }
            },
            Some(message) = ephemera.next() => {
                if let Some((who, from)) = read_presence(&message) && from != peer {
                    heard.insert(from, (who, Instant::now()));
                }
            },
            _ = tick.tick() => {
                if last_presence.elapsed() >= PRESENCE_EVERY {
                    handle.broadcast(presence_message(&name, &peer));
                    last_presence = Instant::now();
                }
                heard.retain(|_, (_, at)| at.elapsed() < PRESENCE_GONE);
                let connected: Vec<samod::ConnectionId> = repo
                    .connected_peers()
                    .0
                    .into_iter()
                    .filter(|c| matches!(c.state, samod::ConnectionState::Connected { .. }))
                    .map(|c| c.id)
                    .collect();
                let (doc_peers, _) = handle.peers();
                // Ours that some peer has: no longer waiting to be sent.
                if !pending.is_empty() {
                    handle.with_document(|d| {
                        for state in doc_peers.values() {
                            if let Some(theirs) = &state.their_heads {
                                // Heads we do not have yet say nothing about ours.
                                let theirs: Vec<ChangeHash> =
                                    theirs.iter().copied().filter(|h| d.get_change_by_hash(h).is_some()).collect();
                                if theirs.is_empty() {
                                    continue;
                                }
                                let missing: std::collections::HashSet<ChangeHash> =
                                    d.get_changes(&theirs).iter().map(Change::hash).collect();
                                pending.retain(|h| missing.contains(h));
                            }
                        }
                    });
                }
                let mut names = vec![name.clone()];
                let mut others: Vec<String> = heard.values().map(|(n, _)| n.clone()).collect();
                others.sort();
                names.extend(others);
                let next = Status {
                    connections: connected.len(),
                    names,
                    unsent: pending.len(),
                    problem: match (&plan, connected.is_empty(), dialer.as_ref()) {
                        (Plan::Dial { address }, true, Some(_)) => {
                            Some(format!("cannot reach {}, retrying", address.as_str().trim_end_matches('/')))
                        }
                        _ => None,
                    },
                };
                if next != status {
                    status = next;
                    emit(Event::Status(status.clone()));
                }
            }
        }
    }
}

/// What a received change list should become for the replica.
pub fn decode_changes(raw: Vec<Vec<u8>>) -> Vec<Change> {
    raw.into_iter()
        .filter_map(|bytes| Change::from_bytes(bytes).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_read_back_in_either_order() {
        let doc = new_document_id();
        let link = ShareLink {
            doc: doc.clone(),
            address: parse_address("192.168.1.20:7450").unwrap(),
        };
        let text = link.to_string();
        assert!(text.starts_with("automerge:"), "{text}");
        assert!(text.ends_with(" ws://192.168.1.20:7450"), "{text}");
        assert_eq!(ShareLink::parse(&text).unwrap(), link);
        let (a, b) = text.split_once(' ').unwrap();
        assert_eq!(ShareLink::parse(&format!("  {b}\n{a} ")).unwrap(), link);
        for bad in [
            "",
            "ws://host:1",
            &link.document_url(),
            "automerge:nope ws://host:1",
            &format!("{} wss://host:1", link.document_url()),
            &format!("{} http://host:1", link.document_url()),
            &format!("{} ws://", link.document_url()),
        ] {
            assert!(ShareLink::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn share_records_read_back() {
        let doc = new_document_id();
        for plan in [
            Plan::Host {
                bind: "0.0.0.0:7450".parse().unwrap(),
                advertise: parse_address("10.0.0.5:7450").unwrap(),
            },
            Plan::Dial {
                address: parse_address("ws://sync.example:3030").unwrap(),
            },
        ] {
            assert_eq!(parse_record(&record_text(&doc, &plan)), Some((doc.clone(), plan)));
        }
        assert_eq!(parse_record("doc x\n"), None);
        assert_eq!(parse_record(""), None);
    }

    #[test]
    fn presence_round_trips_and_foreign_ephemera_are_ignored() {
        for name in ["Ana", "", "Ünïcödé name", &"x".repeat(300)] {
            let bytes = presence_message(name, "peer-1");
            assert_eq!(
                read_presence(&bytes),
                Some((name.to_owned(), "peer-1".to_owned()))
            );
        }
        assert_eq!(read_presence(b""), None);
        assert_eq!(read_presence(&[0xa1, 0x61, b'x', 0x61, b'y']), None);
        assert_eq!(read_presence(&[0xa2, 0x64]), None);
        assert_eq!(read_presence(&[0x01, 0x02]), None);
    }
}
