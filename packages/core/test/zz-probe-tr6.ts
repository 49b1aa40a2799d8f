import { RULES_BY_ID, parseTemplate } from '@linktrace/core';
import { corpusFiles } from './support/corpus';
const mine = ['tracking-attr-invalid','tracking-attr-conflict','mirror-link-untyped','optout-link-missing','open-pixel-duplicate','ajo-url-expression','ajo-url-token-space','listmonk-tracklink','vml-link-mismatch','link-count','html-size-clipping'];
const files = corpusFiles();
const text = files.map(f => f.text).join('\n').repeat(3).slice(0, 2_000_000);
let t0 = performance.now();
const tpl = parseTemplate(text);
console.log('parse', (performance.now() - t0).toFixed(1));
for (const id of mine) {
  const rule = RULES_BY_ID.get(id)!;
  let n = 0;
  const ctx = { template: tpl, options: {}, report() { n++; } };
  rule.check(ctx as any);
  let best = Infinity;
  for (let k = 0; k < 40; k++) { t0 = performance.now(); rule.check(ctx as any); best = Math.min(best, performance.now() - t0); }
  console.log(id, best.toFixed(2), 'ms min', n);
}
