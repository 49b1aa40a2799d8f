import { lintOnly, ruleTests } from './harness';
import assert from 'node:assert/strict';
import { htmlSizeClippingWork } from '../../src/rules/html-size-clipping';
import { LINEAR_WORK_BOUND } from '../support/work';

const LIMIT = 102 * 1024;
/** ASCII markup of exactly `bytes` bytes. */
const filler = (bytes: number): string => `<p>${'x'.repeat(bytes - 8)}</p>\n`;

ruleTests('html-size-clipping', [
  {
    name: 'one byte over 102 KB: the finding starts at the first clipped character',
    text: `${filler(LIMIT)}<a href="*|UNSUB|*">Unsubscribe</a>`,
    findings: [{ covers: '<a href="*|UNSUB|*">Unsubscribe</a>', message: /Gmail clips.*102 KB/, severity: 'warning' }],
  },
  {
    name: 'multi-byte text counts as UTF-8 bytes, not characters',
    // 35,000 'é' are 70,000 bytes: the first line is 70,008 bytes, each ASCII line 18, so the limit falls six
    // bytes into ASCII line 1914. Counting characters instead, the whole text (71,008) would fit.
    text: `<p>${'é'.repeat(35000)}</p>\n${'<p>ascii line</p>\n'.repeat(2000)}`,
    findings: [{ covers: 'ii line</p>', message: /103\.5 KB \(106008 bytes/ }],
  },
  { name: 'good: exactly 102 KB', text: filler(LIMIT), findings: [] },
  { name: 'good: emoji are 4 bytes each: 26,112 of them are exactly 102 KB', text: '😀'.repeat(LIMIT / 4), findings: [] },
  {
    name: 'emoji are 4 bytes each: one more ASCII character is clipped',
    text: `${'😀'.repeat(LIMIT / 4)}<a href="*|UNSUB|*">u</a>`,
    findings: [{ covers: '<a href="*|UNSUB|*">u</a>', message: /\(104473 bytes/ }],
  },
  { name: 'over the limit by a trailing newline only: reported on that newline', text: `${filler(LIMIT)}\n`, findings: [{ covers: '\n' }] },
  { name: 'good: a small template', text: '<html><body><a href="https://example.com/">x</a></body></html>', findings: [] },
  { name: 'good: the plain-text part is not clipped by Gmail', text: 'x'.repeat(LIMIT + 10), options: { format: 'text' }, findings: [] },
]);

describe('rule html-size-clipping on large input', () => {
  const large = (lines: number): string => `<html><body>${'<p>Hello, world — ünïcödé ✓</p>\n'.repeat(lines)}</body></html>`;

  it('reports once on a 2 MB template', () => {
    const text = large(70000);
    const findings = lintOnly('html-size-clipping', text);
    assert.equal(findings.length, 1);
    assert.match(findings[0]!.message, /\d+ bytes as UTF-8/);
    assert.equal(Buffer.byteLength(text.slice(0, findings[0]!.start), 'utf8') <= LIMIT, true, 'everything before the span fits');
    assert.equal(Buffer.byteLength(text.slice(0, findings[0]!.start + 1), 'utf8') > LIMIT, true, 'the first character of the span does not');
  });

  // Counted, not timed: the characters the rule's scans read, the same on a loaded CI machine as
  // on an idle one (a quadratic scan counts 16x). Speed is measured by `npm run bench`.
  it('costs work linear in the size of the template: 4x the text, at most 4.6x the work', () => {
    const work = (text: string): number => {
      const before = htmlSizeClippingWork();
      assert.equal(lintOnly('html-size-clipping', text).length, 1);
      return htmlSizeClippingWork() - before;
    };
    const smallText = large(4_000); // 160 KB: clipped, so every scan of the rule runs
    const small = work(smallText);
    const big = work(large(16_000));
    assert.ok(small >= smallText.length, `the rule counted ${small} for ${smallText.length} characters`);
    assert.ok(big <= LINEAR_WORK_BOUND * small, `4x the text, ${(big / small).toFixed(2)}x the work (${small} -> ${big})`);
  });
});
