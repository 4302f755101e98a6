/**
 * risk.json (SPEC section 5): the deterministic serialization of a risk table, and its
 * parser, which checks the file's own consistency (indices, ids, encodings, group
 * references) and hands the table to the one assembly path (bounds, roots), refusing a file
 * whose roots do not match.
 */
import { z } from "zod";
import { idField } from "../field";
import { SCENARIOS, MAX_TOKEN_DECIMALS } from "../bounds";
import { CircuitInstance, getInstance } from "../instances";
import { INSTRUMENT_TAGS } from "../instruments";
import {
  failAt,
  identifier,
  instanceName,
  intString,
  integer,
  lowerAddress,
  natural,
  parseWith,
  uintString,
  version,
} from "../format";
import { assembleRiskTable } from "./assemble";
import {
  collateralFeatureShape,
  collateralFeatures,
  collateralFeaturesJson,
  groupFeatureShape,
  groupFeatures,
  groupFeaturesJson,
  instrumentFeatureShape,
  instrumentFeatures,
  instrumentFeaturesJson,
} from "./risk-json-features";
import { RiskTable } from "./types";

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
      ...(g.vsrTenor ? { vsrTenor: g.vsrTenor } : {}),
      ...groupFeaturesJson(g),
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
      ...instrumentFeaturesJson(i),
    })),
    collateral: t.collateral.map((c) => ({
      slot: c.slot,
      symbol: c.symbol,
      token: c.token,
      decimals: c.decimals,
      group: c.group,
      groupTag: c.groupTag,
      unitValues: c.unitValues.map(String),
      ...collateralFeaturesJson(c),
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

const riskJsonSchema = z
  .object({
    version,
    instance: instanceName,
    epoch: natural,
    timestamp: natural,
    groups: z.array(
      z
        .object({
          id: identifier,
          index: natural,
          price: z.string(),
          psr: z.string(),
          vsr: z.string(),
          vsrTenor: z.object({ days: z.string(), power: z.string() }).strict().optional(),
          ...groupFeatureShape,
        })
        .strict(),
    ),
    scenarios: z
      .array(
        z
          .object({
            index: natural,
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
          index: natural,
          id: identifier,
          idField: uintString,
          group: z.string(),
          groupIndex: natural,
          kind: z.enum(INSTRUMENT_TAGS),
          multiplier: z.string(),
          mark: uintString,
          floor: uintString,
          risk: z.array(intString).length(SCENARIOS),
          ...instrumentFeatureShape,
        })
        .strict(),
    ),
    collateral: z.array(
      z
        .object({
          slot: natural,
          symbol: identifier,
          token: lowerAddress,
          decimals: integer(0, MAX_TOKEN_DECIMALS),
          group: z.string().nullable(),
          groupTag: natural,
          unitValues: z.array(uintString).length(SCENARIOS),
          ...collateralFeatureShape,
        })
        .strict(),
    ),
    roots: z
      .object({ instrumentRoot: uintString, collateralRoot: uintString, riskRoot: uintString })
      .strict(),
  })
  .strict();

type RiskJson = z.output<typeof riskJsonSchema>;

/** The file's own consistency: positions, unique ids, id encodings, group references. */
function checkConsistency(j: RiskJson, file: string): void {
  const fail = (path: Array<string | number>, rule: string): never => failAt(file, path, rule);
  const groupIds = j.groups.map((g) => g.id);
  j.groups.forEach((g, i) => {
    if (g.index !== i) fail(["groups", i, "index"], `must be ${i}`);
    if (groupIds.indexOf(g.id) !== i) fail(["groups", i, "id"], `duplicate group id "${g.id}"`);
  });
  j.scenarios.forEach((s, i) => {
    if (s.index !== i) fail(["scenarios", i, "index"], `must be ${i}`);
  });
  const ids = new Set<string>();
  j.instruments.forEach((x, i) => {
    if (x.index !== i) fail(["instruments", i, "index"], `must be ${i}`);
    if (ids.has(x.id)) fail(["instruments", i, "id"], `duplicate instrument id "${x.id}"`);
    ids.add(x.id);
    if (BigInt(x.idField) !== idField(x.id))
      fail(["instruments", i, "idField"], "does not encode the id");
    if (groupIds[x.groupIndex] !== x.group)
      fail(["instruments", i, "groupIndex"], "does not match the group");
  });
  const symbols = new Set<string>();
  j.collateral.forEach((c, k) => {
    if (c.slot !== k) fail(["collateral", k, "slot"], `must be ${k}`);
    if (symbols.has(c.symbol))
      fail(["collateral", k, "symbol"], `duplicate collateral symbol "${c.symbol}"`);
    symbols.add(c.symbol);
    const expectedTag = c.group === null ? 0 : groupIds.indexOf(c.group) + 1;
    if (c.group !== null && expectedTag === 0) fail(["collateral", k, "group"], "unknown group");
    if (c.groupTag !== expectedTag) fail(["collateral", k, "groupTag"], `must be ${expectedTag}`);
  });
}

/**
 * Parses and validates risk.json: schema, identifiers and indices, bounds of PROTOCOL
 * section 4, capacities of the named instance; recomputes all three roots and refuses a
 * file whose roots do not match. Throws {@link InputError}.
 */
export function parseRiskTable(json: unknown, file = "risk.json"): RiskTable {
  const j = parseWith(riskJsonSchema, json, file);
  let instance: CircuitInstance;
  try {
    instance = getInstance(j.instance);
  } catch (e) {
    return failAt(file, ["instance"], (e as Error).message);
  }
  checkConsistency(j, file);
  const fail = (path: Array<string | number>, rule: string): never => failAt(file, path, rule);
  const table = assembleRiskTable(
    {
      version: 1,
      instance,
      epoch: j.epoch,
      timestamp: j.timestamp,
      groups: j.groups.map(({ correlation, correlationBps, ...g }, i) => ({
        ...g,
        ...groupFeatures({ correlation, correlationBps }, i, fail),
      })),
      scenarios: j.scenarios,
      instruments: j.instruments.map(
        ({ concentration, liquidityThreshold, liquidityCharge, ...x }, i) => ({
          ...x,
          idField: BigInt(x.idField),
          mark: BigInt(x.mark),
          floor: BigInt(x.floor),
          risk: x.risk.map((v) => BigInt(v)),
          ...instrumentFeatures({ concentration, liquidityThreshold, liquidityCharge }, i, fail),
        }),
      ),
      collateral: j.collateral.map(({ haircut, tiers, ...c }, k) => ({
        ...c,
        tokenField: BigInt(c.token),
        unitValues: c.unitValues.map((v) => BigInt(v)),
        ...collateralFeatures({ decimals: c.decimals, haircut, tiers }, k, fail),
      })),
    },
    file,
  );
  for (const name of ["instrumentRoot", "collateralRoot", "riskRoot"] as const) {
    const v: bigint = table[name];
    if (BigInt(j.roots[name]) !== v)
      failAt(file, ["roots", name], `does not match the table (recomputed ${v})`);
  }
  return table;
}
