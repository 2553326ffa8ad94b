//! The JSON profile sent for one customer, built from a row after normalisation.
//!
//! A field with no usable value is left out of the object, never sent as `null` or `""`,
//! so an update cannot erase data that Datanuum already holds.

use serde_json::{Map, Value};

use crate::customer::Finding;

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
    /// The payload, or the message explaining why the customer is invalid.
    pub payload: Result<Payload, String>,
}

/// Builds the payload for one customer, with a finding for each value left out.
pub fn prepare(
    config: &crate::config::RewardConfig,
    columns: &crate::customer::Columns,
    customer: &crate::customer::Customer,
) -> Prepared {
    let _ = (config, columns, customer);
    todo!("prepare")
}
