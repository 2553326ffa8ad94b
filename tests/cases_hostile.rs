//! Hostile cell values: control characters, oversized values, unclosed quotes, contacts
//! shared by two customers and files the tool exported itself.

mod cases_support;

use std::io::Write;

use cases_support::case_config;
use datanuum_sync::customer::{Finding, Severity};
use datanuum_sync::load::{CustomerFile, LoadOptions, load_file};
use datanuum_sync::payload::{Prepared, prepare, shared_contacts};

/// Writes `text` to a temporary file, loads it and prepares every customer.
fn prepare_text(text: &str) -> (CustomerFile, Vec<Prepared>) {
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    file.write_all(text.as_bytes()).expect("write temp file");
    let loaded = match load_file(file.path(), &LoadOptions::default()) {
        Ok(loaded) => loaded,
        Err(error) => panic!("load failed: {error}"),
    };
    let config = case_config();
    let prepared = loaded
        .customers
        .iter()
        .map(|customer| prepare(&config, &loaded.columns, customer))
        .collect();
    (loaded, prepared)
}

fn profile_value<'a>(prepared: &'a Prepared, key: &str) -> Option<&'a str> {
    let payload = prepared.payload.as_ref().ok()?;
    payload.profile.get(key)?.as_str()
}

fn warnings(prepared: &Prepared) -> Vec<&Finding> {
    prepared
        .findings
        .iter()
        .filter(|finding| finding.severity == Severity::Warning)
        .collect()
}

#[test]
fn control_characters_removed_from_names() {
    let text = "code,first,last,mobile\nK1,\u{1b}[2JAli\u{7},Al\u{9b}i,0501234567\n";
    let (_, prepared) = prepare_text(text);
    let customer = &prepared[0];

    assert_eq!(profile_value(customer, "first"), Some("[2JAli"));
    assert_eq!(profile_value(customer, "last"), Some("Ali"));
    let found = warnings(customer);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].field.as_deref(), Some("first"));
    assert_eq!(found[0].message, "control characters removed");
    assert_eq!(found[1].field.as_deref(), Some("last"));
}

#[test]
fn oversized_email_left_out() {
    let local = "x".repeat(100_000);
    let text = format!("code,name2,mobile,email\nK2,Ali,0501234567,{local}@example.com\n");
    let (_, prepared) = prepare_text(&text);
    let customer = &prepared[0];

    assert_eq!(profile_value(customer, "email"), None);
    assert_eq!(profile_value(customer, "phone"), Some("966501234567"));
    let found = warnings(customer);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].message, "too long: email left out");
}

#[test]
fn long_phone_quoted_briefly() {
    let phone = "5".repeat(5_000);
    let text = format!("code,name2,mobile,email\nK3,Ali,{phone},k3@example.com\n");
    let (_, prepared) = prepare_text(&text);
    let found = warnings(&prepared[0]);

    assert_eq!(found.len(), 1, "{found:?}");
    let message = &found[0].message;
    assert!(message.chars().count() < 120, "{message}");
    assert!(
        message.contains(&format!("'{}…'", "5".repeat(40))),
        "{message}"
    );
    assert!(message.ends_with("phone left out"), "{message}");
}

#[test]
fn unsendable_reason_quotes_briefly() {
    let email = format!("{}@", "e".repeat(3_000));
    let text = format!("code,name2,mobile,email\nK4,Ali,,{email}\n");
    let (_, prepared) = prepare_text(&text);
    let Err(reason) = &prepared[0].payload else {
        panic!("K4 sendable");
    };

    assert!(reason.chars().count() < 120, "{reason}");
    assert!(reason.contains('…'), "{reason}");
}

#[test]
fn misread_header_listed_briefly() {
    let options = LoadOptions {
        encoding: Some(encoding_rs::UTF_16LE),
        ..LoadOptions::default()
    };
    let path = cases_support::case_path("B01_utf8_bom_quoted_header.csv");
    let error = match load_file(&path, &options) {
        Ok(_) => panic!("B01 read as UTF-16LE loaded"),
        Err(error) => error.to_string(),
    };

    assert!(error.contains("no customer code column"), "{error}");
    assert!(error.chars().count() < 400, "{error}");
    assert!(error.contains('…'), "{error}");
}

#[test]
fn unclosed_quote_reported_on_its_line() {
    let text = "code,name2,mobile\nQ1,\"Open quote,0501234567\nQ2,x,0501234568\n";
    let (file, _) = prepare_text(text);

    assert!(file.customers.is_empty());
    assert_eq!(file.findings.len(), 1, "{:?}", file.findings);
    let finding = &file.findings[0];
    assert_eq!(finding.line, 2);
    assert_eq!(finding.severity, Severity::BadRow);
    assert_eq!(finding.customer.as_deref(), Some("Q1"));
    assert!(
        finding.message.contains("never closed"),
        "{}",
        finding.message
    );
    assert!(
        finding.message.contains("1 more line)"),
        "{}",
        finding.message
    );
}

#[test]
fn unclosed_quote_without_final_line_break() {
    let text =
        "code,name2,mobile\nQ0,Ok,0501234560\nQ1,\"Open,0501234567\nQ2,x,0501234568\nQ3,y,05";
    let (file, _) = prepare_text(text);

    assert_eq!(file.customers.len(), 1);
    assert_eq!(file.findings.len(), 1, "{:?}", file.findings);
    assert_eq!(file.findings[0].line, 3);
    assert!(file.findings[0].message.contains("2 more lines)"));
}

#[test]
fn closed_multiline_quote_at_end_still_loads() {
    let text =
        "code,name2,mobile\nQ1,\"Two\nlines\",0501234567\nQ2,\"x \"\"y\"\"\",\"0501234568\"\n";
    let (file, prepared) = prepare_text(text);

    assert!(file.findings.is_empty(), "{:?}", file.findings);
    assert_eq!(prepared.len(), 2);
    assert_eq!(prepared[1].line, 4);
}

#[test]
fn shared_phone_and_email_warned() {
    let text = "code,name2,mobile,email\n\
                D1001,A,0551114001,one@example.com\n\
                D1002,B,0551114002,two@example.com\n\
                D1003,C,+966 55 111 4002,\n\
                D1004,D,,TWO@example.com\n\
                D1005,E,0551114005,\n\
                D1006,F,,one@example.com\n";
    let (file, prepared) = prepare_text(text);
    let findings = shared_contacts(&file.columns, &prepared);

    assert_eq!(findings.len(), 3, "{findings:?}");
    assert_eq!(findings[0].line, 4);
    assert_eq!(findings[0].customer.as_deref(), Some("D1003"));
    assert_eq!(findings[0].field.as_deref(), Some("mobile"));
    assert_eq!(
        findings[0].message,
        "phone 966551114002 is also used by D1002 (line 3): Datanuum keys accounts by \
         phone, so this send updates that account"
    );
    assert_eq!(findings[1].customer.as_deref(), Some("D1004"));
    assert!(findings[1].message.contains("by D1002 (line 3)"));
    assert_eq!(findings[2].customer.as_deref(), Some("D1006"));
    assert!(findings[2].message.contains("by D1001 (line 2)"));
}

#[test]
fn invalid_customers_share_nothing() {
    let text = "code,name2,mobile,email\nD1,A,123,\nD2,B,123,\n";
    let (file, prepared) = prepare_text(text);

    assert!(shared_contacts(&file.columns, &prepared).is_empty());
}

#[test]
fn neutralised_export_loads_back_unchanged() {
    let original =
        std::fs::read_to_string(cases_support::case_path("B28_formula_injection_export.csv"))
            .expect("read B28");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(original.as_bytes());
    let mut writer = csv::Writer::from_writer(Vec::new());
    for record in reader.records() {
        let record = record.expect("B28 record");
        let cells: Vec<String> = record
            .iter()
            .map(|cell| datanuum_sync::export::neutralise(cell).into_owned())
            .collect();
        writer.write_record(&cells).expect("write record");
    }
    let exported = String::from_utf8(writer.into_inner().expect("flush")).expect("UTF-8");
    assert!(exported.contains("'=1+1"), "{exported}");

    let (_, before) = prepare_text(&original);
    let (file, after) = prepare_text(&exported);
    assert!(file.findings.is_empty(), "{:?}", file.findings);
    assert_eq!(after.len(), 5);
    for (before, after) in before.iter().zip(&after) {
        assert_eq!(before.payload, after.payload, "{}", before.code);
        assert_eq!(before.findings, after.findings, "{}", before.code);
    }
    assert_eq!(profile_value(&after[0], "last"), Some("=1+1"));
}

#[test]
fn invalid_reason_says_not_sent_once() {
    let text = "code,name2,mobile,email\nK5,Ali,12345,\n";
    let (_, prepared) = prepare_text(text);
    let customer = &prepared[0];

    assert_eq!(
        customer.payload,
        Err("phone 12345 invalid and no email".to_string())
    );
    let invalid: Vec<&Finding> = customer
        .findings
        .iter()
        .filter(|finding| finding.severity == Severity::Invalid)
        .collect();
    assert_eq!(invalid.len(), 1);
    assert_eq!(
        invalid[0].message,
        "phone 12345 invalid and no email: not sent"
    );
}
