/**
 * Exponential backoff for long-running services: a failed step waits initial, 2 x initial,
 * 4 x initial ... up to max before the next try; a success resets it. {@link runResilient}
 * runs a step in a loop that never throws for a failed step.
 */

export class Backoff {
  private count = 0;
  constructor(
    readonly initialMs = 1000,
    readonly maxMs = 60000,
  ) {}
  /** Consecutive failures so far. */
  get failures(): number {
    return this.count;
  }
  /** Records a failure; returns how long to wait before the next try. */
  fail(): number {
    const wait = Math.min(this.maxMs, this.initialMs * 2 ** Math.min(this.count, 30));
    this.count++;
    return wait;
  }
  reset(): void {
    this.count = 0;
  }
}

export interface ResilientLoop {
  /** Wait between successful steps. */
  intervalMs: number;
  backoff: Backoff;
  /** Checked before each step and after each wait. */
  stop: () => boolean;
  /** A step failed (it is retried after `retryInMs`). */
  onError?: (error: unknown, retryInMs: number, failures: number) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `step` until `stop()`: after a success waits `intervalMs`, after a failure the backoff's
 * next delay. A failed step is reported to `onError`, never thrown.
 */
export async function runResilient(step: () => Promise<void>, loop: ResilientLoop): Promise<void> {
  while (!loop.stop()) {
    let wait = loop.intervalMs;
    try {
      await step();
      loop.backoff.reset();
    } catch (e) {
      wait = loop.backoff.fail();
      loop.onError?.(e, wait, loop.backoff.failures);
    }
    if (loop.stop()) break;
    await sleep(wait);
  }
}
