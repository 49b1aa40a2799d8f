// Links that lack a campaign parameter `utm` in linktrace.config.json requires, or carry it with
// another value: their visits land in analytics under "direct" or the wrong campaign.
import type { Rule } from '../types';
import { appendToQuery, fragmentUtmTail, inUtmHosts, intendedUtmNames, knownUtmNames, requiredUtmParameters, requiredValueFor, takesUtmParameters } from '../utm';
import { reportSpan } from './helpers-url';

const rule: Rule = {
  id: 'utm-missing',
  defaultSeverity: 'warning',
  description: 'A link lacks a UTM parameter that `utm` in linktrace.config.json requires, or carries it with another value',
  check(context) {
    const settings = context.options.utm;
    const required = requiredUtmParameters(settings);
    if (!required.length) return;
    const known = knownUtmNames(settings);
    for (const link of context.template.links) {
      if (!takesUtmParameters(link) || !inUtmHosts(link, settings?.hosts)) continue;
      const params = link.url.params;
      const tail = fragmentUtmTail(link);
      const afterFragment = new Set(tail?.pairs.map((pair) => pair.name) ?? []);
      // A misspelt or misplaced parameter is the other rules' to fix: adding it here would duplicate it.
      const meantAs = new Set(params.flatMap((param) => intendedUtmNames(param.name, known)));
      const missing: [string, string | true][] = [];
      for (const [name, configured] of required) {
        const value = requiredValueFor(link, configured);
        const present = params.filter((param) => param.name === name);
        if (!present.length) {
          if (!afterFragment.has(name) && !meantAs.has(name)) missing.push([name, value]);
          continue;
        }
        if (value === true) continue;
        const first = present[0]!;
        if (first.value === value) continue;
        context.report({
          span: first.value === '' ? first.nameSpan : first.valueSpan,
          linkId: link.id,
          message: `"${name}" is "${first.value}" here, but linktrace.config.json requires "${value}".`,
          fix: { description: `Set ${name} to "${value}"`, edits: [{ start: first.valueSpan.start, end: first.valueSpan.end, newText: value }], safe: true },
        });
      }
      if (!missing.length) continue;
      const names = missing.map(([name]) => name);
      const withValues = missing.filter((entry): entry is [string, string] => typeof entry[1] === 'string');
      const anyValue = missing.filter(([, value]) => value === true).map(([name]) => name);
      const fixable = withValues.length > 0 && !tail;
      context.report({
        span: reportSpan(context.template.text, link),
        linkId: link.id,
        message: `This link lacks ${names.length === 1 ? 'the campaign parameter' : 'the campaign parameters'} ${names.map((name) => `"${name}"`).join(', ')} that linktrace.config.json requires${anyValue.length ? ` (${anyValue.map((name) => `"${name}"`).join(', ')} with a value of your choice)` : ''}: its visits will not be attributed to this email.`,
        ...(fixable ? {
          fix: {
            description: `Add ${withValues.map(([name, value]) => `${name}=${value}`).join(', ')}`,
            edits: [appendToQuery(link, withValues.map(([name, value]) => `${name}=${value}`))],
            safe: true,
          },
        } : {}),
      });
    }
  },
};
export default rule;
