//! Command-line arguments. The command names and flags are fixed because scripts outside
//! the project call them.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use encoding_rs::Encoding;

/// Push customer profiles from ERP CSV exports into the Datanuum loyalty platform.
///
/// Without a command, opens the terminal screen.
#[derive(Debug, Parser)]
#[command(name = "datanuum-sync", version, subcommand_value_name = "COMMAND")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Customer CSV to open in the screen
    #[arg(value_name = "CSV")]
    pub csv: Option<PathBuf>,

    /// Reward config to open the screen with, by code or numeric ID
    #[arg(long, value_name = "CODE_OR_ID")]
    pub reward_config: Option<String>,

    /// Open the screen on a bundled sample CSV against a built-in local Datanuum stand-in,
    /// with no set-up
    #[arg(long, conflicts_with_all = ["csv", "reward_config"])]
    pub demo: bool,

    #[command(flatten)]
    pub global: GlobalArgs,
}

/// Options every command takes.
#[derive(Debug, Clone, Default, Args)]
pub struct GlobalArgs {
    /// Reward-config file (TOML) [default: $DATANUUM_SYNC_CONFIG, then reward-configs.toml
    /// in the user's config directory]
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Directory for the journal and the log files [default: $DATANUUM_SYNC_DATA_DIR, else
    /// the platform's data directory]
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Print one JSON object per line on stdout (configs, validate, preview, send)
    #[arg(long, global = true)]
    pub json: bool,

    /// Encoding of the CSV instead of detecting it, e.g. utf-8, utf-16le, windows-1256
    #[arg(long, global = true, value_name = "NAME", value_parser = parse_encoding)]
    pub encoding: Option<&'static Encoding>,

    /// Delimiter of the CSV instead of detecting it: , ; | or tab (also written \t)
    #[arg(long, global = true, value_name = "CHAR", value_parser = parse_delimiter)]
    pub delimiter: Option<u8>,

    /// Log level or tracing filter, e.g. debug [default: $RUST_LOG, else info]
    #[arg(long, global = true, value_name = "LEVEL")]
    pub log_level: Option<String>,
}

/// The commands that run without the screen.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the reward configs: code, ID, name and base URL, never tokens
    Configs,

    /// Report every row with a problem, by line number
    ///
    /// Lists warnings (a value left out), invalid customers (neither phone nor email) and
    /// bad rows (broken CSV records). Exit code 1 only when the file cannot be loaded.
    Validate {
        /// Customer CSV to check
        #[arg(value_name = "CSV")]
        csv: PathBuf,
        /// Reward config whose settings (country, date order, columns) apply [default:
        /// built-in settings with default_country SA]
        #[arg(long, value_name = "CODE_OR_ID")]
        reward_config: Option<String>,
    },

    /// Print the exact requests that would be sent, with the token masked
    Preview {
        /// Customer CSV to preview
        #[arg(value_name = "CSV")]
        csv: PathBuf,
        #[command(flatten)]
        target: Target,
    },

    /// Send customers and print one result per customer
    ///
    /// Results go to stdout, progress to stderr. Exit code 0 when every customer was
    /// created, updated or skipped, 1 when any failed or was invalid, 2 for usage or config
    /// errors.
    Send {
        /// Customer CSV to send
        #[arg(value_name = "CSV")]
        csv: PathBuf,
        #[command(flatten)]
        target: Target,
        /// Send only customers whose last recorded outcome is failed, invalid or unknown
        #[arg(long)]
        only_failed: bool,
        /// Build every request and print the results without sending anything
        #[arg(long)]
        dry_run: bool,
        /// Also send customers whose profile is unchanged since its last success
        #[arg(long)]
        force: bool,
        /// Confirm a send to a production config without typing the customer count;
        /// required when there is no terminal
        #[arg(long)]
        yes: bool,
    },

    /// Write the recorded results and the failed rows as CSV files
    ///
    /// The results file lists the last outcome of each customer. The failed-rows file
    /// contains the rows to fix, in the layout of the input CSV. Without --results or
    /// --failed, both are written to the current directory.
    Export {
        /// Customer CSV the results belong to
        #[arg(value_name = "CSV")]
        csv: PathBuf,
        /// Reward config whose journal contains the results, by code or numeric ID
        #[arg(long, value_name = "CODE_OR_ID")]
        reward_config: String,
        /// Results file to write (code, outcome, HTTP status, Datanuum code and message,
        /// account ID, attempts, time)
        #[arg(long, value_name = "FILE")]
        results: Option<PathBuf>,
        /// Failed rows file to write, in the layout of the input CSV
        #[arg(long, value_name = "FILE")]
        failed: Option<PathBuf>,
    },

    /// Run the built-in Datanuum stand-in on 127.0.0.1 and print its URL
    ///
    /// The first line on stdout is the base URL. The stand-in runs until Ctrl-C or SIGTERM.
    MockServer(MockArgs),
}

/// Options of `mock-server`.
#[derive(Debug, Clone, Default, Args)]
pub struct MockArgs {
    /// Port to listen on; 0 picks a free port
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub port: u16,

    /// Delay before each response, in milliseconds
    #[arg(long, value_name = "MS", default_value_t = 0)]
    pub latency_ms: u64,

    /// Scripted responses per phone number, from a *.scenario.json file
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,

    /// Phone number (digits with country code) of an account that exists from the start,
    /// so a create for it is rejected with 1004; repeat for several
    #[arg(long = "existing-phone", value_name = "PHONE")]
    pub existing_phones: Vec<String>,

    /// Environment variable holding the only token accepted [default: any token]
    #[arg(long, value_name = "VAR")]
    pub token_env: Option<String>,

    /// Accept requests without auth values or with a reused nonce
    #[arg(long)]
    pub no_auth: bool,

    /// Respond to every Nth request with HTTP 500
    #[arg(long, value_name = "N")]
    pub error_every: Option<u32>,

    /// Respond to every Nth request with HTTP 429 and no Retry-After
    #[arg(long, value_name = "N")]
    pub throttle_every: Option<u32>,
}

/// The reward config and the customers a command works on.
#[derive(Debug, Clone, Args)]
pub struct Target {
    /// Reward config, by code or numeric ID
    #[arg(long, value_name = "CODE_OR_ID")]
    pub reward_config: String,

    /// Customer code to include; repeat for several [default: every customer]
    #[arg(long = "customer", value_name = "CODE")]
    pub customers: Vec<String>,
}

fn parse_encoding(name: &str) -> Result<&'static Encoding, String> {
    Encoding::for_label(name.trim().as_bytes()).ok_or_else(|| {
        format!("unknown encoding `{name}`; use e.g. utf-8, utf-16le, utf-16be or windows-1256")
    })
}

fn parse_delimiter(text: &str) -> Result<u8, String> {
    match text {
        "\\t" | "tab" | "TAB" | "\t" => Ok(b'\t'),
        _ => match text.as_bytes() {
            [byte] if byte.is_ascii_punctuation() => Ok(*byte),
            _ => Err(format!(
                "`{text}` is not a delimiter; use one character such as , ; | or \\t for tab"
            )),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn delimiter_parsing() {
        assert_eq!(parse_delimiter(";"), Ok(b';'));
        assert_eq!(parse_delimiter("\\t"), Ok(b'\t'));
        assert!(parse_delimiter("ab").is_err());
        assert!(parse_delimiter("x").is_err());
    }

    #[test]
    fn subcommand_after_global_flag() {
        let cli = Cli::try_parse_from(["datanuum-sync", "--json", "validate", "a.csv"]).unwrap();
        assert!(cli.global.json);
        assert!(matches!(cli.command, Some(Command::Validate { .. })));
    }

    #[test]
    fn bare_csv_opens_screen() {
        let cli =
            Cli::try_parse_from(["datanuum-sync", "x.csv", "--reward-config", "ACME"]).unwrap();
        assert!(cli.command.is_none());
        assert_eq!(cli.csv, Some(PathBuf::from("x.csv")));
        assert_eq!(cli.reward_config.as_deref(), Some("ACME"));
    }
}
