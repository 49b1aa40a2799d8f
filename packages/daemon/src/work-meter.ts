// A deterministic measure of the personalization renderer's own work, for the linear-time tests,
// the daemon's counterpart of core's src/work-meter.ts (which counts the tokenizer the renderer
// calls): segments visited, characters of literal text copied or decoded, characters of the
// expressions examined and inserted, and recipient keys compared in lookups. A scan that restarts
// for every segment shows up as work growing faster than the text, whatever the machine's load,
// where a wall-clock ratio flakes on a busy machine.
//
// Internal: not exported from the package index. The renderer adds its work up in a local
// variable and hands it over here once per call, so counting stays on in production for nothing.

let units = 0;

/** Adds `amount` units of work (characters read, items visited). */
export function countWork(amount: number): void {
  units += amount;
}

/** Work counted since the process started; tests read it before and after a call. */
export function workCounted(): number {
  return units;
}
