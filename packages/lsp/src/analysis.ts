// One version of a template, parsed and linted on first use and cached per (version, settings
// generation): diagnostics, code actions, CodeLens, hovers and links of the same version share one
// parse. All lint work is core's: each open document has an IncrementalLinter, which re-parses and
// re-checks only around each edit and finds exactly what lint() would.
import { fileURLToPath } from 'node:url';
import { IncrementalLinter, type Finding, type IncrementalResult, type Template, type TemplateFormat } from '@linktrace/core';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { documentOptions, type DocumentOptions } from './documentOptions';
import type { ProjectConfigs } from './projectConfig';
import type { Settings } from './settings';
import { templateFormat } from './templates';

export interface Analysis {
  readonly uri: string;
  /**
   * The document as it was at `version`: open documents are updated in place on each change, so
   * offsets of this analysis are turned into positions with this copy, never the live document.
   */
  readonly snapshot: TextDocument;
  readonly version: number;
  /** The document's text at `version`. */
  readonly text: string;
  readonly format: TemplateFormat;
  readonly options: DocumentOptions;
  /** Parsed on first use. */
  readonly template: Template;
  /** Linted on first use. */
  readonly findings: Finding[];
}

interface Entry {
  version: number;
  generation: number;
  analysis: Promise<Analysis | undefined>;
}

/** A document's linter, for as long as its lint options stay the same. */
interface DocumentLinter {
  optionsKey: string;
  linter: IncrementalLinter;
}

/**
 * With LINKTRACE_LSP_STATS=1 in its environment the server logs each analysis's work and time
 * (window/logMessage): the benchmark reads them, a user debugging a slow template can too.
 */
export const LOG_ANALYSES = process.env.LINKTRACE_LSP_STATS === '1';

export class Analyses {
  private readonly entries = new Map<string, Entry>();
  private readonly linters = new Map<string, DocumentLinter>();
  /** Bumped when settings or a config file change: every cached analysis is then stale. */
  private generationNumber = 0;

  constructor(
    private readonly configs: ProjectConfigs,
    private readonly settings: () => Settings,
    private readonly log: (message: string) => void = () => {},
  ) {}

  /** Changes whenever results of the same document version may differ (pull diagnostics' result ids). */
  get generation(): number {
    return this.generationNumber;
  }

  invalidate(): void {
    this.generationNumber++;
    this.entries.clear();
  }

  forget(uri: string): void {
    this.entries.delete(uri);
    this.linters.delete(uri);
  }

  /** The document's linter for these options: a new one (reading the text whole) when they changed. */
  private linterFor(uri: string, options: DocumentOptions): IncrementalLinter {
    const optionsKey = JSON.stringify(options.lint);
    const current = this.linters.get(uri);
    if (current?.optionsKey === optionsKey) return current.linter;
    const linter = new IncrementalLinter(options.lint);
    this.linters.set(uri, { optionsKey, linter });
    return linter;
  }

  /**
   * The analysis of the document's current version, or undefined when it is no template. The
   * document may change while a config file is read: then the analysis is of the newer version.
   */
  async current(document: TextDocument): Promise<Analysis | undefined> {
    for (let attempt = 0; ; attempt++) {
      const analysis = await this.analyze(document);
      if (!analysis || analysis.version === document.version || attempt === 2) return analysis;
    }
  }

  /** The analysis of the document's version at the time of the call. */
  analyze(document: TextDocument): Promise<Analysis | undefined> {
    const cached = this.entries.get(document.uri);
    if (cached && cached.version === document.version && cached.generation === this.generationNumber) return cached.analysis;
    const analysis = this.compute(document);
    this.entries.set(document.uri, { version: document.version, generation: this.generationNumber, analysis });
    return analysis;
  }

  private async compute(document: TextDocument): Promise<Analysis | undefined> {
    // Captured together: the document may change while the config file is read.
    const version = document.version;
    const text = document.getText();
    const settings = this.settings();
    if (!settings.enable) return undefined;
    const filePath = filePathOf(document.uri);
    const project = filePath ? await this.configs.forFile(filePath) : undefined;
    const format = templateFormat(document.languageId, document.uri, project !== undefined);
    if (!format) return undefined;
    const options = documentOptions(filePath ?? document.uri.replace(/^.*\//, ''), settings, project, format);
    const linter = this.linterFor(document.uri, options);
    let result: IncrementalResult | undefined;
    const linted = (): IncrementalResult => {
      if (result) return result;
      const started = LOG_ANALYSES ? performance.now() : 0;
      result = linter.lint(text);
      if (LOG_ANALYSES) this.log(analysisLogLine(document.uri, version, result, performance.now() - started, linter));
      return result;
    };
    return {
      uri: document.uri,
      snapshot: TextDocument.create(document.uri, document.languageId, version, text),
      version,
      text,
      format,
      options,
      get template() {
        return linted().template;
      },
      get findings() {
        return linted().findings;
      },
    };
  }
}

/** `linktrace analysis URI vN: 2.1 ms, re-parsed 280/102400 bytes, links checked 1 re-used 376, fallback -, fallbacks {}` */
function analysisLogLine(uri: string, version: number, result: IncrementalResult, milliseconds: number, linter: IncrementalLinter): string {
  const { work } = result;
  return `linktrace analysis ${uri} v${version}: ${milliseconds.toFixed(2)} ms, re-parsed ${work.reparsedBytes}/${work.documentBytes} bytes, links checked ${work.linksChecked} re-used ${work.linksReused}, fallback ${work.fallback ?? '-'}, fallbacks ${JSON.stringify(linter.stats.fallbacks)}`;
}

/** The local path of a `file:` URI; other schemes (untitled, remote) have no config file. */
export function filePathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
