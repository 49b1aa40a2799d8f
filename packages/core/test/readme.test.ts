import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { withRulesTable } from '../scripts/rules-table';

describe('README', () => {
  it('lists every rule with its doc page (regenerate with `npx tsx packages/core/scripts/rules-table.ts`)', () => {
    const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../README.md');
    const readme = readFileSync(file, 'utf8');
    assert.equal(readme, withRulesTable(readme));
  });
});
