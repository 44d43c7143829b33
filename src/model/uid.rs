//! Globally unique ids: for timeline entries, list items (responders,
//! roles, tasks, follow-ups, messages, links, services, whys), incidents and
//! the edits shared between laptops. Two consoles adding at the same moment
//! never make the same id, so nothing added on one overwrites the other.
//!
//! Every edit has an [`OpId`]: a UUID v7 (milliseconds since 1970, then
//! random bits). The ids an edit creates are derived from it
//! ([`IdSource`]), so replaying the same edit anywhere makes the same ids,
//! and they sort in the order they were written: by the edit, then by the
//! place in it. Edits get their milliseconds from a hybrid logical clock
//! ([`OpClock`]): never behind an edit already seen, so an edit made after
//! seeing another always sorts after it, whatever the laptops' clocks say.

use std::cell::RefCell;
use std::fmt;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::incident::Timestamp;

/// A timeline entry's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct EntryId(pub Uuid);

/// A list item's id (a responder, a role assignment, a task...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
pub struct ItemId(pub Uuid);

/// The id of one edit: when and where it was made, and the order all
/// laptops apply it in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct OpId(pub Uuid);

/// Short, stable form of an id for people: 8 hex digits spread over the
/// whole id (ids made by one edit differ only in their last bits).
fn short(id: Uuid) -> String {
    let v = id.as_u128();
    format!("{:08x}", (mix((v >> 64) as u64 ^ mix(v as u64)) >> 32) as u32)
}

impl EntryId {
    /// "#3f9a0c12", as the timeline shows it.
    pub fn short(&self) -> String {
        short(self.0)
    }
}

impl fmt::Display for EntryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.short())
    }
}

impl ItemId {
    /// A fresh id from this thread's clock, for rows made outside an edit
    /// (rosters, tests).
    pub fn fresh() -> ItemId {
        IdSource::default().item()
    }

    pub fn is_nil(&self) -> bool {
        self.0.is_nil()
    }
}

impl fmt::Display for ItemId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&short(self.0))
    }
}

impl fmt::Display for OpId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// The low bits an edit's derived ids count in; an edit makes at most
/// this many ids (an import of 16 million rows would not fit a file).
const DERIVED_BITS: u32 = 24;
const DERIVED_MASK: u128 = (1 << DERIVED_BITS) - 1;

impl OpId {
    /// Milliseconds since 1970 of the edit's hybrid logical clock.
    pub fn millis(&self) -> u64 {
        (self.0.as_u128() >> 80) as u64
    }

    /// The sort key as text: lexicographic order is the apply order.
    pub fn key(&self) -> String {
        self.0.hyphenated().to_string()
    }

    pub fn from_key(key: &str) -> Option<OpId> {
        let id = Uuid::parse_str(key).ok()?;
        (id.get_version_num() == 7 && id.as_u128() & DERIVED_MASK == 0).then_some(OpId(id))
    }
}

/// splitmix64's finaliser: spreads bits, cheap, deterministic.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Makes edit ids: a hybrid logical clock for the milliseconds and a
/// random generator for the rest.
#[derive(Debug, Clone)]
pub struct OpClock {
    last_ms: u64,
    state: u64,
}

impl OpClock {
    /// Seeded from the operating system: what every console uses.
    pub fn random() -> OpClock {
        OpClock::seeded(Uuid::new_v4().as_u64_pair().0)
    }

    /// The same ids every run, for examples and tests.
    pub fn seeded(seed: u64) -> OpClock {
        OpClock {
            last_ms: 0,
            state: mix(seed ^ 0x5eed),
        }
    }

    fn random_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        mix(self.state)
    }

    /// The id of an edit made at `now`: later than every edit this clock
    /// made or saw.
    pub fn next(&mut self, now: Timestamp) -> OpId {
        let wall = u64::try_from(now.timestamp_millis())
            .unwrap_or(0)
            .min((1 << 48) - 1);
        let ms = wall.max(self.last_ms + 1).min((1 << 48) - 1);
        self.last_ms = ms;
        let random = ((self.random_u64() as u128) << 64 | self.random_u64() as u128) & !DERIVED_MASK;
        // Version 7, variant RFC 4122: the layout of a UUID v7.
        let bits = (ms as u128) << 80 | (random & ((1 << 80) - 1));
        let bits = (bits & !(0xf << 76)) | (0x7 << 76);
        let bits = (bits & !(0b11 << 62)) | (0b10 << 62);
        OpId(Uuid::from_u128(bits))
    }

    /// Another laptop's edit was seen: later edits here sort after it.
    pub fn observe(&mut self, op: OpId) {
        self.last_ms = self.last_ms.max(op.millis().min((1 << 48) - 2));
    }
}

thread_local! {
    static THREAD_CLOCK: RefCell<OpClock> = RefCell::new(OpClock::random());
}

/// An edit id from this thread's clock (for edits applied straight to an
/// incident; a shared console keeps its own [`OpClock`]).
pub fn next_op_id(now: Timestamp) -> OpId {
    THREAD_CLOCK.with(|c| c.borrow_mut().next(now))
}

/// Makes this thread's edit ids the same every run: examples built from
/// edits, and tests that compare them with saved files.
pub fn seed_this_thread(seed: u64) {
    THREAD_CLOCK.with(|c| *c.borrow_mut() = OpClock::seeded(seed));
}

/// The ids one edit creates, in order, derived from its [`OpId`].
#[derive(Debug, Clone, Default)]
pub struct IdSource {
    op: Option<OpId>,
    made: u128,
}

impl IdSource {
    pub fn for_op(op: OpId) -> IdSource {
        IdSource {
            op: Some(op),
            made: 0,
        }
    }

    fn next(&mut self) -> Uuid {
        // Outside an edit (a list built by hand): a fresh edit id, from
        // this thread's clock alone (the model never reads the wall clock).
        let op = *self.op.get_or_insert_with(|| next_op_id(Timestamp::UNIX_EPOCH));
        self.made += 1;
        if self.made > DERIVED_MASK {
            // Never reached by a file the loader takes; start a new edit id
            // rather than repeat one.
            self.op = Some(next_op_id(Timestamp::UNIX_EPOCH));
            self.made = 1;
        }
        let op = self.op.unwrap_or(op);
        Uuid::from_u128(op.0.as_u128() | self.made)
    }

    pub fn entry(&mut self) -> EntryId {
        EntryId(self.next())
    }

    pub fn item(&mut self) -> ItemId {
        ItemId(self.next())
    }
}

/// Ids for a file written before ids were global (format version 1): a
/// UUID version 8 holding a hash of the incident's own seed and the old
/// number, so every copy of that file gets the same ids, and entries keep
/// their old order where their times are equal.
pub fn migrated(seed: u64, list: u8, number: u64) -> Uuid {
    let hash = mix(seed ^ mix(u64::from(list) + 1));
    // 12 hash bits, then (after the variant) 9 hash bits and 53 bits of number.
    let bits =
        ((hash >> 52) as u128) << 64 | ((hash & 0x1ff) as u128) << 53 | (number & ((1 << 53) - 1)) as u128;
    let bits = (bits & !(0xf << 76)) | (0x8 << 76);
    let bits = (bits & !(0b11 << 62)) | (0b10 << 62);
    Uuid::from_u128(bits)
}

/// The `uid` of an incident from a format 1 file: a UUID version 8 with
/// every free bit taken from the file's seed, so two different incidents
/// practically never share it.
pub fn migrated_uid(seed: u64) -> Uuid {
    let bits = (mix(seed ^ 0x1d) as u128) << 64 | mix(seed ^ 0x2e) as u128;
    let bits = (bits & !(0xf << 76)) | (0x8 << 76);
    let bits = (bits & !(0b11 << 62)) | (0b10 << 62);
    Uuid::from_u128(bits)
}

/// A seed from any text, stable across builds and machines (FNV-1a).
pub fn seed_of(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn t(ms: i64) -> Timestamp {
        Utc.timestamp_millis_opt(1_764_000_000_000 + ms).unwrap()
    }

    #[test]
    fn edit_ids_are_v7_and_always_increase() {
        let mut clock = OpClock::seeded(1);
        let a = clock.next(t(0));
        let b = clock.next(t(0));
        let c = clock.next(t(-5000));
        assert!(a < b && b < c, "{a} {b} {c}");
        assert_eq!(a.0.get_version_num(), 7);
        assert_eq!(a.millis(), 1_764_000_000_000);
        assert_eq!(OpId::from_key(&a.key()), Some(a));
        assert!(a.key() < b.key() && b.key() < c.key());
        // Seen from elsewhere: later edits here sort after it.
        let far = OpClock::seeded(2).next(t(60_000));
        clock.observe(far);
        assert!(clock.next(t(1)) > far);
    }

    #[test]
    fn derived_ids_follow_their_edit_and_each_other() {
        let mut clock = OpClock::seeded(3);
        let first = clock.next(t(0));
        let second = clock.next(t(0));
        let mut ids = IdSource::for_op(first);
        let (e1, i2, e3) = (ids.entry(), ids.item(), ids.entry());
        assert!(e1.0 < i2.0 && i2.0 < e3.0);
        let mut later = IdSource::for_op(second);
        assert!(later.entry() > e3);
        // The same edit makes the same ids anywhere.
        let mut again = IdSource::for_op(first);
        assert_eq!(again.entry(), e1);
        assert_ne!(OpId::from_key(&e1.0.to_string()), Some(first));
    }

    #[test]
    fn seeded_clocks_repeat_and_random_ones_differ() {
        assert_eq!(OpClock::seeded(9).next(t(0)), OpClock::seeded(9).next(t(0)));
        assert_ne!(OpClock::random().next(t(0)), OpClock::random().next(t(0)));
    }

    #[test]
    fn migrated_ids_keep_the_old_order_and_differ_by_incident() {
        let ids: Vec<Uuid> = (0..5).map(|n| migrated(42, 0, n)).collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(ids[0].get_version_num(), 8);
        assert_ne!(migrated(42, 0, 1), migrated(43, 0, 1));
        assert_ne!(migrated(42, 0, 1), migrated(42, 1, 1));
        // Below every id a clock makes, so later entries sort after them.
        assert!(ids[4] < OpClock::seeded(1).next(t(0)).0);
        assert_eq!(EntryId(ids[0]).short().len(), 8);
    }
}
