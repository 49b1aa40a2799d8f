// What one document is linted with: the client's settings as the config's top level, then
// linktrace.config.json and its matching overrides (core's resolveFileOptions), then the
// template's own pragmas (applied by core's lint). Only `rules` from the settings goes on top of
// the file, as a personal severity override (the same layering as the VS Code extension).
import path from 'node:path';
import { resolveFileOptions, type AttributeStyle, type LinktraceConfig, type LintOptions, type TemplateFormat } from '@linktrace/core';
import type { ProjectConfig } from './projectConfig';
import type { Settings } from './settings';

export interface DocumentOptions {
  lint: LintOptions;
  attributeStyle: AttributeStyle;
}

export function documentOptions(filePath: string, settings: Settings, project: ProjectConfig | undefined, format: TemplateFormat): DocumentOptions {
  const fromSettings: LinktraceConfig = { dialect: settings.dialect, opens: settings.opens, clicks: settings.clicks, attributeStyle: settings.attributeStyle };
  const layered: LinktraceConfig = { ...fromSettings, ...withoutUndefined(project?.config ?? {}) };
  // Core's globs match paths relative to the config file's folder, `/`-separated.
  const relative = project ? path.relative(path.dirname(project.file), filePath).split(path.sep).join('/') : path.basename(filePath);
  const lint = resolveFileOptions(layered, relative);
  // The document's language decides the format: an HTML document is never linted as plain text.
  lint.format = format;
  if (Object.keys(settings.rules).length) lint.rules = { ...lint.rules, ...settings.rules };
  return { lint, attributeStyle: layered.attributeStyle ?? 'data' };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
