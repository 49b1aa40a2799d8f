// Run as a script: prints (as JSON) every RegExp that core and the daemon's personalization build
// at run time with `new RegExp(...)`, as loading them and linting every fixture creates them.
// Literals are read from the source instead; only computed patterns need this.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const BuiltIn = RegExp;
const built = new Map<string, { source: string; flags: string }>();

function RecordingRegExp(this: unknown, pattern: string | RegExp, flags?: string): RegExp {
  const regexp = new BuiltIn(pattern, flags);
  built.set(`/${regexp.source}/${regexp.flags}`, { source: regexp.source, flags: regexp.flags });
  return regexp;
}
RecordingRegExp.prototype = BuiltIn.prototype;
Object.setPrototypeOf(RecordingRegExp, BuiltIn);
globalThis.RegExp = RecordingRegExp as unknown as RegExpConstructor;

const core = await import('@linktrace/core');
const daemon = await import('../../src/personalize');
// core's test fixtures (every dialect), loaded by URL: they belong to another package's tests.
const fixturesUrl = pathToFileURL(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../core/test/support/fixtures.ts')).href;
const { FIXTURES } = (await import(fixturesUrl)) as { FIXTURES: { text: string }[] };
for (const fixture of FIXTURES) {
  for (const options of [{}, { format: 'text' as const }]) core.lint(fixture.text, options);
  daemon.personalize(fixture.text, core.detectDialect(fixture.text), { id: 'r1', email: 'a@example.com', fields: { firstName: 'A' } });
}
process.stdout.write(JSON.stringify([...built.values()]));
