/**
 * The margin model of SPEC sections 4 and 7.1 in exact integers: the reference the solvency
 * circuit reproduces bit for bit. How a result is written is src/report.
 */
import { MULTIPLIER_MAX, MULTIPLIER_MIN } from "../bounds";
import type { RiskTableFields } from "../risk-table";
import type { IntegerPortfolio } from "../portfolio";
import { effectiveAmount, jointScan, liquidityExcess } from "./features";
import { solventAt } from "./solvency";
import type { CollateralAmount, GroupScan, MarginResult, PositionLiquidity } from "./types";

/** argmax_s r[s], first on ties. */
function worstOf(r: readonly bigint[]): number {
  let worst = 0;
  for (let s = 1; s < r.length; s++) if (r[s] > r[worst]) worst = s;
  return worst;
}

/**
 * Computes the margin report of `portfolio` with collateral `amounts` (base units per
 * slot of `table`) at multiplier `multiplierBps`. Exact integer maths, no rounding but the
 * ones SPEC 7.1 prescribes (e_j down, Scan up).
 */
export function computeMargin(
  table: RiskTableFields,
  portfolio: IntegerPortfolio,
  amounts: readonly bigint[],
  multiplierBps: bigint,
): MarginResult {
  if (multiplierBps < MULTIPLIER_MIN || multiplierBps > MULTIPLIER_MAX)
    throw new RangeError(`multiplier outside ${MULTIPLIER_MIN}..${MULTIPLIER_MAX} bps`);
  const { S, N, K, G } = table.instance;
  // e_j replaces a_j in HC_s and in the wrong-way term (SPEC 7.1); e_j = a_j without tiers
  const effectiveAmounts: bigint[] = [];
  for (let j = 0; j < K; j++) {
    const c = table.collateral[j];
    const a = amounts[j] ?? 0n;
    effectiveAmounts.push(c ? effectiveAmount(a, c.tiers) : a);
  }
  const collateral = table.collateral.map((c): CollateralAmount => ({
    slot: c.slot,
    symbol: c.symbol,
    decimals: c.decimals,
    amount: amounts[c.slot] ?? 0n,
    effectiveAmount: effectiveAmounts[c.slot],
    tiered: c.tiers.length > 0,
  }));
  let hc0 = 0n;
  table.collateral.forEach((c) => {
    hc0 += effectiveAmounts[c.slot] * c.unitValues[0];
  });
  let nlv = portfolio.cash;
  let floor = 0n;
  let liquidity = 0n;
  const positionLiquidity: PositionLiquidity[] = [];
  const excessWitnesses = new Array<bigint>(N).fill(0n);
  const req: bigint[][] = table.groups.map(() => new Array<bigint>(S).fill(0n));
  portfolio.positions.forEach((p, slot) => {
    const inst = table.instruments[p.index];
    if (!inst || inst.idField !== p.instrumentId)
      throw new RangeError(`position ${p.instrument} does not match leaf ${p.index}`);
    nlv += p.q * inst.mark - p.c;
    floor += (p.q < 0n ? -p.q : p.q) * inst.floor;
    const excess = liquidityExcess(p.q, inst.liquidityThreshold);
    const addOn = excess * inst.liquidityCharge;
    liquidity += addOn;
    excessWitnesses[slot] = excess;
    positionLiquidity.push({
      slot,
      instrument: p.instrument,
      concentrated: inst.concentration !== undefined || inst.liquidityCharge !== 0n,
      threshold: inst.liquidityThreshold,
      charge: inst.liquidityCharge,
      excess,
      addOn,
    });
    const r = req[inst.groupIndex];
    for (let s = 0; s < S; s++) r[s] += p.q * inst.risk[s];
  });
  for (const c of table.collateral) {
    if (c.groupTag === 0) continue;
    const e = effectiveAmounts[c.slot];
    const r = req[c.groupTag - 1];
    for (let s = 0; s < S; s++) r[s] += e * (c.unitValues[0] - c.unitValues[s]);
  }
  const groups = table.groups.map((g, gi): GroupScan => {
    const r = req[gi];
    const worst = worstOf(r);
    return {
      id: g.id,
      index: gi,
      req: r,
      requirement: r[worst] > 0n ? r[worst] : 0n,
      worstScenario: worst,
      worstScenarioLabel: table.scenarios[worst].label,
      correlation: g.correlationBps,
    };
  });
  const uncorrelatedScan = groups.reduce((acc, g) => acc + g.requirement, 0n);
  const joint = jointScan(
    req,
    groups.map((g) => g.requirement),
    groups.map((g) => g.correlation),
    S,
  );
  const scan = joint.scan;
  const mm = (scan > floor ? scan : floor) + liquidity;
  const equity = hc0 + nlv;
  const witnesses = new Array<bigint>(G).fill(0n);
  groups.forEach((g) => (witnesses[g.index] = g.requirement));
  return {
    haircutCollateral: hc0,
    netLiquidationValue: nlv,
    equity,
    groups,
    scan,
    floor,
    maintenanceMargin: mm,
    multiplier: multiplierBps,
    solvent: solventAt({ equity, maintenanceMargin: mm }, multiplierBps),
    witnesses,
    jointReq: joint.jointReq,
    joint: joint.joint,
    jointWorstScenario: joint.worstScenario,
    jointWorstScenarioLabel: table.scenarios[joint.worstScenario].label,
    uncorrelatedScan,
    diversificationCredit: uncorrelatedScan - scan,
    positionLiquidity,
    liquidity,
    collateral,
    effectiveAmounts,
    jointWitness: joint.joint,
    scanWitness: scan,
    excessWitnesses,
    features: {
      correlation: table.groups.some((g) => g.correlation !== undefined || g.correlationBps !== 0),
      concentration:
        positionLiquidity.some((p) => p.concentrated) ||
        table.instruments.some((i) => i.concentration !== undefined),
      tiers: collateral.some((c) => c.tiered),
    },
  };
}
