/**
 * Compiles a validated market into the integer risk table (PROTOCOL sections 3 and 5):
 * each instrument valued by its kind (src/instruments) in every scenario, collateral unit
 * values, all rounded as PROTOCOL section 3 says; then assembled (bounds, roots).
 */
import {
  Rational,
  add,
  ceilRat,
  decimalToRational,
  floorRat,
  formatRational,
  mul,
  pow10,
  rat,
  roundHalfAwayRat,
  sub,
  ONE,
  ZERO,
  Decimal,
} from "../decimal";
import { ArgumentError } from "../errors";
import { idField, addressField } from "../field";
import { Scenario, buildScenarios } from "../scenarios";
import { CircuitInstance, getInstance } from "../instances";
import { PER_CONTRACT_DECIMALS, V_DECIMALS } from "../bounds";
import { Market, MarketCollateral, MarketGroup } from "../schema";
import { MarketInstrument, instrumentKind } from "../instruments";
import { Locate, checkRiskFields } from "./assemble";
import { withRoots } from "./layout";
import { compileConcentration, compileTiers, correlationBps, normalized } from "./features";
import { RiskCollateral, RiskInstrument, RiskTable, RiskTableFields } from "./types";

const SCALE_PER_CONTRACT: Rational = rat(pow10(PER_CONTRACT_DECIMALS));

function d(x: Decimal): Rational {
  return decimalToRational(x);
}

/** market.json: a table value comes from the market entry that determines it. */
const marketPath: Locate = (v) => {
  if (v.section === "groups") return ["groups", v.index, "correlation"];
  if ("tier" in v)
    return ["collateral", v.index, "tiers", v.tier, v.key === "aboveUnits" ? "above" : "haircut"];
  if (v.field === "liquidityThreshold")
    return ["instruments", v.index, "concentration", "threshold"];
  if (v.field === "liquidityCharge") return ["instruments", v.index, "concentration", "charge"];
  if (v.section === "instruments") {
    if (v.field === "risk") return ["instruments", v.index];
    return ["instruments", v.index, v.field === "groupIndex" ? "group" : v.field];
  }
  return ["collateral", v.index, v.field === "unitValues" ? "price" : "group"];
};

/** The scenario price P'_s = P_g (1 + k_s psr). */
function scenarioForward(groupPrice: Rational, psr: Rational, s: Scenario): Rational {
  return mul(groupPrice, add(ONE, mul(s.k, psr)));
}

/**
 * Leaf `index`: R[s] = ceil(multiplier x (V - V'_s) x c_s x 10^22), mark to nearest, floor
 * up (V per 1e-8 contract).
 */
function compileInstrument(
  inst: MarketInstrument,
  index: number,
  group: MarketGroup,
  groupIndex: number,
  timestamp: number,
  scenarios: readonly Scenario[],
): RiskInstrument {
  const kind = instrumentKind(inst.kind);
  const groupPrice = d(group.price);
  const psr = d(group.psr);
  const vsr = d(group.vsr);
  const vsrTenor = group.vsrTenor
    ? { days: d(group.vsrTenor.days), power: d(group.vsrTenor.power) }
    : undefined;
  const multiplier = d(inst.multiplier);
  const at = { timestamp, groupPrice, vsr, ...(vsrTenor ? { vsrTenor } : {}) };
  const base = kind.value(inst, { ...at, forward: groupPrice, vol: "none" });
  const risk = scenarios.map((s) => {
    const forward = scenarioForward(groupPrice, psr, s);
    const v = kind.value(inst, { ...at, forward, vol: s.vol });
    return ceilRat(mul(mul(mul(multiplier, sub(base, v)), s.coverage), SCALE_PER_CONTRACT));
  });
  return {
    index,
    id: inst.id,
    idField: idField(inst.id),
    group: inst.group,
    groupIndex,
    kind: inst.kind,
    multiplier: formatRational(multiplier),
    mark: roundHalfAwayRat(mul(mul(d(inst.mark), multiplier), SCALE_PER_CONTRACT)),
    floor: ceilRat(mul(d(inst.floor), SCALE_PER_CONTRACT)),
    risk,
    ...compileConcentration(inst.concentration),
  };
}

/**
 * Slot `slot`: U[s] = floor(price x (1 - haircut) x (1 + c_s k_s psr) x 10^30 / 10^decimals),
 * clamped at 0; a stable asset (no group) does not move.
 */
function compileCollateral(
  c: MarketCollateral,
  slot: number,
  group: MarketGroup | undefined,
  groupIndex: number,
  scenarios: readonly Scenario[],
): RiskCollateral {
  const psr = group ? d(group.psr) : ZERO;
  const perBase = mul(
    mul(d(c.price), sub(ONE, d(c.haircut))),
    rat(pow10(V_DECIMALS), pow10(c.decimals)),
  );
  const unitValues = scenarios.map((s) => {
    const moved = group ? mul(perBase, add(ONE, mul(mul(s.coverage, s.k), psr))) : perBase;
    const u = floorRat(moved);
    return u < 0n ? 0n : u;
  });
  return {
    slot,
    symbol: c.symbol,
    token: c.token.toLowerCase(),
    tokenField: addressField(c.token),
    decimals: c.decimals,
    group: c.group ?? null,
    groupTag: groupIndex + 1,
    unitValues,
    ...compileTiers(c.haircut, c.decimals, c.tiers),
  };
}

function kString(k: Rational): string {
  return k.den === 1n ? k.num.toString() : `${k.num}/${k.den}`;
}

/**
 * Compiles a validated market into the integer risk table of circuit instance
 * `instanceName` ("standard" or "small"). Throws {@link InputError} naming `file` and the
 * market path when a capacity or a bound of PROTOCOL section 4 is exceeded, and an
 * {@link ArgumentError} naming `instance` for an unknown instance.
 */
export function buildRiskTable(
  market: Market,
  instanceName = "standard",
  file = "market.json",
): RiskTable {
  return withRoots(compileRiskFields(market, instanceName, file));
}

/**
 * {@link buildRiskTable} without the roots (no hashing): the checked integer table that
 * `computeMargin` evaluates, for tools that value many markets and publish none.
 */
export function compileRiskFields(
  market: Market,
  instanceName = "standard",
  file = "market.json",
): RiskTableFields {
  let instance: CircuitInstance;
  try {
    instance = getInstance(instanceName);
  } catch (e) {
    throw new ArgumentError("instance", (e as Error).message);
  }
  const scenarios = buildScenarios(
    market.scenario.extremeMultiple,
    market.scenario.extremeCoverage,
  );
  const groupIndex = new Map(market.groups.map((g, i) => [g.id, i]));
  const indexOf = (id: string): number => groupIndex.get(id) as number;
  return checkRiskFields(
    {
      version: 1,
      instance,
      epoch: market.epoch,
      timestamp: market.timestamp,
      groups: market.groups.map((g, i) => ({
        id: g.id,
        index: i,
        price: formatRational(d(g.price)),
        psr: formatRational(d(g.psr)),
        vsr: formatRational(d(g.vsr)),
        ...(g.vsrTenor
          ? {
              vsrTenor: {
                days: formatRational(d(g.vsrTenor.days)),
                power: formatRational(d(g.vsrTenor.power)),
              },
            }
          : {}),
        ...(g.correlation ? { correlation: normalized(g.correlation) } : {}),
        correlationBps: g.correlation ? correlationBps(g.correlation) : 0,
      })),
      scenarios: scenarios.map((s) => ({
        index: s.index,
        label: s.label,
        k: kString(s.k),
        vol: s.vol,
        coverage: formatRational(s.coverage),
      })),
      instruments: market.instruments.map((inst, i) => {
        const gi = indexOf(inst.group);
        return compileInstrument(inst, i, market.groups[gi], gi, market.timestamp, scenarios);
      }),
      collateral: market.collateral.map((c, j) => {
        const gi = c.group === undefined ? -1 : indexOf(c.group);
        return compileCollateral(c, j, gi >= 0 ? market.groups[gi] : undefined, gi, scenarios);
      }),
    },
    file,
    marketPath,
  );
}
