// Built-in templates, one per personalization dialect plus Outlook VML and Inky markup, for the
// fuzz test and the benchmark when the shared corpus is absent. Written for this project.

export interface Fixture {
  name: string;
  text: string;
}

const page = (title: string, body: string): string => `<!DOCTYPE html>
<html lang="en" xmlns:v="urn:schemas-microsoft-com:vml">
<head>
  <meta charset="utf-8">
  <title>${title}</title>
  <style>a[href] { color: #1a73e8; } .btn > a { padding: 12px 24px; }</style>
</head>
<body style="margin:0">
  <table role="presentation" width="100%" cellpadding="0" cellspacing="0">
    <tr><td class="content">
${body}
    </td></tr>
  </table>
</body>
</html>
`;

export const FIXTURES: readonly Fixture[] = [
  {
    name: 'campaign',
    text: page('Adobe Campaign', `
      <p>Hello <%= recipient.firstName %>,</p>
      <a href="<%@ include view='MirrorPageUrl' %>" _type="mirrorPage">View online</a>
      <% for (var i = 0; i < offers.length; i++) { %>
        <a href="https://shop.example.com/offer/<%= offers[i].id %>?email=<%= escapeUrl(recipient.email) %>&amp;src=nl" _label="offer-<%= i %>">Offer</a>
      <% } %>
      <a href='https://<%= recipient.domain %>/p?id=<%== recipient.id %>'>Profile</a>
      <a href="<%@ include view='UnsubscriptionLink' %>" _type="optout">Unsubscribe</a>
      <img src="https://img.example.com/logo.png" alt="logo">`),
  },
  {
    name: 'handlebars',
    text: page('Journey Optimizer', `
      {{#if profile.isVip}}<a href="https://vip.example.com/?id={{profile.id}}" data-label="vip">VIP</a>{{else}}<p>Hi</p>{{/if}}
      {{#each offers}}<a href="https://shop.example.com/o/{{{this.slug}}}" data-tracking="tracked">{{this.title}}</a>{{/each}}
      <a href="{%= context.system.mirrorPageUrl %}" data-tracking="mirror-page">View</a>
      <a href="{{ profile.url }}">Fully dynamic</a>
      <a href="https://example.com/unsubscribe?u={{profile.id}}" data-tracking="opt-out">Opt out</a>`),
  },
  {
    name: 'liquid',
    text: page('Liquid', `
      {% for item in cart.items %}<a href="https://shop.example.com/p/{{ item.handle }}?utm_source=email&utm_campaign={{ campaign.name | url_encode }}">{{ item.title }}</a>{% endfor %}
      {% if customer.accepts_marketing %}<a href="{{ unsubscribe_url }}">Unsubscribe</a>{% endif %}
      <a href="http://insecure.example.com/{{ customer.id }}#top">Insecure</a>`),
  },
  {
    name: 'listmonk',
    text: page('listmonk', `
      <a href="{{ TrackLink "https://listmonk.example.com/a" }}">Tracked</a>
      <a href="https://listmonk.example.com/p?u={{ .Subscriber.UUID }}&c={{ .Campaign.UUID }}">Profile</a>
      <a href="https://example.com/b@TrackLink">Tracked too</a>
      <a href="{{ UnsubscribeURL }}">Unsubscribe</a> <a href="{{ MessageURL }}">View</a>
      {{ TrackView }}`),
  },
  {
    name: 'mautic',
    text: page('Mautic', `
      <a href="https://example.com/hi?email={contactfield=email}&amp;id={contactfield=id}" data-mautic-disable-tracking>Hi</a>
      <a href="{webview_url}">Web</a> <a href="{unsubscribe_url}">Unsubscribe</a> {tracking_pixel}`),
  },
  {
    name: 'mailchimp',
    text: page('Mailchimp', `
      <a href="*|ARCHIVE|*">View in browser</a>
      <a href="https://*|DOMAIN|*/w?e=*|EMAIL|*" mc:disable-tracking>Account</a>
      <a href="*|UNSUB|*">Unsubscribe</a>
      <a href=https://unquoted.example.com/a?b=1&c=2>Unquoted</a>`),
  },
  {
    name: 'sendgrid',
    text: page('SendGrid', `
      <a href="facebook.com">Facebook</a> <a href="#">Placeholder</a>
      <a href="{{c2a_link}}" clicktracking=off>Call to action</a>
      <p>[Sender_Name], [Sender_Address]</p>
      <a href="<%asm_global_unsubscribe_raw_url%>">Unsubscribe</a> - <a href="[Unsubscribe_Preferences]">Preferences</a>`),
  },
  {
    name: 'outlook-inky-plain',
    text: page('Outlook VML and Inky', `
      <!--[if mso]>
      <v:roundrect xmlns:v="urn:schemas-microsoft-com:vml" href="https://example.com/cta" style="height:40px;width:200px" arcsize="10%" fillcolor="#1a73e8">
        <center>Get started</center>
      </v:roundrect>
      <![endif]-->
      <!--[if !mso]><!--><a class="btn" href="https://example.com/cta">Get started</a><!--<![endif]-->
      <!-- <a href="https://commented-out.example.com">not a link</a> -->
      <button class="large expand" href="https://example.com/inky">Sign up</button>
      <map name="m"><area shape="rect" coords="0,0,10,10" href="https://example.com/area"></map>
      <a href = "https://example.com/spaced" title='it"s'>Spaced</a>
      <a href="javascript:alert(1)">Script</a> <a href="mailto:hello@example.com">Mail</a>
      <a href="https://staging.example.com/x y">Whitespace</a>`),
  },
  {
    name: 'mjml',
    text: `<mjml>
  <mj-head>
    <mj-html-attributes>
      <mj-selector path=".linktrace-opt-out a, a.linktrace-opt-out"><mj-html-attribute name="data-tracking">opt-out</mj-html-attribute></mj-selector>
      <mj-selector path=".linktrace-label-hero a, a.linktrace-label-hero"><mj-html-attribute name="data-label">Hero banner</mj-html-attribute></mj-selector>
    </mj-html-attributes>
  </mj-head>
  <mj-body>
    <mj-section background-url="https://img.example.com/bg.png">
      <mj-column>
        <mj-navbar><mj-navbar-link href="https://example.com/shop" css-class="nav">Shop</mj-navbar-link></mj-navbar>
        <mj-image src="https://img.example.com/hero.png" href="https://example.com/hero?id={{ id }}" css-class="linktrace-label-hero" />
        <mj-text><p>Hi {{ first_name }}, <a href="https://example.com/story" data-tracking="never">read on</a></p></mj-text>
        <mj-button href="http://example.com/buy" data-tracking="tracked">Buy</mj-button>
        <mj-carousel><mj-carousel-image src="https://img.example.com/1.png" thumbnails-src="https://img.example.com/1t.png" href="https://example.com/1" /></mj-carousel>
        <mj-social><mj-social-element name="x-noshare" href="https://x.example.com/shop" src="https://img.example.com/x.png">X</mj-social-element></mj-social>
        <mj-button href="https://example.com/unsubscribe" css-class="linktrace-opt-out linktrace-never">Unsubscribe</mj-button>
      </mj-column>
    </mj-section>
    <mj-raw><!--[if mso]><v:roundrect href="https://example.com/vml"><![endif]--></mj-raw>
  </mj-body>
</mjml>
`,
  },
];
