import { ruleTests } from './harness';

const a = (href: string, extra = ''): string => `<a href="${href}"${extra}>Read</a>`;

ruleTests('url-fragment-after-personalization', [
  { name: 'Campaign output before the fragment', text: a('https://shop.example/p?u=<%= escapeUrl(recipient.id) %>#reviews'), findings: [{ covers: '#reviews', message: /#reviews.*personalization/, severity: 'warning' }] },
  { name: 'Handlebars in the path', text: a('https://shop.example/{{profile.lang}}/faq#shipping'), findings: [{ covers: '#shipping' }] },
  { name: 'Liquid output', text: `{% if x %}{% endif %}${a('https://shop.example/?ref={{ ref | url_encode }}#top')}`, findings: [{ covers: '#top' }] },
  { name: 'listmonk subscriber UUID, on a platform that registers links from the source', text: a('https://shop.example/u/{{ .Subscriber.UUID }}#prefs'), options: { platform: 'campaign' }, findings: [{ covers: '#prefs' }] },
  { name: 'listmonk tracks only TrackLink links: a plain one keeps its fragment', text: a('https://shop.example/u/{{ .Subscriber.UUID }}#prefs'), findings: [] },
  { name: 'Mautic contact field', text: a('https://shop.example/?e={contactfield=email}#form'), findings: [{ covers: '#form' }] },
  { name: 'Mailchimp merge tag', text: a('https://shop.example/?e=*|EMAIL|*#form'), findings: [{ covers: '#form' }] },
  { name: 'empty fragment', text: a('https://shop.example/{{id}}#'), findings: [{ covers: '#' }] },
  { name: 'fragment that is personalized too', text: a('https://shop.example/{{id}}#{{anchor}}'), findings: [{ covers: '#{{anchor}}' }] },
  { name: 'bare URL in a text part', text: 'See https://shop.example/?u=<%= recipient.id %>#faq today', options: { format: 'text', dialect: 'campaign' }, findings: [{ covers: '#faq' }] },

  { name: 'no personalization', text: a('https://shop.example/faq#shipping'), findings: [] },
  { name: 'personalization only after the fragment', text: a('https://shop.example/faq#{{anchor}}'), findings: [] },
  { name: 'a # inside the expression is not a fragment', text: a('https://shop.example/?c=<%= "#" + recipient.id %>'), findings: [] },
  { name: 'character reference &#38; is not a fragment', text: a('https://shop.example/?u={{id}}&#38;x=1'), findings: [] },
  { name: 'Never link: nothing rebuilds its URL', text: a('https://shop.example/{{id}}#top', ' data-tracking="never"'), findings: [] },
  { name: 'click tracking off in the template', text: `<!-- linktrace clicks=off -->${a('https://shop.example/{{id}}#top')}`, findings: [] },
  { name: 'in-page anchor', text: a('#top'), findings: [] },
]);
