//! Everything the screen shows, grouped by feature. Only the controller changes it; the
//! views read it.

pub mod batch;
pub mod log;
pub mod overlay;
pub mod summary;
pub mod table;
pub mod triage;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use tui_input::Input;

use self::batch::BatchState;
use self::log::LogState;
use self::overlay::Overlay;
use self::table::CustomerList;
use crate::config::{ConfigSet, RewardConfig};
use crate::customer::Finding;
use crate::payload::Prepared;
use crate::tui::engine::SharedIndex;
use crate::tui::view::theme::Theme;

/// The panel that the movement keys act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    #[default]
    Table,
    Preview,
    Log,
}

impl Focus {
    pub fn next(self) -> Focus {
        match self {
            Focus::Table => Focus::Preview,
            Focus::Preview => Focus::Log,
            Focus::Log => Focus::Table,
        }
    }
}

/// Progress of the CSV load.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum LoadState {
    /// No CSV was given.
    #[default]
    NoFile,
    Loading {
        bytes_read: u64,
        total_bytes: u64,
    },
    Loaded,
    Failed(String),
}

/// The CSV file being shown.
#[derive(Debug, Clone, Default)]
pub struct FileState {
    pub path: Option<PathBuf>,
    /// Name of the encoding the loader used, e.g. `UTF-8` or `windows-1256`.
    pub encoding: Option<&'static str>,
    pub load: LoadState,
    /// Bad rows and file-level findings reported by the loader.
    pub findings: Vec<Finding>,
}

/// The search box and the index it queries.
#[derive(Debug, Default)]
pub struct SearchState {
    pub input: Input,
    /// True while the operator types in the box.
    pub editing: bool,
    /// The index once the whole file is in it; the controller searches the index while
    /// it is still growing, too.
    pub index: Option<SharedIndex>,
    /// True from a query's start until its results arrive; the view is stale meanwhile.
    pub pending: bool,
}

impl SearchState {
    /// Returns the trimmed query, empty when there is no search.
    pub fn query(&self) -> &str {
        self.input.value().trim()
    }
}

/// The payload of one row, built when the row was highlighted.
#[derive(Debug, Clone)]
pub struct PreviewPayload {
    pub row: usize,
    /// The config it was built for; another config makes it stale.
    pub config: Arc<RewardConfig>,
    pub prepared: Arc<Prepared>,
}

/// The whole screen state.
#[derive(Debug)]
pub struct AppState {
    pub configs: ConfigSet,
    pub config: Option<Arc<RewardConfig>>,
    pub file: FileState,
    pub list: CustomerList,
    pub search: SearchState,
    pub log: LogState,
    pub batch: Option<BatchState>,
    pub focus: Focus,
    pub overlay: Overlay,
    /// The highlighted row's payload, built by the controller before each draw.
    pub preview: Option<PreviewPayload>,
    /// Lines the preview is scrolled down.
    pub preview_scroll: usize,
    /// One-line message on the status line, e.g. why a key did nothing.
    pub notice: Option<String>,
    pub theme: Theme,
    /// Time the rate and ETA are computed for; the controller advances it on every tick.
    pub now: Instant,
}

impl AppState {
    pub fn new(configs: ConfigSet, config: Option<Arc<RewardConfig>>, theme: Theme) -> Self {
        AppState {
            configs,
            config,
            file: FileState::default(),
            list: CustomerList::default(),
            search: SearchState::default(),
            log: LogState::default(),
            batch: None,
            focus: Focus::Table,
            overlay: Overlay::None,
            preview: None,
            preview_scroll: 0,
            notice: None,
            theme,
            now: Instant::now(),
        }
    }

    /// Returns the built payload of the highlighted row, once the controller has built it.
    pub fn highlighted_payload(&self) -> Option<&Prepared> {
        let preview = self.preview.as_ref()?;
        let current = self.config.as_ref()?;
        let fresh =
            Some(preview.row) == self.list.highlighted() && Arc::ptr_eq(&preview.config, current);
        fresh.then_some(preview.prepared.as_ref())
    }

    /// True while a batch is sending.
    pub fn batch_running(&self) -> bool {
        self.batch.is_some()
    }
}
