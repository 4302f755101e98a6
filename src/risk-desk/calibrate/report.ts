/**
 * The calibration report: every figure as JSON, and the same as text. The v2 fields
 * (correlation, tiers, concentration; SPEC 7.1) are also reported apart, in the `v2` object
 * and text section; the fragment and the merged market carry them too.
 */
import { type CalibrationFragment, calibrationFragment } from "./fragment";
import type { Calibration, DataRange, HistoryStats } from "./types";

/** The heading of the SPEC 7.1 fields in the report. */
export const V2_NOTE = "v2 fields (SPEC 7.1), written to the fragment and the merged market";

export interface CalibrationReport {
  version: 1;
  kind: "calibration";
  options: Calibration["options"];
  factor: string;
  /** What goes into market.json. */
  fragment: CalibrationFragment;
  groups: Calibration["groups"];
  collateral: Omit<Calibration["collateral"][number], "tiers">[];
  v2: {
    note: string;
    correlation: Record<string, string>;
    tiers: Record<string, { above: string; haircut: string }[]>;
    concentration: Record<string, { threshold: string; charge: string }>;
  };
  unused: string[];
  notes: string[];
}

/** The JSON report of `c`. */
export function calibrationReport(c: Calibration): CalibrationReport {
  const correlation: Record<string, string> = {};
  for (const g of c.groups) if (g.correlation !== null) correlation[g.id] = g.correlation;
  const tiers: CalibrationReport["v2"]["tiers"] = {};
  for (const x of c.collateral) if (x.tiers) tiers[x.symbol] = x.tiers;
  const concentration: CalibrationReport["v2"]["concentration"] = {};
  for (const i of c.instruments) if (i.concentration) concentration[i.id] = i.concentration;
  return {
    version: 1,
    kind: "calibration",
    options: c.options,
    factor: c.factor,
    fragment: calibrationFragment(c),
    groups: c.groups,
    collateral: c.collateral.map(({ tiers: _t, ...rest }) => rest),
    v2: { note: V2_NOTE, correlation, tiers, concentration },
    unused: c.unused,
    notes: c.notes,
  };
}

const pct = (x: number | null, d = 2): string => (x === null ? "-" : `${(x * 100).toFixed(d)}%`);
const day = (t: number): string => new Date(t * 1000).toISOString().slice(0, 16).replace("T", " ");

function span(s: HistoryStats | null): string {
  if (!s) return "no history (market.json value kept)";
  const r: DataRange = s.range;
  return `${r.source}: ${day(r.from)} .. ${day(r.to)} UTC, ${r.bars} bars of ${r.interval} s, horizon ${s.horizonBars.toFixed(3)} bars`;
}

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
}

function table(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [pad(head, widths), ...rows.map((r) => pad(r, widths))];
}

/** The text report of `c`. */
export function calibrationText(c: Calibration): string {
  const o = c.options;
  const lines: string[] = [
    `calibration: horizon ${o.horizonSeconds} s, ES at ${o.confidence}, EWMA lambda ${o.lambda}, ` +
      `${o.paths} FHS paths (seed ${o.seed})${o.windowDays === null ? "" : `, last ${o.windowDays} days`}`,
    "",
    "groups",
    ...table(
      ["id", "psr", "vsr", "sigma/bar", "sigma/yr", "ES|R|", "VaR|R|", "ES dvol"],
      c.groups.map((g) => [
        g.id,
        g.psr,
        g.vsr,
        pct(g.stats?.sigma ?? null, 3),
        pct(g.stats?.sigmaAnnualised ?? null, 1),
        pct(g.esAbs, 3),
        pct(g.varAbs, 3),
        pct(g.esVol, 2),
      ]),
    ),
    ...c.groups.map((g) => `  ${g.id}: ${span(g.stats)}`),
    "",
    "collateral",
    ...table(
      ["symbol", "haircut", "sigma/yr", "ES(-R)"],
      c.collateral.map((x) => [
        x.symbol,
        x.haircut,
        pct(x.stats?.sigmaAnnualised ?? null, 1),
        pct(x.esLong, 3),
      ]),
    ),
    ...c.collateral.map((x) => `  ${x.symbol}: ${span(x.stats)}`),
  ];
  const rho = c.groups.filter((g) => g.correlation !== null);
  const tiers = c.collateral.filter((x) => x.tiers && x.tiers.length > 0);
  const conc = c.instruments.filter((i) => i.concentration);
  if (rho.length + tiers.length + conc.length > 0) {
    lines.push("", `${V2_NOTE}:`);
    if (rho.length > 0)
      lines.push(
        `  correlation to the ${c.factor} factor: ` +
          rho.map((g) => `${g.id} ${g.correlation}`).join(", "),
      );
    for (const x of tiers)
      lines.push(
        `  tiers ${x.symbol} (ADV ${x.stats?.adv?.toPrecision(6)}): ` +
          (x.tiers ?? []).map((t) => `above ${t.above} -> ${t.haircut}`).join(", "),
      );
    for (const i of conc)
      lines.push(
        `  concentration ${i.id}: threshold ${i.concentration?.threshold} contracts, ` +
          `charge ${i.concentration?.charge} USD per contract beyond`,
      );
  }
  if (c.unused.length > 0)
    lines.push("", `histories not used (no such group or token): ${c.unused.join(", ")}`);
  if (c.notes.length > 0) lines.push("", "notes", ...c.notes.map((n) => `  - ${n}`));
  return lines.join("\n") + "\n";
}
