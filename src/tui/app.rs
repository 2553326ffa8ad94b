//! The controller: it owns the state and the only message receiver, and runs the loop.
//!
//! The loop waits on three things with `tokio::select!`: terminal input, messages from
//! background tasks, and a tick that runs only while a batch is sending (to move the rate
//! and ETA). It redraws after each of them and never while idle.

use std::io;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use anyhow::Context;
use crossterm::event::{Event, KeyEventKind};
use futures::{Stream, StreamExt};
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::layout::Rect;
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};

use super::engine::{self, Restored, SharedIndex, SharedSearcher};
use super::message::{Message, MessageSender};
use super::state::overlay::Overlay;
use super::state::{AppState, PreviewPayload};
use super::view;
use super::view::layout::Areas;
use super::view::theme::Theme;
use crate::config::{ConfigSet, RewardConfig};
use crate::load::LoadOptions;

/// Maximum time spent applying waiting messages before the next frame is drawn.
const MESSAGE_BUDGET: Duration = Duration::from_millis(30);

/// How often the batch gauge is redrawn while a batch runs.
const TICK: Duration = Duration::from_millis(250);

/// The configs, CSV file and data directory the screen starts with.
#[derive(Debug, Clone)]
pub struct AppInit {
    pub configs: ConfigSet,
    /// The config to use; `None` opens the config picker first.
    pub config: Option<RewardConfig>,
    /// The customer CSV to load, if one was given.
    pub csv: Option<PathBuf>,
    pub load_options: LoadOptions,
    /// Directory for the journal and exports.
    pub data_dir: PathBuf,
}

/// The screen controller.
pub struct App {
    pub state: AppState,
    pub(super) sender: MessageSender,
    receiver: UnboundedReceiver<Message>,
    pub(super) csv: Option<PathBuf>,
    pub(super) load_options: LoadOptions,
    pub(super) data_dir: PathBuf,
    /// Journal contents of the current config, applied to rows as they load.
    pub(super) restored: Restored,
    pub(super) load_started: bool,
    pub(super) next_batch: u64,
    /// Terminal size at the last draw, for scrolling and mouse hits.
    pub(super) size: Rect,
    pub(super) quit: bool,
    /// Set to stop the search that is running when a newer query starts.
    pub(super) search_cancel: Arc<AtomicBool>,
    /// The index the load task extends as rows arrive.
    pub(super) live_index: Option<SharedIndex>,
    pub(super) searcher: SharedSearcher,
}

impl App {
    /// Creates the controller; call [`App::start`] inside a Tokio runtime to begin loading.
    pub fn new(init: AppInit, theme: Theme) -> App {
        let (sender, receiver) = unbounded_channel();
        let config = init.config.map(Arc::new);
        let mut state = AppState::new(init.configs, config, theme);
        state.file.path = init.csv.clone();
        App {
            state,
            sender,
            receiver,
            csv: init.csv,
            load_options: init.load_options,
            data_dir: init.data_dir,
            restored: Restored::default(),
            load_started: false,
            next_batch: 0,
            size: Rect::new(0, 0, 80, 24),
            quit: false,
            search_cancel: Arc::new(AtomicBool::new(false)),
            live_index: None,
            searcher: SharedSearcher::default(),
        }
    }

    /// Starts the CSV load and the journal read, or opens the picker without a config.
    pub fn start(&mut self) {
        if self.state.config.is_some() {
            self.start_restore();
            self.start_load();
        } else {
            self.state.overlay = Overlay::Picker { cursor: 0 };
        }
    }

    /// Returns a sender for messages, e.g. for a signal watcher.
    pub fn sender(&self) -> MessageSender {
        self.sender.clone()
    }

    /// True once the operator asked to quit or a signal arrived.
    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// Runs the loop until quit, drawing on `terminal` and reading `events`.
    pub async fn run<B, E>(
        &mut self,
        terminal: &mut Terminal<B>,
        mut events: E,
    ) -> anyhow::Result<()>
    where
        B: Backend,
        B::Error: std::error::Error + Send + Sync + 'static,
        E: Stream<Item = io::Result<Event>> + Unpin,
    {
        let mut tick = tokio::time::interval(TICK);
        while !self.quit {
            self.draw(terminal)?;
            let batch_running = self.state.batch_running();
            tokio::select! {
                event = events.next() => match event {
                    Some(Ok(event)) => self.handle_event(event),
                    Some(Err(error)) => return Err(error).context("reading terminal input failed"),
                    None => self.quit = true,
                },
                Some(message) = self.receiver.recv() => {
                    self.handle_message(message);
                    self.drain_for(MESSAGE_BUDGET);
                }
                _ = tick.tick(), if batch_running => self.state.now = Instant::now(),
            }
        }
        Ok(())
    }

    /// Scrolls the table for the terminal size and draws one frame.
    pub fn draw<B>(&mut self, terminal: &mut Terminal<B>) -> anyhow::Result<()>
    where
        B: Backend,
        B::Error: std::error::Error + Send + Sync + 'static,
    {
        let size = terminal
            .size()
            .context("reading the terminal size failed")?;
        self.size = Rect::new(0, 0, size.width, size.height);
        let areas = Areas::new(self.size, &self.state);
        self.state.list.refresh_if_stale();
        self.state.list.scroll_into_view(areas.table_body_height());
        self.prepare_preview();
        terminal
            .draw(|frame| view::draw(&self.state, frame))
            .context("drawing the screen failed")?;
        Ok(())
    }

    /// Builds the payload of the highlighted row for the preview, unless the last one
    /// built is still that row's under the current config.
    fn prepare_preview(&mut self) {
        let list = &self.state.list;
        let (Some(index), Some(config)) = (list.highlighted(), &self.state.config) else {
            return;
        };
        let fresh =
            self.state.preview.as_ref().is_some_and(|preview| {
                preview.row == index && Arc::ptr_eq(&preview.config, config)
            });
        if fresh {
            return;
        }
        let Some(row) = list.rows.get(index) else {
            return;
        };
        let prepared = engine::prepare(config, &list.columns, &row.customer);
        self.state.preview = Some(PreviewPayload {
            row: index,
            config: Arc::clone(config),
            prepared: Arc::new(prepared),
        });
    }

    /// Applies the messages already waiting, for up to `budget`, so that a burst (a
    /// cancelled batch reports every customer it returns) costs one frame, not one each.
    fn drain_for(&mut self, budget: Duration) {
        let started = Instant::now();
        while started.elapsed() < budget {
            let Ok(message) = self.receiver.try_recv() else {
                return;
            };
            self.handle_message(message);
        }
    }

    /// Applies every message already waiting, without blocking.
    pub fn drain_messages(&mut self) {
        while let Ok(message) = self.receiver.try_recv() {
            self.handle_message(message);
        }
    }

    /// Waits up to `timeout` for one message and applies it; returns false on timeout.
    pub async fn next_message(&mut self, timeout: Duration) -> bool {
        match tokio::time::timeout(timeout, self.receiver.recv()).await {
            Ok(Some(message)) => {
                self.handle_message(message);
                true
            }
            _ => false,
        }
    }

    /// Applies one terminal event.
    pub fn handle_event(&mut self, event: Event) {
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => self.handle_key(key),
            Event::Mouse(mouse) => self.handle_mouse(mouse),
            _ => {}
        }
    }

    /// Applies one message from a background task.
    pub fn handle_message(&mut self, message: Message) {
        match message {
            Message::Load(load) => self.on_load(load),
            Message::SearchResults { query, hits } => self.on_search_results(&query, hits),
            Message::Checked {
                config_code,
                start,
                summaries,
            } => self.on_checked(&config_code, start, &summaries),
            Message::Reindexed { config_code } => self.on_reindexed(&config_code),
            Message::BatchPrepared {
                batch,
                items,
                force,
            } => self.on_batch_prepared(batch, items, force),
            Message::Restored {
                config_code,
                restored,
            } => self.on_restored(&config_code, restored),
            Message::Batch { batch, event } => self.on_batch_event(batch, event),
            Message::Fetched { code, result } => self.on_fetched(&code, result),
            Message::Exported(result) => self.on_exported(result),
            Message::Terminate => {
                if let Some(batch) = &mut self.state.batch {
                    batch.cancel("the screen was closed");
                }
                self.quit = true;
            }
        }
    }
}
