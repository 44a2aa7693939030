//! Checkpoint ids and timestamps.
//!
//! Ids are UUID version 6, made the way LangGraph's `uuid6(clock_seq=step)` makes them: the time
//! is stored most-significant first, so comparing ids as strings compares their creation times,
//! and "latest checkpoint" means "largest id". The superstep number sits in the clock-sequence
//! group, which makes ids readable in logs (`…-8002-…` is step 2).

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

use super::CheckpointError;

/// The id of a checkpoint: a lowercase hyphenated UUID string. Ordering is string ordering, which
/// for ids made by [`new_checkpoint_id`] is creation order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CheckpointId(String);

impl CheckpointId {
    /// Accepts only the hyphenated 36-character form: the other forms `uuid` understands
    /// (simple, braced, URN) would not sort against stored ids.
    ///
    /// A malformed id is reported as `NotFound`, because no checkpoint can have that id (the
    /// HTTP layer turns it into a 404, as it does for a well-formed unknown id).
    pub fn parse(s: &str) -> Result<Self, CheckpointError> {
        if s.len() == 36 && uuid::Uuid::try_parse(s).is_ok() {
            Ok(CheckpointId(s.to_owned()))
        } else {
            Err(CheckpointError::NotFound(format!(
                "{s:?} is not a checkpoint id (expected a hyphenated UUID)"
            )))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CheckpointId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<String> for CheckpointId {
    fn from(s: String) -> Self {
        CheckpointId(s)
    }
}

impl From<&str> for CheckpointId {
    fn from(s: &str) -> Self {
        CheckpointId(s.to_owned())
    }
}

impl AsRef<str> for CheckpointId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// 100-ns intervals between the UUID epoch (1582-10-15) and the Unix epoch.
const GREGORIAN_OFFSET: i128 = 0x01B2_1DD2_1381_4000;
/// A v6 UUID has room for 60 bits of timestamp.
const MAX_TICKS: u64 = (1 << 60) - 1;

/// The last timestamp handed out. Two ids made within the same 100 ns (or after the clock went
/// backwards) must still sort in creation order, so each id takes at least the previous one + 1.
static LAST_TICKS: AtomicU64 = AtomicU64::new(0);

/// Now, in 100-ns intervals since the UUID epoch, clamped to what fits in a v6 UUID.
fn now_ticks() -> u64 {
    let ticks = i128::from(crate::clock::unix_micros()) * 10 + GREGORIAN_OFFSET;
    // The clamp keeps the cast lossless whatever the clock says.
    ticks.clamp(0, i128::from(MAX_TICKS)) as u64
}

/// The timestamp for the next id: the clock if it moved past the last id, else last + 1.
fn next_ticks() -> u64 {
    let now = now_ticks();
    let bump = |last: u64| {
        if now > last {
            now
        } else {
            last.saturating_add(1)
        }
    };
    // The closure never returns `None`, so `Err` cannot happen; both arms carry the old value.
    let last = LAST_TICKS
        .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |last| Some(bump(last)))
        .unwrap_or_else(|last| last);
    bump(last)
}

/// A new checkpoint id for superstep `step` (-1 for the input checkpoint), strictly greater than
/// every id made before it in this process.
pub fn new_checkpoint_id(step: i64) -> CheckpointId {
    // The clock sequence is 14 bits; `& 0x3FFF` on the two's complement maps -1 to 0x3FFF like
    // Python's `clock_seq & 0x3FFF`. The cast cannot truncate after the mask.
    let clock_seq = (step & 0x3FFF) as u16;
    // Bytes 10..16 of a v4 UUID are all random (the version and variant bits are earlier).
    let random = crate::random::uuid_v4().into_bytes();
    let node = [random[10], random[11], random[12], random[13], random[14], random[15]];
    let id = uuid::Builder::from_sorted_gregorian_timestamp(next_ticks(), clock_seq, &node).into_uuid();
    CheckpointId(id.hyphenated().to_string())
}

/// The current UTC time as ISO 8601 with microseconds, e.g. `2024-05-01T12:00:00.123456+00:00`.
///
/// Like Python's `datetime.now(timezone.utc).isoformat()`, except that the microseconds are
/// always written (Python drops them when they are exactly zero), so all timestamps have one
/// shape and sort as strings.
pub fn now_iso() -> String {
    crate::clock::rfc3339_micros(crate::clock::unix_micros())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_sort_in_creation_order_and_are_unique() {
        let ids: Vec<CheckpointId> = (0..1000).map(|i| new_checkpoint_id(i % 5)).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(ids, sorted, "string order must be creation order");
        sorted.dedup();
        assert_eq!(sorted.len(), ids.len(), "ids must be unique");
        // Strictly increasing, also as plain strings.
        assert!(ids.windows(2).all(|w| w[0].as_str() < w[1].as_str()));
    }

    #[test]
    fn step_is_in_the_fourth_group() {
        let group = |step| new_checkpoint_id(step).as_str().split('-').nth(3).map(str::to_owned);
        assert_eq!(group(2).as_deref(), Some("8002"));
        assert_eq!(group(0).as_deref(), Some("8000"));
        assert_eq!(group(-1).as_deref(), Some("bfff"));
        assert_eq!(group(0x4005).as_deref(), Some("8005"));
    }

    #[test]
    fn ids_are_version_6_rfc4122_uuids() {
        let id = new_checkpoint_id(3);
        assert_eq!(id.as_str().len(), 36);
        assert_eq!(&id.as_str()[14..15], "6");
        let parsed = uuid::Uuid::parse_str(id.as_str()).unwrap();
        assert_eq!(parsed.get_version_num(), 6);
        assert_eq!(parsed.get_variant(), uuid::Variant::RFC4122);
        assert_eq!(id.as_str(), id.as_str().to_lowercase());
    }

    #[test]
    fn id_timestamp_is_now() {
        let id = new_checkpoint_id(1);
        let ts = uuid::Uuid::parse_str(id.as_str()).unwrap().get_timestamp().unwrap();
        let (secs, _) = ts.to_unix();
        let now = chrono::Utc::now().timestamp() as u64;
        // The bump may push ids slightly into the future, never by seconds in a test.
        assert!(secs.abs_diff(now) <= 5, "id time {secs} vs now {now}");
    }

    #[test]
    fn parse_accepts_ids_and_rejects_garbage() {
        let id = new_checkpoint_id(0);
        assert_eq!(CheckpointId::parse(id.as_str()), Ok(id.clone()));
        assert!(CheckpointId::parse("1ef4f797-8335-6428-8001-8a1503f9b875").is_ok());
        for bad in [
            "",
            "garbage",
            "1ef4f79783356428800181a503f9b875",
            "{1ef4f797-8335-6428-8001-8a1503f9b875}",
            "1ef4f797-8335-6428-8001-8a1503f9b87g",
            "1ef4f797-8335-6428-8001-8a1503f9b8755",
            "1ef4f797+8335-6428-8001-8a1503f9b875",
        ] {
            assert!(
                matches!(CheckpointId::parse(bad), Err(CheckpointError::NotFound(_))),
                "{bad:?} should be rejected"
            );
        }
    }

    #[test]
    fn id_serializes_as_a_plain_string() {
        let id = CheckpointId::from("1ef4f797-8335-6428-8001-8a1503f9b875");
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, "\"1ef4f797-8335-6428-8001-8a1503f9b875\"");
        assert_eq!(serde_json::from_str::<CheckpointId>(&json).unwrap(), id);
        assert_eq!(id.to_string(), id.as_str());
    }

    #[test]
    fn now_iso_looks_like_python_isoformat() {
        let ts = now_iso();
        assert_eq!(ts.len(), "2024-05-01T12:00:00.123456+00:00".len(), "{ts}");
        assert!(ts.ends_with("+00:00"));
        assert_eq!(&ts[19..20], ".");
        assert!(chrono::DateTime::parse_from_rfc3339(&ts).is_ok());
    }
}
