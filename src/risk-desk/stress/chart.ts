/**
 * The stress test's charts (docs/STRESS.md), as {@link ChartSpec}s for renderSvgChart: bad
 * debt per scenario as bars against the insurance balance, and the cumulative number of
 * accounts not solvent against the shock fraction, one line per scenario.
 */
import { ChartSpec, renderSvgChart } from "../chart/svg";
import { pow10, rationalToDouble } from "../../decimal";
import { V_DECIMALS } from "../../bounds";
import { StressResult } from "./run";

const toUsd = (v: bigint): number => rationalToDouble({ num: v, den: pow10(V_DECIMALS) });

/** Bad debt per scenario (bars) and the insurance balance (a horizontal line). */
export function badDebtChart(r: StressResult): ChartSpec {
  return {
    title: `Bad debt per scenario, ${r.accounts} accounts`,
    xLabel: "scenario",
    yLabel: "bad debt (USD)",
    x: "category",
    categories: r.scenarios.map((s) => s.scenario.name),
    series: [
      {
        name: "bad debt",
        kind: "bar",
        points: r.scenarios.map((s, i): [number, number] => [i, toUsd(s.badDebt)]),
      },
    ],
    hLines: [{ y: toUsd(r.insurance), label: "insurance balance" }],
  };
}

/** Cumulative accounts lapsed against the shock fraction t, one line per scenario. */
export function lapseCurveChart(r: StressResult): ChartSpec {
  return {
    title: "Accounts lapsed as the market walks toward each scenario",
    xLabel: "fraction of the shock t",
    yLabel: "accounts lapsed (cumulative)",
    x: "number",
    series: r.scenarios.map((s) => ({
      name: s.scenario.name,
      kind: "line" as const,
      points: [0, ...s.lapse.grid].map((t, k): [number, number] => [t, s.lapse.cumulative[k]]),
    })),
  };
}

/** The bad-debt chart as SVG. */
export function stressChartSvg(r: StressResult): string {
  return renderSvgChart(badDebtChart(r));
}

/** The lapse-curve chart as SVG. */
export function lapseChartSvg(r: StressResult): string {
  return renderSvgChart(lapseCurveChart(r));
}
