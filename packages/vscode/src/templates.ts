// Which documents the extension hands to the language server: the languages of email templates,
// and plain text (an email's text part, which the server lints only inside a Linktrace project).
// The server decides what each one is (packages/lsp/src/templates.ts); this only scopes the sync.
import type * as vscode from 'vscode';

/**
 * Languages whose documents are always templates. `mjml` is contributed by this extension (and by
 * MJML's own, which adds highlighting); `liquid`, `nunjucks` and `twig` come from language extensions.
 */
export const TEMPLATE_LANGUAGES: readonly string[] = ['html', 'handlebars', 'liquid', 'nunjucks', 'mjml', 'twig'];
/** Plain text: a text part, or an HTML template (`.twig`, `.tpl`) no language extension claimed. */
export const TEXT_LANGUAGE = 'plaintext';

export const TEMPLATE_SELECTOR: vscode.DocumentFilter[] = [...TEMPLATE_LANGUAGES, TEXT_LANGUAGE].flatMap((language) => [
  { language, scheme: 'file' },
  { language, scheme: 'untitled' },
  { language, scheme: 'vscode-remote' },
]);
