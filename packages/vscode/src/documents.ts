// Which open documents are email templates, and their parse and lint results, computed once per
// document version (and again when a config file or a setting changes).
import * as vscode from 'vscode';
import { lintTemplate, parseTemplate, type Finding, type Template, type TemplateFormat } from '@linktrace/core';
import { readSettings } from './config';
import { documentOptions, type DocumentOptions, type ProjectConfigs } from './projectConfig';

/**
 * Languages whose documents are always templates. `mjml` is contributed by this extension (and by
 * MJML's own, which adds highlighting); `liquid`, `nunjucks` and `twig` come from language extensions.
 */
export const TEMPLATE_LANGUAGES: readonly string[] = ['html', 'handlebars', 'liquid', 'nunjucks', 'mjml', 'twig'];
/** Plain text (the text part of an email) is a template only inside a project with a linktrace.config.json. */
export const TEXT_LANGUAGE = 'plaintext';
/**
 * HTML templates that open as plain text where no language extension knows their extension
 * (`.twig`, `.tpl`): linted as HTML, as the CLI does, not as a text part.
 */
const HTML_TEMPLATE_FILE = /\.(?:html?|mjml|hbs|handlebars|mustache|liquid|njk|twig|tpl)$/i;
export const TEMPLATE_SELECTOR: vscode.DocumentSelector = [...TEMPLATE_LANGUAGES, TEXT_LANGUAGE].flatMap((language) => [
  { language, scheme: 'file' },
  { language, scheme: 'untitled' },
  { language, scheme: 'vscode-remote' },
]);

/**
 * One version of a template. `template` (links for CodeLens, hover, Links view) and `findings`
 * (diagnostics, code actions) are each computed on first use: a keystroke pays only for what the
 * features asking for it need.
 */
export interface Analysis {
  readonly document: vscode.TextDocument;
  readonly version: number;
  /** The document's text at `version`. */
  readonly text: string;
  readonly format: TemplateFormat;
  readonly options: DocumentOptions;
  readonly template: Template;
  readonly findings: Finding[];
}

interface Entry {
  version: number;
  generation: number;
  analysis: Promise<Analysis | undefined>;
}

export class TemplateDocuments implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  /** Bumped when a setting or a config file changes: every cached analysis is then stale. */
  private generation = 0;
  private readonly invalidated = new vscode.EventEmitter<void>();
  /** Fires when all analyses must be redone (config or settings changed). */
  readonly onDidInvalidate = this.invalidated.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly configs: ProjectConfigs) {
    this.subscriptions = [
      configs.onDidChange(() => this.invalidate()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('linktrace')) this.invalidate();
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.entries.delete(document.uri.toString())),
    ];
  }

  private invalidate(): void {
    this.generation++;
    this.entries.clear();
    this.invalidated.fire();
  }

  /** The analysis of the document's current version, or undefined when it is not a template. */
  analyze(document: vscode.TextDocument): Promise<Analysis | undefined> {
    const key = document.uri.toString();
    const cached = this.entries.get(key);
    if (cached && cached.version === document.version && cached.generation === this.generation) return cached.analysis;
    const analysis = this.compute(document);
    this.entries.set(key, { version: document.version, generation: this.generation, analysis });
    return analysis;
  }

  private async compute(document: vscode.TextDocument): Promise<Analysis | undefined> {
    // Captured together: the document may change while the config file is read.
    const version = document.version;
    const text = document.getText();
    const settings = readSettings(document.uri);
    if (!settings.enable || !isCandidate(document)) return undefined;
    const config = await this.configs.forDocument(document.uri);
    const isText = document.languageId === TEXT_LANGUAGE;
    if (isText && !config) return undefined;
    const format: TemplateFormat = isText && !HTML_TEMPLATE_FILE.test(document.uri.path) ? 'text' : 'html';
    const options = documentOptions(document, settings, config, format);
    let template: Template | undefined;
    let findings: Finding[] | undefined;
    const parsed = (): Template => (template ??= parseTemplate(text, options.lint));
    return {
      document,
      version,
      text,
      format,
      options,
      get template() {
        return parsed();
      },
      get findings() {
        return (findings ??= lintTemplate(parsed(), options.lint));
      },
    };
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.invalidated.dispose();
  }
}

function isCandidate(document: vscode.TextDocument): boolean {
  return vscode.languages.match(TEMPLATE_SELECTOR, document) > 0;
}
