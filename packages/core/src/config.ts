// `linktrace.config.json`: workspace-level settings, with per-glob overrides. Platform-free: the
// caller finds and reads the file; this module validates its text and resolves the options that
// apply to one template.
import picomatch from 'picomatch/posix';
import { PLATFORM_IDS, type MessageKind, type PlatformId } from './platforms/index';
import { RULES_BY_ID } from './rules/index';
import {
  DIALECTS,
  type AttributeStyle,
  type Dialect,
  type LintOptions,
  type RuleSetting,
  type TemplateFormat,
} from './types';
import { mergeUtmSettings, readUtmSettings, type UtmSettings } from './utm';
import { editDistance } from './edit-distance';

export const CONFIG_FILE_NAME = 'linktrace.config.json';

/** Settings that may appear both at the top level and in an override. */
export interface ConfigSettings {
  /** The sending platform: which rules hold and how they speak. Default 'auto': detected per template. */
  platform?: PlatformId | 'auto';
  /** Default 'auto': the platform's usual kind, else read from the message. */
  messageKind?: MessageKind | 'auto';
  dialect?: Dialect | 'auto';
  /** Default: 'text' for `.txt` files, 'html' otherwise. */
  format?: TemplateFormat;
  opens?: boolean;
  clicks?: boolean;
  rules?: Record<string, RuleSetting>;
  allowedHosts?: string[];
  maxLinks?: number;
  /** Campaign parameters links must carry (the utm-* rules). */
  utm?: UtmSettings;
}

export interface ConfigOverride extends ConfigSettings {
  /** Globs relative to the config file's directory; a glob without `/` matches at any depth. */
  files: string[];
  excludeFiles?: string[];
}

export interface LinktraceConfig extends ConfigSettings {
  $schema?: string;
  /** How editors write tracking attributes. */
  attributeStyle?: AttributeStyle;
  /** Globs of more files to lint when a directory is linted, beyond the template extensions (e.g. `*.php`). */
  include?: string[];
  /** Applied in order after the top level; later ones win, `rules` merge per rule. */
  overrides?: ConfigOverride[];
}

/** A config file that cannot be used; the message names the file and the offending key. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const SEVERITIES: readonly RuleSetting[] = ['error', 'warning', 'info', 'off'];
const FORMATS: readonly TemplateFormat[] = ['html', 'text'];
const MESSAGE_KINDS: readonly (MessageKind | 'auto')[] = ['auto', 'marketing', 'transactional'];
const ATTRIBUTE_STYLES: readonly AttributeStyle[] = ['data', 'campaign'];
const SETTING_KEYS = ['platform', 'messageKind', 'dialect', 'format', 'opens', 'clicks', 'rules', 'allowedHosts', 'maxLinks', 'utm'] as const;
const TOP_LEVEL_KEYS: readonly string[] = ['$schema', 'attributeStyle', 'include', 'overrides', ...SETTING_KEYS];
const OVERRIDE_KEYS: readonly string[] = ['files', 'excludeFiles', ...SETTING_KEYS];

/** Parses and validates the text of a config file. Throws `ConfigError` with a precise message. */
export function parseConfig(jsonText: string, fileName: string): LinktraceConfig {
  const text = jsonText.charCodeAt(0) === 0xfeff ? jsonText.slice(1) : jsonText;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${fileName}: invalid JSON${jsonErrorPlace(text, error)}: ${(error as Error).message}`);
  }
  const fail = (where: string, problem: string): never => {
    throw new ConfigError(`${fileName}: ${where ? `"${where}" ` : ''}${problem}`);
  };
  if (!isObject(value)) return fail('', 'must contain a JSON object');
  checkKeys(value, TOP_LEVEL_KEYS, '', fail);
  const config: LinktraceConfig = readSettings(value, '', fail);
  if (value.$schema !== undefined) {
    if (typeof value.$schema !== 'string') fail('$schema', 'must be a string');
    config.$schema = value.$schema as string;
  }
  if (value.attributeStyle !== undefined) config.attributeStyle = oneOf(value.attributeStyle, ATTRIBUTE_STYLES, 'attributeStyle', fail);
  if (value.include !== undefined) config.include = globList(value.include, 'include', fail);
  if (value.overrides !== undefined) {
    if (!Array.isArray(value.overrides)) fail('overrides', 'must be an array of { "files": [...], ... } objects');
    config.overrides = (value.overrides as unknown[]).map((entry, i) => {
      const where = `overrides[${i}]`;
      if (!isObject(entry)) return fail(where, 'must be an object with "files"');
      checkKeys(entry, OVERRIDE_KEYS, `${where}.`, fail);
      if (entry.files === undefined) fail(where, 'needs "files": a list of globs');
      const files = globList(entry.files, `${where}.files`, fail);
      if (!files.length) fail(`${where}.files`, 'must list at least one glob');
      const override: ConfigOverride = { files, ...readSettings(entry, `${where}.`, fail) };
      if (entry.excludeFiles !== undefined) override.excludeFiles = globList(entry.excludeFiles, `${where}.excludeFiles`, fail);
      return override;
    });
  }
  return config;
}

/**
 * The lint options of one template. `relativePath` is relative to the config file's directory,
 * with `/` separators (a leading `./` is ignored).
 */
export function resolveFileOptions(config: LinktraceConfig, relativePath: string): LintOptions {
  const file = relativePath.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
  const merged: ConfigSettings = {};
  const layers: ConfigSettings[] = [config, ...(config.overrides ?? []).filter((o) => overrideApplies(o, file))];
  for (const layer of layers) {
    for (const key of ['platform', 'messageKind', 'dialect', 'format', 'opens', 'clicks', 'maxLinks'] as const) {
      if (layer[key] !== undefined) (merged as Record<string, unknown>)[key] = layer[key];
    }
    if (layer.rules) merged.rules = { ...merged.rules, ...layer.rules };
    // Overrides usually add a staging host for one folder, so the lists accumulate.
    if (layer.allowedHosts) merged.allowedHosts = [...new Set([...(merged.allowedHosts ?? []), ...layer.allowedHosts])];
    if (layer.utm) merged.utm = mergeUtmSettings(merged.utm, layer.utm);
  }
  const options: LintOptions = {
    dialect: merged.dialect ?? 'auto',
    format: merged.format ?? (/\.txt$/i.test(file) ? 'text' : 'html'),
  };
  if (merged.opens !== undefined || merged.clicks !== undefined) {
    options.settings = {};
    if (merged.opens !== undefined) options.settings.opens = merged.opens;
    if (merged.clicks !== undefined) options.settings.clicks = merged.clicks;
  }
  if (merged.platform !== undefined) options.platform = merged.platform;
  if (merged.messageKind !== undefined) options.messageKind = merged.messageKind;
  if (merged.rules) options.rules = merged.rules;
  if (merged.allowedHosts) options.allowedHosts = merged.allowedHosts;
  if (merged.maxLinks !== undefined) options.maxLinks = merged.maxLinks;
  if (merged.utm) options.utm = merged.utm;
  return options;
}

/** Whether the config's `include` globs add this file (relative to the config's directory) to a directory's templates. */
export function includesFile(config: LinktraceConfig, relativePath: string): boolean {
  const file = relativePath.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
  return (config.include ?? []).some((glob) => globMatches(glob, file));
}

const matchers = new Map<string, (path: string) => boolean>();

function globMatches(glob: string, file: string): boolean {
  let matcher = matchers.get(glob);
  if (!matcher) {
    const pattern = glob.replace(/^(\.\/)+/, '');
    // Like .gitignore: `*.txt` means any .txt file, `emails/*.html` is anchored at the config dir.
    matcher = picomatch(pattern, { dot: true, basename: !pattern.includes('/') });
    matchers.set(glob, matcher);
  }
  return matcher(file);
}

function overrideApplies(override: ConfigOverride, file: string): boolean {
  return override.files.some((glob) => globMatches(glob, file)) && !(override.excludeFiles ?? []).some((glob) => globMatches(glob, file));
}

type Fail = (where: string, problem: string) => never;

function readSettings(source: Record<string, unknown>, prefix: string, fail: Fail): ConfigSettings {
  const settings: ConfigSettings = {};
  if (source.platform !== undefined) settings.platform = oneOf(source.platform, ['auto', ...PLATFORM_IDS] as const, `${prefix}platform`, fail);
  if (source.messageKind !== undefined) settings.messageKind = oneOf(source.messageKind, MESSAGE_KINDS, `${prefix}messageKind`, fail);
  if (source.dialect !== undefined) settings.dialect = oneOf(source.dialect, ['auto', ...DIALECTS] as const, `${prefix}dialect`, fail);
  if (source.format !== undefined) settings.format = oneOf(source.format, FORMATS, `${prefix}format`, fail);
  for (const key of ['opens', 'clicks'] as const) {
    if (source[key] === undefined) continue;
    if (typeof source[key] !== 'boolean') fail(`${prefix}${key}`, `must be true or false, not ${JSON.stringify(source[key])}`);
    settings[key] = source[key] as boolean;
  }
  if (source.rules !== undefined) {
    if (!isObject(source.rules)) fail(`${prefix}rules`, 'must be an object of rule id → "error" | "warning" | "info" | "off"');
    const rules: Record<string, RuleSetting> = {};
    for (const [id, setting] of Object.entries(source.rules as Record<string, unknown>)) {
      if (!RULES_BY_ID.has(id)) fail(`${prefix}rules`, `names an unknown rule "${id}"${suggestion(id, [...RULES_BY_ID.keys()])}`);
      rules[id] = oneOf(setting, SEVERITIES, `${prefix}rules.${id}`, fail);
    }
    settings.rules = rules;
  }
  if (source.allowedHosts !== undefined) {
    const hosts = source.allowedHosts;
    if (!Array.isArray(hosts) || hosts.some((host) => typeof host !== 'string' || !host.trim() || /[\s/]/.test(host))) {
      fail(`${prefix}allowedHosts`, 'must be a list of host names such as "staging.example.com" or "*.preview.example.com"');
    }
    settings.allowedHosts = (hosts as string[]).map((host) => host.toLowerCase());
  }
  if (source.maxLinks !== undefined) {
    if (!Number.isInteger(source.maxLinks) || (source.maxLinks as number) < 1) fail(`${prefix}maxLinks`, `must be a positive integer, not ${JSON.stringify(source.maxLinks)}`);
    settings.maxLinks = source.maxLinks as number;
  }
  if (source.utm !== undefined) settings.utm = readUtmSettings(source.utm, `${prefix}utm`, fail);
  return settings;
}

function globList(value: unknown, where: string, fail: Fail): string[] {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.some((glob) => typeof glob !== 'string' || !glob)) fail(where, 'must be a list of globs such as "campaign/**/*.html"');
  for (const glob of list as string[]) {
    if (glob.startsWith('/') || glob.startsWith('../')) fail(where, `"${glob}" must be relative to the config file's directory, inside it`);
  }
  return list as string[];
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], where: string, fail: Fail): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  const shown = typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
  return fail(where, `must be one of ${allowed.map((a) => `"${a}"`).join(', ')}, not ${shown}${typeof value === 'string' ? suggestion(value, allowed) : ''}`);
}

function checkKeys(object: Record<string, unknown>, allowed: readonly string[], prefix: string, fail: Fail): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) fail(`${prefix}${key}`, `is not a known setting${suggestion(key, allowed)}`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** ` (did you mean "x"?)` for a near miss, so a typo in a key or rule id is obvious. */
function suggestion(word: string, candidates: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 4)) ? ` (did you mean "${best}"?)` : '';
}


/** ` at line L, column C` from a JSON.parse error, when the engine says where. */
function jsonErrorPlace(text: string, error: unknown): string {
  const position = /position (\d+)/.exec((error as Error)?.message ?? '');
  if (!position) return '';
  const before = text.slice(0, Number(position[1])).split('\n');
  return ` at line ${before.length}, column ${before[before.length - 1]!.length + 1}`;
}
