// Regenerates the README's rule table from the rule registry: `npx tsx packages/core/scripts/rules-table.ts`.
// The core test suite checks that the README is in sync with this output.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RULES, scopeSummary } from '@linktrace/core';

const START = '<!-- rules-table:start -->';
const END = '<!-- rules-table:end -->';

export function rulesTable(): string {
  const rows = RULES.map((rule) => `| [\`${rule.id}\`](docs/rules/${rule.id}.md) | ${rule.defaultSeverity} | ${scopeSummary(rule.scope)} | ${rule.description.replace(/\|/g, '\\|')} |`);
  return ['| rule | default | platforms | what it reports |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

export function withRulesTable(readme: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start === -1 || end < start) throw new Error(`README.md has no ${START} ... ${END} section`);
  return `${readme.slice(0, start + START.length)}\n${rulesTable()}\n${readme.slice(end)}`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../README.md');
  writeFileSync(file, withRulesTable(readFileSync(file, 'utf8')));
  console.log(`README.md: ${RULES.length} rules`);
}
