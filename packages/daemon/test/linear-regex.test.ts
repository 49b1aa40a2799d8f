// No regular expression in core or the daemon may take super-linear time on text a user or an
// attacker wrote: every literal in their sources, and every pattern they build at run time, is
// analysed with scslre (the analyser behind eslint-plugin-regexp's super-linear rules). Where a
// pattern cannot be made safe, the scan is written as a loop instead.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyse } from 'scslre';
import ts from 'typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SCANNED = ['packages/core/src', 'packages/daemon/src'];

interface Pattern {
  where: string;
  source: string;
  flags: string;
}

/** Why a pattern is super-linear, or nothing when it is linear. */
function superLinear(pattern: Pattern): string[] {
  return analyse({ source: pattern.source, flags: pattern.flags }).reports.map(
    (report) => `${pattern.where}: /${pattern.source}/${pattern.flags} is ${report.exponential ? 'exponential' : 'polynomial'} (${report.type}) on a run of ${JSON.stringify(report.character.pick)}`,
  );
}

function sourceFiles(directory: string): string[] {
  return readdirSync(path.join(root, directory), { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.ts'))
    .map((file) => path.join(directory, file));
}

function literalPatterns(file: string): Pattern[] {
  const source = ts.createSourceFile(file, readFileSync(path.join(root, file), 'utf8'), ts.ScriptTarget.Latest, true);
  const patterns: Pattern[] = [];
  const visit = (node: ts.Node): void => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const text = node.getText(source);
      const flagsAt = text.lastIndexOf('/');
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      patterns.push({ where: `${file}:${line}`, source: text.slice(1, flagsAt), flags: text.slice(flagsAt + 1) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return patterns;
}

/** Patterns built with `new RegExp(...)`, recorded in a separate process while core and the daemon's personalization run. */
function builtPatterns(): Pattern[] {
  const output = execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'packages/daemon/test/support/record-regexps.ts')], { cwd: root, encoding: 'utf8' });
  return (JSON.parse(output) as { source: string; flags: string }[]).map((pattern) => ({ where: 'built at run time', ...pattern }));
}

describe('regular expressions run in linear time', () => {
  it('the analyser flags the patterns that made lint() and the daemon hang', () => {
    for (const source of [String.raw`\s*[-~]$`, String.raw`[.,;:!?]+$`, String.raw`^escapeUrl\(\s*([^()]*?)\s*\)$`]) {
      assert.notDeepEqual(superLinear({ where: 'known', source, flags: '' }), [], source);
    }
  });

  it('every regex literal in core and the daemon is linear', () => {
    const files = SCANNED.flatMap(sourceFiles);
    const patterns = files.flatMap(literalPatterns);
    assert.ok(files.length > 40 && patterns.length > 50, `scanned ${files.length} files, ${patterns.length} literals`);
    assert.deepEqual(patterns.flatMap(superLinear), []);
  });

  it('every pattern core and the daemon build at run time is linear', function () {
    this.timeout(60_000);
    const patterns = builtPatterns();
    assert.ok(patterns.length >= 5, `recorded ${patterns.length} patterns`);
    assert.deepEqual(patterns.flatMap(superLinear), []);
  });
});
