//! The stand-in's accounts, kept in memory and found by phone, email or account ID.
//!
//! The error codes follow the documented Datanuum ones: 1004 for a phone or email that is
//! not unique, 1005 for an account not found, 1010 when neither phone nor email is given.
//! The HTTP statuses that go with them are not documented; the stand-in uses 400 and 404.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

/// Datanuum error: a unique field (phone or email) already exists.
pub const NOT_UNIQUE: i64 = 1004;
/// Datanuum error: no account matches.
pub const NOT_FOUND: i64 = 1005;
/// Datanuum error: at least one of phone and email is required.
pub const KEY_REQUIRED: i64 = 1010;

/// An account held by the stand-in.
#[derive(Debug, Clone, PartialEq)]
pub struct Account {
    pub account_id: String,
    pub profile: Map<String, Value>,
    /// Updates applied since the account was created.
    pub updates: u32,
}

impl Account {
    /// Returns the account's phone as text.
    pub fn phone(&self) -> Option<String> {
        key_text(&self.profile, "phone")
    }

    /// Returns the account's email.
    pub fn email(&self) -> Option<String> {
        key_text(&self.profile, "email")
    }
}

/// An HTTP status and JSON body.
pub type StatusAndBody = (u16, Value);

/// Accounts in creation order, with indexes by phone and email.
#[derive(Debug, Default)]
pub struct Store {
    accounts: Vec<Account>,
    by_phone: HashMap<String, usize>,
    by_email: HashMap<String, usize>,
}

impl Store {
    /// Returns every account, in creation order.
    pub fn accounts(&self) -> Vec<Account> {
        self.accounts.clone()
    }

    /// Handles `POST /accounts`.
    pub fn create(&mut self, body: &[u8]) -> StatusAndBody {
        let Some(profile) = json_object(body) else {
            return error(400, KEY_REQUIRED, "body is not a JSON object");
        };
        self.insert(profile)
    }

    /// Adds an account, as a create does.
    pub fn insert(&mut self, profile: Map<String, Value>) -> StatusAndBody {
        let phone = key_text(&profile, "phone");
        let email = key_text(&profile, "email");
        if phone.is_none() && email.is_none() {
            return error(400, KEY_REQUIRED, "phone or email is required");
        }
        if let Some(conflict) = self.conflict(phone.as_deref(), email.as_deref(), None) {
            return conflict;
        }
        let index = self.accounts.len();
        let account_id = format!("acc-{:06}", index + 1);
        self.accounts.push(Account {
            account_id: account_id.clone(),
            profile,
            updates: 0,
        });
        self.index(index);
        (
            201,
            json!({"status": "success", "account": {"accountId": account_id}}),
        )
    }

    /// Handles `PUT /accounts/update?phone=|email=|accountId=` with `{"profile": {...}}`.
    pub fn update(&mut self, query: &HashMap<String, String>, body: &[u8]) -> StatusAndBody {
        let index = match self.find(query) {
            Ok(index) => index,
            Err(answer) => return answer,
        };
        let Some(Value::Object(changes)) = json_object(body).and_then(|mut b| b.remove("profile"))
        else {
            return error(400, KEY_REQUIRED, "body must be {\"profile\": {...}}");
        };
        let phone = key_text(&changes, "phone");
        let email = key_text(&changes, "email");
        if let Some(conflict) = self.conflict(phone.as_deref(), email.as_deref(), Some(index)) {
            return conflict;
        }
        self.unindex(index);
        let account = &mut self.accounts[index];
        account.profile.extend(changes);
        account.updates += 1;
        self.index(index);
        (200, json!({"status": "success"}))
    }

    /// Handles `GET /accounts?phone=|email=|accountId=`.
    pub fn get(&self, query: &HashMap<String, String>) -> StatusAndBody {
        match self.find(query) {
            Ok(index) => {
                let account = &self.accounts[index];
                (
                    200,
                    json!({"profile": account.profile, "loyalty": loyalty(&account.account_id)}),
                )
            }
            Err(answer) => answer,
        }
    }

    fn find(&self, query: &HashMap<String, String>) -> Result<usize, StatusAndBody> {
        let found = if let Some(phone) = query.get("phone") {
            self.by_phone.get(phone.trim()).copied()
        } else if let Some(email) = query.get("email") {
            self.by_email.get(&email.trim().to_lowercase()).copied()
        } else if let Some(id) = query.get("accountId") {
            self.accounts.iter().position(|a| a.account_id == *id)
        } else {
            return Err(error(
                400,
                KEY_REQUIRED,
                "phone, email or accountId is required",
            ));
        };
        found.ok_or_else(|| error(404, NOT_FOUND, "data not found"))
    }

    /// Returns the 1004 response when `phone` or `email` belongs to an account other than
    /// `except`.
    fn conflict(
        &self,
        phone: Option<&str>,
        email: Option<&str>,
        except: Option<usize>,
    ) -> Option<StatusAndBody> {
        let taken = |index: Option<&usize>| index.is_some_and(|i| Some(*i) != except);
        if taken(phone.and_then(|p| self.by_phone.get(p))) {
            return Some(error(400, NOT_UNIQUE, "phone is not unique"));
        }
        if taken(email.and_then(|e| self.by_email.get(&e.to_lowercase()))) {
            return Some(error(400, NOT_UNIQUE, "email is not unique"));
        }
        None
    }

    fn index(&mut self, index: usize) {
        let account = &self.accounts[index];
        if let Some(phone) = account.phone() {
            self.by_phone.insert(phone, index);
        }
        if let Some(email) = account.email() {
            self.by_email.insert(email.to_lowercase(), index);
        }
    }

    fn unindex(&mut self, index: usize) {
        let account = &self.accounts[index];
        if let Some(phone) = account.phone() {
            self.by_phone.remove(&phone);
        }
        if let Some(email) = account.email() {
            self.by_email.remove(&email.to_lowercase());
        }
    }
}

/// Builds a Datanuum-style error response.
pub fn error(status: u16, code: i64, message: &str) -> StatusAndBody {
    (
        status,
        json!({"status": "error", "code": code, "message": message}),
    )
}

fn json_object(body: &[u8]) -> Option<Map<String, Value>> {
    match serde_json::from_slice(body).ok()? {
        Value::Object(object) => Some(object),
        _ => None,
    }
}

/// Returns a key as trimmed text; a phone may come as a JSON number.
fn key_text(object: &Map<String, Value>, key: &str) -> Option<String> {
    let text = match object.get(key)? {
        Value::String(text) => text.trim().to_string(),
        Value::Number(number) => number.to_string(),
        _ => return None,
    };
    (!text.is_empty()).then_some(text)
}

/// Loyalty data of a fresh member, shaped like Datanuum's read response.
fn loyalty(account_id: &str) -> Value {
    json!({
        "accountId": account_id,
        "program": "Stand-in Rewards",
        "tier": "Blue",
        "wallets": [{"country": "SA", "points": 0, "value": 0, "currency": "SAR"}],
        "redeemable": 0,
        "expiry": null,
        "toNextTier": 1000,
        "cumulativeCredit": 0
    })
}
