// The extension's settings (contributes.configuration in package.json), read typed in one place.
import * as vscode from 'vscode';
import { DIALECTS, type AttributeStyle, type Dialect, type RuleSetting } from '@linktrace/core';

export interface Settings {
  enable: boolean;
  dialect: Dialect | 'auto';
  rules: Record<string, RuleSetting>;
  opens: boolean;
  clicks: boolean;
  attributeStyle: AttributeStyle;
  daemonUrl: string;
  daemonDataDirectory: string;
  daemonAutoStart: boolean;
}

const RULE_SETTINGS: readonly string[] = ['error', 'warning', 'info', 'off'];

export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const config = vscode.workspace.getConfiguration('linktrace', scope);
  const dialect = config.get<string>('dialect', 'auto');
  const rules: Record<string, RuleSetting> = {};
  for (const [id, setting] of Object.entries(config.get<Record<string, unknown>>('rules', {}) ?? {})) {
    if (typeof setting === 'string' && RULE_SETTINGS.includes(setting)) rules[id] = setting as RuleSetting;
  }
  return {
    enable: config.get<boolean>('enable', true),
    dialect: DIALECTS.includes(dialect as Dialect) ? (dialect as Dialect) : 'auto',
    rules,
    opens: config.get<boolean>('tracking.opens', true),
    clicks: config.get<boolean>('tracking.clicks', true),
    attributeStyle: config.get<string>('attributeStyle', 'data') === 'campaign' ? 'campaign' : 'data',
    daemonUrl: config.get<string>('daemon.url', '').trim(),
    daemonDataDirectory: config.get<string>('daemon.dataDirectory', '.linktrace').trim() || '.linktrace',
    daemonAutoStart: config.get<boolean>('daemon.autoStart', false),
  };
}
