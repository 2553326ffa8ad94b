//! Email addresses: trimmed and checked for the mistakes people make in spreadsheets.
//!
//! The check is syntactic only: one `@`, a dotted domain and no spaces. It accepts the
//! common shapes of address, not every form RFC 5322 allows (quoted local parts, comments
//! or IP literals are rejected).

use super::Normalized;

/// Maximum length in octets of the part before the `@`, set by RFC 5321.
const MAX_LOCAL_PART: usize = 64;
/// Maximum length in octets of a whole address. RFC 5321 limits a path to 256 octets, and
/// the angle brackets around the address take two of them.
const MAX_ADDRESS: usize = 254;
use super::text::strip_invisible;

/// Normalises an email address, trimming spaces including NO-BREAK SPACE.
pub fn normalize(raw: &str) -> Normalized {
    let value = strip_invisible(raw);
    let value = value.trim();
    if value.is_empty() {
        return Normalized::Empty;
    }
    match problem(value) {
        Some(reason) => Normalized::Rejected(reason.to_string()),
        None => Normalized::Valid(value.to_string()),
    }
}

/// Returns what is wrong with a trimmed address, or `None` when it looks deliverable.
fn problem(value: &str) -> Option<&'static str> {
    let addresses = value
        .split(|c: char| c.is_whitespace() || matches!(c, ';' | ','))
        .filter(|part| part.contains('@'))
        .count();
    if addresses > 1 {
        return Some("two addresses in one cell");
    }
    let at_signs = value.matches('@').count();
    if at_signs == 0 {
        return Some("no @");
    }
    if at_signs > 1 {
        return Some("two @");
    }
    if value.chars().any(char::is_whitespace) {
        return Some("space inside");
    }
    let (local, domain) = value.split_once('@')?;
    if local.is_empty() {
        return Some("nothing before the @");
    }
    if local.len() > MAX_LOCAL_PART || value.len() > MAX_ADDRESS {
        return Some("too long");
    }
    if domain.ends_with('.') {
        return Some("trailing dot");
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return Some("misplaced dot before the @");
    }
    if local
        .chars()
        .any(|c| c.is_control() || "()<>[]\\:;,\"".contains(c))
    {
        return Some("character not allowed before the @");
    }
    domain_problem(domain)
}

fn domain_problem(domain: &str) -> Option<&'static str> {
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 {
        return Some("domain without a dot");
    }
    for label in &labels {
        if label.is_empty() {
            return Some("empty part in the domain");
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Some("domain part starting or ending with '-'");
        }
        if !label.chars().all(|c| c.is_alphanumeric() || c == '-') {
            return Some("character not allowed in the domain");
        }
    }
    let top = labels.last().copied().unwrap_or_default();
    if top.chars().count() < 2 || top.chars().all(|c| c.is_ascii_digit()) {
        return Some("invalid top-level domain");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_spaces_and_nbsp() {
        let expected = Normalized::Valid("test1707@example.com".into());
        assert_eq!(normalize("test1707@example.com\u{00A0}"), expected);
        let expected = Normalized::Valid("test1701@example.com".into());
        assert_eq!(normalize("  test1701@example.com  "), expected);
    }

    #[test]
    fn rfc_5321_lengths_enforced() {
        let local = "a".repeat(64);
        let at_limit = format!("{local}@example.com");
        assert_eq!(normalize(&at_limit), Normalized::Valid(at_limit.clone()));
        let long_local = format!("a{local}@example.com");
        assert_eq!(
            normalize(&long_local),
            Normalized::Rejected("too long".into())
        );
        let domain = format!("{}com", "b.".repeat(124));
        let whole = format!("ab@{domain}");
        assert_eq!(whole.len(), 254);
        assert_eq!(normalize(&whole), Normalized::Valid(whole.clone()));
        let over = format!("abc@{domain}");
        assert_eq!(normalize(&over), Normalized::Rejected("too long".into()));
        let huge = format!("{}@example.com", "x".repeat(100_000));
        assert_eq!(normalize(&huge), Normalized::Rejected("too long".into()));
    }

    #[test]
    fn spreadsheet_mistakes_rejected() {
        let cases = [
            ("test1702@example.com.", "trailing dot"),
            ("test1703@@example.com", "two @"),
            ("test1704 @example.com", "space inside"),
            ("test1705example.com", "no @"),
            ("a@example.com;b@example.com", "two addresses"),
            ("a@example.com b@example.com", "two addresses"),
            ("a@localhost", "without a dot"),
            ("@example.com", "nothing before"),
        ];
        for (raw, reason) in cases {
            let Normalized::Rejected(message) = normalize(raw) else {
                panic!("{raw} accepted");
            };
            assert!(message.contains(reason), "{raw}: {message}");
        }
    }
}
