//! The one unified-diff printer: `lint --fix --dry-run`, `render --check`, `export --check`
//! and `diff --show-text` all print their differences with it.

/// A unified diff (three lines of context) from `old` (labelled `old_label`) to `new`.
pub fn unified_diff(old_label: &str, new_label: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(old_label, new_label)
        .to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn labels_hunks_and_context() {
        let d = super::unified_diff(
            "a/x",
            "b/x",
            "1\n2\n3\n4\n5\n6\n7\n8\n",
            "1\n2\n3\n4\nfive\n6\n7\n8\n",
        );
        assert_eq!(
            d,
            "--- a/x\n+++ b/x\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n"
        );
        assert_eq!(super::unified_diff("a", "b", "same\n", "same\n"), "");
    }
}
