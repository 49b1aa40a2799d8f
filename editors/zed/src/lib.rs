// Starts the Linktrace language server for Zed: `linktrace lsp --stdio`, with `linktrace` found on
// the worktree's PATH (npm link, or a global install of the CLI).
use zed_extension_api::{self as zed, LanguageServerId, Result};

struct Linktrace;

impl zed::Extension for Linktrace {
    fn new() -> Self {
        Linktrace
    }

    fn language_server_command(&mut self, _id: &LanguageServerId, worktree: &zed::Worktree) -> Result<zed::Command> {
        let command = worktree
            .which("linktrace")
            .ok_or_else(|| "linktrace is not on PATH: run `npm link` in the Linktrace repository".to_string())?;
        Ok(zed::Command { command, args: vec!["lsp".into(), "--stdio".into()], env: worktree.shell_env() })
    }
}

zed::register_extension!(Linktrace);
