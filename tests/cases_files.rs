//! One test per file in `tests/fixtures/cases`: counts, line numbers, every payload and
//! every finding a correct load and payload build gives for that file.

mod cases_support;

use cases_support::{
    ExpectedFinding, Row, all_findings, assert_findings, assert_payloads, case_path, prepare_case,
};
use datanuum_sync::customer::{Field, Severity};
use datanuum_sync::load::{LoadError, LoadOptions, load_file};

use Severity::{BadRow, Invalid, Warning};

/// Loads and prepares `name`, then checks loaded lines, payloads and findings.
fn check_case(name: &str, lines: &[u32], rows: &[Row], findings: &[ExpectedFinding<'_>]) {
    let (file, prepared) = prepare_case(name);
    let loaded: Vec<u32> = file.customers.iter().map(|c| c.line()).collect();
    assert_eq!(loaded, lines, "{name}: lines of loaded customers");
    let prepared_lines: Vec<u32> = prepared.iter().map(|p| p.line).collect();
    assert_eq!(prepared_lines, lines, "{name}: lines of prepared customers");
    assert_payloads(&prepared, rows);
    let invalid = prepared.iter().filter(|p| p.payload.is_err()).count();
    let expected_invalid = findings.iter().filter(|f| f.3 == Invalid).count();
    assert_eq!(invalid, expected_invalid, "{name}: invalid customers");
    assert_findings(&all_findings(&file, &prepared), findings);
}

/// Runs [`check_case`], then checks that each finding's message is exactly the expected text.
fn check_case_messages(name: &str, lines: &[u32], rows: &[Row], findings: &[ExpectedFinding<'_>]) {
    check_case(name, lines, rows, findings);
    let (file, prepared) = prepare_case(name);
    let messages: Vec<String> = all_findings(&file, &prepared)
        .into_iter()
        .map(|finding| finding.message)
        .collect();
    let expected: Vec<&str> = findings.iter().map(|finding| finding.4).collect();
    assert_eq!(messages, expected, "{name}: finding messages");
}

#[test]
fn n01_erp_excel_export() {
    #[rustfmt::skip]
    let rows: &[Row] = &[
        ["C3101", "Reem", "Khaled", "F", "1994-09-07", "966500003101", "test3101@example.com", "Saudi Arabia", "R11"],
        ["C3102", "Youssef", "Samy", "M", "1987-01-21", "201000003102", "test3102@example.com", "Egypt", "R12"],
        ["C3103", "Haya", "Nasser", "F", "2001-11-30", "96550003103", "", "Kuwait", "R00"],
    ];
    check_case("N01_nama_excel_export.csv", &[4, 5, 6], rows, &[]);

    let file = cases_support::load_case("N01_nama_excel_export.csv");
    assert_eq!(file.columns.headers.len(), 12);
    assert_eq!(
        file.columns.header(Field::Mobile),
        Some("contactInfo.mobile")
    );
    assert_eq!(file.columns.header(Field::Ref5), Some("ref5#code"));
    assert_eq!(
        file.columns.header(Field::Country),
        Some("contactInfo.address.country")
    );
}

#[test]
fn b01_bom_before_quoted_header() {
    #[rustfmt::skip]
    let rows: &[Row] = &[
        ["C0101", "سارة", "أحمد", "F", "1990-05-14", "966500000101", "test101@example.com", "Saudi Arabia", "R01"],
        ["C0102", "محمد", "علي", "M", "1985-11-02", "966500000102", "test102@example.com", "United Arab Emirates", "R02"],
        ["C0103", "فاطمة", "حسن", "F", "1978-01-30", "966500000103", "test103@example.com", "Egypt", "R03"],
    ];
    check_case("B01_utf8_bom_quoted_header.csv", &[2, 3, 4], rows, &[]);

    let file = cases_support::load_case("B01_utf8_bom_quoted_header.csv");
    assert_eq!(file.columns.headers[0], "code");
    assert_eq!(file.encoding, "UTF-8");
    assert_eq!(file.customers[0].code(&file.columns), "C0101");
}

#[test]
fn b02_windows_1256_guessed() {
    #[rustfmt::skip]
    let rows: &[Row] = &[
        ["C0201", "نورة", "سالم", "F", "1992-03-08", "966500000201", "test201@example.com", "Saudi Arabia", "R04"],
        ["C0202", "خالد", "منصور", "M", "1988-07-21", "966500000202", "test202@example.com", "Kuwait", "R05"],
        ["C0203", "ليلى", "يوسف", "F", "1995-12-01", "966500000203", "test203@example.com", "Egypt", "R06"],
    ];
    let findings = [(
        0,
        None,
        None,
        Warning,
        "not UTF-8 and was read as windows-1256",
    )];
    check_case("B02_windows1256_ansi.csv", &[2, 3, 4], rows, &findings);

    let file = cases_support::load_case("B02_windows1256_ansi.csv");
    assert_eq!(file.encoding, "windows-1256");
    let first = file.customers[0].field(&file.columns, Field::First);
    let code_points: Vec<u32> = first.chars().map(u32::from).collect();
    assert_eq!(code_points, [0x0646, 0x0648, 0x0631, 0x0629]);
    for customer in &file.customers {
        assert!(!customer.cells().any(|cell| cell.contains('\u{FFFD}')));
    }
}

#[test]
fn b02_forced_encoding_has_no_guess_warning() {
    let options = LoadOptions {
        encoding: Some(encoding_rs::WINDOWS_1256),
        ..LoadOptions::default()
    };
    let file = load_file(&case_path("B02_windows1256_ansi.csv"), &options).expect("loads");
    assert_eq!(file.customers.len(), 3);
    assert!(file.findings.is_empty(), "{:?}", file.findings);
}

#[test]
fn b04_semicolon_delimiter() {
    #[rustfmt::skip]
    let rows: &[Row] = &[
        ["C0401", "يوسف", "إبراهيم", "M", "1991-06-25", "966500000401", "test401@example.com", "Saudi Arabia", "R01"],
        ["C0402", "هدى", "كمال", "F", "1987-02-14", "966500000402", "test402@example.com", "Egypt", "R03"],
        ["C0403", "أحمد", "سعيد", "M", "1975-10-05", "966500000403", "test403@example.com", "Saudi Arabia", "R02"],
    ];
    check_case("B04_semicolon_delimited.csv", &[2, 3, 4], rows, &[]);

    let file = cases_support::load_case("B04_semicolon_delimited.csv");
    assert_eq!(file.delimiter, b';');
    assert!(file.customers.iter().all(|c| c.len() == 11));
    assert_eq!(
        file.customers[0].field(&file.columns, Field::Name2),
        "Ibrahim, Youssef"
    );
}

#[test]
fn b05_multiline_quoted_fields() {
    #[rustfmt::skip]
    let rows: &[Row] = &[
        ["C0501", "عمر", "فاروق", "M", "1989-09-14", "966500000501", "test501@example.com", "Saudi Arabia", "R01"],
        ["C0502", "سلمى", "ناصر", "F", "1994-01-22", "966500000502", "test502@example.com", "Saudi Arabia", "R02"],
        ["C0503", "كريم", "عادل", "M", "1982-06-30", "966500000503", "test503@example.com", "Egypt", "R03"],
    ];
    check_case("B05_multiline_quoted_field.csv", &[2, 4, 5], rows, &[]);

    let file = cases_support::load_case("B05_multiline_quoted_field.csv");
    assert_eq!(file.customers[0].cell(11), "Villa 12\nStreet 5, Al Olaya");
    assert_eq!(
        file.customers[1].field(&file.columns, Field::Name2),
        "Salma \"Sally\" Nasser"
    );
    assert_eq!(file.customers[2].cell(11), "Tower B\nFloor 9\nOffice 4");
}

#[test]
fn b06_ragged_rows_are_bad_rows() {
    #[rustfmt::skip]
    let rows: &[Row] = &[
        ["C0601", "سارة", "محمود", "F", "1991-02-02", "966500000601", "test601@example.com", "Saudi Arabia", "R01"],
        ["C0603", "رنا", "فهد", "F", "1997-05-05", "966500000603", "test603@example.com", "Egypt", "R03"],
        ["C0605", "حسن", "جمال", "M", "1979-12-12", "966500000605", "test605@example.com", "Saudi Arabia", "R05"],
    ];
    let findings = [
        (3, Some("C0602"), None, BadRow, "8 fields, expected 11"),
        (5, Some("C0604"), None, BadRow, "12 fields, expected 11"),
    ];
    check_case("B06_ragged_rows.csv", &[2, 4, 6], rows, &findings);
}

#[test]
fn b07_duplicate_header_first_wins() {
    #[rustfmt::skip]
    let rows: &[Row] = &[
        ["C0701", "وليد", "حمدي", "M", "1984-04-04", "966500000701", "test701@example.com", "Saudi Arabia", "R01"],
        ["C0702", "دينا", "شريف", "F", "1993-03-13", "966500000702", "test702@example.com", "Saudi Arabia", "R02"],
        ["C0703", "ماجد", "فريد", "M", "1977-07-17", "966500000703", "test703@example.com", "Egypt", "R03"],
    ];
    let findings = [(
        1,
        None,
        Some("mobile"),
        Warning,
        "(column 8) and 'mobile' (column 12)",
    )];
    check_case("B07_duplicate_header.csv", &[2, 3, 4], rows, &findings);
}

#[test]
fn b09_erp_arabic_headers() {
    #[rustfmt::skip]
    let rows: &[Row] = &[
        ["C0901", "Amna", "Rashed", "F", "1993-08-19", "966500000901", "test901@example.com", "Saudi Arabia", "R01"],
        ["C0902", "Mostafa", "Nabil", "M", "1980-03-03", "966500000902", "test902@example.com", "Egypt", "R03"],
    ];
    check_case("B09_erp_arabic_headers.csv", &[2, 3], rows, &[]);

    let file = cases_support::load_case("B09_erp_arabic_headers.csv");
    let expected = [
        (Field::Code, "الكود"),
        (Field::Name1, "الاسم العربي"),
        (Field::Name2, "الاسم الإنجليزي"),
        (Field::Gender, "النوع"),
        (Field::BirthDate, "تاريخ الميلاد"),
        (Field::Mobile, "الموبايل"),
        (Field::Email, "إيميل"),
        (Field::Country, "الدولة"),
        (Field::Ref5, "مرجع 5"),
    ];
    for (field, header) in expected {
        assert_eq!(file.columns.header(field), Some(header), "{field}");
    }
    assert_eq!(file.columns.get(Field::First), None);
    assert_eq!(file.columns.get(Field::Last), None);
}

#[test]
fn b10_scientific_notation_phones() {
    #[rustfmt::skip]
    let rows: &[Row] = &[
        ["C1001", "جمال", "فتحي", "M", "1985-05-05", "", "test1001@example.com", "Saudi Arabia", "R01"],
        ["C1002", "سمر", "وائل", "F", "1992-02-20", "", "test1002@example.com", "Saudi Arabia", "R02"],
        ["C1003", "أيمن", "رضا", "M", "1979-09-19", "966500001003", "test1003@example.com", "Egypt", "R03"],
    ];
    let findings = [
        (
            2,
            Some("C1001"),
            Some("Phone"),
            Warning,
            "scientific notation 9.66501E+11: digits lost, phone left out",
        ),
        (
            3,
            Some("C1002"),
            Some("Phone"),
            Warning,
            "scientific notation 9.66500E+11: digits lost, phone left out",
        ),
        (
            5,
            Some("C1004"),
            None,
            Invalid,
            "phone 9.665E+11 unusable and no email: not sent",
        ),
    ];
    check_case_messages(
        "B10_phone_scientific_notation.csv",
        &[2, 3, 4, 5],
        rows,
        &findings,
    );
}

#[test]
fn b12_phone_formats() {
    #[rustfmt::skip]
    let rows: &[Row] = &[
        ["C1201", "هالة", "مجدي", "F", "1990-01-01", "966550001201", "test1201@example.com", "Saudi Arabia", "R01"],
        ["C1202", "سامح", "لطفي", "M", "1985-02-02", "971500001202", "test1202@example.com", "United Arab Emirates", "R01"],
        ["C1203", "جنى", "وليد", "F", "1999-03-03", "971500001203", "test1203@example.com", "United Arab Emirates", "R04"],
        ["C1204", "بدر", "ناصر", "M", "1982-04-04", "966550001204", "test1204@example.com", "Saudi Arabia", "R02"],
        ["C1205", "لمى", "سعد", "F", "1994-05-05", "966550001205", "test1205@example.com", "Saudi Arabia", "R05"],
        ["C1206", "شريف", "حازم", "M", "1987-06-06", "966550001206", "test1206@example.com", "Saudi Arabia", "R03"],
        ["C1207", "دعاء", "محمود", "F", "1992-07-07", "201000001207", "test1207@example.com", "Egypt", "R03"],
        ["C1208", "أسامة", "فوزي", "M", "1978-08-08", "201000001208", "test1208@example.com", "Egypt", "R06"],
        ["C1209", "رزان", "عمر", "F", "1996-09-09", "971500001209", "test1209@example.com", "United Arab Emirates", "R07"],
        ["C1210", "حمدي", "شوقي", "M", "1981-10-10", "", "test1210@example.com", "Saudi Arabia", "R03"],
    ];
    let findings = [(
        11,
        Some("C1210"),
        Some("mobile"),
        Warning,
        "'055 000 12' is too short: phone left out",
    )];
    let lines: Vec<u32> = (2..=11).collect();
    check_case_messages("B12_phone_formats_gulf_egypt.csv", &lines, rows, &findings);
}

#[test]
fn b14_excel_serial_dates() {
    #[rustfmt::skip]
    let rows: &[Row] = &[
        ["C1401", "رامي", "كامل", "M", "1987-06-15", "966500001401", "test1401@example.com", "Saudi Arabia", "R01"],
        ["C1402", "سهى", "أنور", "F", "1979-12-03", "966500001402", "test1402@example.com", "Saudi Arabia", "R02"],
        ["C1403", "زياد", "فهمي", "M", "2000-01-01", "966500001403", "test1403@example.com", "Egypt", "R03"],
        ["C1404", "نهى", "سمير", "F", "1990-05-14", "966500001404", "test1404@example.com", "Saudi Arabia", "R01"],
    ];
    check_case("B14_excel_serial_dates.csv", &[2, 3, 4, 5], rows, &[]);
}

#[test]
fn b16_gender_values() {
    #[rustfmt::skip]
    let rows: &[Row] = &[
        ["C1601", "Ali", "Hussein", "M", "1980-01-15", "966500001601", "test1601@example.com", "Saudi Arabia", "R01"],
        ["C1602", "Nada", "Farid", "F", "1991-02-15", "966500001602", "test1602@example.com", "Saudi Arabia", "R02"],
        ["C1603", "Saeed", "Ramadan", "M", "1975-03-15", "966500001603", "test1603@example.com", "Egypt", "R03"],
        ["C1604", "Manar", "Essam", "F", "1993-04-15", "966500001604", "test1604@example.com", "Saudi Arabia", "R01"],
        ["C1605", "Amal", "Shaker", "F", "1988-05-15", "966500001605", "test1605@example.com", "Kuwait", "R05"],
        ["C1606", "Heba", "Nasr", "F", "1997-06-15", "966500001606", "test1606@example.com", "Egypt", "R06"],
        ["C1607", "Fady", "Naeem", "M", "1984-07-15", "966500001607", "test1607@example.com", "United Arab Emirates", "R07"],
        ["C1608", "Tamer", "Bahaa", "", "1990-08-15", "966500001608", "test1608@example.com", "Saudi Arabia", "R08"],
    ];
    let findings = [(
        9,
        Some("C1608"),
        Some("gender"),
        Warning,
        "unrecognised value 'U': left out",
    )];
    let lines: Vec<u32> = (2..=9).collect();
    check_case_messages("B16_gender_values.csv", &lines, rows, &findings);

    let file = cases_support::load_case("B16_gender_values.csv");
    assert_eq!(file.columns.header(Field::Country), Some("countryCode"));
    assert_eq!(file.columns.header(Field::Ref5), Some("ref5Code"));
}

#[test]
fn b17_email_values() {
    #[rustfmt::skip]
    let rows: &[Row] = &[
        ["C1701", "كمال", "راضي", "M", "1983-01-17", "966500001701", "test1701@example.com", "Saudi Arabia", "R01"],
        ["C1702", "لبنى", "زكي", "F", "1990-02-17", "966500001702", "", "Saudi Arabia", "R02"],
        ["C1703", "هشام", "عوض", "M", "1979-03-17", "966500001703", "", "Egypt", "R03"],
        ["C1704", "سوسن", "بكر", "F", "1995-04-17", "966500001704", "", "Saudi Arabia", "R01"],
        ["C1705", "نبيل", "ثابت", "M", "1986-05-17", "966500001705", "", "Saudi Arabia", "R05"],
        ["C1706", "عبير", "حلمي", "F", "1992-06-17", "966500001706", "", "Egypt", "R03"],
        ["C1707", "ماهر", "سليم", "M", "1981-07-17", "966500001707", "test1707@example.com", "United Arab Emirates", "R04"],
        ["C1708", "رشا", "غانم", "F", "1998-08-17", "966500001708", "test1708@example.com", "Saudi Arabia", "R02"],
    ];
    let findings = [
        (
            3,
            Some("C1702"),
            Some("email"),
            Warning,
            "trailing dot: email left out",
        ),
        (
            4,
            Some("C1703"),
            Some("email"),
            Warning,
            "two @: email left out",
        ),
        (
            5,
            Some("C1704"),
            Some("email"),
            Warning,
            "space inside: email left out",
        ),
        (
            6,
            Some("C1705"),
            Some("email"),
            Warning,
            "no @: email left out",
        ),
        (
            7,
            Some("C1706"),
            Some("email"),
            Warning,
            "two addresses in one cell: email left out",
        ),
        (
            10,
            Some("C1709"),
            None,
            Invalid,
            "phone 12345 invalid and no email: not sent",
        ),
    ];
    let lines: Vec<u32> = (2..=10).collect();
    check_case_messages("B17_email_values.csv", &lines, rows, &findings);
}

#[test]
fn b18_rtl_text_kept_in_logical_order() {
    #[rustfmt::skip]
    let rows: &[Row] = &[
        ["C1801", "سارة", "أحمد", "F", "1990-05-18", "966500001801", "test1801@example.com", "Saudi Arabia", "R01"],
        ["C1802", "عبد الله", "بن سالم", "M", "1972-06-18", "966500001802", "test1802@example.com", "Saudi Arabia", "R02"],
        ["C1803", "Lina", "الحسيني", "F", "1994-07-18", "966500001803", "test1803@example.com", "Egypt", "R03"],
    ];
    check_case("B18_rtl_and_mixed_direction.csv", &[2, 3, 4], rows, &[]);

    let (_, prepared) = prepare_case("B18_rtl_and_mixed_direction.csv");
    let Ok(payload) = &prepared[1].payload else {
        panic!("C1802 not sendable");
    };
    let first = payload.profile["first"].as_str().unwrap_or_default();
    let code_points: Vec<u32> = first.chars().map(u32::from).collect();
    assert_eq!(
        code_points,
        [
            0x0639, 0x0628, 0x062F, 0x0020, 0x0627, 0x0644, 0x0644, 0x0647
        ]
    );
    for prepared in &prepared {
        let Ok(payload) = &prepared.payload else {
            continue;
        };
        for value in payload.profile.values() {
            let text = value.as_str().unwrap_or_default();
            let forms = |c: char| matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}');
            assert!(!text.chars().any(forms), "presentation form in {text}");
            assert!(
                !text
                    .chars()
                    .any(|c| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
            );
        }
    }
}

#[test]
fn b19_wide_names() {
    #[rustfmt::skip]
    let rows: &[Row] = &[
        ["C1901", "小明", "王", "M", "1988-01-19", "971500001901", "test1901@example.com", "China", "R01"],
        ["C1902", "نورة", "سالم", "F", "1996-02-19", "966500001902", "test1902@example.com", "Saudi Arabia", "R01"],
        ["C1903", "花子", "佐藤", "F", "1993-03-19", "971500001903", "test1903@example.com", "Japan", "R04"],
        ["C1904", "عبد الرحمن", "الهاشمي", "M", "1970-04-19", "966500001904", "test1904@example.com", "Saudi Arabia", "R01"],
    ];
    check_case("B19_wide_cjk_emoji_names.csv", &[2, 3, 4, 5], rows, &[]);
}

#[test]
fn b22_arabic_spelling_variants_kept() {
    #[rustfmt::skip]
    let rows: &[Row] = &[
        ["C2201", "أحمد", "سعيد", "M", "1980-01-22", "966500002201", "test2201@example.com", "Saudi Arabia", "R01"],
        ["C2202", "إيمان", "فؤاد", "F", "1985-02-22", "966500002202", "test2202@example.com", "Saudi Arabia", "R02"],
        ["C2203", "آمنة", "راشد", "F", "1990-03-22", "966500002203", "test2203@example.com", "Egypt", "R03"],
        ["C2204", "فاطمة", "الزهراء", "F", "1992-04-22", "966500002204", "test2204@example.com", "Saudi Arabia", "R01"],
        ["C2205", "مصطفى", "نبيل", "M", "1978-05-22", "966500002205", "test2205@example.com", "Kuwait", "R05"],
        ["C2206", "مُحَمَّد", "علي", "M", "1983-06-22", "966500002206", "test2206@example.com", "Egypt", "R06"],
        ["C2207", "محـــمد", "حسن", "M", "1987-07-22", "966500002207", "test2207@example.com", "Saudi Arabia", "R04"],
        ["C2208", "يحيى", "زكريا", "M", "1975-08-22", "966500002208", "test2208@example.com", "Saudi Arabia", "R02"],
    ];
    let lines: Vec<u32> = (2..=9).collect();
    check_case("B22_arabic_search_variants.csv", &lines, rows, &[]);
}

#[test]
fn b23_xlsx_rejected() {
    let result = load_file(
        &case_path("B23_xlsx_saved_as_csv.csv"),
        &LoadOptions::default(),
    );
    let Err(error) = result else {
        panic!("an .xlsx file loaded");
    };
    assert!(matches!(error, LoadError::NotCsv { .. }), "{error:?}");
    let message = error.to_string();
    assert!(message.contains("Excel workbook (ZIP/.xlsx)"), "{message}");
    assert!(message.contains("CSV UTF-8"), "{message}");
}

#[test]
fn b23_empty_file_rejected() {
    let result = load_file(&case_path("B23_empty_file.csv"), &LoadOptions::default());
    let Err(error) = result else {
        panic!("an empty file loaded");
    };
    assert!(matches!(error, LoadError::Empty { .. }), "{error:?}");
    assert!(error.to_string().contains("empty"), "{error}");
}

#[test]
fn b24_timeout_input() {
    #[rustfmt::skip]
    let rows: &[Row] = &[
        ["C2401", "أنس", "مجدي", "M", "1990-01-24", "966500002401", "test2401@example.com", "Saudi Arabia", "R01"],
        ["C2402", "جيهان", "رؤوف", "F", "1986-02-24", "966500002402", "test2402@example.com", "Saudi Arabia", "R01"],
    ];
    check_case("B24_api_timeout.csv", &[2, 3], rows, &[]);
}

#[test]
fn b25_rate_limit_input() {
    #[rustfmt::skip]
    let rows: &[Row] = &[
        ["C2501", "صفاء", "نجيب", "F", "1991-01-25", "966500002501", "test2501@example.com", "Saudi Arabia", "R01"],
        ["C2502", "حازم", "عبده", "M", "1982-02-25", "966500002502", "test2502@example.com", "Saudi Arabia", "R01"],
    ];
    check_case("B25_api_rate_limit_429.csv", &[2, 3], rows, &[]);
}

#[test]
fn b28_formula_values_sent_unchanged() {
    #[rustfmt::skip]
    let rows: &[Row] = &[
        ["C2801", "Test", "=1+1", "M", "1990-01-28", "966500002801", "test2801@example.com", "Saudi Arabia", "R01"],
        ["C2802", "@SUM(A1:A9)", "سالم", "M", "1985-02-28", "966500002802", "test2802@example.com", "Saudi Arabia", "R02"],
        ["C2803", "-2+3", "Minus", "F", "1993-03-28", "966500002803", "test2803@example.com", "Egypt", "R03"],
        ["C2804", "+Plus", "Sign", "F", "1996-04-28", "966500002804", "test2804@example.com", "Saudi Arabia", "R01"],
        ["C2805", "عمر", "نبيل", "M", "1981-05-28", "971500002805", "test2805@example.com", "United Arab Emirates", "R01"],
    ];
    check_case(
        "B28_formula_injection_export.csv",
        &[2, 3, 4, 5, 6],
        rows,
        &[],
    );

    let file = cases_support::load_case("B28_formula_injection_export.csv");
    let name1 = file.customers[0].field(&file.columns, Field::Name1);
    assert_eq!(name1, "=HYPERLINK(\"http://example.invalid/x\",\"click\")");
}
