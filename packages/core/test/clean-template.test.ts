// A clean, well-formed template in each main dialect draws no error and no warning with every rule
// on at its default severity: the mirror link and the opt-out link are typed (by attribute or as a
// platform built-in), repeated URLs carry distinct labels, Campaign query values go through
// escapeUrl(), URLs are https with fixed hosts. Info findings (notes) are allowed.
import assert from 'node:assert/strict';
import { lint, parseTemplate, RULES, type Dialect } from '@linktrace/core';

interface CleanTemplate {
  dialect: Dialect;
  text: string;
}

const SHOP = 'https://www.northwind-outfitters.com';
const CDN = 'https://cdn.northwind-outfitters.com';

/** The document around each dialect's body: the same head, preheader and legal footer for all. */
function email(body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Northwind Outfitters: the autumn collection</title>
  <style>
    body { margin: 0; padding: 0; background: #f4f4f4; }
    .button { background: #0a7; color: #ffffff; padding: 12px 24px; text-decoration: none; }
  </style>
</head>
<body>
${body}
  <p style="font-size:12px;color:#666">Northwind Outfitters, 1 Harbour Street, Portsmouth</p>
</body>
</html>
`;
}

const TEMPLATES: CleanTemplate[] = [
  {
    dialect: 'campaign',
    text: email(`  <p><a href="<%@ include view='MirrorPageUrl' %>" _type="mirrorPage" _label="mirror">View this email in your browser</a></p>
  <p>Hello <%= recipient.firstName %>,</p>
  <a href="${SHOP}/autumn?c=<%= escapeUrl(recipient.cryptedId) %>" _label="hero-image"><img src="${CDN}/autumn-hero.jpg" alt="The autumn collection" width="600" height="300"></a>
  <p>Our new jackets are here.</p>
  <a class="button" href="${SHOP}/autumn?c=<%= escapeUrl(recipient.cryptedId) %>" _label="hero-button">Shop the collection</a>
  <p><a href="${SHOP}/stores?city=<%= escapeUrl(recipient.location.city) %>&amp;lang=en" _label="stores">Find a store near you</a></p>
  <p><a href="<%@ include view='UnsubscriptionLinkUrl' %>" _type="optout" _label="unsubscribe">Unsubscribe</a></p>`),
  },
  {
    dialect: 'handlebars',
    text: email(`  <p><a href="${SHOP}/newsletter/autumn" data-tracking="mirror-page">View this email in your browser</a></p>
  <p>Hello {{profile.person.name.firstName}},</p>
  {{#if profile.loyalty.isMember}}
  <p>As a member you get early access.</p>
  {{/if}}
  <a href="${SHOP}/autumn?customer={{profile.person.crmId}}" data-label="hero-image"><img src="${CDN}/autumn-hero.jpg" alt="The autumn collection" width="600" height="300"></a>
  <a class="button" href="${SHOP}/autumn?customer={{profile.person.crmId}}" data-label="hero-button">Shop the collection</a>
  <p><a href="${SHOP}/account/{{profile.person.crmId}}/orders" data-label="orders">Your orders</a></p>
  <p><a href="${SHOP}/unsubscribe?customer={{profile.person.crmId}}" data-tracking="opt-out">Unsubscribe</a></p>`),
  },
  {
    dialect: 'liquid',
    text: email(`  <p><a href="${SHOP}/newsletter/autumn" data-tracking="mirror-page">View this email in your browser</a></p>
  <p>Hello {{ customer.first_name | default: "friend" }},</p>
  {% if customer.vip %}
  <p>As a VIP you get free shipping.</p>
  {% endif %}
  <a href="${SHOP}/autumn?customer={{ customer.token | url_encode }}" data-label="hero-image"><img src="${CDN}/autumn-hero.jpg" alt="The autumn collection" width="600" height="300"></a>
  <a class="button" href="${SHOP}/autumn?customer={{ customer.token | url_encode }}" data-label="hero-button">Shop the collection</a>
  <p><a href="${SHOP}/orders/{{ order.number }}" data-label="order">Your last order</a></p>
  <p><a href="${SHOP}/unsubscribe?customer={{ customer.token | url_encode }}" data-tracking="opt-out">Unsubscribe</a></p>`),
  },
  {
    dialect: 'listmonk',
    text: email(`  <p><a href="{{ MessageURL }}">View this email in your browser</a></p>
  <p>Hello {{ .Subscriber.FirstName }},</p>
  <a href="${SHOP}/autumn@TrackLink" data-label="hero-image"><img src="${CDN}/autumn-hero.jpg" alt="The autumn collection" width="600" height="300"></a>
  <a class="button" href="${SHOP}/autumn@TrackLink" data-label="hero-button">Shop the collection</a>
  <p><a href="${SHOP}/preferences?u={{ .Subscriber.UUID }}" data-label="preferences">Your preferences</a></p>
  <p><a href="{{ UnsubscribeURL }}">Unsubscribe</a></p>
  {{ TrackView }}`),
  },
  {
    dialect: 'mailchimp',
    text: email(`  <p><a href="*|ARCHIVE|*">View this email in your browser</a></p>
  <p>Hello *|FNAME|*,</p>
  <a href="${SHOP}/autumn" data-label="hero-image"><img src="${CDN}/autumn-hero.jpg" alt="The autumn collection" width="600" height="300"></a>
  <a class="button" href="${SHOP}/autumn" data-label="hero-button">Shop the collection</a>
  <p><a href="${SHOP}/stores" data-label="stores">Find a store near you</a></p>
  <p><a href="*|UPDATE_PROFILE|*" data-tracking="never">Update your preferences</a> or <a href="*|UNSUB|*">unsubscribe</a></p>`),
  },
];

describe('a clean template draws no error and no warning from any rule', () => {
  it('every registered rule is on by default', () => {
    assert.ok(RULES.length >= 33, `${RULES.length} rules`);
  });

  for (const { dialect, text } of TEMPLATES) {
    describe(dialect, () => {
      it('is read in its dialect, with a typed mirror link and a typed opt-out link', () => {
        const template = parseTemplate(text);
        assert.equal(template.dialect, dialect, 'detected dialect');
        const types = template.links.filter((link) => link.kind === 'link').map((link) => link.tracking.type);
        assert.ok(types.includes('mirror-page'), `a mirror-page link among ${types.join(', ')}`);
        assert.ok(types.includes('opt-out'), `an opt-out link among ${types.join(', ')}`);
      });

      it('has no error or warning', () => {
        const problems = lint(text)
          .filter((finding) => finding.severity !== 'info')
          .map((finding) => `${finding.ruleId} (${finding.severity}) at ${finding.line}:${finding.column} on ${JSON.stringify(text.slice(finding.start, finding.end))}: ${finding.message}`);
        assert.deepEqual(problems, []);
      });
    });
  }

  it('the same templates with a genuine problem do draw findings (the check is not vacuous)', () => {
    // Without its unsubscribe link, each marketing message lacks an opt-out on every platform.
    const broken = TEMPLATES.map(({ text }) => text.replace(/^.*[Uu]nsubscribe<\/a>.*$/m, '  <p>Reply to stop these emails.</p>'));
    for (const text of broken) {
      const rules = new Set(lint(text).filter((finding) => finding.severity !== 'info').map((finding) => finding.ruleId));
      assert.ok(rules.has('optout-link-missing'), `optout-link-missing on ${text.slice(text.indexOf('<body>'), text.indexOf('<body>') + 120)}`);
    }
  });
});
