//! The network cases: each scenario file drives the stand-in, and the batch runner sends
//! the case's customers (payloads as the loader would build them) against it.

mod net_support;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use datanuum_sync::batch::{self, BatchOptions};
use datanuum_sync::config::RewardConfig;
use datanuum_sync::customer::{Columns, Customer};
use datanuum_sync::export::{self, ResultRow};
use datanuum_sync::mock::{self, MockOptions, MockServer, RecordedRequest, Scenario};
use datanuum_sync::outcome::{Outcome, OutcomeKind};
use datanuum_sync::payload::Payload;
use net_support::{config, item, payload};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cases")
        .join(name)
}

/// Starts the stand-in with a scenario file and returns it with a config set as the
/// scenario's `config` section sets.
async fn scenario_server(name: &str) -> (MockServer, RewardConfig) {
    let scenario = Scenario::load(&fixture(name)).unwrap();
    let settings = scenario.config.clone();
    let server = mock::start(MockOptions {
        scenario: Some(scenario),
        ..MockOptions::default()
    })
    .await
    .unwrap();
    let mut config = config(server.url());
    config.timeout = Duration::from_secs(settings.timeout_secs.unwrap());
    config.max_retries = settings.max_retries.unwrap();
    config.default_country = settings.default_country.unwrap();
    (server, config)
}

/// A payload row of the cases' expected-payload tables.
struct Row<'a> {
    code: &'a str,
    first: &'a str,
    last: &'a str,
    gender: &'a str,
    birthdate: &'a str,
    phone: &'a str,
    email: &'a str,
    nationality: &'a str,
    branch: &'a str,
}

impl Row<'_> {
    fn payload(&self) -> Payload {
        payload(
            &[
                ("phone", self.phone),
                ("email", self.email),
                ("first", self.first),
                ("last", self.last),
                ("gender", self.gender),
                ("birthdate", self.birthdate),
                ("nationality", self.nationality),
            ],
            Some(self.branch),
        )
    }
}

async fn send_rows(config: RewardConfig, rows: &[Row<'_>]) -> Vec<Outcome> {
    let items = rows
        .iter()
        .enumerate()
        .map(|(index, row)| item(index, row.code, row.payload()))
        .collect();
    batch::run(Arc::new(config), items, None, BatchOptions::default()).await
}

fn requests_for(server: &MockServer, phone: &str) -> Vec<RecordedRequest> {
    server
        .requests()
        .into_iter()
        .filter(|request| {
            request
                .json()
                .and_then(|body| body.get("phone").cloned())
                .is_some_and(|value| value == phone)
        })
        .collect()
}

fn gaps(requests: &[RecordedRequest]) -> Vec<Duration> {
    requests
        .windows(2)
        .map(|pair| pair[1].received.duration_since(pair[0].received))
        .collect()
}

#[tokio::test]
async fn b24_api_timeout() {
    let (server, config) = scenario_server("B24_api_timeout.scenario.json").await;
    let timeout = config.timeout;
    let rows = [
        Row {
            code: "C2401",
            first: "أنس",
            last: "مجدي",
            gender: "M",
            birthdate: "1990-01-24",
            phone: "966500002401",
            email: "test2401@example.com",
            nationality: "Saudi Arabia",
            branch: "R01",
        },
        Row {
            code: "C2402",
            first: "جيهان",
            last: "رؤوف",
            gender: "F",
            birthdate: "1986-02-24",
            phone: "966500002402",
            email: "test2402@example.com",
            nationality: "Saudi Arabia",
            branch: "R01",
        },
    ];
    let begun = std::time::Instant::now();

    let outcomes = send_rows(config, &rows).await;

    let elapsed = begun.elapsed();
    let hung = &outcomes[0];
    assert_eq!(hung.outcome, OutcomeKind::Failed);
    assert_eq!(hung.attempts, 4);
    assert_eq!(hung.http_status, None);
    assert!(hung.message.contains("timeout"), "{}", hung.message);
    assert_eq!(outcomes[1].outcome, OutcomeKind::Created);
    assert_eq!(outcomes[1].account_id.as_deref(), Some("acc-2402"));
    let hung_requests = requests_for(&server, "966500002401");
    assert_eq!(hung_requests.len(), 4);
    // Each attempt waits the whole timeout before the next one starts.
    for gap in gaps(&hung_requests) {
        assert!(gap >= timeout, "gap {gap:?} shorter than the timeout");
    }
    assert!(elapsed < Duration::from_secs(60), "took {elapsed:?}");
}

#[tokio::test]
async fn b25_api_rate_limit_429() {
    let (server, config) = scenario_server("B25_api_rate_limit_429.scenario.json").await;
    let rows = [
        Row {
            code: "C2501",
            first: "صفاء",
            last: "نجيب",
            gender: "F",
            birthdate: "1991-01-25",
            phone: "966500002501",
            email: "test2501@example.com",
            nationality: "Saudi Arabia",
            branch: "R01",
        },
        Row {
            code: "C2502",
            first: "حازم",
            last: "عبده",
            gender: "M",
            birthdate: "1982-02-25",
            phone: "966500002502",
            email: "test2502@example.com",
            nationality: "Saudi Arabia",
            branch: "R01",
        },
    ];

    let outcomes = send_rows(config, &rows).await;

    assert_eq!(outcomes[0].outcome, OutcomeKind::Created);
    assert_eq!(outcomes[0].attempts, 2);
    let first = requests_for(&server, "966500002501");
    assert_eq!(first.len(), 2);
    assert!(
        gaps(&first)[0] >= Duration::from_secs(3),
        "{:?}",
        gaps(&first)
    );
    assert_ne!(
        first[0].header("oauth_nonce"),
        first[1].header("oauth_nonce")
    );

    assert_eq!(outcomes[1].outcome, OutcomeKind::Failed);
    assert_eq!(outcomes[1].http_status, Some(429));
    assert_eq!(outcomes[1].attempts, 4);
    let second = requests_for(&server, "966500002502");
    assert_eq!(second.len(), 4);
    let waits = gaps(&second);
    for pair in waits.windows(2) {
        assert!(pair[1] > pair[0], "gaps do not grow: {waits:?}");
    }
    let total: Duration = waits.iter().sum();
    assert!(total >= Duration::from_secs(1), "{waits:?}");
}

fn b28_rows() -> [Row<'static>; 5] {
    [
        Row {
            code: "C2801",
            first: "Test",
            last: "=1+1",
            gender: "M",
            birthdate: "1990-01-28",
            phone: "966500002801",
            email: "test2801@example.com",
            nationality: "Saudi Arabia",
            branch: "R01",
        },
        Row {
            code: "C2802",
            first: "@SUM(A1:A9)",
            last: "سالم",
            gender: "M",
            birthdate: "1985-02-28",
            phone: "966500002802",
            email: "test2802@example.com",
            nationality: "Saudi Arabia",
            branch: "R02",
        },
        Row {
            code: "C2803",
            first: "-2+3",
            last: "Minus",
            gender: "F",
            birthdate: "1993-03-28",
            phone: "966500002803",
            email: "test2803@example.com",
            nationality: "Egypt",
            branch: "R03",
        },
        Row {
            code: "C2804",
            first: "+Plus",
            last: "Sign",
            gender: "F",
            birthdate: "1996-04-28",
            phone: "966500002804",
            email: "test2804@example.com",
            nationality: "Saudi Arabia",
            branch: "R01",
        },
        Row {
            code: "C2805",
            first: "عمر",
            last: "نبيل",
            gender: "M",
            birthdate: "1981-05-28",
            phone: "971500002805",
            email: "test2805@example.com",
            nationality: "United Arab Emirates",
            branch: "R01",
        },
    ]
}

/// Reads a CSV file into a column layout and rows, as plainly as the loader would.
fn read_csv(path: &Path) -> (Columns, Vec<Customer>) {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .enumerate()
        .map(|(index, record)| {
            let record = record.unwrap();
            let cells: Vec<&str> = record.iter().collect();
            Customer::new(index as u32 + 2, &cells)
        })
        .collect();
    (Columns::new(headers), rows)
}

fn read_back(path: &Path) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .unwrap();
    reader
        .records()
        .map(|record| record.unwrap().iter().map(String::from).collect())
        .collect()
}

#[tokio::test]
async fn b28_formula_injection_export() {
    let (server, config) = scenario_server("B28_formula_injection_export.scenario.json").await;
    let rows = b28_rows();

    let outcomes = send_rows(config, &rows).await;

    assert_eq!(server.requests().len(), 5);
    for outcome in &outcomes {
        assert_eq!(outcome.outcome, OutcomeKind::Failed, "{}", outcome.customer);
        assert_eq!(outcome.http_status, Some(400));
        assert_eq!(outcome.datanuum_code, Some(9999));
        assert_eq!(outcome.attempts, 1);
    }
    let sent = requests_for(&server, "966500002801");
    assert_eq!(sent[0].json().unwrap()["last"], "=1+1");

    let out = tempfile::tempdir().unwrap();
    let (columns, customers) = read_csv(&fixture("B28_formula_injection_export.csv"));
    let failed: Vec<&Customer> = customers.iter().collect();
    let failed_path = out.path().join("failed.csv");
    export::export_failed_rows(&columns, &failed, &failed_path).unwrap();
    let written = read_back(&failed_path);
    assert_eq!(written.len(), 6);
    assert_eq!(written[0], columns.headers);
    let expected_changed = [
        "'=HYPERLINK(\"http://example.invalid/x\",\"click\")",
        "'=1+1",
        "'@SUM(A1:A9)",
        "'-2+3",
        "'+Plus",
        "'+971 50 000 2805",
    ];
    let mut changed = Vec::new();
    for (row, customer) in written[1..].iter().zip(&customers) {
        assert_eq!(row.len(), customer.len());
        for (cell, original) in row.iter().zip(customer.cells()) {
            if cell != original {
                assert_eq!(*cell, format!("'{original}"));
                changed.push(cell.clone());
            }
        }
    }
    assert_eq!(changed, expected_changed);

    let time = "2026-12-04T20:00:00Z";
    let result_rows: Vec<ResultRow> = outcomes
        .iter()
        .map(|outcome| ResultRow { outcome, time })
        .collect();
    let results_path = out.path().join("results.csv");
    export::export_results(&result_rows, &results_path).unwrap();
    let results = read_back(&results_path);
    assert_eq!(results.len(), 6);
    assert_eq!(results[1][0], "C2801");
    assert_eq!(results[1][1], "failed");
    assert_eq!(results[1][2], "400");
    assert_eq!(results[1][3], "9999");
    for cell in results.iter().flatten() {
        assert!(
            !cell.starts_with(['=', '+', '-', '@']),
            "results cell {cell:?} could run as a formula"
        );
    }
}
