import assert from 'node:assert/strict';
import { ConfigError, includesFile, parseConfig, resolveFileOptions, type LintOptions } from '@linktrace/core';

const FILE = 'work/linktrace.config.json';

describe('config: parseConfig', () => {
  const valid: { name: string; json: string; expected: unknown }[] = [
    { name: 'an empty object', json: '{}', expected: {} },
    { name: 'a byte-order mark before the object', json: '\ufeff{"opens": false}', expected: { opens: false } },
    {
      name: 'the README example',
      json: JSON.stringify({
        dialect: 'auto', opens: true, clicks: true,
        rules: { 'url-insecure-http': 'error', 'link-count': 'off' },
        allowedHosts: ['staging.example.com', '*.preview.example.com'],
        attributeStyle: 'data',
        overrides: [{ files: ['campaign/**/*.html'], dialect: 'campaign' }],
      }),
      expected: {
        dialect: 'auto', opens: true, clicks: true,
        rules: { 'url-insecure-http': 'error', 'link-count': 'off' },
        allowedHosts: ['staging.example.com', '*.preview.example.com'],
        attributeStyle: 'data',
        overrides: [{ files: ['campaign/**/*.html'], dialect: 'campaign' }],
      },
    },
    { name: 'a single glob string for files', json: '{"overrides":[{"files":"*.txt","format":"text"}]}', expected: { overrides: [{ files: ['*.txt'], format: 'text' }] } },
    { name: 'upper-case allowed hosts, lower-cased', json: '{"allowedHosts":["Staging.Example.COM"]}', expected: { allowedHosts: ['staging.example.com'] } },
    {
      name: 'platform and messageKind, at the top and in an override',
      json: '{"platform":"mailchimp","messageKind":"marketing","overrides":[{"files":["receipts/**"],"platform":"postmark","messageKind":"transactional"}]}',
      expected: { platform: 'mailchimp', messageKind: 'marketing', overrides: [{ files: ['receipts/**'], platform: 'postmark', messageKind: 'transactional' }] },
    },
    { name: 'maxLinks and $schema', json: '{"$schema":"./schema.json","maxLinks":20}', expected: { $schema: './schema.json', maxLinks: 20 } },
    {
      name: 'excludeFiles in an override',
      json: '{"overrides":[{"files":["**/*.html"],"excludeFiles":["legacy/**"],"clicks":false}]}',
      expected: { overrides: [{ files: ['**/*.html'], excludeFiles: ['legacy/**'], clicks: false }] },
    },
  ];
  for (const { name, json, expected } of valid) {
    it(`accepts ${name}`, () => assert.deepEqual(parseConfig(json, FILE), expected));
  }

  const invalid: { name: string; json: string; error: RegExp }[] = [
    { name: 'broken JSON, with its place', json: '{\n  "opens": true,\n}', error: /invalid JSON at line 3, column 1/ },
    { name: 'an empty file', json: '', error: /invalid JSON/ },
    { name: 'an array', json: '[]', error: /must contain a JSON object/ },
    { name: 'an unknown key, with a suggestion', json: '{"dialet":"campaign"}', error: /"dialet" is not a known setting \(did you mean "dialect"\?\)/ },
    { name: 'an unknown dialect', json: '{"dialect":"campagn"}', error: /"dialect" must be one of .*"campaign".*not "campagn" \(did you mean "campaign"\?\)/ },
    { name: 'an unknown platform, with a suggestion', json: '{"platform":"mailchimps"}', error: /"platform" must be one of .*not "mailchimps" \(did you mean "mailchimp"\?\)/ },
    { name: 'an unknown message kind', json: '{"overrides":[{"files":["a"],"messageKind":"receipt"}]}', error: /"overrides\[0\].messageKind" must be one of "auto", "marketing", "transactional"/ },
    { name: 'a non-boolean setting', json: '{"opens":"off"}', error: /"opens" must be true or false, not "off"/ },
    { name: 'an unknown rule id', json: '{"rules":{"url-insecure-htp":"error"}}', error: /unknown rule "url-insecure-htp" \(did you mean "url-insecure-http"\?\)/ },
    { name: 'an unknown severity', json: '{"rules":{"link-count":"warn"}}', error: /"rules.link-count" must be one of "error", "warning", "info", "off", not "warn"/ },
    { name: 'a numeric severity', json: '{"rules":{"link-count":2}}', error: /"rules.link-count" must be one of .* not 2/ },
    { name: 'rules as a list', json: '{"rules":["link-count"]}', error: /"rules" must be an object/ },
    { name: 'a host with a scheme', json: '{"allowedHosts":["https://staging.example.com"]}', error: /"allowedHosts" must be a list of host names/ },
    { name: 'a zero maxLinks', json: '{"maxLinks":0}', error: /"maxLinks" must be a positive integer, not 0/ },
    { name: 'an unknown attribute style', json: '{"attributeStyle":"adobe"}', error: /"attributeStyle" must be one of "data", "campaign"/ },
    { name: 'overrides as an object', json: '{"overrides":{"files":["a"]}}', error: /"overrides" must be an array/ },
    { name: 'an override without files', json: '{"overrides":[{"dialect":"liquid"}]}', error: /"overrides\[0\]" needs "files"/ },
    { name: 'an override with no globs', json: '{"overrides":[{"files":[]}]}', error: /"overrides\[0\].files" must list at least one glob/ },
    { name: 'an override glob outside the directory', json: '{"overrides":[{"files":["../x/*.html"]}]}', error: /must be relative to the config file's directory/ },
    { name: 'a bad key inside an override', json: '{"overrides":[{"files":["a"],"attributeStyle":"data"}]}', error: /"overrides\[0\].attributeStyle" is not a known setting/ },
    { name: 'a bad dialect inside an override', json: '{"overrides":[{"files":["a"]},{"files":["b"],"dialect":"erb"}]}', error: /"overrides\[1\].dialect" must be one of/ },
  ];
  for (const { name, json, error } of invalid) {
    it(`rejects ${name}`, () => {
      assert.throws(() => parseConfig(json, FILE), (thrown: unknown) => {
        assert.ok(thrown instanceof ConfigError, 'a ConfigError');
        assert.ok(thrown.message.startsWith(`${FILE}: `), `names the file: ${thrown.message}`);
        assert.match(thrown.message, error);
        return true;
      });
    });
  }
});

describe('config: resolveFileOptions', () => {
  const config = parseConfig(JSON.stringify({
    dialect: 'handlebars',
    opens: false,
    rules: { 'url-insecure-http': 'error', 'link-count': 'off' },
    allowedHosts: ['staging.example.com'],
    maxLinks: 50,
    overrides: [
      { files: ['campaign/**/*.html'], dialect: 'campaign', rules: { 'url-insecure-http': 'warning' } },
      { files: ['*.txt'], clicks: false },
      { files: ['preview/**'], excludeFiles: ['preview/final/**'], allowedHosts: ['*.preview.example.com'], maxLinks: 5 },
    ],
  }), FILE);
  const base: LintOptions = {
    dialect: 'handlebars', format: 'html', settings: { opens: false },
    rules: { 'url-insecure-http': 'error', 'link-count': 'off' }, allowedHosts: ['staging.example.com'], maxLinks: 50,
  };
  const cases: { file: string; expected: LintOptions }[] = [
    { file: 'welcome.html', expected: base },
    { file: './welcome.html', expected: base },
    { file: 'campaign/spring/offer.html', expected: { ...base, dialect: 'campaign', rules: { 'url-insecure-http': 'warning', 'link-count': 'off' } } },
    { file: 'campaign\\spring\\offer.html', expected: { ...base, dialect: 'campaign', rules: { 'url-insecure-http': 'warning', 'link-count': 'off' } } },
    { file: 'campaign/spring/offer.hbs', expected: base },
    { file: 'welcome.txt', expected: { ...base, format: 'text', settings: { opens: false, clicks: false } } },
    { file: 'deep/in/tree/welcome.txt', expected: { ...base, format: 'text', settings: { opens: false, clicks: false } } },
    // Globs are case-sensitive like the file system; the .txt → text default is not.
    { file: 'WELCOME.TXT', expected: { ...base, format: 'text' } },
    { file: 'preview/a.html', expected: { ...base, allowedHosts: ['staging.example.com', '*.preview.example.com'], maxLinks: 5 } },
    { file: 'preview/final/a.html', expected: base },
  ];
  for (const { file, expected } of cases) {
    it(`resolves ${file}`, () => assert.deepEqual(resolveFileOptions(config, file), expected));
  }

  it('defaults to auto dialect and html, with nothing else set', () => {
    assert.deepEqual(resolveFileOptions({}, 'a.html'), { dialect: 'auto', format: 'html' });
    assert.deepEqual(resolveFileOptions({}, 'a.txt'), { dialect: 'auto', format: 'text' });
  });

  it('passes platform and message kind on, the most specific override winning', () => {
    const platforms = parseConfig('{"platform":"mailchimp","overrides":[{"files":["tx/**"],"platform":"postmark","messageKind":"transactional"}]}', FILE);
    assert.deepEqual(resolveFileOptions(platforms, 'news/a.html'), { platform: 'mailchimp', dialect: 'auto', format: 'html' });
    assert.deepEqual(resolveFileOptions(platforms, 'tx/receipt.html'), { platform: 'postmark', messageKind: 'transactional', dialect: 'auto', format: 'html' });
  });

  it('lets an explicit format win over the .txt extension', () => {
    const textAsHtml = parseConfig('{"overrides":[{"files":["html-in-txt/*.txt"],"format":"html"}]}', FILE);
    assert.equal(resolveFileOptions(textAsHtml, 'html-in-txt/a.txt').format, 'html');
    assert.equal(resolveFileOptions(textAsHtml, 'a.txt').format, 'text');
  });

  it('matches dotted directories and leaves the config untouched', () => {
    const dotted = parseConfig('{"overrides":[{"files":["**/*.html"],"rules":{"link-count":"error"}}]}', FILE);
    const snapshot = JSON.stringify(dotted);
    assert.deepEqual(resolveFileOptions(dotted, '.templates/a.html').rules, { 'link-count': 'error' });
    resolveFileOptions(dotted, 'a.html').rules!['link-count'] = 'off';
    assert.equal(JSON.stringify(dotted), snapshot);
  });
});

describe('include globs', () => {
  it('accepts one glob or a list, and rejects anything else', () => {
    assert.deepEqual(parseConfig('{"include": "*.php"}', 'c.json').include, ['*.php']);
    assert.deepEqual(parseConfig('{"include": ["*.php", "mail/**/*.eex"]}', 'c.json').include, ['*.php', 'mail/**/*.eex']);
    assert.throws(() => parseConfig('{"include": [1]}', 'c.json'), /"include" must be a list of globs/);
    assert.throws(() => parseConfig('{"include": ["../x/*.php"]}', 'c.json'), /must be relative to the config file's directory/);
    assert.throws(() => parseConfig('{"overrides": [{"files": ["*"], "include": ["*.php"]}]}', 'c.json'), /"overrides\[0\]\.include" is not a known setting/);
  });

  it('matches like the override globs: no slash means any depth, a slash anchors at the config directory', () => {
    const config = parseConfig('{"include": ["*.php", "mail/**/*.eex"]}', 'c.json');
    assert.equal(includesFile(config, 'views/deep/welcome.php'), true);
    assert.equal(includesFile(config, './mail/user/confirm.eex'), true);
    assert.equal(includesFile(config, 'other/mail/confirm.eex'), false);
    assert.equal(includesFile(config, 'views/helper.js'), false);
    assert.equal(includesFile({}, 'welcome.php'), false);
  });
});
