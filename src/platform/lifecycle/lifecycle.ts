import type { Logger } from '../logging/index.js';

type ShutdownStep = { name: string; run: () => Promise<void> | void };

/**
 * What must be stopped when the process ends, in reverse order of registration: the HTTP server stops
 * taking requests first, then background work drains, then connections close.
 */
export interface Lifecycle {
  onShutdown(name: string, run: ShutdownStep['run']): void;
  shutdown(logger: Logger): Promise<void>;
  readonly shuttingDown: boolean;
}

export function createLifecycle(): Lifecycle {
  const steps: ShutdownStep[] = [];
  let shuttingDown = false;
  let done: Promise<void> | undefined;
  return {
    onShutdown(name, run) {
      steps.push({ name, run });
    },
    get shuttingDown() {
      return shuttingDown;
    },
    shutdown(logger) {
      shuttingDown = true;
      done ??= (async () => {
        for (const step of [...steps].reverse()) {
          try {
            await step.run();
            logger.debug({ step: step.name }, 'shutdown step finished');
          } catch (err) {
            logger.error({ err, step: step.name }, 'shutdown step failed');
          }
        }
      })();
      return done;
    },
  };
}
