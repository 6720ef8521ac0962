//! Merging two copies of the same stored state, used when another tab wrote it meanwhile.

/// A value that can be combined with another copy of itself (the other tab's) without losing
/// what either side wrote. `merge` must be commutative in effect: both tabs converge.
pub trait Merge: Sized {
    fn merge(self, other: Self) -> Self;
}

/// Values that are replaced whole: the copy written last (as stored) wins.
macro_rules! last_writer_wins {
    ($($t:ty),*) => {$(
        impl Merge for $t {
            fn merge(self, other: Self) -> Self { other }
        }
    )*};
}
last_writer_wins!(bool, String, u32, u64, i64, f64);

impl<T: Merge> Merge for Option<T> {
    fn merge(self, other: Self) -> Self {
        match (self, other) {
            (Some(a), Some(b)) => Some(a.merge(b)),
            (a, None) => a,
            (None, b) => b,
        }
    }
}
