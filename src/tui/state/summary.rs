//! The table's summary of a customer's payload, packed into one word per row.

use crate::customer::Severity;
use crate::payload::Prepared;

/// Flag set once the row's payload was built, so the other flags are valid.
const CHECKED: u64 = 1 << 63;
/// Flag for a customer with a valid phone or email.
const SENDABLE: u64 = 1 << 62;
/// Flag for a row where at least one value was left out with a warning.
const WARNED: u64 = 1 << 61;
/// Mask of the normalised phone in the low bits. E.164 numbers have at most 15 digits,
/// so 56 bits (over 7 × 10^16) fit every valid one.
const PHONE: u64 = (1 << 56) - 1;

/// Summary of a customer's payload for the table, kept instead of the payload itself,
/// because a million built payloads would take gigabytes and a million of these 8 MB. The full [`Prepared`] is built again when it is needed (the preview, a fetch, a
/// batch).
///
/// A row starts unchecked: building a payload validates the phone against the numbering
/// plans, which takes most of the time of a large load, so the screen checks rows in the
/// background after they are shown. An unchecked row counts as sendable; a batch that
/// reaches it first finds out for itself.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary(u64);

impl Summary {
    /// Summary of a row whose payload was not built yet.
    pub const UNCHECKED: Summary = Summary(0);

    /// Keeps what the table shows of a built payload.
    pub fn of(prepared: &Prepared) -> Summary {
        let phone = prepared
            .payload
            .as_ref()
            .ok()
            .and_then(|payload| payload.phone.as_deref())
            .and_then(|phone| phone.parse::<u64>().ok());
        let warned = prepared
            .findings
            .iter()
            .any(|finding| finding.severity == Severity::Warning);
        Summary::checked(phone, prepared.payload.is_ok(), warned)
    }

    /// Creates the summary of a checked row. A phone too large for the packed form is
    /// dropped, so the table shows the cell as written.
    pub fn checked(phone: Option<u64>, sendable: bool, warned: bool) -> Summary {
        let mut bits = CHECKED | phone.filter(|&phone| phone <= PHONE).unwrap_or(0);
        if sendable {
            bits |= SENDABLE;
        }
        if warned {
            bits |= WARNED;
        }
        Summary(bits)
    }

    /// True once the payload was built.
    pub fn is_checked(self) -> bool {
        self.0 & CHECKED != 0
    }

    /// Returns the normalised phone as digits (country code first), when it is valid.
    pub fn phone(self) -> Option<u64> {
        Some(self.0 & PHONE).filter(|&phone| phone != 0)
    }

    /// True when the customer has a valid phone or email, or is not checked yet.
    pub fn sendable(self) -> bool {
        !self.is_checked() || self.0 & SENDABLE != 0
    }

    /// True when at least one value was left out with a warning.
    pub fn warned(self) -> bool {
        self.0 & WARNED != 0
    }
}

impl std::fmt::Debug for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Summary")
            .field("checked", &self.is_checked())
            .field("phone", &self.phone())
            .field("sendable", &self.sendable())
            .field("warned", &self.warned())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_and_phone_round_trip() {
        let summary = Summary::checked(Some(966_501_234_567), false, true);
        assert!(summary.is_checked());
        assert_eq!(summary.phone(), Some(966_501_234_567));
        assert!(!summary.sendable());
        assert!(summary.warned());
        let largest = 999_999_999_999_999;
        assert_eq!(
            Summary::checked(Some(largest), true, false).phone(),
            Some(largest)
        );
        assert_eq!(Summary::checked(Some(u64::MAX), true, false).phone(), None);
    }

    #[test]
    fn unchecked_rows_count_as_sendable_without_warnings() {
        let summary = Summary::UNCHECKED;
        assert!(!summary.is_checked());
        assert!(summary.sendable());
        assert!(!summary.warned());
        assert_eq!(summary.phone(), None);
    }
}
