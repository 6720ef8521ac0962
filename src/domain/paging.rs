//! Paging of long lists (Deploy Log, Governance Log, activity trail): only one page of rows is
//! rendered, so a log of 10,000 entries opens and filters as fast as one of 50.

/// Rows per page.
pub const PAGE_SIZE: usize = 50;
/// Cards per page, for lists whose entries are tall cards (the Governance Log's approvals).
pub const CARD_PAGE_SIZE: usize = 20;

/// One page of a list of `total` rows: rows `start..end` (zero-based, end exclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Page {
    /// Zero-based page number, clamped to the pages that exist.
    pub index: usize,
    /// How many pages there are (at least 1, even for an empty list).
    pub count: usize,
    pub start: usize,
    pub end: usize,
    pub total: usize,
}

impl Page {
    /// The page `requested` of `total` rows in pages of `size` (0 is taken as 1). A page past
    /// the end shows the last one, so a filter that shrinks the list never shows an empty page.
    pub fn of(total: usize, requested: usize, size: usize) -> Page {
        let size = size.max(1);
        let count = total.div_ceil(size).max(1);
        let index = requested.min(count - 1);
        let start = (index * size).min(total);
        let end = (start + size).min(total);
        Page {
            index,
            count,
            start,
            end,
            total,
        }
    }

    pub fn has_previous(&self) -> bool {
        self.index > 0
    }

    pub fn has_next(&self) -> bool {
        self.index + 1 < self.count
    }

    /// "Rows 51–100 of 10,000", "No rows", "1 row".
    pub fn label(&self, noun_one: &str, noun_many: &str) -> String {
        match self.total {
            0 => format!("No {noun_many}"),
            1 => format!("1 {noun_one}"),
            n if self.count == 1 => format!("{} {noun_many}", group(n)),
            n => format!(
                "{noun_many_cap} {}–{} of {}",
                group(self.start + 1),
                group(self.end),
                group(n),
                noun_many_cap = capitalised(noun_many),
            ),
        }
    }

    /// The rows of this page, from the whole list.
    pub fn slice<'a, T>(&self, all: &'a [T]) -> &'a [T] {
        let end = self.end.min(all.len());
        &all[self.start.min(end)..end]
    }

    /// The entries of this page when the list is `positions` into `all` (a filtered view):
    /// cloned, so a page of a 10,000-entry log copies only its own rows. Positions outside
    /// `all` are skipped.
    pub fn pick<T: Clone>(&self, all: &[T], positions: &[usize]) -> Vec<T> {
        self.slice(positions)
            .iter()
            .filter_map(|&i| all.get(i).cloned())
            .collect()
    }
}

/// 10000 → "10,000".
pub fn group(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn pages_of_a_long_list() {
        let p = Page::of(10_000, 0, 50);
        assert_eq!((p.index, p.count, p.start, p.end), (0, 200, 0, 50));
        assert!(!p.has_previous() && p.has_next());
        assert_eq!(
            p.label("deployment", "deployments"),
            "Deployments 1–50 of 10,000"
        );
        let last = Page::of(10_000, 199, 50);
        assert_eq!((last.start, last.end), (9_950, 10_000));
        assert!(last.has_previous() && !last.has_next());
        let partial = Page::of(120, 2, 50);
        assert_eq!((partial.start, partial.end), (100, 120));
        assert_eq!(partial.label("row", "rows"), "Rows 101–120 of 120");
    }

    #[test]
    fn a_page_past_the_end_shows_the_last_page() {
        // The filter shrank the list while page 7 was open.
        let p = Page::of(30, 7, 50);
        assert_eq!((p.index, p.count, p.start, p.end), (0, 1, 0, 30));
        let p = Page::of(260, 99, 50);
        assert_eq!((p.index, p.start, p.end), (5, 250, 260));
    }

    #[test]
    fn empty_and_tiny_lists() {
        let p = Page::of(0, 3, 50);
        assert_eq!((p.index, p.count, p.start, p.end), (0, 1, 0, 0));
        assert!(!p.has_previous() && !p.has_next());
        assert_eq!(p.label("approval", "approvals"), "No approvals");
        assert_eq!(
            Page::of(1, 0, 50).label("approval", "approvals"),
            "1 approval"
        );
        assert_eq!(
            Page::of(50, 0, 50).label("approval", "approvals"),
            "50 approvals"
        );
        // A zero page size is taken as 1 rather than dividing by zero.
        assert_eq!(Page::of(3, 1, 0).slice(&[1, 2, 3]), &[2]);
    }

    #[test]
    fn a_page_of_a_filtered_view() {
        let all = ["a", "b", "c", "d", "e", "f"];
        let positions = [5, 3, 1, 0, 9];
        assert_eq!(
            Page::of(positions.len(), 0, 2).pick(&all, &positions),
            vec!["f", "d"]
        );
        assert_eq!(
            Page::of(positions.len(), 1, 2).pick(&all, &positions),
            vec!["b", "a"]
        );
        // Position 9 is not in the list: skipped, not a panic.
        assert!(Page::of(positions.len(), 2, 2)
            .pick(&all, &positions)
            .is_empty());
    }

    #[test]
    fn grouping() {
        assert_eq!(group(0), "0");
        assert_eq!(group(999), "999");
        assert_eq!(group(1_000), "1,000");
        assert_eq!(group(1_234_567), "1,234,567");
    }

    proptest! {
        #[test]
        fn every_row_is_on_exactly_one_page(total in 0usize..2_000, size in 1usize..120) {
            let all: Vec<usize> = (0..total).collect();
            let count = Page::of(total, 0, size).count;
            let mut seen = Vec::new();
            for i in 0..count {
                let p = Page::of(total, i, size);
                prop_assert_eq!(p.index, i);
                prop_assert!(p.end - p.start <= size);
                seen.extend_from_slice(p.slice(&all));
            }
            prop_assert_eq!(seen, all);
        }

        #[test]
        fn never_panics(total in any::<usize>(), requested in any::<usize>(), size in any::<usize>()) {
            let p = Page::of(total % 1_000_000, requested, size % 1_000);
            prop_assert!(p.start <= p.end && p.end <= p.total && p.index < p.count);
        }
    }
}
