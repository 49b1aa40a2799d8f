// The personalization renderer runs at prepare, on every email view and on every click: an
// expression written to make its parsing backtrack must cost no more than its length.
import assert from 'node:assert/strict';
import { personalize } from '../src/personalize';

const ADA = { id: 'ada', email: 'ada@example.test', fields: { firstName: 'Ada Lovelace' } };

/** Fastest of three runs, in ms. */
function fastest(run: () => unknown): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    run();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

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

  it('an escapeUrl( followed by thousands of spaces renders in time linear in its length', () => {
    const template = (spaces: number) => `<p><%= escapeUrl(${' '.repeat(spaces)}recipient.firstName${' '.repeat(spaces)}x) %></p>`;
    fastest(() => personalize(template(3_000), 'campaign', ADA));
    const small = Math.max(fastest(() => personalize(template(30_000), 'campaign', ADA)), 5);
    const large = fastest(() => personalize(template(120_000), 'campaign', ADA));
    // Linear: about 4x; the cubic regex this replaced took 15 s on 3,000 spaces.
    assert.ok(large < 9 * small, `30,000 spaces: ${small.toFixed(1)} ms; 120,000: ${large.toFixed(1)} ms`);
    assert.equal(personalize(template(120_000), 'campaign', ADA).unresolved.length, 1);
  });
});
