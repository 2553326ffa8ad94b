//! Gender in the API's `M`/`F` form.

use super::Normalized;
use super::text::{excerpt, strip_invisible};

/// Normalises `M`/`F`/`Male`/`Female` in any case and the Arabic ذكر/أنثى/انثى.
pub fn normalize(raw: &str) -> Normalized {
    let value = strip_invisible(raw);
    let value = value.trim();
    if value.is_empty() {
        return Normalized::Empty;
    }
    let code = match value.to_lowercase().as_str() {
        "m" | "male" | "ذكر" => "M",
        "f" | "female" | "أنثى" | "انثى" | "أنثي" | "انثي" => "F",
        _ => return Normalized::Rejected(format!("unrecognised value '{}'", excerpt(value))),
    };
    Normalized::Valid(code.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_map_to_codes() {
        for (raw, code) in [
            ("m", "M"),
            ("Female", "F"),
            ("MALE", "M"),
            ("ذكر", "M"),
            ("أنثى", "F"),
            ("انثى", "F"),
            (" F ", "F"),
        ] {
            assert_eq!(normalize(raw), Normalized::Valid(code.into()), "{raw}");
        }
    }

    #[test]
    fn unknown_value_rejected() {
        assert_eq!(
            normalize("U"),
            Normalized::Rejected("unrecognised value 'U'".into())
        );
        assert_eq!(normalize(""), Normalized::Empty);
    }
}
