//! Property tests: the normalisers and the loader accept any input without panicking, and
//! what they return has the promised shape.

mod cases_support;

use std::io::Write;

use datanuum_sync::config::DateOrder;
use datanuum_sync::load::{LoadOptions, load_file};
use datanuum_sync::normalize::{Normalized, country, date, email, gender, phone, text};
use datanuum_sync::payload::prepare;
use proptest::prelude::*;

/// Text built from the characters that matter to CSV parsing and normalisation.
fn csv_like() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just(",".to_string()),
        Just(";".to_string()),
        Just("\t".to_string()),
        Just("|".to_string()),
        Just("\"".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\u{FEFF}".to_string()),
        Just("\u{200F}".to_string()),
        Just("code".to_string()),
        Just("mobile".to_string()),
        Just("birthDate".to_string()),
        Just(":-record:Customer".to_string()),
        Just("//".to_string()),
        Just("+966 05".to_string()),
        Just("9.665E+11".to_string()),
        Just("٠٥٠".to_string()),
        Just("سارة".to_string()),
        "[0-9]{1,12}",
        "[a-zA-Z@. -]{1,8}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(pieces, 0..60).prop_map(|parts| parts.concat())
}

fn load_text(bytes: &[u8]) {
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    file.write_all(bytes).expect("write");
    let Ok(loaded) = load_file(file.path(), &LoadOptions::default()) else {
        return;
    };
    let config = cases_support::case_config();
    for customer in &loaded.customers {
        let prepared = prepare(&config, &loaded.columns, customer);
        assert_eq!(prepared.line, customer.line());
        if let Ok(payload) = prepared.payload {
            assert!(
                payload
                    .profile
                    .values()
                    .all(|v| v.as_str().is_some_and(|s| !s.is_empty()))
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn normalisers_never_panic(raw in any::<String>()) {
        let _ = phone::normalize(&raw, "SA");
        let _ = phone::normalize(&raw, "");
        let _ = date::normalize(&raw, DateOrder::MonthFirst);
        let _ = gender::normalize(&raw);
        let _ = email::normalize(&raw);
        let _ = country::normalize(&raw);
        let _ = text::fold_key(&raw);
        let _ = text::collapse_whitespace(&raw);
    }

    #[test]
    fn phone_output_is_digits(raw in "[+0-9 ()./-]{0,24}", region in "(SA|AE|EG|KW|US|XX)") {
        if let Normalized::Valid(number) = phone::normalize(&raw, &region) {
            prop_assert!(number.bytes().all(|b| b.is_ascii_digit()), "{number}");
            prop_assert!((8..=15).contains(&number.len()), "{number}");
        }
    }

    #[test]
    fn date_is_iso_or_left_out(raw in "[0-9]{1,5}([-/. ][0-9]{1,4}){0,2}(\\.[0-9]{1,3})?") {
        match date::normalize(&raw, DateOrder::DayFirst) {
            Normalized::Valid(value) => {
                let parsed: jiff::civil::Date = value.parse().expect("valid date");
                prop_assert_eq!(parsed.strftime("%Y-%m-%d").to_string(), value);
                prop_assert!(parsed <= jiff::Zoned::now().date());
            }
            Normalized::Empty | Normalized::Rejected(_) => {}
        }
    }

    #[test]
    fn email_output_has_one_at(raw in "[ a-z@.;]{0,20}") {
        if let Normalized::Valid(value) = email::normalize(&raw) {
            prop_assert_eq!(value.matches('@').count(), 1);
            prop_assert!(!value.contains(' '));
        }
    }

}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn load_never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        load_text(&bytes);
    }

    #[test]
    fn load_never_panics_on_csv_like_text(text in csv_like()) {
        load_text(text.as_bytes());
        let mut with_header = String::from("code,name2,mobile,email,birthDate,gender,country\n");
        with_header.push_str(&text);
        load_text(with_header.as_bytes());
    }
}
