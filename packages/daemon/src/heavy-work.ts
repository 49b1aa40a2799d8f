// Work whose cost grows with the template (parsing, analysis, rendering a page) runs on one worker
// thread, so the event loop that answers clicks, the pixel and /healthz is never held up by it.
// The queue is bounded (503 when full) and a job that runs too long takes its worker down with it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { RequestError } from './errors';
import { TemplateCache, type RenderJob } from './render';
import { analyzeTemplate, type TemplateAnalysis, type TemplateAnalysisRequest } from './template-analysis';

export type HeavyRequest = { id: number; kind: 'analyze'; job: TemplateAnalysisRequest } | { id: number; kind: 'render'; job: RenderJob };
export type HeavyResponse = { id: number; ok: true; value: TemplateAnalysis | Uint8Array } | { id: number; ok: false; status: number; message: string };

export interface HeavyWork {
  analyze(job: TemplateAnalysisRequest): Promise<TemplateAnalysis>;
  render(job: RenderJob): Promise<Buffer>;
  close(): Promise<void>;
}

/** Jobs waiting or running at most; more is a 503, not an ever longer queue. */
export const MAX_QUEUED_JOBS = 64;
/** Far above any job within the limits; beyond it the worker is stopped and replaced. */
export const JOB_TIMEOUT_MS = 30_000;
const WORKER_HEAP_MB = 512;

/** On this thread: for tests of the pieces, and where no worker script can be found. */
export class InlineHeavyWork implements HeavyWork {
  private readonly templates = new TemplateCache();
  analyze(job: TemplateAnalysisRequest): Promise<TemplateAnalysis> {
    return analyzeTemplate(job);
  }
  async render(job: RenderJob): Promise<Buffer> {
    return Buffer.from(this.templates.render(job));
  }
  async close(): Promise<void> {}
}

interface Pending {
  resolve: (value: TemplateAnalysis | Uint8Array) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

type WorkerScript = { bundled: string } | { source: string };

/**
 * Bundled (dist/*.cjs), the worker is the render-worker.cjs beside the bundle. From source (tests,
 * tsx), it is render-worker.ts, loaded after registering tsx as the main thread did. Elsewhere
 * (another bundle) there is none.
 */
function findWorkerScript(): WorkerScript | undefined {
  if (typeof __filename === 'string' && __filename.endsWith('.cjs')) {
    const bundled = path.join(path.dirname(__filename), 'render-worker.cjs');
    return existsSync(bundled) ? { bundled } : undefined;
  }
  const here: string | undefined = import.meta.url;
  return here?.endsWith('.ts') ? { source: new URL('./render-worker.ts', here).href } : undefined;
}

function spawnWorker(script: WorkerScript): Worker {
  const options = { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } };
  if ('bundled' in script) return new Worker(script.bundled, options);
  return new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(script.source)}); })`, { ...options, eval: true });
}

/**
 * One worker per process, shared by the daemons it runs (tests start hundreds): a worker costs a
 * thread, a heap and, from source, a second of compiling. It is unref'd, so it never keeps the
 * process alive, and a daemon that closes only stops using it.
 */
let shared: WorkerHeavyWork | undefined;

export class WorkerHeavyWork implements HeavyWork {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;
  private log: (line: string) => void = () => undefined;

  private constructor(private readonly script: WorkerScript) {}

  /** Work on the shared worker (started with the first job), or inline when no worker script is here. */
  static start(log: (line: string) => void): HeavyWork {
    const script = findWorkerScript();
    if (!script) {
      log('no render worker beside this program; rendering on the main thread, where a large template holds up other requests');
      return new InlineHeavyWork();
    }
    shared ??= new WorkerHeavyWork(script);
    shared.log = log;
    return shared.handle();
  }

  /** This worker for one daemon: after close(), that daemon's new jobs are refused. */
  private handle(): HeavyWork {
    let closed = false;
    const unlessClosed = <T>(run: () => Promise<T>): Promise<T> => (closed ? Promise.reject(new RequestError(503, 'the daemon is shutting down')) : run());
    return {
      analyze: (job) => unlessClosed(() => this.analyze(job)),
      render: (job) => unlessClosed(() => this.render(job)),
      close: async () => {
        closed = true;
      },
    };
  }

  analyze(job: TemplateAnalysisRequest): Promise<TemplateAnalysis> {
    return this.submit({ id: 0, kind: 'analyze', job }) as Promise<TemplateAnalysis>;
  }

  async render(job: RenderJob): Promise<Buffer> {
    const bytes = (await this.submit({ id: 0, kind: 'render', job })) as Uint8Array;
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Stops the worker for good (its jobs fail with 503). */
  async close(): Promise<void> {
    this.closed = true;
    if (shared === this) shared = undefined;
    this.failAll(new RequestError(503, 'the worker was stopped'));
    await this.worker?.terminate();
    this.worker = undefined;
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = spawnWorker(this.script);
    worker.on('message', (response: HeavyResponse) => this.settle(response));
    worker.on('error', (error) => {
      this.log(`render worker failed: ${error.message}`);
      this.replace(worker, new Error(`render worker failed: ${error.message}`));
    });
    worker.on('exit', () => this.replace(worker, new RequestError(503, 'the render worker stopped; try again')));
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private submit(request: HeavyRequest): Promise<TemplateAnalysis | Uint8Array> {
    if (this.closed) return Promise.reject(new RequestError(503, 'the daemon is shutting down'));
    if (this.pending.size >= MAX_QUEUED_JOBS) return Promise.reject(new RequestError(503, 'the daemon is busy rendering; try again shortly'));
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.log(`render job ${id} ran over ${JOB_TIMEOUT_MS} ms; restarting the render worker`);
        this.replace(worker, new RequestError(503, `rendering took longer than ${JOB_TIMEOUT_MS / 1000} s`));
      }, JOB_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
      worker.postMessage({ ...request, id });
    });
  }

  private settle(response: HeavyResponse): void {
    const pending = this.pending.get(response.id);
    if (!pending) return;
    this.pending.delete(response.id);
    clearTimeout(pending.timer);
    if (response.ok) pending.resolve(response.value);
    else pending.reject(response.status === 500 ? new Error(response.message) : new RequestError(response.status, response.message));
  }

  /** Everything the worker had is failed; the next job starts a fresh one. */
  private replace(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.failAll(error);
    void worker.terminate();
  }

  private failAll(error: Error): void {
    for (const pending of this.pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    this.pending.clear();
  }
}
