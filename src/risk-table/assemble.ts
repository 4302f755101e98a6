/**
 * The one way a risk table comes into being, compiled from market.json or parsed from
 * risk.json: every bound of PROTOCOL section 4 is checked here, once, then the roots are
 * computed. Error texts are built from the constants of src/bounds.ts.
 */
import { failAt } from "../format";
import {
  PER_CONTRACT_DECIMALS,
  TABLE_BITS,
  TABLE_LIMIT,
  UNIT_VALUE_BITS,
  UNIT_VALUE_LIMIT,
} from "../bounds";
import { withRoots } from "./layout";
import { FeatureValue, checkFeatureBounds } from "./feature-bounds";
import { RiskTable, RiskTableFields } from "./types";

/** A table value whose bound is checked: a field of an instrument or a collateral slot. */
export type CheckedValue =
  | { section: "instruments"; index: number; field: "mark" | "floor" | "groupIndex" }
  | { section: "instruments"; index: number; field: "risk"; scenario: number }
  | { section: "collateral"; index: number; field: "groupTag" }
  | { section: "collateral"; index: number; field: "unitValues"; scenario: number }
  | FeatureValue;

/** Where a checked value comes from in the source file (the path its error names). */
export type Locate = (v: CheckedValue) => Array<string | number>;

/** risk.json: each value is a field of the file. */
export const riskJsonPath: Locate = (v) =>
  "tier" in v
    ? [v.section, v.index, v.field, v.tier, v.key]
    : "scenario" in v
      ? [v.section, v.index, v.field, v.scenario]
      : [v.section, v.index, v.field];

/** 2^bits V in units of 10^decimals, to 3 significant digits ("1.27e8"). */
function approx(limit: bigint, decimals: number): string {
  return (Number(limit) / 10 ** decimals).toPrecision(3).replace("e+", "e");
}

const PER_CONTRACT = `2^${TABLE_BITS} V per 1e-8 contract`;
const PER_CONTRACT_NOTE = `(about ${approx(TABLE_LIMIT, PER_CONTRACT_DECIMALS)} USD per contract)`;
const PER_BASE_UNIT = `2^${UNIT_VALUE_BITS} V per base unit`;
const PER_BASE_UNIT_NOTE = "(price too high for the token's decimals)";

/** The rule broken by `v` as `what` in [0, limit), or undefined. */
function inRange(
  v: bigint,
  limit: bigint,
  what: string,
  bound: string,
  note: string,
): string | undefined {
  if (v < 0n) return `${what} must not be negative`;
  return v < limit ? undefined : `${what} must be below ${bound} ${note}`;
}

/**
 * Checks every bound of PROTOCOL section 4 on `fields` (capacities of the instance, marks,
 * floors, scenario losses, unit values, group indices and tags) and computes the roots.
 * Throws {@link InputError} naming `file` and the path `locate` gives.
 */
export function assembleRiskTable(
  fields: RiskTableFields,
  file: string,
  locate: Locate = riskJsonPath,
): RiskTable {
  return withRoots(checkRiskFields(fields, file, locate));
}

/**
 * The bounds checks of {@link assembleRiskTable} without the roots: the integer table the
 * margin maths needs (`computeMargin` takes it), for tools that evaluate many markets and
 * publish none (backtests, stress tests). Returns `fields`.
 */
export function checkRiskFields(
  fields: RiskTableFields,
  file: string,
  locate: Locate = riskJsonPath,
): RiskTableFields {
  const { instance, groups, instruments, collateral } = fields;
  const slots = `of circuit instance "${instance.name}"`;
  if (groups.length > instance.G)
    failAt(
      file,
      ["groups"],
      `${groups.length} groups exceed the ${instance.G} group slots ${slots}`,
    );
  if (collateral.length > instance.K)
    failAt(
      file,
      ["collateral"],
      `${collateral.length} collateral tokens exceed the ${instance.K} collateral slots ${slots}`,
    );
  const capacity = 2 ** instance.depth;
  if (instruments.length > capacity)
    failAt(
      file,
      ["instruments"],
      `${instruments.length} instruments exceed the instrument tree capacity 2^${instance.depth} = ${capacity} ${slots}`,
    );
  const fail = (v: CheckedValue, rule: string | undefined): void => {
    if (rule !== undefined) failAt(file, locate(v), rule);
  };
  instruments.forEach((inst, index) => {
    const at = { section: "instruments", index } as const;
    if (inst.groupIndex >= groups.length)
      fail({ ...at, field: "groupIndex" }, `group index must be below ${groups.length}`);
    inst.risk.forEach((r, scenario) => {
      if ((r < 0n ? -r : r) >= TABLE_LIMIT)
        fail(
          { ...at, field: "risk", scenario },
          `scenario loss R[${scenario}] must be below ${PER_CONTRACT} in absolute value ${PER_CONTRACT_NOTE}`,
        );
    });
    fail(
      { ...at, field: "mark" },
      inRange(inst.mark, TABLE_LIMIT, "mark x multiplier", PER_CONTRACT, PER_CONTRACT_NOTE),
    );
    fail(
      { ...at, field: "floor" },
      inRange(inst.floor, TABLE_LIMIT, "floor", PER_CONTRACT, PER_CONTRACT_NOTE),
    );
  });
  collateral.forEach((c, index) => {
    const at = { section: "collateral", index } as const;
    if (c.groupTag > groups.length)
      fail({ ...at, field: "groupTag" }, `group tag must be at most ${groups.length}`);
    c.unitValues.forEach((u, scenario) => {
      fail(
        { ...at, field: "unitValues", scenario },
        inRange(
          u,
          UNIT_VALUE_LIMIT,
          `unit value U[${scenario}]`,
          PER_BASE_UNIT,
          PER_BASE_UNIT_NOTE,
        ),
      );
    });
  });
  checkFeatureBounds(fields, (v, rule) => fail(v, rule));
  return fields;
}
