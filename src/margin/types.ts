/**
 * What a margin computation yields (SPEC sections 4 and 7.1): every figure of the report and
 * the witnesses the solvency circuit takes, in V (multiplier and correlations in basis
 * points). A v1 market gives v1's figures: no correlation (r_g = 0), no concentration
 * (T = L = 0), no tiers (e_j = a_j).
 */

/** Scan result of one group. */
export interface GroupScan {
  id: string;
  index: number;
  /** `req[s]` = req_{g,s}, V. */
  req: bigint[];
  /** w_g = max(0, max_s req_{g,s}) — also the SDK's per-group witness. */
  requirement: bigint;
  /** argmax_s req_{g,s} (first on ties). */
  worstScenario: number;
  worstScenarioLabel: string;
  /** r_g, basis points (0 without a correlation). */
  correlation: number;
}

/** The concentration add-on of one position slot (SPEC 7.1). */
export interface PositionLiquidity {
  /** Position slot (index in portfolio.json). */
  slot: number;
  instrument: string;
  /** Whether the instrument has concentration data (T, L from market.json). */
  concentrated: boolean;
  /** T_i, 1e-8 contracts. */
  threshold: bigint;
  /** L_i, V per 1e-8 contract. */
  charge: bigint;
  /** x_i = max(0, |q_i| - T_i), 1e-8 contracts (the `excessWitnesses[i]` input). */
  excess: bigint;
  /** x_i L_i, V. */
  addOn: bigint;
}

/** One collateral slot's amount and effective amount (SPEC 7.1 tiers), base units. */
export interface CollateralAmount {
  slot: number;
  symbol: string;
  decimals: number;
  /** a_j. */
  amount: bigint;
  /** e_j (= a_j without tiers). */
  effectiveAmount: bigint;
  /** Whether the token has haircut tiers. */
  tiered: boolean;
}

/** Which SPEC 7.1 features the risk table uses (the report shows only these). */
export interface MarginFeatures {
  /** Some group carries a correlation. */
  correlation: boolean;
  /** Some instrument carries concentration data. */
  concentration: boolean;
  /** Some collateral token has tiers. */
  tiers: boolean;
}

/** All figures of a margin computation, in V (multiplier in basis points). */
export interface MarginResult {
  /** HC_0 = sum_j e_j U[j][0]. */
  haircutCollateral: bigint;
  /** NLV = sum_i (q_i mark_i - c_i) + cash. */
  netLiquidationValue: bigint;
  /** Equity = HC_0 + NLV. */
  equity: bigint;
  /** One entry per group of the risk table. */
  groups: GroupScan[];
  /** Scan = ceil((sum_g (10000 - r_g) w_g + J) / 10000) (= sum_g w_g when every r_g = 0). */
  scan: bigint;
  /** Floor = sum_i |q_i| m_i. */
  floor: bigint;
  /** MM = max(Scan, Floor) + Liquidity. */
  maintenanceMargin: bigint;
  /** M in basis points. */
  multiplier: bigint;
  /** 10000 Equity >= M MM and Equity >= 0. */
  solvent: boolean;
  /** `groupWitness[g]` circuit inputs for g < G (w_g; unused groups 0). */
  witnesses: bigint[];
  /** `jointReq[s]` = sum_g r_g req_{g,s}, V x basis points. */
  jointReq: bigint[];
  /** J = max(0, max_s jointReq[s]), V x basis points. */
  joint: bigint;
  /** argmax_s jointReq[s] (first on ties). */
  jointWorstScenario: number;
  jointWorstScenarioLabel: string;
  /** sum_g w_g: v1's Scan, the groups scanned separately. */
  uncorrelatedScan: bigint;
  /** uncorrelatedScan - scan (>= 0). */
  diversificationCredit: bigint;
  /** One entry per position, in slot order. */
  positionLiquidity: PositionLiquidity[];
  /** Liquidity = sum_i x_i L_i. */
  liquidity: bigint;
  /** One entry per collateral slot of the table. */
  collateral: CollateralAmount[];
  /** e_j per collateral slot j < K (the circuit's effective amounts; a_j = 0 in unused slots). */
  effectiveAmounts: bigint[];
  /** The circuit's witness j (= J). */
  jointWitness: bigint;
  /** The circuit's Scan witness (= scan). */
  scanWitness: bigint;
  /** x_i per position slot i < N (0 for empty slots). */
  excessWitnesses: bigint[];
  /** The SPEC 7.1 features the table uses. */
  features: MarginFeatures;
}
