// The server's settings: `initializationOptions` at start, then the client's `linktrace` section
// (workspace/configuration, or the payload of workspace/didChangeConfiguration). Every field is
// optional for the client; anything malformed falls back to the default instead of failing.
import { DIALECTS, type AttributeStyle, type Dialect, type RuleSetting } from '@linktrace/core';

export interface Settings {
  enable: boolean;
  dialect: Dialect | 'auto';
  /** Personal rule severities, applied on top of linktrace.config.json (like the extension's `linktrace.rules`). */
  rules: Record<string, RuleSetting>;
  opens: boolean;
  clicks: boolean;
  attributeStyle: AttributeStyle;
  /** Quiet time after a keystroke before diagnostics are pushed; the latest version is always linted. */
  debounceMs: number;
  /** The daemon's data directory, relative to the workspace folder: CodeLens click counts come from its daemon. */
  daemonDataDirectory: string;
}

export const DEFAULT_SETTINGS: Settings = {
  enable: true,
  dialect: 'auto',
  rules: {},
  opens: true,
  clicks: true,
  attributeStyle: 'data',
  debounceMs: 20,
  daemonDataDirectory: '.linktrace',
};

const RULE_SETTINGS: readonly string[] = ['error', 'warning', 'info', 'off'];
const MAX_DEBOUNCE_MS = 2000;

/** Reads a settings object as a client sends it: flat (`{dialect}`), VS Code style (`{tracking: {opens}}`, `{daemon: {dataDirectory}}`) or wrapped in `{linktrace: ...}`. */
export function readSettings(raw: unknown, base: Settings = DEFAULT_SETTINGS): Settings {
  const value = isObject(raw) && isObject(raw.linktrace) ? raw.linktrace : raw;
  if (!isObject(value)) return base;
  const tracking = isObject(value.tracking) ? value.tracking : {};
  const rules: Record<string, RuleSetting> = {};
  if (isObject(value.rules)) {
    for (const [id, setting] of Object.entries(value.rules)) {
      if (typeof setting === 'string' && RULE_SETTINGS.includes(setting)) rules[id] = setting as RuleSetting;
    }
  }
  const boolean = (candidate: unknown, fallback: boolean) => (typeof candidate === 'boolean' ? candidate : fallback);
  const debounce = value.debounceMs;
  const daemon = isObject(value.daemon) ? value.daemon : {};
  const dataDirectory = value.daemonDataDirectory ?? daemon.dataDirectory;
  return {
    enable: boolean(value.enable, base.enable),
    dialect: DIALECTS.includes(value.dialect as Dialect) || value.dialect === 'auto' ? (value.dialect as Dialect | 'auto') : base.dialect,
    rules: isObject(value.rules) ? rules : base.rules,
    opens: boolean(value.opens ?? tracking.opens, base.opens),
    clicks: boolean(value.clicks ?? tracking.clicks, base.clicks),
    attributeStyle: value.attributeStyle === 'campaign' || value.attributeStyle === 'data' ? value.attributeStyle : base.attributeStyle,
    debounceMs: typeof debounce === 'number' && Number.isFinite(debounce) ? Math.min(Math.max(0, debounce), MAX_DEBOUNCE_MS) : base.debounceMs,
    daemonDataDirectory: typeof dataDirectory === 'string' && dataDirectory.trim() !== '' ? dataDirectory.trim() : base.daemonDataDirectory,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
