import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RULES } from '@linktrace/core';
import { DOCS_DIR, withPlatformsLine, withRulesTable } from '../scripts/rules-table';

describe('README', () => {
  it('lists every rule with its doc page (regenerate with `npx tsx packages/core/scripts/rules-table.ts`)', () => {
    const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../README.md');
    const readme = readFileSync(file, 'utf8');
    assert.equal(readme, withRulesTable(readme));
  });

  it('every rule page says on which platforms the rule holds (same script)', () => {
    for (const rule of RULES) {
      const page = readFileSync(path.join(DOCS_DIR, `${rule.id}.md`), 'utf8');
      assert.equal(page, withPlatformsLine(page, rule), `docs/rules/${rule.id}.md`);
    }
  });
});
