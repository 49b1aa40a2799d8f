// The Tracking panel's HTML shell: a strict Content-Security-Policy where only the bundled
// script carrying this load's nonce runs. Styles may be inline because the hot-clicks view shows
// the template (an email: inline styles everywhere) in a srcdoc iframe, which inherits this
// policy; scripts stay blocked there too. No string from a log ever goes through this file: the
// script renders them with textContent.
import { randomBytes } from 'node:crypto';

export interface PanelHtmlOptions {
  /** The webview's resource origin (`webview.cspSource`). */
  cspSource: string;
  /** URL of dist/panel.js as the webview may load it (`webview.asWebviewUri`). */
  scriptUri: string;
  /** Fresh per load; generated when not given. */
  nonce?: string;
}

export function newNonce(): string {
  return randomBytes(18).toString('base64url');
}

const escapeAttribute = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function panelCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource} 'unsafe-inline'`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "frame-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}

export function panelHtml(options: PanelHtmlOptions): string {
  const nonce = options.nonce ?? newNonce();
  const csp = escapeAttribute(panelCsp(options.cspSource, nonce));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Linktrace Tracking</title>
<style>${PANEL_CSS}</style>
</head>
<body>
<header class="bar">
  <span id="connection" class="connection" role="status">Not connected</span>
  <div id="counters" class="counters" aria-label="Counters"></div>
</header>
<div id="test-emails" class="bar test-emails" aria-label="Test emails" hidden></div>
<div class="bar filters">
  <label>Type <select id="filter-type"></select></label>
  <label>Delivery <select id="filter-delivery"></select></label>
  <label>Recipient <select id="filter-recipient"></select></label>
  <label class="people-only" title="Hide the logs flagged as likely machine traffic (scanners, prefetchers, proxies)"><input type="checkbox" id="people-only"> People only</label>
  <span class="actions">
    <button type="button" id="clear-logs" class="secondary" title="Delete tracking logs from the daemon">Clear</button>
    <button type="button" id="export-logs" class="secondary" title="Save the logs as CSV or JSON">Export</button>
  </span>
  <nav class="tabs" role="tablist">
    <button type="button" role="tab" data-tab="log">Log</button>
    <button type="button" role="tab" data-tab="links">Links</button>
    <button type="button" role="tab" data-tab="hot">Hot clicks</button>
  </nav>
</div>
<main>
  <section id="tab-log" class="tab">
    <div class="scroll"><table class="grid log-grid">
      <thead><tr><th class="col-time">Time</th><th class="col-type">Type</th><th class="col-recipient">Recipient</th><th class="col-link">Link</th><th class="col-delivery">Delivery</th><th class="col-agent">User agent</th></tr></thead>
      <tbody id="log-rows"></tbody>
    </table></div>
    <p id="log-empty" class="empty">No tracking logs yet. Send a test delivery, open it and click its links.</p>
  </section>
  <section id="tab-links" class="tab">
    <div class="scroll"><table class="grid links-grid">
      <thead><tr><th class="col-line">Line</th><th class="col-label">Label</th><th class="col-url">URL</th><th class="col-clicks">Clicks</th><th class="col-share">Share</th></tr></thead>
      <tbody id="link-rows"></tbody>
    </table></div>
    <p id="links-empty" class="empty">No delivery yet.</p>
  </section>
  <section id="tab-hot" class="tab">
    <p id="hot-status" class="empty"></p>
    <div id="hot-stage" class="hot-stage"></div>
  </section>
</main>
<script nonce="${nonce}" src="${escapeAttribute(options.scriptUri)}"></script>
</body>
</html>`;
}

const PANEL_CSS = `
body { margin: 0; padding: 0 12px 12px; color: var(--vscode-foreground); background: var(--vscode-editor-background);
  font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); }
.bar { display: flex; flex-wrap: wrap; align-items: center; gap: 12px; padding: 8px 0; }
header.bar { border-bottom: 1px solid var(--vscode-panel-border, transparent); }
.connection::before { content: ''; display: inline-block; width: 8px; height: 8px; border-radius: 50%; margin-right: 6px;
  background: var(--vscode-testing-iconFailed, #c33); }
.connection.connected::before { background: var(--vscode-testing-iconPassed, #3a3); }
.connection.connecting::before { background: var(--vscode-testing-iconQueued, #cc3); }
.counters { display: flex; flex-wrap: wrap; gap: 8px; margin-left: auto; }
.counter { padding: 4px 10px; border-radius: 4px; background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); }
.counter .value { font-weight: bold; font-size: 1.3em; margin-right: 4px; }
.counter .raw { opacity: .8; font-size: .85em; }
.test-emails { gap: 8px 16px; padding-top: 0; }
.test-emails .title { color: var(--vscode-descriptionForeground); }
.test-email { display: inline-flex; align-items: center; gap: 4px; }
button.secondary, .test-email button { background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground);
  border: none; padding: 2px 8px; cursor: pointer; font: inherit; }
button.secondary:hover, .test-email button:hover { background: var(--vscode-button-secondaryHoverBackground, var(--vscode-list-hoverBackground)); }
.actions { display: inline-flex; gap: 4px; }
.people-only { display: inline-flex; align-items: center; gap: 4px; }
.people-only input { margin: 0; }
.type { white-space: nowrap; }
.tag-reason { opacity: .8; font-size: .85em; max-width: 16em; }
select { background: var(--vscode-dropdown-background); color: var(--vscode-dropdown-foreground);
  border: 1px solid var(--vscode-dropdown-border, transparent); padding: 2px 4px; max-width: 16em; }
.tabs { margin-left: auto; display: flex; gap: 4px; }
.tabs button { background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground);
  border: none; padding: 4px 10px; cursor: pointer; }
.tabs button[aria-selected="true"] { background: var(--vscode-button-background); color: var(--vscode-button-foreground); }
.tab { display: none; }
.tab.active { display: block; }
.scroll { overflow-x: auto; }
/* Cells are never cut: long text wraps, and below the table's minimum width it scrolls sideways. */
.grid { width: 100%; min-width: 420px; border-collapse: collapse; table-layout: auto; }
.grid th { text-align: left; font-weight: 600; border-bottom: 1px solid var(--vscode-panel-border, #8884); padding: 4px; white-space: nowrap; }
.grid td { padding: 3px 4px; vertical-align: top; overflow-wrap: anywhere; }
.grid td.nowrap { white-space: nowrap; }
.grid tbody tr { cursor: pointer; }
.col-link, .col-url { width: 40%; }
.col-link { min-width: 8em; }
.col-url { min-width: 11em; }
/* Figures wrap between words, never inside one. */
.grid td.col-clicks { min-width: 6em; overflow-wrap: normal; }
.col-agent { width: 22%; }
/* Narrow (the default side-by-side width): the user agent goes into the row's tooltip, then the delivery. */
@media (max-width: 720px) { .col-agent { display: none; } }
@media (max-width: 520px) { .col-delivery { display: none; } }
.grid tbody tr:hover { background: var(--vscode-list-hoverBackground); }
.grid tbody tr.machine { opacity: .6; }
.type { display: inline-flex; align-items: center; gap: 4px; }
.type svg { width: 14px; height: 14px; fill: currentColor; }
.type-open { color: var(--vscode-charts-blue, #3794ff); }
.type-click { color: var(--vscode-charts-green, #89d185); }
.type-mirror { color: var(--vscode-charts-purple, #b180d7); }
.type-optout { color: var(--vscode-charts-red, #f14c4c); }
.tag { margin-left: 6px; padding: 0 4px; border-radius: 3px; font-size: .85em;
  background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); }
.share { display: inline-block; height: 8px; background: var(--vscode-progressBar-background); vertical-align: middle; margin-right: 6px; }
.empty { color: var(--vscode-descriptionForeground); }
.hot-stage { position: relative; border: 1px solid var(--vscode-panel-border, #8884); background: #fff; }
.hot-stage iframe { display: block; width: 100%; border: 0; min-height: 200px; }
.hot-overlay { position: absolute; inset: 0; pointer-events: none; }
.hot-link { position: absolute; box-sizing: border-box; border: 2px solid var(--vscode-focusBorder, #007fd4); pointer-events: auto; cursor: pointer;
  background: color-mix(in srgb, var(--vscode-focusBorder, #007fd4) 12%, transparent); }
.hot-badge { position: absolute; top: -10px; right: -6px; padding: 0 5px; border-radius: 8px; font: bold 11px/16px var(--vscode-font-family);
  background: var(--vscode-editorError-foreground, #e51400); color: #fff; white-space: nowrap; }
.hot-link.cold .hot-badge { background: var(--vscode-descriptionForeground, #777); }
`;
