// Regenerates the README's rule table and each rule page's "Platforms" line from the rule registry:
// `npx tsx packages/core/scripts/rules-table.ts`. The core test suite checks both are in sync.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RULES, scopeSummary, type Rule } from '@linktrace/core';

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

const PLATFORMS_LINE = /^\*\*Platforms:\*\* .*\n\n/m;

/** A rule page with its "**Platforms:** ..." line (after the title) saying where the rule holds. */
export function withPlatformsLine(page: string, rule: Rule): string {
  const line = `**Platforms:** ${scopeSummary(rule.scope)}${rule.scope?.message ? '; whole messages only, not partials' : ''}.\n\n`;
  if (PLATFORMS_LINE.test(page)) return page.replace(PLATFORMS_LINE, line);
  const afterTitle = page.indexOf('\n\n') + 2;
  return `${page.slice(0, afterTitle)}${line}${page.slice(afterTitle)}`;
}

export const DOCS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../docs/rules');

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../README.md');
  writeFileSync(file, withRulesTable(readFileSync(file, 'utf8')));
  for (const rule of RULES) {
    const page = path.join(DOCS_DIR, `${rule.id}.md`);
    writeFileSync(page, withPlatformsLine(readFileSync(page, 'utf8'), rule));
  }
  console.log(`README.md and docs/rules: ${RULES.length} rules`);
}
