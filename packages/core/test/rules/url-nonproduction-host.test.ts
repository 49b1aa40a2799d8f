import { ruleTests } from './harness';

const a = (href: string): string => `<a href="${href}">Shop</a>`;

ruleTests('url-nonproduction-host', [
  { name: 'localhost with a port', text: a('http://localhost:3000/sale'), findings: [{ covers: 'localhost:3000', message: /local machine/, severity: 'warning' }] },
  { name: 'loopback IPv4', text: a('https://127.0.0.1/x'), findings: [{ covers: '127.0.0.1', message: /loopback/ }] },
  { name: 'loopback IPv6 in brackets', text: a('http://[::1]:8080/'), findings: [{ covers: '[::1]:8080', message: /loopback/ }] },
  { name: 'private 10/8', text: a('https://10.1.2.3/'), findings: [{ covers: '10.1.2.3', message: /private network/ }] },
  { name: 'private 172.16/12', text: a('https://172.20.0.5/a'), findings: [{ covers: '172.20.0.5', message: /private network/ }] },
  { name: 'private 192.168/16', text: a('https://192.168.1.10/a'), findings: [{ covers: '192.168.1.10', message: /private network/ }] },
  { name: '.local name', text: a('https://shop.local/a'), findings: [{ covers: 'shop.local', message: /\.local/ }] },
  { name: '.test name', text: a('https://shop.test/'), findings: [{ covers: 'shop.test' }] },
  { name: 'staging subdomain', text: a('https://staging.shop.example/sale'), findings: [{ covers: 'staging.shop.example', message: /staging host/ }] },
  { name: 'dev subdomain', text: a('https://dev.example.com/'), findings: [{ covers: 'dev.example.com', message: /dev host/ }] },
  { name: '-staging suffix in a subdomain', text: a('https://shop-staging.example.com/'), findings: [{ covers: 'shop-staging.example.com' }] },
  { name: 'preview subdomain on an image', text: '<img src="https://preview.cdn.example.com/hero.png">', findings: [{ covers: 'preview.cdn.example.com' }] },
  { name: 'VML button inside a conditional comment', text: '<!--[if mso]><v:roundrect href="http://localhost/cta"></v:roundrect><![endif]-->', findings: [{ covers: 'localhost' }] },
  { name: 'host with upper case', text: a('https://LOCALHOST/'), findings: [{ covers: 'LOCALHOST' }] },
  { name: 'Campaign link with personalization in the path', text: a('https://staging.shop.example/p?u=<%= escapeUrl(recipient.id) %>'), findings: [{ covers: 'staging.shop.example' }] },
  { name: 'bare URL in a text part', text: 'Shop: (http://localhost:8080/sale)', options: { format: 'text' }, findings: [{ covers: 'localhost:8080' }] },
  { name: 'disable-next-line pragma', text: `<!-- linktrace-disable-next-line url-nonproduction-host -->\n${a('http://localhost/')}\n${a('http://127.0.0.1/')}`, findings: [{ covers: '127.0.0.1' }] },

  { name: 'production host', text: a('https://shop.example.com/sale'), findings: [] },
  { name: 'dev.to is a real site (dev is the site name, not a subdomain)', text: a('https://dev.to/post'), findings: [] },
  { name: 'developer subdomain is not dev', text: a('https://developer.apple.com/'), findings: [] },
  { name: 'public IPv4', text: a('https://93.184.216.34/'), findings: [] },
  { name: '172.32 is public', text: a('https://172.32.0.1/'), findings: [] },
  { name: 'allowed host', text: a('https://staging.example.com/'), options: { allowedHosts: ['staging.example.com'] }, findings: [] },
  { name: 'allowed wildcard covers subdomains', text: a('https://a.preview.example.com/'), options: { allowedHosts: ['*.preview.example.com'] }, findings: [] },
  { name: 'allowed wildcard does not cover another host', text: a('https://dev.example.com/'), options: { allowedHosts: ['*.preview.example.com'] }, findings: [{ covers: 'dev.example.com' }] },
  { name: 'malformed allowedHosts from a hand-edited config are ignored', text: a('http://localhost/'), options: { allowedHosts: [42, null, 'shop.example'] as unknown as string[] }, findings: [{ covers: 'localhost' }] },
  { name: 'personalized host (Handlebars) is left to url-dynamic-host', text: a('https://{{env}}.example.com/'), findings: [] },
  { name: 'personalized host (Campaign)', text: a('https://<%= ctx.host %>/x'), findings: [] },
  { name: 'mailto', text: a('mailto:dev@localhost'), findings: [] },
  { name: 'relative and anchor links', text: `${a('/local/path')}${a('#test')}`, findings: [] },
  { name: 'Mailchimp archive tag', text: a('*|ARCHIVE|*'), findings: [] },
  { name: 'pragma comment mentioning localhost is not a link', text: '<!-- linktrace clicks=on --><!-- see http://localhost/ -->', findings: [] },
]);
