//! One console's copy of a shared incident: the Automerge document, and
//! which of its ops the open incident already holds.
//!
//! Invariant: the incident the console shows is the base with every op of
//! `applied` applied in order. Local edits get op ids later than any seen
//! ([`OpClock`]), so they always go at the end. Ops from others usually do
//! too; one made concurrently may sort before some already applied: then
//! the incident is rewound to the last checkpoint before it and the ops
//! from there are applied again, in order. Every console applies the same
//! ops in the same order to the same base, so all end with the same record.

use automerge::{Automerge, Change, ChangeHash, ObjId, ReadDoc};

use super::doc::{self, DocError};
use super::op::Op;
use crate::model::{Applied, Edit, EditError, Incident, OpClock, OpId, Timestamp};

/// A checkpoint (a copy of the incident: its entries are shared, so this
/// costs a pointer per entry) is kept every this many ops...
const CHECKPOINT_EVERY: usize = 256;
/// ...and this many of them, besides the base.
const CHECKPOINTS_KEPT: usize = 8;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Doc(#[from] DocError),
}

/// What arrived from others.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Received {
    /// Ops that were new here.
    pub new_ops: usize,
    /// Their authors, in apply order (who just wrote).
    pub authors: Vec<String>,
    /// Whether ops already applied were applied again (one arrived that
    /// sorts before them).
    pub replayed: usize,
    /// Ops that could not be applied on this record (an edit to a row
    /// another removed meanwhile): the same on every console.
    pub refused: Vec<(String, String)>,
}

pub struct Replica {
    /// The ops document (every edit); the base is in a document of its own.
    doc: Automerge,
    /// The base document as saved: it never changes, so it is kept as bytes.
    base_saved: std::sync::Arc<Vec<u8>>,
    ops: ObjId,
    clock: OpClock,
    base: Incident,
    /// The ops the incident holds, in apply order.
    applied: Vec<OpId>,
    /// (number of ops applied, the incident then), oldest first.
    checkpoints: Vec<(usize, Incident)>,
    /// Changes received whose dependencies have not arrived (Automerge
    /// holds them back), with the ops they put.
    waiting: Vec<(ChangeHash, Vec<OpId>)>,
}

impl Replica {
    /// New documents for `incident` as it is now.
    pub fn new(incident: &Incident) -> Replica {
        let base_saved = doc::create_base(incident).save();
        let doc = doc::create_ops(incident.uid, uuid::Uuid::new_v4());
        Replica::from_parts(doc, std::sync::Arc::new(base_saved), incident.clone(), Vec::new())
    }

    fn from_parts(
        doc: Automerge,
        base_saved: std::sync::Arc<Vec<u8>>,
        base: Incident,
        applied: Vec<OpId>,
    ) -> Replica {
        // `create` made the map; a loaded document was checked by `ops_obj`.
        let ops = doc::ops_obj(&doc).unwrap_or(automerge::ROOT);
        let mut clock = OpClock::random();
        if let Some(last) = applied.last() {
            clock.observe(*last);
        }
        // Entries written before (the declaration, a file's) sort before
        // anything written here, even at the same clock time.
        if let Some(newest) = base.timeline.iter().map(|e| e.id).max() {
            clock.observe(OpId(newest.0));
        }
        Replica {
            doc,
            base_saved,
            ops,
            clock,
            base,
            applied,
            checkpoints: Vec::new(),
            waiting: Vec::new(),
        }
    }

    /// A document as saved or received (a journal, another console), and
    /// the incident its ops make. Checked like a file.
    pub fn load(bytes: &[u8]) -> Result<(Replica, Incident), SyncError> {
        Replica::load_records(&[bytes.to_vec()])
    }

    /// Documents from journal records: both documents (packed), then
    /// changes to the ops document. A change that does not load (damage
    /// the checksum missed) ends it.
    pub fn load_records(records: &[Vec<u8>]) -> Result<(Replica, Incident), SyncError> {
        let first = records
            .first()
            .ok_or_else(|| DocError::Automerge("no document".into()))?;
        let (base, ops) = doc::unpack(first)?;
        let automerge = |bytes: &[u8]| Automerge::load(bytes).map_err(|e| DocError::Automerge(e.to_string()));
        let base_doc = automerge(base)?;
        let mut doc = automerge(ops)?;
        for change in &records[1..] {
            if doc.load_incremental(change).is_err() {
                break;
            }
        }
        Replica::from_docs(&base_doc, base.to_vec(), doc)
    }

    /// The replica of the base document (and its saved bytes) and the ops
    /// document, checked to belong together.
    fn from_docs(
        base_doc: &Automerge,
        base_saved: Vec<u8>,
        doc: Automerge,
    ) -> Result<(Replica, Incident), SyncError> {
        doc::check_base(base_doc)?;
        let ops = doc::ops_obj(&doc)?;
        let base = doc::decode_base(&doc::base_bytes(base_doc)?)?;
        if doc::uid_of(base_doc) != Some(base.uid) || doc::uid_of(&doc) != Some(base.uid) {
            return Err(DocError::Base("the two documents are of different incidents".into()).into());
        }
        let ids = doc::op_ids(&doc, &ops);
        let mut replica = Replica::from_parts(doc, std::sync::Arc::new(base_saved), base.clone(), Vec::new());
        let mut incident = base;
        replica.replay_from(&mut incident, 0, ids);
        Ok((replica, incident))
    }

    pub fn doc(&self) -> &Automerge {
        &self.doc
    }

    /// Both documents, whole, in one buffer ([`doc::pack`]): a journal's
    /// first record, or what a console shares.
    pub fn save(&self) -> Vec<u8> {
        doc::pack(&self.base_saved, &self.doc.save())
    }

    pub fn heads(&self) -> Vec<ChangeHash> {
        self.doc.get_heads()
    }

    /// Applies a local edit and writes it into the document. Returns what
    /// it did and the bytes of the change (for the journal and the others);
    /// a refused edit writes nothing.
    pub fn apply_local(
        &mut self,
        incident: &mut Incident,
        edit: Edit,
        now: Timestamp,
        author: &str,
    ) -> Result<(Applied, Vec<u8>), EditError> {
        let op = self.clock.next(now);
        let json = Op::to_json(now, author, &edit);
        let applied = incident.apply_op(op, edit, now, author)?;
        let change = doc::put_op(&mut self.doc, &self.ops, op, json);
        self.applied.push(op);
        self.maybe_checkpoint(incident);
        Ok((applied, change))
    }

    /// Takes changes from others (already-known ones are ignored) and
    /// brings the incident up to date with the ops they carry.
    pub fn receive(&mut self, incident: &mut Incident, changes: Vec<Change>) -> Result<Received, SyncError> {
        // The ops these changes put, read from the changes themselves (a
        // diff of the document would cost its whole size, every time).
        for change in &changes {
            if self.doc.get_change_by_hash(&change.hash()).is_none() {
                let ids = change
                    .decode()
                    .operations
                    .into_iter()
                    .filter_map(|op| match op.key {
                        automerge::legacy::Key::Map(key) => OpId::from_key(&key),
                        automerge::legacy::Key::Seq(_) => None,
                    })
                    .collect();
                self.waiting.push((change.hash(), ids));
            }
        }
        self.doc
            .apply_changes(changes)
            .map_err(|e| DocError::Automerge(e.to_string()))?;
        // Those now in the document (the rest wait for their dependencies).
        let mut arrived = Vec::new();
        let doc = &self.doc;
        self.waiting.retain(|(hash, ids)| {
            let here = doc.get_change_by_hash(hash).is_some();
            if here {
                arrived.extend(ids.iter().copied());
            }
            !here
        });
        Ok(self.integrate_ids(incident, arrived))
    }

    /// Like [`Replica::receive`], from bytes of changes (a journal's records).
    pub fn receive_bytes(&mut self, incident: &mut Incident, bytes: &[u8]) -> Result<Received, SyncError> {
        let before = self.doc.get_heads();
        self.doc
            .load_incremental(bytes)
            .map_err(|e| DocError::Automerge(e.to_string()))?;
        Ok(self.integrate(incident, &before))
    }

    /// The changes this document has that a peer with `heads` lacks.
    pub fn changes_since(&self, heads: &[ChangeHash]) -> Vec<Change> {
        self.doc.get_changes(heads)
    }

    fn integrate(&mut self, incident: &mut Incident, before: &[ChangeHash]) -> Received {
        let after = self.doc.get_heads();
        if after == before {
            return Received::default();
        }
        let fresh: Vec<OpId> = self
            .doc
            .diff(before, &after)
            .into_iter()
            .filter(|p| p.obj == self.ops)
            .filter_map(|p| match p.action {
                automerge::PatchAction::PutMap { key, .. } => OpId::from_key(&key),
                _ => None,
            })
            .collect();
        self.integrate_ids(incident, fresh)
    }

    /// Applies the ops `fresh` names that the incident does not hold yet.
    fn integrate_ids(&mut self, incident: &mut Incident, fresh: Vec<OpId>) -> Received {
        let mut fresh: Vec<OpId> = fresh
            .into_iter()
            .filter(|id| self.applied.binary_search(id).is_err())
            .collect();
        fresh.sort_unstable();
        fresh.dedup();
        if fresh.is_empty() {
            return Received::default();
        }
        for id in &fresh {
            self.clock.observe(*id);
        }
        let first = fresh[0];
        let place = self.applied.partition_point(|id| *id < first);
        let mut received = Received {
            new_ops: fresh.len(),
            ..Received::default()
        };
        // Everything from `place` on is applied again, with the new ops in.
        received.replayed = self.applied.len() - place;
        let mut todo: Vec<OpId> = self.applied.split_off(place);
        todo.extend(&fresh);
        todo.sort_unstable();
        let start = if received.replayed == 0 {
            place
        } else {
            self.rewind(incident, place)
        };
        let mut again: Vec<OpId> = self.applied.split_off(start);
        again.extend(todo);
        again.sort_unstable();
        again.dedup();
        let fresh_set: std::collections::HashSet<OpId> = fresh.into_iter().collect();
        let outcome = self.replay_from(incident, start, again);
        for (id, author, refused) in outcome {
            if fresh_set.contains(&id) {
                received.authors.push(author.clone());
            }
            if let Some(why) = refused {
                received.refused.push((author, why));
            }
        }
        received
    }

    /// Restores the newest checkpoint at or before `place`; returns where
    /// it stands (the ops from there must be applied again).
    fn rewind(&mut self, incident: &mut Incident, place: usize) -> usize {
        self.checkpoints.retain(|(n, _)| *n <= place);
        match self.checkpoints.last() {
            Some((n, copy)) => {
                *incident = copy.clone();
                *n
            }
            None => {
                *incident = self.base.clone();
                0
            }
        }
    }

    /// Applies `ids` (in order) after the first `start` applied ops.
    /// Returns each op's id, author and, if refused, why.
    fn replay_from(
        &mut self,
        incident: &mut Incident,
        start: usize,
        ids: Vec<OpId>,
    ) -> Vec<(OpId, String, Option<String>)> {
        debug_assert_eq!(self.applied.len(), start);
        let mut outcome = Vec::with_capacity(ids.len());
        for id in ids {
            // Edits made here from now on sort after every edit seen.
            self.clock.observe(id);
            let op = doc::op_json(&self.doc, &self.ops, id)
                .ok_or_else(|| "the edit is not text".to_owned())
                .and_then(|json| Op::from_json(&json));
            let (author, refused) = match op {
                Ok(op) => {
                    let refused = incident.apply_op(id, op.edit, op.at, &op.author).err();
                    (op.author, refused.map(|e| e.to_string()))
                }
                // An op this console cannot read (damaged, or from a newer
                // console) is skipped the same way everywhere.
                Err(why) => (String::new(), Some(format!("unreadable edit: {why}"))),
            };
            self.applied.push(id);
            self.maybe_checkpoint(incident);
            outcome.push((id, author, refused));
        }
        outcome
    }

    fn maybe_checkpoint(&mut self, incident: &Incident) {
        let n = self.applied.len();
        if n.is_multiple_of(CHECKPOINT_EVERY) && self.checkpoints.last().is_none_or(|(last, _)| *last < n) {
            self.checkpoints.push((n, incident.clone()));
            if self.checkpoints.len() > CHECKPOINTS_KEPT {
                self.checkpoints.remove(0);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EntryKind, TextField};
    use chrono::{TimeDelta, TimeZone, Utc};

    fn t(minute: i64) -> Timestamp {
        Utc.with_ymd_and_hms(2026, 11, 25, 14, 0, 0).unwrap() + TimeDelta::minutes(minute)
    }

    fn note(text: &str) -> Edit {
        Edit::Log {
            kind: EntryKind::Note,
            text: text.into(),
            at: None,
        }
    }

    /// Two consoles on one incident: the second joins from the first's document.
    fn pair() -> ((Replica, Incident), (Replica, Incident)) {
        let inc = Incident::declare(t(0), "Ana");
        let a = Replica::new(&inc);
        let b = Replica::load(&a.save()).unwrap();
        assert_eq!(b.1, inc);
        ((a, inc), b)
    }

    fn exchange(a: &mut (Replica, Incident), b: &mut (Replica, Incident)) {
        let to_b = a.0.changes_since(&b.0.heads());
        let to_a = b.0.changes_since(&a.0.heads());
        b.0.receive(&mut b.1, to_b).unwrap();
        a.0.receive(&mut a.1, to_a).unwrap();
    }

    #[test]
    fn concurrent_notes_end_in_the_same_order_everywhere() {
        let (mut a, mut b) = pair();
        for i in 0..5 {
            a.0.apply_local(&mut a.1, note(&format!("a{i}")), t(1), "Ana")
                .unwrap();
            b.0.apply_local(&mut b.1, note(&format!("b{i}")), t(1), "Bo")
                .unwrap();
        }
        exchange(&mut a, &mut b);
        assert_eq!(a.1, b.1);
        assert_eq!(a.1.timeline.len(), 11);
        assert!(a.1.problems().is_empty());
        // A fresh console built from either document agrees.
        assert_eq!(Replica::load(&a.0.save()).unwrap().1, a.1);
        assert_eq!(Replica::load(&b.0.save()).unwrap().1, a.1);
    }

    #[test]
    fn a_field_set_at_once_converges_with_both_values_on_the_timeline() {
        let (mut a, mut b) = pair();
        a.0.apply_local(
            &mut a.1,
            Edit::SetText(TextField::Title, "DB down".into()),
            t(1),
            "Ana",
        )
        .unwrap();
        b.0.apply_local(
            &mut b.1,
            Edit::SetText(TextField::Title, "Checkout down".into()),
            t(2),
            "Bo",
        )
        .unwrap();
        exchange(&mut a, &mut b);
        assert_eq!(a.1, b.1);
        // The later edit wins; both are on the timeline, with who set them.
        assert_eq!(a.1.title, "Checkout down");
        let changes: Vec<(String, String)> =
            a.1.timeline
                .iter()
                .filter(|e| e.kind == EntryKind::Change)
                .map(|e| (e.author.clone(), e.change.as_ref().unwrap().to.clone()))
                .collect();
        assert_eq!(
            changes,
            vec![
                ("Ana".into(), "DB down".into()),
                ("Bo".into(), "Checkout down".into())
            ]
        );
    }

    #[test]
    fn an_op_that_sorts_before_applied_ones_is_replayed_in_place() {
        let (mut a, mut b) = pair();
        // B's clock is ahead: its notes sort after A's, whenever they arrive.
        for i in 0..600 {
            a.0.apply_local(&mut a.1, note(&format!("a{i}")), t(1), "Ana")
                .unwrap();
        }
        b.0.apply_local(&mut b.1, note("b late"), t(30), "Bo").unwrap();
        b.0.apply_local(
            &mut b.1,
            Edit::SetText(TextField::Title, "from B".into()),
            t(30),
            "Bo",
        )
        .unwrap();
        // B gets A's 600 first: they sort before its own two.
        let to_b = a.0.changes_since(&b.0.heads());
        let got = b.0.receive(&mut b.1, to_b).unwrap();
        assert_eq!(got.new_ops, 600);
        assert_eq!(got.replayed, 2);
        assert_eq!(got.authors.len(), 600);
        let to_a = b.0.changes_since(&a.0.heads());
        let got = a.0.receive(&mut a.1, to_a).unwrap();
        assert_eq!((got.new_ops, got.replayed), (2, 0));
        assert_eq!(a.1, b.1);
        assert_eq!(a.1.title, "from B");
    }

    #[test]
    fn an_edit_to_a_row_removed_meanwhile_is_refused_the_same_everywhere() {
        let (mut a, mut b) = pair();
        a.0.apply_local(
            &mut a.1,
            Edit::AddItem(crate::model::ListKind::Links),
            t(1),
            "Ana",
        )
        .unwrap();
        exchange(&mut a, &mut b);
        let link = a.1.channels.links[0].id;
        a.0.apply_local(
            &mut a.1,
            Edit::RemoveItem(crate::model::ListKind::Links, link),
            t(2),
            "Ana",
        )
        .unwrap();
        b.0.apply_local(
            &mut b.1,
            Edit::SetText(TextField::LinkUrl(link), "https://x".into()),
            t(3),
            "Bo",
        )
        .unwrap();
        let to_a = b.0.changes_since(&a.0.heads());
        let got = a.0.receive(&mut a.1, to_a).unwrap();
        assert_eq!(got.refused.len(), 1, "{got:?}");
        exchange(&mut a, &mut b);
        assert_eq!(a.1, b.1);
        assert!(a.1.channels.links.is_empty());
    }

    #[test]
    fn a_change_that_arrives_before_the_one_it_follows_waits_for_it() {
        let (mut a, mut b) = pair();
        let (_, first) = a.0.apply_local(&mut a.1, note("first"), t(1), "Ana").unwrap();
        let (_, second) = a.0.apply_local(&mut a.1, note("second"), t(2), "Ana").unwrap();
        let change = |bytes: Vec<u8>| Change::from_bytes(bytes).unwrap();
        let got = b.0.receive(&mut b.1, vec![change(second.clone())]).unwrap();
        assert_eq!(got.new_ops, 0, "held back until its dependency arrives");
        let got = b.0.receive(&mut b.1, vec![change(first)]).unwrap();
        assert_eq!(got.new_ops, 2);
        assert_eq!(a.1, b.1);
        // Sent again: nothing twice.
        let got = b.0.receive(&mut b.1, vec![change(second)]).unwrap();
        assert_eq!(got.new_ops, 0);
        assert_eq!(a.1, b.1);
    }

    #[test]
    fn damaged_or_foreign_documents_are_refused() {
        assert!(Replica::load(b"not automerge").is_err());
        let mut other = Automerge::new();
        other
            .transact::<_, _, automerge::AutomergeError>(|tx| {
                automerge::transaction::Transactable::put(tx, automerge::ROOT, "app", "todo-list")
            })
            .unwrap();
        assert!(matches!(
            Replica::load(&other.save()),
            Err(SyncError::Doc(DocError::NotOurs))
        ));
        // A base that is not an incident.
        let mut json = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut json, b"{}").unwrap();
        assert!(doc::decode_base(&json.finish().unwrap()).is_err());
        assert!(doc::decode_base(b"\x00\x01garbage").is_err());
    }
}
