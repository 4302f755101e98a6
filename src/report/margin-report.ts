/**
 * The margin report of a {@link MarginResult}: the `margin --json` object (SPEC section 5)
 * and the readable table.
 */
import type { MarginResult } from "../margin";
import { formatMultiplier, healthString, money, usd } from "./format";
import {
  Row,
  collateralRows,
  correlationJson,
  correlationRows,
  effectiveCollateralJson,
  groupCorrelationJson,
  groupLabel,
  liquidityJson,
  liquidityRows,
  rawFeaturesJson,
} from "./features-report";

/** The `margin --json` object (SPEC section 5), keys in a fixed order. */
export function marginReportJson(r: MarginResult): unknown {
  const scan: Record<string, unknown> = {};
  const rawScan: Record<string, unknown> = {};
  for (const g of r.groups) {
    scan[g.id] = {
      requirement: usd(g.requirement),
      worstScenario: g.worstScenario,
      worstScenarioLabel: g.worstScenarioLabel,
      ...groupCorrelationJson(r, g.index),
    };
    rawScan[g.id] = {
      requirement: g.requirement.toString(),
      worstScenario: g.worstScenario,
      scenarios: g.req.map(String),
    };
  }
  return {
    haircutCollateral: usd(r.haircutCollateral),
    ...effectiveCollateralJson(r),
    netLiquidationValue: usd(r.netLiquidationValue),
    equity: usd(r.equity),
    scan,
    ...correlationJson(r),
    floor: usd(r.floor),
    ...liquidityJson(r),
    maintenanceMargin: usd(r.maintenanceMargin),
    multiplier: formatMultiplier(r.multiplier),
    health: healthString(r),
    solvent: r.solvent,
    raw: {
      haircutCollateral: r.haircutCollateral.toString(),
      netLiquidationValue: r.netLiquidationValue.toString(),
      equity: r.equity.toString(),
      scan: rawScan,
      totalScan: r.scan.toString(),
      floor: r.floor.toString(),
      maintenanceMargin: r.maintenanceMargin.toString(),
      multiplier: r.multiplier.toString(),
      witnesses: r.witnesses.map(String),
      ...rawFeaturesJson(r),
    },
  };
}

/**
 * A readable multi-line table of the report (USD rounded to cents for display). `block`, when
 * given (e.g. ./requirement.ts's text), is printed after the table and before the verdict.
 */
export function formatMarginText(r: MarginResult, block?: string): string {
  const rows: Row[] = [
    ["Haircut collateral (HC_0)", `${money(r.haircutCollateral)} USD`, ""],
    ...collateralRows(r),
    ["Net liquidation value", `${money(r.netLiquidationValue)} USD`, ""],
    ["Equity", `${money(r.equity)} USD`, ""],
  ];
  for (const g of r.groups) {
    const note =
      g.requirement > 0n
        ? `worst: ${g.worstScenarioLabel} (s=${g.worstScenario})`
        : "no loss in any scenario";
    rows.push([groupLabel(r, g.index), `${money(g.requirement)} USD`, note]);
  }
  rows.push(...correlationRows(r));
  rows.push(["Scan total", `${money(r.scan)} USD`, ""]);
  rows.push(["Floor", `${money(r.floor)} USD`, ""]);
  rows.push(...liquidityRows(r));
  rows.push([
    "Maintenance margin (MM)",
    `${money(r.maintenanceMargin)} USD`,
    r.floor > r.scan ? "floor binds" : "",
  ]);
  rows.push(["Multiplier", formatMultiplier(r.multiplier, 2), ""]);
  rows.push(["Health (Equity / MM)", healthString(r) ?? "n/a (MM = 0)", ""]);
  const w0 = Math.max(...rows.map((x) => x[0].length));
  const w1 = Math.max(...rows.map((x) => x[1].length));
  const lines = rows.map(([a, b, c]) => `${a.padEnd(w0)}  ${b.padStart(w1)}${c ? `  ${c}` : ""}`);
  if (block) lines.push("", block.replace(/\n$/, ""));
  lines.push("");
  lines.push(r.solvent ? "SOLVENT" : "INSOLVENT");
  return lines.join("\n") + "\n";
}
