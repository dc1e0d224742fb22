//! The order in which ordering entries and matching options are shown.
//!
//! Showing them in authored order would give the answer away (the authored sequence *is*
//! the answer; matching options would line up with their prompts). Sorting them
//! alphabetically would too, often: sequences are frequently ascending numbers or dates.
//! So they are sorted by a fixed hash of their text. The result depends only on the *set*
//! of texts, never on the right order or pairing, so it reveals nothing, and the server
//! recomputes it when correcting without storing any per-pupil state. Responses refer to
//! positions in this order. The web layer may still shuffle what it draws, as long as it
//! sends back these positions.

use super::item::MatchPair;

/// The ordering entries as shown to the pupil.
pub(crate) fn ordering_entries(sequence: &[String]) -> Vec<&str> {
    sorted_by_hash(sequence.iter().map(String::as_str).collect())
}

/// The distinct right-hand texts of a matching item (pairs and distractors) as shown.
pub(crate) fn matching_options<'a>(
    pairs: &'a [MatchPair],
    distractors: &'a [String],
) -> Vec<&'a str> {
    let mut options: Vec<&str> = pairs
        .iter()
        .map(|pair| pair.right.as_str())
        .chain(distractors.iter().map(String::as_str))
        .collect();
    options.sort_unstable();
    options.dedup();
    sorted_by_hash(options)
}

fn sorted_by_hash(mut texts: Vec<&str>) -> Vec<&str> {
    texts.sort_by(|a, b| (fnv1a(a), *a).cmp(&(fnv1a(b), *b)));
    texts
}

/// 64-bit FNV-1a: tiny, and unlike `std`'s hasher fixed forever, so the order shown to a
/// pupil today is the order the server corrects against after an upgrade.
fn fnv1a(text: &str) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    text.bytes().fold(OFFSET, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(PRIME)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(texts: &[&str]) -> Vec<String> {
        texts.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn fnv1a_matches_the_reference_values() {
        assert_eq!(fnv1a(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a("a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn ordering_entries_depend_only_on_the_set() {
        let a = strings(&["1", "2", "3", "4", "5"]);
        let b = strings(&["5", "3", "1", "4", "2"]);
        assert_eq!(ordering_entries(&a), ordering_entries(&b));
    }

    #[test]
    fn ascending_sequences_are_not_shown_in_order() {
        let sequence = strings(&["1", "2", "3", "4", "5"]);
        assert_ne!(ordering_entries(&sequence), vec!["1", "2", "3", "4", "5"]);
    }

    #[test]
    fn matching_options_are_distinct_and_independent_of_pairing() {
        let pairs = vec![
            MatchPair::new("a", "x"),
            MatchPair::new("b", "y"),
            MatchPair::new("c", "x"),
        ];
        let swapped = vec![
            MatchPair::new("a", "y"),
            MatchPair::new("b", "x"),
            MatchPair::new("c", "x"),
        ];
        let extra = strings(&["z"]);
        let options = matching_options(&pairs, &extra);
        assert_eq!(options.len(), 3);
        assert_eq!(options, matching_options(&swapped, &extra));
    }
}
