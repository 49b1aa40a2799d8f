// Adversarial templates for the linear-time checks: long runs of what the linter's scanners look
// for (every dialect's delimiters, the characters their expressions trim or skip, comments,
// pragmas, conditional comments, VML, quotes, URL characters), unclosed and nested, behind the
// openers that start a scan. Regular expressions and `indexOf` loops that go quadratic do so on
// exactly these shapes: one opener followed by a long run that never closes, or many openers
// each searching to the end of the text.
import type { Dialect, LintOptions, TemplateFormat } from '@linktrace/core';
import type { Random } from './mutate';

/** Things a scanner starts at: each dialect's openers, comments, tags, attribute values, URLs. */
export const OPENERS: readonly string[] = [
  '<%', '<%=', '<%==', '<%@', '<%= escapeUrl(', '{{', '{{{', '{{-', '{{~', '{{#each ', '{{/', '{{ TrackLink "', '{{ range ', '{%', '{%-', '{%=',
  '{% if ', '*|', '[Unsubscribe', '[Sender_', '[A', '{contactfield=', '{a', '<!--', '<!-- linktrace', '<!-- linktrace-disable ',
  '<!-- linktrace-enable ', '<!-- linktrace-disable-next-line ', '<!--[if mso]>', '<!--[if', '<![endif]-->', '<a href="', "<a href='",
  '<a href=', '<a ', '<v:roundrect href="', '<v:rect href=', '<img src="', '<button href="', '<area href="', '<a href="https://example.com/',
  'https://', 'http://a.', 'www.', 'mailto:', '&', '&#', '"', "'", '`', '<', '<?', '<!', '<![CDATA[', '<script>', '<style>', '<title>',
];

/** What follows an opener: closers, and the characters scans skip, trim or repeat over. */
export const RUN_UNITS: readonly string[] = [
  ' ', '\t', '\n', '\r\n', '.', '-', '~', '{', '}', '|', '%', '<', '>', '=', '"', "'", '`', '/', ':', ',', '!', '?', '#', '&', '(', ')', '[', ']',
  'a', 'A', '0', '_', 'a.', 'a-', '.a', '-a', ' -', '- ', '~ ', ' ~', '{{', '}}', '{%', '%}', '<%', '%>', '*|', '|*', '{{{', '}}}',
  '<!--', '-->', '--', '<!--[if mso]>', '<![endif]-->', '<!-- linktrace ', 'linktrace', ']>', '<a href="x">', '<a href=x>', '</a>',
  '<v:roundrect href="x">', '</v:roundrect>', '<v:rect href=x>', '<img src=x>', '<button href=x>', 'x</a>', '<a>', '<p>', '</p>',
  'http://x', '://', 'www.', '&amp;', '&#', '&nbsp;', '\\', '"x" ', '{{ "', '{{ `', '`}}', ' }}', '{{.Subscriber.UUID}}', '| default ',
  '[Weblink]', '[Unsubscribe]', '*|UNSUB|*', '{unsubscribe_url}', '<%= recipient.id %>', '{{ x }}', '{% endif %}', '{{/each}}',
  '\u00a0', '\u2028', '\uD800', '\u0000',
];

/** What may end the text: nothing, a closer, or the start of something never finished. */
export const TAILS: readonly string[] = ['', 'b}}', '%>', '}}', '%}', '|*', '-->', '<![endif]-->', '">', "'>", '>', '</a>', 'x', ')', ' %>'];

export interface AdversarialCase {
  /** How it was built, to name a failure. */
  name: string;
  /** What is repeated (the run of the shape, between its prefix and tail). */
  unit: string;
  /** The text for a given number of repetitions of its run. */
  build(repetitions: number): string;
  options: LintOptions;
}

const DIALECT_CHOICES: readonly (Dialect | 'auto')[] = ['auto', 'auto', 'auto', 'campaign', 'handlebars', 'liquid', 'listmonk', 'mailchimp', 'mautic', 'sendgrid', 'plain'];

/**
 * One adversarial shape: prefix (a few openers), then a run of a unit of one to three pieces
 * (optionally each repetition starting with an opener again), then a tail.
 */
export function adversarialCase(random: Random): AdversarialCase {
  const prefix = Array.from({ length: 1 + random.int(2) }, () => random.pick(OPENERS)).join(random.pick(['', ' ', 'x']));
  const pieces = 1 + random.int(3);
  let unit = '';
  for (let i = 0; i < pieces; i++) unit += random.next() < 0.3 ? random.pick(OPENERS) : random.pick(RUN_UNITS);
  const tail = random.pick(TAILS);
  const dialect = random.pick(DIALECT_CHOICES);
  const format: TemplateFormat = random.next() < 0.2 ? 'text' : 'html';
  const options: LintOptions = { ...(dialect === 'auto' ? {} : { dialect }), ...(format === 'text' ? { format } : {}) };
  return {
    name: `${JSON.stringify(prefix)} + ${JSON.stringify(unit)} x N + ${JSON.stringify(tail)} (${dialect}, ${format})`,
    unit,
    build: (repetitions) => prefix + unit.repeat(repetitions) + tail,
    options,
  };
}

/** Repetitions that make a case about `length` code units long. */
export function repetitionsFor(testCase: AdversarialCase, length: number): number {
  const one = testCase.build(1).length - testCase.build(0).length;
  return Math.max(1, Math.ceil(length / Math.max(1, one)));
}

/** The inputs the code review found slow or throwing, by name, at about `length` code units. */
export function reviewedInputs(length: number): { name: string; text: string; options: LintOptions }[] {
  const fill = (unit: string, prefix = '', suffix = ''): string => prefix + unit.repeat(Math.max(1, Math.floor((length - prefix.length - suffix.length) / unit.length))) + suffix;
  return [
    { name: '{{a + spaces + b}}', text: fill(' ', '{{a', 'b}}'), options: {} },
    { name: '<% on every line', text: fill('<%\n'), options: {} },
    { name: 'a text URL followed by dots', text: fill('.', 'see https://example.com/x'), options: { format: 'text' } },
    { name: 'a.a.a. in a text part', text: fill('a.'), options: { format: 'text' } },
    { name: 'an unclosed <!-- linktrace pragma', text: fill(' ', '<!-- linktrace '), options: {} },
    { name: 'unclosed pragmas, one after another', text: fill('<!-- linktrace x '), options: {} },
    { name: 'disable/enable pragma pairs', text: fill('<!-- linktrace-disable url-insecure-http --><!-- linktrace-enable url-insecure-http -->\n'), options: {} },
    { name: 'safe fixes by the thousand', text: fill('<a href="https://example.com/?a=1&b=2">x</a>\n'), options: {} },
    { name: '<!--[if mso]> nested', text: fill('<!--[if mso]>'), options: {} },
    { name: 'unclosed VML in conditional comments', text: fill('<!--[if mso]><v:roundrect href="https://example.com/">'), options: {} },
    { name: 'unclosed VML, closed by </a>', text: fill('<v:rect href="https://example.com/">x') + '</a>'.repeat(200), options: {} },
    { name: '<%= escapeUrl( + spaces', text: fill(' ', '<%= escapeUrl(', 'x %>'), options: {} },
    { name: 'listmonk {{ on every line, never closed', text: fill('{{ "x" \n'), options: { dialect: 'listmonk' } },
  ];
}
