//! The layout of the shared document (see the module above) and reading
//! it back with the same care as a file: a document from another laptop
//! is outside input.

use std::io::Read;

use automerge::transaction::Transactable;
use automerge::{Automerge, ObjId, ObjType, ROOT, ReadDoc, ScalarValue, Value};

use crate::model::{Incident, OpId};

pub const APP: &str = "incident-console";
/// Bumped when the layout changes in a way older consoles cannot read.
pub const SCHEMA: i64 = 1;
const OPS: &str = "ops";
const BASE: &str = "base";

/// Why a shared document cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocError {
    #[error("not an Incident Console document")]
    NotOurs,
    #[error("the document was made by a newer console (layout {0}); update this one")]
    Newer(i64),
    #[error("the document's incident is damaged: {0}")]
    Base(String),
    #[error("the document cannot be read: {0}")]
    Automerge(String),
}

/// The base document: `incident` as compressed JSON, written once and
/// never changed. It is a document of its own so that the ops document,
/// which changes with every edit, stays small: samod saves a document
/// whole every few changes, and saving a 100,000-entry base each time took
/// 70 ms.
pub fn create_base(incident: &Incident) -> Automerge {
    let mut doc = Automerge::new();
    let base = encode_base(incident);
    let result = doc.transact::<_, _, automerge::AutomergeError>(|tx| {
        tx.put(ROOT, "app", APP)?;
        tx.put(ROOT, "kind", "base")?;
        tx.put(ROOT, "uid", incident.uid.to_string())?;
        tx.put(ROOT, BASE, ScalarValue::Bytes(base))?;
        Ok(())
    });
    // Puts into a fresh document cannot fail.
    if let Err(e) = result {
        unreachable!("a new base document: {e:?}");
    }
    doc
}

/// The ops document of the incident `uid`, whose base is the document
/// `base_doc` (an id the network layer shares it under).
pub fn create_ops(uid: uuid::Uuid, base_doc: uuid::Uuid) -> Automerge {
    let mut doc = Automerge::new();
    let result = doc.transact::<_, _, automerge::AutomergeError>(|tx| {
        tx.put(ROOT, "app", APP)?;
        tx.put(ROOT, "schema", SCHEMA)?;
        tx.put(ROOT, "uid", uid.to_string())?;
        tx.put(ROOT, BASE_DOC, base_doc.to_string())?;
        tx.put_object(ROOT, OPS, ObjType::Map)?;
        Ok(())
    });
    if let Err(e) = result {
        unreachable!("a new ops document: {e:?}");
    }
    doc
}

const BASE_DOC: &str = "base_doc";
/// Both documents in one buffer (a journal's first record, a join).
const PACKED: &[u8] = b"ICDOCS1\n";

/// The base and ops documents (as saved) in one buffer.
pub fn pack(base: &[u8], ops: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(PACKED.len() + 8 + base.len() + ops.len());
    out.extend_from_slice(PACKED);
    out.extend_from_slice(&(base.len() as u64).to_le_bytes());
    out.extend_from_slice(base);
    out.extend_from_slice(ops);
    out
}

/// The two documents of a buffer made by [`pack`].
pub fn unpack(bytes: &[u8]) -> Result<(&[u8], &[u8]), DocError> {
    let rest = bytes.strip_prefix(PACKED).ok_or(DocError::NotOurs)?;
    let (len, rest) = rest.split_at_checked(8).ok_or(DocError::NotOurs)?;
    let len = usize::try_from(u64::from_le_bytes(len.try_into().map_err(|_| DocError::NotOurs)?))
        .map_err(|_| DocError::NotOurs)?;
    if len > rest.len() {
        return Err(DocError::NotOurs);
    }
    Ok(rest.split_at(len))
}

/// The id of the base document the ops document names.
pub fn base_doc_id(ops: &Automerge) -> Option<uuid::Uuid> {
    text(ops, BASE_DOC).and_then(|t| uuid::Uuid::parse_str(&t).ok())
}

fn text(doc: &Automerge, key: &str) -> Option<String> {
    match doc.get(ROOT, key) {
        Ok(Some((Value::Scalar(s), _))) => s.as_str().map(str::to_owned),
        _ => None,
    }
}

/// The incident uid a document (base or ops) says it belongs to.
pub fn uid_of(doc: &Automerge) -> Option<uuid::Uuid> {
    text(doc, "uid").and_then(|t| uuid::Uuid::parse_str(&t).ok())
}

/// Checks a base document is one: ours, a base.
pub fn check_base(doc: &Automerge) -> Result<(), DocError> {
    if text(doc, "app").as_deref() != Some(APP) || text(doc, "kind").as_deref() != Some("base") {
        return Err(DocError::NotOurs);
    }
    Ok(())
}

/// The incident as compressed JSON: JSON is about four times faster than
/// RON to read and write, and compresses about sevenfold.
pub fn encode_base(incident: &Incident) -> Vec<u8> {
    let mut out = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
    // Writing to memory cannot fail, nor can serializing our types.
    let written = serde_json::to_writer(&mut out, incident);
    if let Err(e) = written {
        unreachable!("incident JSON: {e}");
    }
    out.finish().unwrap_or_default()
}

/// The base incident, checked like a file (size, invariants).
pub fn decode_base(bytes: &[u8]) -> Result<Incident, DocError> {
    let limit = crate::file::MAX_FILE_BYTES;
    let mut json = Vec::new();
    flate2::read::DeflateDecoder::new(bytes)
        .take(limit + 1)
        .read_to_end(&mut json)
        .map_err(|e| DocError::Base(e.to_string()))?;
    if json.len() as u64 > limit {
        return Err(DocError::Base(format!("over {limit} bytes")));
    }
    let incident: Incident = serde_json::from_slice(&json).map_err(|e| DocError::Base(e.to_string()))?;
    let problems = incident.problems();
    if !problems.is_empty() {
        return Err(DocError::Base(problems.join("; ")));
    }
    Ok(incident)
}

/// The ops map, after checking the document is ours and readable.
pub fn ops_obj(doc: &Automerge) -> Result<ObjId, DocError> {
    if text(doc, "app").as_deref() != Some(APP) {
        return Err(DocError::NotOurs);
    }
    match doc.get(ROOT, "schema") {
        Ok(Some((Value::Scalar(s), _))) => match s.as_ref() {
            ScalarValue::Int(SCHEMA) => {}
            ScalarValue::Int(n) => return Err(DocError::Newer(*n)),
            _ => return Err(DocError::NotOurs),
        },
        _ => return Err(DocError::NotOurs),
    }
    match doc.get(ROOT, OPS) {
        Ok(Some((Value::Object(ObjType::Map), id))) => Ok(id),
        _ => Err(DocError::NotOurs),
    }
}

/// The base bytes of the document.
pub fn base_bytes(doc: &Automerge) -> Result<Vec<u8>, DocError> {
    match doc.get(ROOT, BASE) {
        Ok(Some((Value::Scalar(s), _))) => s
            .as_bytes()
            .map(<[u8]>::to_vec)
            .ok_or_else(|| DocError::Base("not bytes".into())),
        _ => Err(DocError::Base("missing".into())),
    }
}

/// Every op id in the document, in apply order; keys that are not op ids
/// (from a hostile or future peer) are left out.
pub fn op_ids(doc: &Automerge, ops: &ObjId) -> Vec<OpId> {
    let mut ids: Vec<OpId> = doc.keys(ops).filter_map(|k| OpId::from_key(&k)).collect();
    ids.sort_unstable();
    ids
}

/// The JSON of one op, if it is there and is text.
pub fn op_json(doc: &Automerge, ops: &ObjId, id: OpId) -> Option<String> {
    match doc.get(ops, id.key()) {
        Ok(Some((Value::Scalar(s), _))) => s.as_str().map(str::to_owned),
        _ => None,
    }
}

/// Writes an op (one Automerge change) and returns the change's bytes.
pub fn put_op(doc: &mut Automerge, ops: &ObjId, id: OpId, json: String) -> Vec<u8> {
    let result = doc.transact::<_, _, automerge::AutomergeError>(|tx| {
        tx.put(ops, id.key(), json)?;
        Ok(())
    });
    if let Err(e) = result {
        unreachable!("putting an op into its own map: {e:?}");
    }
    doc.get_last_local_change()
        .map(|c| c.raw_bytes().to_vec())
        .unwrap_or_default()
}
