/**
 * A per-key sliding-window rate limit (the relayer limits proofs per account): at most `max`
 * hits per `windowMs`. In memory: a restart forgets the windows, which only lets a sender
 * post again sooner.
 */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    readonly max: number,
    readonly windowMs: number,
  ) {}

  /** Counts a hit of `key` at `now`; false (not counted) when over the limit. */
  allow(key: string, now = Date.now()): boolean {
    const since = now - this.windowMs;
    const recent = (this.hits.get(key) ?? []).filter((t) => t > since);
    if (recent.length >= this.max) {
      this.hits.set(key, recent);
      return false;
    }
    recent.push(now);
    this.hits.set(key, recent);
    if (this.hits.size > 10_000) this.prune(since);
    return true;
  }

  private prune(since: number): void {
    for (const [k, ts] of this.hits) if (ts.every((t) => t <= since)) this.hits.delete(k);
  }
}
