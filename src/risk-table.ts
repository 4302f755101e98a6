/**
 * The risk table of an epoch (SPEC section 4, PROTOCOL sections 3-6): integer marks,
 * floors, scenario losses and collateral unit values, the instrument Merkle tree, the
 * collateral table and the risk root; its deterministic risk.json serialization.
 */
import { z } from "zod";
import {
  Rational,
  add,
  ceilRat,
  cmp,
  decimalToRational,
  doubleToRational,
  floorRat,
  formatRational,
  mul,
  pow10,
  rat,
  rationalToDouble,
  roundHalfAwayRat,
  sub,
  ONE,
  ZERO,
  Decimal,
} from "./decimal";
import { InputError, formatPath } from "./errors";
import { fieldOf, idField, addressField, isValidId } from "./field";
import { hash } from "./poseidon";
import { MerklePath, MerkleTree, buildTree, treePath, treeRoot } from "./merkle";
import { Scenario, VolShift, buildScenarios } from "./scenarios";
import { black76, OptionRight } from "./black76";
import { CircuitInstance, getInstance } from "./instances";
import {
  PER_CONTRACT_DECIMALS,
  SCENARIOS,
  SECONDS_PER_YEAR,
  TABLE_LIMIT,
  UNIT_VALUE_LIMIT,
  V_DECIMALS,
} from "./bounds";
import { Market, MarketInstrument } from "./schema";

/** Instrument kinds. */
export type InstrumentKind = "future" | "perpetual" | "option";

/** A risk group (underlying). Only `index` is bound by the root; the rest is informative. */
export interface RiskGroup {
  id: string;
  index: number;
  /** Group price P_g, psr, vsr as decimal strings (informative). */
  price: string;
  psr: string;
  vsr: string;
}

/** A scenario as recorded in risk.json (informative; the numbers are in `risk`/`unitValues`). */
export interface RiskScenario {
  index: number;
  label: string;
  /** Price move in units of PSR, as "0", "1/3", "-3". */
  k: string;
  vol: VolShift;
  coverage: string;
}

/** One instrument leaf of the risk table (integer fields per PROTOCOL section 3). */
export interface RiskInstrument {
  /** Leaf index in the instrument tree (= position in market.json). */
  index: number;
  id: string;
  /** `idField(id)`. */
  idField: bigint;
  group: string;
  groupIndex: number;
  kind: InstrumentKind;
  /** Contract multiplier (informative; already folded into mark and risk). */
  multiplier: string;
  /** Mark per contract, V per 1e-8 contract (>= 0, < 2^100). */
  mark: bigint;
  /** Floor margin per contract, V per 1e-8 contract (>= 0, < 2^100). */
  floor: bigint;
  /** `risk[s]` = R[i][s], signed, V per 1e-8 contract (abs < 2^100). */
  risk: bigint[];
}

/** One collateral slot of the risk table. */
export interface RiskCollateral {
  slot: number;
  symbol: string;
  /** Token address (lower case, 0x + 40 hex). */
  token: string;
  /** Token address as a field element. */
  tokenField: bigint;
  decimals: number;
  /** Group id, or null for a stable asset. */
  group: string | null;
  /** Group index + 1, or 0 for no group. */
  groupTag: number;
  /** `unitValues[s]` = U[j][s], V per base unit (>= 0, < 2^120). */
  unitValues: bigint[];
}

/** A compiled risk table. */
export interface RiskTable {
  version: 1;
  instance: CircuitInstance;
  epoch: number;
  timestamp: number;
  groups: RiskGroup[];
  scenarios: RiskScenario[];
  instruments: RiskInstrument[];
  collateral: RiskCollateral[];
  instrumentRoot: bigint;
  collateralRoot: bigint;
  riskRoot: bigint;
}

// ---------------------------------------------------------------- hashing

/** `riskHash_i = Hash_S(R[i][0..S-1])` (signed encoding). */
export function riskHash(risk: readonly bigint[]): bigint {
  return hash(risk.map(fieldOf));
}

/** `leaf_i = Hash_5(idField, groupIndex, mark, floor, riskHash)`. */
export function instrumentLeaf(
  inst: Pick<RiskInstrument, "idField" | "groupIndex" | "mark" | "floor" | "risk">,
): bigint {
  return hash([inst.idField, BigInt(inst.groupIndex), inst.mark, inst.floor, riskHash(inst.risk)]);
}

/** `collLeaf_j = Hash_3(token, groupTag, Hash_S(U[j][0..S-1]))`; an empty slot is all zero. */
export function collateralLeaf(
  tokenField: bigint,
  groupTag: number,
  unitValues: readonly bigint[],
): bigint {
  return hash([tokenField, BigInt(groupTag), hash([...unitValues])]);
}

/** The K collateral leaves, unused slots empty. */
export function collateralLeaves(
  collateral: readonly RiskCollateral[],
  instance: CircuitInstance,
): bigint[] {
  const leaves: bigint[] = [];
  for (let j = 0; j < instance.K; j++) {
    const c = collateral[j];
    leaves.push(
      c
        ? collateralLeaf(c.tokenField, c.groupTag, c.unitValues)
        : collateralLeaf(0n, 0, new Array<bigint>(instance.S).fill(0n)),
    );
  }
  return leaves;
}

/** `riskRoot = Hash_4(instrumentRoot, collateralRoot, epoch, timestamp)`. */
export function computeRiskRoot(
  instrumentRoot: bigint,
  collateralRoot: bigint,
  epoch: number,
  timestamp: number,
): bigint {
  return hash([instrumentRoot, collateralRoot, BigInt(epoch), BigInt(timestamp)]);
}

const trees = new WeakMap<RiskTable, MerkleTree>();

/** The instrument Merkle tree of a table (built once per table object, then cached). */
export function instrumentTree(table: RiskTable): MerkleTree {
  let t = trees.get(table);
  if (!t) {
    t = buildTree(table.instruments.map(instrumentLeaf), table.instance.depth);
    trees.set(table, t);
  }
  return t;
}

/**
 * Merkle path of instrument leaf `index` (siblings leaf-level first, index bits LSB
 * first): the `pathElements[i]` / `leafIndex[i]` circuit inputs.
 */
export function instrumentPath(table: RiskTable, index: number): MerklePath {
  return treePath(instrumentTree(table), index);
}

function computeRoots(
  instance: CircuitInstance,
  epoch: number,
  timestamp: number,
  instruments: RiskInstrument[],
  collateral: RiskCollateral[],
): { instrumentRoot: bigint; collateralRoot: bigint; riskRoot: bigint; tree: MerkleTree } {
  const tree = buildTree(instruments.map(instrumentLeaf), instance.depth);
  const instrumentRoot = treeRoot(tree);
  const collateralRoot = hash(collateralLeaves(collateral, instance));
  return {
    instrumentRoot,
    collateralRoot,
    riskRoot: computeRiskRoot(instrumentRoot, collateralRoot, epoch, timestamp),
    tree,
  };
}

// ---------------------------------------------------------------- model

const SCALE_PER_CONTRACT: Rational = rat(pow10(PER_CONTRACT_DECIMALS));

function scenarioSigma(iv: Rational, vsr: Rational, vol: VolShift): Rational {
  if (vol === "up") return mul(iv, add(ONE, vsr));
  if (vol === "down") return mul(iv, sub(ONE, vsr));
  return iv;
}

/**
 * Model value per unit of the underlying, as an exact rational: futures and perpetuals
 * `mark x F / P_g`; options Black-76 (double, converted exactly), or the exact intrinsic
 * value once expired.
 */
function modelValue(
  inst: MarketInstrument,
  timestamp: number,
  groupPrice: Rational,
  forward: Rational,
  sigma: Rational,
): Rational {
  if (inst.kind !== "option")
    return mul(
      decimalToRational(inst.mark),
      rat(forward.num * groupPrice.den, forward.den * groupPrice.num),
    );
  const strike = decimalToRational(inst.strike);
  if (inst.expiry <= timestamp) {
    const intrinsic = inst.right === "call" ? sub(forward, strike) : sub(strike, forward);
    return cmp(intrinsic, ZERO) > 0 ? intrinsic : ZERO;
  }
  const t = (inst.expiry - timestamp) / SECONDS_PER_YEAR;
  const v = black76(
    inst.right as OptionRight,
    rationalToDouble(forward),
    rationalToDouble(strike),
    t,
    rationalToDouble(sigma),
  );
  return doubleToRational(v);
}

/** Scenario prices and volatilities of a group. */
function scenarioForward(groupPrice: Rational, psr: Rational, s: Scenario): Rational {
  return mul(groupPrice, add(ONE, mul(s.k, psr)));
}

function d(x: Decimal): Rational {
  return decimalToRational(x);
}

/**
 * Compiles a validated market into the integer risk table of circuit instance
 * `instanceName` ("standard" or "small"). Throws {@link InputError} naming `file` and the
 * market path when a capacity or a bound of PROTOCOL section 4 is exceeded.
 */
export function buildRiskTable(
  market: Market,
  instanceName = "standard",
  file = "market.json",
): RiskTable {
  const fail = (path: Array<string | number>, rule: string): never => {
    throw new InputError(file, formatPath(path), rule);
  };
  let instance: CircuitInstance;
  try {
    instance = getInstance(instanceName);
  } catch (e) {
    throw new InputError("--instance", instanceName, (e as Error).message);
  }
  if (market.groups.length > instance.G) {
    fail(
      ["groups"],
      `${market.groups.length} groups exceed the ${instance.G} group slots of circuit instance "${instance.name}"`,
    );
  }
  if (market.collateral.length > instance.K) {
    fail(
      ["collateral"],
      `${market.collateral.length} collateral tokens exceed the ${instance.K} collateral slots of circuit instance "${instance.name}"`,
    );
  }
  const capacity = 2 ** instance.depth;
  if (market.instruments.length > capacity) {
    fail(
      ["instruments"],
      `${market.instruments.length} instruments exceed the instrument tree capacity 2^${instance.depth} = ${capacity} of circuit instance "${instance.name}"`,
    );
  }
  const scen = buildScenarios(market.scenario.extremeMultiple, market.scenario.extremeCoverage);
  const groupIndex = new Map(market.groups.map((g, i) => [g.id, i]));

  const instruments: RiskInstrument[] = market.instruments.map((inst, i) => {
    const gi = groupIndex.get(inst.group) as number;
    const g = market.groups[gi];
    const price = d(g.price);
    const psr = d(g.psr);
    const vsr = d(g.vsr);
    const multiplier = d(inst.multiplier);
    const iv = inst.kind === "option" ? d(inst.iv) : ONE;
    const base = modelValue(inst, market.timestamp, price, price, iv);
    const risk = scen.map((s) => {
      const v = modelValue(
        inst,
        market.timestamp,
        price,
        scenarioForward(price, psr, s),
        scenarioSigma(iv, vsr, s.vol),
      );
      const r = ceilRat(mul(mul(mul(multiplier, sub(base, v)), s.coverage), SCALE_PER_CONTRACT));
      if ((r < 0n ? -r : r) >= TABLE_LIMIT)
        fail(["instruments", i], `scenario loss R[${s.index}] exceeds 2^100 V per 1e-8 contract`);
      return r;
    });
    const mark = roundHalfAwayRat(mul(mul(d(inst.mark), multiplier), SCALE_PER_CONTRACT));
    if (mark >= TABLE_LIMIT)
      fail(
        ["instruments", i, "mark"],
        "mark x multiplier exceeds 2^100 V per 1e-8 contract (about 1.27e8 USD per contract)",
      );
    const floor = ceilRat(mul(d(inst.floor), SCALE_PER_CONTRACT));
    if (floor >= TABLE_LIMIT)
      fail(
        ["instruments", i, "floor"],
        "floor exceeds 2^100 V per 1e-8 contract (about 1.27e8 USD per contract)",
      );
    return {
      index: i,
      id: inst.id,
      idField: idField(inst.id),
      group: inst.group,
      groupIndex: gi,
      kind: inst.kind,
      multiplier: formatRational(multiplier),
      mark,
      floor,
      risk,
    };
  });

  const collateral: RiskCollateral[] = market.collateral.map((c, j) => {
    const gi = c.group === undefined ? -1 : (groupIndex.get(c.group) as number);
    const psr = gi >= 0 ? d(market.groups[gi].psr) : ZERO;
    const perBase = mul(
      mul(d(c.price), sub(ONE, d(c.haircut))),
      rat(pow10(V_DECIMALS), pow10(c.decimals)),
    );
    const unitValues = scen.map((s) => {
      const moved = gi >= 0 ? mul(perBase, add(ONE, mul(mul(s.coverage, s.k), psr))) : perBase;
      const u = floorRat(moved);
      return u < 0n ? 0n : u;
    });
    if (unitValues.some((u) => u >= UNIT_VALUE_LIMIT)) {
      fail(
        ["collateral", j, "price"],
        "unit value per base unit exceeds 2^120 V (price too high for the token's decimals)",
      );
    }
    return {
      slot: j,
      symbol: c.symbol,
      token: c.token.toLowerCase(),
      tokenField: addressField(c.token),
      decimals: c.decimals,
      group: c.group ?? null,
      groupTag: gi + 1,
      unitValues,
    };
  });

  const roots = computeRoots(instance, market.epoch, market.timestamp, instruments, collateral);
  const table: RiskTable = {
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
    })),
    scenarios: scen.map((s) => ({
      index: s.index,
      label: s.label,
      k: kString(s.k),
      vol: s.vol,
      coverage: formatRational(s.coverage),
    })),
    instruments,
    collateral,
    instrumentRoot: roots.instrumentRoot,
    collateralRoot: roots.collateralRoot,
    riskRoot: roots.riskRoot,
  };
  trees.set(table, roots.tree);
  return table;
}

function kString(k: Rational): string {
  return k.den === 1n ? k.num.toString() : `${k.num}/${k.den}`;
}

// ---------------------------------------------------------------- risk.json

/** risk.json as a plain JSON value, with a fixed key order and bigints as decimal strings. */
export function riskTableToJson(t: RiskTable): unknown {
  return {
    version: 1,
    instance: t.instance.name,
    epoch: t.epoch,
    timestamp: t.timestamp,
    groups: t.groups.map((g) => ({
      id: g.id,
      index: g.index,
      price: g.price,
      psr: g.psr,
      vsr: g.vsr,
    })),
    scenarios: t.scenarios.map((s) => ({
      index: s.index,
      label: s.label,
      k: s.k,
      vol: s.vol,
      coverage: s.coverage,
    })),
    instruments: t.instruments.map((i) => ({
      index: i.index,
      id: i.id,
      idField: i.idField.toString(),
      group: i.group,
      groupIndex: i.groupIndex,
      kind: i.kind,
      multiplier: i.multiplier,
      mark: i.mark.toString(),
      floor: i.floor.toString(),
      risk: i.risk.map(String),
    })),
    collateral: t.collateral.map((c) => ({
      slot: c.slot,
      symbol: c.symbol,
      token: c.token,
      decimals: c.decimals,
      group: c.group,
      groupTag: c.groupTag,
      unitValues: c.unitValues.map(String),
    })),
    roots: {
      instrumentRoot: t.instrumentRoot.toString(),
      collateralRoot: t.collateralRoot.toString(),
      riskRoot: t.riskRoot.toString(),
    },
  };
}

/** Deterministic risk.json text: 2-space indent, trailing newline. */
export function serializeRiskTable(t: RiskTable): string {
  return JSON.stringify(riskTableToJson(t), null, 2) + "\n";
}

const intString = z.string().regex(/^-?(0|[1-9][0-9]*)$/, "must be an integer decimal string");
const natString = z
  .string()
  .regex(/^(0|[1-9][0-9]*)$/, "must be a non-negative integer decimal string");
const nat = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

const riskJsonSchema = z
  .object({
    version: z.literal(1),
    instance: z.string(),
    epoch: nat,
    timestamp: nat,
    groups: z.array(
      z
        .object({ id: z.string(), index: nat, price: z.string(), psr: z.string(), vsr: z.string() })
        .strict(),
    ),
    scenarios: z
      .array(
        z
          .object({
            index: nat,
            label: z.string(),
            k: z.string(),
            vol: z.enum(["up", "down", "none"]),
            coverage: z.string(),
          })
          .strict(),
      )
      .length(SCENARIOS),
    instruments: z.array(
      z
        .object({
          index: nat,
          id: z.string(),
          idField: natString,
          group: z.string(),
          groupIndex: nat,
          kind: z.enum(["future", "perpetual", "option"]),
          multiplier: z.string(),
          mark: natString,
          floor: natString,
          risk: z.array(intString).length(SCENARIOS),
        })
        .strict(),
    ),
    collateral: z.array(
      z
        .object({
          slot: nat,
          symbol: z.string(),
          token: z.string().regex(/^0x[0-9a-f]{40}$/, "must be a lower-case address"),
          decimals: nat,
          group: z.string().nullable(),
          groupTag: nat,
          unitValues: z.array(natString).length(SCENARIOS),
        })
        .strict(),
    ),
    roots: z
      .object({ instrumentRoot: natString, collateralRoot: natString, riskRoot: natString })
      .strict(),
  })
  .strict();

/**
 * Parses and validates risk.json: schema, identifiers and indices, bounds of PROTOCOL
 * section 4, capacities of the named instance; recomputes all three roots and refuses a
 * file whose roots do not match. Throws {@link InputError}.
 */
export function parseRiskTable(json: unknown, file = "risk.json"): RiskTable {
  const r = riskJsonSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    const path = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0]] : issue.path;
    const rule =
      issue.code === "unrecognized_keys"
        ? "unknown field"
        : issue.code === "invalid_type" && issue.received === "undefined"
          ? "missing field"
          : issue.message;
    throw new InputError(file, formatPath(path), rule);
  }
  const j = r.data;
  const fail = (path: Array<string | number>, rule: string): never => {
    throw new InputError(file, formatPath(path), rule);
  };
  let instance: CircuitInstance;
  try {
    instance = getInstance(j.instance);
  } catch (e) {
    return fail(["instance"], (e as Error).message);
  }
  if (j.groups.length > instance.G)
    fail(["groups"], `more groups than the instance's ${instance.G} slots`);
  if (j.collateral.length > instance.K)
    fail(["collateral"], `more collateral tokens than the instance's ${instance.K} slots`);
  if (j.instruments.length > 2 ** instance.depth)
    fail(["instruments"], `more instruments than the tree capacity 2^${instance.depth}`);
  const groupIds = j.groups.map((g) => g.id);
  j.groups.forEach((g, i) => {
    if (g.index !== i) fail(["groups", i, "index"], `must be ${i}`);
    if (!isValidId(g.id) || groupIds.indexOf(g.id) !== i)
      fail(["groups", i, "id"], "invalid or duplicate group id");
  });
  j.scenarios.forEach((s, i) => {
    if (s.index !== i) fail(["scenarios", i, "index"], `must be ${i}`);
  });
  const seen = new Set<string>();
  const instruments: RiskInstrument[] = j.instruments.map((x, i) => {
    if (x.index !== i) fail(["instruments", i, "index"], `must be ${i}`);
    if (!isValidId(x.id) || seen.has(x.id))
      fail(["instruments", i, "id"], "invalid or duplicate instrument id");
    seen.add(x.id);
    if (BigInt(x.idField) !== idField(x.id))
      fail(["instruments", i, "idField"], "does not encode the id");
    if (groupIds[x.groupIndex] !== x.group)
      fail(["instruments", i, "groupIndex"], "does not match the group");
    const mark = BigInt(x.mark);
    const floor = BigInt(x.floor);
    const risk = x.risk.map((v) => BigInt(v));
    if (mark >= TABLE_LIMIT) fail(["instruments", i, "mark"], "must be below 2^100");
    if (floor >= TABLE_LIMIT) fail(["instruments", i, "floor"], "must be below 2^100");
    risk.forEach((v, s) => {
      if ((v < 0n ? -v : v) >= TABLE_LIMIT)
        fail(["instruments", i, "risk", s], "absolute value must be below 2^100");
    });
    return {
      index: i,
      id: x.id,
      idField: BigInt(x.idField),
      group: x.group,
      groupIndex: x.groupIndex,
      kind: x.kind,
      multiplier: x.multiplier,
      mark,
      floor,
      risk,
    };
  });
  const symbols = new Set<string>();
  const collateral: RiskCollateral[] = j.collateral.map((c, k) => {
    if (c.slot !== k) fail(["collateral", k, "slot"], `must be ${k}`);
    if (!isValidId(c.symbol) || symbols.has(c.symbol))
      fail(["collateral", k, "symbol"], "invalid or duplicate symbol");
    symbols.add(c.symbol);
    const expectedTag = c.group === null ? 0 : groupIds.indexOf(c.group) + 1;
    if (c.group !== null && expectedTag === 0) fail(["collateral", k, "group"], "unknown group");
    if (c.groupTag !== expectedTag) fail(["collateral", k, "groupTag"], `must be ${expectedTag}`);
    if (c.decimals > 36) fail(["collateral", k, "decimals"], "must be in 0..36");
    const unitValues = c.unitValues.map((v) => BigInt(v));
    unitValues.forEach((u, s) => {
      if (u >= UNIT_VALUE_LIMIT) fail(["collateral", k, "unitValues", s], "must be below 2^120");
    });
    return {
      slot: k,
      symbol: c.symbol,
      token: c.token,
      tokenField: BigInt(c.token),
      decimals: c.decimals,
      group: c.group,
      groupTag: c.groupTag,
      unitValues,
    };
  });
  const roots = computeRoots(instance, j.epoch, j.timestamp, instruments, collateral);
  const check = (name: "instrumentRoot" | "collateralRoot" | "riskRoot", v: bigint) => {
    if (BigInt(j.roots[name]) !== v)
      fail(["roots", name], `does not match the table (recomputed ${v})`);
  };
  check("instrumentRoot", roots.instrumentRoot);
  check("collateralRoot", roots.collateralRoot);
  check("riskRoot", roots.riskRoot);
  const table: RiskTable = {
    version: 1,
    instance,
    epoch: j.epoch,
    timestamp: j.timestamp,
    groups: j.groups,
    scenarios: j.scenarios,
    instruments,
    collateral,
    instrumentRoot: roots.instrumentRoot,
    collateralRoot: roots.collateralRoot,
    riskRoot: roots.riskRoot,
  };
  trees.set(table, roots.tree);
  return table;
}
