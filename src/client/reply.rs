//! Reading a Datanuum response: success, the 1004 duplicate, or an error to retry or report.
//!
//! Datanuum does not document its error body, so the code and message are looked for in the
//! usual shapes: `code`/`message`, `errorCode`/`errorMessage`, and a nested
//! `error: {code, message}`, with the code as a number or a string of digits.

use std::time::{Duration, SystemTime};

use serde_json::Value;

/// Datanuum error code: a field that must be unique (phone or email) already exists.
pub const NOT_UNIQUE: i64 = 1004;

/// Characters of a non-JSON body kept in the message.
const BODY_EXCERPT_CHARS: usize = 200;

/// The meaning of one response.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// 2xx with a JSON body that is not an error.
    Success {
        account_id: Option<String>,
        message: Option<String>,
    },
    /// An error response.
    Error {
        kind: ErrorKind,
        datanuum_code: Option<i64>,
        message: String,
        /// Wait asked for by a `Retry-After` header.
        retry_after: Option<Duration>,
    },
}

/// The class of an error response, which decides whether it is retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// 429, 408, 5xx: worth another attempt.
    Transient,
    /// 401 or 403: every further request would fail the same way.
    Unauthorized,
    /// Datanuum error 1004 on a create.
    Duplicate,
    /// Anything else, including a 2xx whose body is not JSON.
    Permanent,
}

/// Reads a response's status, `Retry-After` header and body.
pub fn read_reply(status: u16, retry_after: Option<&str>, body: &[u8]) -> Reply {
    let retry_after = retry_after.and_then(parse_retry_after);
    let parsed: Option<Value> = serde_json::from_slice(body).ok();
    let Some(json) = parsed else {
        return Reply::Error {
            kind: kind_for_status(status),
            datanuum_code: None,
            message: non_json_message(status, body),
            retry_after,
        };
    };

    let (code, message) = error_fields(&json);
    let success_status = (200..300).contains(&status);
    if success_status && !reports_error(&json) {
        return Reply::Success {
            account_id: account_id(&json),
            message,
        };
    }

    let kind = if code == Some(NOT_UNIQUE) {
        ErrorKind::Duplicate
    } else if success_status {
        ErrorKind::Permanent
    } else {
        kind_for_status(status)
    };
    let message = message.unwrap_or_else(|| format!("HTTP {status} with no error message"));
    Reply::Error {
        kind,
        datanuum_code: code,
        message,
        retry_after,
    }
}

/// Returns the Datanuum error code and message found in a JSON body.
pub fn error_fields(json: &Value) -> (Option<i64>, Option<String>) {
    let nested = json.get("error").filter(|value| value.is_object());
    // Some APIs list errors as `{"errors": [{"code": …, "message": …}]}`; the first counts.
    let listed = json
        .get("errors")
        .and_then(Value::as_array)
        .and_then(|errors| errors.first())
        .filter(|value| value.is_object());
    let scopes = [Some(json), nested, listed];
    let mut code = None;
    let mut message = None;
    for scope in scopes.into_iter().flatten() {
        code = code.or_else(|| first_code(scope, &["code", "errorCode", "error_code"]));
        message = message.or_else(|| {
            first_text(
                scope,
                &["message", "errorMessage", "error_message", "description"],
            )
        });
    }
    let message = message.or_else(|| first_text(json, &["error"]));
    (code, message)
}

/// Returns `account.accountId` (or a top-level `accountId`) as text.
fn account_id(json: &Value) -> Option<String> {
    let value = json
        .pointer("/account/accountId")
        .or_else(|| json.get("accountId"))?;
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

fn reports_error(json: &Value) -> bool {
    let status = json.get("status").and_then(Value::as_str).unwrap_or("");
    ["error", "fail", "failed", "failure"]
        .iter()
        .any(|word| status.eq_ignore_ascii_case(word))
}

fn kind_for_status(status: u16) -> ErrorKind {
    match status {
        401 | 403 => ErrorKind::Unauthorized,
        408 | 429 | 500..=599 => ErrorKind::Transient,
        _ => ErrorKind::Permanent,
    }
}

fn first_code(scope: &Value, names: &[&str]) -> Option<i64> {
    names.iter().find_map(|name| match scope.get(name)? {
        Value::Number(number) => number.as_i64(),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    })
}

fn first_text(scope: &Value, names: &[&str]) -> Option<String> {
    names.iter().find_map(|name| {
        let text = scope.get(name)?.as_str()?.trim();
        (!text.is_empty()).then(|| text.to_string())
    })
}

fn non_json_message(status: u16, body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let excerpt: String = collapsed.chars().take(BODY_EXCERPT_CHARS).collect();
    if excerpt.is_empty() {
        format!("HTTP {status} with an empty body, expected JSON")
    } else {
        format!("HTTP {status} with a body that is not JSON: {excerpt}")
    }
}

/// Parses `Retry-After` as seconds or an HTTP date.
fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(
        date.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(reply: Reply) -> (ErrorKind, Option<i64>, String) {
        match reply {
            Reply::Error {
                kind,
                datanuum_code,
                message,
                ..
            } => (kind, datanuum_code, message),
            Reply::Success { .. } => panic!("expected an error"),
        }
    }

    #[test]
    fn success_reads_account_id() {
        let body = br#"{"status":"success","account":{"accountId":"acc-1"}}"#;
        let reply = read_reply(201, None, body);
        assert_eq!(
            reply,
            Reply::Success {
                account_id: Some("acc-1".into()),
                message: None
            }
        );
    }

    #[test]
    fn error_shapes_are_read() {
        let shapes: [&[u8]; 5] = [
            br#"{"status":"error","code":1004,"message":"not unique"}"#,
            br#"{"errorCode":"1004","errorMessage":"not unique"}"#,
            br#"{"error":{"code":1004,"message":"not unique"}}"#,
            br#"{"error":{"code":"1004"},"message":"not unique"}"#,
            br#"{"errors":[{"code":1004,"message":"not unique"}]}"#,
        ];
        for body in shapes {
            let (kind, code, message) = error_of(read_reply(400, None, body));
            assert_eq!(kind, ErrorKind::Duplicate);
            assert_eq!(code, Some(1004));
            assert_eq!(message, "not unique");
        }
    }

    #[test]
    fn html_with_200_is_failure() {
        let body = b"<html><body>\n  Service   maintenance</body></html>";
        let (kind, code, message) = error_of(read_reply(200, None, body));
        assert_eq!(kind, ErrorKind::Permanent);
        assert_eq!(code, None);
        assert!(message.contains("HTTP 200"));
        assert!(message.contains("<html><body> Service maintenance"));
    }

    #[test]
    fn long_html_is_cut() {
        let body = "x".repeat(1000);
        let (_, _, message) = error_of(read_reply(502, None, body.as_bytes()));
        assert!(message.len() < 300);
    }

    #[test]
    fn status_in_body_overrides_2xx() {
        let body = br#"{"status":"error","code":9999,"message":"bad"}"#;
        let (kind, code, _) = error_of(read_reply(200, None, body));
        assert_eq!(kind, ErrorKind::Permanent);
        assert_eq!(code, Some(9999));
    }

    #[test]
    fn statuses_map_to_kinds() {
        let body = br#"{"message":"x"}"#;
        assert_eq!(
            error_of(read_reply(429, None, body)).0,
            ErrorKind::Transient
        );
        assert_eq!(
            error_of(read_reply(503, None, body)).0,
            ErrorKind::Transient
        );
        assert_eq!(
            error_of(read_reply(401, None, body)).0,
            ErrorKind::Unauthorized
        );
        assert_eq!(
            error_of(read_reply(404, None, body)).0,
            ErrorKind::Permanent
        );
    }

    #[test]
    fn retry_after_seconds_and_date() {
        assert_eq!(parse_retry_after("3"), Some(Duration::from_secs(3)));
        let later = SystemTime::now() + Duration::from_secs(120);
        let parsed = parse_retry_after(&httpdate::fmt_http_date(later));
        let parsed = parsed.unwrap();
        assert!(parsed > Duration::from_secs(100));
        assert!(parsed <= Duration::from_secs(120));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon"), None);
    }
}
