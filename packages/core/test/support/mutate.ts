// Seeded pseudo-random numbers and template mutations for the fuzz test.

/** mulberry32: a small, fast, well-distributed 32-bit PRNG; the same seed gives the same run. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (max) => Math.floor(next() * max),
    pick: (items) => items[Math.floor(next() * items.length)]!,
  };
}

export interface Random {
  /** In [0, 1). */
  next(): number;
  /** An integer in [0, max). */
  int(max: number): number;
  pick<T>(items: readonly T[]): T;
}

/** Openers and delimiters that must never break the model when left unclosed or misplaced. */
export const HOSTILE_TOKENS: readonly string[] = [
  '"', "'", '<%=', '<%', '<%@', '%>', '{{', '{{{', '}}', '{%', '%}', '{%=', '*|', '|*', '<!--[if mso]>', '<![endif]-->',
  '<!--', '-->', '<a href="', "<a href='", '<a href=', '<v:roundrect href="', '<img src="', '<button href="', '<area href=',
  '[Unsubscribe', '{contactfield=', '<script>', '<style>', '</a>', '<![CDATA[', '<!DOCTYPE', '@TrackLink', 'https://', '#',
];

/** Characters that are hard for parsers and for UTF-16 offset arithmetic. */
export const HOSTILE_CHARS: readonly string[] = [
  '\u0000', '\uD800', '\uDC00', '\uDBFF', '\uFFFD', '\uFEFF', '\u2028', '\r', '\r\n', '\n', '\t', '\u0085', '😀', '\u0301', '<', '>', '=', '&', '&amp;',
];

export type MutationKind = 'cut' | 'duplicate' | 'insert-token' | 'insert-char' | 'delete' | 'swap' | 'splice-other' | 'binary-run';

export const MUTATION_KINDS: readonly MutationKind[] = ['cut', 'duplicate', 'insert-token', 'insert-char', 'delete', 'swap', 'splice-other', 'binary-run'];

/** Applies one mutation at random positions; `other` is a second document to splice from. */
export function mutate(random: Random, text: string, kind: MutationKind, other: string): string {
  const at = (): number => random.int(text.length + 1);
  switch (kind) {
    case 'cut': {
      // Truncate at a random point (keeping a prefix or a suffix).
      const point = at();
      return random.next() < 0.7 ? text.slice(0, point) : text.slice(point);
    }
    case 'duplicate': {
      const start = at();
      const end = Math.min(text.length, start + random.int(400));
      const into = at();
      return text.slice(0, into) + text.slice(start, end) + text.slice(into);
    }
    case 'insert-token': {
      const into = at();
      return text.slice(0, into) + random.pick(HOSTILE_TOKENS) + text.slice(into);
    }
    case 'insert-char': {
      const into = at();
      return text.slice(0, into) + random.pick(HOSTILE_CHARS) + text.slice(into);
    }
    case 'delete': {
      const start = at();
      return text.slice(0, start) + text.slice(Math.min(text.length, start + 1 + random.int(60)));
    }
    case 'swap': {
      // Replace one character with a structural one (quotes, angle brackets, '=').
      const point = random.int(Math.max(1, text.length));
      return text.slice(0, point) + random.pick(['<', '>', '=', '"', "'", '/', ' ', '%', '{', '}', '|', '*', '[', ']']) + text.slice(point + 1);
    }
    case 'splice-other': {
      const start = random.int(other.length + 1);
      const piece = other.slice(start, start + random.int(600));
      const into = at();
      return text.slice(0, into) + piece + text.slice(into);
    }
    case 'binary-run': {
      let run = '';
      const length = 1 + random.int(32);
      for (let i = 0; i < length; i++) run += String.fromCharCode(random.next() < 0.5 ? random.int(32) : random.int(0x10000));
      const into = at();
      return text.slice(0, into) + run + text.slice(into);
    }
  }
}
