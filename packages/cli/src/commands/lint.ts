// `linktrace lint`: lint templates for CI and the terminal; `--fix` writes safe fixes only.
import { applyEdits, ConfigError, fixableEdits, internalErrorFinding, lint, type Finding, type LintOptions, type TextEdit } from '@linktrace/core';
import { choice, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, count, parseCommandArgs, withUsage } from '../args';
import { ConfigLocator } from '../config-file';
import { describeFsError, expandTargets, readTemplate, writeTemplate } from '../files';
import { displayPath } from '../formatters/display-path';
import { formatJson } from '../formatters/json';
import type { AppliedFix, Formatter, LintFileResult } from '../formatters/result';
import { formatSarif } from '../formatters/sarif';
import { formatStylish } from '../formatters/stylish';
import type { CliIo } from '../io';

const FORMATS = ['stylish', 'json', 'sarif'] as const;
const FORMATTERS: Record<(typeof FORMATS)[number], Formatter> = { stylish: formatStylish, json: formatJson, sarif: formatSarif };

/** Fix passes until the text is stable; fixes can uncover or unblock each other. */
const MAX_FIX_PASSES = 10;

export const USAGE = `Usage: linktrace lint [files|dirs|globs...] [options]

Lints email templates (default: the current directory). Directories expand to
.html .htm .mjml .hbs .handlebars .mustache .liquid .njk .twig .tpl files, their
.txt text parts and the files the config's "include" globs add, skipping
node_modules, .git, dist and .linktrace.

Options:
  -f, --format stylish|json|sarif  output format (default stylish; json is ESLint's, sarif is SARIF 2.1.0)
      --info                       show info findings (hints) in stylish and json output too;
                                   json has no info level, so they go out as warnings (severity 1)
                                   marked "linktraceSeverity": "info". sarif always has them, as notes
      --fix                        write safe fixes to the files and report them
      --max-warnings N             exit 1 when there are more than N warnings
  -c, --config FILE                use this config instead of the nearest linktrace.config.json
  -h, --help                       show this help

Info findings never change the exit code.
Exit codes: 0 clean, 1 errors (or too many warnings), 2 usage, config or file problems.
`;

export function run(argv: string[], io: CliIo): Promise<number> {
  return withUsage('lint', io, async () => {
    const { values, positionals } = parseCommandArgs(argv, {
      format: { type: 'string', short: 'f' },
      fix: { type: 'boolean' },
      info: { type: 'boolean' },
      'max-warnings': { type: 'string' },
      config: { type: 'string', short: 'c' },
    });
    if (values.help) {
      io.stdout(USAGE);
      return EXIT_OK;
    }
    const format = choice(values.format, FORMATS, 'stylish', '--format');
    const maxWarnings = count(values['max-warnings'], '--max-warnings');
    const configs = new ConfigLocator(io.cwd, values.config);
    try {
      await configs.check();
    } catch (error) {
      if (error instanceof ConfigError) {
        io.stderr(`linktrace lint: ${error.message}\n`);
        return EXIT_USAGE;
      }
      throw error;
    }

    let expanded;
    try {
      expanded = await expandTargets(positionals.length ? positionals : ['.'], io.cwd, (file) => configs.includes(file));
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      io.stderr(`linktrace lint: ${error.message}\n`);
      return EXIT_USAGE;
    }
    const { files, problems } = expanded;
    for (const problem of problems) io.stderr(`linktrace lint: ${problem}\n`);

    const results: LintFileResult[] = [];
    for (const file of files) {
      const options = await configs.optionsOrReport(file, (message) => io.stderr(`linktrace lint: ${message}\n`));
      if (!options) return EXIT_USAGE;
      const result = await lintFileIsolated(file, options, values.fix === true);
      if (result.problem) io.stderr(`linktrace lint: ${displayPath(file, io.cwd)}: ${result.problem}\n`);
      results.push(result);
    }

    const fixReport = describeFixes(results, io.cwd);
    // Machine formats keep stdout to one document; what --fix changed goes to stderr there.
    if (fixReport) (format === 'stylish' ? io.stdout : io.stderr)(fixReport);
    // SARIF has a level for hints (note); stylish and json show them only when asked.
    const shown = format === 'sarif' || values.info === true ? results : results.map(withoutInfo);
    io.stdout(FORMATTERS[format](shown, { cwd: io.cwd }));

    const all = results.flatMap((result) => result.findings);
    const errors = all.filter((finding) => finding.severity === 'error').length;
    const warnings = all.filter((finding) => finding.severity === 'warning').length;
    if (problems.length || results.some((result) => result.problem)) return EXIT_USAGE;
    if (errors) return EXIT_FINDINGS;
    if (maxWarnings !== undefined && warnings > maxWarnings) {
      io.stderr(`linktrace lint: too many warnings (${warnings}; --max-warnings is ${maxWarnings})\n`);
      return EXIT_FINDINGS;
    }
    return EXIT_OK;
  });
}

function withoutInfo(result: LintFileResult): LintFileResult {
  return result.findings.some((finding) => finding.severity === 'info')
    ? { ...result, findings: result.findings.filter((finding) => finding.severity !== 'info') }
    : result;
}

type LintText = (text: string, options: LintOptions) => Finding[];

/**
 * One file's result; a failure inside linktrace becomes an internal-error finding on that file,
 * so the other files of the command line keep theirs. `lintText` is core's lint, or a stand-in.
 */
export async function lintFileIsolated(filePath: string, options: LintOptions, fix: boolean, lintText: LintText = lint): Promise<LintFileResult> {
  try {
    return await lintFile(filePath, options, fix, lintText);
  } catch (error) {
    return { filePath, findings: [internalErrorFinding(error)], fixes: [] };
  }
}

async function lintFile(filePath: string, options: LintOptions, fix: boolean, lintText: LintText): Promise<LintFileResult> {
  const read = await readTemplate(filePath);
  if (!read.ok) return { filePath, findings: [], fixes: [], problem: read.problem };
  if (!fix) return { filePath, findings: lintText(read.text, options), source: read.text, fixes: [] };

  const fixed = fixUntilStable(read.text, options, lintText);
  const result: LintFileResult = { filePath, findings: fixed.findings, source: fixed.text, fixes: fixed.fixes };
  if (fixed.text !== read.text) {
    try {
      await writeTemplate(filePath, fixed.text, read.bom);
    } catch (error) {
      return { ...result, source: read.text, findings: lintText(read.text, options), fixes: [], problem: `cannot write the fixes: ${describeFsError(error)}` };
    }
  }
  return result;
}

/** Applies safe fixes pass after pass; returns the final text, its findings and what was applied. */
export function fixUntilStable(original: string, options: LintOptions, lintText: LintText = lint): { text: string; findings: Finding[]; fixes: AppliedFix[] } {
  let text = original;
  let findings = lintText(text, options);
  const fixes: AppliedFix[] = [];
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const edits = fixableEdits(findings);
    if (!edits.length) break;
    const next = applyEdits(text, edits);
    if (next === text) break;
    const chosen = new Set<TextEdit>(edits);
    for (const finding of findings) {
      if (finding.fix?.safe && finding.fix.edits.length && finding.fix.edits.every((edit) => chosen.has(edit))) {
        fixes.push({ ruleId: finding.ruleId, description: finding.fix.description, line: finding.line, column: finding.column });
      }
    }
    text = next;
    findings = lintText(text, options);
  }
  return { text, findings, fixes };
}

function describeFixes(results: readonly LintFileResult[], cwd: string): string {
  const changed = results.filter((result) => result.fixes.length);
  if (!changed.length) return '';
  const total = changed.reduce((sum, result) => sum + result.fixes.length, 0);
  const lines = [`Fixed ${total} problem${total === 1 ? '' : 's'} in ${changed.length} file${changed.length === 1 ? '' : 's'}:`];
  for (const result of changed) {
    for (const fix of result.fixes) lines.push(`  ${displayPath(result.filePath, cwd)}:${fix.line}:${fix.column}  ${fix.description}  ${fix.ruleId}`);
  }
  return `${lines.join('\n')}\n\n`;
}
