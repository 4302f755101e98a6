/**
 * The 16 scenarios of PROTOCOL section 5.
 */
import { Rational, rat, formatRational } from "./decimal";

/** Volatility shift of a scenario. */
export type VolShift = "up" | "down" | "none";

/** One scenario: price move k (in units of PSR), volatility shift, coverage. */
export interface Scenario {
  index: number;
  k: Rational;
  vol: VolShift;
  coverage: Rational;
  /** Human label, e.g. "+1/3 vol up" or "-3x (35%)". */
  label: string;
}

/** Default extreme move multiple X and coverage C. */
export const DEFAULT_EXTREME_MULTIPLE: Rational = rat(3n);
export const DEFAULT_EXTREME_COVERAGE: Rational = rat(35n, 100n);

const MOVES: readonly Rational[] = [
  rat(0n),
  rat(1n, 3n),
  rat(-1n, 3n),
  rat(2n, 3n),
  rat(-2n, 3n),
  rat(1n),
  rat(-1n),
];

function moveLabel(k: Rational): string {
  if (k.num === 0n) return "0";
  const a = k.num < 0n ? -k.num : k.num;
  const sign = k.num < 0n ? "-" : "+";
  return k.den === 1n ? `${sign}${a}` : `${sign}${a}/${k.den}`;
}

function percent(c: Rational): string {
  return `${formatRational(rat(c.num * 100n, c.den))}%`;
}

/** The 16 scenarios for extreme multiple X and extreme coverage C. */
export function buildScenarios(
  extremeMultiple: Rational = DEFAULT_EXTREME_MULTIPLE,
  extremeCoverage: Rational = DEFAULT_EXTREME_COVERAGE,
): Scenario[] {
  const out: Scenario[] = [];
  for (const k of MOVES) {
    for (const vol of ["up", "down"] as const) {
      out.push({
        index: out.length,
        k,
        vol,
        coverage: rat(1n),
        label: `${moveLabel(k)} vol ${vol}`,
      });
    }
  }
  const x = formatRational(extremeMultiple);
  for (const sign of [1n, -1n]) {
    out.push({
      index: out.length,
      k: rat(sign * extremeMultiple.num, extremeMultiple.den),
      vol: "none",
      coverage: extremeCoverage,
      label: `${sign > 0n ? "+" : "-"}${x}x (${percent(extremeCoverage)})`,
    });
  }
  return out;
}
