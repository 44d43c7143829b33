//! One shared edit: what changed, who changed it and when, as JSON.

use serde::{Deserialize, Serialize};

use crate::model::{Edit, Timestamp};

/// An edit as it travels between consoles. Its [`OpId`](crate::model::OpId)
/// is its key in the document, not part of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Op {
    /// The console's clock when the edit was made (the `now` it applies at).
    pub at: Timestamp,
    pub author: String,
    pub edit: Edit,
}

/// Borrowing twin of [`Op`], so an edit is written without a copy.
#[derive(Serialize)]
pub(super) struct OpRef<'a> {
    pub at: Timestamp,
    pub author: &'a str,
    pub edit: &'a Edit,
}

/// The most an op may hold: an import of a whole big file is one op.
pub const MAX_OP_BYTES: usize = crate::file::MAX_FILE_BYTES as usize;

impl Op {
    pub fn to_json(at: Timestamp, author: &str, edit: &Edit) -> String {
        // Edits hold strings, numbers, dates and enums: JSON can always
        // write them, so a failure here is a bug.
        serde_json::to_string(&OpRef { at, author, edit }).unwrap_or_else(|e| unreachable!("op JSON: {e}"))
    }

    pub fn from_json(json: &str) -> Result<Op, String> {
        if json.len() > MAX_OP_BYTES {
            return Err(format!("an edit of {} bytes is over the limit", json.len()));
        }
        serde_json::from_str(json).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EntryKind, ListKind, TextField};
    use chrono::{TimeZone, Utc};

    #[test]
    fn ops_round_trip_through_json() {
        let at = Utc.with_ymd_and_hms(2026, 11, 25, 14, 0, 0).unwrap();
        for edit in [
            Edit::Log {
                kind: EntryKind::Decision,
                text: "roll back \"4.12\"\n".into(),
                at: Some(at),
            },
            Edit::SetText(TextField::FiveWhy(crate::model::ItemId::fresh()), "é".into()),
            Edit::AddItem(ListKind::Links),
        ] {
            let json = Op::to_json(at, "Ana", &edit);
            let op = Op::from_json(&json).unwrap();
            assert_eq!(
                op,
                Op {
                    at,
                    author: "Ana".into(),
                    edit
                }
            );
        }
        assert!(Op::from_json("{\"at\":1}").is_err());
        assert!(Op::from_json(&"[".repeat(100_000)).is_err());
    }
}
