// Small inline SVG icons for the log types, so the panel needs no font or image resources.
import type { LogType } from '@linktrace/core';

const SVG = 'http://www.w3.org/2000/svg';

const PATHS: Record<LogType, string> = {
  open: 'M8 3C4.5 3 1.7 5.2 1 8c.7 2.8 3.5 5 7 5s6.3-2.2 7-5c-.7-2.8-3.5-5-7-5zm0 8a3 3 0 1 1 0-6 3 3 0 0 1 0 6z',
  click: 'M3 1l10 6-4.5 1.2L11 13l-2 1-2.4-4.8L3 12z',
  mirror: 'M1 3h14v10H1zM2.5 5.5v6h11v-6z',
  optout: 'M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1zm0 2a5 5 0 0 1 4 8L5 4a5 5 0 0 1 3-1zM4 5l7 7a5 5 0 0 1-7-7z',
};

export const TYPE_NAMES: Record<LogType, string> = { open: 'Open', click: 'Click', mirror: 'Mirror page', optout: 'Opt-out' };

export function typeIcon(type: LogType): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('fill-rule', 'evenodd');
  path.setAttribute('d', PATHS[type]);
  svg.append(path);
  return svg;
}
