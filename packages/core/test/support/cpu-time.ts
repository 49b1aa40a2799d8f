// Scaling checks compare the cost of one input with the cost of four times it. They read this
// process's CPU time, not the wall clock: on a shared machine (CI, a laptop building something
// else) waiting for a core says nothing about the work done.

/** The CPU milliseconds (user + system, all of this process's threads) that `run` took. */
export function cpuMilliseconds(run: () => unknown): number {
  const start = process.cpuUsage();
  run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}
