/**
 * The margin report's charts (app/chart-svg.ts draws them): requirement per scenario for each
 * group and, when the risk table has correlations (SPEC 7.1), the joint scenarios
 * sum_g r_g req_{g,s} / 10000 beside them. Scenarios are named in prices and vol direction
 * (src/report/scenario-label.ts): "-24%", "vol flat", "(35%)" under a bar, "BTC -24% to
 * 65,740, vol unchanged, 35% weight" in its title, the chart's caption and its aria-label.
 * Under each chart a "values" disclosure lists every scenario's value in words, so the values
 * a pointer gets by hovering are reachable from the keyboard and by screen readers too.
 */
import {
  type MarginResult,
  type RiskTable,
  describeScenario,
  jointScenarioLabels,
  money,
} from "../src/browser";
import { type Bars, barChart } from "./chart-svg";
import { jointUsd } from "./features";
import { el } from "./dom";

/** V (1e-30 USD) as a number of USD, for drawing only. */
const usdNumber = (v: bigint): number => Number(v / 10n ** 26n) / 1e4;

/** "-24% vol flat (35%)" as lines under a bar: ["-24%", "vol flat", "(35%)"]. */
function lines(short: string): string[] {
  const m = /^(.*?) (vol \S+)(?: (\(.*\)))?$/.exec(short);
  return m ? [m[1], m[2], ...(m[3] ? [m[3]] : [])] : [short];
}

/** Counts for the aria-label: "3 scenarios lose, 12 gain". */
function counts(values: readonly bigint[]): string {
  const loss = values.filter((v) => v > 0n).length;
  const gain = values.filter((v) => v < 0n).length;
  return `${loss} of ${values.length} scenarios lose, ${gain} gain`;
}

/** Every bar's value in words: "scenario 15, BTC -24% to 65,740, …" | "1,234.56 USD" | "loss". */
function valuesTable(b: Bars): HTMLElement {
  const details = document.createElement("details");
  details.className = "chart-values";
  const summary = document.createElement("summary");
  summary.textContent = "Values per scenario";
  const table = document.createElement("table");
  table.className = "data";
  const body = table.createTBody();
  b.values.forEach((v, s) => {
    const tr = body.insertRow();
    tr.dataset.scenario = String(s);
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = b.name(s);
    tr.append(th);
    tr.insertCell().textContent = b.show(v);
    const kind = v > 0n ? "loss" : v < 0n ? "gain" : "no change";
    tr.insertCell().textContent = s === b.worst ? `${kind}, worst` : kind;
  });
  details.append(summary, table);
  return details;
}

function chartBox(title: string, data: Record<string, string>, bars: Bars): HTMLElement {
  const div = document.createElement("div");
  div.className = "chart";
  Object.assign(div.dataset, data);
  const p = document.createElement("p");
  p.textContent = title;
  div.append(p, barChart(bars), valuesTable(bars));
  return div;
}

/** The joint-scenario chart: jointReq[s] / 10000 per scenario, J's scenario highlighted. */
function jointChart(table: RiskTable, m: MarginResult): HTMLElement {
  const loses = m.joint > 0n;
  const s = m.jointWorstScenario;
  const worst = loses
    ? `worst: scenario ${s}, ${jointScenarioLabels(table, s).long}`
    : "no joint loss";
  const title = `Joint scenarios (Σ_g r_g req_g,s / 10000): J / 10000 = ${jointUsd(m.joint)} (${worst})`;
  const chart: Bars = {
    values: m.jointReq,
    usd: (v) => usdNumber(v / 10000n),
    show: jointUsd,
    axisLabel: (i) => lines(jointScenarioLabels(table, i).short),
    name: (i) => `scenario ${i}, ${jointScenarioLabels(table, i).long}`,
    worst: loses ? s : undefined,
    label: `Joint scenarios: requirement per scenario in USD; ${worst}, ${jointUsd(m.joint)}; ${counts(m.jointReq)}`,
  };
  const box = chartBox(title, { joint: "true" }, chart);
  box.classList.add("joint");
  return box;
}

/** One bar chart per group (req[s] per scenario, the worst marked), then the joint one. */
export function renderCharts(table: RiskTable, m: MarginResult): void {
  const box = el("charts");
  box.replaceChildren();
  for (const g of m.groups) {
    const loses = g.requirement > 0n;
    const worst = loses
      ? `worst: scenario ${g.worstScenario}, ${describeScenario(table, g.id, g.worstScenario).long}`
      : "no scenario loses";
    const chart: Bars = {
      values: g.req,
      usd: usdNumber,
      show: (v) => `${money(v)} USD`,
      axisLabel: (s) => lines(describeScenario(table, g.id, s).short),
      name: (s) => `scenario ${s}, ${describeScenario(table, g.id, s).long}`,
      worst: loses ? g.worstScenario : undefined,
      label: `${g.id}: requirement per scenario in USD; ${worst}, ${money(g.requirement)} USD; ${counts(g.req)}`,
    };
    box.append(
      chartBox(
        `${g.id}: requirement ${money(g.requirement)} USD (${worst})`,
        { group: g.id },
        chart,
      ),
    );
  }
  if (m.features.correlation) box.append(jointChart(table, m));
  el("charts-title").textContent = m.features.correlation
    ? "Requirement per scenario, by group and jointly"
    : "Requirement per scenario, by group";
}
