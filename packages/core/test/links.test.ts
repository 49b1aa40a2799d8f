import assert from 'node:assert/strict';
import { detectDialect, findLinks, parseTemplate, tokenizePersonalization, type Dialect } from '@linktrace/core';
import { corpusFiles } from './support/corpus';
import { FIXTURES } from './support/fixtures';
import { createRandom, mutate, MUTATION_KINDS } from './support/mutate';

/** One template per dialect with personalization in the host, the path and the query. */
const DIALECT_CASES: { dialect: Dialect; host: string; path: string; query: string }[] = [
  { dialect: 'campaign', host: '<%= recipient.domain %>', path: '<%= recipient.id %>', query: '<%= escapeUrl(recipient.email) %>' },
  { dialect: 'handlebars', host: '{{profile.domain}}', path: '{{{profile.id}}}', query: '{{profile.email}}' },
  { dialect: 'liquid', host: '{{ shop.domain }}', path: "{% if a %}x{% endif %}", query: '{{ customer.email | url_encode }}' },
  { dialect: 'listmonk', host: '{{ .Subscriber.Attribs.domain }}', path: '{{ .Subscriber.UUID }}', query: '{{ .Campaign.UUID }}' },
  { dialect: 'mautic', host: '{contactfield=domain}', path: '{contactfield=id}', query: '{contactfield=email}' },
  { dialect: 'mailchimp', host: '*|DOMAIN|*', path: '*|UNIQID|*', query: '*|EMAIL|*' },
  { dialect: 'sendgrid', host: '[Sender_Domain]', path: '{{id}}', query: '<%asm_group_unsubscribe_raw_url%>' },
];

describe('findLinks', () => {
  for (const { dialect, host, path, query } of DIALECT_CASES) {
    it(`finds a ${dialect} link with personalization in host, path and query at exact offsets`, () => {
      const url = `https://${host}/p/${path}?e=${query}&k=1#top`;
      const text = `<html><body>\n  <p>Hi</p>\n  <a class="btn" href="${url}">Go</a>\n</body></html>`;
      const [link, ...rest] = findLinks(text, { dialect });
      assert.equal(rest.length, 0);
      assert.ok(link);
      assert.equal(link.raw, url);
      assert.equal(text.slice(link.valueSpan.start, link.valueSpan.end), url);
      assert.equal(link.valueSpan.start, text.indexOf(url));
      assert.deepEqual(link.start, { line: 3, column: text.split('\n')[2]!.indexOf(url) + 1 });
      assert.equal(link.url.scheme, 'https');
      assert.equal(link.url.host, host);
      assert.equal(link.url.path, `/p/${path}`);
      assert.equal(link.url.fragment, 'top');
      assert.deepEqual(link.url.params.map((p) => [p.name, p.value]), [['e', query], ['k', '1']]);
      for (const part of ['host', 'path', 'query', 'fragment'] as const) {
        const span = link.url.spans[part]!;
        assert.equal(text.slice(span.start, span.end), link.url[part]);
      }
      const segmentTexts = link.segments.map((segment) => text.slice(segment.start, segment.end));
      for (const expected of [host, query]) assert.ok(segmentTexts.includes(expected), `${expected} in ${JSON.stringify(segmentTexts)}`);
      assert.ok(link.segments.every((segment) => segment.dialect === dialect || dialect === 'sendgrid' || dialect === 'liquid'));
    });
  }

  it('detects the dialect of a file from its delimiters', () => {
    assert.equal(parseTemplate('<a href="https://x.com/?u=<%= recipient.id %>">').dialect, 'campaign');
    assert.equal(parseTemplate('{{#if a}}<a href="https://x.com/{{b}}">{{/if}}').dialect, 'handlebars');
    assert.equal(parseTemplate('{% for a in b %}<a href="https://x.com/{{ a }}">{% endfor %}').dialect, 'liquid');
    assert.equal(parseTemplate('<a href="{{ UnsubscribeURL }}">u</a> {{ TrackView }}').dialect, 'listmonk');
    assert.equal(parseTemplate('<a href="*|UNSUB|*">u</a>').dialect, 'mailchimp');
    assert.equal(parseTemplate('<a href="{unsubscribe_url}">u</a>').dialect, 'mautic');
    assert.equal(parseTemplate('<a href="<%asm_group_unsubscribe_raw_url%>">u</a>').dialect, 'sendgrid');
    assert.equal(parseTemplate('<a href="https://x.com">x</a>').dialect, 'plain');
    assert.equal(parseTemplate('<!-- linktrace dialect=liquid --><a href="{{x}}">').dialect, 'liquid');
    assert.equal(parseTemplate('<a href="{{x}}">', { dialect: 'listmonk' }).dialect, 'listmonk');
  });

  it('reads a listmonk action whose string argument holds {{ }}, as Go templates do', () => {
    const text = '<a href="{{ TrackLink "https://x.com/?u={{ .Subscriber.UUID }}" }}">Go</a> <a href="https://two.com">Two</a>';
    const links = findLinks(text, { dialect: 'listmonk' });
    assert.deepEqual(links.map((link) => link.raw), ['{{ TrackLink "https://x.com/?u={{ .Subscriber.UUID }}" }}', 'https://two.com']);
    assert.equal(links[0]!.segments.length, 1);
    assert.deepEqual(findLinks('<a href="{{ .Subscriber.UUID ">x</a>', { dialect: 'listmonk' }).map((link) => link.raw), ['{{ .Subscriber.UUID ']);
  });

  it('reads positions when asked, the same as the line index gives, and serializes a link with them', () => {
    const text = '<p>\n  <a href="https://a.com/x">A</a>\n<a\nhref="https://b.com/y">B</a>';
    const template = parseTemplate(text);
    for (const link of template.links) {
      assert.deepEqual(link.start, template.positionAt(link.valueSpan.start));
      assert.deepEqual(link.end, template.positionAt(link.valueSpan.end));
      assert.equal(link.start, link.start, 'read once, then the same object');
    }
    const json = JSON.parse(JSON.stringify(template.links[1])) as Record<string, unknown>;
    assert.deepEqual(Object.keys(json), [
      'id', 'kind', 'tag', 'attribute', 'raw', 'valueSpan', 'quote', 'start', 'end', 'tagSpan', 'attributes', 'urlAttribute', 'url',
      'segments', 'text', 'inConditionalComment', 'inLoop', 'tracking',
    ]);
    assert.deepEqual([json.start, json.end], [{ line: 4, column: 7 }, { line: 4, column: 22 }]);
  });

  it('reads query parameters after `&amp;` separators, a lone `amp;` being no parameter', () => {
    const [link] = findLinks('<a href="https://x.com/?utm_source=a&amp;UTM_Medium=b&amp;&amp;amp;=c&">x</a>');
    assert.deepEqual(link!.url.params.map((param) => [param.name, param.value]), [['utm_source', 'a'], ['UTM_Medium', 'b'], ['amp;', 'c']]);
    const [first] = link!.url.params;
    assert.equal(link!.raw.slice(first!.nameSpan.start - link!.valueSpan.start, first!.nameSpan.end - link!.valueSpan.start), 'utm_source');
  });

  it('does not read the # of a character reference as the fragment', () => {
    const [link] = findLinks('<a href="https://x.com/p?q=it&#39;s&amp;b=2#top">x</a>');
    assert.deepEqual([link!.url.query, link!.url.fragment], ['q=it&#39;s&amp;b=2', 'top']);
  });

  it('keeps quotes and angle brackets inside expressions from derailing the HTML', () => {
    const text = `<a href="https://x.com/?q=<%= f("a>b") %>" title='<%= g('x') %>'>One</a><a href="https://two.com">Two</a>`;
    const links = findLinks(text);
    assert.deepEqual(links.map((l) => [l.raw, l.text]), [[`https://x.com/?q=<%= f("a>b") %>`, 'One'], ['https://two.com', 'Two']]);
    assert.equal(links[0]!.attributes.find((a) => a.name === 'title')!.value, `<%= g('x') %>`);
  });

  it('finds every kind of link: area, VML in conditional comments, Inky buttons, images', () => {
    const text = [
      '<map><area href="https://map.com/a" alt=""></map>',
      '<!--[if mso]><v:roundrect href="https://vml.com/r" arcsize="10%"><w:anchorlock/><center>Buy</center></v:roundrect><![endif]-->',
      '<!--[if mso]><v:rect href="https://vml.com/rect" /><![endif]-->',
      '<button class="large" href="https://inky.com/b">Inky</button>',
      '<img src="https://img.com/hero.png" alt="">',
      '<A HREF="https://upper.com/">Upper</A>',
      '<!-- <a href="https://commented.com">not a link</a> -->',
    ].join('\n');
    const links = findLinks(text);
    assert.deepEqual(links.map((l) => [l.tag, l.kind, l.raw, l.inConditionalComment]), [
      ['area', 'link', 'https://map.com/a', false],
      ['v:roundrect', 'link', 'https://vml.com/r', true],
      ['v:rect', 'link', 'https://vml.com/rect', true],
      ['button', 'link', 'https://inky.com/b', false],
      ['img', 'image', 'https://img.com/hero.png', false],
      ['a', 'link', 'https://upper.com/', false],
    ]);
    assert.equal(links[1]!.text, 'Buy');
    for (const link of links) assert.equal(text.slice(link.valueSpan.start, link.valueSpan.end), link.raw);
  });

  it('records quotes, unquoted values, spaced equals and empty values exactly', () => {
    const text = `<a href=https://u.com/x>u</a><a href = "https://s.com">s</a><a href="">e</a><a href='#'>h</a>`;
    const links = findLinks(text);
    assert.deepEqual(links.map((l) => [l.raw, l.quote, l.urlAttribute!.spacedEquals]), [
      ['https://u.com/x', '', false], ['https://s.com', '"', true], ['', '"', false], ['#', "'", false],
    ]);
    assert.equal(links[2]!.valueSpan.start, text.indexOf('""') + 1);
    assert.equal(links[2]!.valueSpan.end, links[2]!.valueSpan.start);
  });

  it('finds bare URLs and built-in URL tags in a plain-text part', () => {
    const text = 'Hello <%= recipient.firstName %>,\nRead more: https://x.com/a?id=<%= recipient.id %>.\nView online: <%@ include view=\'MirrorPageUrl\' %>\n(www.site.com/b)';
    const links = findLinks(text, { format: 'text' });
    assert.deepEqual(links.map((l) => [l.kind, l.raw, l.tracking.type]), [
      ['text-url', 'https://x.com/a?id=<%= recipient.id %>', 'tracked'],
      ['text-url', "<%@ include view='MirrorPageUrl' %>", 'mirror-page'],
      ['text-url', 'www.site.com/b', 'tracked'],
    ]);
  });

  it('collects link text across nested tags and marks links inside template loops', () => {
    const text = `<% for (var i = 0; i < items.length; i++) { %><a href="https://x.com/<%= items[i].id %>"><b>Item</b>&nbsp;<%= items[i].name %></a><% } %><a href="https://after.com">after</a>
{{#each products}}<a href="https://shop.com/{{id}}">{{name}}</a>{{/each}}`;
    const links = findLinks(text);
    assert.deepEqual(links.map((l) => [l.inLoop, l.text]), [
      [true, 'Item <%= items[i].name %>'], [false, 'after'], [true, '{{name}}'],
    ]);
  });

  it('reports unclosed delimiters without swallowing the rest of the document', () => {
    const text = `<a href="https://x.com/<%= id ">A</a>\n<a href="https://y.com/">B</a>`;
    const template = parseTemplate(text);
    assert.equal(template.segments[0]!.closed, false);
    assert.deepEqual(template.links.map((l) => l.text), ['A', 'B']);
  });
  it('scores each dialect on its own, even where signals of two dialects overlap', () => {
    // `{{{` (handlebars) and `{{ TrackLink` (listmonk, one character on) overlap: both count, and
    // on a tie the earlier dialect of the list (listmonk) wins.
    assert.equal(detectDialect('<a href="{{{ TrackLink "https://x.com" }}}">x</a>'), 'listmonk');
    assert.equal(detectDialect('{{{a}}} {{{b}}} {{ TrackLink "u" }}'), 'handlebars');
    // Scores stop at 1000: past that, a tie goes to the dialect listed first.
    assert.equal(detectDialect('*|A|*'.repeat(1200) + '<%= a %>'.repeat(1100)), 'campaign');
    assert.equal(detectDialect('*|A|*'.repeat(1200) + '<%= a %>'.repeat(900)), 'mailchimp');
  });

  it('finds link tags and their attributes whatever their case, and only those tags', () => {
    const text = '<TABLE BGCOLOR="#fff"><TD HREF="https://no.com"><ABBR HREF="https://no2.com">' +
      '<A HREF="https://a.com" DATA-LABEL="Hero">A</A><V:RoundRect Href="https://v.com"/><IMG SRC="https://i.com/p.png">' +
      '<B href="https://no3.com"><Button HREF="https://b.com">B</Button></TABLE>';
    const links = findLinks(text);
    assert.deepEqual(links.map((l) => [l.tag, l.raw, text.slice(l.valueSpan.start, l.valueSpan.end)]), [
      ['a', 'https://a.com', 'https://a.com'],
      ['v:roundrect', 'https://v.com', 'https://v.com'],
      ['img', 'https://i.com/p.png', 'https://i.com/p.png'],
      ['button', 'https://b.com', 'https://b.com'],
    ]);
    assert.deepEqual(links[0]!.attributes.map((a) => a.name), ['href', 'data-label']);
    assert.equal(links[0]!.tracking.label, 'Hero');
    assert.deepEqual(links.map((l) => l.text), ['A', '', '', 'B']);
  });
  it('detects the dialect and reads segments in one pass exactly as the separate steps do', () => {
    // parseTemplate scans once for dialect signals and segment openers together; the public
    // detectDialect + tokenizePersonalization are the reference.
    const random = createRandom(23);
    const sources = [...corpusFiles().map((file) => file.text), ...FIXTURES.map((fixture) => fixture.text)];
    const texts = [...sources, ...sources.map((text) => mutatedOften(random, text.slice(0, 4000), sources)), '{a}{{b}}[Name]*|X|*<%= c %>{% d %}{contactfield=e}'];
    for (const text of texts) {
      const template = parseTemplate(text);
      const dialect = detectDialect(text);
      assert.equal(template.dialect, dialect);
      assert.deepEqual(template.segments, tokenizePersonalization(text, dialect));
    }
  });
});

function mutatedOften(random: ReturnType<typeof createRandom>, text: string, others: readonly string[]): string {
  let mutated = text;
  for (let i = 0; i < 6; i++) mutated = mutate(random, mutated, random.pick(MUTATION_KINDS), random.pick(others));
  return mutated;
}
