// The JSON schema editors use to complete linktrace.config.json must accept what parseConfig
// accepts: every registered rule id, every dialect, every key. It is written by hand, so this
// keeps it from drifting when a rule or a setting is added.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, DIALECTS, parseConfig, PLATFORM_IDS, RULES } from '@linktrace/core';

const schemaPath = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../linktrace.config.schema.json');
const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));

describe('linktrace.config.schema.json', () => {
  it('lists exactly the registered rule ids', () => {
    assert.deepEqual([...schema.properties.rules.propertyNames.enum].sort(), RULES.map((rule) => rule.id).sort());
  });

  it('lists every dialect', () => {
    assert.deepEqual(schema.properties.dialect.enum, ['auto', ...DIALECTS]);
  });

  it('lists every platform, at the top level and in overrides', () => {
    assert.deepEqual(schema.properties.platform.enum, ['auto', ...PLATFORM_IDS]);
    assert.deepEqual(schema.properties.overrides.items.properties.platform.enum, ['auto', ...PLATFORM_IDS]);
  });

  it('has exactly the keys parseConfig accepts, at the top level and in overrides', () => {
    const accepted = (key: string, inOverride: boolean): boolean => {
      const sample: Record<string, unknown> = { $schema: 'x', attributeStyle: 'data', include: ['*.php'], overrides: [], files: ['*.html'], excludeFiles: [], platform: 'auto', messageKind: 'auto', dialect: 'auto', format: 'html', opens: true, clicks: true, rules: {}, allowedHosts: [], maxLinks: 10, utm: {} };
      const config = inOverride ? { overrides: [{ files: ['*.html'], [key]: sample[key] ?? 1 }] } : { [key]: sample[key] ?? 1 };
      try {
        parseConfig(JSON.stringify(config), 'linktrace.config.json');
        return true;
      } catch (error) {
        assert.ok(error instanceof ConfigError);
        return false;
      }
    };
    for (const key of Object.keys(schema.properties)) assert.ok(accepted(key, false), `parseConfig accepts top-level ${key}`);
    for (const key of Object.keys(schema.properties.overrides.items.properties)) assert.ok(accepted(key, true), `parseConfig accepts override ${key}`);
    assert.equal(accepted('noSuchKey', false), false, 'parseConfig rejects keys the schema does not list');
  });
});
