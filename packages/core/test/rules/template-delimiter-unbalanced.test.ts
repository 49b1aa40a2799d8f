import assert from 'node:assert/strict';
import { lint } from '@linktrace/core';
import { ruleTests } from './harness';

ruleTests('template-delimiter-unbalanced', [
  { name: 'Campaign output without %>', text: '<p>Hello <%= recipient.firstName </p>', findings: [{ covers: '<%= recipient.firstName </p>', message: /"%>"/, severity: 'error' }] },
  { name: 'unclosed inside an href stops at the end of the line', text: '<a href="https://s.example/?u=<%= recipient.id">x</a>\n<p>ok</p>', findings: [{ covers: '<%= recipient.id">x</a>' }] },
  { name: 'Campaign output closed only after the next opener', text: '<%= a <%= b %>', findings: [{ covers: '<%= a <%= b %>' }] },
  { name: 'Handlebars {{ without }}', text: '<a href="https://s.example/{{ profile.id">x</a>', findings: [{ covers: '{{ profile.id">x</a>', message: /"}}"/ }] },
  { name: 'triple-stash without }}}', text: '<p>{{{ body </p>', findings: [{ covers: '{{{ body </p>', message: /"}}}"/ }] },
  { name: 'Liquid tag without %}', text: '{% if customer.vip \n<p>VIP</p>{% endif %}', findings: [{ covers: '{% if customer.vip', message: /"%}"/ }] },
  { name: 'listmonk', text: '<a href="{{ TrackLink "https://s.example/" ">x</a>', findings: [{ covers: '{{ TrackLink "https://s.example/" ">x</a>' }] },
  { name: 'unclosed at the very end of the file', text: 'Hi {{name', findings: [{ covers: '{{name' }] },
  { name: 'only the opener', text: 'Hi <%=', findings: [{ covers: '<%=' }] },
  { name: 'stray Campaign closer', text: '<p>Hello recipient.firstName %></p>', findings: [{ covers: '%>', message: /closes no/ }] },
  {
    name: 'an extra brace after a Liquid tag or a Handlebars output',
    text: '{% capture greeting %}}Hello{% endcapture %}<p>{{ first_name }}}</p><p>{contactfield=city}}</p>',
    findings: [
      { covers: '}', message: /"}" after "\{% capture greeting %\}" closes nothing.*Remove it/ },
      { covers: '}', message: /after "\{\{ first_name \}\}"/ },
      { covers: '}' },
    ],
    fixed: '{% capture greeting %}Hello{% endcapture %}<p>{{ first_name }}</p><p>{contactfield=city}</p>',
  },
  { name: 'a lone }} whose opener was lost', text: '<p>Hello first_name}}, welcome</p>', findings: [{ covers: '}}', message: /This "}}" closes no "\{\{"/ }] },
  { name: 'a custom element named like a skipped one does not hide what follows', text: '<pre-header>Hi</pre-header><p>Hello first_name}}</p>', findings: [{ covers: '}}' }] },
  { name: 'a lone %} whose opener was lost', text: '<p>if customer.vip %}VIP{% endif %}</p>', findings: [{ covers: '%}', message: /closes no "\{%"/ }] },
  { name: 'stray closers in a link and in a text part', text: '<a href="https://s.example/?u=id}}">x</a>', findings: [{ covers: '}}' }] },
  { name: 'text part', text: 'Hello {{ first_name,\nsee https://s.example/', options: { format: 'text' }, findings: [{ covers: '{{ first_name,' }] },
  { name: 'disable-next-line pragma', text: '<!-- linktrace-disable-next-line template-delimiter-unbalanced -->\n<p>{{ a</p>\n<p>{{ b</p>', findings: [{ covers: '{{ b</p>' }] },

  { name: 'balanced Campaign, multi-line code block', text: '<% if (recipient.vip) {\n  var x = 1; %>\n<p><%= x %></p><% } %>', findings: [] },
  { name: 'balanced Handlebars blocks', text: '{{#if vip}}<a href="https://s.example/{{id}}">x</a>{{/if}}{{{raw}}}', findings: [] },
  { name: 'balanced Liquid', text: '{%- if a -%}{{ a | upcase }}{%- endif -%}', findings: [] },
  { name: 'Mailchimp, Mautic and SendGrid tokens', text: '*|FNAME|* {contactfield=city} <%asm_group_unsubscribe_raw_url%> [Unsubscribe]', findings: [] },
  { name: 'unquoted percentage width before >', text: '<table width=100%><tr><td width=50%>x</td></tr></table>', findings: [] },
  { name: 'CSS braces are not delimiters', text: '<style>@media (max-width:600px){.a{width:100%}}</style>', findings: [] },
  {
    name: 'CSS, scripts, code samples and comments have braces of their own; template expressions inside CSS too',
    text: '<style>.a{color:{{ brand_color }}}@media (max-width:600px){.b{width:100%}}</style><STYLE type="text/css">.c{d:e}}</STYLE><script type="application/ld+json">{"a":{"b":1}}</script><!-- {a:{b}} --><pre>const a = {b: {c: 1}};</pre><p>Use <code>{x: {y}}</code></p>',
    findings: [],
  },
  { name: 'Braze attributes: a brace opened inside the expression closes after it', text: '<p>Order {{event_properties.${order_id}}} left with {{event_properties.${carrier}}}.</p>', findings: [] },
  { name: 'a brace beyond the expression\'s own is still extra', text: '<p>{{event_properties.${order_id}}}}</p>', findings: [{ covers: '}', message: /closes nothing/ }] },
  { name: 'Handlebars raw blocks have four braces', text: '{{{{raw}}}}{{ not_rendered }}{{{{/raw}}}}', findings: [] },
  { name: 'a single brace in text is prose', text: '<p>Use {braces} and a } alone; {{ x }} is fine</p><p>100%} done</p>', findings: [] },
  { name: 'triple-stash and whitespace control close their own braces', text: '{{{ body }}}{{~ name ~}}{%- if a -%}x{%- endif -%}{{ TrackLink "https://s.example/?a={{ .Subscriber.UUID }}" }}', findings: [] },
  { name: 'pragma and conditional comments', text: '<!-- linktrace dialect=campaign --><!--[if mso]><v:rect href="https://s.example/"></v:rect><![endif]-->', findings: [] },
]);

describe('rule template-delimiter-unbalanced severities', () => {
  it('an unclosed opener is an error, a stray closer a warning (unless configured)', () => {
    const findings = lint('<p>{{ a</p>\n<p>b %></p>').filter((f) => f.ruleId === 'template-delimiter-unbalanced');
    assert.deepEqual(findings.map((f) => f.severity), ['error', 'warning']);
    const stray = lint('<p>c}} d %}</p><p>{% if x %}}</p>').filter((f) => f.ruleId === 'template-delimiter-unbalanced');
    assert.deepEqual(stray.map((f) => f.severity), ['warning', 'warning', 'warning']);
    const configured = lint('<p>b %></p>', { rules: { 'template-delimiter-unbalanced': 'error' } }).filter((f) => f.ruleId === 'template-delimiter-unbalanced');
    assert.deepEqual(configured.map((f) => f.severity), ['error']);
  });
});
