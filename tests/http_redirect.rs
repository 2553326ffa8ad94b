//! A redirect must not carry the auth values to another server, and is not a success.

mod net_support;

use std::sync::Arc;

use datanuum_sync::client::{Client, SendContext};
use datanuum_sync::mock::{self, MockOptions, Scenario};
use datanuum_sync::outcome::OutcomeKind;
use net_support::{config, customer, quick_retries};

#[tokio::test]
async fn redirect_is_failed_not_followed() {
    let elsewhere = mock::start(MockOptions::default()).await.unwrap();
    let target = format!("{}/accounts", elsewhere.url());
    let script = serde_json::json!({
        "server": {"method": "POST", "path": "/accounts"},
        "behaviour": {
            "*": [{"status": 307, "headers": {"Location": target}, "body": ""}],
        }
    });
    let server = mock::start(MockOptions {
        scenario: Some(Scenario::from_json(&script.to_string()).unwrap()),
        ..MockOptions::default()
    })
    .await
    .unwrap();
    let client = Client::new(Arc::new(config(server.url())))
        .unwrap()
        .with_retry_policy(quick_retries().retry);

    let (code, payload) = customer(1);
    let result = client.send(&code, &payload, &SendContext::detached()).await;

    assert_eq!(result.outcome.outcome, OutcomeKind::Failed);
    assert_eq!(result.outcome.http_status, Some(307));
    assert!(elsewhere.requests().is_empty(), "the redirect was followed");
}
