/**
 * Fixed-depth binary Poseidon Merkle tree (PROTOCOL section 6): leaves at indices
 * 0..n-1, the rest hold 0; internal node `Hash_2(left, right)`.
 */
import { hash } from "./poseidon";

/** A Merkle path: siblings from the leaf level up, and the index bits (LSB first). */
export interface MerklePath {
  /** Leaf index. */
  index: number;
  /** `pathElements[d]`: the sibling at level d (0 = leaf level). */
  pathElements: bigint[];
  /** `pathIndices[d]`: bit d of the index, 1 when the current node is the right child. */
  pathIndices: number[];
}

/** All levels of a tree: `levels[0]` are the leaves (only the non-empty prefix), `levels[depth]` = [root]. */
export interface MerkleTree {
  depth: number;
  levels: bigint[][];
  /** `zeros[d]`: the value of an empty subtree of height d. */
  zeros: bigint[];
}

/** Values of empty subtrees: zeros[0] = 0, zeros[d+1] = Hash_2(zeros[d], zeros[d]). */
export function zeroHashes(depth: number): bigint[] {
  const z = [0n];
  for (let d = 0; d < depth; d++) z.push(hash([z[d], z[d]]));
  return z;
}

/** Builds the tree of `leaves` at depth `depth`; throws RangeError over capacity. */
export function buildTree(leaves: readonly bigint[], depth: number): MerkleTree {
  if (leaves.length > 2 ** depth) {
    throw new RangeError(`${leaves.length} leaves exceed the capacity 2^${depth}`);
  }
  const zeros = zeroHashes(depth);
  const levels: bigint[][] = [[...leaves]];
  for (let d = 0; d < depth; d++) {
    const cur = levels[d];
    const next: bigint[] = [];
    for (let i = 0; i < cur.length; i += 2) {
      next.push(hash([cur[i], i + 1 < cur.length ? cur[i + 1] : zeros[d]]));
    }
    levels.push(next);
  }
  if (levels[depth].length === 0) levels[depth] = [zeros[depth]];
  return { depth, levels, zeros };
}

/** Root of a tree. */
export function treeRoot(tree: MerkleTree): bigint {
  return tree.levels[tree.depth][0];
}

/** The path of leaf `index` (which may be an empty leaf). */
export function treePath(tree: MerkleTree, index: number): MerklePath {
  if (!Number.isInteger(index) || index < 0 || index >= 2 ** tree.depth) {
    throw new RangeError(`leaf index ${index} outside 0..2^${tree.depth}-1`);
  }
  const pathElements: bigint[] = [];
  const pathIndices: number[] = [];
  let i = index;
  for (let d = 0; d < tree.depth; d++) {
    const sib = i ^ 1;
    const level = tree.levels[d];
    pathElements.push(sib < level.length ? level[sib] : tree.zeros[d]);
    pathIndices.push(i & 1);
    i >>= 1;
  }
  return { index, pathElements, pathIndices };
}

/** Recomputes the root from a leaf and its path (what the circuit does). */
export function rootFromPath(leaf: bigint, path: MerklePath): bigint {
  let node = leaf;
  for (let d = 0; d < path.pathElements.length; d++) {
    node = path.pathIndices[d]
      ? hash([path.pathElements[d], node])
      : hash([node, path.pathElements[d]]);
  }
  return node;
}

/**
 * Every node at height `height` (0 = leaves), 2^(depth - height) of them in index order,
 * empty subtrees as their zero hash: the cap the solvency circuit hashes once per proof
 * (PROTOCOL section 6).
 */
export function treeLevel(tree: MerkleTree, height: number): bigint[] {
  if (!Number.isInteger(height) || height < 0 || height > tree.depth) {
    throw new RangeError(`height ${height} outside 0..${tree.depth}`);
  }
  const level = tree.levels[height];
  const out: bigint[] = [];
  for (let k = 0; k < 2 ** (tree.depth - height); k++) {
    out.push(k < level.length ? level[k] : tree.zeros[height]);
  }
  return out;
}
