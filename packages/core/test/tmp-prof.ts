import { Parser } from 'htmlparser2';
import { lint, parseTemplate, RULES, type LintOptions } from '@linktrace/core';
const build = (n: number) => (process.env.PREFIX ?? '<![CDATA[') + (process.env.UNIT ?? '~[Unsubscribe]').repeat(n) + (process.env.TAIL ?? '');
const opts: LintOptions = JSON.parse(process.env.OPTS ?? '{"dialect":"plain","format":"text"}');
const time = (f: () => unknown) => { let best = Infinity; for (let i = 0; i < 3; i++) { const s = performance.now(); f(); best = Math.min(best, performance.now() - s); } return best; };
const noop = () => {};
for (const n of [Number(process.env.N ?? 4000), 4 * Number(process.env.N ?? 4000)]) {
  const text = build(n);
  const p = time(() => parseTemplate(text, opts));
  const h = time(() => new Parser({ onopentag: noop }).end(text));
  const l = time(() => lint(text, opts));
  const t = parseTemplate(text, opts);
  console.log(`n=${n} len=${text.length} links=${t.links.length} htmlparser2=${h.toFixed(1)} parse=${p.toFixed(1)} lint=${l.toFixed(1)}`);
  const rows: [string, number][] = [];
  for (const rule of RULES) rows.push([rule.id, time(() => lint(text, { ...opts, rules: Object.fromEntries(RULES.map((r) => [r.id, r.id === rule.id ? 'warning' : 'off'])) })) - p]);
  console.log(rows.sort((a, b) => b[1] - a[1]).slice(0, 6).map(([id, ms]) => `${id} ${ms.toFixed(1)}`).join(', '));
}
