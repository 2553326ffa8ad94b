//! Keeping the token out of everything the server sends back.
//!
//! A server may echo the token it was given (in an error message, an HTML error page or
//! a profile field). Every piece of response text is scrubbed here, before it reaches an
//! outcome, an attempt record, the journal, an export or the screen.

use serde_json::Value;

use super::{Answer, Reply};
use crate::secret::Secret;

/// Shortest run of the token's characters that is masked on its own, because a server that
/// cuts or wraps what it echoes can leave part of the token.
// NOTE: 8 is a judgement, not a measured figure: shorter runs would also mask ordinary text,
// and a token of 8 characters or fewer is masked only whole.
const MIN_MASKED_RUN: usize = 8;

/// Replaces every echo of the token in `text` with its masked form, and control
/// characters with spaces so that a message cannot move the cursor of the terminal that
/// prints it.
pub(super) fn text(token: &Secret, text: &str) -> String {
    let clean = bytes(token, text.as_bytes());
    String::from_utf8_lossy(&clean)
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Replaces every echo of the token in raw response bytes, so that a cut-off excerpt
/// cannot keep part of it. An echo is the token in any ASCII letter case, percent-encoded
/// as a query string carries it, or any run of at least [`MIN_MASKED_RUN`] of its
/// characters.
pub(super) fn bytes(token: &Secret, body: &[u8]) -> Vec<u8> {
    let needles = echoes(token.expose());
    let Some(shortest) = needles.last().map(Vec::len) else {
        return body.to_vec();
    };
    if body.len() < shortest {
        return body.to_vec();
    }
    let masked = token.masked();
    let mut clean = Vec::with_capacity(body.len());
    let mut rest = body;
    while !rest.is_empty() {
        let found = needles
            .iter()
            .find(|needle| starts_with_caseless(rest, needle));
        if let Some(needle) = found {
            clean.extend_from_slice(masked.as_bytes());
            rest = &rest[needle.len()..];
        } else {
            clean.push(rest[0]);
            rest = &rest[1..];
        }
    }
    clean
}

/// Lists the byte strings that count as an echo of `token`, longest first.
fn echoes(token: &str) -> Vec<Vec<u8>> {
    if token.is_empty() {
        return Vec::new();
    }
    let mut needles = vec![
        token.as_bytes().to_vec(),
        url::form_urlencoded::byte_serialize(token.as_bytes())
            .collect::<String>()
            .into_bytes(),
        percent_encode_all(token).into_bytes(),
    ];
    let chars: Vec<char> = token.chars().collect();
    if chars.len() > MIN_MASKED_RUN {
        for window in chars.windows(MIN_MASKED_RUN) {
            needles.push(window.iter().collect::<String>().into_bytes());
        }
    }
    needles.sort_by_key(|needle| std::cmp::Reverse(needle.len()));
    needles.dedup();
    needles
}

/// Percent-encodes every byte except ASCII letters, digits and `-._~`.
fn percent_encode_all(token: &str) -> String {
    let mut encoded = String::with_capacity(token.len() * 3);
    for byte in token.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

fn starts_with_caseless(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.len() >= needle.len() && haystack[..needle.len()].eq_ignore_ascii_case(needle)
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
    fn encoded_cased_and_partial_echoes_are_masked() {
        let token = Secret::new("ZQX+tok/en==9f3kW7pLm2Vb8Rr");
        let echoes = [
            "oauth_token=ZQX%2Btok%2Fen%3D%3D9f3kW7pLm2Vb8Rr",
            "zqx+tok/en==9f3kw7plm2vb8rr",
            "cut at ZQX+tok/en",
        ];
        for echo in echoes {
            let clean = text(&token, echo);
            assert!(clean.contains("••••"), "{echo} -> {clean}");
            assert!(
                !clean.to_lowercase().contains("tok/en"),
                "{echo} -> {clean}"
            );
            assert!(!clean.contains("%2Btok"), "{echo} -> {clean}");
        }
    }

    #[test]
    fn control_characters_become_spaces() {
        let token = Secret::new(TOKEN);
        assert_eq!(text(&token, "a\u{1b}[2Jb\r\nc"), "a [2Jb  c");
    }

    #[test]
    fn empty_token_changes_nothing() {
        let token = Secret::new("");
        assert_eq!(text(&token, "abc"), "abc");
        assert_eq!(bytes(&token, b"abc"), b"abc".to_vec());
    }
}
