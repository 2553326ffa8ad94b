//! Keeping the token out of everything the server sends back.
//!
//! A server may echo the token it was given (in an error message, an HTML error page or
//! a profile field). Every piece of response text is scrubbed here, before it reaches an
//! outcome, an attempt record, the journal, an export or the screen.

use serde_json::Value;

use super::{Answer, Reply};
use crate::secret::Secret;

/// Replaces every occurrence of the token in `text` with its masked form.
pub(super) fn text(token: &Secret, text: &str) -> String {
    let value = token.expose();
    if value.is_empty() || !text.contains(value) {
        return text.to_string();
    }
    text.replace(value, &token.masked())
}

/// Replaces every occurrence of the token in raw response bytes, so that a cut-off excerpt
/// cannot keep part of it.
pub(super) fn bytes(token: &Secret, body: &[u8]) -> Vec<u8> {
    let needle = token.expose().as_bytes();
    if needle.is_empty() || body.len() < needle.len() {
        return body.to_vec();
    }
    let masked = token.masked();
    let mut clean = Vec::with_capacity(body.len());
    let mut rest = body;
    while !rest.is_empty() {
        if rest.starts_with(needle) {
            clean.extend_from_slice(masked.as_bytes());
            rest = &rest[needle.len()..];
        } else {
            clean.push(rest[0]);
            rest = &rest[1..];
        }
    }
    clean
}

/// Scrubs every string and key of a JSON value. This also catches a token that the body
/// wrote with JSON escapes.
pub(super) fn json(token: &Secret, value: Value) -> Value {
    match value {
        Value::String(inner) => Value::String(text(token, &inner)),
        Value::Array(items) => {
            Value::Array(items.into_iter().map(|item| json(token, item)).collect())
        }
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(key, item)| (text(token, &key), json(token, item)))
                .collect(),
        ),
        other => other,
    }
}

/// Scrubs the message, account id and JSON body of an answer.
pub(super) fn answer(token: &Secret, answer: Answer) -> Answer {
    let reply = match answer.reply {
        Reply::Success {
            account_id,
            message,
        } => Reply::Success {
            account_id: account_id.map(|id| text(token, &id)),
            message: message.map(|message| text(token, &message)),
        },
        Reply::Error {
            kind,
            datanuum_code,
            message,
            retry_after,
        } => Reply::Error {
            kind,
            datanuum_code,
            message: text(token, &message),
            retry_after,
        },
    };
    Answer {
        status: answer.status,
        reply,
        json: answer.json.map(|value| json(token, value)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "tok-abcdef-12345";

    #[test]
    fn text_and_bytes_lose_the_token() {
        let token = Secret::new(TOKEN);
        let line = format!("token {TOKEN} is not valid; {TOKEN}");
        assert_eq!(text(&token, &line), "token ••••2345 is not valid; ••••2345");
        let clean = bytes(&token, line.as_bytes());
        assert!(!String::from_utf8_lossy(&clean).contains(TOKEN));
    }

    #[test]
    fn escaped_token_in_json_is_scrubbed() {
        let token = Secret::new(TOKEN);
        let body = r#"{"a":["tok\u002dabcdef-12345"],"tok-abcdef-12345":1}"#;
        let parsed: Value = serde_json::from_str(body).unwrap();
        let clean = json(&token, parsed).to_string();
        assert!(!clean.contains(TOKEN));
    }

    #[test]
    fn empty_token_changes_nothing() {
        let token = Secret::new("");
        assert_eq!(text(&token, "abc"), "abc");
        assert_eq!(bytes(&token, b"abc"), b"abc".to_vec());
    }
}
