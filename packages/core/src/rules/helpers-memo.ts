// Facts several rules derive from each link (its trimmed span, its static value, its link-table
// key), computed once per lint run and shared, instead of once per rule and link: on a
// link-dense template those repeats were a good part of the rules' time and garbage.
//
// Scoped to one lint run: an incremental re-lint may hand the same Link objects, with offsets
// moved by an edit, to the next run, so nothing derived from them may outlive the run.
import type { Link } from '../types';

export interface LinkMemo<T> {
  get(link: Link, compute: (link: Link) => T): T;
}

const memos: { table: WeakMap<object, unknown> }[] = [];

/** A memo of one fact per link (or per link list), emptied when a lint run starts. */
export function linkMemo<T, K extends object = Link>(): { get(key: K, compute: (key: K) => T): T } {
  const memo = { table: new WeakMap<object, unknown>() };
  memos.push(memo);
  return {
    get(key, compute) {
      const known = memo.table.get(key);
      if (known !== undefined) return known as T;
      const value = compute(key);
      memo.table.set(key, value);
      return value;
    },
  };
}

/** Called by lintTemplate before the first rule runs. */
export function startLintRun(): void {
  for (const memo of memos) memo.table = new WeakMap();
}
