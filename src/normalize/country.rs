//! Nationality as an English country name, from an ISO code or an English or Arabic name.
//!
//! Names and codes come from the `keshvar` crate (ISO 3166 data with CLDR translations).

use std::collections::HashMap;
use std::sync::LazyLock;

use keshvar::{Country, CountryIterator};

use super::Normalized;
use super::text::{excerpt, fold_key, strip_invisible};

/// Common short forms that keshvar 0.7 does not list, and the ISO alpha-2 code they name.
const ALIASES: &[(&str, &str)] = &[
    ("الإمارات", "AE"),
    ("امارات", "AE"),
    ("الامارات العربية", "AE"),
    ("UAE", "AE"),
    ("KSA", "SA"),
    ("Saudi", "SA"),
    ("Emirates", "AE"),
    ("المملكة العربية السعودية", "SA"),
    ("المملكة", "SA"),
    ("جمهورية مصر العربية", "EG"),
    ("دولة الكويت", "KW"),
    ("دولة قطر", "QA"),
    ("سلطنة عمان", "OM"),
    ("عمان", "OM"),
    ("مملكة البحرين", "BH"),
    ("UK", "GB"),
    ("Britain", "GB"),
    ("Great Britain", "GB"),
    ("USA", "US"),
    ("America", "US"),
];

/// Folded name or code → English name.
static NAMES: LazyLock<HashMap<String, &'static str>> = LazyLock::new(build_names);

/// Normalises a country cell to its English name, e.g. `SA`, `SAU`, `السعودية` → `Saudi Arabia`.
pub fn normalize(raw: &str) -> Normalized {
    let value = strip_invisible(raw);
    let value = value.trim();
    if value.is_empty() {
        return Normalized::Empty;
    }
    match NAMES.get(&lookup_key(value)) {
        Some(name) => Normalized::Valid((*name).to_string()),
        None => Normalized::Rejected(format!("unknown country '{}'", excerpt(value))),
    }
}

/// Folds a name or code for lookup; dots are dropped so that `U.A.E.` matches `UAE`.
fn lookup_key(value: &str) -> String {
    fold_key(value).replace('.', "")
}

/// Returns the English name sent for `country`: the CLDR English name ("United States"),
/// which is shorter than the ISO short name ("United States of America").
fn english_name(country: &Country) -> &'static str {
    country
        .translations()
        .get("en")
        .copied()
        .unwrap_or_else(|| country.iso_short_name())
}

fn build_names() -> HashMap<String, &'static str> {
    let mut names = HashMap::new();
    let countries: Vec<Country> = CountryIterator::new().collect();
    // Codes first, so that no name can shadow a code.
    for country in &countries {
        let english = english_name(country);
        names.insert(lookup_key(&country.alpha2().to_string()), english);
        names.insert(lookup_key(&country.alpha3().to_string()), english);
    }
    for country in &countries {
        let english = english_name(country);
        let mut spellings = vec![english, country.iso_short_name(), country.iso_long_name()];
        spellings.extend(country.unofficial_name_list().iter().copied());
        spellings.extend(country.translations().get("ar").copied());
        for spelling in spellings {
            names.entry(lookup_key(spelling)).or_insert(english);
        }
    }
    for (alias, code) in ALIASES {
        let country = countries
            .iter()
            .find(|country| country.alpha2().to_string() == *code);
        if let Some(country) = country {
            names
                .entry(fold_key(alias))
                .or_insert(english_name(country));
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(raw: &str) -> String {
        match normalize(raw) {
            Normalized::Valid(name) => name,
            other => panic!("{raw}: {other:?}"),
        }
    }

    #[test]
    fn codes_and_names_map_to_english() {
        let cases = [
            ("SA", "Saudi Arabia"),
            ("sau", "Saudi Arabia"),
            ("Saudi Arabia", "Saudi Arabia"),
            ("السعودية", "Saudi Arabia"),
            ("مصر", "Egypt"),
            ("الكويت", "Kuwait"),
            ("الإمارات", "United Arab Emirates"),
            ("الإمارات العربية المتحدة", "United Arab Emirates"),
            ("AE", "United Arab Emirates"),
            ("CN", "China"),
            ("JP", "Japan"),
            ("EG", "Egypt"),
            ("KW", "Kuwait"),
            ("قطر", "Qatar"),
            ("البحرين", "Bahrain"),
            ("الأردن", "Jordan"),
            ("U.A.E.", "United Arab Emirates"),
            ("K.S.A", "Saudi Arabia"),
            ("السعوديه", "Saudi Arabia"),
            ("Saudi", "Saudi Arabia"),
        ];
        for (raw, expected) in cases {
            assert_eq!(name(raw), expected, "{raw}");
        }
    }

    #[test]
    fn unknown_country_rejected() {
        assert!(matches!(normalize("Atlantis"), Normalized::Rejected(_)));
        assert_eq!(normalize(" "), Normalized::Empty);
    }
}
