//! Random ids and numbers without a system call each.
//!
//! Ids (message ids, checkpoint ids' node bytes, channel versions' random bits, server ids) only
//! need to be unique, not secret. Reading the OS's randomness for each one is what `Uuid::new_v4`
//! does, and in wasm that is a call out to `crypto.getRandomValues`, which cost about 5% of a
//! fan-out run. Instead one fast generator (wyrand) per thread is seeded once from the OS.

use std::cell::RefCell;

thread_local! {
    static RNG: RefCell<fastrand::Rng> = RefCell::new(fastrand::Rng::with_seed(os_seed()));
}

fn os_seed() -> u64 {
    let bytes = uuid::Uuid::new_v4().into_bytes();
    let mut seed = [0u8; 8];
    seed.copy_from_slice(&bytes[..8]);
    u64::from_le_bytes(seed)
}

/// 64 random bits.
pub fn u64() -> u64 {
    RNG.with(|rng| rng.borrow_mut().u64(..))
}

/// Eight hex digits drawn once per engine instance. The engine's tokens (handles, the forms a
/// saver in the same process keeps) carry it after their prefix, so that no string from
/// elsewhere — a node's value, a checkpoint read back, input over HTTP — spells one.
pub fn instance_tag() -> &'static str {
    static TAG: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TAG.get_or_init(|| format!("{:08x}", u64() as u32))
}

/// A uniform number in [0, 1).
pub fn unit() -> f64 {
    RNG.with(|rng| rng.borrow_mut().f64())
}

/// A random (version 4) UUID.
pub fn uuid_v4() -> uuid::Uuid {
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&u64().to_le_bytes());
    bytes[8..].copy_from_slice(&u64().to_le_bytes());
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}

#[cfg(test)]
mod tests {
    #[test]
    fn ids_are_version_4_and_distinct() {
        let ids: std::collections::BTreeSet<_> = (0..1000).map(|_| super::uuid_v4()).collect();
        assert_eq!(ids.len(), 1000);
        assert!(ids.iter().all(|id| id.get_version_num() == 4));
        let x = super::unit();
        assert!((0.0..1.0).contains(&x));
    }
}
