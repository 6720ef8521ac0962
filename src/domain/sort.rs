//! One sort routine for the whole wasm. The standard library's `sort_by`, `sort_by_key` and
//! `sort_unstable_by` are compiled anew for every element type and comparison, about 3 KB of
//! wasm each (`collect()` into a `BTreeMap` sorts too): the main module held 64 sort
//! functions, 32 KB. These helpers sort the elements' positions with one shared routine that
//! is compiled once, then move the elements into place, so a call site adds a few hundred
//! bytes. All of them are stable: equal elements keep their order. Measured in
//! docs/performance.md (the eleventh run).

use std::cmp::Ordering;
use std::collections::BTreeMap;

/// Sorts `v` by `cmp`, stable.
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let mut order: Vec<usize> = (0..v.len()).collect();
    {
        let items: &[T] = v;
        sort_positions(&mut order, &mut |a, b| cmp(&items[a], &items[b]));
    }
    permute(v, &mut order);
}

/// Sorts `v` by the key `key` gives each element, stable.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` in its natural order, stable.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// A map of the pairs, by insertion (`collect()` into a `BTreeMap` sorts the pairs first, with
/// a sort of its own for each key and value type). On a repeated key the last pair wins, as
/// with `collect()`.
pub fn map_of<K: Ord, V>(pairs: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    for (k, v) in pairs {
        map.insert(k, v);
    }
    map
}

/// The one instance of the standard library's sort: positions, compared through `cmp`.
#[inline(never)]
fn sort_positions(order: &mut [usize], cmp: &mut dyn FnMut(usize, usize) -> Ordering) {
    order.sort_by(|&a, &b| cmp(a, b));
}

/// Puts the element at `order[k]` at position `k`, for every `k`, in place (`order` is a
/// permutation of the positions; it is used up). Each cycle of the permutation is followed
/// once: every swap puts one element where it belongs.
fn permute<T>(v: &mut [T], order: &mut [usize]) {
    for start in 0..order.len() {
        let mut at = start;
        while order[at] != start {
            let from = order[at];
            v.swap(at, from);
            order[at] = at;
            at = from;
        }
        order[at] = at;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn sorts_and_keeps_equal_elements_in_order() {
        let mut v = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
        sort_by_key(&mut v, |p| p.0);
        assert_eq!(v, [(1, 'b'), (1, 'e'), (2, 'd'), (3, 'a'), (3, 'c')]);
        sort_by(&mut v, |a, b| b.0.cmp(&a.0));
        assert_eq!(v, [(3, 'a'), (3, 'c'), (2, 'd'), (1, 'b'), (1, 'e')]);
    }

    #[test]
    fn empty_and_single_are_left_alone() {
        let mut e: Vec<String> = Vec::new();
        sort(&mut e);
        assert!(e.is_empty());
        let mut one = vec!["x".to_string()];
        sort(&mut one);
        assert_eq!(one, ["x"]);
    }

    #[test]
    fn a_map_of_pairs_keeps_the_last_of_a_repeated_key() {
        let m = map_of([("b", 1), ("a", 2), ("b", 3)]);
        assert_eq!(m, BTreeMap::from([("a", 2), ("b", 3)]));
    }

    proptest! {
        /// The same result as the standard library's stable sort, on any input, including
        /// elements that own heap data (each moved exactly once, none lost or doubled).
        #[test]
        fn matches_the_standard_stable_sort(v in prop::collection::vec((0u8..6, ".{0,3}"), 0..200)) {
            let mut ours = v.clone();
            sort_by_key(&mut ours, |p| p.0);
            let mut std_sorted = v;
            std_sorted.sort_by_key(|p| p.0);
            prop_assert_eq!(ours, std_sorted);
        }
    }
}
