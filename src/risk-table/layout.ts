/**
 * The hash layouts of the risk table (PROTOCOL section 6): the instrument leaf and its risk
 * hash, the collateral leaves of the K slots, the instrument Merkle tree and the risk root.
 */
import { fieldOf } from "../field";
import { hash } from "../poseidon";
import { MerklePath, MerkleTree, buildTree, treeLevel, treePath, treeRoot } from "../merkle";
import { CircuitInstance } from "../instances";
import { RiskCollateral, RiskInstrument, RiskRoots, RiskTable, RiskTableFields } from "./types";

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
    riskRoot: computeRiskRoot(instrumentRoot, collateralRoot, fields.epoch, fields.timestamp),
  };
  const table: RiskTable = { ...fields, ...roots };
  trees.set(table, tree);
  return table;
}
