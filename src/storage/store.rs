//! A stored value wrapped in a signal: loaded once, saved on every change, merged with what
//! another tab wrote (read–merge–write on save, merge on the `storage` event).

use leptos::ev;
use leptos::prelude::*;

use super::codec::{key_of, Stored};
use crate::domain::merge::Merge;

/// One stored value as a signal. Copy, so it can live in contexts and closures.
pub struct Store<T: 'static + Send + Sync> {
    value: RwSignal<T>,
}

impl<T: Send + Sync> Clone for Store<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: Send + Sync> Copy for Store<T> {}

impl<T> Store<T>
where
    T: Stored + Merge + Clone + PartialEq + Send + Sync + 'static,
{
    /// Loads the value (or `default()` when nothing readable is stored) and follows changes
    /// made in other tabs until the current owner is cleaned up.
    pub fn load(default: impl Fn() -> T + 'static) -> Self {
        let initial = super::read::<T>().ok().flatten().unwrap_or_else(&default);
        let value = RwSignal::new(initial);
        let key = key_of::<T>();
        let handle = window_event_listener(ev::storage, move |e: web_sys::StorageEvent| {
            // `key` is null when another tab cleared all storage.
            let matches = match e.key() {
                Some(k) => k == key,
                None => true,
            };
            if !matches {
                return;
            }
            let remote = super::read::<T>().ok().flatten();
            value.try_update(|local| {
                let merged = match &remote {
                    Some(r) => local.clone().merge(r.clone()),
                    None => default(),
                };
                // Two tabs saving at the same moment can each write without having seen the
                // other's value (localStorage is not read-modify-write across tabs): when this
                // tab holds something the stored value lacks, write the merge back. The other
                // tab merges it to the same value and writes nothing: both converge.
                if remote.as_ref().is_some_and(|r| *r != merged) {
                    let _ = super::write(&merged);
                }
                if *local != merged {
                    *local = merged;
                }
            });
        });
        on_cleanup(move || handle.remove());
        Self { value }
    }

    /// The value, tracked.
    pub fn get(&self) -> T {
        self.value.get()
    }

    /// Reads through a reference, tracked.
    pub fn with<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        self.value.with(f)
    }

    /// Reads without tracking.
    pub fn get_untracked(&self) -> T {
        self.value.get_untracked()
    }

    /// The signal, for views that want to derive from it.
    pub fn signal(&self) -> ReadSignal<T> {
        self.value.read_only()
    }

    /// Changes the value and saves it, merged with whatever another tab stored meanwhile.
    /// Returns the storage error, if any (the value is kept in memory either way).
    pub fn update(&self, f: impl FnOnce(&mut T)) -> Result<(), super::StorageError> {
        let mut next = self.value.get_untracked();
        f(&mut next);
        let merged = match super::read::<T>() {
            Ok(Some(stored)) => stored.merge(next),
            _ => next,
        };
        let result = super::write(&merged);
        self.value.try_set(merged);
        result
    }

    /// Replaces the value outright (reset, import) and saves it.
    pub fn replace(&self, v: T) -> Result<(), super::StorageError> {
        let result = super::write(&v);
        self.value.try_set(v);
        result
    }
}
