// The `utm` setting: validation, merging through overrides, and the utm-* fixes applied together
// pass after pass (as `lint --fix` does) ending in one well-formed URL.
import assert from 'node:assert/strict';
import { applyEdits, ConfigError, fixableEdits, lint, parseConfig, resolveFileOptions, type LintOptions } from '@linktrace/core';

const FILE = 'work/linktrace.config.json';

describe('config: utm', () => {
  it('accepts parameters with values, true and false, and hosts (lower-cased)', () => {
    const json = '{"utm":{"parameters":{"utm_source":"newsletter","utm_campaign":"{{campaign.name}}","utm_content":true,"utm_term":false},"hosts":["Shop.Example.com","*.example.com"]}}';
    assert.deepEqual(parseConfig(json, FILE), {
      utm: { parameters: { utm_source: 'newsletter', utm_campaign: '{{campaign.name}}', utm_content: true, utm_term: false }, hosts: ['shop.example.com', '*.example.com'] },
    });
  });

  const invalid: [string, string, RegExp][] = [
    ['utm as a list', '{"utm":["utm_source"]}', /"utm" must be an object/],
    ['an unknown key inside utm', '{"utm":{"params":{}}}', /"utm.params" is not a known setting/],
    ['a value with a space', '{"utm":{"parameters":{"utm_source":"spring sale"}}}', /"utm.parameters.utm_source" must be a value without spaces/],
    ['a number value', '{"utm":{"parameters":{"utm_source":3}}}', /must be a value .* not 3/],
    ['a bad parameter name', '{"utm":{"parameters":{"utm source":"x"}}}', /"utm source" is not a query parameter name/],
    ['hosts with a scheme', '{"utm":{"hosts":["https://e.com"]}}', /"utm.hosts" must be a list of host names/],
    ['a bad utm inside an override, with its place', '{"overrides":[{"files":["a"],"utm":{"hosts":3}}]}', /"overrides\[0\].utm.hosts"/],
  ];
  for (const [name, json, error] of invalid) {
    it(`rejects ${name}`, () => assert.throws(() => parseConfig(json, FILE), (thrown: unknown) => thrown instanceof ConfigError && error.test(thrown.message)));
  }

  it('merges overrides per parameter; an override replaces hosts and false drops a requirement', () => {
    const config = parseConfig(JSON.stringify({
      utm: { parameters: { utm_source: 'newsletter', utm_medium: 'email' }, hosts: ['example.com'] },
      overrides: [{ files: ['spring/*.html'], utm: { parameters: { utm_campaign: 'spring', utm_medium: false }, hosts: ['*.example.com'] } }],
    }), FILE);
    assert.deepEqual(resolveFileOptions(config, 'a.html').utm, { parameters: { utm_source: 'newsletter', utm_medium: 'email' }, hosts: ['example.com'] });
    assert.deepEqual(resolveFileOptions(config, 'spring/a.html').utm, {
      parameters: { utm_source: 'newsletter', utm_medium: false, utm_campaign: 'spring' }, hosts: ['*.example.com'],
    });
    const spring = lint('<a href="https://shop.example.com/">x</a>', resolveFileOptions(config, 'spring/a.html')).filter((f) => f.ruleId === 'utm-missing');
    assert.equal(spring.length, 1);
    assert.match(spring[0]!.message, /"utm_source", "utm_campaign"/);
  });
});

describe('utm options from an API caller', () => {
  it('never throw on nonsense: the utm-* rules run without an internal error', () => {
    const text = '<a href="https://e.com/?utm_campain=x#a&utm_source=y">x</a>';
    for (const utm of [5, 'x', null, [], { parameters: 5 }, { parameters: { utm_source: 7 } }, { hosts: 'e.com', parameters: { a: 'b' } }, { parameters: { utm_content: '{label}' } }]) {
      const findings = lint(text, { utm: utm as never });
      assert.ok(!findings.some((f) => f.message.startsWith('internal error')), JSON.stringify(utm));
    }
  });
});

describe('utm fixes together', () => {
  it('a misspelt, a misplaced and a missing parameter end as one clean query, the rest of the URL untouched', () => {
    const options: LintOptions = { utm: { parameters: { utm_source: 'newsletter', utm_medium: 'email', utm_campaign: 'spring' } } };
    let text = '<p><a href="https://shop.example.com/sale/?ref=42&amp;utm_sorce=newsletter#offers&amp;utm_campaign=spring">Sale</a></p>';
    for (let pass = 0; pass < 10; pass++) {
      const edits = fixableEdits(lint(text, options));
      if (!edits.length) break;
      text = applyEdits(text, edits);
    }
    assert.equal(text, '<p><a href="https://shop.example.com/sale/?ref=42&amp;utm_source=newsletter&amp;utm_campaign=spring&amp;utm_medium=email#offers">Sale</a></p>');
    assert.deepEqual(lint(text, options).filter((f) => f.ruleId.startsWith('utm-')), []);
  });
});
