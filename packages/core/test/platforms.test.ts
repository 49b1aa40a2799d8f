// Platform profiles on templates written for each platform (test/fixtures/platforms, patterns and
// sources in its README): detection picks the platform and says why, a clean template of any
// platform draws no error or warning, and a template with one genuine problem draws it. The rules
// that only hold where links are registered from the source stay errors there.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectPlatform, lint, parseTemplate, PLATFORMS, type Finding, type PlatformId } from '@linktrace/core';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

function filesUnder(folder: string): string[] {
  return readdirSync(path.join(fixtures, folder), { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.(?:html|liquid|twig|mjml)$/.test(name))
    .map((name) => name.split(path.sep).join('/'))
    .sort();
}

const read = (folder: string, name: string): string => readFileSync(path.join(fixtures, folder, name), 'utf8');
const shown = (text: string, findings: Finding[]): string[] =>
  findings.map((f) => `${f.severity} ${f.ruleId} at ${f.line}:${f.column} on ${JSON.stringify(text.slice(f.start, Math.min(f.end, f.start + 60)))}`);

/** The platform each clean fixture must be detected as (by its own tags; none: the generic profile). */
const DETECTED: Record<string, PlatformId> = {
  'braze/order-shipped.html': 'braze',
  'braze/promo.html': 'braze',
  'campaign-monitor/event-reminder.html': 'campaign-monitor',
  'campaign-monitor/newsletter.html': 'campaign-monitor',
  'generic/cerberus-hybrid.html': 'generic',
  'generic/plain-marketing.html': 'generic',
  'klaviyo/abandoned-cart-flow.html': 'klaviyo',
  'klaviyo/campaign.html': 'klaviyo',
  'listmonk/campaign-body.html': 'listmonk',
  'listmonk/campaign-default.html': 'listmonk',
  'listmonk/partial-header.html': 'listmonk',
  'listmonk/system-forgot-password.html': 'listmonk',
  'listmonk/system-optin.html': 'listmonk',
  'mailchimp/event-invitation.html': 'mailchimp',
  'mailchimp/newsletter.html': 'mailchimp',
  'mailgun/action-confirm-email.html': 'generic',
  'mailgun/batch-newsletter.html': 'mailgun',
  'mautic/theme-email.html.twig': 'mautic',
  'mautic/theme-email.mjml.twig': 'mautic',
  'mjml/newsletter.mjml': 'mailchimp',
  'mjml/order-receipt.mjml': 'generic',
  'mjml/welcome-sendgrid.mjml': 'sendgrid',
  'postmark/broadcast-newsletter.html': 'postmark',
  'postmark/password-reset.html': 'generic',
  'sendgrid/dynamic-receipt.html': 'sendgrid',
  'sendgrid/legacy-newsletter.html': 'sendgrid',
  'sendgrid/marketing.html': 'sendgrid',
  'shopify/customer-password-reset.liquid': 'shopify',
  'shopify/order-confirmation.liquid': 'shopify',
  'shopify/shipping-confirmation.liquid': 'shopify',
};

/** The one genuine problem of each defect fixture, as the rule that must report it. */
const DEFECTS: Record<string, { rule: string; severity?: Finding['severity'] }> = {
  'campaign/dynamic-host.html': { rule: 'url-dynamic-host', severity: 'error' },
  'campaign/fully-dynamic.html': { rule: 'url-fully-dynamic', severity: 'error' },
  'campaign/loop-link.html': { rule: 'url-script-generated', severity: 'error' },
  'journey-optimizer/dynamic-host.html': { rule: 'url-dynamic-host', severity: 'error' },
  'journey-optimizer/fully-dynamic.html': { rule: 'url-fully-dynamic', severity: 'error' },
  'journey-optimizer/loop-link.html': { rule: 'url-script-generated', severity: 'error' },
  'generic/scheme-missing-social.html': { rule: 'url-scheme-missing' },
  'generic/vml-button-mismatch.html': { rule: 'vml-link-mismatch' },
  'klaviyo/scheme-missing.html': { rule: 'url-scheme-missing' },
  'listmonk/tracklink-on-builtin.html': { rule: 'listmonk-tracklink' },
  'mailchimp/scheme-missing.html': { rule: 'url-scheme-missing' },
  'postmark/https-no-host.html': { rule: 'url-malformed' },
  'shopify/href-hash-placeholder.liquid': { rule: 'url-malformed' },
  // Problems that were missed before (issue #7 item 6).
  'klaviyo/unsubscribe-tag-in-href.html': { rule: 'url-malformed', severity: 'error' },
  'braze/example-host.html': { rule: 'url-nonproduction-host' },
  'braze/link-text-repeats-url.html': { rule: 'link-text-repeats-url' },
  'campaign-monitor/empty-mailto.html': { rule: 'url-malformed', severity: 'error' },
  'campaign-monitor/relative-image.html': { rule: 'url-relative', severity: 'error' },
  'listmonk/link-text-repeats-url.html': { rule: 'link-text-repeats-url' },
  'listmonk/relative-link.html': { rule: 'url-relative' },
  'mailchimp/mailto-hash.html': { rule: 'url-malformed' },
  'mailchimp/percent-encoded-merge-tag.html': { rule: 'url-personalization-encoded', severity: 'error' },
  'mailgun/empty-tel.html': { rule: 'url-malformed' },
  'mautic/percent-encoded-contactfield.html.twig': { rule: 'url-personalization-encoded' },
  'postmark/percent-encoded-mustache.html': { rule: 'url-personalization-encoded' },
  'postmark/stray-closing-braces.html': { rule: 'template-delimiter-unbalanced', severity: 'warning' },
  'sendgrid/email-as-href.html': { rule: 'url-scheme-missing' },
  'sendgrid/example-host.html': { rule: 'url-nonproduction-host', severity: 'warning' },
  'shopify/relative-image.liquid': { rule: 'url-relative' },
  'shopify/stray-closing-delimiter.liquid': { rule: 'template-delimiter-unbalanced' },
  // MJML components' links.
  'mautic/button-href-hash.mjml.twig': { rule: 'url-malformed' },
  'mjml/relative-image.mjml': { rule: 'url-relative' },
  'mjml/social-button-href-hash.mjml': { rule: 'url-malformed' },
  'mjml/navbar-base-url-absolute.mjml': { rule: 'mjml-navbar-base-url', severity: 'error' },
};

describe('platforms', () => {
  it('every profile has a name, signals that cannot backtrack (no nested quantifier) and open with punctuation, and built-in examples', () => {
    for (const platform of PLATFORMS) {
      assert.ok(platform.name.length > 2, platform.id);
      for (const { pattern, literal } of platform.signals) {
        if (literal !== undefined) {
          assert.ok(literal.length >= 5, `${platform.id}: literal "${literal}" is distinctive`);
          continue;
        }
        assert.doesNotMatch(pattern.source, /\([^)]*[+*][^)]*\)[+*{]/, `${platform.id}: ${pattern.source}`);
        assert.match(pattern.source, /^(?:\\[{*[|]|[%@]|<%)/, `${platform.id}: ${pattern.source} opens with template punctuation`);
      }
      for (const builtin of platform.builtins) assert.ok(builtin.example.length > 2, `${platform.id} built-in example`);
    }
  });

  describe('detects the platform of real-world-shaped templates, and says why', () => {
    it('knows every fixture', () => assert.deepEqual(filesUnder('platforms'), Object.keys(DETECTED).sort()));
    for (const [name, expected] of Object.entries(DETECTED)) {
      it(`${name}: ${expected}`, () => {
        const template = parseTemplate(read('platforms', name));
        assert.equal(template.platform.id, expected, template.platformReason);
        assert.ok(template.platformReason.length > 10);
      });
    }
  });

  describe('a clean template of any platform draws no error and no warning', () => {
    for (const name of Object.keys(DETECTED)) {
      it(name, () => {
        const text = read('platforms', name);
        assert.deepEqual(shown(text, lint(text).filter((f) => f.severity !== 'info')), []);
      });
    }
  });

  describe('a template with one genuine problem draws it, on its own platform', () => {
    for (const [name, { rule, severity }] of Object.entries(DEFECTS)) {
      it(`${name}: ${rule}`, () => {
        const text = read('platform-defects', name);
        const findings = lint(text).filter((f) => f.severity !== 'info');
        const found = findings.filter((f) => f.ruleId === rule);
        assert.ok(found.length > 0, `expected ${rule}; got ${JSON.stringify(shown(text, findings))}`);
        if (severity) assert.equal(found[0]!.severity, severity);
      });
    }
  });

  it('the patterns that are errors for Adobe Campaign and Journey Optimizer are fine where links are tracked after rendering', () => {
    for (const name of ['campaign/dynamic-host.html', 'campaign/fully-dynamic.html', 'campaign/loop-link.html', 'journey-optimizer/fully-dynamic.html']) {
      const text = read('platform-defects', name);
      for (const platform of ['mailchimp', 'sendgrid', 'generic'] as const) {
        const sourceOnly = lint(text, { platform }).filter((f) => ['url-fully-dynamic', 'url-dynamic-host', 'url-script-generated'].includes(f.ruleId));
        assert.deepEqual(shown(text, sourceOnly), [], `${name} on ${platform}`);
      }
    }
  });

  describe('detection', () => {
    const cases: { name: string; text: string; platform: PlatformId; dialect?: string }[] = [
      { name: 'a bare {{ }} is nobody\'s: not Journey Optimizer', text: '<a href="{{action_url}}">Go</a>', platform: 'generic', dialect: 'handlebars' },
      { name: 'Journey Optimizer by its namespaces', text: '<a href="https://x.example/?c={{profile.person.crmId}}">Go</a>', platform: 'journey-optimizer' },
      { name: 'Go templates are listmonk: fields', text: '<p>{{ .Subscriber.FirstName }}</p><a href="https://x.example/">Go</a>', platform: 'listmonk', dialect: 'listmonk' },
      { name: 'Go templates are listmonk: define, template, L.T, index', text: '{{ define "content" }}{{ L.T "email.optin" }} {{ index .Tx.Data "x" }}{{ template "footer" . }}{{ end }}', platform: 'listmonk', dialect: 'listmonk' },
      { name: 'Mailchimp merge tags', text: '<a href="*|ARCHIVE|*">View</a> *|FNAME|*', platform: 'mailchimp' },
      { name: 'SendGrid lower-case [unsubscribe]', text: '<a href="[unsubscribe]">Unsubscribe</a>', platform: 'sendgrid' },
      { name: 'Postmark pm:unsubscribe', text: '<a href="{{{ pm:unsubscribe }}}">Unsubscribe</a>', platform: 'postmark' },
      { name: 'Braze attribute tags', text: 'Hi {{${first_name}}} <a href="{{${set_user_to_unsubscribed_url}}}">Unsubscribe</a>', platform: 'braze' },
      { name: 'Shopify filters and shop variables', text: `<img src='{{ 'logo.png' | asset_url }}'> <a href="{{ shop.url }}">Shop</a>`, platform: 'shopify' },
      { name: 'Campaign Monitor tags', text: '<webversion>View online</webversion> <unsubscribe>Unsubscribe</unsubscribe>', platform: 'campaign-monitor' },
      { name: 'Adobe Campaign', text: '<a href="https://x.example/?u=<%= escapeUrl(recipient.id) %>">Go</a>', platform: 'campaign', dialect: 'campaign' },
      { name: 'a pragma wins over detection', text: '<!-- linktrace platform=campaign -->*|FNAME|*', platform: 'campaign' },
    ];
    for (const { name, text, platform, dialect } of cases) {
      it(name, () => {
        const template = parseTemplate(text);
        assert.equal(template.platform.id, platform, template.platformReason);
        if (dialect) assert.equal(template.dialect, dialect);
      });
    }

    it('the configured platform wins over detection, and the reason says where it came from', () => {
      const template = parseTemplate('*|FNAME|*', { platform: 'campaign' });
      assert.equal(template.platform.id, 'campaign');
      assert.match(template.platformReason, /configuration/);
      assert.match(parseTemplate('*|FNAME|* *|UNSUB|*').platformReason, /found \*\|FNAME\|\* \(Mailchimp merge tag\) and 1 more Mailchimp tag/);
    });

    it('reads a built-in URL of any platform by its meaning', () => {
      const types = (text: string): string[] => parseTemplate(text).links.map((link) => `${link.tracking.type}/${link.tracking.source}`);
      assert.deepEqual(types('<a href="[unsubscribe]">u</a><a href="{{${set_user_to_unsubscribed_url}}}">u</a><a href="{% unsubscribe_link %}">u</a><a href="{% web_view_link %}">v</a>'), ['opt-out/builtin', 'opt-out/builtin', 'opt-out/builtin', 'mirror-page/builtin']);
    });
  });

  describe('message kind', () => {
    const kind = (text: string, options = {}): string => parseTemplate(text, options).messageKind;
    it('from the platform, the configuration, the pragma, or the words of the message', () => {
      assert.equal(kind('<html><body>*|FNAME|*</body></html>'), 'marketing');
      assert.equal(kind('<html><body>{{{ pm:unsubscribe }}}</body></html>'), 'transactional');
      assert.equal(kind('<html><body>Hi</body></html>', { messageKind: 'transactional' }), 'transactional');
      assert.equal(kind('<!-- linktrace messageKind=marketing --><html><body>{{{ pm:unsubscribe }}}</body></html>'), 'marketing');
      assert.equal(kind('<html><body>Reset your password</body></html>'), 'transactional');
      assert.equal(kind('<html><body>Our newsletter</body></html>'), 'marketing');
      assert.equal(kind('<html><body>Hello</body></html>'), 'unknown');
    });

    it('partials and subject lines are not whole messages', () => {
      assert.equal(parseTemplate('{{ define "header" }}<p>Hi</p>{{ end }}').wholeMessage, false);
      assert.equal(parseTemplate('<table><tr><td>Hi</td></tr></table>').wholeMessage, false);
      assert.equal(parseTemplate('Your order {{ order.name }} has shipped', { format: 'text' }).wholeMessage, false);
      assert.equal(parseTemplate('<mjml><mj-body></mj-body></mjml>').wholeMessage, true);
      assert.equal(parseTemplate('<!DOCTYPE html><html><body></body></html>').wholeMessage, true);
    });
  });
});

describe('platform detection counts', () => {
  it('every literal and pattern signal, each occurrence once, the earliest as the reason', () => {
    // mc:edit three times, mc:hideable once, and a merge tag: five Mailchimp signals, the first one named.
    const text = '<div mc:hideable><h1 mc:edit="a">x</h1><p mc:edit="b">*|FNAME|*</p><p mc:edit="c">y</p></div>';
    const { platform, reason } = detectPlatform(text, 'plain');
    assert.equal(platform.id, 'mailchimp');
    assert.match(reason, /^found mc:hideable .* and 4 more Mailchimp tags$/);
  });

  it('the count of a platform stops at 1000 signals, literals counted after patterns, whatever their order in the text', () => {
    const text = 'mc:edit '.repeat(600) + '*|FNAME|* '.repeat(600);
    assert.match(detectPlatform(text, 'plain').reason, /^found mc:edit .* and 999 more Mailchimp tags$/);
  });
});
