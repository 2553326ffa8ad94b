use std::collections::BTreeMap;
use std::time::Duration;

use super::*;
use crate::config::{DateOrder, NameSource, OnDuplicate};

fn config(base: &str, placement: AuthPlacement) -> RewardConfig {
    RewardConfig {
        id: 1,
        code: "ACME".into(),
        name: "Acme".into(),
        base_url: url::Url::parse(base).unwrap(),
        token: Secret::new("tok-abcdef-12345"),
        default_register: Some("R00".into()),
        branch_codes: BTreeMap::new(),
        default_country: "SA".into(),
        name_source: NameSource::Name2,
        date_order: DateOrder::DayFirst,
        auth_placement: placement,
        on_duplicate: OnDuplicate::Update,
        concurrency: 1,
        max_requests_per_second: None,
        timeout: Duration::from_secs(5),
        max_retries: 3,
        columns: BTreeMap::new(),
        production: false,
    }
}

fn payload(phone: Option<&str>, email: Option<&str>) -> Payload {
    let mut profile = Map::new();
    if let Some(phone) = phone {
        profile.insert("phone".into(), phone.into());
    }
    if let Some(email) = email {
        profile.insert("email".into(), email.into());
    }
    profile.insert("first".into(), "سارة".into());
    Payload {
        profile,
        phone: phone.map(String::from),
        email: email.map(String::from),
        branch_code: Some("R01".into()),
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

#[test]
fn create_posts_profile_bytes() {
    let config = config("http://127.0.0.1:9/", AuthPlacement::Headers);
    let spec = create(&config, &payload(Some("966500000101"), None));
    assert_eq!(spec.method, reqwest::Method::POST);
    assert_eq!(spec.url.as_str(), "http://127.0.0.1:9/accounts");
    assert_eq!(
        spec.body.as_ref(),
        r#"{"phone":"966500000101","first":"سارة"}"#.as_bytes()
    );
    assert_eq!(header(&spec.headers, "branch_code"), Some("R01"));
    assert_eq!(
        header(&spec.headers, "Content-Type"),
        Some("application/json")
    );
}

#[test]
fn update_wraps_profile_and_keys_by_phone() {
    let config = config("http://127.0.0.1:9/api/", AuthPlacement::Headers);
    let spec = update(&config, &payload(Some("966500000101"), Some("a@b.example")));
    assert_eq!(spec.method, reqwest::Method::PUT);
    assert_eq!(
        spec.url.as_str(),
        "http://127.0.0.1:9/api/accounts/update?phone=966500000101"
    );
    let body: Value = serde_json::from_slice(&spec.body).unwrap();
    assert_eq!(body["profile"]["phone"], "966500000101");
}

#[test]
fn update_keys_by_email_without_phone() {
    let config = config("http://127.0.0.1:9", AuthPlacement::Headers);
    let spec = update(&config, &payload(None, Some("a+b@x.example")));
    assert_eq!(
        spec.url.as_str(),
        "http://127.0.0.1:9/accounts/update?email=a%2Bb%40x.example"
    );
}

#[test]
fn fetch_asks_for_loyalty() {
    let config = config("http://127.0.0.1:9", AuthPlacement::Headers);
    let spec = fetch(&config, &payload(Some("966500000101"), None));
    assert_eq!(spec.method, reqwest::Method::GET);
    assert_eq!(
        spec.url.as_str(),
        "http://127.0.0.1:9/accounts?phone=966500000101&includeLoyalty=true"
    );
    assert!(spec.body.is_empty());
}

#[test]
fn preview_masks_token_and_shows_body() {
    let config = config("http://127.0.0.1:9", AuthPlacement::Headers);
    let spec = create(&config, &payload(Some("966500000101"), None));
    let text = preview_text(&spec, &config.token);
    assert!(text.starts_with("POST http://127.0.0.1:9/accounts\n"));
    assert!(text.contains("oauth_token: ••••2345"));
    assert!(!text.contains("abcdef"));
    assert!(text.contains(std::str::from_utf8(&spec.body).unwrap()));
}

#[test]
fn preview_json_has_body_object() {
    let config = config("http://127.0.0.1:9", AuthPlacement::Query);
    let spec = create(&config, &payload(Some("966500000101"), None));
    let json = preview_json("C0101", &spec, &config.token, config.auth_placement);
    assert_eq!(json["customer"], "C0101");
    assert_eq!(json["method"], "POST");
    assert_eq!(json["body"]["phone"], "966500000101");
    assert_eq!(json["headers"]["branch_code"], "R01");
    let url = json["url"].as_str().unwrap();
    assert!(url.contains("oauth_token=••••2345"));
    assert!(!json.to_string().contains("abcdef"));
}

#[test]
fn authorize_places_values_in_query() {
    let config = config("http://127.0.0.1:9", AuthPlacement::Query);
    let spec = update(&config, &payload(Some("966500000101"), None));
    let auth = AuthValues::fresh();
    let (url, headers) = authorize(&spec, &config.token, AuthPlacement::Query, &auth);
    assert!(header(&headers, "oauth_token").is_none());
    let query: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    assert!(query.contains(&("oauth_nonce".into(), auth.nonce.clone())));
    assert!(query.contains(&("oauth_token".into(), "tok-abcdef-12345".into())));
    let shown = redacted_url(&url);
    assert_eq!(
        shown,
        "http://127.0.0.1:9/accounts/update?phone=966500000101"
    );
}

#[test]
fn nonces_differ() {
    let first = AuthValues::fresh();
    let second = AuthValues::fresh();
    assert_eq!(first.nonce.len(), NONCE_LEN);
    assert!(first.nonce.chars().all(|c| c.is_ascii_alphanumeric()));
    assert_ne!(first.nonce, second.nonce);
}
