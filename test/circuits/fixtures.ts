/**
 * Self-contained honest inputs for the circuit tests: the hash layouts of PROTOCOL
 * section 6 (with the packed words of the margin model v2) written here independently of the
 * SDK (only the Poseidon primitive, src/poseidon/, is shared); the margin maths of SPEC
 * sections 4 and 7.1 with the witnesses are fixtures-margin.ts, the circuit input
 * fixtures-input.ts (both re-exported here).
 *
 * The risk data are synthetic integers in the units of PROTOCOL section 3 (a linear
 * perpetual-like risk array and a made-up option-like one): the circuit does not care
 * how they were produced, only that they hash to the risk root.
 */
import { hash as poseidon } from "../../src/poseidon";
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
  /** SPEC 7.1 concentration: threshold T (1e-8 contracts) and charge L (V per 1e-8 contract). */
  threshold?: bigint;
  charge?: bigint;
}
/** A haircut tier (SPEC 7.1): from `above` base units on, amounts count `factor` bps. */
export interface Tier {
  above: bigint;
  factor: bigint;
}
export interface Collateral {
  token: bigint;
  groupTag: number; // 0 = no group, else group index + 1
  unitValue: bigint[]; // S entries, V per base unit
  tiers?: Tier[]; // at most 2, `above` increasing, factors non-increasing
}
export interface Market {
  epoch: bigint;
  timestamp: bigint;
  instruments: Instrument[];
  collateral: Collateral[];
  /** SPEC 7.1 correlation r_g in basis points per group (absent: 0). */
  correlation?: bigint[];
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

export const ceilDiv = (a: bigint, b: bigint): bigint => {
  const q = a / b;
  return q * b < a ? q + 1n : q; // b > 0
};
export const floorDiv = (a: bigint, b: bigint): bigint => {
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

/**
 * demoMarket with every SPEC 7.1 feature: correlations 0.6 / 0.5, a concentration threshold of
 * 5 contracts at 50 USD per contract on ETH-PERP, and WETH tiers above 10 ETH at 90% and above
 * 15 ETH at 70% of its base value.
 */
export function v2Market(): Market {
  const m = demoMarket();
  m.correlation = [6000n, 5000n];
  m.instruments[1] = { ...m.instruments[1], threshold: 500000000n, charge: 50n * PER_CONTRACT };
  m.collateral[2] = {
    ...m.collateral[2],
    tiers: [
      { above: 10n * 10n ** 18n, factor: 9000n },
      { above: 15n * 10n ** 18n, factor: 7000n },
    ],
  };
  return m;
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
const TIER_NONE = 2n ** 100n;
/** The two tier slots of a token, absent ones as A = 2^100, f = 0. */
export function tierSlots(c: Collateral): Tier[] {
  const t = c.tiers ?? [];
  return [0, 1].map((k) => t[k] ?? { above: TIER_NONE, factor: 0n });
}
/** groupWord = g + 2^8 T + 2^74 L. */
export function groupWord(inst: Instrument): bigint {
  return (
    BigInt(inst.groupIndex) + (inst.threshold ?? 0n) * 2n ** 8n + (inst.charge ?? 0n) * 2n ** 74n
  );
}
/** tagWord = tag + 2^8 f_1 + 2^22 f_2 + 2^36 D_1 + 2^138 D_2, D = 2^100 - A. */
export function tagWord(c: Collateral): bigint {
  const [t1, t2] = tierSlots(c);
  return (
    BigInt(c.groupTag) +
    t1.factor * 2n ** 8n +
    t2.factor * 2n ** 22n +
    (TIER_NONE - t1.above) * 2n ** 36n +
    (TIER_NONE - t2.above) * 2n ** 138n
  );
}
/** epochWord = epoch + 2^64 sum_g 2^(14 g) r_g. */
export function epochWord(market: Market): bigint {
  const r = market.correlation ?? [];
  return r.reduce((w, rg, g) => w + rg * 2n ** BigInt(64 + 14 * g), market.epoch);
}
export function instrumentLeaf(inst: Instrument): bigint {
  return hash([idField(inst.id), groupWord(inst), inst.mark, inst.floor, hash(inst.risk)]);
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

export function collateralSlots(market: Market, p: Params): Collateral[] {
  if (market.collateral.length > p.K) throw new Error("too many collateral tokens");
  const empty: Collateral = { token: 0n, groupTag: 0, unitValue: Array(p.S).fill(0n) };
  return Array.from({ length: p.K }, (_, j) => market.collateral[j] ?? empty);
}

export function collateralRoot(market: Market, p: Params): bigint {
  return hash(
    collateralSlots(market, p).map((c) => hash([c.token, tagWord(c), hash(c.unitValue)])),
  );
}

export function riskRoot(market: Market, p: Params): bigint {
  const root = instrumentTree(market, p.DEPTH)[p.DEPTH][0];
  return hash([root, collateralRoot(market, p), epochWord(market), market.timestamp]);
}

export function positionSlots(pf: Portfolio, p: Params): Position[] {
  if (pf.positions.length > p.N) throw new Error("too many positions");
  return Array.from(
    { length: p.N },
    (_, i) => pf.positions[i] ?? { instrument: "", quantity: 0n, costBasis: 0n },
  );
}
export const slotId = (pos: Position): bigint =>
  pos.instrument === "" ? 0n : idField(pos.instrument);

/** Hash_{3N+4}(account, ids, q, c, cash, nonce, salt) for N <= 4, else Hash_7(account, Hash_N(ids), Hash_N(q), Hash_N(c), cash, nonce, salt). */
export function commitment(pf: Portfolio, p: Params): bigint {
  const slots = positionSlots(pf, p);
  if (3 * p.N + 4 <= 16)
    return hash([
      pf.account,
      ...slots.map(slotId),
      ...slots.map((pos) => pos.quantity),
      ...slots.map((pos) => pos.costBasis),
      pf.cash,
      pf.nonce,
      pf.salt,
    ]);
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

export * from "./fixtures-margin";
export * from "./fixtures-input";
