/**
 * The margin model of SPEC section 4 in exact integers: the reference the solvency
 * circuit reproduces bit for bit. How a result is written is src/report.
 */
import { InputError } from "./errors";
import { parseDecimal, decimalToScaled } from "./decimal";
import { BPS, MULTIPLIER_DECIMALS, MULTIPLIER_MAX, MULTIPLIER_MIN } from "./bounds";
import type { RiskTableFields } from "./risk-table";
import { IntegerPortfolio } from "./portfolio";

/** Scan result of one group. */
export interface GroupScan {
  id: string;
  index: number;
  /** `req[s]` = req_{g,s}, V. */
  req: bigint[];
  /** max(0, max_s req_{g,s}) — also the SDK's per-group witness w_g. */
  requirement: bigint;
  /** argmax_s req_{g,s} (first on ties). */
  worstScenario: number;
  worstScenarioLabel: string;
}

/** All figures of a margin computation, in V (multiplier in basis points). */
export interface MarginResult {
  /** HC_0 = sum_j a_j U[j][0]. */
  haircutCollateral: bigint;
  /** NLV = sum_i (q_i mark_i - c_i) + cash. */
  netLiquidationValue: bigint;
  /** Equity = HC_0 + NLV. */
  equity: bigint;
  /** One entry per group of the risk table. */
  groups: GroupScan[];
  /** Scan = sum_g requirement_g. */
  scan: bigint;
  /** Floor = sum_i |q_i| m_i. */
  floor: bigint;
  /** MM = max(Scan, Floor). */
  maintenanceMargin: bigint;
  /** M in basis points. */
  multiplier: bigint;
  /** 10000 Equity >= M MM and Equity >= 0. */
  solvent: boolean;
  /** `groupWitness[g]` circuit inputs for g < G (unused groups 0). */
  witnesses: bigint[];
}

/**
 * Parses a margin multiplier ("1.0", "1.25") into basis points: 1.0..100.0, at most
 * 4 decimals. Throws {@link InputError} naming `source`, the thing the value came from (the
 * CLI passes its flag, e.g. "--multiplier").
 */
export function parseMultiplier(s: string, source = "multiplier"): bigint {
  const d = parseDecimal(s);
  if (!d) throw new InputError(source, s, 'malformed decimal (expected e.g. "1.0" or "1.25")');
  const bps = decimalToScaled(d, MULTIPLIER_DECIMALS);
  if (bps === undefined)
    throw new InputError(
      source,
      s,
      `more than ${MULTIPLIER_DECIMALS} decimals (1 basis point is the smallest unit)`,
    );
  if (bps < MULTIPLIER_MIN || bps > MULTIPLIER_MAX)
    throw new InputError(source, s, "must be in 1.0..100.0");
  return bps;
}

/**
 * Computes the margin report of `portfolio` with collateral `amounts` (base units per
 * slot of `table`) at multiplier `multiplierBps`. Exact integer maths, no rounding.
 */
export function computeMargin(
  table: RiskTableFields,
  portfolio: IntegerPortfolio,
  amounts: readonly bigint[],
  multiplierBps: bigint,
): MarginResult {
  if (multiplierBps < MULTIPLIER_MIN || multiplierBps > MULTIPLIER_MAX)
    throw new RangeError(`multiplier outside ${MULTIPLIER_MIN}..${MULTIPLIER_MAX} bps`);
  const S = table.instance.S;
  let hc0 = 0n;
  table.collateral.forEach((c) => {
    hc0 += (amounts[c.slot] ?? 0n) * c.unitValues[0];
  });
  let nlv = portfolio.cash;
  let floor = 0n;
  const req: bigint[][] = table.groups.map(() => new Array<bigint>(S).fill(0n));
  for (const p of portfolio.positions) {
    const inst = table.instruments[p.index];
    if (!inst || inst.idField !== p.instrumentId)
      throw new RangeError(`position ${p.instrument} does not match leaf ${p.index}`);
    nlv += p.q * inst.mark - p.c;
    floor += (p.q < 0n ? -p.q : p.q) * inst.floor;
    const r = req[inst.groupIndex];
    for (let s = 0; s < S; s++) r[s] += p.q * inst.risk[s];
  }
  for (const c of table.collateral) {
    if (c.groupTag === 0) continue;
    const a = amounts[c.slot] ?? 0n;
    const r = req[c.groupTag - 1];
    for (let s = 0; s < S; s++) r[s] += a * (c.unitValues[0] - c.unitValues[s]);
  }
  const groups = table.groups.map((g, gi): GroupScan => {
    const r = req[gi];
    let worst = 0;
    for (let s = 1; s < S; s++) if (r[s] > r[worst]) worst = s;
    return {
      id: g.id,
      index: gi,
      req: r,
      requirement: r[worst] > 0n ? r[worst] : 0n,
      worstScenario: worst,
      worstScenarioLabel: table.scenarios[worst].label,
    };
  });
  const scan = groups.reduce((acc, g) => acc + g.requirement, 0n);
  const mm = scan > floor ? scan : floor;
  const equity = hc0 + nlv;
  const witnesses = new Array<bigint>(table.instance.G).fill(0n);
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
    solvent: equity >= 0n && BPS * equity >= multiplierBps * mm,
    witnesses,
  };
}
