// Which open documents are email templates, and in which format. Clients name languages
// differently (VS Code `html`, Neovim/Helix filetypes, Zed `HTML`), so the file extension decides
// when the language id says nothing we know.

import type { TemplateFormat } from '@linktrace/core';

const HTML_LANGUAGES = new Set(['html', 'handlebars', 'hbs', 'liquid', 'nunjucks', 'njk', 'jinja', 'jinja2', 'htmldjango', 'mustache']);
const TEXT_LANGUAGES = new Set(['plaintext', 'text', 'txt']);
const HTML_EXTENSIONS = /\.(html?|hbs|handlebars|liquid|njk|nunjucks|mustache|tpl)$/i;
const TEXT_EXTENSIONS = /\.txt$/i;

/**
 * The format a document is linted in; undefined when it is no template. Plain text (the text part
 * of an email) counts only inside a project with a linktrace.config.json, as in the extension.
 */
export function templateFormat(languageId: string, uri: string, hasProjectConfig: boolean): TemplateFormat | undefined {
  const language = languageId.toLowerCase();
  if (HTML_LANGUAGES.has(language)) return 'html';
  const isText = TEXT_LANGUAGES.has(language) || (!HTML_LANGUAGES.has(language) && TEXT_EXTENSIONS.test(uri));
  if (isText) return hasProjectConfig ? 'text' : undefined;
  if (HTML_EXTENSIONS.test(uri.replace(/[?#].*$/, ''))) return 'html';
  return undefined;
}
