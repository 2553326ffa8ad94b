//! Scripted misbehaviour for the stand-in, read from a `*.scenario.json` file.
//!
//! A scenario scripts the answers to one call (in practice the create call, `POST
//! /accounts`) per customer, identified by the `phone` key of the JSON body. The list for a
//! phone gives the answers to its 1st, 2nd, … request, and its last entry repeats once the
//! list is used up. The phone `"*"` scripts every customer without an entry of its own.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

use serde::Deserialize;
use serde_json::Value;

/// A scenario file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    #[error("cannot read the scenario file {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("the scenario is not valid JSON of the expected shape: {0}")]
    Parse(#[from] serde_json::Error),
    #[error(
        "scenario entry {index} for phone {phone} has neither a status nor the action \"hang\""
    )]
    Entry { phone: String, index: usize },
}

/// One scripted answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scripted {
    /// Send this status, these headers and this body.
    Reply {
        status: u16,
        headers: Vec<(String, String)>,
        body: String,
    },
    /// Read the request, send nothing for this long, then close the connection.
    Hang(Duration),
}

/// The call a scenario scripts.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ScriptedCall {
    pub method: String,
    pub path: String,
}

/// Config values a scenario's expectations depend on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct ScenarioConfig {
    pub default_country: Option<String>,
    pub timeout_secs: Option<u64>,
    pub max_retries: Option<u32>,
}

#[derive(Debug, Deserialize)]
struct RawScenario {
    #[serde(default)]
    case: Option<String>,
    server: ScriptedCall,
    #[serde(default)]
    config: ScenarioConfig,
    behaviour: BTreeMap<String, Vec<RawEntry>>,
}

#[derive(Debug, Deserialize)]
struct RawEntry {
    action: Option<String>,
    hold_seconds: Option<u64>,
    status: Option<u16>,
    #[serde(default)]
    headers: BTreeMap<String, String>,
    #[serde(default)]
    body: Option<String>,
}

/// A loaded scenario with its per-phone request counters.
#[derive(Debug)]
pub struct Scenario {
    /// Case name from the file, for messages.
    pub case: Option<String>,
    pub call: ScriptedCall,
    pub config: ScenarioConfig,
    behaviour: BTreeMap<String, Vec<Scripted>>,
    seen: Mutex<HashMap<String, usize>>,
}

impl Clone for Scenario {
    /// Clones the script with fresh counters.
    fn clone(&self) -> Self {
        Scenario {
            case: self.case.clone(),
            call: self.call.clone(),
            config: self.config.clone(),
            behaviour: self.behaviour.clone(),
            seen: Mutex::new(HashMap::new()),
        }
    }
}

impl Scenario {
    /// Parses a scenario from JSON text.
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        let raw: RawScenario = serde_json::from_str(text)?;
        let mut behaviour = BTreeMap::new();
        for (phone, entries) in raw.behaviour {
            let mut scripted = Vec::with_capacity(entries.len());
            for (index, entry) in entries.into_iter().enumerate() {
                let Some(item) = entry.into_scripted() else {
                    return Err(ScenarioError::Entry { phone, index });
                };
                scripted.push(item);
            }
            behaviour.insert(phone, scripted);
        }
        Ok(Scenario {
            case: raw.case,
            call: raw.server,
            config: raw.config,
            behaviour,
            seen: Mutex::new(HashMap::new()),
        })
    }

    /// Reads and parses a scenario file.
    pub fn load(path: &Path) -> Result<Scenario, ScenarioError> {
        let text = std::fs::read_to_string(path).map_err(|source| ScenarioError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Scenario::from_json(&text)
    }

    /// Returns the scripted answer for a request, or `None` when the scenario does not
    /// cover it. Each call counts as one request of that phone.
    pub fn answer(&self, method: &str, path: &str, body: &[u8]) -> Option<Scripted> {
        if !method.eq_ignore_ascii_case(&self.call.method) || path != self.call.path {
            return None;
        }
        let phone = body_phone(body).unwrap_or_default();
        let entries = self
            .behaviour
            .get(&phone)
            .or_else(|| self.behaviour.get("*"))?;
        let mut seen = self
            .seen
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let count = seen.entry(phone).or_insert(0);
        let entry = entries.get(*count).or_else(|| entries.last())?.clone();
        *count += 1;
        Some(entry)
    }
}

impl RawEntry {
    fn into_scripted(self) -> Option<Scripted> {
        if self.action.as_deref() == Some("hang") {
            return Some(Scripted::Hang(Duration::from_secs(
                self.hold_seconds.unwrap_or(600),
            )));
        }
        Some(Scripted::Reply {
            status: self.status?,
            headers: self.headers.into_iter().collect(),
            body: self.body.unwrap_or_default(),
        })
    }
}

/// Returns the `phone` key of a JSON body, written as a string or a number.
fn body_phone(body: &[u8]) -> Option<String> {
    let json: Value = serde_json::from_slice(body).ok()?;
    match json.get("phone")? {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCRIPT: &str = r#"{
        "server": {"method": "POST", "path": "/accounts"},
        "behaviour": {
            "1": [{"status": 429, "headers": {"Retry-After": "3"}, "body": "{}"},
                  {"status": 201, "body": "{}"}],
            "*": [{"action": "hang", "hold_seconds": 7}]
        }
    }"#;

    fn status(answer: Option<Scripted>) -> Option<u16> {
        match answer? {
            Scripted::Reply { status, .. } => Some(status),
            Scripted::Hang(_) => None,
        }
    }

    #[test]
    fn last_entry_repeats() {
        let scenario = Scenario::from_json(SCRIPT).unwrap();
        let body = br#"{"phone":"1"}"#;
        assert_eq!(
            status(scenario.answer("POST", "/accounts", body)),
            Some(429)
        );
        assert_eq!(
            status(scenario.answer("POST", "/accounts", body)),
            Some(201)
        );
        assert_eq!(
            status(scenario.answer("POST", "/accounts", body)),
            Some(201)
        );
    }

    #[test]
    fn wildcard_and_other_calls() {
        let scenario = Scenario::from_json(SCRIPT).unwrap();
        let answer = scenario.answer("POST", "/accounts", br#"{"phone":2}"#);
        assert_eq!(answer, Some(Scripted::Hang(Duration::from_secs(7))));
        assert_eq!(scenario.answer("PUT", "/accounts/update", b"{}"), None);
    }

    #[test]
    fn entry_without_status_is_rejected() {
        let text = r#"{"server":{"method":"POST","path":"/accounts"},
                       "behaviour":{"1":[{"body":"x"}]}}"#;
        assert!(matches!(
            Scenario::from_json(text),
            Err(ScenarioError::Entry { .. })
        ));
    }
}
