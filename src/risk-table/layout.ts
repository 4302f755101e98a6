/**
 * The hash layouts of the risk table (PROTOCOL section 6): the instrument leaf and its risk
 * hash, the collateral leaves of the K slots, the instrument Merkle tree and the risk root.
 */
import { fieldOf } from "../field";
import { hash } from "../poseidon";
import { MerklePath, MerkleTree, buildTree, treeLevel, treePath, treeRoot } from "../merkle";
import { CircuitInstance } from "../instances";
import {
  CORRELATION_BITS,
  EPOCH_LIMIT,
  EPOCH_WORD_CORRELATION_SHIFT,
  GROUP_WORD_CHARGE_SHIFT,
  GROUP_WORD_THRESHOLD_SHIFT,
  MAX_TIERS,
  TAG_WORD_DISTANCE1_SHIFT,
  TAG_WORD_DISTANCE2_SHIFT,
  TAG_WORD_FACTOR1_SHIFT,
  TAG_WORD_FACTOR2_SHIFT,
  TIER_ABOVE_LIMIT,
} from "../bounds";
import {
  RiskCollateral,
  RiskGroup,
  RiskInstrument,
  RiskRoots,
  RiskTable,
  RiskTableFields,
  RiskTier,
} from "./types";

const shl = (x: bigint, bits: number): bigint => x << BigInt(bits);

/**
 * The instrument leaf's `groupWord = g + 2^8 T + 2^74 L` (SPEC 7.1 concentration add-on;
 * PROTOCOL section 6). Without concentration T = L = 0 and the word is v1's group index.
 */
export function groupWord(
  inst: Pick<RiskInstrument, "groupIndex" | "liquidityThreshold" | "liquidityCharge">,
): bigint {
  return (
    BigInt(inst.groupIndex) +
    shl(inst.liquidityThreshold, GROUP_WORD_THRESHOLD_SHIFT) +
    shl(inst.liquidityCharge, GROUP_WORD_CHARGE_SHIFT)
  );
}

/** A tier as the circuit sees it: start A_t (base units) and factor f_t (basis points). */
export interface TierSlot {
  above: bigint;
  factor: bigint;
}

/**
 * The MAX_TIERS tier slots of a token: its tiers, then absent tiers A_t = 2^100, f_t = 0
 * (the circuit inputs of PROTOCOL section 8 and the terms of tagWord).
 */
export function tierSlots(tiers: readonly Pick<RiskTier, "aboveUnits" | "factor">[]): TierSlot[] {
  const slots: TierSlot[] = [];
  for (let t = 0; t < MAX_TIERS; t++) {
    const tier = tiers[t];
    slots.push(
      tier
        ? { above: tier.aboveUnits, factor: BigInt(tier.factor) }
        : { above: TIER_ABOVE_LIMIT, factor: 0n },
    );
  }
  return slots;
}

/**
 * The collateral leaf's `tagWord = tag + 2^8 f_1 + 2^22 f_2 + 2^36 D_1 + 2^138 D_2`,
 * `D_t = 2^100 - A_t` (SPEC 7.1 tiered haircuts; PROTOCOL section 6). Without tiers every
 * term is 0 and the word is v1's group tag.
 */
export function tagWord(
  groupTag: number,
  tiers: readonly Pick<RiskTier, "aboveUnits" | "factor">[] = [],
): bigint {
  const [t1, t2] = tierSlots(tiers);
  return (
    BigInt(groupTag) +
    shl(t1.factor, TAG_WORD_FACTOR1_SHIFT) +
    shl(t2.factor, TAG_WORD_FACTOR2_SHIFT) +
    shl(TIER_ABOVE_LIMIT - t1.above, TAG_WORD_DISTANCE1_SHIFT) +
    shl(TIER_ABOVE_LIMIT - t2.above, TAG_WORD_DISTANCE2_SHIFT)
  );
}

/**
 * The risk root's `epochWord = epoch + 2^64 (r_0 + 2^14 r_1 + 2^28 r_2 + 2^42 r_3)`
 * (SPEC 7.1 correlation offsets; PROTOCOL section 6); `correlations[g]` = r_g, unused groups
 * 0. Without correlations the word is v1's epoch.
 */
export function epochWord(epoch: number, correlations: readonly number[] = []): bigint {
  const e = BigInt(epoch);
  if (e < 0n || e >= EPOCH_LIMIT) throw new RangeError("epoch outside 0..2^64-1");
  let packed = 0n;
  correlations.forEach((r, g) => {
    packed += shl(BigInt(r), g * CORRELATION_BITS);
  });
  return e + shl(packed, EPOCH_WORD_CORRELATION_SHIFT);
}

/** r_g of each group of the table, in group order. */
export function groupCorrelations(groups: readonly Pick<RiskGroup, "correlationBps">[]): number[] {
  return groups.map((g) => g.correlationBps);
}

/** `riskHash_i = Hash_S(R[i][0..S-1])` (signed encoding). */
export function riskHash(risk: readonly bigint[]): bigint {
  return hash(risk.map(fieldOf));
}

/** `leaf_i = Hash_5(idField, groupWord, mark, floor, riskHash)` (groupWord = g for v1 data). */
export function instrumentLeaf(
  inst: Pick<
    RiskInstrument,
    "idField" | "groupIndex" | "mark" | "floor" | "risk" | "liquidityThreshold" | "liquidityCharge"
  >,
): bigint {
  return hash([inst.idField, groupWord(inst), inst.mark, inst.floor, riskHash(inst.risk)]);
}

/**
 * `collLeaf_j = Hash_3(token, tagWord, Hash_S(U[j][0..S-1]))` (tagWord = groupTag without
 * tiers); an empty slot is all zero.
 */
export function collateralLeaf(
  tokenField: bigint,
  groupTag: number,
  unitValues: readonly bigint[],
  tiers: readonly Pick<RiskTier, "aboveUnits" | "factor">[] = [],
): bigint {
  return hash([tokenField, tagWord(groupTag, tiers), hash([...unitValues])]);
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
        ? collateralLeaf(c.tokenField, c.groupTag, c.unitValues, c.tiers)
        : collateralLeaf(0n, 0, new Array<bigint>(instance.S).fill(0n)),
    );
  }
  return leaves;
}

/**
 * `riskRoot = Hash_4(instrumentRoot, collateralRoot, epochWord, timestamp)`; `correlations`
 * are the groups' r_g (none: epochWord = epoch, the v1 root).
 */
export function computeRiskRoot(
  instrumentRoot: bigint,
  collateralRoot: bigint,
  epoch: number,
  timestamp: number,
  correlations: readonly number[] = [],
): bigint {
  return hash([instrumentRoot, collateralRoot, epochWord(epoch, correlations), BigInt(timestamp)]);
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

/**
 * The instrument tree's nodes at height `instance.pathLevels` (the `instrumentCap` circuit
 * input): they hash to the instrument root.
 */
export function instrumentCap(table: RiskTable): bigint[] {
  return treeLevel(instrumentTree(table), table.instance.pathLevels);
}

/** The three roots of `fields`; the table made of them gets its instrument tree cached. */
export function withRoots(fields: RiskTableFields): RiskTable {
  const tree = buildTree(fields.instruments.map(instrumentLeaf), fields.instance.depth);
  const instrumentRoot = treeRoot(tree);
  const collateralRoot = hash(collateralLeaves(fields.collateral, fields.instance));
  const roots: RiskRoots = {
    instrumentRoot,
    collateralRoot,
    riskRoot: computeRiskRoot(
      instrumentRoot,
      collateralRoot,
      fields.epoch,
      fields.timestamp,
      groupCorrelations(fields.groups),
    ),
  };
  const table: RiskTable = { ...fields, ...roots };
  trees.set(table, tree);
  return table;
}
