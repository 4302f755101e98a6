/**
 * The SPEC 7.1 figures of a margin report (issue 14), shown only when the risk table uses the
 * feature, so a v1 report is byte for byte v1's: the joint-scenario requirement and the
 * diversification credit, the liquidity add-on per position and in total, the effective
 * amount of each tiered token.
 */
import { formatScaled } from "../decimal";
import { MULTIPLIER_DECIMALS, Q_DECIMALS, PER_CONTRACT_DECIMALS, V_DECIMALS } from "../bounds";
import type { MarginResult } from "../margin";
import { money, usd } from "./format";

/** A table row: label, right-aligned value, note. */
export type Row = [label: string, value: string, note: string];

/** J is in V x basis points: as exact USD. */
const jointUsd = (j: bigint): string => formatScaled(j, V_DECIMALS + MULTIPLIER_DECIMALS);
/** J as USD rounded to cents for display (J / 10000 V). */
const jointMoney = (j: bigint): string => money(j / 10000n);
const contracts = (x: bigint): string => formatScaled(x, Q_DECIMALS);
const perContract = (l: bigint): string => formatScaled(l, PER_CONTRACT_DECIMALS);
const bps = (r: number): string => formatScaled(BigInt(r), MULTIPLIER_DECIMALS);

const tiered = (r: MarginResult) => r.collateral.filter((c) => c.tiered);
const concentrated = (r: MarginResult) => r.positionLiquidity.filter((p) => p.concentrated);

/** `effectiveCollateral`: symbol -> { amount, effectiveAmount } in tokens (tiers only). */
export function effectiveCollateralJson(r: MarginResult): Record<string, unknown> {
  if (!r.features.tiers) return {};
  const out: Record<string, unknown> = {};
  for (const c of tiered(r))
    out[c.symbol] = {
      amount: formatScaled(c.amount, c.decimals),
      effectiveAmount: formatScaled(c.effectiveAmount, c.decimals),
    };
  return { effectiveCollateral: out };
}

/** `correlation`: the joint scenarios and the diversification credit (correlations only). */
export function correlationJson(r: MarginResult): Record<string, unknown> {
  if (!r.features.correlation) return {};
  return {
    correlation: {
      joint: jointUsd(r.joint),
      jointWorstScenario: r.jointWorstScenario,
      jointWorstScenarioLabel: r.jointWorstScenarioLabel,
      uncorrelatedScan: usd(r.uncorrelatedScan),
      diversificationCredit: usd(r.diversificationCredit),
      scan: usd(r.scan),
    },
  };
}

/** `liquidity`: the add-on of each concentrated position and the total (concentration only). */
export function liquidityJson(r: MarginResult): Record<string, unknown> {
  if (!r.features.concentration) return {};
  return {
    liquidity: {
      total: usd(r.liquidity),
      positions: concentrated(r).map((p) => ({
        instrument: p.instrument,
        threshold: contracts(p.threshold),
        charge: perContract(p.charge),
        excess: contracts(p.excess),
        addOn: usd(p.addOn),
      })),
    },
  };
}

/** The per-group `correlation` of `scan[g]` (correlations only). */
export function groupCorrelationJson(r: MarginResult, g: number): Record<string, unknown> {
  return r.features.correlation ? { correlation: bps(r.groups[g].correlation) } : {};
}

/** The raw integers and circuit witnesses of the features the table uses. */
export function rawFeaturesJson(r: MarginResult): Record<string, unknown> {
  return {
    ...(r.features.correlation
      ? {
          jointScenarios: r.jointReq.map(String),
          joint: r.joint.toString(),
          uncorrelatedScan: r.uncorrelatedScan.toString(),
          diversificationCredit: r.diversificationCredit.toString(),
        }
      : {}),
    ...(r.features.concentration
      ? { liquidity: r.liquidity.toString(), excessWitnesses: r.excessWitnesses.map(String) }
      : {}),
    ...(r.features.tiers ? { effectiveAmounts: r.effectiveAmounts.map(String) } : {}),
  };
}

/** Rows after HC_0: the effective amount of each tiered token the account holds. */
export function collateralRows(r: MarginResult): Row[] {
  if (!r.features.tiers) return [];
  return tiered(r)
    .filter((c) => c.amount > 0n)
    .map((c): Row => [
      `  ${c.symbol} effective (tiers)`,
      `${formatScaled(c.effectiveAmount, c.decimals)} ${c.symbol}`,
      `of ${formatScaled(c.amount, c.decimals)} posted`,
    ]);
}

/** Rows before the Scan total: the groups scanned separately, the joint scenarios, the credit. */
export function correlationRows(r: MarginResult): Row[] {
  if (!r.features.correlation) return [];
  return [
    ["Scan, groups separately", `${money(r.uncorrelatedScan)} USD`, ""],
    [
      "Joint scenarios (J / 10000)",
      `${jointMoney(r.joint)} USD`,
      r.joint > 0n
        ? `worst: ${r.jointWorstScenarioLabel} (s=${r.jointWorstScenario})`
        : "no joint loss",
    ],
    ["Diversification credit", `${money(-r.diversificationCredit)} USD`, ""],
  ];
}

/** The label of group `g`'s Scan row, with its correlation when the table has correlations. */
export function groupLabel(r: MarginResult, g: number): string {
  const grp = r.groups[g];
  return r.features.correlation ? `Scan ${grp.id} (rho ${bps(grp.correlation)})` : `Scan ${grp.id}`;
}

/** Rows after the Floor: each concentrated position's add-on and the total. */
export function liquidityRows(r: MarginResult): Row[] {
  if (!r.features.concentration) return [];
  const rows: Row[] = concentrated(r).map((p) => [
    `Liquidity ${p.instrument}`,
    `${money(p.addOn)} USD`,
    p.excess > 0n
      ? `${contracts(p.excess)} contracts above the threshold ${contracts(p.threshold)}`
      : `within the threshold ${contracts(p.threshold)}`,
  ]);
  rows.push(["Liquidity add-on total", `${money(r.liquidity)} USD`, ""]);
  return rows;
}
