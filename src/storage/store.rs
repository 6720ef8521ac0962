//! A stored value wrapped in a signal: loaded once, saved on every change, merged with what
//! another tab wrote (read–merge–write on save, merge on the `storage` event). A save reads
//! the stored text first; when it is still the text this store last read or wrote, nothing
//! else has written it since and the merge is skipped (decoding a long record on every tick
//! would cost more than the tick).

use leptos::ev;
use leptos::prelude::*;

use super::codec::{key_of, Stored};
use crate::domain::merge::Merge;

/// One stored value as a signal. Copy, so it can live in contexts and closures.
pub struct Store<T: 'static + Send + Sync> {
    value: RwSignal<T>,
    /// A change made by [`Store::update_soon`] whose save is still to come.
    unsaved: StoredValue<bool>,
    /// The stored text as this store last read or wrote it (`None`: nothing, or unknown).
    synced: StoredValue<Option<String>>,
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
        let key = key_of::<T>();
        let (initial, raw) = read_with_text::<T>();
        let value = RwSignal::new(initial.unwrap_or_else(&default));
        let unsaved = StoredValue::new(false);
        let synced = StoredValue::new(raw);
        let handle = window_event_listener(ev::storage, move |e: web_sys::StorageEvent| {
            // `key` is null when another tab cleared all storage.
            let matches = match e.key() {
                Some(k) => k == key,
                None => true,
            };
            if !matches {
                return;
            }
            let (remote, mut raw) = read_with_text::<T>();
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
                    raw = super::write_text(&merged).0;
                }
                synced.try_set_value(raw);
                // Storage now holds everything this tab had (or was cleared on purpose).
                unsaved.try_set_value(false);
                if *local != merged {
                    *local = merged;
                }
            });
        });
        on_cleanup(move || handle.remove());
        Self {
            value,
            unsaved,
            synced,
        }
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
        // (Reading the text runs any pending save first, which may move `synced`.)
        let merged = match super::get_raw(&key_of::<T>()) {
            Ok(Some(raw)) if self.is_synced(&raw) => next,
            Ok(Some(raw)) => match super::decode_stored::<T>(&raw) {
                Ok(stored) => stored.merge(next),
                Err(_) => next,
            },
            _ => next,
        };
        let result = self.save(&merged);
        // The whole value was saved, with any change `update_soon` had not saved yet.
        self.unsaved.try_set_value(false);
        self.value.try_set(merged);
        result
    }

    /// Whether `raw` is the text this store last read or wrote.
    fn is_synced(&self, raw: &str) -> bool {
        self.synced
            .try_with_value(|s| s.as_deref() == Some(raw))
            .unwrap_or(false)
    }

    /// Writes `value` and remembers the text written.
    fn save(&self, value: &T) -> Result<(), super::StorageError> {
        let (raw, result) = super::write_text(value);
        self.synced.try_set_value(raw);
        result
    }

    /// Changes the value now and saves it like [`Store::update`] in the next task (see
    /// [`super::save_soon`]: before any other read of storage, and when the page is hidden or
    /// left). For records that must not hold up an interaction's own save and render (the
    /// activity trail after a tick); several changes in one task are saved together. A
    /// storage error shows in [`super::StorageHealth`], as for every write.
    pub fn update_soon(&self, f: impl FnOnce(&mut T)) {
        if self.value.try_update(f).is_none() {
            return;
        }
        if self.unsaved.try_get_value() != Some(false) {
            return;
        }
        self.unsaved.set_value(true);
        let store = *self;
        super::save_soon(move || store.save_now());
    }

    /// Saves a change left by [`Store::update_soon`], if there is one.
    pub fn save_now(&self) {
        if self.unsaved.try_get_value() == Some(true) {
            let _ = self.update(|_| {});
        }
    }

    /// Replaces the value outright (reset, import) and saves it.
    pub fn replace(&self, v: T) -> Result<(), super::StorageError> {
        let result = self.save(&v);
        self.unsaved.try_set_value(false);
        self.value.try_set(v);
        result
    }
}

/// The stored value and the text it was decoded from; `(None, None)` when nothing readable is
/// stored (an unreadable value is quarantined, see [`super::read`]).
fn read_with_text<T: Stored>() -> (Option<T>, Option<String>) {
    super::read_with_text::<T>()
        .ok()
        .flatten()
        .map_or((None, None), |(v, raw)| (Some(v), Some(raw)))
}
