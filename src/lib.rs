//! `datanuum-sync` pushes customer profiles from ERP CSV exports into the Datanuum loyalty
//! platform.
//!
//! The engine (configs, CSV loading, payloads, HTTP client, journal, batch runner, the
//! built-in Datanuum stand-in) knows nothing of the terminal screen. The screen in [`tui`]
//! and the command line in [`cli`] both drive the same engine through plain types and
//! channels.

pub mod batch;
pub mod cli;
pub mod client;
pub mod config;
pub mod customer;
pub mod export;
pub mod journal;
pub mod load;
pub mod logging;
pub mod mock;
pub mod normalize;
pub mod outcome;
pub mod paths;
pub mod payload;
pub mod request;
pub mod search;
pub mod secret;
pub mod tui;
