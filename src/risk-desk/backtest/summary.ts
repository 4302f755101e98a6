/**
 * The coverage tests of a backtest slice, or of several slices pooled: Kupiec on the total
 * counts against the mean target, Christoffersen on the summed transition counts (each
 * portfolio's sequence is its own Markov chain; no transition is counted across two
 * portfolios), and the conditional-coverage combination. Pooling treats the portfolios as
 * independent, which they are not (a long and a short of the same instrument never exceed
 * together): the pooled tests are a summary, the per-portfolio tests the detail.
 */
import {
  type Transitions,
  addTransitions,
  christoffersen,
  conditionalCoverage,
  transitions,
} from "./christoffersen";
import { kupiec } from "./kupiec";
import { meanTarget } from "./target";
import type { CoverageSummary, Observation } from "./types";

/** Smallest target probability tested (a model that rules exceedances out entirely). */
export const MIN_TARGET = 1e-6;

function verdict(s: Omit<CoverageSummary, "verdict">): string {
  const failed: string[] = [];
  if (s.kupiec.reject) failed.push(`Kupiec rejects (rate ${s.kupiec.direction} the target)`);
  if (s.christoffersen.reject) failed.push("Christoffersen rejects (exceedances cluster)");
  if (failed.length === 0 && s.conditional.reject) failed.push("conditional coverage rejects");
  return failed.length === 0 ? "pass" : failed.join("; ");
}

/** Tests of the sequences `seqs` (one per portfolio) against `policy` or the model target. */
export function summarize(
  seqs: readonly (readonly Observation[])[],
  policy: number | null,
): CoverageSummary {
  let t: Transitions = { n00: 0, n01: 0, n10: 0, n11: 0 };
  let n = 0;
  let x = 0;
  const ps: number[] = [];
  for (const seq of seqs) {
    t = addTransitions(t, transitions(seq.map((o) => o.exceeded)));
    n += seq.length;
    for (const o of seq) {
      if (o.exceeded) x++;
      ps.push(o.p);
    }
  }
  const target = policy ?? Math.min(1 - MIN_TARGET, Math.max(MIN_TARGET, meanTarget(ps)));
  const k = kupiec(n, x, target);
  const c = christoffersen(t);
  const s = {
    observations: n,
    exceedances: x,
    rate: k.rate,
    target,
    kupiec: k,
    christoffersen: c,
    conditional: conditionalCoverage(k.statistic, c.statistic),
  };
  return { ...s, verdict: verdict(s) };
}
