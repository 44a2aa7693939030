//! [`SharedMap`]: a sorted map whose clones share storage, for the checkpoint's channel
//! versions (cloned at every save, changed in a few entries per step).
//!
//! Entries sit in chunks of at most [`CHUNK`], each behind an `Rc`: a clone copies one pointer
//! per chunk, and a change copies only the chunk it touches when another clone still shares it.
//! So a 1000-node graph's step costs what it changes, not the size of its state, as with a
//! persistent B-tree (`imbl`, which this replaced for the download size: ~13 KB of wasm for its
//! two instances, against ~3 KB here). Not here: removal (versions are never removed).

use std::borrow::Borrow;
use std::fmt;
use std::marker::PhantomData;
use std::rc::Rc;

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Most entries in one chunk; a chunk that grows past it is split in two.
const CHUNK: usize = 64;

/// A sorted map whose clones share storage. See the module documentation.
pub struct SharedMap<K, V> {
    /// Non-empty chunks, each sorted, in key order.
    chunks: Vec<Rc<Vec<(K, V)>>>,
    len: usize,
}

impl<K, V> Clone for SharedMap<K, V> {
    fn clone(&self) -> Self {
        SharedMap {
            chunks: self.chunks.clone(),
            len: self.len,
        }
    }
}

impl<K, V> Default for SharedMap<K, V> {
    fn default() -> Self {
        SharedMap {
            chunks: Vec::new(),
            len: 0,
        }
    }
}

impl<K, V> SharedMap<K, V> {
    pub const fn new() -> Self {
        SharedMap {
            chunks: Vec::new(),
            len: 0,
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn iter(&self) -> Iter<'_, K, V> {
        Iter {
            chunks: self.chunks.iter(),
            entries: [].iter(),
            left: self.len,
        }
    }

    pub fn keys(&self) -> impl Iterator<Item = &K> {
        self.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.iter().map(|(_, v)| v)
    }
}

impl<K: Ord + Clone, V: Clone> SharedMap<K, V> {
    /// The chunk that holds `key` or would hold it (the first whose last key is not below it;
    /// the last chunk for keys above every key). `None` when the map is empty.
    fn chunk_of<Q>(&self, key: &Q) -> Option<usize>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        let last = self.chunks.len().checked_sub(1)?;
        let at = self
            .chunks
            .partition_point(|c| c.last().is_some_and(|(k, _)| k.borrow() < key));
        Some(at.min(last))
    }

    pub fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        let chunk = self.chunks.get(self.chunk_of(key)?)?;
        let i = chunk.binary_search_by(|(k, _)| k.borrow().cmp(key)).ok()?;
        chunk.get(i).map(|(_, v)| v)
    }

    pub fn contains_key<Q>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.get(key).is_some()
    }

    /// Inserts `value` under `key`, returning the value it replaces (the key is kept).
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        let Some(c) = self.chunk_of(&key) else {
            self.chunks.push(Rc::new(vec![(key, value)]));
            self.len = 1;
            return None;
        };
        let chunk = Rc::make_mut(self.chunks.get_mut(c)?);
        match chunk.binary_search_by(|(k, _)| k.cmp(&key)) {
            Ok(i) => chunk.get_mut(i).map(|(_, v)| std::mem::replace(v, value)),
            Err(i) => {
                chunk.insert(i, (key, value));
                self.len += 1;
                if chunk.len() > CHUNK {
                    let upper = chunk.split_off(chunk.len() / 2);
                    self.chunks.insert(c + 1, Rc::new(upper));
                }
                None
            }
        }
    }

    /// The value under `key`, inserted with `make` first if there is none.
    pub fn get_or_insert_with(&mut self, key: K, make: impl FnOnce() -> V) -> &mut V {
        if !self.contains_key(&key) {
            self.insert(key.clone(), make());
        }
        // Present now: `insert` may have split chunks, so find it again.
        let c = self.chunk_of(&key).unwrap_or(0);
        let chunk = match self.chunks.get_mut(c) {
            Some(chunk) => Rc::make_mut(chunk),
            None => unreachable_key(),
        };
        match chunk.binary_search_by(|(k, _)| k.cmp(&key)) {
            Ok(i) => match chunk.get_mut(i) {
                Some((_, v)) => v,
                None => unreachable_key(),
            },
            Err(_) => unreachable_key(),
        }
    }

    /// A map of `entries` in any order; of equal keys the last one stays.
    fn from_unsorted(entries: Vec<(K, V)>) -> Self {
        let entries: super::SortedMap<K, V> = entries.into_iter().collect();
        let mut map = SharedMap::new();
        map.len = entries.len();
        let mut chunk = Vec::with_capacity(CHUNK.min(map.len));
        for entry in entries {
            chunk.push(entry);
            if chunk.len() == CHUNK {
                map.chunks.push(Rc::new(std::mem::take(&mut chunk)));
            }
        }
        if !chunk.is_empty() {
            map.chunks.push(Rc::new(chunk));
        }
        map
    }
}

#[cold]
fn unreachable_key() -> ! {
    unreachable!("a key just inserted is in the map")
}

/// The entries of a map in key order.
pub struct Iter<'a, K, V> {
    chunks: std::slice::Iter<'a, Rc<Vec<(K, V)>>>,
    entries: std::slice::Iter<'a, (K, V)>,
    left: usize,
}

impl<'a, K, V> Iterator for Iter<'a, K, V> {
    type Item = (&'a K, &'a V);
    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some((k, v)) = self.entries.next() {
                self.left -= 1;
                return Some((k, v));
            }
            self.entries = self.chunks.next()?.iter();
        }
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl<K, V> ExactSizeIterator for Iter<'_, K, V> {}

impl<'a, K, V> IntoIterator for &'a SharedMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = Iter<'a, K, V>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<K: Ord + Clone, V: Clone> FromIterator<(K, V)> for SharedMap<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        Self::from_unsorted(iter.into_iter().collect())
    }
}

/// `map[key]`, as with the standard maps: panics if `key` is missing.
impl<K: Ord + Clone + Borrow<Q>, V: Clone, Q: Ord + ?Sized> std::ops::Index<&Q> for SharedMap<K, V> {
    type Output = V;
    fn index(&self, key: &Q) -> &V {
        match self.get(key) {
            Some(value) => value,
            None => panic!("no entry for this key in the map"),
        }
    }
}

impl<K: PartialEq, V: PartialEq> PartialEq for SharedMap<K, V> {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && self.iter().eq(other.iter())
    }
}

impl<K: Eq, V: Eq> Eq for SharedMap<K, V> {}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for SharedMap<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<K: Serialize, V: Serialize> Serialize for SharedMap<K, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<'de, K: Ord + Clone + Deserialize<'de>, V: Clone + Deserialize<'de>> Deserialize<'de> for SharedMap<K, V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<K, V>(PhantomData<(K, V)>);
        impl<'de, K: Ord + Clone + Deserialize<'de>, V: Clone + Deserialize<'de>> Visitor<'de> for MapVisitor<K, V> {
            type Value = SharedMap<K, V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = access.next_entry()? {
                    entries.push(entry);
                }
                Ok(SharedMap::from_unsorted(entries))
            }
        }
        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn it_behaves_like_a_btree_map_and_clones_do_not_see_later_changes() {
        let mut ours: SharedMap<String, u64> = SharedMap::new();
        let mut theirs = BTreeMap::new();
        let mut snapshots = Vec::new();
        let mut x: u32 = 99;
        for i in 0..6000u64 {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            let key = format!("k{}", (x >> 12) % 700);
            if x % 3 == 0 {
                *ours.get_or_insert_with(key.clone(), || 0) += 1;
                *theirs.entry(key.clone()).or_insert(0) += 1;
            } else {
                assert_eq!(ours.insert(key.clone(), i), theirs.insert(key.clone(), i));
            }
            assert_eq!(ours.get(key.as_str()), theirs.get(&key));
            assert_eq!(ours.len(), theirs.len());
            if i % 500 == 0 {
                snapshots.push((ours.clone(), theirs.clone()));
            }
        }
        assert!(ours.iter().eq(theirs.iter()));
        assert!(ours.chunks.iter().all(|c| !c.is_empty() && c.len() <= CHUNK));
        for (ours, theirs) in snapshots {
            assert!(ours.iter().eq(theirs.iter()));
            assert_eq!(ours.iter().len(), theirs.len());
        }
    }

    #[test]
    fn it_reads_and_writes_as_a_json_object_in_key_order() {
        let map: SharedMap<String, u64> = serde_json::from_str(r#"{"b":2,"a":1,"b":3}"#).unwrap();
        assert_eq!(serde_json::to_string(&map).unwrap(), r#"{"a":1,"b":3}"#);
        let many: SharedMap<String, u64> = (0..300).map(|i| (format!("{i:03}"), i)).rev().collect();
        assert_eq!(many.len(), 300);
        assert!(many.keys().zip(many.keys().skip(1)).all(|(a, b)| a < b));
        assert_eq!(many.get("150"), Some(&150));
    }
}
