//! Incident ids: `INC-YYYY-NNNN`, the next number this machine has not used.

/// The prefix of ids the console hands out.
pub const PREFIX: &str = "INC";

/// `INC-<year>-<n>`, one past the highest `n` of that year among `taken`
/// (ids this machine declared, saved or opened), so a new incident never
/// shares an id with one already known here. Other ids (a tracker key like
/// `OPS-1234`, other years) do not count.
pub fn next_free_id<'a>(year: i32, taken: impl IntoIterator<Item = &'a str>) -> String {
    let prefix = format!("{PREFIX}-{year}-");
    let highest = taken
        .into_iter()
        .filter_map(|id| id.trim().strip_prefix(&prefix))
        .filter(|n| !n.is_empty() && n.len() <= 9 && n.bytes().all(|b| b.is_ascii_digit()))
        .filter_map(|n| n.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    format!("{prefix}{:04}", highest.saturating_add(1))
}

/// Why `id` cannot name an incident, if it cannot: any tracker key works
/// (`INC-2026-0042`, `OPS-1234`, `SEC-77`), but it must be one short line.
pub fn id_problem(id: &str) -> Option<&'static str> {
    if id.trim().is_empty() {
        Some("the id is empty: use INC-YYYY-NNNN or the tracker's key, e.g. OPS-1234")
    } else if id.chars().any(char::is_control) {
        Some("the id must be one line")
    } else if id.chars().count() > 64 {
        Some("the id is longer than 64 characters")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_id_is_one_past_the_highest_of_the_year() {
        assert_eq!(next_free_id(2026, []), "INC-2026-0001");
        assert_eq!(next_free_id(2026, ["INC-2026-0001"]), "INC-2026-0002");
        assert_eq!(
            next_free_id(2026, ["INC-2026-0007", "INC-2026-0003", " INC-2026-0009 "]),
            "INC-2026-0010"
        );
        // Other years, other prefixes and malformed numbers do not count.
        let others = [
            "INC-2025-0400",
            "OPS-1234",
            "INC-2026-",
            "INC-2026-12a",
            "INC-2026-+5",
            "INC-2026-99999999999",
        ];
        assert_eq!(next_free_id(2026, others), "INC-2026-0001");
        assert_eq!(next_free_id(2026, ["INC-2026-9999"]), "INC-2026-10000");
        assert_eq!(next_free_id(2026, ["INC-2026-999999999"]), "INC-2026-1000000000");
    }

    #[test]
    fn a_new_id_is_never_one_already_taken() {
        use proptest::prelude::*;
        proptest!(|(numbers in proptest::collection::vec(0u32..20_000, 0..40))| {
            let taken: Vec<String> = numbers.iter().map(|n| format!("INC-2026-{n:04}")).collect();
            let id = next_free_id(2026, taken.iter().map(String::as_str));
            prop_assert!(!taken.contains(&id));
        });
    }

    #[test]
    fn tracker_keys_are_ids_but_blank_or_multiline_ones_are_not() {
        for ok in ["INC-2026-0042", "OPS-1234", "SEC-77", "jira:ABC-1"] {
            assert_eq!(id_problem(ok), None, "{ok}");
        }
        for bad in ["", "   ", "OPS-1\nOPS-2", "A\tB", &"X".repeat(65)] {
            assert!(id_problem(bad).is_some(), "{bad:?}");
        }
    }
}
