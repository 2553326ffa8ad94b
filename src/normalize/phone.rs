//! Mobile numbers in the API's form: country code and national number, digits only.
//!
//! Numbers are validated against the libphonenumber numbering plans bundled with the
//! `phonenumber` crate, so no country rules are written here.

use phonenumber::country::Id;

use super::Normalized;
use super::text::{ascii_digit, excerpt, is_invisible, strip_invisible};

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

/// Guesser of the form the API would likely receive a phone in, for the search index
/// only. It puts the default country's code in front of a local number and drops a trunk
/// prefix, with no numbering-plan check. That check costs [`normalize`] about 37,000
/// instructions per number, too many for indexing a million rows while they load. A wrong
/// guess for an invalid number only adds one more way to find its row.
#[derive(Debug, Clone)]
pub struct SearchForm {
    /// Country code of the default country, as digits.
    code: String,
    /// Trunk prefix of the default country, e.g. `0`.
    trunk: Option<String>,
    /// Per country code below 1000: 1 for a known code, 2 for one whose trunk prefix is `0`.
    codes: Vec<u8>,
}

const KNOWN_CODE: u8 = 1;
const TRUNK_ZERO: u8 = 2;

impl SearchForm {
    /// Reads the default country's code and trunk prefix, and every country code, from
    /// the numbering plans.
    pub fn new(default_country: &str) -> SearchForm {
        let database = &phonenumber::metadata::DATABASE;
        let region = default_country.trim().to_ascii_uppercase();
        let meta = database.by_id(region.as_str());
        let mut codes = vec![0; 1000];
        for meta in database.iter() {
            let Some(slot) = codes.get_mut(usize::from(meta.country_code())) else {
                continue;
            };
            // Several regions share +1 and +7, so the main region of the code decides.
            if *slot == 0 || meta.is_main_country_for_code() {
                *slot = if meta.national_prefix() == Some("0") {
                    TRUNK_ZERO
                } else {
                    KNOWN_CODE
                };
            }
        }
        SearchForm {
            code: meta
                .map(|meta| meta.country_code().to_string())
                .unwrap_or_default(),
            trunk: meta.and_then(|meta| meta.national_prefix().map(str::to_owned)),
            codes,
        }
    }

    /// Returns the likely API form of a phone cell, or `None` when the cell is not a
    /// number of a plausible length.
    pub fn of(&self, raw: &str) -> Option<String> {
        let mut out = String::new();
        self.write(raw, &mut out).then_some(out)
    }

    /// Writes the likely API form of a phone cell to `out`, which is cleared first.
    /// Returns false, with `out` empty, when the cell is not a number of a plausible length.
    pub fn write(&self, raw: &str, out: &mut String) -> bool {
        out.clear();
        let Some((digits, international)) = digits_of(raw) else {
            return false;
        };
        let digits = digits.as_str();
        if !(6..=MAX_DIGITS).contains(&digits.len()) {
            return false;
        }
        if international {
            self.write_international(digits, out);
        } else if let Some(rest) = digits.strip_prefix("00") {
            self.write_international(rest, out);
        } else if !self.code.is_empty() {
            let national = self
                .trunk
                .as_deref()
                .and_then(|trunk| digits.strip_prefix(trunk))
                .unwrap_or(digits);
            out.push_str(&self.code);
            out.push_str(national);
        }
        !out.is_empty()
    }

    /// Writes digits that start with a country code, dropping a trunk `0` written after
    /// it (`+966 05…`) for countries whose trunk prefix is `0`.
    fn write_international(&self, digits: &str, out: &mut String) {
        for len in 1..=3 {
            let Some((code, rest)) = digits.split_at_checked(len) else {
                break;
            };
            let slot = code
                .parse::<usize>()
                .ok()
                .and_then(|code| self.codes.get(code));
            match slot {
                Some(&TRUNK_ZERO) if rest.starts_with('0') => {
                    out.push_str(code);
                    out.push_str(rest.get(1..).unwrap_or_default());
                    return;
                }
                Some(&KNOWN_CODE | &TRUNK_ZERO) => break,
                _ => {}
            }
        }
        out.push_str(digits);
    }
}

/// Returns the ASCII digits of a phone cell and whether it starts with `+`, or `None` when
/// it contains anything but digits and the usual separators. Digits go to a small buffer on the
/// stack, since the search index reads every row's phone this way.
fn digits_of(raw: &str) -> Option<(DigitBuf, bool)> {
    let mut digits = DigitBuf::default();
    let mut international = false;
    for c in raw.chars() {
        if let Some(digit) = ascii_digit(c) {
            digits.push(digit as u8);
        } else if c == '+' && digits.len == 0 && !international {
            international = true;
        } else if !(c.is_whitespace()
            || is_invisible(c)
            || matches!(c, '-' | '.' | '(' | ')' | '/' | '\u{2010}'..='\u{2015}'))
        {
            return None;
        }
    }
    Some((digits, international))
}

/// Up to `MAX_DIGITS + 1` ASCII digits; more only mark the number as too long.
#[derive(Default)]
struct DigitBuf {
    bytes: [u8; MAX_DIGITS + 1],
    len: usize,
}

impl DigitBuf {
    fn push(&mut self, digit: u8) {
        if let Some(slot) = self.bytes.get_mut(self.len) {
            *slot = digit;
        }
        self.len += 1;
    }

    fn as_str(&self) -> &str {
        match self.bytes.get(..self.len) {
            Some(bytes) => std::str::from_utf8(bytes).unwrap_or_default(),
            // Too long: the caller only looks at the length.
            None => std::str::from_utf8(&self.bytes).unwrap_or_default(),
        }
    }
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

    /// Phones as operators write them, with the API form each must reach.
    const WRITTEN_FORMS: [(&str, &str); 13] = [
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

    #[test]
    fn written_forms_reach_api_form() {
        for (raw, expected) in WRITTEN_FORMS {
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

    #[test]
    fn search_form_usual_numbers() {
        let form = SearchForm::new("SA");
        // A number written with its country code but no `+` gets the default code in
        // front, a wrong guess that only adds a way to find the row.
        let cases = WRITTEN_FORMS
            .into_iter()
            .filter(|(raw, _)| *raw != "971500001209" && !raw.starts_with('\u{200E}'));
        for (raw, expected) in cases {
            assert_eq!(form.of(raw).as_deref(), Some(expected), "{raw}");
            assert_eq!(valid_phone(raw), expected, "{raw}");
        }
        assert_eq!(form.of("12345"), None);
        assert_eq!(form.of("call me"), None);
        assert_eq!(form.of("123456789012345678901"), None);
        assert_eq!(form.of("+1 212 555 0100").as_deref(), Some("12125550100"));
        assert_eq!(
            SearchForm::new("KW").of("50003103").as_deref(),
            Some("96550003103")
        );
        assert_eq!(SearchForm::new("ZZ").of("0550001201"), None);
    }
}
