import { Parser } from 'htmlparser2';
import { lint } from '@linktrace/core';
import { createRandom } from './support/mutate';
import { adversarialCase, repetitionsFor, reviewedInputs } from './support/adversarial';
const noop = () => {};
const parse = (t: string) => new Parser({ onopentag: noop }).end(t);
const time = (f: () => unknown) => { let best = Infinity; for (let i = 0; i < 2; i++) { const s = performance.now(); f(); best = Math.min(best, performance.now() - s); } return best; };
const size = Number(process.env.SIZE ?? 50000);
const rows: [number, string, number, number, (n: number) => string, object][] = [];
for (const r of reviewedInputs(size)) { const tl = time(() => lint(r.text, r.options)); const tp = time(() => parse(r.text)); rows.push([tl / Math.max(tp, 0.05), r.name, tl, tp, (n) => reviewedInputs(n).find((x) => x.name === r.name)!.text, r.options]); }
const random = createRandom(Number(process.env.SEED ?? 1));
for (let i = 0; i < Number(process.env.N ?? 300); i++) {
  const c = adversarialCase(random);
  const text = c.build(repetitionsFor(c, size));
  const tl = time(() => lint(text, c.options)); const tp = time(() => parse(text));
  rows.push([tl / Math.max(tp, 0.05), c.name, tl, tp, (n) => c.build(repetitionsFor(c, n)), c.options]);
}
rows.sort((a, b) => b[0] - a[0]);
for (const r of rows.slice(0, Number(process.env.TOP ?? 25))) { const big = r[4](size * 4); const t4 = time(() => lint(big, r[5])); console.log(r[0].toFixed(0).padStart(6), r[2].toFixed(1).padStart(8), r[3].toFixed(2).padStart(6), (t4 / r[2]).toFixed(1).padStart(6), r[1]); }
