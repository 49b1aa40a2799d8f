// A deterministic measure of the work of a parse, for the linear-time tests: the characters and
// items core's scanners read, counted where each scan advances (indexOf searches, regex passes,
// character loops, tokenizer passes, per-link reads). A scan that restarts from every opener,
// or a pass per nesting level, shows up here as work growing faster than the text, whatever the
// machine's load, where a wall-clock ratio flakes on a busy machine.
//
// Internal: not exported from the package index. Counting is one integer addition per scan step
// taken in bulk (a search adds the distance it covered), cheap enough to stay on in production.

let units = 0;

/** Adds `amount` units of work (characters read, items visited). */
export function countWork(amount: number): void {
  units += amount;
}

/** Work counted since the process started; tests read it before and after a call. */
export function workCounted(): number {
  return units;
}

/** `text.indexOf(needle, from)`, counting the characters it passed over. */
export function countedIndexOf(text: string, needle: string, from: number): number {
  const at = text.indexOf(needle, from);
  units += (at === -1 ? text.length : at) - from + 1;
  return at;
}

/** `pattern.exec(text)` from `pattern.lastIndex` (a global or sticky regex), counting what it read. */
export function countedExec(pattern: RegExp, text: string): RegExpExecArray | null {
  const from = pattern.lastIndex;
  const match = pattern.exec(text);
  units += (match ? match.index + match[0].length : text.length) - from + 1;
  return match;
}
