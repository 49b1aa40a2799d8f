// Which documents the server lints, and in which format: editors name languages differently.
import assert from 'node:assert/strict';
import { templateFormat } from '../src/templates';

describe('LSP template detection', () => {
  it('lints the HTML-like languages of VS Code, Neovim and Helix as html', () => {
    for (const language of ['html', 'handlebars', 'liquid', 'nunjucks', 'mjml', 'twig', 'htmldjango', 'HTML']) {
      assert.equal(templateFormat(language, 'file:///x/a.unknown', false), 'html', language);
    }
  });

  it('falls back to the file extension when the language id says nothing known (e.g. Neovim without filetype detection)', () => {
    assert.equal(templateFormat('', 'file:///x/mail.hbs', false), 'html');
    assert.equal(templateFormat('', 'file:///x/mail.html?query#part', false), 'html');
    assert.equal(templateFormat('typescript', 'file:///x/mail.ts', true), undefined);
  });

  it('lints plain text only inside a project with a config file', () => {
    assert.equal(templateFormat('plaintext', 'file:///x/mail.txt', false), undefined);
    assert.equal(templateFormat('plaintext', 'file:///x/mail.txt', true), 'text');
    assert.equal(templateFormat('', 'file:///x/mail.txt', true), 'text');
  });

  it('lints .twig and .tpl files opened as plain text as HTML templates, as the CLI does', () => {
    assert.equal(templateFormat('plaintext', 'file:///x/order.twig', true), 'html');
    assert.equal(templateFormat('plaintext', 'file:///x/order.tpl', true), 'html');
  });
});
