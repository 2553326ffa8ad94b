//! Mobile numbers in the API's form: country code and national number, digits only.
//!
//! Numbers are validated against the libphonenumber numbering plans bundled with the
//! `phonenumber` crate, so no country rules are written here.

use phonenumber::country::Id;

use super::Normalized;
use super::text::{ascii_digit, excerpt, strip_invisible};

/// Maximum digits passed to the parser: E.164 allows 15 digits, and an international
/// prefix or a trunk zero adds at most two more.
const MAX_DIGITS: usize = 17;

/// Normalises a mobile number, completing local numbers with `default_country`'s code.
///
/// Spaces, dashes, dots, slashes and brackets are ignored; `+CC…` and `00CC…` are read as
/// international; a trunk `0` written after the country code is dropped.
pub fn normalize(raw: &str, default_country: &str) -> Normalized {
    let value = strip_invisible(raw);
    let value = value.trim();
    if value.is_empty() {
        return Normalized::Empty;
    }
    let quoted = excerpt(value);
    if is_scientific(value) {
        return Normalized::Rejected(format!("scientific notation {quoted}: digits lost"));
    }
    let Some(written) = parse_written(value) else {
        return Normalized::Rejected(format!(
            "'{quoted}' contains characters that are not digits"
        ));
    };
    let digits = written.digits.as_str();
    if digits.len() < 6 {
        return Normalized::Rejected(format!("'{quoted}' is too short"));
    }
    if digits.len() > MAX_DIGITS {
        return Normalized::Rejected(format!("'{quoted}' is too long"));
    }
    let region: Option<Id> = default_country.trim().to_ascii_uppercase().parse().ok();
    let found = if written.international {
        international(digits)
    } else if let Some(rest) = digits.strip_prefix("00") {
        international(rest)
    } else {
        national(digits, region).or_else(|| international(digits))
    };
    match found {
        Some(number) => Normalized::Valid(number),
        None if digits.len() < 9 => Normalized::Rejected(format!("'{quoted}' is too short")),
        None => Normalized::Rejected(format!("'{quoted}' is not a valid phone number")),
    }
}

/// Returns true for values such as `9.665E+11`, which a spreadsheet made from a long number.
pub fn is_scientific(value: &str) -> bool {
    let Some((mantissa, exponent)) = value.split_once(['e', 'E']) else {
        return false;
    };
    let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
    let mantissa_ok = !mantissa.is_empty()
        && mantissa
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        && mantissa.chars().any(|c| c.is_ascii_digit());
    mantissa_ok && !exponent.is_empty() && exponent.chars().all(|c| c.is_ascii_digit())
}

struct Written {
    digits: String,
    international: bool,
}

/// Reads the digits of a phone cell, or `None` when it contains anything but digits and
/// the usual separators.
fn parse_written(value: &str) -> Option<Written> {
    let mut digits = String::with_capacity(value.len());
    let mut international = false;
    for c in value.chars() {
        if let Some(digit) = ascii_digit(c) {
            digits.push(digit);
        } else if c == '+' && digits.is_empty() && !international {
            international = true;
        } else if !(c.is_whitespace()
            || matches!(c, '-' | '.' | '(' | ')' | '/' | '\u{2010}'..='\u{2015}'))
        {
            return None;
        }
    }
    Some(Written {
        digits,
        international,
    })
}

/// Parses digits written with a country code, dropping a trunk `0` after it.
fn international(digits: &str) -> Option<String> {
    if digits.starts_with('0') {
        return None;
    }
    if let Some(number) = valid(None, &format!("+{digits}")) {
        return Some(number);
    }
    // `+966 0501234567`: country codes are 1 to 3 digits long.
    (1..=3).find_map(|len| {
        let (code, rest) = digits.split_at_checked(len)?;
        let rest = rest.strip_prefix('0')?;
        valid(None, &format!("+{code}{rest}"))
    })
}

/// Parses digits as a number of `region`, with or without its trunk prefix.
fn national(digits: &str, region: Option<Id>) -> Option<String> {
    region?;
    valid(region, digits)
}

fn valid(region: Option<Id>, text: &str) -> Option<String> {
    let number = phonenumber::parse(region, text).ok()?;
    if !phonenumber::is_valid(&number) {
        return None;
    }
    let national = number.national();
    let zeros = "0".repeat(usize::from(national.zeros()));
    Some(format!(
        "{}{zeros}{}",
        number.code().value(),
        national.value()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phone(raw: &str) -> Normalized {
        normalize(raw, "SA")
    }

    fn valid_phone(raw: &str) -> String {
        match phone(raw) {
            Normalized::Valid(value) => value,
            other => panic!("{raw}: {other:?}"),
        }
    }

    #[test]
    fn written_forms_reach_api_form() {
        let cases = [
            ("0550001201", "966550001201"),
            ("+971 50 000 1202", "971500001202"),
            ("00971-50-000-1203", "971500001203"),
            ("055 000 1204", "966550001204"),
            ("+966 0550001205", "966550001205"),
            ("(055) 000-1206", "966550001206"),
            ("+20 100 000 1207", "201000001207"),
            ("0020 100 000 1208", "201000001208"),
            ("971500001209", "971500001209"),
            ("501234567", "966501234567"),
            ("+965 5000 3103", "96550003103"),
            ("٠٥٠٠٠٠٠١٠١", "966500000101"),
            ("\u{200E}+971 50 000 1202", "971500001202"),
        ];
        for (raw, expected) in cases {
            assert_eq!(valid_phone(raw), expected, "{raw}");
        }
    }

    #[test]
    fn scientific_notation_rejected() {
        for raw in ["9.66501E+11", "9.665E+11", "9,665e11"] {
            let Normalized::Rejected(reason) = phone(raw) else {
                panic!("{raw} accepted");
            };
            assert!(reason.contains("scientific notation"), "{reason}");
        }
    }

    #[test]
    fn short_and_junk_rejected() {
        assert_eq!(
            phone("055 000 12"),
            Normalized::Rejected("'055 000 12' is too short".into())
        );
        assert!(matches!(phone("12345"), Normalized::Rejected(_)));
        assert!(matches!(phone("call me"), Normalized::Rejected(_)));
        assert!(matches!(
            phone("123456789012345678901"),
            Normalized::Rejected(_)
        ));
        assert_eq!(phone("  "), Normalized::Empty);
    }
}
