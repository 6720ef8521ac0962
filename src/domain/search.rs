//! Case-insensitive text search without an allocation per compared field: the filters of the
//! long logs run it over 10,000 entries on each keystroke.

/// Whether `hay` contains `needle_lower` (already lower-cased), ignoring case. ASCII text is
/// compared byte by byte in place; anything else falls back to `to_lowercase`, so the result
/// is always that of `hay.to_lowercase().contains(needle_lower)`.
pub fn contains_folded(hay: &str, needle_lower: &str) -> bool {
    if needle_lower.is_empty() {
        return true;
    }
    if !(hay.is_ascii() && needle_lower.is_ascii()) {
        return hay.to_lowercase().contains(needle_lower);
    }
    let (h, n) = (hay.as_bytes(), needle_lower.as_bytes());
    if n.len() > h.len() {
        return false;
    }
    let first = n[0];
    (0..=h.len() - n.len()).any(|i| {
        h[i].to_ascii_lowercase() == first
            && h[i + 1..i + n.len()]
                .iter()
                .zip(&n[1..])
                .all(|(a, b)| a.to_ascii_lowercase() == *b)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn examples() {
        assert!(contains_folded("Webhook retries", "webhook"));
        assert!(contains_folded("Webhook retries", "k r"));
        assert!(contains_folded("anything", ""));
        assert!(!contains_folded("Web", "webhook"));
        assert!(!contains_folded("", "a"));
        // Non-ASCII goes through to_lowercase.
        assert!(contains_folded("ÉCHEC du déploiement", "échec"));
        assert!(contains_folded("Straße", "straße"));
        assert!(!contains_folded("ÉCHEC", "echec"));
    }

    proptest! {
        #[test]
        fn same_as_lowercase_contains(hay in "[a-zA-Z0-9 ÉéßK-]{0,40}", needle in "[a-zA-Z0-9 éß-]{0,6}") {
            let needle = needle.to_lowercase();
            prop_assert_eq!(contains_folded(&hay, &needle), hay.to_lowercase().contains(&needle));
        }
    }
}
