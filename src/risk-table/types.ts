/**
 * The risk table of an epoch (SPEC section 4, PROTOCOL sections 3-6): integer marks,
 * floors, scenario losses and collateral unit values, with the roots that bind them.
 */
import { VolShift } from "../scenarios";
import { CircuitInstance } from "../instances";
import { InstrumentKind } from "../instruments";

export type { InstrumentKind };

/** A risk group (underlying). Only `index` is bound by the root; the rest is informative. */
export interface RiskGroup {
  id: string;
  index: number;
  /** Group price P_g, psr, vsr as decimal strings (informative). */
  price: string;
  psr: string;
  vsr: string;
  /** The tenor rule of options' volatility shifts (SPEC 7.1), when the market gives one. */
  vsrTenor?: { days: string; power: string };
  /** rho_g as a decimal (SPEC 7.1), when the market gives one (informative). */
  correlation?: string;
  /** r_g = rho_g in basis points, 0..10000 (0 without a correlation); bound by the risk root. */
  correlationBps: number;
}

/** A scenario as recorded in risk.json (informative; the numbers are in `risk`/`unitValues`). */
export interface RiskScenario {
  index: number;
  label: string;
  /** Price move in units of PSR, as "0", "1/3", "-3". */
  k: string;
  vol: VolShift;
  coverage: string;
}

/** One instrument leaf of the risk table (integer fields per PROTOCOL section 3). */
export interface RiskInstrument {
  /** Leaf index in the instrument tree (= position in market.json). */
  index: number;
  id: string;
  /** `idField(id)`. */
  idField: bigint;
  group: string;
  groupIndex: number;
  kind: InstrumentKind;
  /** Contract multiplier (informative; already folded into mark and risk). */
  multiplier: string;
  /** Mark per contract, V per 1e-8 contract (>= 0, < 2^100). */
  mark: bigint;
  /** Floor margin per contract, V per 1e-8 contract (>= 0, < 2^100). */
  floor: bigint;
  /** `risk[s]` = R[i][s], signed, V per 1e-8 contract (abs < 2^100). */
  risk: bigint[];
  /** The concentration add-on as in market.json (SPEC 7.1), when it has one (informative). */
  concentration?: RiskConcentration;
  /** T_i, 1e-8 contracts (0 <= T < 2^64; 0 without concentration); in the leaf's groupWord. */
  liquidityThreshold: bigint;
  /** L_i, V per 1e-8 contract, charge rounded up (0 <= L < 2^100; 0 without); in groupWord. */
  liquidityCharge: bigint;
}

/** `instruments[].concentration` of market.json, as normalized decimals. */
export interface RiskConcentration {
  /** Contracts held without a charge. */
  threshold: string;
  /** USD per contract above the threshold. */
  charge: string;
}

/** One haircut tier above a token's base haircut (SPEC 7.1, `collateral[].tiers[t]`). */
export interface RiskTier {
  /** `above` in whole tokens, as a normalized decimal (informative: `aboveUnits` is bound). */
  above: string;
  /** The tier's haircut h_t, a normalized decimal (informative: `factor` is bound). */
  haircut: string;
  /** A_t = above x 10^decimals, base units (0 < A_t < 2^100); in the leaf's tagWord. */
  aboveUnits: bigint;
  /** f_t = floor(10000 (1 - h_t) / (1 - h_0)), basis points (0..10000); in tagWord. */
  factor: number;
}

/** One collateral slot of the risk table. */
export interface RiskCollateral {
  slot: number;
  symbol: string;
  /** Token address (lower case, 0x + 40 hex). */
  token: string;
  /** Token address as a field element. */
  tokenField: bigint;
  decimals: number;
  /** Group id, or null for a stable asset. */
  group: string | null;
  /** Group index + 1, or 0 for no group. */
  groupTag: number;
  /** `unitValues[s]` = U[j][s], V per base unit (>= 0, < 2^120). */
  unitValues: bigint[];
  /**
   * The token's base haircut h_0 as a normalized decimal: recorded (informative) only with
   * tiers, so risk.json can check each tier's factor against it.
   */
  haircut?: string;
  /** Haircut tiers, at most 2, `aboveUnits` increasing ([] without tiers: e_j = a_j). */
  tiers: RiskTier[];
}

/** The roots of a risk table (PROTOCOL section 6). */
export interface RiskRoots {
  instrumentRoot: bigint;
  collateralRoot: bigint;
  riskRoot: bigint;
}

/** A compiled risk table. */
export interface RiskTable extends RiskRoots {
  version: 1;
  instance: CircuitInstance;
  epoch: number;
  timestamp: number;
  groups: RiskGroup[];
  scenarios: RiskScenario[];
  instruments: RiskInstrument[];
  collateral: RiskCollateral[];
}

/** The fields of a table before its roots are computed (what build and parse assemble). */
export type RiskTableFields = Omit<RiskTable, keyof RiskRoots>;
