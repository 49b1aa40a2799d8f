import { lint } from '@linktrace/core';
import { Parser } from 'htmlparser2';
for (const [name, text] of [['<% lines', '<%\n'.repeat(333_000)], ['{{ lines', '{{ .X\n'.repeat(200_000)], ['{{ x }} dense', '{{ x }}'.repeat(140_000)]] as const) {
  lint(text);
  let t = performance.now(); for (let i = 0; i < 3; i++) lint(text); const l = (performance.now() - t) / 3;
  t = performance.now(); for (let i = 0; i < 3; i++) { const p = new Parser({}); p.write(text); p.end(); } const h = (performance.now() - t) / 3;
  console.log(name, l.toFixed(0), 'ms lint', h.toFixed(0), 'ms htmlparser2', (l / h).toFixed(1) + 'x');
}
