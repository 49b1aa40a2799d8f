// The addresses in a recipient's copy: the test email, click redirect, open pixel, mirror page
// and opt-out page. Ids are checked by parseTrackedPath and then looked up; anything unknown
// gets the same 404 page, and a redirect goes only to a registered link's http(s) target.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Delivery, LogType, Recipient, TrackingLog } from '@linktrace/core';
import type { DaemonContext } from '../context';
import { RequestError } from '../errors';
import { readBody, sendNotFound, sendPage } from '../http';
import { requestMachineReason } from '../machine-traffic';
import { messagePage, optedOutPage, optOutFormPage } from '../pages';
import { clickTarget } from '../render';
import { hasForeignOrigin } from '../security';
import { ROUTE, type TrackedPath } from '../urls';

/** The smallest transparent GIF (1x1). */
export const PIXEL_GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
/** Opt-out forms are one field. */
export const MAX_FORM_BYTES = 4 * 1024;
const MAX_USER_AGENT = 512;

interface Visit {
  context: DaemonContext;
  req: IncomingMessage;
  res: ServerResponse;
  delivery: Delivery;
  recipient: Recipient;
  linkBase: string;
}

/** `linkBase`: where the links of a served page point (see public-base.ts). */
export async function handleTracked(context: DaemonContext, req: IncomingMessage, res: ServerResponse, path: TrackedPath, linkBase: string): Promise<void> {
  const method = req.method ?? 'GET';
  const allowed = path.route === ROUTE.optOut ? ['GET', 'HEAD', 'POST'] : ['GET', 'HEAD'];
  if (!allowed.includes(method)) {
    res.setHeader('Allow', allowed.join(', '));
    sendPage(res, 405, messagePage('Method not allowed', `Use ${allowed.join(' or ')}.`));
    return;
  }
  const delivery = context.storage.getDelivery(path.deliveryId);
  const recipient = delivery?.recipients.find((candidate) => candidate.id === path.recipientId);
  if (!delivery || !recipient) {
    sendNotFound(res);
    return;
  }
  const visit: Visit = { context, req, res, delivery, recipient, linkBase };
  switch (path.route) {
    case ROUTE.email:
      return serveEmail(visit);
    case ROUTE.mirror:
      return serveMirror(visit);
    case ROUTE.pixel:
      return servePixel(visit);
    case ROUTE.click:
      return serveClick(visit, path.linkId!);
    case ROUTE.optOut:
      return method === 'POST' ? optOut(visit) : serveOptOutForm(visit);
  }
}

function userAgentOf(req: IncomingMessage): string | undefined {
  const userAgent = req.headers['user-agent'];
  return userAgent === undefined ? undefined : userAgent.slice(0, MAX_USER_AGENT);
}

/** Appends a log and resolves once it is committed (see --durability) and streamed. */
function record(visit: Visit, type: LogType, extra: Partial<Pick<TrackingLog, 'linkId' | 'url' | 'label' | 'machine'>> = {}): Promise<TrackingLog> {
  const userAgent = userAgentOf(visit.req);
  const machine = extra.machine ?? requestMachineReason(visit.req.method ?? 'GET', userAgent);
  return visit.context.hub.append({
    at: new Date().toISOString(),
    type,
    deliveryId: visit.delivery.id,
    recipientId: visit.recipient.id,
    ...(extra.linkId !== undefined ? { linkId: extra.linkId } : {}),
    ...(extra.url !== undefined ? { url: extra.url } : {}),
    ...(extra.label !== undefined ? { label: extra.label } : {}),
    ...(userAgent !== undefined ? { userAgent } : {}),
    ...(machine !== undefined ? { machine } : {}),
  });
}

/** The email as an inbox shows it; opening it loads the pixel, which logs the open. */
async function serveEmail({ context, req, res, delivery, recipient, linkBase }: Visit): Promise<void> {
  if (req.method === 'GET') context.bursts.served(delivery.id, recipient.id);
  sendPage(res, 200, await context.renderer.page(delivery, recipient, { withOpenPixel: true, base: linkBase }));
}

async function serveMirror(visit: Visit): Promise<void> {
  const { context, res, delivery, recipient, linkBase } = visit;
  const html = await context.renderer.page(delivery, recipient, { withOpenPixel: false, base: linkBase });
  await record(visit, 'mirror');
  sendPage(res, 200, html);
}

async function servePixel(visit: Visit): Promise<void> {
  await record(visit, 'open');
  visit.res.writeHead(200, {
    'Content-Type': 'image/gif',
    'Content-Length': PIXEL_GIF.length,
    'Cache-Control': 'no-store, no-cache, must-revalidate',
    Pragma: 'no-cache',
    Expires: '0',
  });
  visit.res.end(PIXEL_GIF);
}

async function serveClick(visit: Visit, linkId: string): Promise<void> {
  const { context, req, res, delivery, recipient } = visit;
  const link = delivery.links.find((candidate) => candidate.linkId === linkId && candidate.type === 'tracked');
  const target = link && clickTarget(delivery, link, recipient);
  if (!link || !target) {
    sendNotFound(res);
    return;
  }
  const machine = requestMachineReason(req.method ?? 'GET', userAgentOf(req)) ?? context.bursts.click(delivery.id, recipient.id, link.linkId);
  // Durability first: the browser leaves only after the click is committed to the journal
  // (written to the OS, or on disk with --durability disk).
  await record(visit, 'click', { linkId: link.linkId, url: target, label: link.label, machine });
  res.writeHead(302, { Location: target, 'Content-Length': 0 });
  res.end();
}

function serveOptOutForm({ res, delivery, recipient }: Visit): void {
  sendPage(res, 200, optOutFormPage(recipient.email, delivery.name, recipient.optedOut === true));
}

/** The form's POST and RFC 8058 one-click POST: both carry List-Unsubscribe=One-Click. */
async function optOut(visit: Visit): Promise<void> {
  const { context, req, res, delivery, recipient } = visit;
  // Another site's page must not opt recipients out behind their back (a cross-site form post).
  if (hasForeignOrigin(req.headers)) throw new RequestError(403, 'An opt-out can only be posted from this opt-out page or by a mail client.');
  const body = (await readBody(req, MAX_FORM_BYTES)).toString('utf8');
  if (!isOneClickBody(req.headers['content-type'] ?? '', body)) {
    throw new RequestError(400, 'An opt-out POST needs the form field List-Unsubscribe=One-Click.');
  }
  await context.storage.setOptedOut(delivery.id, recipient.id);
  await record(visit, 'optout');
  sendPage(res, 200, optedOutPage(recipient.email));
}

function isOneClickBody(contentType: string, body: string): boolean {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') {
    return new URLSearchParams(body).getAll('List-Unsubscribe').includes('One-Click');
  }
  if (type === 'multipart/form-data') {
    return /name="List-Unsubscribe"\r\n(?:[^\r\n]+\r\n)*\r\nOne-Click\r\n/.test(body);
  }
  return false;
}
