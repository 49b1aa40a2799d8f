// The personalization renderer runs at prepare, on every email view and on every click: an
// expression written to make its parsing backtrack must cost no more than its length. Linearity is
// counted, not timed (support/work.ts), so it holds on a loaded machine; speed is `npm run bench`'s.
import assert from 'node:assert/strict';
import { personalize } from '../src/personalize';
import { LINEAR_WORK_BOUND, renderWork, superLinearRender } from './support/work';

const ADA = { id: 'ada', email: 'ada@example.test', fields: { firstName: 'Ada Lovelace' } };

describe('personalize: escapeUrl() and hostile expressions', () => {
  it('fills escapeUrl(field) with spaces around the argument, and leaves other calls as written', () => {
    const url = 'https://x.example/?n=<%= escapeUrl(  recipient.firstName\t) %>&e=<%= escapeUrl(recipient.email) %>';
    assert.equal(personalize(url, 'campaign', ADA, 'attribute-url').text, 'https://x.example/?n=Ada%20Lovelace&e=ada%40example.test');
    for (const expression of ['escapeUrl((recipient.firstName))', 'escapeUrl(recipient.firstName', 'escapeUrl(a)(b)', 'escapeUrl()']) {
      const result = personalize(`<%= ${expression} %>`, 'campaign', ADA);
      assert.equal(result.text, `<%= ${expression} %>`, expression);
      assert.equal(result.unresolved.length, 1, expression);
    }
  });

  it('an escapeUrl( followed by thousands of spaces costs work linear in its length', () => {
    const template = (spaces: number) => `<p><%= escapeUrl(${' '.repeat(spaces)}recipient.firstName${' '.repeat(spaces)}x) %></p>`;
    // Linear: about 4x; the cubic regex this replaced took 15 s on 3,000 spaces (its backtracking is
    // kept out by linear-regex.test.ts, which a count of characters read could not see).
    for (const context of ['html', 'attribute-url'] as const) {
      assert.equal(superLinearRender(`escapeUrl( + spaces (${context})`, template, (text) => personalize(text, 'campaign', ADA, context), 30_000), undefined);
    }
    assert.equal(personalize(template(120_000), 'campaign', ADA).unresolved.length, 1);
  });

  it('many filled-in segments cost work linear in their number, in both contexts', () => {
    const template = (n: number) => `<p>${'<a href="https://x.example/?n=<%= escapeUrl(recipient.firstName) %>&amp;c=<%= recipient.city %>">Hi <%= recipient.firstName %></a>\n'.repeat(n)}</p>`;
    for (const context of ['html', 'attribute-url'] as const) {
      assert.equal(superLinearRender(`filled segments (${context})`, template, (text) => personalize(text, 'campaign', ADA, context), 2_000), undefined);
    }
  });

  it('the work count sees the renderer and the tokenizer, the same every time, and catches a quadratic render', () => {
    const text = `<p>${'Hello <%= recipient.firstName %>, '.repeat(500)}</p>`;
    const first = renderWork(() => personalize(text, 'campaign', ADA));
    assert.ok(first.render > text.length && first.tokenize >= text.length, JSON.stringify(first));
    assert.deepEqual(renderWork(() => personalize(text, 'campaign', ADA)), first);
    // A renderer that starts over from the top for every line: the counted work grows 16x for 4x.
    const lines = (n: number) => Array.from({ length: n }, () => 'Hello <%= recipient.firstName %>').join('\n');
    const restarting = (whole: string) => {
      for (let end = whole.indexOf('\n'); end !== -1; end = whole.indexOf('\n', end + 1)) personalize(whole.slice(0, end), 'campaign', ADA);
    };
    const caught = superLinearRender('restarting', lines, restarting, 100);
    assert.ok(caught, `a quadratic render stays within ${LINEAR_WORK_BOUND}x`);
    assert.match(caught, /tokenize .*\(1[4-7]\.\dx\), render .*\(1[4-7]\.\dx\)/);
  });
});
