// A recipient's copy of a delivery: the tracked form of its template (daemon URLs in place of
// tracked, opt-out and mirror links; the open pixel when asked), then personalized from the
// recipient's data. Also the personalized target of a tracked link.
import { parseTemplate, renderTracked, type Delivery, type DeliveryLinkRecord, type Dialect, type MessageSettings, type Recipient, type Template } from '@linktrace/core';
import { personalize } from './personalize';
import { clickUrl, mirrorUrl, optOutUrl, pixelUrl } from './urls';

/** What rendering needs of a delivery (recipients and dates stay behind). */
export type RenderedDelivery = Pick<Delivery, 'id' | 'template' | 'dialect' | 'settings' | 'links'>;

export interface RenderJob {
  delivery: RenderedDelivery;
  recipient: Recipient;
  baseUrl: string;
  withOpenPixel: boolean;
}

/** Parses a delivery's template the way it was parsed when prepared (same dialect and settings). */
export function parseDeliveryTemplate(text: string, dialect: string, settings: Partial<MessageSettings>): Template {
  return parseTemplate(text, { dialect: dialect as Dialect | 'auto', settings });
}

/** Parsed templates by delivery id; a delivery's template never changes once prepared. */
export class TemplateCache {
  private readonly parsed = new Map<string, Template>();

  constructor(private readonly maxCached = 50) {}

  template(delivery: RenderedDelivery): Template {
    let template = this.parsed.get(delivery.id);
    if (!template || template.text !== delivery.template) {
      template = parseDeliveryTemplate(delivery.template, delivery.dialect, delivery.settings);
      this.parsed.set(delivery.id, template);
      if (this.parsed.size > this.maxCached) this.parsed.delete(this.parsed.keys().next().value!);
    }
    return template;
  }

  /** The HTML a recipient sees: in the inbox (`withOpenPixel`) or on the mirror page. */
  render({ delivery, recipient, baseUrl: base, withOpenPixel }: RenderJob): string {
    const template = this.template(delivery);
    const linkIds = new Map(delivery.links.map((link) => [link.sourceId, link.linkId]));
    const tracked = renderTracked(template, {
      click: (link) => {
        const linkId = linkIds.get(link.id);
        return linkId === undefined ? undefined : clickUrl(base, delivery.id, recipient.id, linkId);
      },
      mirrorPage: mirrorUrl(base, delivery.id, recipient.id),
      optOut: optOutUrl(base, delivery.id, recipient.id),
      openPixel: withOpenPixel ? pixelUrl(base, delivery.id, recipient.id) : undefined,
    });
    return personalize(tracked, template.dialect, recipient, 'html').text;
  }
}

/** Longest link URL a click redirects to; personalizing anything longer is not worth a request. */
const MAX_CLICK_URL = 32 * 1024;

/**
 * Where a tracked link sends this recipient: its registered URL personalized, only when that is
 * an absolute http(s) URL. Undefined otherwise: the redirect then refuses.
 */
export function clickTarget(delivery: Pick<Delivery, 'dialect'>, link: DeliveryLinkRecord, recipient: Recipient): string | undefined {
  if (link.url.length > MAX_CLICK_URL) return undefined;
  const personalized = personalize(link.url.trim(), delivery.dialect as Dialect, recipient, 'attribute-url').text;
  if (personalized.length > MAX_CLICK_URL) return undefined;
  let url: URL;
  try {
    url = new URL(personalized);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  return url.href;
}
