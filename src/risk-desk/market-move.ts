/**
 * A market moved: the same instruments and collateral repriced at new group prices, new
 * implied volatilities, a new time, and optionally new risk parameters. The risk desk's
 * tools (backtest, stress, oracle) value a book or publish an epoch on such markets; every
 * figure they report comes from the exact margin maths on the moved market.
 *
 * Repricing uses each instrument kind's own model value (src/instruments), the one the risk
 * table uses for its scenarios: a linear mark scales with its group price; an option's mark
 * moves by the change of its Black-76 value from (old price, iv, old time) to (new forward,
 * iv x volFactor, new time to expiry; intrinsic once expired), floored at 0, so the quote's
 * distance from the model is kept and an unmoved market keeps its marks exactly. The result
 * is checked by {@link parseMarket} like any market.json.
 *
 * Rounding (doubles become market.json decimals): prices, implied volatilities and collateral
 * prices keep 10 significant digits; marks are rounded to the nearest 1e-8 USD.
 */
import {
  Decimal,
  Rational,
  ZERO,
  add,
  cmp,
  decimalToRational,
  sub,
  formatScaled,
  mul,
  pow10,
  rat,
  rationalToDouble,
  roundHalfAwayRat,
} from "../decimal";
import { ArgumentError } from "../errors";
import { type Market, type MarketInstrument, parseMarket } from "../schema";
import { instrumentKind } from "../instruments";

/** How one group moves. `price` (absolute) wins over `return` (relative, > -1). */
export interface GroupMove {
  price?: number;
  return?: number;
  /** Implied volatilities of the group's options are multiplied by this (> 0). */
  volFactor?: number;
  /** New scan ranges (decimal strings as in market.json). */
  psr?: string;
  vsr?: string;
  /** New correlation to the market factor (SPEC 7.1; decimal string). */
  correlation?: string;
}

/** How one collateral token moves. Without a price or return it moves with its group. */
export interface CollateralMove {
  price?: number;
  return?: number;
  haircut?: string;
  /** New haircut tiers (SPEC 7.1). Kept tiers are raised to at least a new `haircut`. */
  tiers?: ReadonlyArray<{ above: string; haircut: string }>;
}

export interface MarketMove {
  /** The moved market's timestamp (default: unchanged). */
  timestamp?: number;
  /** The moved market's epoch (default: unchanged). */
  epoch?: number;
  groups?: Readonly<Record<string, GroupMove>>;
  collateral?: Readonly<Record<string, CollateralMove>>;
  /** New concentration add-ons by instrument id (SPEC 7.1). */
  concentration?: Readonly<Record<string, { threshold: string; charge: string }>>;
  /**
   * Keep each option's time to expiry instead of its expiry date (a backtest replays a
   * template market along history: its options stay as far from expiry as on the template).
   */
  shiftExpiries?: boolean;
}

/** Significant digits of a double written as a market.json decimal. */
export const MOVE_SIGNIFICANT_DIGITS = 10;
/** Decimals of a repriced mark (1e-8 USD). */
export const MARK_DECIMALS = 8;

/** A finite positive double as a plain decimal string with `sig` significant digits. */
export function doubleToDecimalString(x: number, sig = MOVE_SIGNIFICANT_DIGITS): string {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  if (x === 0) return "0";
  const digits = Math.min(100, Math.max(0, sig - 1 - Math.floor(Math.log10(Math.abs(x)))));
  const s = x.toFixed(digits);
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
}

const text = (d: Decimal): string => formatScaled(d.units, d.scale);

function roundedMark(r: Rational): string {
  const units = roundHalfAwayRat(mul(r, rat(pow10(MARK_DECIMALS))));
  return formatScaled(units, MARK_DECIMALS);
}

function movedPrice(old: number, move: { price?: number; return?: number }, name: string): number {
  if (move.price !== undefined) {
    if (!(move.price > 0)) throw new ArgumentError(`${name}.price`, "must be a positive number");
    return move.price;
  }
  if (move.return !== undefined) {
    if (!(move.return > -1)) throw new ArgumentError(`${name}.return`, "must be above -1");
    return old * (1 + move.return);
  }
  return old;
}

/**
 * `market` moved by `move`, validated as a market.json (errors name `source`). Unknown group
 * ids or symbols in `move` are an {@link ArgumentError} naming them.
 */
export function moveMarket(market: Market, move: MarketMove, source = "moved market"): Market {
  const groupIds = new Set(market.groups.map((g) => g.id));
  for (const id of Object.keys(move.groups ?? {}))
    if (!groupIds.has(id)) throw new ArgumentError(`groups.${id}`, "unknown group");
  const symbols = new Set(market.collateral.map((c) => c.symbol));
  for (const s of Object.keys(move.collateral ?? {}))
    if (!symbols.has(s)) throw new ArgumentError(`collateral.${s}`, "unknown collateral symbol");

  const timestamp = move.timestamp ?? market.timestamp;
  const shift = timestamp - market.timestamp;
  const oldPrice = new Map(market.groups.map((g) => [g.id, decimalToRational(g.price)]));
  const newPrice = new Map<string, string>();
  const groups = market.groups.map((g) => {
    const m = move.groups?.[g.id] ?? {};
    const price = doubleToDecimalString(
      movedPrice(rationalToDouble(decimalToRational(g.price)), m, `groups.${g.id}`),
    );
    newPrice.set(g.id, price);
    return {
      id: g.id,
      price,
      psr: m.psr ?? text(g.psr),
      vsr: m.vsr ?? text(g.vsr),
      ...(g.vsrTenor
        ? { vsrTenor: { days: text(g.vsrTenor.days), power: text(g.vsrTenor.power) } }
        : {}),
      ...(m.correlation !== undefined
        ? { correlation: m.correlation }
        : g.correlation
          ? { correlation: text(g.correlation) }
          : {}),
    };
  });
  const ratio = (group: string): number =>
    Number(newPrice.get(group)) / rationalToDouble(oldPrice.get(group) as Rational);

  const collateral = market.collateral.map((c) => {
    const m = move.collateral?.[c.symbol] ?? {};
    const old = rationalToDouble(decimalToRational(c.price));
    const own = m.price !== undefined || m.return !== undefined;
    const price = own
      ? movedPrice(old, m, `collateral.${c.symbol}`)
      : c.group !== undefined
        ? old * ratio(c.group)
        : old;
    return {
      symbol: c.symbol,
      token: c.token,
      decimals: c.decimals,
      price: doubleToDecimalString(price),
      haircut: m.haircut ?? text(c.haircut),
      ...(c.group !== undefined ? { group: c.group } : {}),
      ...movedTiers(c, m),
    };
  });

  const instruments = market.instruments.map((inst) =>
    movedInstrument(inst, move, {
      timestamp,
      shift,
      groupPrice: oldPrice.get(inst.group) as Rational,
      forward: decimalToRational(parseFixed(newPrice.get(inst.group) as string)),
    }),
  );

  return parseMarket(
    {
      version: 1,
      epoch: move.epoch ?? market.epoch,
      timestamp,
      groups,
      collateral,
      instruments,
      scenario: {
        extremeMultiple: formatRatio(market.scenario.extremeMultiple),
        extremeCoverage: formatRatio(market.scenario.extremeCoverage),
      },
    },
    source,
  );
}

interface Repricing {
  timestamp: number;
  shift: number;
  groupPrice: Rational;
  forward: Rational;
}

/**
 * A token's tiers after `m`: the move's own, else the market's with each haircut raised to at
 * least a new base haircut (tiers never fall below the token's own haircut).
 */
function movedTiers(c: Market["collateral"][number], m: CollateralMove): Record<string, unknown> {
  if (m.tiers !== undefined) return { tiers: m.tiers };
  if (!c.tiers) return {};
  const base = m.haircut === undefined ? undefined : parseFixed(m.haircut);
  const atLeast = (h: Decimal): string =>
    base && cmp(decimalToRational(base), decimalToRational(h)) > 0 ? text(base) : text(h);
  return { tiers: c.tiers.map((t) => ({ above: text(t.above), haircut: atLeast(t.haircut) })) };
}

function movedInstrument(inst: MarketInstrument, move: MarketMove, at: Repricing): unknown {
  const volFactor = move.groups?.[inst.group]?.volFactor ?? 1;
  if (!(volFactor > 0))
    throw new ArgumentError(`groups.${inst.group}.volFactor`, "must be a positive number");
  const common = {
    id: inst.id,
    group: inst.group,
    kind: inst.kind,
    multiplier: text(inst.multiplier),
    floor: text(inst.floor),
    ...(move.concentration?.[inst.id]
      ? { concentration: move.concentration[inst.id] }
      : inst.concentration
        ? {
            concentration: {
              threshold: text(inst.concentration.threshold),
              charge: text(inst.concentration.charge),
            },
          }
        : {}),
  };
  if (inst.kind !== "option") {
    const value = instrumentKind(inst.kind).value(inst, point(at));
    return { ...common, mark: roundedMark(value) };
  }
  const iv =
    volFactor === 1
      ? text(inst.iv)
      : doubleToDecimalString(rationalToDouble(decimalToRational(inst.iv)) * volFactor);
  const expiry = move.shiftExpiries ? inst.expiry + at.shift : inst.expiry;
  const own = {
    right: inst.right,
    strike: text(inst.strike),
    expiry,
    iv,
  };
  const kind = instrumentKind("option");
  const before = kind.value(inst, {
    timestamp: at.timestamp - at.shift,
    groupPrice: at.groupPrice,
    forward: at.groupPrice,
    vol: "none",
    vsr: ZERO,
  });
  const repriced = { ...inst, expiry, iv: parseFixed(iv) };
  const after = kind.value(repriced, point(at));
  const moved = add(decimalToRational(inst.mark), sub(after, before));
  return { ...common, ...own, mark: roundedMark(cmp(moved, ZERO) > 0 ? moved : ZERO) };
}

function point(at: Repricing) {
  return {
    timestamp: at.timestamp,
    groupPrice: at.groupPrice,
    forward: at.forward,
    vol: "none" as const,
    vsr: ZERO,
  };
}

/** A decimal string this module wrote (always well-formed) as a Decimal. */
function parseFixed(s: string): Decimal {
  const [int, frac = ""] = s.split(".");
  return { units: BigInt(int + frac), scale: frac.length };
}

function formatRatio(r: Rational): string {
  return formatScaled(roundHalfAwayRat(mul(r, rat(pow10(18)))), 18);
}
