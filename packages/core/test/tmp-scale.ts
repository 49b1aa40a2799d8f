import { lint, type LintOptions } from '@linktrace/core';
const cases: [string, string, string, LintOptions][] = JSON.parse(process.env.CASES!);
const time = (f: () => unknown, runs: number) => { let best = Infinity; for (let i = 0; i < runs; i++) { const s = performance.now(); f(); best = Math.min(best, performance.now() - s); } return best; };
for (const [p, u, t, o] of cases) {
  const out: string[] = [];
  for (const len of [25000, 100000, 400000]) { const text = p + u.repeat(Math.ceil(len / u.length)) + t; lint(text, o); out.push(time(() => lint(text, o), 2).toFixed(1)); }
  console.log(out.join(' / '), JSON.stringify([p, u, t, o]));
}
