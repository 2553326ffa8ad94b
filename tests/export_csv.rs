//! The results export and the failed-rows export, read back with a CSV parser.

use std::path::Path;

use datanuum_sync::customer::{Columns, Customer, Field};
use datanuum_sync::export::{self, ResultRow};
use datanuum_sync::outcome::{Outcome, OutcomeKind};

fn read_back(path: &Path) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(path)
        .unwrap();
    reader
        .records()
        .map(|record| record.unwrap().iter().map(String::from).collect())
        .collect()
}

fn outcome(code: &str, kind: OutcomeKind, message: &str) -> Outcome {
    Outcome {
        customer: code.into(),
        outcome: kind,
        http_status: Some(400),
        datanuum_code: Some(1010),
        message: message.into(),
        account_id: None,
        attempts: 1,
    }
}

#[test]
fn results_export_columns_and_values() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("results.csv");
    let created = Outcome {
        http_status: Some(201),
        datanuum_code: None,
        account_id: Some("acc-000001".into()),
        ..outcome("C0101", OutcomeKind::Created, "created")
    };
    let failed = outcome("C0102", OutcomeKind::Failed, "-phone, email: \"required\"");
    let rows = [
        ResultRow {
            outcome: &created,
            time: "2026-12-04T20:00:00Z",
        },
        ResultRow {
            outcome: &failed,
            time: "2026-12-04T20:00:01Z",
        },
    ];

    export::export_results(&rows, &path).unwrap();

    let written = read_back(&path);
    assert_eq!(written[0], export::RESULT_HEADERS);
    assert_eq!(
        written[1],
        [
            "C0101",
            "created",
            "201",
            "",
            "created",
            "acc-000001",
            "1",
            "2026-12-04T20:00:00Z"
        ]
    );
    assert_eq!(written[2][4], "'-phone, email: \"required\"");
    assert_eq!(written[2][3], "1010");
}

#[test]
fn failed_rows_keep_layout() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("failed.csv");
    let mut columns = Columns::new(vec![
        "code".into(),
        "name1".into(),
        "mobile".into(),
        "address".into(),
    ]);
    columns.set(Field::Code, 0);
    columns.set(Field::Mobile, 2);
    let rows = [
        Customer::new(
            2,
            &[
                "C1",
                "سارة أحمد",
                "+966 50 000 0101",
                "line one\nline \"two\", x",
            ],
        ),
        Customer::new(4, &["C2", "@admin", "0500000102", ""]),
        Customer::new(5, &["C3", "short"]),
    ];
    let refs: Vec<&Customer> = rows.iter().collect();

    export::export_failed_rows(&columns, &refs, &path).unwrap();

    let written = read_back(&path);
    assert_eq!(written.len(), 4);
    assert_eq!(written[0], ["code", "name1", "mobile", "address"]);
    assert_eq!(
        written[1],
        [
            "C1",
            "سارة أحمد",
            "'+966 50 000 0101",
            "line one\nline \"two\", x"
        ]
    );
    assert_eq!(written[2], ["C2", "'@admin", "0500000102", ""]);
    assert_eq!(written[3], ["C3", "short"]);
}

#[test]
fn unwritable_path_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing-folder").join("results.csv");

    let error = export::export_results(&[], &path).unwrap_err();

    assert!(error.to_string().contains("missing-folder"), "{error}");
}

#[test]
fn failed_rows_header_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("failed.csv");
    let headers = ["code", "@errors", "=total", "+phone", "-note"];
    let mut columns = Columns::new(headers.iter().map(|cell| cell.to_string()).collect());
    columns.set(Field::Code, 0);
    let rows = [Customer::new(2, &["C1", "@bad", "=1+1", "+966", "-x"])];
    let refs: Vec<&Customer> = rows.iter().collect();

    export::export_failed_rows(&columns, &refs, &path).unwrap();

    let written = read_back(&path);
    assert_eq!(written[0], headers);
    assert_eq!(written[1], ["C1", "'@bad", "'=1+1", "'+966", "'-x"]);
}
