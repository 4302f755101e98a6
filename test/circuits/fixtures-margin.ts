/**
 * The margin maths of SPEC sections 4 and 7.1 for the circuit tests, written independently of
 * the SDK from the SPEC's formulas (min/max and floor/ceiling as written there), with the
 * witnesses the circuit takes.
 */
import {
  ceilDiv,
  collateralSlots,
  amountSlots,
  type Market,
  type Params,
  type Portfolio,
  type Collateral,
} from "./fixtures";

export interface Margin {
  haircutCollateral: bigint;
  netLiquidationValue: bigint;
  equity: bigint;
  req: bigint[][]; // [G][S]
  groupWitness: bigint[]; // max(0, max_s req)
  /** r_g per group (G entries). */
  correlation: bigint[];
  /** J = max(0, max_s sum_g r_g req[g][s]). */
  joint: bigint;
  /** Scan = ceil((sum_g (10000 - r_g) w_g + J) / 10000) (= sum_g w_g without correlations). */
  scan: bigint;
  floor: bigint;
  /** e_j per collateral slot (K entries). */
  effective: bigint[];
  /** x_i = max(0, abs(q_i) - T_i) per position, in portfolio order. */
  excess: bigint[];
  liquidity: bigint;
  /** max(Scan, Floor) + Liquidity. */
  maintenanceMargin: bigint;
}

const max = (a: bigint, b: bigint): bigint => (a > b ? a : b);
const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);
const abs = (a: bigint): bigint => (a < 0n ? -a : a);

/** e_j = sum_t floor(part_t f_t / 10000), part_t = min(max(a - A_t, 0), A_{t+1} - A_t). */
export function effectiveAmount(c: Collateral, a: bigint): bigint {
  const tiers = [{ above: 0n, factor: 10000n }, ...(c.tiers ?? [])];
  let e = 0n;
  tiers.forEach((t, k) => {
    const next = tiers[k + 1];
    const over = max(a - t.above, 0n);
    const part = next ? min(over, next.above - t.above) : over;
    e += (part * t.factor) / 10000n; // part, factor >= 0: floor
  });
  return e;
}

export function margin(market: Market, pf: Portfolio, amounts: bigint[], p: Params): Margin {
  const byId = new Map(market.instruments.map((i) => [i.id, i]));
  const slots = collateralSlots(market, p);
  const a = amountSlots(amounts, p);
  const req = Array.from({ length: p.G }, () => Array<bigint>(p.S).fill(0n));
  let nlv = pf.cash;
  let floor = 0n;
  let liquidity = 0n;
  const excess: bigint[] = [];
  for (const pos of pf.positions) {
    if (pos.instrument === "") {
      nlv -= pos.costBasis; // a hand-made empty slot with a cost basis (the circuit refuses it)
      excess.push(0n);
      continue;
    }
    const inst = byId.get(pos.instrument);
    if (!inst) throw new Error(`unknown instrument ${pos.instrument}`);
    nlv += pos.quantity * inst.mark - pos.costBasis;
    floor += abs(pos.quantity) * inst.floor;
    const x = max(abs(pos.quantity) - (inst.threshold ?? 0n), 0n);
    excess.push(x);
    liquidity += x * (inst.charge ?? 0n);
    for (let s = 0; s < p.S; s++) req[inst.groupIndex][s] += pos.quantity * inst.risk[s];
  }
  let hc = 0n;
  const effective = slots.map((c, j) => effectiveAmount(c, a[j]));
  slots.forEach((c, j) => {
    hc += effective[j] * c.unitValue[0];
    if (c.groupTag > 0)
      for (let s = 0; s < p.S; s++)
        req[c.groupTag - 1][s] += effective[j] * (c.unitValue[0] - c.unitValue[s]);
  });
  const groupWitness = req.map((row) => row.reduce((m, r) => max(m, r), 0n));
  const correlation = Array.from({ length: p.G }, (_, g) => market.correlation?.[g] ?? 0n);
  let joint = 0n;
  for (let s = 0; s < p.S; s++)
    joint = max(
      joint,
      req.reduce((acc, row, g) => acc + correlation[g] * row[s], 0n),
    );
  const numerator = groupWitness.reduce((acc, w, g) => acc + (10000n - correlation[g]) * w, joint);
  const scan = ceilDiv(numerator, 10000n);
  return {
    haircutCollateral: hc,
    netLiquidationValue: nlv,
    equity: hc + nlv,
    req,
    groupWitness,
    correlation,
    joint,
    scan,
    floor,
    effective,
    excess,
    liquidity,
    maintenanceMargin: max(scan, floor) + liquidity,
  };
}

export function isSolvent(m: Margin, multiplier: bigint): boolean {
  return m.equity >= 0n && 10000n * m.equity >= multiplier * m.maintenanceMargin;
}

/**
 * The cash that puts the account exactly on the solvency boundary at `multiplier`
 * (10000 * Equity = M * MM; MM does not depend on cash). Requires M * MM divisible by 10000.
 */
export function boundaryCash(
  market: Market,
  pf: Portfolio,
  amounts: bigint[],
  multiplier: bigint,
  p: Params,
): bigint {
  const m = margin(market, pf, amounts, p);
  const target = multiplier * m.maintenanceMargin;
  if (target % 10000n !== 0n) throw new Error("M * MM not divisible by 10000");
  return target / 10000n - (m.equity - pf.cash);
}
