// fixAll: every safe fix, pass after pass, unsafe ones never; what `--fix` and the editors' fix-all do.
import assert from 'node:assert/strict';
import { fixAll, lint } from '@linktrace/core';

describe('fixAll', () => {
  it('applies every safe fix and leaves unsafe ones alone', () => {
    const text = '<a href=" https://acmeshop.io/a">A</a>\n<a href=" https://acmeshop.io/b ">B</a>\n<a href="https://acmeshop.io/c d">C</a>\n';
    const fixed = fixAll(text);
    assert.equal(fixed, '<a href="https://acmeshop.io/a">A</a>\n<a href="https://acmeshop.io/b">B</a>\n<a href="https://acmeshop.io/c d">C</a>\n');
    assert.deepEqual(lint(fixed).filter((finding) => finding.fix?.safe), []);
    assert.ok(lint(fixed).some((finding) => finding.ruleId === 'url-whitespace' && finding.fix?.safe === false), 'the inner space keeps its unsafe fix');
  });

  it('returns the text itself when nothing is safely fixable, using the findings it is given', () => {
    const text = '<a href="https://localhost:3000/x">x</a>';
    assert.equal(fixAll(text), text);
    assert.equal(fixAll(' <a href=" https://acmeshop.io/">x</a>', {}, []), ' <a href=" https://acmeshop.io/">x</a>', 'no findings given: nothing to fix');
  });
});
