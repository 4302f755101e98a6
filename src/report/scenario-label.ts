/**
 * Scenarios named in words and prices (issue 17, point 7): "BTC -24% to 65,740, vol
 * unchanged, 35% weight" for a report or a tooltip, and "-24% vol flat (35%)" for a chart's
 * axis. The price move of scenario s in group g is k_s x PSR_g of the group price P_g, to
 * the scenario price P_g (1 + k_s PSR_g) (PROTOCOL section 5, as src/risk-table/compile.ts
 * prices it); the weight is the scenario's coverage c_s. Everything comes from the risk table
 * (its groups keep P_g and PSR_g as decimal strings); a caller may pass another group price
 * (e.g. a what-if's shifted market). Exact rational maths, rounded only for display.
 * Browser-safe.
 */
import {
  type Rational,
  ONE,
  add,
  decimalToRational,
  formatScaled,
  mul,
  parseDecimal,
  pow10,
  rat,
  roundHalfAwayRat,
} from "../decimal";
import { ArgumentError } from "../errors";
import type { RiskGroup, RiskScenario } from "../risk-table/types";

/** The parts of a risk table a scenario label reads. */
export interface LabelTable {
  groups: readonly Pick<RiskGroup, "id" | "index" | "price" | "psr">[];
  scenarios: readonly RiskScenario[];
}

/** Volatility direction in words. */
export type VolDirection = "up" | "down" | "unchanged";

/** A scenario of one group, described. */
export interface ScenarioDescription {
  group: string;
  scenario: number;
  /** k_s x PSR_g: the price move as a fraction of the group price (exact). */
  move: Rational;
  /** The group price the move applies to (exact). */
  groupPrice: Rational;
  /** P_g (1 + k_s PSR_g), exact. */
  price: Rational;
  vol: VolDirection;
  /** The coverage c_s (1 for the ordinary scenarios). */
  weight: Rational;
  /** "-24%", "+2.67%", "0%" (2 decimals at most, half away from zero). */
  moveText: string;
  /** "65,740", "88,806.67" (see {@link formatPrice}). */
  priceText: string;
  /** "35%", or null when the weight is 100%. */
  weightText: string | null;
  /** "BTC -24% to 65,740, vol unchanged, 35% weight"; "BTC unchanged at 86,500, vol up". */
  long: string;
  /** "-24% vol flat (35%)", "+2.67% vol up", "0% vol down". */
  short: string;
}

/** Parses "1/3", "-3", "0.35" (the risk table's k and coverage strings). */
function parseRational(s: string, what: string): Rational {
  const m = /^(-?[0-9]+)\/([0-9]+)$/.exec(s);
  if (m && BigInt(m[2]) !== 0n) return rat(BigInt(m[1]), BigInt(m[2]));
  const d = parseDecimal(s);
  if (!d) throw new ArgumentError(what, `must be a decimal or a fraction, got "${s}"`);
  return decimalToRational(d);
}

/** `x` rounded half away from zero to `decimals` digits, as a scaled integer. */
function scaled(x: Rational, decimals: number): bigint {
  return roundHalfAwayRat(mul(x, rat(pow10(decimals))));
}

function thousands(s: string): string {
  const [int, frac] = s.split(".");
  const negative = int.startsWith("-");
  const digits = (negative ? int.slice(1) : int).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}${digits}${frac ? `.${frac}` : ""}`;
}

/** A fraction as a percentage with at most 2 decimals: "-24%", "+2.67%", "35%". */
export function formatPercent(x: Rational, signed = false): string {
  const s = formatScaled(scaled(x, 4), 2);
  return `${signed && s !== "0" && !s.startsWith("-") ? "+" : ""}${s}%`;
}

/**
 * A price for people, with thousands separators: whole units from 1,000 up ("65,740"),
 * cents from 1 up ("6.24", "2,660" when the cents are 0), 6 significant-enough decimals
 * below 1 ("0.052133"), trailing zeros dropped.
 */
export function formatPrice(p: Rational): string {
  const abs = p.num < 0n ? rat(-p.num, p.den) : p;
  const decimals = abs.num >= 1000n * abs.den ? 0 : abs.num >= abs.den ? 2 : 6;
  return thousands(formatScaled(scaled(p, decimals), decimals));
}

function findGroup(table: LabelTable, group: string | number): LabelTable["groups"][number] {
  const g =
    typeof group === "number"
      ? table.groups.find((x) => x.index === group)
      : table.groups.find((x) => x.id === group);
  if (!g) throw new ArgumentError("group", `no group ${JSON.stringify(group)} in the risk table`);
  return g;
}

/**
 * Scenario `s` of `group` (id or index) in words and prices. `groupPrice` (a decimal string)
 * replaces the table's P_g, e.g. for a shifted market. Throws an {@link ArgumentError} for an
 * unknown group or scenario.
 */
export function describeScenario(
  table: LabelTable,
  group: string | number,
  s: number,
  groupPrice?: string,
): ScenarioDescription {
  const g = findGroup(table, group);
  const sc = table.scenarios[s];
  if (!sc || !Number.isInteger(s))
    throw new ArgumentError("scenario", `must be 0..${table.scenarios.length - 1}`);
  const base = parseRational(groupPrice ?? g.price, `${g.id}.price`);
  const move = mul(parseRational(sc.k, `scenarios[${s}].k`), parseRational(g.psr, `${g.id}.psr`));
  const price = mul(base, add(ONE, move));
  const weight = parseRational(sc.coverage, `scenarios[${s}].coverage`);
  const vol: VolDirection = sc.vol === "none" ? "unchanged" : sc.vol;
  const moveText = formatPercent(move, true);
  const priceText = formatPrice(price);
  const full = weight.num === weight.den;
  const weightText = full ? null : formatPercent(weight);
  const where = move.num === 0n ? `unchanged at ${priceText}` : `${moveText} to ${priceText}`;
  return {
    group: g.id,
    scenario: s,
    move,
    groupPrice: base,
    price,
    vol,
    weight,
    moveText,
    priceText,
    weightText,
    long: `${g.id} ${where}, vol ${vol}${full ? "" : `, ${weightText} weight`}`,
    short: `${moveText} vol ${vol === "unchanged" ? "flat" : vol}${full ? "" : ` (${weightText})`}`,
  };
}

/** "BTC -24% to 65,740, vol unchanged, 35% weight" (see {@link describeScenario}). */
export function scenarioLabel(
  table: LabelTable,
  group: string | number,
  s: number,
  groupPrice?: string,
): string {
  return describeScenario(table, group, s, groupPrice).long;
}

/** "-24% vol flat (35%)": the short form for a chart's axis. */
export function scenarioShortLabel(table: LabelTable, group: string | number, s: number): string {
  return describeScenario(table, group, s).short;
}

/**
 * A joint scenario (SPEC 7.1: scenario s in every group at once) in words: "every group
 * -3 PSR (BTC -24% to 65,740, ETH -30% to 1,995), vol unchanged, 35% weight", and the short
 * form "-3 PSR vol flat (35%)".
 */
export function jointScenarioLabels(table: LabelTable, s: number): { long: string; short: string } {
  const each = table.groups.map((g) => describeScenario(table, g.index, s));
  const sc = table.scenarios[s];
  const k = sc.k === "0" ? "0" : sc.k.startsWith("-") ? sc.k : `+${sc.k}`;
  const first = each[0];
  const vol = first?.vol ?? (sc.vol === "none" ? "unchanged" : sc.vol);
  const weight = first?.weightText ?? null;
  const moves = each.map((d) =>
    d.move.num === 0n
      ? `${d.group} at ${d.priceText}`
      : `${d.group} ${d.moveText} to ${d.priceText}`,
  );
  return {
    long: `every group ${k} PSR (${moves.join(", ")}), vol ${vol}${weight ? `, ${weight} weight` : ""}`,
    short: `${k} PSR vol ${vol === "unchanged" ? "flat" : vol}${weight ? ` (${weight})` : ""}`,
  };
}
