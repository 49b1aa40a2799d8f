// The worker thread behind heavy-work.ts: template analysis and page rendering, so a large
// template never holds up the daemon's event loop. Answers {id, ok, value} or {id, ok: false, status, message}.
import { parentPort } from 'node:worker_threads';
import { RequestError } from './errors';
import type { HeavyRequest, HeavyResponse } from './heavy-work';
import { TemplateCache } from './render';
import { analyzeTemplate } from './template-analysis';

const templates = new TemplateCache();

async function run(request: HeavyRequest): Promise<HeavyResponse> {
  try {
    if (request.kind === 'analyze') return { id: request.id, ok: true, value: await analyzeTemplate(request.job) };
    const page = Buffer.from(templates.render(request.job));
    return { id: request.id, ok: true, value: page };
  } catch (error) {
    if (error instanceof RequestError) return { id: request.id, ok: false, status: error.status, message: error.message };
    return { id: request.id, ok: false, status: 500, message: (error as Error).stack ?? String(error) };
  }
}

parentPort?.on('message', (request: HeavyRequest) => {
  void run(request).then((response) => {
    const transfer = response.ok && Buffer.isBuffer(response.value) ? [response.value.buffer as ArrayBuffer] : [];
    parentPort!.postMessage(response, transfer);
  });
});
