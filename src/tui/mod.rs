//! The terminal screen.
//!
//! One controller ([`App`]) owns the terminal, the state and the only message receiver.
//! Keys go through the binding table in [`keys`] to actions. Background tasks (CSV load,
//! search, batch, profile fetch, export) report back as [`message::Message`]s. Views in
//! [`view`] draw from the state without changing it. Every engine call goes through
//! [`engine`].

mod actions;
mod app;
mod check;
pub mod engine;
mod input;
pub mod keys;
pub mod message;
pub mod state;
mod tasks;
pub mod terminal;
pub mod text_width;
mod updates;
pub mod view;

use std::io;

use anyhow::Context;
use crossterm::event::EventStream;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

pub use self::app::{App, AppInit};
pub use self::view::theme::Theme;

/// Opens the screen and runs it until the operator quits or a signal arrives.
pub async fn run(init: AppInit) -> anyhow::Result<()> {
    let mut app = App::new(init, Theme::from_env());
    terminal::install_panic_hook();
    let guard =
        terminal::TerminalGuard::enter().context("switching the terminal to screen mode failed")?;
    let mut screen = Terminal::new(CrosstermBackend::new(io::stdout()))
        .context("opening the terminal failed")?;
    terminal::watch_signals(app.sender()).context("watching SIGTERM and SIGHUP failed")?;
    app.start();
    let result = app.run(&mut screen, EventStream::new()).await;
    drop(screen);
    drop(guard);
    result
}
