// The hot-clicks view: the template rendered in a sandboxed srcdoc iframe (no allow-scripts, so
// nothing in the template runs; the page's CSP applies too) with each tracked link's share of
// clicks laid over it. allow-same-origin lets this script measure where the links landed; the
// overlay lives in the panel's own document, so its badges are clickable while the template is not.
import { decodeUrlForDisplay, formatClicks } from '../../clickWording';
import { element } from './dom';
import { LINK_ATTRIBUTE } from '../messages';
import type { LinkFigures } from './model';

export interface HotClicksView {
  /** Shows a template (already marked with LINK_ATTRIBUTE by the extension). */
  show(deliveryId: string, html: string): void;
  /** Updates the figures laid over the current template. */
  update(figures: LinkFigures[]): void;
  readonly deliveryId: string | undefined;
}

export function formatShare(share: number): string {
  return `${Math.round(share * 100)}%`;
}

export function createHotClicksView(stage: HTMLElement, onPick: (linkId: string) => void): HotClicksView {
  let deliveryId: string | undefined;
  let figures: LinkFigures[] = [];
  let frame: HTMLIFrameElement | undefined;
  const overlay = element('div', { className: 'hot-overlay' });

  const layout = (): void => {
    const doc = frame?.contentDocument;
    if (!frame || !doc?.documentElement) return;
    frame.style.height = `${Math.max(200, doc.documentElement.scrollHeight)}px`;
    const byLink = new Map(figures.map((figure) => [figure.link.linkId, figure]));
    const boxes: HTMLElement[] = [];
    for (const anchor of Array.from(doc.querySelectorAll<HTMLElement>(`[${LINK_ATTRIBUTE}]`))) {
      const linkId = anchor.getAttribute(LINK_ATTRIBUTE) ?? '';
      const figure = byLink.get(linkId);
      if (!figure) continue;
      const rect = anchor.getBoundingClientRect();
      if (rect.width === 0 && rect.height === 0) continue; // hidden (e.g. an Outlook-only block)
      const share = formatShare(figure.share);
      const label = figure.link.label ? `${figure.link.label}: ` : '';
      const box = element(
        'div',
        {
          className: figure.total.human ? 'hot-link' : 'hot-link cold',
          title: `${label}${decodeUrlForDisplay(figure.link.url)}\n${formatClicks(figure.total.human, figure.unique)}, ${share} of clicks`,
          attributes: { 'data-link-id': linkId, role: 'button' },
        },
        element('span', { className: 'hot-badge', text: share }),
      );
      Object.assign(box.style, { left: `${rect.left}px`, top: `${rect.top}px`, width: `${rect.width}px`, height: `${rect.height}px` });
      box.addEventListener('click', () => onPick(linkId));
      boxes.push(box);
    }
    overlay.replaceChildren(...boxes);
  };

  // The panel resizes without a window resize (sash drags, maximize, tab switches that hide and
  // show it, images loading in the template): every size change of the stage or the template lays out again.
  const observer = new ResizeObserver(() => layout());
  observer.observe(stage);

  return {
    get deliveryId() {
      return deliveryId;
    },
    show(id, html) {
      deliveryId = id;
      frame = element('iframe', { title: 'Template with click shares', attributes: { sandbox: 'allow-same-origin' } });
      frame.addEventListener('load', () => {
        layout();
        if (frame?.contentDocument?.documentElement) observer.observe(frame.contentDocument.documentElement);
      });
      frame.srcdoc = html;
      stage.replaceChildren(frame, overlay);
    },
    update(next) {
      figures = next;
      layout();
    },
  };
}
