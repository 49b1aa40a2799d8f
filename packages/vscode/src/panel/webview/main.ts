// The Tracking panel's script (bundled to dist/panel.js, run in the webview). It keeps a
// PanelModel fed by the extension's messages and redraws the log, the counters, the per-link
// figures and the hot-clicks overlay. Filters and the open tab survive the panel being hidden
// or reloaded through the webview state.
import type { LogType, TrackingLog } from '@linktrace/core';
// The protocol module alone: the package index would pull the HTML parser into the webview bundle.
import { LOG_TYPES } from '@linktrace/core/src/protocol';
import { decodeUrlForDisplay, formatClicks } from '../../clickWording';
import type { FromPanelMessage, PanelConnection, PanelFilters, TestEmailAction, ToPanelMessage } from '../messages';
import { byId, element, setOptions } from './dom';
import { createHotClicksView, formatShare } from './hotClicks';
import { typeIcon, TYPE_NAMES } from './icons';
import { PanelModel } from './model';

interface VsCodeApi {
  postMessage(message: FromPanelMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

type Tab = 'log' | 'links' | 'hot';
interface SavedState {
  filters: PanelFilters;
  tab: Tab;
  /** Hide logs flagged as machine traffic from the log table. */
  peopleOnly: boolean;
}

/** Rows drawn at most; older ones stay in the model (counters, export) but not in the DOM. */
const MAX_ROWS = 500;

const vscode = acquireVsCodeApi();
const model = new PanelModel();
const saved = readState(vscode.getState());
let filters: PanelFilters = saved.filters;
let tab: Tab = saved.tab;
let peopleOnly = saved.peopleOnly;
const templates = new Map<string, string | null>();

const typeSelect = byId<HTMLSelectElement>('filter-type');
const deliverySelect = byId<HTMLSelectElement>('filter-delivery');
const recipientSelect = byId<HTMLSelectElement>('filter-recipient');
const hotView = createHotClicksView(byId('hot-stage'), (linkId) => revealLink(model.focusedDelivery(filters)?.id, linkId));

function readState(value: unknown): SavedState {
  const state = (typeof value === 'object' && value !== null ? value : {}) as Partial<SavedState>;
  const f = (state.filters ?? {}) as Partial<PanelFilters>;
  return {
    filters: {
      type: LOG_TYPES.includes(f.type as LogType) ? (f.type as LogType) : '',
      deliveryId: typeof f.deliveryId === 'string' ? f.deliveryId : '',
      recipientId: typeof f.recipientId === 'string' ? f.recipientId : '',
    },
    tab: state.tab === 'links' || state.tab === 'hot' ? state.tab : 'log',
    peopleOnly: state.peopleOnly === true,
  };
}

function saveState(): void {
  vscode.setState({ filters, tab, peopleOnly } satisfies SavedState);
}

function revealLink(deliveryId: string | undefined, linkId: string | undefined, line?: number): void {
  if (!deliveryId) return;
  vscode.postMessage({ type: 'reveal', deliveryId, ...(linkId ? { linkId } : {}), ...(line ? { line } : {}) });
}

function formatTime(at: string): string {
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? at : date.toLocaleTimeString(undefined, { hour12: false });
}

function linkText(log: TrackingLog): string {
  const url = log.url === undefined ? undefined : decodeUrlForDisplay(log.url);
  if (log.label && url) return `${log.label} · ${url}`;
  return log.label ?? url ?? '';
}

/** Each recipient's test email of the focused delivery, one click away (the extension knows the address). */
function renderTestEmails(): void {
  const bar = byId('test-emails');
  const delivery = model.focusedDelivery(filters);
  if (!delivery || delivery.recipients.length === 0) {
    bar.hidden = true;
    return;
  }
  const action = (name: TestEmailAction, recipientId: string, text: string, title: string) => {
    const button = element('button', { text, title, attributes: { type: 'button', 'data-action': name } });
    button.addEventListener('click', () => vscode.postMessage({ type: 'testEmail', action: name, deliveryId: delivery.id, recipientId }));
    return button;
  };
  bar.replaceChildren(
    element('span', { className: 'title', text: `Test email of ${delivery.name}:` }),
    ...delivery.recipients.map((recipient) =>
      element(
        'span',
        { className: 'test-email', attributes: { 'data-recipient': recipient.id } },
        recipient.email,
        action('open', recipient.id, 'Open', `Open ${recipient.email}'s test email in the browser`),
        action('copy', recipient.id, 'Copy Link', `Copy the address of ${recipient.email}'s test email`),
      ),
    ),
  );
  bar.hidden = false;
}

function renderConnection(connection: PanelConnection): void {
  const node = byId('connection');
  node.className = `connection ${connection.state}`;
  const where = connection.url ? ` to ${connection.url}` : '';
  node.textContent =
    connection.state === 'connected'
      ? `Connected${where}`
      : connection.state === 'connecting'
        ? `Connecting${where}…`
        : `Not connected${connection.error ? `: ${connection.error}` : ''}`;
}

function renderFilters(): void {
  filters.type = setOptions(typeSelect, [{ value: '', label: 'All' }, ...LOG_TYPES.map((type) => ({ value: type, label: TYPE_NAMES[type] }))], filters.type) as LogType | '';
  const deliveries = model.deliveries;
  filters.deliveryId = setOptions(
    deliverySelect,
    [{ value: '', label: 'All' }, ...deliveries.map((delivery) => ({ value: delivery.id, label: `${delivery.name} (${formatTime(delivery.createdAt)})` }))],
    filters.deliveryId,
  );
  const recipients = new Map<string, string>();
  for (const delivery of deliveries) {
    if (filters.deliveryId && delivery.id !== filters.deliveryId) continue;
    for (const recipient of delivery.recipients) recipients.set(recipient.id, recipient.email);
  }
  for (const log of model.logs) if (!recipients.has(log.recipientId)) recipients.set(log.recipientId, log.recipientId);
  filters.recipientId = setOptions(
    recipientSelect,
    [{ value: '', label: 'All' }, ...[...recipients].map(([id, email]) => ({ value: id, label: email }))],
    filters.recipientId,
  );
}

function renderCounters(): void {
  const counters = model.counters(filters);
  const unique = model.uniqueRecipients(filters);
  // The same wording as CodeLens and the Links view: "3 clicks · 2 unique".
  const nouns: Record<LogType, [string, string]> = { open: ['open', 'opens'], click: ['click', 'clicks'], mirror: ['mirror view', 'mirror views'], optout: ['opt-out', 'opt-outs'] };
  byId('counters').replaceChildren(
    ...LOG_TYPES.map((type) => {
      const { human, raw } = counters[type];
      return element(
        'span',
        { className: `counter counter-${type}`, title: `${human} by people, ${raw} including likely machine traffic`, attributes: { 'data-type': type } },
        element('span', { className: 'value', text: String(human) }),
        nouns[type][human === 1 ? 0 : 1],
        ...(type === 'optout' ? [] : [element('span', { className: 'unique', text: ` · ${unique[type]} unique` })]),
        ...(raw !== human ? [element('span', { className: 'raw', text: ` (${raw} with machine traffic)` })] : []),
      );
    }),
  );
}

function renderLog(): number {
  const deliveries = new Map(model.deliveries.map((delivery) => [delivery.id, delivery]));
  const emails = new Map<string, string>();
  for (const delivery of deliveries.values()) for (const recipient of delivery.recipients) emails.set(`${delivery.id}/${recipient.id}`, recipient.email);
  const logs = model.filtered(filters).filter((log) => !peopleOnly || !log.machine);
  const rows = logs.slice(-MAX_ROWS).reverse().map((log) => {
    const delivery = deliveries.get(log.deliveryId);
    const line = delivery?.links.find((link) => link.linkId === log.linkId)?.line;
    const type = element('span', { className: `type type-${log.type}` }, typeIcon(log.type), TYPE_NAMES[log.type]);
    if (log.machine) type.append(element('span', { className: 'tag', text: 'machine', title: log.machine }));
    // Why it looks automated, under the type: a flag nobody can explain is not trusted.
    const reason = log.machine ? [element('div', { className: 'tag-reason', text: log.machine })] : [];
    const row = element(
      'tr',
      {
        className: log.machine ? 'machine' : '',
        // The user agent column is the first to go on a narrow panel: the row's tooltip keeps it.
        title: [log.userAgent ? `User agent: ${log.userAgent}` : '', log.machine ? `Likely machine traffic: ${log.machine}` : ''].filter(Boolean).join('\n'),
        attributes: { 'data-seq': String(log.seq), 'data-type': log.type },
      },
      element('td', { className: 'col-time nowrap', text: formatTime(log.at), title: log.at }),
      element('td', { className: 'col-type' }, type, ...reason),
      element('td', { className: 'col-recipient nowrap', text: emails.get(`${log.deliveryId}/${log.recipientId}`) ?? log.recipientId }),
      element('td', { className: 'col-link', text: linkText(log), title: line ? `${decodeUrlForDisplay(log.url ?? '')} (line ${line})` : decodeUrlForDisplay(log.url ?? '') }),
      element('td', { className: 'col-delivery nowrap', text: delivery?.name ?? log.deliveryId, title: log.deliveryId }),
      element('td', { className: 'col-agent user-agent', text: log.userAgent ?? '', title: log.userAgent ?? '' }),
    );
    row.addEventListener('click', () => revealLink(log.deliveryId, log.linkId));
    return row;
  });
  byId('log-rows').replaceChildren(...rows);
  byId('log-empty').hidden = logs.length > 0;
  return rows.length;
}

function renderLinks(): void {
  const delivery = model.focusedDelivery(filters);
  const figures = delivery ? model.linkFigures(delivery.id, filters.recipientId) : [];
  const rows = figures.map((figure) => {
    const bar = element('span', { className: 'share' });
    bar.style.width = `${Math.round(figure.share * 80)}px`;
    const row = element(
      'tr',
      { attributes: { 'data-link-id': figure.link.linkId } },
      element('td', { className: 'col-line nowrap', text: String(figure.link.line) }),
      element('td', { className: 'col-label', text: figure.link.label ?? '' }),
      element('td', { className: 'col-url', text: decodeUrlForDisplay(figure.link.url), title: decodeUrlForDisplay(figure.link.url) }),
      element('td', { className: 'col-clicks', text: formatClicks(figure.total.human, figure.unique, figure.total.raw) }),
      element('td', { className: 'col-share nowrap' }, bar, formatShare(figure.share)),
    );
    row.addEventListener('click', () => revealLink(delivery?.id, figure.link.linkId));
    return row;
  });
  byId('link-rows').replaceChildren(...rows);
  byId('links-empty').textContent = delivery ? `${delivery.name}: no tracked links.` : 'No delivery yet.';
  byId('links-empty').hidden = rows.length > 0;
}

function renderHotClicks(): void {
  const status = byId('hot-status');
  const delivery = model.focusedDelivery(filters);
  if (!delivery) {
    status.textContent = 'No delivery yet.';
    return;
  }
  if (!templates.has(delivery.id)) {
    status.textContent = `Loading ${delivery.name}…`;
    templates.set(delivery.id, null);
    vscode.postMessage({ type: 'requestTemplate', deliveryId: delivery.id });
    return;
  }
  const html = templates.get(delivery.id);
  if (html === null || html === undefined) return;
  status.textContent = `${delivery.name}: each tracked link with its share of clicks. Click a link to reveal it in the template.`;
  if (hotView.deliveryId !== delivery.id) hotView.show(delivery.id, html);
  hotView.update(model.linkFigures(delivery.id, filters.recipientId));
}

function renderTabs(): void {
  for (const button of Array.from(document.querySelectorAll<HTMLButtonElement>('[data-tab]'))) {
    button.setAttribute('aria-selected', String(button.dataset.tab === tab));
  }
  for (const name of ['log', 'links', 'hot'] as const) byId(`tab-${name}`).classList.toggle('active', name === tab);
}

/** Redraws at most this often while logs stream in (hundreds of clicks a second in a load test). */
const MIN_REDRAW_MS = 100;
let scheduled = false;
let lastRender = 0;
/** `now`: the user acted (filter, tab), so no throttling. */
function render(now = false): void {
  if (scheduled) return;
  scheduled = true;
  // One redraw per burst of messages; setTimeout rather than rAF, which stops while hidden.
  setTimeout(() => {
    scheduled = false;
    lastRender = Date.now();
    renderFilters();
    renderCounters();
    renderTestEmails();
    const rows = renderLog();
    if (tab === 'links') renderLinks();
    if (tab === 'hot') renderHotClicks();
    renderTabs();
    saveState();
    vscode.postMessage({ type: 'rendered', lastSeq: model.lastSeq, rows });
  }, now ? 0 : Math.max(0, lastRender + MIN_REDRAW_MS - Date.now()));
}

function receive(message: ToPanelMessage): void {
  switch (message.type) {
    case 'reset':
      model.reset(message.logs, message.deliveries);
      templates.clear();
      renderConnection(message.connection);
      break;
    case 'logs':
      model.addLogs(message.logs);
      break;
    case 'delivery':
      model.setDelivery(message.delivery);
      break;
    case 'connection':
      renderConnection(message.connection);
      return;
    case 'focus':
      filters = { ...filters, deliveryId: message.deliveryId };
      break;
    case 'template':
      templates.set(message.deliveryId, message.html);
      if (message.html === null) byId('hot-status').textContent = message.error ?? 'The template of this delivery is not available.';
      break;
  }
  render();
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const data = event.data;
  if (typeof data === 'object' && data !== null && typeof (data as { type?: unknown }).type === 'string') receive(data as ToPanelMessage);
});

function onFilterChange(): void {
  filters = { type: typeSelect.value as LogType | '', deliveryId: deliverySelect.value, recipientId: recipientSelect.value };
  render(true);
}
typeSelect.addEventListener('change', onFilterChange);
deliverySelect.addEventListener('change', onFilterChange);
recipientSelect.addEventListener('change', onFilterChange);
for (const button of Array.from(document.querySelectorAll<HTMLButtonElement>('[data-tab]'))) {
  button.addEventListener('click', () => {
    tab = (button.dataset.tab as Tab | undefined) ?? 'log';
    render(true);
  });
}

const peopleOnlyBox = byId<HTMLInputElement>('people-only');
peopleOnlyBox.checked = peopleOnly;
peopleOnlyBox.addEventListener('change', () => {
  peopleOnly = peopleOnlyBox.checked;
  render(true);
});
byId('clear-logs').addEventListener('click', () => vscode.postMessage({ type: 'command', command: 'clearLogs' }));
byId('export-logs').addEventListener('click', () => vscode.postMessage({ type: 'command', command: 'exportLogs' }));

renderConnection({ state: 'disconnected' });
render();
vscode.postMessage({ type: 'ready' });
