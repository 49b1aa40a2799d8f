// Which open documents are email templates, and in which format. Clients name languages
// differently (VS Code `html`, Neovim/Helix filetypes, Zed `HTML`), so the file extension decides
// when the language id says nothing we know. The VS Code extension hands the server these languages (packages/vscode/src/templates.ts).
import type { TemplateFormat } from '@linktrace/core';

const HTML_LANGUAGES = new Set(['html', 'handlebars', 'hbs', 'liquid', 'nunjucks', 'njk', 'mjml', 'twig', 'jinja', 'jinja2', 'htmldjango', 'mustache']);
const TEXT_LANGUAGES = new Set(['plaintext', 'text', 'txt']);
/** HTML templates by file name, whatever language the editor opened them as (`.twig`, `.tpl` often open as plain text). */
const HTML_TEMPLATE_FILE = /\.(?:html?|mjml|hbs|handlebars|mustache|liquid|njk|nunjucks|twig|tpl)$/i;
const TEXT_FILE = /\.txt$/i;

/**
 * The format a document is linted in; undefined when it is no template. Plain text (the text part
 * of an email) counts only inside a project with a linktrace.config.json, as in the extension.
 */
export function templateFormat(languageId: string, uri: string, hasProjectConfig: boolean): TemplateFormat | undefined {
  const language = languageId.toLowerCase();
  const path = uri.replace(/[?#].*$/, '');
  if (HTML_LANGUAGES.has(language)) return 'html';
  if (TEXT_LANGUAGES.has(language) || (language === '' && TEXT_FILE.test(path))) {
    if (!hasProjectConfig) return undefined;
    return HTML_TEMPLATE_FILE.test(path) ? 'html' : 'text';
  }
  return HTML_TEMPLATE_FILE.test(path) ? 'html' : undefined;
}
