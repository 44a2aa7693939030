//! A map that remembers which keys changed since the last flush, so persisting the server's
//! records writes only what changed, without every mutation site having to say so.

use std::borrow::Borrow;
use std::ops::Deref;

use crate::sorted::{SortedMap, SortedSet};

pub(crate) struct Tracked<K: Ord + Clone, V> {
    map: SortedMap<K, V>,
    dirty: SortedSet<K>,
}

impl<K: Ord + Clone, V> Default for Tracked<K, V> {
    fn default() -> Self {
        Tracked {
            map: SortedMap::new(),
            dirty: SortedSet::new(),
        }
    }
}

/// Reads go straight to the map; every mutation goes through the methods below.
impl<K: Ord + Clone, V> Deref for Tracked<K, V> {
    type Target = SortedMap<K, V>;
    fn deref(&self) -> &Self::Target {
        &self.map
    }
}

impl<K: Ord + Clone, V> Tracked<K, V> {
    pub fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Ord + ToOwned<Owned = K> + ?Sized,
    {
        let value = self.map.get_mut(key)?;
        self.dirty.insert(key.to_owned());
        Some(value)
    }

    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        self.dirty.insert(key.clone());
        self.map.insert(key, value)
    }

    pub fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Ord + ToOwned<Owned = K> + ?Sized,
    {
        let old = self.map.remove(key)?;
        self.dirty.insert(key.to_owned());
        Some(old)
    }

    /// Changes a record without marking it for saving: for what is not persisted (a run's lock)
    /// and for changes read from storage.
    pub fn get_mut_unsaved<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.map.get_mut(key)
    }

    /// Puts a record read from storage (not a change to write back).
    pub fn load(&mut self, key: K, value: V) {
        self.map.insert(key, value);
    }

    /// Forgets a record that storage no longer has (not a change to write back).
    pub fn unload<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.map.remove(key)
    }

    /// The keys changed since the last call.
    pub fn take_dirty(&mut self) -> SortedSet<K> {
        std::mem::take(&mut self.dirty)
    }

    /// Marks keys changed again (their write failed and must be retried).
    pub fn mark(&mut self, keys: impl IntoIterator<Item = K>) {
        self.dirty.extend(keys);
    }
}
