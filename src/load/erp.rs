//! The ERP's own export layout, as saved to CSV by Excel.
//!
//! It starts with banner rows whose first cell begins with `//` (a title and a row of
//! Arabic labels), then a header row whose first cell is `:-record:Customer` and whose other
//! cells are field ids such as `contactInfo.mobile` or `ref5#code`. Data rows leave the first
//! cell empty or put a marker there, and a trailing `@errors` column contains the ERP's own
//! import errors.

/// Returns true for a banner or comment row, skipped before the header.
pub fn is_banner(first_cell: &str) -> bool {
    first_cell.trim_start().starts_with("//")
}

/// Returns true when a header row is in the ERP's `:-record:` layout.
pub fn is_record_header(first_cell: &str) -> bool {
    first_cell.trim_start().starts_with(":-record:")
}

/// Returns the record type a `:-record:` cell names, e.g. `Customer`.
pub fn record_type(first_cell: &str) -> &str {
    first_cell
        .trim()
        .strip_prefix(":-record:")
        .unwrap_or_default()
        .trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_erp_rows() {
        assert!(is_banner("//Customer Export"));
        assert!(!is_banner("C1"));
        assert!(is_record_header(":-record:Customer"));
        assert_eq!(record_type(":-record:Customer"), "Customer");
    }
}
