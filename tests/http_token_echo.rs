//! A server that echoes the token back: the token must not reach the outcome, the attempt
//! records, the journal, the exports or the fetched profile.

mod net_support;

use std::sync::Arc;

use datanuum_sync::client::{Client, SendContext};
use datanuum_sync::customer::{Columns, Customer, Field};
use datanuum_sync::export::{self, ResultRow};
use datanuum_sync::journal::Journal;
use datanuum_sync::mock::{self, MockOptions, Scenario};
use datanuum_sync::outcome::OutcomeKind;
use net_support::{TOKEN, config, customer, quick_retries, shared};

/// Phone of customer `n`, as `net_support::customer` builds it.
fn phone(n: usize) -> String {
    format!("9665{n:08}")
}

/// Scripts the create call: a JSON 400, an HTML 500 and a 201 that all carry the token.
fn echo_scenario() -> Scenario {
    let html = format!(
        "<html><body><h1>500</h1><p>request with oauth_token={TOKEN} failed</p>{}</body></html>",
        "x".repeat(400)
    );
    let script = serde_json::json!({
        "server": {"method": "POST", "path": "/accounts"},
        "behaviour": {
            phone(1): [{"status": 400,
                        "body": format!(r#"{{"code":1001,"message":"token {TOKEN} is not valid"}}"#)}],
            phone(2): [{"status": 500, "headers": {"Content-Type": "text/html"}, "body": html}],
            phone(3): [{"status": 201,
                        "body": format!(r#"{{"status":"success","message":"hello {TOKEN}","account":{{"accountId":"{TOKEN}"}}}}"#)}],
        }
    });
    Scenario::from_json(&script.to_string()).unwrap()
}

#[tokio::test]
async fn echoed_token_is_masked_everywhere() {
    let server = mock::start(MockOptions {
        scenario: Some(echo_scenario()),
        ..MockOptions::default()
    })
    .await
    .unwrap();
    let mut config = config(server.url());
    config.max_retries = 1;
    let config = shared(config);
    let data = tempfile::tempdir().unwrap();
    let (journal, _) = Journal::open(data.path(), &config.code).unwrap();
    let client = Client::new(Arc::clone(&config))
        .unwrap()
        .with_retry_policy(quick_retries().retry);
    let context = SendContext {
        journal: Some(&journal),
        ..SendContext::detached()
    };

    let mut outcomes = Vec::new();
    for n in 1..=3 {
        let (code, payload) = customer(n);
        let result = client.send(&code, &payload, &context).await;
        assert!(
            !format!("{result:?}").contains(TOKEN),
            "outcome or records keep the token: {result:?}"
        );
        assert!(
            result
                .records
                .iter()
                .all(|record| record.http_status.is_some())
        );
        outcomes.push(result.outcome);
    }
    assert_eq!(outcomes[0].outcome, OutcomeKind::Failed);
    assert!(
        outcomes[0].message.contains("••••2345"),
        "{:?}",
        outcomes[0]
    );
    assert_eq!(outcomes[1].outcome, OutcomeKind::Failed);
    assert!(
        outcomes[1].message.contains("••••2345"),
        "{:?}",
        outcomes[1]
    );
    assert_eq!(outcomes[2].outcome, OutcomeKind::Created);
    assert_eq!(outcomes[2].account_id.as_deref(), Some("••••2345"));

    let journal_text = std::fs::read_to_string(journal.path()).unwrap();
    assert!(journal_text.contains("••••2345"));
    assert!(!journal_text.contains(TOKEN), "{journal_text}");

    let results = data.path().join("results.csv");
    let rows: Vec<ResultRow<'_>> = outcomes
        .iter()
        .map(|outcome| ResultRow {
            outcome,
            time: "2026-12-04T20:00:00Z",
        })
        .collect();
    export::export_results(&rows, &results).unwrap();
    let mut columns = Columns::new(vec!["code".into(), "mobile".into()]);
    columns.set(Field::Code, 0);
    columns.set(Field::Mobile, 1);
    let failed_rows = [
        Customer::new(2, &["C00001", &phone(1)]),
        Customer::new(3, &["C00002", &phone(2)]),
    ];
    let failed = data.path().join("failed.csv");
    let refs: Vec<&Customer> = failed_rows.iter().collect();
    export::export_failed_rows(&columns, &refs, &failed).unwrap();
    for path in [&results, &failed] {
        let text = std::fs::read_to_string(path).unwrap();
        assert!(!text.contains(TOKEN), "{}: {text}", path.display());
    }
    server.shutdown().await;
}

#[tokio::test]
async fn fetched_profile_token_is_masked() {
    let body = format!(
        r#"{{"profile":{{"phone":"{}","note":"{TOKEN}","{TOKEN}":"key"}},"loyalty":{{"points":1}}}}"#,
        phone(1)
    );
    let script = serde_json::json!({
        "server": {"method": "GET", "path": "/accounts"},
        "behaviour": {"*": [{"status": 200, "body": body}]}
    });
    let error_script = serde_json::json!({
        "server": {"method": "GET", "path": "/accounts"},
        "behaviour": {"*": [{"status": 404,
                             "body": format!(r#"{{"code":1002,"message":"no account for {TOKEN}"}}"#)}]}
    });
    for script in [script, error_script] {
        let server = mock::start(MockOptions {
            scenario: Some(Scenario::from_json(&script.to_string()).unwrap()),
            ..MockOptions::default()
        })
        .await
        .unwrap();
        let client = Client::new(shared(config(server.url()))).unwrap();
        let (_, payload) = customer(1);

        let fetched = client.fetch(&payload).await;

        assert!(fetched.http_status.is_some(), "{fetched:?}");
        let debug_text = format!("{fetched:?}");
        assert!(debug_text.contains("••••2345"), "{debug_text}");
        assert!(!debug_text.contains(TOKEN), "{debug_text}");
        server.shutdown().await;
    }
}
