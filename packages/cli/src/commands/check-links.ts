// `linktrace check-links`: requests every web link of the templates as each test recipient gets it
// (status, redirects, TLS, images) without ever firing a link's side effect, and reports findings
// in the linter's formats.
import path from 'node:path';
import type { Recipient } from '@linktrace/core';
import { checkLinks, DEFAULT_RECIPIENTS, LINK_CHECK_DEFAULTS, LINK_CHECK_RULES, LinkCheckCache, loadRecipientsFile, RecipientsFileError, type TemplateToCheck } from '@linktrace/daemon';
import { choice, count, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, parseCommandArgs, UsageError, withUsage } from '../args';
import { ConfigLocator } from '../config-file';
import { expandTargets, readTemplate } from '../files';
import { displayPath } from '../formatters/display-path';
import { formatJson } from '../formatters/json';
import { formatLinkResultsJson, formatLinkResultsTable } from '../formatters/link-results';
import type { Formatter, LintFileResult } from '../formatters/result';
import { formatSarif } from '../formatters/sarif';
import { formatStylish } from '../formatters/stylish';
import type { CliIo } from '../io';
import { listenForStop } from '../signals';

const FORMATS = ['stylish', 'json', 'sarif', 'table', 'report-json'] as const;
const FINDING_FORMATTERS: Record<'stylish' | 'json' | 'sarif', Formatter> = { stylish: formatStylish, json: formatJson, sarif: formatSarif };
export const DEFAULT_CACHE_FILE = path.join('.linktrace', 'link-check-cache.json');
const DEFAULT_CACHE_TTL_SECONDS = 3600;

export const USAGE = `Usage: linktrace check-links FILE... [options]

Requests every web link and image of the templates (files, directories or globs) as each test
recipient gets it, personalization filled in from the recipient's data, and reports broken links,
redirect chains, TLS errors, timeouts and image URLs that are not images. Each distinct URL is
requested once; bodies are not downloaded.

Never requested with GET: opt-out, mirror-page and never links, open-tracking pixels, platform
unsubscribe/confirm built-ins, and URLs that look like one-time actions (unsubscribe, confirm,
verify, token, magic, login, reset ...), also when a redirect leads to one. They are reported as not checked, with the reason, unless --allow-head.
Private, loopback and link-local addresses are not requested unless allowedHosts names the host.

Options:
  -r, --recipients FILE.json  test recipients (default: the two built-in ones)
  -f, --format FORMAT         stylish (default), json (ESLint's), sarif: the problems;
                              table: every link per recipient with its result, time and final URL;
                              report-json: the same with every redirect hop, for scripts
  -c, --config FILE           use this config instead of the nearest linktrace.config.json
      --allow-head            send HEAD (never GET) to the links above instead of skipping them
      --timeout MS            per request (default ${LINK_CHECK_DEFAULTS.timeoutMs})
      --per-host N            requests in flight to one host (default ${LINK_CHECK_DEFAULTS.perHost})
      --concurrency N         requests in flight overall (default ${LINK_CHECK_DEFAULTS.concurrency})
      --retries N             retries after 429/502/503/504 or a dropped connection (default ${LINK_CHECK_DEFAULTS.retries})
      --cache-ttl SECONDS     reuse results younger than this (default ${DEFAULT_CACHE_TTL_SECONDS}; 0 = no cache)
      --cache FILE            cache file (default ${DEFAULT_CACHE_FILE})
  -h, --help                  show this help

Exit codes: 0 no errors, 1 errors, 2 usage, config, recipients or file problems, 130 cancelled.
`;

export function run(argv: string[], io: CliIo): Promise<number> {
  return withUsage('check-links', io, async () => {
    const { values, positionals } = parseCommandArgs(argv, {
      recipients: { type: 'string', short: 'r' },
      format: { type: 'string', short: 'f' },
      config: { type: 'string', short: 'c' },
      'allow-head': { type: 'boolean' },
      timeout: { type: 'string' },
      'per-host': { type: 'string' },
      concurrency: { type: 'string' },
      retries: { type: 'string' },
      'cache-ttl': { type: 'string' },
      cache: { type: 'string' },
    });
    if (values.help) {
      io.stdout(USAGE);
      return EXIT_OK;
    }
    if (!positionals.length) throw new UsageError('name at least one template, directory or glob');
    const format = choice(values.format, FORMATS, 'stylish', '--format');
    const timeoutMs = positive(count(values.timeout, '--timeout'), '--timeout');
    const perHost = positive(count(values['per-host'], '--per-host'), '--per-host');
    const concurrency = positive(count(values.concurrency, '--concurrency'), '--concurrency');
    const retries = count(values.retries, '--retries');
    const cacheTtl = count(values['cache-ttl'], '--cache-ttl') ?? DEFAULT_CACHE_TTL_SECONDS;

    let recipients: Recipient[];
    try {
      recipients = values.recipients === undefined ? [...DEFAULT_RECIPIENTS] : await loadRecipientsFile(path.resolve(io.cwd, values.recipients));
    } catch (error) {
      if (!(error instanceof RecipientsFileError)) throw error;
      io.stderr(`linktrace check-links: ${error.message}\n`);
      return EXIT_USAGE;
    }

    const configs = new ConfigLocator(io.cwd, values.config);
    const { files, problems } = await expandTargets(positionals, io.cwd);
    for (const problem of problems) io.stderr(`linktrace check-links: ${problem}\n`);
    const results: LintFileResult[] = [];
    const templates: TemplateToCheck[] = [];
    for (const file of files) {
      const options = await configs.optionsOrReport(file, (message) => io.stderr(`linktrace check-links: ${message}\n`));
      if (!options) return EXIT_USAGE;
      const read = await readTemplate(file);
      if (!read.ok) {
        io.stderr(`linktrace check-links: ${displayPath(file, io.cwd)}: ${read.problem}\n`);
        results.push({ filePath: file, findings: [], fixes: [], problem: read.problem });
        continue;
      }
      templates.push({ id: file, text: read.text, options });
      results.push({ filePath: file, findings: [], source: read.text, fixes: [] });
    }

    const cache = await LinkCheckCache.open(path.resolve(io.cwd, values.cache ?? DEFAULT_CACHE_FILE), cacheTtl * 1000);
    const abort = new AbortController();
    const stop = listenForStop();
    void stop.received.then(() => abort.abort());
    let report;
    try {
      report = await checkLinks(templates, {
        recipients,
        allowHead: values['allow-head'] === true,
        ...(timeoutMs !== undefined ? { timeoutMs } : {}),
        ...(perHost !== undefined ? { perHost } : {}),
        ...(concurrency !== undefined ? { concurrency } : {}),
        ...(retries !== undefined ? { retries } : {}),
        cache,
        signal: abort.signal,
      });
    } finally {
      stop.dispose();
    }
    try {
      await cache.save();
    } catch (error) {
      io.stderr(`linktrace check-links: the cache could not be written (${(error as Error).message}); the next run will request every URL again\n`);
    }
    for (const result of results) result.findings = report.findings.get(result.filePath) ?? [];

    const { stats } = report;
    io.stderr(`Checked ${stats.urls} distinct URL${stats.urls === 1 ? '' : 's'} for ${stats.links} link${stats.links === 1 ? '' : 's'} and ${recipients.length} recipient${recipients.length === 1 ? '' : 's'}: ${stats.requests} request${stats.requests === 1 ? '' : 's'}, ${stats.fromCache} from the cache, ${(stats.ms / 1000).toFixed(1)} s${report.cancelled ? ' (cancelled)' : ''}.\n`);
    if (format === 'table' || format === 'report-json') {
      const perFile = templates.map((template) => ({ filePath: template.id, results: report.results.get(template.id) ?? [] }));
      io.stdout(format === 'table' ? formatLinkResultsTable(perFile, io.cwd) : formatLinkResultsJson(perFile));
    } else io.stdout(FINDING_FORMATTERS[format](results, { cwd: io.cwd, extraRules: LINK_CHECK_RULES }));

    if (report.cancelled) return 130;
    if (problems.length || results.some((result) => result.problem)) return EXIT_USAGE;
    return results.some((result) => result.findings.some((finding) => finding.severity === 'error')) ? EXIT_FINDINGS : EXIT_OK;
  });
}

function positive(value: number | undefined, option: string): number | undefined {
  if (value === 0) throw new UsageError(`${option} must be at least 1`);
  return value;
}
