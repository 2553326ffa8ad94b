//! Phones and emails that two customers of one file share.
//!
//! Datanuum keeps each phone and each email on one account, so the second customer sent
//! with the same value updates the first one's account (or is rejected with code 1004)
//! instead of creating its own.

use std::collections::HashMap;

use super::Prepared;
use crate::customer::{Columns, Field, Finding, Severity};
use crate::normalize::text::excerpt;

/// Returns a warning on each sendable customer whose phone or email an earlier customer in
/// `prepared` already uses, naming that customer's code and line.
///
/// Phones are compared in API form and emails without regard to case. Customers that
/// cannot be sent are ignored because nothing of theirs reaches Datanuum.
pub fn shared_contacts(columns: &Columns, prepared: &[Prepared]) -> Vec<Finding> {
    let mut phones: HashMap<&str, &Prepared> = HashMap::new();
    let mut emails: HashMap<String, &Prepared> = HashMap::new();
    let mut findings = Vec::new();
    for customer in prepared {
        let Ok(payload) = &customer.payload else {
            continue;
        };
        if let Some(phone) = payload.phone.as_deref() {
            match phones.get(phone) {
                Some(first) => findings.push(shared(
                    columns.header(Field::Mobile),
                    customer,
                    format!(
                        "phone {phone} is also used by {}: Datanuum keys accounts by phone, \
                         so this send updates that account",
                        describe(first)
                    ),
                )),
                None => {
                    phones.insert(phone, customer);
                }
            }
        }
        if let Some(email) = payload.email.as_deref() {
            match emails.get(&email.to_lowercase()) {
                Some(first) => findings.push(shared(
                    columns.header(Field::Email),
                    customer,
                    format!(
                        "email {} is also used by {}: Datanuum allows an email on one account \
                         only, so this send updates that account or is rejected",
                        excerpt(email),
                        describe(first)
                    ),
                )),
                None => {
                    emails.insert(email.to_lowercase(), customer);
                }
            }
        }
    }
    findings
}

/// Names a customer in a message: `D1002 (line 4)`.
fn describe(customer: &Prepared) -> String {
    if customer.code.is_empty() {
        format!("the customer without a code on line {}", customer.line)
    } else {
        format!("{} (line {})", excerpt(&customer.code), customer.line)
    }
}

fn shared(header: Option<&str>, customer: &Prepared, message: String) -> Finding {
    Finding {
        line: customer.line,
        customer: Some(customer.code.clone()).filter(|code| !code.is_empty()),
        field: header.map(str::to_string),
        severity: Severity::Warning,
        message,
    }
}
