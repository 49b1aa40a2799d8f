// The scans rewritten for linear time keep the results of what they replaced: the text-URL regex
// is the oracle for the text-URL loop, and the fix-all overlap rule and the pragma ranges are
// checked on the cases where a shortcut could go wrong.
import assert from 'node:assert/strict';
import { fixableEdits, lint, parseTemplate, type Finding, type TextEdit } from '@linktrace/core';
import { createRandom } from './support/mutate';

/** The pattern links.ts used to find URLs in text parts, kept here as the reference. */
const TEXT_URL = /(?:\b[a-zA-Z][a-zA-Z0-9+.-]*:\/\/|\bwww\.)[^\s<>()[\]{}"']+/g;

function referenceTextUrls(text: string): string[] {
  const spans: string[] = [];
  for (const match of text.matchAll(TEXT_URL)) spans.push(`${match.index}-${match.index + match[0].replace(/[.,;:!?]+$/, '').length}`);
  return spans;
}

const findingWith = (...edits: [number, number][]): Finding => ({
  ruleId: 'r', severity: 'warning', message: 'm', start: edits[0]![0], end: edits[0]![1], line: 1, column: 1, endLine: 1, endColumn: 1,
  fix: { description: 'd', safe: true, edits: edits.map(([start, end]): TextEdit => ({ start, end, newText: 'x' })) },
});

describe('linear scans keep their results', () => {
  it('text URLs: the loop finds exactly what the regex found, on 20,000 random texts', () => {
    const random = createRandom(20_261_123);
    const pieces = ['a', 'w', 'www.', '://', '.', ':', '/', ' ', 'h', '1', '_', '-', '+', ',', '!', '(', '\u00a0', '\u2028', 'é', 'x://', 'http://', '"', '?'];
    for (let i = 0; i < 20_000; i++) {
      let text = '';
      for (let n = random.int(24); n > 0; n--) text += random.pick(pieces);
      const links = parseTemplate(text, { format: 'text', dialect: 'plain' }).links;
      assert.deepEqual(links.map((link) => `${link.valueSpan.start}-${link.valueSpan.end}`), referenceTextUrls(text), JSON.stringify(text));
    }
  });

  it('fix-all takes each fix that overlaps no earlier one, in any order, as before', () => {
    const chosen = (findings: Finding[]) => fixableEdits(findings).map((edit) => `${edit.start}-${edit.end}`);
    assert.deepEqual(chosen([findingWith([10, 20]), findingWith([0, 5]), findingWith([4, 12]), findingWith([20, 25])]), ['10-20', '0-5', '20-25']);
    // Insertions: two at one offset overlap; one at the edge of a replaced span does not; one inside it does.
    assert.deepEqual(chosen([findingWith([5, 5]), findingWith([5, 5]), findingWith([5, 9]), findingWith([9, 9]), findingWith([7, 7])]), ['5-5', '5-9', '9-9']);
    // A span that reaches past later, shorter ones is still seen (ties of start sort by end).
    assert.deepEqual(chosen([findingWith([5, 5]), findingWith([5, 8]), findingWith([6, 7])]), ['5-5', '5-8']);
    // A fix whose second edit overlaps is left out whole.
    assert.deepEqual(chosen([findingWith([0, 2]), findingWith([10, 12], [1, 3]), findingWith([10, 12])]), ['0-2', '10-12']);
  });

  it('pragmas: an enable ends the disables in force; a later enable does not move an earlier end', () => {
    const line = '<a href="http://old.example.com/">x</a>';
    const text = [
      '<!-- linktrace-disable url-insecure-http -->', line, '<!-- linktrace-enable url-insecure-http -->', line,
      '<!-- linktrace-enable url-insecure-http -->', line, '<!-- linktrace-disable -->', line, '<!-- linktrace-enable -->', line,
    ].join('\n');
    const lines = lint(text).filter((finding) => finding.ruleId === 'url-insecure-http').map((finding) => finding.line);
    assert.deepEqual(lines, [4, 6, 10]);
  });
});
