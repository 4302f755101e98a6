/**
 * The single-proof entry points of the generated verifier (src/node/pipeline/batch-verifier.ts):
 * verifyProof (the snarkjs verifier's equation), basePoint and verifyProofFrom (the engine's
 * cached epoch terms), on a synthetic key with a known trapdoor. On the small instance's real
 * key next to the snarkjs verifier (answers and gas): test/contracts/batch-verifier.test.ts.
 */
import { expect } from "chai";
import { ethers } from "hardhat";
import type { Contract } from "ethers";
import { BN254_Q, BN254_R, batchVerifierSource } from "../../src/node/pipeline/batch-verifier";
import {
  type Curve,
  type SolProof,
  type SyntheticKey,
  deploySource,
  forge,
  loadCurve,
  offCurve,
  syntheticKey,
  twistPointOutsideG2,
} from "./batch-proofs";

const ROOT = 987654321n;
const pubOf = (i: number, multiplier = 10000n): bigint[] => [
  (123456789n * BigInt(i + 1) ** 7n) % BN254_R,
  ROOT,
  multiplier,
];
const args = (p: SolProof) => [p.a, p.b, p.c] as const;

describe("Generated verifier: single proofs and cached base points (synthetic key)", function () {
  this.timeout(120000);
  let curve: Curve;
  let key: SyntheticKey;
  let v: Contract;
  const proofs: SolProof[] = [];
  const pubs: bigint[][] = [];

  before(async () => {
    curve = await loadCurve();
    key = syntheticKey(curve, 3, 11n);
    const source = batchVerifierSource(key.vkey, { contractName: "SingleTest", header: "" });
    const [deployer] = await ethers.getSigners();
    v = (await deploySource(source, "SingleTest", deployer)) as unknown as Contract;
    for (let i = 0; i < 3; i++) {
      pubs.push(pubOf(i, 10000n + 2500n * BigInt(i)));
      proofs.push(forge(curve, key, pubs[i], BigInt(500 + i)));
    }
  });
  after(async () => curve?.terminate());

  it("verifyProof accepts valid proofs and rejects another input, an input + r, bad points", async () => {
    for (let i = 0; i < 3; i++)
      expect(await v.verifyProof(...args(proofs[i]), pubs[i]), `proof ${i}`).to.equal(true);
    expect(await v.verifyProof(...args(proofs[0]), pubs[1])).to.equal(false);
    for (let j = 0; j < 3; j++) {
      const x = [...pubs[0]];
      x[j] += BN254_R;
      expect(await v.verifyProof(...args(proofs[0]), x), `input ${j} + r`).to.equal(false);
    }
    const p = proofs[0];
    const bad: [string, SolProof][] = [
      ["A off the curve", offCurve(p)],
      ["C off the curve", { ...p, c: [p.c[0], (p.c[1] + 1n) % BN254_Q] }],
      ["A at infinity", { ...p, a: [0n, 0n] }],
      ["A.x + q", { ...p, a: [p.a[0] + BN254_Q, p.a[1]] }],
      ["B coordinate + q", { ...p, b: [[p.b[0][0] + BN254_Q, p.b[0][1]], p.b[1]] }],
      ["B on the twist, outside G2", { ...p, b: twistPointOutsideG2(curve) }],
    ];
    for (const [what, q] of bad)
      expect(await v.verifyProof(...args(q), pubs[0]), what).to.equal(false);
  });

  it("verifyProofFrom with basePoint(0, root, multiplier) is verifyProof", async () => {
    for (let i = 0; i < 3; i++) {
      const base = [...((await v.basePoint([0n, pubs[i][1], pubs[i][2]])) as bigint[])];
      const rest = [pubs[i][0], 0n, 0n];
      expect(await v.verifyProofFrom(...args(proofs[i]), base, rest), `proof ${i}`).to.equal(true);
      // another account's state hash, or the base of another multiplier
      expect(
        await v.verifyProofFrom(...args(proofs[i]), base, [pubs[(i + 1) % 3][0], 0n, 0n]),
      ).to.equal(false);
      const other = [...((await v.basePoint([0n, ROOT, pubs[i][2] + 1n])) as bigint[])];
      expect(await v.verifyProofFrom(...args(proofs[i]), other, rest)).to.equal(false);
    }
    // the all-zero base point of IC_0 alone, with every input given, is verifyProof
    const ic0 = [...((await v.basePoint([0n, 0n, 0n])) as bigint[])];
    expect(await v.verifyProofFrom(...args(proofs[1]), ic0, pubs[1])).to.equal(true);
  });

  it("refuses a base off the curve and an input >= r; basePoint reverts on an input >= r", async () => {
    const base = [...((await v.basePoint([0n, ROOT, pubs[0][2]])) as bigint[])];
    const off = [base[0], (base[1] + 1n) % BN254_Q];
    expect(await v.verifyProofFrom(...args(proofs[0]), off, [pubs[0][0], 0n, 0n])).to.equal(false);
    expect(
      await v.verifyProofFrom(...args(proofs[0]), base, [pubs[0][0] + BN254_R, 0n, 0n]),
    ).to.equal(false);
    await expect(v.basePoint([0n, ROOT + BN254_R, 10000n])).to.be.revertedWithCustomError(
      v,
      "InputNotInField",
    );
  });
});
