/**
 * Self-contained honest inputs for the circuit tests: the hash layouts of PROTOCOL
 * section 6 and the margin maths of SPEC section 4 written here independently of the SDK
 * (only the Poseidon primitive, src/poseidon.ts, is shared),
 * and the per-group witnesses w_g = max(0, max_s req[g][s]).
 *
 * The risk data are synthetic integers in the units of PROTOCOL section 3 (a linear
 * perpetual-like risk array and a made-up option-like one): the circuit does not care
 * how they were produced, only that they hash to the risk root.
 */
import { hash as poseidon } from "../../src/poseidon";
import type { SolvencyIn } from "./signals";
import type { CircuitInput } from "./tester";
import { field } from "./tester";

/** Hash_n of PROTOCOL section 1 (circomlib Poseidon(n)); signed inputs are encoded mod p. */
export function hash(inputs: bigint[]): bigint {
  return poseidon(inputs.map(field));
}

/** idField of PROTOCOL section 2: ASCII bytes as one big-endian integer. */
export function idField(id: string): bigint {
  if (!/^[A-Za-z0-9._:/+-]{1,31}$/.test(id)) throw new Error(`bad id ${id}`);
  return BigInt("0x" + Buffer.from(id, "ascii").toString("hex"));
}

export interface Params {
  N: number;
  K: number;
  G: number;
  S: number;
  DEPTH: number;
  /** Levels each slot hashes; the nodes above (the cap) are an input (PROTOCOL section 6). */
  PATH_LEVELS: number;
}
export const SMALL: Params = { N: 4, K: 4, G: 2, S: 16, DEPTH: 4, PATH_LEVELS: 2 };
export const STANDARD: Params = { N: 16, K: 8, G: 4, S: 16, DEPTH: 10, PATH_LEVELS: 6 };

export interface Instrument {
  id: string;
  groupIndex: number;
  mark: bigint; // V per 1e-8 contract
  floor: bigint; // V per 1e-8 contract
  risk: bigint[]; // S entries, V per 1e-8 contract, loss of one long unit
}
export interface Collateral {
  token: bigint;
  groupTag: number; // 0 = no group, else group index + 1
  unitValue: bigint[]; // S entries, V per base unit
}
export interface Market {
  epoch: bigint;
  timestamp: bigint;
  instruments: Instrument[];
  collateral: Collateral[];
}
export interface Position {
  instrument: string;
  quantity: bigint; // 1e-8 contract, signed
  costBasis: bigint; // V, signed
}
export interface Portfolio {
  account: bigint;
  positions: Position[];
  cash: bigint;
  nonce: bigint;
  salt: bigint;
}

// ---------- synthetic risk data (PROTOCOL section 5 scenario grid) ----------
const K_THIRDS = [0, 0, 1, 1, -1, -1, 2, 2, -2, -2, 3, 3, -3, -3, 9, -9].map(BigInt); // X = 3
const COVERAGE_PCT = [
  100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 35, 35,
].map(BigInt);
const USD = 10n ** 30n; // V per USD
const PER_CONTRACT = 10n ** 22n; // V per 1e-8 contract per USD per contract

const ceilDiv = (a: bigint, b: bigint): bigint => {
  const q = a / b;
  return q * b < a ? q + 1n : q; // b > 0
};
const floorDiv = (a: bigint, b: bigint): bigint => {
  const q = a / b;
  return q * b > a ? q - 1n : q; // b > 0
};

/** Linear instrument: R[s] = ceil(-mark * k_s * PSR * c_s), PSR given in percent. */
export function linearRisk(markUsd: bigint, psrPct: bigint, S = 16): bigint[] {
  const mark = markUsd * PER_CONTRACT;
  return Array.from({ length: S }, (_, s) =>
    ceilDiv(-mark * K_THIRDS[s] * psrPct * COVERAGE_PCT[s], 3n * 100n * 100n),
  );
}

/** Option-like: 40% of the linear loss plus a volatility term (up: gain, down: loss). */
export function optionRisk(
  underlyingUsd: bigint,
  psrPct: bigint,
  vegaUsd: bigint,
  S = 16,
): bigint[] {
  const lin = linearRisk(underlyingUsd, psrPct, S);
  return lin.map(
    (r, s) =>
      ceilDiv(r * 4n, 10n) + (s >= 14 ? 0n : s % 2 === 0 ? -1n : 1n) * vegaUsd * PER_CONTRACT,
  );
}

/** Collateral unit values: U[s] = floor(price * (1 - haircut) * (1 + c_s k_s PSR) * 1e30 / 10^decimals). */
export function unitValues(
  priceUsd: bigint,
  haircutPct: bigint,
  decimals: number,
  psrPct: bigint | null,
  S = 16,
): bigint[] {
  return Array.from({ length: S }, (_, s) => {
    const move = psrPct === null ? 0n : COVERAGE_PCT[s] * K_THIRDS[s] * psrPct; // / (100 * 3 * 100)
    const num = priceUsd * (100n - haircutPct) * (30000n + move) * USD;
    const v = floorDiv(num, 100n * 30000n * 10n ** BigInt(decimals));
    return v < 0n ? 0n : v;
  });
}

export function demoMarket(): Market {
  return {
    epoch: 42n,
    timestamp: 1763900000n,
    instruments: [
      {
        id: "BTC-PERP",
        groupIndex: 0,
        mark: 61000n * PER_CONTRACT,
        floor: 0n,
        risk: linearRisk(61000n, 8n),
      },
      {
        id: "ETH-PERP",
        groupIndex: 1,
        mark: 3000n * PER_CONTRACT,
        floor: 0n,
        risk: linearRisk(3000n, 10n),
      },
      {
        id: "BTC-27DEC26-70000-C",
        groupIndex: 0,
        mark: 2400n * PER_CONTRACT + 5n * 10n ** 21n,
        floor: 610n * PER_CONTRACT,
        risk: optionRisk(61000n, 8n, 300n),
      },
      {
        id: "ETH-27DEC26-3000-P",
        groupIndex: 1,
        mark: 150n * PER_CONTRACT,
        floor: 30n * PER_CONTRACT,
        risk: optionRisk(-3000n, 10n, 40n),
      },
    ],
    collateral: [
      {
        token: 0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48n,
        groupTag: 0,
        unitValue: unitValues(1n, 2n, 6, null),
      },
      {
        token: 0x2260fac5e5542a773aa44fbcfc66c4bb0a0d0e6an,
        groupTag: 1,
        unitValue: unitValues(61000n, 10n, 8, 8n),
      },
      {
        token: 0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2n,
        groupTag: 2,
        unitValue: unitValues(3000n, 15n, 18, 10n),
      },
    ],
  };
}

export function demoPortfolio(): Portfolio {
  return {
    account: 0x1111111111111111111111111111111111111111n,
    positions: [
      { instrument: "BTC-PERP", quantity: -250000000n, costBasis: -152500n * USD }, // short 2.5 @ 61000
      { instrument: "BTC-27DEC26-70000-C", quantity: -100000000n, costBasis: -2300n * USD }, // short 1 call
      { instrument: "ETH-PERP", quantity: 1000000000n, costBasis: 29500n * USD }, // long 10 @ 2950
    ],
    cash: 1000n * USD,
    nonce: 7n,
    salt: 0x1234567890abcdef1234567890abcdef1234567890abcdefn,
  };
}
/** Balances in base units, in collateral-slot order: 250000 USDC, 1.5 WBTC, 20 WETH. */
export const DEMO_AMOUNTS = [250000n * 10n ** 6n, 150000000n, 20n * 10n ** 18n];

// ---------- hashes (PROTOCOL section 6) ----------
export function instrumentLeaf(inst: Instrument): bigint {
  return hash([idField(inst.id), BigInt(inst.groupIndex), inst.mark, inst.floor, hash(inst.risk)]);
}

/** All levels of the instrument tree, levels[0] = leaves (zero-padded to 2^DEPTH). */
export function instrumentTree(market: Market, depth: number): bigint[][] {
  const width = 1 << depth;
  if (market.instruments.length > width) throw new Error("too many instruments for the tree");
  let level = Array.from({ length: width }, (_, i) =>
    i < market.instruments.length ? instrumentLeaf(market.instruments[i]) : 0n,
  );
  const levels = [level];
  for (let d = 0; d < depth; d++) {
    const next: bigint[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(hash([level[i], level[i + 1]]));
    levels.push(next);
    level = next;
  }
  return levels;
}

export function merklePath(levels: bigint[][], index: number): bigint[] {
  const path: bigint[] = [];
  for (let d = 0; d < levels.length - 1; d++) path.push(levels[d][(index >> d) ^ 1]);
  return path;
}

function collateralSlots(market: Market, p: Params): Collateral[] {
  if (market.collateral.length > p.K) throw new Error("too many collateral tokens");
  const empty: Collateral = { token: 0n, groupTag: 0, unitValue: Array(p.S).fill(0n) };
  return Array.from({ length: p.K }, (_, j) => market.collateral[j] ?? empty);
}

export function collateralRoot(market: Market, p: Params): bigint {
  return hash(
    collateralSlots(market, p).map((c) => hash([c.token, BigInt(c.groupTag), hash(c.unitValue)])),
  );
}

export function riskRoot(market: Market, p: Params): bigint {
  const root = instrumentTree(market, p.DEPTH)[p.DEPTH][0];
  return hash([root, collateralRoot(market, p), market.epoch, market.timestamp]);
}

function positionSlots(pf: Portfolio, p: Params): Position[] {
  if (pf.positions.length > p.N) throw new Error("too many positions");
  return Array.from(
    { length: p.N },
    (_, i) => pf.positions[i] ?? { instrument: "", quantity: 0n, costBasis: 0n },
  );
}
const slotId = (pos: Position): bigint => (pos.instrument === "" ? 0n : idField(pos.instrument));

/** Hash_7(account, Hash_N(ids), Hash_N(q), Hash_N(c), cash, nonce, salt). */
export function commitment(pf: Portfolio, p: Params): bigint {
  const slots = positionSlots(pf, p);
  return hash([
    pf.account,
    hash(slots.map(slotId)),
    hash(slots.map((pos) => pos.quantity)),
    hash(slots.map((pos) => pos.costBasis)),
    pf.cash,
    pf.nonce,
    pf.salt,
  ]);
}

export function amountSlots(amounts: bigint[], p: Params): bigint[] {
  if (amounts.length > p.K) throw new Error("too many amounts");
  return Array.from({ length: p.K }, (_, j) => amounts[j] ?? 0n);
}

/** PROTOCOL section 6: amounts packed two per word, a_{2i} + 2^100 * a_{2i+1}. */
export function packAmounts(amounts: bigint[]): bigint[] {
  const words: bigint[] = [];
  for (let i = 0; i < amounts.length; i += 2)
    words.push(amounts[i] + (amounts[i + 1] ?? 0n) * 2n ** 100n);
  return words;
}

export function stateHash(pf: Portfolio, amounts: bigint[], p: Params): bigint {
  return hash([commitment(pf, p), hash(packAmounts(amountSlots(amounts, p)))]);
}

// ---------- margin maths (SPEC section 4) ----------
export interface Margin {
  haircutCollateral: bigint;
  netLiquidationValue: bigint;
  equity: bigint;
  req: bigint[][]; // [G][S]
  groupWitness: bigint[]; // max(0, max_s req)
  scan: bigint;
  floor: bigint;
  maintenanceMargin: bigint;
}

export function margin(market: Market, pf: Portfolio, amounts: bigint[], p: Params): Margin {
  const byId = new Map(market.instruments.map((i) => [i.id, i]));
  const slots = collateralSlots(market, p);
  const a = amountSlots(amounts, p);
  const req = Array.from({ length: p.G }, () => Array<bigint>(p.S).fill(0n));
  let nlv = pf.cash;
  let floor = 0n;
  for (const pos of pf.positions) {
    if (pos.instrument === "") {
      nlv -= pos.costBasis; // a hand-made empty slot with a cost basis (the circuit refuses it)
      continue;
    }
    const inst = byId.get(pos.instrument);
    if (!inst) throw new Error(`unknown instrument ${pos.instrument}`);
    nlv += pos.quantity * inst.mark - pos.costBasis;
    floor += (pos.quantity < 0n ? -pos.quantity : pos.quantity) * inst.floor;
    for (let s = 0; s < p.S; s++) req[inst.groupIndex][s] += pos.quantity * inst.risk[s];
  }
  let hc = 0n;
  slots.forEach((c, j) => {
    hc += a[j] * c.unitValue[0];
    if (c.groupTag > 0)
      for (let s = 0; s < p.S; s++)
        req[c.groupTag - 1][s] += a[j] * (c.unitValue[0] - c.unitValue[s]);
  });
  const groupWitness = req.map((row) => row.reduce((m, r) => (r > m ? r : m), 0n));
  const scan = groupWitness.reduce((x, y) => x + y, 0n);
  return {
    haircutCollateral: hc,
    netLiquidationValue: nlv,
    equity: hc + nlv,
    req,
    groupWitness,
    scan,
    floor,
    maintenanceMargin: scan > floor ? scan : floor,
  };
}

export function isSolvent(m: Margin, multiplier: bigint): boolean {
  return m.equity >= 0n && 10000n * m.equity >= multiplier * m.maintenanceMargin;
}

// ---------- the full circuit input (PROTOCOL section 8) ----------
export interface SolvencyFixture {
  input: CircuitInput<SolvencyIn>;
  margin: Margin;
  stateHash: bigint;
  riskRoot: bigint;
}

export function solvencyInput(
  market: Market,
  pf: Portfolio,
  amounts: bigint[],
  multiplier: bigint,
  p: Params,
): SolvencyFixture {
  const levels = instrumentTree(market, p.DEPTH);
  const index = new Map(market.instruments.map((inst, i) => [inst.id, i]));
  const slots = positionSlots(pf, p);
  const coll = collateralSlots(market, p);
  const m = margin(market, pf, amounts, p);
  const sh = stateHash(pf, amounts, p);
  const rr = riskRoot(market, p);
  const pos = slots.map((s) => {
    if (s.instrument === "") {
      return {
        id: 0n,
        group: 0n,
        mark: 0n,
        floor: 0n,
        risk: Array(p.S).fill(0n),
        leafIndex: 0n,
        path: Array(p.PATH_LEVELS).fill(0n),
      };
    }
    const i = index.get(s.instrument)!;
    const inst = market.instruments[i];
    return {
      id: idField(inst.id),
      group: BigInt(inst.groupIndex),
      mark: inst.mark,
      floor: inst.floor,
      risk: inst.risk,
      leafIndex: BigInt(i),
      path: merklePath(levels, i).slice(0, p.PATH_LEVELS),
    };
  });
  const input: CircuitInput<SolvencyIn> = {
    stateHash: sh,
    riskRoot: rr,
    multiplier,
    account: pf.account,
    cash: pf.cash,
    nonce: pf.nonce,
    salt: pf.salt,
    instrumentId: pos.map((x) => x.id),
    quantity: slots.map((s) => s.quantity),
    costBasis: slots.map((s) => s.costBasis),
    groupIndex: pos.map((x) => x.group),
    mark: pos.map((x) => x.mark),
    floor: pos.map((x) => x.floor),
    risk: pos.map((x) => x.risk),
    leafIndex: pos.map((x) => x.leafIndex),
    pathElements: pos.map((x) => x.path),
    instrumentCap: levels[p.PATH_LEVELS],
    epoch: market.epoch,
    timestamp: market.timestamp,
    amount: amountSlots(amounts, p),
    token: coll.map((c) => c.token),
    groupTag: coll.map((c) => BigInt(c.groupTag)),
    unitValue: coll.map((c) => c.unitValue),
    groupWitness: m.groupWitness,
  };
  return { input, margin: m, stateHash: sh, riskRoot: rr };
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
