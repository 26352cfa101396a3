import { Backoff, type BackoffPolicy, DEFAULT_BACKOFF } from "./backoff.js";
import { describeExit, type ExitStatus, seconds } from "./exit-status.js";
import type { Child } from "./processes.js";

export interface Supervised {
  readonly name: string;
  /** The child running now (or the last one, while a restart waits). */
  current(): Child;
  /** Stops the child and any pending restart. */
  stop(): Promise<void>;
}

export interface SuperviseOptions {
  /** Starts a new child; called again after each crash. */
  start: () => Child;
  say: (line: string) => void;
  /** Resolves with the current child when it reports ready; optional. */
  ready?: (child: Child) => Promise<unknown>;
  policy?: BackoffPolicy;
  now?: () => number;
}

/**
 * Keeps a child running: when it exits on its own it is started again after
 * a backoff delay (1 s, 2 s, 4 s... capped; back to 1 s after a minute up),
 * and each restart is announced. `first` is the child already started.
 */
export function supervise(first: Child, options: SuperviseOptions): Supervised {
  const backoff = new Backoff(options.policy ?? DEFAULT_BACKOFF);
  const now = options.now ?? Date.now;
  let child = first;
  let startedAt = now();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const watch = (c: Child): void => {
    void c.ended.then((status: ExitStatus) => {
      if (stopped || c !== child) return;
      const delay = backoff.next(now() - startedAt);
      options.say(`${c.name} exited (${describeExit(status)}); restarting in ${seconds(delay)}`);
      timer = setTimeout(() => {
        timer = undefined;
        if (stopped) return;
        child = options.start();
        startedAt = now();
        watch(child);
        const restarted = child;
        if (options.ready) {
          options
            .ready(restarted)
            .then(() => options.say(`${restarted.name} restarted (pid ${restarted.process.pid}).`))
            .catch(() => undefined); // its exit is reported by watch()
        } else {
          options.say(`${restarted.name} restarted (pid ${restarted.process.pid}).`);
        }
      }, delay);
    });
  };
  watch(child);

  return {
    name: first.name,
    current: () => child,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await child.stop();
    },
  };
}
