//! Normalisers that turn one raw CSV value into the form the Datanuum API expects.
//!
//! Each normaliser returns a [`Normalized`]: the value in API form, nothing (an empty cell),
//! or the reason the value cannot be used. The payload builder turns a reason into a warning
//! and leaves the key out of the profile.

pub mod country;
pub mod date;
pub mod email;
pub mod gender;
pub mod phone;
pub mod text;

/// Result of normalising one cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Normalized {
    /// The cell is empty (after invisible characters and spaces are removed).
    Empty,
    /// The value in the form sent to the API.
    Valid(String),
    /// The value is present but unusable, with the reason, e.g. `no @`.
    Rejected(String),
}

impl Normalized {
    /// Returns the usable value, if any.
    pub fn valid(&self) -> Option<&str> {
        match self {
            Normalized::Valid(value) => Some(value),
            _ => None,
        }
    }
}
