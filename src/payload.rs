//! The JSON profile sent for one customer, built from a row after normalisation.
//!
//! A field with no usable value is left out of the object, never sent as `null` or `""`,
//! so an update cannot erase data that Datanuum already holds.

use serde_json::{Map, Value};

mod shared;

pub use shared::shared_contacts;

use crate::config::{NameSource, RewardConfig};
use crate::customer::{Columns, Customer, Field, Finding, Severity};
use crate::normalize::text::{collapse_whitespace, excerpt, strip_control, strip_invisible};
use crate::normalize::{Normalized, country, date, email, gender, phone};

/// The normalised profile of one sendable customer.
#[derive(Debug, Clone, PartialEq)]
pub struct Payload {
    /// The profile keys in a fixed order: phone, email, first, last, gender, birthdate,
    /// nationality. Only keys with a usable value are present.
    pub profile: Map<String, Value>,
    /// Phone in API form (country code and digits), the update key when present.
    pub phone: Option<String>,
    /// Email, the update key when there is no phone.
    pub email: Option<String>,
    /// Value of the `branch_code` header, from `ref5` or the config's default register.
    pub branch_code: Option<String>,
}

/// A customer after its payload was built: the payload, or why it cannot be sent.
#[derive(Debug, Clone, PartialEq)]
pub struct Prepared {
    pub code: String,
    pub line: u32,
    /// Warnings about values left out, and the reason when the customer is invalid.
    pub findings: Vec<Finding>,
    /// The payload, or why the customer is invalid, e.g. `no phone and no email`. The
    /// reason leaves out "not sent" because the screen and the outcome add it themselves.
    pub payload: Result<Payload, String>,
}

/// Builds the payload for one customer, with a finding for each value left out.
///
/// `first`/`last` come from the first/last columns. When both are empty, they come from
/// the name chosen by `name_source` (or the other name when that one is empty), split at
/// the first run of whitespace.
pub fn prepare(config: &RewardConfig, columns: &Columns, customer: &Customer) -> Prepared {
    let mut builder = Builder {
        columns,
        customer,
        findings: Vec::new(),
    };
    let raw_phone = customer.field(columns, Field::Mobile);
    let raw_email = customer.field(columns, Field::Email);
    let phone = phone::normalize(raw_phone, &config.default_country);
    let email = email::normalize(raw_email);
    let sendable = phone.valid().is_some() || email.valid().is_some();
    if sendable {
        builder.warn_if_rejected(Field::Mobile, "phone left out", &phone);
        builder.warn_if_rejected(Field::Email, "email left out", &email);
    }

    let (first, last) = builder.names(config);
    // The reason already quotes the value and the finding names the column.
    let gender = builder.checked(Field::Gender, "left out", gender::normalize);
    let birthdate = builder.checked(Field::BirthDate, "birthdate left out", |raw| {
        date::normalize(raw, config.date_order)
    });
    let nationality = builder.checked(Field::Country, "nationality left out", country::normalize);

    let mut profile = Map::new();
    let entries = [
        ("phone", phone.valid().map(str::to_string)),
        ("email", email.valid().map(str::to_string)),
        ("first", first),
        ("last", last),
        ("gender", gender),
        ("birthdate", birthdate),
        ("nationality", nationality),
    ];
    for (key, value) in entries {
        if let Some(value) = value.filter(|value| !value.is_empty()) {
            profile.insert(key.to_string(), Value::String(value));
        }
    }

    let code = customer.code(columns).to_string();
    let mut findings = builder.findings;
    let payload = if sendable {
        Ok(Payload {
            profile,
            phone: phone.valid().map(str::to_string),
            email: email.valid().map(str::to_string),
            branch_code: config.branch_code(customer.field(columns, Field::Ref5)),
        })
    } else {
        let reason = unsendable_reason(raw_phone, &phone, raw_email, &email);
        findings.push(Finding {
            line: customer.line(),
            customer: Some(code.clone()).filter(|code| !code.is_empty()),
            field: None,
            severity: Severity::Invalid,
            message: format!("{reason}: not sent"),
        });
        Err(reason)
    };
    Prepared {
        code,
        line: customer.line(),
        findings,
        payload,
    }
}

/// Collects the warnings about one customer's values.
struct Builder<'a> {
    columns: &'a Columns,
    customer: &'a Customer,
    findings: Vec<Finding>,
}

impl Builder<'_> {
    /// Normalises `field` and returns its value, or records why it is left out; `left_out`
    /// ends the warning, e.g. `phone left out`.
    fn checked(
        &mut self,
        field: Field,
        left_out: &str,
        normalize: impl Fn(&str) -> Normalized,
    ) -> Option<String> {
        let value = normalize(self.customer.field(self.columns, field));
        self.warn_if_rejected(field, left_out, &value);
        match value {
            Normalized::Valid(value) => Some(value),
            _ => None,
        }
    }

    /// Returns the first and last name sent for the customer.
    fn names(&mut self, config: &RewardConfig) -> (Option<String>, Option<String>) {
        let first = self.clean_name(Field::First);
        let last = self.clean_name(Field::Last);
        if !first.is_empty() || !last.is_empty() {
            return (Some(first), Some(last));
        }
        let (preferred, other) = match config.name_source {
            NameSource::Name2 => (Field::Name2, Field::Name1),
            NameSource::Name1 => (Field::Name1, Field::Name2),
        };
        let mut name = self.clean_name(preferred);
        if name.is_empty() {
            name = self.clean_name(other);
        }
        match name.split_once(' ') {
            Some((first, last)) => (Some(first.to_string()), Some(last.to_string())),
            None => (Some(name), None),
        }
    }

    /// Returns a name cell without invisible marks, control characters or extra spaces.
    /// Removing control characters (ESC, BEL…) adds a warning, because sent as is they
    /// would reach Datanuum and any terminal that prints the name.
    fn clean_name(&mut self, field: Field) -> String {
        let raw = self.customer.field(self.columns, field);
        let visible = strip_invisible(raw);
        let printable = strip_control(&visible);
        if printable.len() != visible.len() {
            self.warn(field, "control characters removed".to_string());
        }
        collapse_whitespace(&printable)
    }

    fn warn_if_rejected(&mut self, field: Field, left_out: &str, value: &Normalized) {
        let Normalized::Rejected(reason) = value else {
            return;
        };
        self.warn(field, warning_message(reason, left_out));
    }

    fn warn(&mut self, field: Field, message: String) {
        let code = self.customer.code(self.columns);
        self.findings.push(Finding {
            line: self.customer.line(),
            customer: Some(code.to_string()).filter(|code| !code.is_empty()),
            field: self.columns.header(field).map(str::to_string),
            severity: Severity::Warning,
            message,
        });
    }
}

/// Joins a normaliser's reason and what happens to the value, e.g. `no @: email left out`.
/// A reason that already has a `: ` clause gets a comma instead, so the message has one
/// colon: `scientific notation 9.665E+11: digits lost, phone left out`.
fn warning_message(reason: &str, left_out: &str) -> String {
    if reason.contains(": ") {
        format!("{reason}, {left_out}")
    } else {
        format!("{reason}: {left_out}")
    }
}

/// Explains why a customer with neither a valid phone nor a valid email cannot be sent,
/// e.g. `phone 12345 invalid and no email`.
fn unsendable_reason(
    raw_phone: &str,
    phone: &Normalized,
    raw_email: &str,
    email: &Normalized,
) -> String {
    let phone_part = match phone {
        Normalized::Empty => "no phone".to_string(),
        Normalized::Rejected(_) if phone::is_scientific(raw_phone.trim()) => {
            format!("phone {} unusable", excerpt(raw_phone.trim()))
        }
        _ => format!("phone {} invalid", excerpt(raw_phone.trim())),
    };
    let email_part = match email {
        Normalized::Empty => "no email".to_string(),
        _ => format!("email '{}' invalid", excerpt(raw_email.trim())),
    };
    format!("{phone_part} and {email_part}")
}
