import { ruleTests } from './harness';

const button = (vml: string, anchor: string, quote = '"'): string =>
  `<div><!--[if mso]>\n<v:roundrect xmlns:v="urn:schemas-microsoft-com:vml" href=${quote}${vml}${quote} style="height:40px;width:200px" arcsize="10%" fillcolor="#0a7">\n<w:anchorlock/><center>Shop now</center>\n</v:roundrect>\n<![endif]--><!--[if !mso]><!-->\n<a href="${anchor}" style="background:#0a7">Shop now</a>\n<!--<![endif]--></div>`;

/** The other order: the `<a>` for other clients first, then Outlook's shape. */
const anchorFirst = (vml: string, anchor: string): string =>
  `<div><!--[if !mso]><!--><a href="${anchor}">Shop now</a><!--<![endif]--><!--[if mso]><v:roundrect href="${vml}" arcsize="10%"><center>Shop now</center></v:roundrect><![endif]--></div>`;

ruleTests('vml-link-mismatch', [
  {
    name: 'VML button and its <a> twin go to different pages',
    text: button('https://example.com/spring', 'https://example.com/summer'),
    findings: [{ covers: 'https://example.com/spring', message: /Outlook.*"https:\/\/example\.com\/summer"/, severity: 'warning' }],
    fixed: button('https://example.com/summer', 'https://example.com/summer'),
  },
  {
    name: 'a stale Campaign personalization in the VML href',
    text: button('https://example.com/?id=<%= recipient.id %>', 'https://example.com/?id=<%= escapeUrl(recipient.id) %>'),
    findings: [{ covers: 'https://example.com/?id=<%= recipient.id %>' }],
    fixed: button('https://example.com/?id=<%= escapeUrl(recipient.id) %>', 'https://example.com/?id=<%= escapeUrl(recipient.id) %>'),
  },
  {
    name: 'v:rect with single quotes, <a> inside <!--[if !mso]> … <![endif]-->',
    text: "<!--[if mso]><v:rect href='https://example.com/a' style='w'><v:textbox>Go</v:textbox></v:rect><![endif]--><!--[if !mso]><a href=\"https://example.com/b\">Go</a><![endif]-->",
    findings: [{ covers: 'https://example.com/a' }],
  },
  {
    name: 'no copy fix when the <a> URL holds the VML quote character',
    text: button('https://example.com/{{ a }}', "https://example.com/{{ b 'x' }}", "'"),
    findings: [{ covers: 'https://example.com/{{ a }}' }],
  },
  {
    name: 'each button is compared with its own twin',
    text: button('https://example.com/one', 'https://example.com/one') + button('https://example.com/two', 'https://example.com/three'),
    findings: [{ covers: 'https://example.com/two' }],
  },
  {
    name: 'the <a> written before the VML shape is its twin',
    text: anchorFirst('https://example.com/spring', 'https://example.com/summer'),
    findings: [{ covers: 'https://example.com/spring', message: /the <a> before it \(line 1\) goes to "https:\/\/example\.com\/summer"/ }],
    fixed: anchorFirst('https://example.com/summer', 'https://example.com/summer'),
  },
  {
    name: 'anchor-first buttons one after another: each shape pairs with the <a> just before it',
    text: anchorFirst('https://example.com/one', 'https://example.com/one') + anchorFirst('https://example.com/two', 'https://example.com/two'),
    findings: [],
  },
  {
    name: 'VML-first buttons: a shape still holding the previous button\'s URL is reported against its own <a>',
    text: button('https://example.com/one', 'https://example.com/one') + button('https://example.com/one', 'https://example.com/two'),
    findings: [{ covers: 'https://example.com/one', message: /the <a> after it.*"https:\/\/example\.com\/two"/ }],
  },
  {
    name: 'VML wrapped in a table inside the conditional comment, its <a> after it',
    text: '<td><!--[if mso]><table><tr><td><v:roundrect href="https://example.com/a"><center>Go</center></v:roundrect></td></tr></table><![endif]--><a href="https://example.com/b">Go</a></td>',
    findings: [{ covers: 'https://example.com/a', message: /<a> after it/ }],
  },
  {
    name: 'Stripo-style: the VML inside a hidden <a> in the conditional comment, then the visible <a>',
    text: '<!--[if mso]><a href="https://example.com/go" target="_blank" hidden><v:roundrect href="https://example.com/go"><center>Go</center></v:roundrect></a><![endif]--><!--[if !mso]><!-- --><span class="msohide"><a href="https://example.com/go">Go</a></span><!--<![endif]-->',
    findings: [],
  },
  { name: 'good: same URL', text: button('https://example.com/sale?a=1&b=2', 'https://example.com/sale?a=1&b=2'), findings: [] },
  { name: 'good: &amp; and template spacing are the same URL', text: button('https://example.com/?a=1&amp;u={{ profile.id }}', 'https://example.com/?a=1&u={{profile.id}}'), findings: [] },
  {
    name: 'good: a VML background (no href) and a VML button with no <a> after it',
    text: '<!--[if gte mso 9]><v:rect fill="true" stroke="false" style="width:600px"><v:fill type="tile" src="https://example.com/bg.png" /></v:rect><![endif]--><p><a href="https://example.com/x">x</a></p>\n<!--[if mso]><v:roundrect href="https://example.com/only"></v:roundrect><![endif]-->',
    findings: [],
  },
  {
    name: 'good: the next <a> is far away, in another section',
    text: `<!--[if mso]><v:roundrect href="https://example.com/a"></v:roundrect><![endif]--><p>${'lorem ipsum '.repeat(400)}</p><a href="https://example.com/b">b</a>`,
    findings: [],
  },
]);
