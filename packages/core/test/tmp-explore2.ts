import { lint } from '@linktrace/core';
import { createRandom } from './support/mutate';
import { adversarialCase, repetitionsFor } from './support/adversarial';
const time = (f: () => unknown, runs: number) => { let best = Infinity; for (let i = 0; i < runs; i++) { const s = performance.now(); f(); best = Math.min(best, performance.now() - s); } return best; };
const size = Number(process.env.SIZE ?? 20000);
const random = createRandom(Number(process.env.SEED ?? 1));
const rows: [number, string, number, number][] = [];
for (let i = 0; i < Number(process.env.N ?? 300); i++) {
  const c = adversarialCase(random);
  const small = c.build(repetitionsFor(c, size)); const large = c.build(repetitionsFor(c, 4 * size));
  lint(small, c.options);
  const ts = Math.max(time(() => lint(small, c.options), 2), 3); const tl = time(() => lint(large, c.options), 1);
  if (tl / ts > 6) { const ts2 = Math.max(time(() => lint(small, c.options), 3), 3); const tl2 = time(() => lint(large, c.options), 2); rows.push([Math.min(tl / ts, tl2 / ts2), c.name, ts2, tl2]); }
}
rows.sort((a, b) => b[0] - a[0]);
for (const r of rows.slice(0, 15)) console.log(r[0].toFixed(1).padStart(6), r[2].toFixed(1).padStart(8), r[3].toFixed(1).padStart(8), r[1]);
console.log('done');
