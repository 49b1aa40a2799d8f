// Linear-time checks of the personalization renderer by counting work, not by timing: the same
// input always costs the same count, whatever else the machine is doing (CI runs on a loaded
// 2-core machine, where a wall-clock ratio flakes). Two counts are added:
//  - tokenize: the characters core's tokenizer reads (core's src/work-meter.ts);
//  - render: the renderer's own work (src/work-meter.ts: segments visited, literal text copied or
//    decoded, expressions examined, values inserted, recipient keys compared).
// Speed itself is measured by `npm run bench`.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { workCounted as renderWorkCounted } from '../../src/work-meter';

// core's meter and bound, loaded by URL: they belong to another package (its meter is internal,
// not exported from its index). The URL is the file @linktrace/core itself loads, so this is the
// same module instance and the same counter.
const core = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../core');
const coreMeter = (await import(pathToFileURL(path.join(core, 'src/work-meter.ts')).href)) as { workCounted(): number };
const coreWork = (await import(pathToFileURL(path.join(core, 'test/support/work.ts')).href)) as { LINEAR_WORK_BOUND: number };

/**
 * Four times the text may cost at most this many times the work: core's bound (linear scans give
 * about 4, a quadratic path 16).
 */
export const LINEAR_WORK_BOUND = coreWork.LINEAR_WORK_BOUND;

export interface RenderWork {
  tokenize: number;
  render: number;
  total: number;
}

/** The work `run` (one or more personalize() calls) costs. */
export function renderWork(run: () => unknown): RenderWork {
  const tokenizeBefore = coreMeter.workCounted();
  const renderBefore = renderWorkCounted();
  run();
  const tokenize = coreMeter.workCounted() - tokenizeBefore;
  const render = renderWorkCounted() - renderBefore;
  return { tokenize, render, total: tokenize + render };
}

/** Undefined when 4x the text costs at most LINEAR_WORK_BOUND times the work; else what went wrong. */
export function superLinearRender(name: string, build: (length: number) => string, render: (text: string) => unknown, length: number): string | undefined {
  const smallText = build(length);
  const largeText = build(4 * length);
  const small = renderWork(() => render(smallText));
  const large = renderWork(() => render(largeText));
  const ratio = large.total / Math.max(small.total, 1);
  if (ratio <= LINEAR_WORK_BOUND) return undefined;
  const part = (key: 'tokenize' | 'render'): string => `${key} ${small[key]} -> ${large[key]} (${(large[key] / Math.max(small[key], 1)).toFixed(1)}x)`;
  return `${name}: ${ratio.toFixed(2)}x the work for ${(largeText.length / Math.max(smallText.length, 1)).toFixed(1)}x the text (${smallText.length} -> ${largeText.length} chars); ${part('tokenize')}, ${part('render')}`;
}
