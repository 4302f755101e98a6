/**
 * The stress test's report (docs/STRESS.md): the JSON object (`--json`, `--report`) with
 * every amount as an exact decimal USD string, and the readable text.
 */
import { formatMultiplier, money, usd } from "../../report";
import { formatScaled } from "../../decimal";
import { ScenarioSummary } from "./summary";
import { StressResult } from "./run";
import { MarketMove } from "../market-move";

/** How the historical scenarios were chosen (absent without a history). */
export interface HistoricalInfo {
  horizon: number;
  bars: number;
  interval: number;
  windows: number;
  unmoved: string[];
}

const health = (bps: bigint | null): string | null =>
  bps === null ? null : formatScaled(bps, 4, 4);

function moveJson(m: MarketMove): unknown {
  const groups: Record<string, unknown> = {};
  for (const [id, g] of Object.entries(m.groups ?? {}))
    groups[id] = {
      ...(g.return !== undefined ? { move: g.return } : {}),
      ...(g.volFactor !== undefined ? { volFactor: g.volFactor } : {}),
    };
  const collateral: Record<string, unknown> = {};
  for (const [sym, c] of Object.entries(m.collateral ?? {}))
    if (c.return !== undefined) collateral[sym] = { move: c.return };
  return { groups, collateral };
}

function scenarioJson(s: ScenarioSummary): unknown {
  const lapseAt = new Map(s.lapse.lapses.map((l) => [l.name, l.t]));
  return {
    name: s.scenario.name,
    kind: s.scenario.kind,
    ...(s.scenario.window ? { window: s.scenario.window } : {}),
    move: moveJson(s.scenario.move),
    insolventBefore: s.insolventBefore,
    lapsing: s.lapsing,
    notSolventAfter: s.notSolventAfter,
    inShortfall: s.inShortfall,
    badDebt: usd(s.badDebt),
    insurance: usd(s.insurance),
    covered: s.covered,
    uncovered: usd(s.uncovered),
    firstLapses: s.firstLapses.map((l) => ({ account: l.name, t: l.t })),
    lapseCurve: [0, ...s.lapse.grid].map((t, k) => ({ t, notSolvent: s.lapse.cumulative[k] })),
    distressed: s.distressed.map((o) => ({
      account: o.name,
      equityBefore: usd(o.equityBefore),
      equity: usd(o.equity),
      maintenanceMargin: usd(o.maintenanceMargin),
      shortfall: usd(o.shortfall),
      health: health(o.healthBps),
      solvent: o.solvent,
      lapseAt: lapseAt.get(o.name) ?? null,
    })),
  };
}

/** The report object (stable key order; amounts as decimal USD strings). */
export function stressReportJson(r: StressResult, historical?: HistoricalInfo): unknown {
  const worst = r.worst >= 0 ? r.scenarios[r.worst] : undefined;
  return {
    version: 1,
    accounts: r.accounts,
    multiplier: formatMultiplier(r.multiplierBps),
    insurance: usd(r.insurance),
    lapseSteps: r.steps,
    ...(historical ? { historical } : {}),
    failed: r.failed,
    worst: worst
      ? { scenario: worst.scenario.name, badDebt: usd(worst.badDebt), covered: worst.covered }
      : null,
    scenarios: r.scenarios.map(scenarioJson),
  };
}

const pad = (s: string, n: number): string => (s.length >= n ? s : s + " ".repeat(n - s.length));
const lpad = (s: string, n: number): string => (s.length >= n ? s : " ".repeat(n - s.length) + s);

/** The readable report. */
export function formatStressText(r: StressResult, historical?: HistoricalInfo): string {
  const out: string[] = [];
  out.push(
    `Stress test of ${r.accounts} accounts at maintenance multiplier ${formatMultiplier(r.multiplierBps, 2)}; insurance ${money(r.insurance)} USD`,
  );
  if (historical)
    out.push(
      `Historical windows: ${historical.windows} windows of ${historical.bars} bars x ${historical.interval} s (horizon ${historical.horizon} s)` +
        (historical.unmoved.length > 0
          ? `; groups without history: ${historical.unmoved.join(", ")}`
          : ""),
    );
  out.push("");
  const w = Math.max(8, ...r.scenarios.map((s) => s.scenario.name.length));
  out.push(
    `${pad("scenario", w)}  ${lpad("insolvent before", 16)}  ${lpad("lapsing", 7)}  ${lpad("in shortfall", 12)}  ${lpad("bad debt (USD)", 18)}  covered`,
  );
  for (const s of r.scenarios)
    out.push(
      `${pad(s.scenario.name, w)}  ${lpad(String(s.insolventBefore), 16)}  ${lpad(String(s.lapsing), 7)}  ${lpad(String(s.inShortfall), 12)}  ${lpad(money(s.badDebt), 18)}  ${s.covered ? "yes" : `NO (${money(s.uncovered)} uncovered)`}`,
    );
  for (const s of r.scenarios) {
    out.push("", `${s.scenario.name}: first to lapse (shock fraction t; 0 = before the shock)`);
    if (s.firstLapses.length === 0) out.push("  none");
    const byName = new Map(s.distressed.map((o) => [o.name, o]));
    for (const l of s.firstLapses) {
      const o = byName.get(l.name);
      out.push(
        `  t = ${l.t.toFixed(2)}  ${l.name}` +
          (o
            ? `  equity ${money(o.equity)}  shortfall ${money(o.shortfall)}`
            : "  (solvent again at t = 1)"),
      );
    }
  }
  out.push("");
  if (r.worst >= 0) {
    const s = r.scenarios[r.worst];
    out.push(`Worst scenario: ${s.scenario.name}, bad debt ${money(s.badDebt)} USD`);
  }
  out.push(
    r.failed
      ? "FAILED: bad debt exceeds the insurance balance"
      : "PASSED: bad debt covered by the insurance balance",
  );
  return out.join("\n") + "\n";
}
