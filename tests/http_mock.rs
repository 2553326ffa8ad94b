//! The stand-in itself: auth checks, error codes, injected faults and latency, seen by a
//! plain HTTP client, plus how the sending client copes with those faults.

mod net_support;

use std::sync::Arc;

use datanuum_sync::client::{Client, SendContext};
use datanuum_sync::mock::{self, Faults, MockOptions, MockServer, Scenario};
use datanuum_sync::outcome::OutcomeKind;
use net_support::{config, customer};
use serde_json::{Value, json};

struct Call<'a> {
    method: reqwest::Method,
    path: &'a str,
    nonce: Option<&'a str>,
    timestamp: &'a str,
    body: Option<Value>,
}

impl<'a> Call<'a> {
    fn post(body: Value, nonce: &'a str) -> Call<'a> {
        Call {
            method: reqwest::Method::POST,
            path: "accounts",
            nonce: Some(nonce),
            timestamp: "1764878400",
            body: Some(body),
        }
    }

    async fn send(&self, server: &MockServer) -> (u16, Value) {
        let url = server.url().join(self.path).unwrap();
        let mut request = reqwest::Client::new()
            .request(self.method.clone(), url)
            .header("oauth_token", "any-token")
            .header("oauth_timestamp", self.timestamp);
        if let Some(nonce) = self.nonce {
            request = request.header("oauth_nonce", nonce);
        }
        if let Some(body) = &self.body {
            request = request.json(body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }
}

#[tokio::test]
async fn auth_values_are_required() {
    let server = mock::start(MockOptions::default()).await.unwrap();
    let body = json!({"phone": "966500000001"});

    let missing = Call {
        nonce: None,
        ..Call::post(body.clone(), "")
    }
    .send(&server)
    .await;
    let bad_time = Call {
        timestamp: "yesterday",
        ..Call::post(body.clone(), "n1")
    }
    .send(&server)
    .await;
    let first = Call::post(body.clone(), "n2").send(&server).await;
    let reused = Call::post(json!({"phone": "966500000002"}), "n2")
        .send(&server)
        .await;

    assert_eq!(missing.0, 401);
    assert_eq!(missing.1["message"], "missing oauth_nonce");
    assert_eq!(bad_time.0, 401);
    assert_eq!(first.0, 201);
    assert_eq!(reused.0, 401);
    assert_eq!(reused.1["message"], "oauth_nonce was already used");
    assert_eq!(server.accounts().len(), 1);
}

#[tokio::test]
async fn auth_check_can_be_off() {
    let server = mock::start(MockOptions {
        require_auth: false,
        ..MockOptions::default()
    })
    .await
    .unwrap();
    let call = Call {
        nonce: None,
        ..Call::post(json!({"email": "a@example.com"}), "")
    };

    let (status, _) = call.send(&server).await;

    assert_eq!(status, 201);
}

#[tokio::test]
async fn datanuum_error_codes() {
    let server = mock::start(MockOptions::default()).await.unwrap();
    Call::post(
        json!({"phone": "966500000003", "email": "Same@Example.com"}),
        "a",
    )
    .send(&server)
    .await;

    let same_email = Call::post(json!({"email": "same@example.com"}), "b")
        .send(&server)
        .await;
    let neither = Call::post(json!({"first": "X"}), "c").send(&server).await;
    let update_unknown = Call {
        method: reqwest::Method::PUT,
        path: "accounts/update?phone=966599999999",
        ..Call::post(json!({"profile": {"first": "Y"}}), "d")
    }
    .send(&server)
    .await;
    let read = Call {
        method: reqwest::Method::GET,
        path: "accounts?phone=966500000003&includeLoyalty=true",
        body: None,
        ..Call::post(Value::Null, "e")
    }
    .send(&server)
    .await;

    assert_eq!(same_email.0, 400);
    assert_eq!(
        same_email.1,
        json!({"status": "error", "code": 1004, "message": "email is not unique"})
    );
    assert_eq!(neither.1["code"], 1010);
    assert_eq!(update_unknown.0, 404);
    assert_eq!(update_unknown.1["code"], 1005);
    assert_eq!(read.0, 200);
    assert_eq!(read.1["profile"]["phone"], "966500000003");
    assert!(read.1["loyalty"]["wallets"].is_array());
}

#[tokio::test]
async fn injected_faults_by_request_number() {
    let server = mock::start(MockOptions {
        faults: Faults {
            drop_every: Some(4),
            error_every: Some(2),
            throttle_every: Some(3),
            html_every: Some(5),
        },
        ..MockOptions::default()
    })
    .await
    .unwrap();
    let client = reqwest::Client::new();
    let mut seen = Vec::new();
    for _ in 0..5 {
        let sent = client
            .get(server.url().join("accounts").unwrap())
            .send()
            .await;
        let status = match sent {
            Ok(response) => {
                let html = response
                    .headers()
                    .get("content-type")
                    .is_some_and(|value| value.as_bytes().starts_with(b"text/html"));
                format!(
                    "{}{}",
                    response.status().as_u16(),
                    if html { " html" } else { "" }
                )
            }
            Err(_) => "dropped".to_string(),
        };
        seen.push(status);
    }

    assert_eq!(seen, ["401", "500", "429", "dropped", "502 html"]);
}

#[tokio::test]
async fn dropped_connection_is_retried() {
    let server = mock::start(MockOptions {
        faults: Faults {
            drop_every: Some(2),
            ..Faults::default()
        },
        ..MockOptions::default()
    })
    .await
    .unwrap();
    let client = Client::new(Arc::new(config(server.url()))).unwrap();
    let (_, warm_up) = customer(1);
    client.send("C1", &warm_up, &SendContext::detached()).await;
    let (code, payload) = customer(2);

    let result = client.send(&code, &payload, &SendContext::detached()).await;

    assert_eq!(result.outcome.outcome, OutcomeKind::Created);
    assert_eq!(result.outcome.attempts, 2);
    assert_eq!(result.records[0].http_status, None);
    assert!(result.records[0].message.contains("connection"));
    assert_eq!(server.accounts().len(), 2);
}

#[tokio::test]
async fn html_with_success_status_is_failure() {
    let scenario = Scenario::from_json(
        r#"{"server": {"method": "POST", "path": "/accounts"},
            "behaviour": {"*": [{"status": 200, "headers": {"Content-Type": "text/html"},
                                 "body": "<html><body>Welcome to the portal</body></html>"}]}}"#,
    )
    .unwrap();
    let server = mock::start(MockOptions {
        scenario: Some(scenario),
        ..MockOptions::default()
    })
    .await
    .unwrap();
    let client = Client::new(Arc::new(config(server.url()))).unwrap();
    let (code, payload) = customer(3);

    let result = client.send(&code, &payload, &SendContext::detached()).await;

    assert_eq!(result.outcome.outcome, OutcomeKind::Failed);
    assert_eq!(result.outcome.http_status, Some(200));
    assert_eq!(result.outcome.attempts, 1);
    assert!(
        result.outcome.message.contains("Welcome to the portal"),
        "{}",
        result.outcome.message
    );
}

#[tokio::test]
async fn latency_applies_to_scripted_answers() {
    let script = json!({
        "server": {"method": "POST", "path": "/accounts"},
        "behaviour": {"*": [{"status": 400, "body": r#"{"code":9999,"message":"rejected"}"#}]}
    });
    let latency = std::time::Duration::from_millis(300);
    let server = mock::start(MockOptions {
        latency,
        require_auth: false,
        scenario: Some(Scenario::from_json(&script.to_string()).unwrap()),
        ..MockOptions::default()
    })
    .await
    .unwrap();
    let http = reqwest::Client::new();

    let scripted_start = std::time::Instant::now();
    let scripted = http
        .post(server.url().join("accounts").unwrap())
        .body(r#"{"phone":"966500000001"}"#)
        .send()
        .await
        .unwrap();
    let scripted_elapsed = scripted_start.elapsed();
    let routed_start = std::time::Instant::now();
    let routed = http
        .get(server.url().join("accounts?phone=966500000001").unwrap())
        .send()
        .await
        .unwrap();
    let routed_elapsed = routed_start.elapsed();

    assert_eq!(scripted.status(), 400);
    assert!(scripted_elapsed >= latency, "{scripted_elapsed:?}");
    assert_ne!(routed.status(), 400);
    assert!(routed_elapsed >= latency, "{routed_elapsed:?}");
    server.shutdown().await;
}
