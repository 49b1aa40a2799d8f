// A warm-up of the incremental linter right after the server starts. The first keystrokes in a
// fresh process run code no lint had run yet (the incremental scan, link moving, the tallies):
// V8 compiles it then, 25-45 ms on the keystroke that gets there first, where a warm keystroke
// costs a few. Linting a small built-in template and editing it the way authors do compiles those
// paths before the user types; the V8 code cache written a few seconds in then holds them too.
//
// Off the critical path: one lint per macrotask (a millisecond or two on this small text), so a
// document opened meanwhile waits for one step at most, never for the whole warm-up.
import { IncrementalLinter, type IncrementalStats } from '@linktrace/core';

/** Enough links that the loops over them get hot (optimized) as on a real template; small enough for a step of a few ms. */
const SAMPLE_ROWS = Number(process.env.LINKTRACE_WARMUP_ROWS ?? 96);

/** Rows of a newsletter: personalization, tracking attributes and labels, a copy, a mailto, plain http. */
function sampleTemplate(): string {
  const rows: string[] = [];
  for (let i = 0; i < SAMPLE_ROWS; i++) {
    const url = i % 7 === 3 ? ` http://example.com/articles/${i}` : `https://example.com/articles/${i % 11}?utm_source=news&amp;utm_medium=email&id={{ subscriber.id }}`;
    rows.push(i % 9 === 4
      ? `<tr><td><a href="mailto:editor@example.com?subject=Article%20${i}">Write to us</a></td></tr>`
      : `<tr><td class="row"><a href="${url}" data-tracking="tracked" data-label="${i % 5 === 0 ? 'article' : `article-${i}`}" style="color:#0645ad">Article ${i}: {{ articles[${i}].title }}</a></td></tr>`);
  }
  return `<!doctype html>\n<html>\n<head><title>Warm-up</title></head>\n<body>\n<!--[if mso]><v:roundrect href="https://example.com/vml"></v:roundrect><![endif]-->\n<table>\n${rows.join('\n')}\n</table>\n<p><a href="https://example.com/unsubscribe?u={{ subscriber.id }}" data-tracking="opt-out">Unsubscribe</a></p>\n</body>\n</html>\n`;
}

/** Edits as authors make them: typing into a URL, into a link's text, a new line, a deleted character. */
function edited(text: string, step: number): string {
  const row = text.indexOf('/articles/', (step * 389) % (text.length - 100));
  const at = row === -1 ? text.length >> 1 : row + '/articles/'.length;
  switch (step % 4) {
    case 0:
      return `${text.slice(0, at)}x${text.slice(at)}`;
    case 1: {
      const linkText = text.indexOf('">Article', at);
      const where = linkText === -1 ? at : linkText + 2;
      return `${text.slice(0, where)}y${text.slice(where)}`;
    }
    case 2:
      return `${text.slice(0, at)}\n${text.slice(at)}`;
    default:
      return text.slice(0, at) + text.slice(at + 1);
  }
}

/** Versions linted by a warm-up: enough for V8 to compile every path a keystroke takes and tier up the hot ones. */
export const WARM_UP_VERSIONS = 60;

export interface WarmUp {
  /** Stops a warm-up under way (the server shuts down). */
  stop(): void;
  /** Resolves when the warm-up is over, with what its linter did (tests). */
  readonly done: Promise<IncrementalStats>;
}

/** Starts the warm-up unless LINKTRACE_LSP_WARMUP=0 (a benchmark's cold baseline). */
export function startWarmUp(schedule: (step: () => void) => void = (step) => setImmediate(step)): WarmUp {
  let stopped = process.env.LINKTRACE_LSP_WARMUP === '0';
  // Let go once done: the server keeps the warm-up (to stop it) for as long as it runs.
  let linter: IncrementalLinter | undefined = new IncrementalLinter();
  let finish!: () => void;
  const done = new Promise<IncrementalStats>((resolve) => {
    finish = () => {
      resolve(linter!.stats);
      linter = undefined;
    };
  });
  let text = sampleTemplate();
  let version = 0;
  const step = (): void => {
    if (!linter) return;
    if (stopped || version >= WARM_UP_VERSIONS) {
      finish();
      return;
    }
    try {
      if (version > 0) text = edited(text, version);
      linter.lint(text);
    } catch {
      // A warm-up never fails the server: the real lint reports its own errors.
    }
    version++;
    schedule(step);
  };
  schedule(step);
  return {
    stop() {
      stopped = true;
    },
    done,
  };
}
