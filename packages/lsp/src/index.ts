// @linktrace/lsp: the Linktrace language server. `linktrace lsp` runs it (packages/cli).
export { runLanguageServer, namesTransport } from './main';
export { startServer, SERVER_NAME } from './server';
export { readSettings, DEFAULT_SETTINGS, type Settings } from './settings';
export { SET_TRACKING_TYPE_COMMAND, FIX_ALL_COMMAND, type CommandResult } from './trackingCommand';
export { FIX_ALL_KIND } from './fixAll';
export { DIAGNOSTIC_SOURCE, INTERNAL_ERROR_CODE } from './diagnostics';
