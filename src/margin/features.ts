/**
 * The SPEC 7.1 terms of the margin model in exact integers: the effective amount of a
 * tiered token, the concentration excess, and the one-factor joint scan.
 */
import { BPS } from "../bounds";
import type { RiskTier } from "../risk-table";

/**
 * e_j = sum_t floor(part_t f_t / 10000), part_t = min(max(a - A_t, 0), A_{t+1} - A_t), with
 * tier 0 the base (A_0 = 0, f_0 = 10000) and A_{T+1} = infinity. Without tiers e_j = a.
 */
export function effectiveAmount(
  a: bigint,
  tiers: readonly Pick<RiskTier, "aboveUnits" | "factor">[],
): bigint {
  if (tiers.length === 0) return a;
  const starts = [0n, ...tiers.map((t) => t.aboveUnits)];
  const factors = [BPS, ...tiers.map((t) => BigInt(t.factor))];
  let e = 0n;
  for (let t = 0; t < starts.length; t++) {
    let part = a > starts[t] ? a - starts[t] : 0n;
    const next = starts[t + 1];
    if (next !== undefined && part > next - starts[t]) part = next - starts[t];
    e += (part * factors[t]) / BPS;
  }
  return e;
}

/** x = max(0, |q| - T), 1e-8 contracts. */
export function liquidityExcess(q: bigint, threshold: bigint): bigint {
  const x = (q < 0n ? -q : q) - threshold;
  return x > 0n ? x : 0n;
}

/** The joint scenarios of SPEC 7.1 and the Scan they give. */
export interface JointScan {
  /** sum_g r_g req_{g,s} per scenario (V x basis points). */
  jointReq: bigint[];
  /** J = max(0, max_s jointReq[s]). */
  joint: bigint;
  /** argmax_s jointReq[s] (first on ties). */
  worstScenario: number;
  /** Scan = ceil((sum_g (10000 - r_g) w_g + J) / 10000). */
  scan: bigint;
}

/**
 * The joint scan of groups with scenario requirements `req[g][s]`, per-group requirements
 * `w[g]` and correlations `r[g]` (basis points). Every r_g = 0 gives J = 0 and
 * Scan = sum_g w_g, v1's Scan.
 */
export function jointScan(
  req: readonly (readonly bigint[])[],
  w: readonly bigint[],
  r: readonly number[],
  S: number,
): JointScan {
  const jointReq = new Array<bigint>(S).fill(0n);
  req.forEach((rg, g) => {
    const rho = BigInt(r[g]);
    if (rho !== 0n) for (let s = 0; s < S; s++) jointReq[s] += rho * rg[s];
  });
  let worst = 0;
  for (let s = 1; s < S; s++) if (jointReq[s] > jointReq[worst]) worst = s;
  const joint = jointReq[worst] > 0n ? jointReq[worst] : 0n;
  let numerator = joint;
  w.forEach((wg, g) => (numerator += (BPS - BigInt(r[g])) * wg));
  return { jointReq, joint, worstScenario: worst, scan: (numerator + BPS - 1n) / BPS };
}
