//! What the client puts on the wire, checked against the stand-in's request record.

mod net_support;

use std::sync::Arc;

use datanuum_sync::client::{Client, SendContext};
use datanuum_sync::config::{AuthPlacement, OnDuplicate};
use datanuum_sync::mock::{self, MockOptions};
use datanuum_sync::outcome::OutcomeKind;
use datanuum_sync::request;
use net_support::{TOKEN, config, customer, payload};
use serde_json::{Value, json};

fn options() -> MockOptions {
    MockOptions {
        token: Some(TOKEN.into()),
        ..MockOptions::default()
    }
}

#[tokio::test]
async fn create_request_matches_preview() {
    let server = mock::start(options()).await.unwrap();
    let config = config(server.url());
    let client = Client::new(Arc::new(config.clone())).unwrap();
    let payload = payload(
        &[
            ("phone", "966500000101"),
            ("email", "test101@example.com"),
            ("first", "سارة"),
            ("last", "أحمد"),
        ],
        Some("R01"),
    );

    let result = client
        .send("C0101", &payload, &SendContext::detached())
        .await;

    assert_eq!(result.outcome.outcome, OutcomeKind::Created);
    assert_eq!(result.outcome.attempts, 1);
    assert_eq!(result.outcome.http_status, Some(201));
    assert_eq!(result.outcome.account_id.as_deref(), Some("acc-000001"));
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let sent = &requests[0];
    assert_eq!(sent.method, "POST");
    assert_eq!(sent.path, "/accounts");
    assert_eq!(sent.query, None);
    assert_eq!(sent.header("oauth_token"), Some(TOKEN));
    let nonce = sent.header("oauth_nonce").unwrap();
    assert!(nonce.len() >= 8 && nonce.chars().all(|c| c.is_ascii_alphanumeric()));
    let timestamp: i64 = sent.header("oauth_timestamp").unwrap().parse().unwrap();
    assert!((timestamp - jiff::Timestamp::now().as_second()).abs() < 60);
    assert_eq!(sent.header("branch_code"), Some("R01"));
    assert_eq!(sent.header("content-type"), Some("application/json"));
    assert_eq!(sent.header("accept"), Some("application/json"));
    let agent = sent.header("user-agent").unwrap();
    assert_eq!(agent, concat!("datanuum-sync/", env!("CARGO_PKG_VERSION")));

    let spec = request::create(&config, &payload);
    assert_eq!(sent.body, spec.body);
    let preview = request::preview_text(&spec, &config.token);
    let shown_body = preview.split("\n\n").nth(1).unwrap().trim_end();
    assert_eq!(shown_body.as_bytes(), sent.body.as_ref());
    assert!(!preview.contains(TOKEN));
}

#[tokio::test]
async fn known_phone_turns_into_update() {
    let existing = json!({"phone": "966500000102", "first": "Old"});
    let Value::Object(existing) = existing else {
        unreachable!()
    };
    let server = mock::start(MockOptions {
        accounts: vec![existing],
        ..options()
    })
    .await
    .unwrap();
    let config = config(server.url());
    let client = Client::new(Arc::new(config.clone())).unwrap();
    let payload = payload(&[("phone", "966500000102"), ("first", "New")], Some("R02"));

    let result = client
        .send("C0102", &payload, &SendContext::detached())
        .await;

    assert_eq!(result.outcome.outcome, OutcomeKind::Updated);
    assert_eq!(result.outcome.attempts, 2);
    assert_eq!(result.records.len(), 2);
    assert_eq!(result.records[0].datanuum_code, Some(1004));
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1].method, "PUT");
    assert_eq!(requests[1].path, "/accounts/update");
    assert_eq!(
        requests[1].query_param("phone").as_deref(),
        Some("966500000102")
    );
    assert_eq!(requests[1].body, request::update(&config, &payload).body);
    assert_eq!(
        requests[1].json().unwrap(),
        json!({"profile": {"phone": "966500000102", "first": "New"}})
    );
    assert_ne!(
        requests[0].header("oauth_nonce"),
        requests[1].header("oauth_nonce")
    );
    let accounts = server.accounts();
    assert_eq!(accounts.len(), 1);
    assert_eq!(accounts[0].profile["first"], "New");
    assert_eq!(accounts[0].updates, 1);
}

#[tokio::test]
async fn duplicate_skip_and_fail() {
    for (policy, expected) in [
        (OnDuplicate::Skip, OutcomeKind::Skipped),
        (OnDuplicate::Fail, OutcomeKind::Failed),
    ] {
        let existing = json!({"email": "dup@example.com"});
        let Value::Object(existing) = existing else {
            unreachable!()
        };
        let server = mock::start(MockOptions {
            accounts: vec![existing],
            ..options()
        })
        .await
        .unwrap();
        let mut config = config(server.url());
        config.on_duplicate = policy;
        let client = Client::new(Arc::new(config)).unwrap();
        let payload = payload(&[("email", "dup@example.com")], None);

        let result = client.send("C1", &payload, &SendContext::detached()).await;

        assert_eq!(result.outcome.outcome, expected, "policy {policy:?}");
        assert_eq!(result.outcome.datanuum_code, Some(1004));
        assert_eq!(server.requests().len(), 1);
        assert_eq!(server.accounts()[0].updates, 0);
    }
}

#[tokio::test]
async fn query_placement_keeps_token_out_of_records() {
    let server = mock::start(options()).await.unwrap();
    let mut config = config(server.url());
    config.auth_placement = AuthPlacement::Query;
    let client = Client::new(Arc::new(config)).unwrap();
    let (code, payload) = customer(3);

    let result = client.send(&code, &payload, &SendContext::detached()).await;

    assert_eq!(result.outcome.outcome, OutcomeKind::Created);
    let sent = &server.requests()[0];
    assert_eq!(sent.header("oauth_token"), None);
    assert_eq!(sent.query_param("oauth_token").as_deref(), Some(TOKEN));
    assert!(sent.query_param("oauth_nonce").is_some());
    assert!(sent.query_param("oauth_timestamp").is_some());
    assert!(!result.records[0].url.contains("oauth"));
    assert!(!format!("{result:?}").contains(TOKEN));
}

#[tokio::test]
async fn wrong_token_is_unauthorized() {
    let server = mock::start(MockOptions {
        token: Some("another-token-9999".into()),
        ..MockOptions::default()
    })
    .await
    .unwrap();
    let client = Client::new(Arc::new(config(server.url()))).unwrap();
    let (code, payload) = customer(4);

    let result = client.send(&code, &payload, &SendContext::detached()).await;

    assert_eq!(result.outcome.outcome, OutcomeKind::Failed);
    assert_eq!(result.outcome.http_status, Some(401));
    assert_eq!(result.outcome.attempts, 1);
    assert!(result.stop.is_some());
    assert!(!result.stop.unwrap().contains(TOKEN));
}

#[tokio::test]
async fn fetch_returns_profile_and_loyalty() {
    let server = mock::start(options()).await.unwrap();
    let client = Client::new(Arc::new(config(server.url()))).unwrap();
    let (code, payload) = customer(5);
    client.send(&code, &payload, &SendContext::detached()).await;

    let found = client.fetch(&payload).await;
    let (_, other) = customer(6);
    let missing = client.fetch(&other).await;

    assert_eq!(found.http_status, Some(200));
    let body = found.body.unwrap();
    assert_eq!(body["profile"]["phone"], payload.phone.clone().unwrap());
    assert!(body["loyalty"].is_object());
    let fetch_request = &server.requests()[1];
    assert_eq!(fetch_request.method, "GET");
    assert_eq!(
        fetch_request.query_param("includeLoyalty").as_deref(),
        Some("true")
    );
    assert_eq!(missing.http_status, Some(404));
    assert_eq!(missing.datanuum_code, Some(1005));
}

#[tokio::test]
async fn missing_phone_and_email_is_1010() {
    let server = mock::start(options()).await.unwrap();
    let client = Client::new(Arc::new(config(server.url()))).unwrap();
    let payload = payload(&[("first", "Nobody")], None);

    let result = client.send("C9", &payload, &SendContext::detached()).await;

    assert_eq!(result.outcome.outcome, OutcomeKind::Failed);
    assert_eq!(result.outcome.datanuum_code, Some(1010));
    assert_eq!(result.outcome.attempts, 1);
}
