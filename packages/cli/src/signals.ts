// Ctrl-C and SIGTERM for long-running commands (daemon, start, logs --follow): the first one
// stops cleanly, a second one while stopping exits at once.

export interface StopSignal {
  /** Resolves with the first SIGINT or SIGTERM; a second one while stopping ends the process at once. */
  received: Promise<NodeJS.Signals>;
  /** Stops listening (when the command ends for another reason). */
  dispose(): void;
}

export function listenForStop(): StopSignal {
  let onSignal!: (signal: NodeJS.Signals) => void;
  const received = new Promise<NodeJS.Signals>((resolve) => {
    onSignal = (signal) => {
      dispose();
      const force = () => process.exit(130);
      process.once('SIGINT', force);
      process.once('SIGTERM', force);
      resolve(signal);
    };
  });
  const dispose = () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return { received, dispose };
}
