// The daemon's own HTML pages (not found, opt-out form and confirmation) and the policy every
// page is served under. Anything shown that did not come from this file goes through escapeHtml.

/** No scripts at all; inline styles only because emails depend on them; forms post only to us. */
export const PAGE_CSP =
  "default-src 'none'; img-src 'self' http: https: data:; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and quoted attribute values alike. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:34em;margin:3em auto;padding:0 1em;color:#222}button{font:inherit;padding:.4em 1.2em}</style>
</head><body>
${body}
</body></html>
`;
}

export function notFoundPage(): string {
  return page('Not found', '<h1>Not found</h1>\n<p>This link is not known to this Linktrace daemon.</p>');
}

export function messagePage(title: string, message: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(message)}</p>`);
}

export function optOutFormPage(email: string, deliveryName: string, alreadyOptedOut: boolean): string {
  const state = alreadyOptedOut ? '<p>This address is already opted out.</p>\n' : '';
  return page(
    'Unsubscribe',
    `<h1>Unsubscribe</h1>
<p>Stop sending <strong>${escapeHtml(deliveryName)}</strong> to <strong>${escapeHtml(email)}</strong>?</p>
${state}<form method="post">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Unsubscribe</button>
</form>
<p><small>Linktrace test delivery: nothing is sent anywhere; the opt-out is recorded locally.</small></p>`,
  );
}

export function optedOutPage(email: string): string {
  return page('Unsubscribed', `<h1>Unsubscribed</h1>\n<p><strong>${escapeHtml(email)}</strong> is opted out of this test delivery.</p>`);
}
