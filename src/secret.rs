//! The API token, wrapped so that it cannot reach a screen, log, journal or export by accident.
//!
//! `Debug` and `Display` print only the masked form; the real value is reachable through
//! [`Secret::expose`], which only the HTTP client calls when it sets the `oauth_token` value.

use std::fmt;

/// An API token. Formatting it prints the masked form, never the value.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a token read from a config file, environment variable or token file.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// Returns the real token. Call only where the value goes onto the wire.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Returns the masked form shown in previews: bullets and the last four characters,
    /// or only bullets for a token of eight characters or fewer.
    pub fn masked(&self) -> String {
        let chars: Vec<char> = self.0.chars().collect();
        if chars.len() <= 8 {
            return "••••".to_string();
        }
        let tail: String = chars[chars.len() - 4..].iter().collect();
        format!("••••{tail}")
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({})", self.masked())
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masked_keeps_last_four() {
        let secret = Secret::new("tok-abcdef-12345");
        assert_eq!(secret.masked(), "••••2345");
        assert_eq!(format!("{secret}"), "••••2345");
        assert!(!format!("{secret:?}").contains("abcdef"));
    }

    #[test]
    fn short_token_fully_masked() {
        assert_eq!(Secret::new("abc").masked(), "••••");
    }
}
