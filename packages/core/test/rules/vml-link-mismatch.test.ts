import { ruleTests } from './harness';

const button = (vml: string, anchor: string, quote = '"'): string =>
  `<div><!--[if mso]>\n<v:roundrect xmlns:v="urn:schemas-microsoft-com:vml" href=${quote}${vml}${quote} style="height:40px;width:200px" arcsize="10%" fillcolor="#0a7">\n<w:anchorlock/><center>Shop now</center>\n</v:roundrect>\n<![endif]--><!--[if !mso]><!-->\n<a href="${anchor}" style="background:#0a7">Shop now</a>\n<!--<![endif]--></div>`;

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
  { name: 'good: same URL', text: button('https://example.com/sale?a=1&b=2', 'https://example.com/sale?a=1&b=2'), findings: [] },
  { name: 'good: &amp; and template spacing are the same URL', text: button('https://example.com/?a=1&amp;u={{ profile.id }}', 'https://example.com/?a=1&u={{profile.id}}'), findings: [] },
  {
    name: 'good: a VML background (no href) and a VML button with no <a> after it',
    text: '<!--[if gte mso 9]><v:rect fill="true" stroke="false" style="width:600px"><v:fill type="tile" src="https://example.com/bg.png" /></v:rect><![endif]--><a href="https://example.com/x">x</a>\n<!--[if mso]><v:roundrect href="https://example.com/only"></v:roundrect><![endif]-->',
    findings: [],
  },
  {
    name: 'good: the next <a> is far away, in another section',
    text: `<!--[if mso]><v:roundrect href="https://example.com/a"></v:roundrect><![endif]--><p>${'lorem ipsum '.repeat(400)}</p><a href="https://example.com/b">b</a>`,
    findings: [],
  },
]);
