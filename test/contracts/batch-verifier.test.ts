/**
 * The generated Groth16 batch verifier (src/node/pipeline/batch-verifier.ts).
 * 1. On a synthetic key with a known trapdoor (valid proofs for any inputs in milliseconds):
 *    acceptance for k = 1, 2, 4, 8, 16, every rejection rule, and the Fiat-Shamir coefficients.
 * 2. On the small instance's real key (contracts/generated/SolvencyBatchVerifierSmall.sol, from
 *    `npm run circuits`) with two real proofs, re-randomised into more: k = 1, 2, 4 accepted,
 *    another account's state hash rejected, and gas next to the single verifier.
 */
import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { ethers } from "hardhat";
import { keccak256, solidityPacked, type Contract } from "ethers";
import { BN254_Q, BN254_R, batchVerifierSource } from "../../src/node/pipeline/batch-verifier";
import {
  type Curve,
  type SolProof,
  type SyntheticKey,
  batchArgs,
  deploySource,
  forge,
  loadCurve,
  offCurve,
  syntheticKey,
  twistPointOutsideG2,
} from "./batch-proofs";
import { realProofs } from "./batch-real-proofs";

const N = 3;
const pubOf = (i: number): bigint[] => [
  BigInt(keccak256(solidityPacked(["string", "uint256"], ["state", i]))) % BN254_R,
  123456789n,
  10000n + BigInt(i % 2) * 5000n,
];

describe("Groth16 batch verifier (synthetic key)", function () {
  this.timeout(120000);
  let curve: Curve;
  let key: SyntheticKey;
  let v: Contract;
  const proofs: SolProof[] = [];
  const pubs: bigint[][] = [];
  const verify = (ps: SolProof[], xs: bigint[][]): Promise<boolean> =>
    v.verifyBatch(...batchArgs(ps, xs)) as Promise<boolean>;

  before(async () => {
    curve = await loadCurve();
    key = syntheticKey(curve, N);
    const source = batchVerifierSource(key.vkey, { contractName: "BatchTest", header: "" });
    const [deployer] = await ethers.getSigners();
    v = (await deploySource(source, "BatchTest", deployer)) as unknown as Contract;
    for (let i = 0; i < 16; i++) {
      pubs.push(pubOf(i));
      proofs.push(forge(curve, key, pubs[i], BigInt(1000 + i)));
    }
  });
  after(async () => curve?.terminate());

  it("accepts batches of k = 1, 2, 4, 8, 16 valid proofs", async () => {
    for (const k of [1, 2, 4, 8, 16])
      expect(await verify(proofs.slice(0, k), pubs.slice(0, k)), `k = ${k}`).to.equal(true);
  });

  it("rejects one bad proof in any position (first, middle, last)", async () => {
    const ps = proofs.slice(0, 5);
    const xs = pubs.slice(0, 5);
    for (const at of [0, 2, 4]) {
      // a valid proof of other inputs in the slot
      const bad = [...ps];
      bad[at] = forge(curve, key, pubOf(99), 7n);
      expect(await verify(bad, xs), `forged at ${at}`).to.equal(false);
      // a proof with C moved off its value
      const c = [...ps];
      c[at] = { ...ps[at], c: proofs[15].c };
      expect(await verify(c, xs), `C at ${at}`).to.equal(false);
    }
  });

  it("rejects a duplicated proof with a tampered public input, accepts an exact duplicate", async () => {
    const tampered = [pubs[0], [pubs[0][0] + 1n, pubs[0][1], pubs[0][2]]];
    expect(await verify([proofs[0], proofs[0]], tampered)).to.equal(false);
    expect(await verify([proofs[0], proofs[0]], [tampered[1], tampered[0]])).to.equal(false);
    // the verifier checks proofs, not uniqueness: the engine refuses repeated accounts
    // (submitProofs wants them strictly increasing)
    expect(await verify([proofs[0], proofs[0]], [pubs[0], pubs[0]])).to.equal(true);
  });

  it("rejects a proof presented with another account's state hash or multiplier", async () => {
    const xs = pubs.slice(0, 4).map((x) => [...x]);
    xs[1][0] = pubs[2][0]; // account 2's state hash on account 1's proof
    expect(await verify(proofs.slice(0, 4), xs)).to.equal(false);
    const ys = pubs.slice(0, 4).map((x) => [...x]);
    ys[3][2] = 20000n;
    expect(await verify(proofs.slice(0, 4), ys)).to.equal(false);
  });

  it("rejects a public input >= r (the same input + r) in any slot", async () => {
    for (const [i, j] of [
      [0, 0],
      [1, 1],
      [3, 2],
    ]) {
      const xs = pubs.slice(0, 4).map((x) => [...x]);
      xs[i][j] += BN254_R;
      expect(await verify(proofs.slice(0, 4), xs), `pub[${i}][${j}]`).to.equal(false);
      xs[i][j] = BN254_R;
      expect(await verify(proofs.slice(0, 4), xs)).to.equal(false);
    }
  });

  it("rejects G1 points off the curve, at infinity, non-canonical, and G2 points outside G2", async () => {
    const ps = proofs.slice(0, 3);
    const xs = pubs.slice(0, 3);
    const variants: [string, (p: SolProof) => SolProof][] = [
      ["A off the curve", offCurve],
      ["C off the curve", (p) => ({ ...p, c: [p.c[0], (p.c[1] + 1n) % BN254_Q] })],
      ["A at infinity", (p) => ({ ...p, a: [0n, 0n] })],
      ["A.x + q", (p) => ({ ...p, a: [p.a[0] + BN254_Q, p.a[1]] })],
      ["C.y + q", (p) => ({ ...p, c: [p.c[0], p.c[1] + BN254_Q] })],
      ["B coordinate + q", (p) => ({ ...p, b: [[p.b[0][0] + BN254_Q, p.b[0][1]], p.b[1]] })],
      ["B off the twist", (p) => ({ ...p, b: [p.b[0], [p.b[1][0], p.b[1][1] + 1n]] })],
      ["B on the twist, outside G2", (p) => ({ ...p, b: twistPointOutsideG2(curve) })],
    ];
    for (const [what, edit] of variants)
      for (const at of [0, 2]) {
        const bad = [...ps];
        bad[at] = edit(ps[at]);
        expect(await verify(bad, xs), `${what} at ${at}`).to.equal(false);
      }
  });

  it("rejects an empty batch and arrays of different lengths", async () => {
    expect(await verify([], [])).to.equal(false);
    const [ps, x] = batchArgs(proofs.slice(0, 2), pubs.slice(0, 2));
    expect(await v.verifyBatch(ps.slice(0, 1), x)).to.equal(false);
    expect(await v.verifyBatch(ps, x.slice(0, 1))).to.equal(false);
  });

  it("takes no coefficients from the caller: order is free, errors cannot be made to cancel", async () => {
    // the batch entry point takes the proofs and inputs, nothing else (and no other takes
    // coefficients either)
    const fns = v.interface.fragments.filter((f) => f.type === "function").map((f) => f.format());
    expect(fns).to.have.members([
      "verifyBatch((uint256[2],uint256[2][2],uint256[2])[],uint256[3][])",
      "verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[3])",
      "verifyProofFrom(uint256[2],uint256[2][2],uint256[2],uint256[2],uint256[3])",
      "basePoint(uint256[3])",
      "VKEY_SHA256()",
      "N_PUBLIC()",
    ]);
    const order = [3, 0, 2, 1];
    expect(
      await verify(
        order.map((i) => proofs[i]),
        order.map((i) => pubs[i]),
      ),
    ).to.equal(true);
    // two invalid proofs whose errors cancel in the plain sum (all coefficients 1):
    // C_0 + D and C_1 - D; and with C_1 - D / r_1 for the r_1 of the unmodified batch
    const D = curve.G1.timesScalar(curve.G1.g, 5n);
    const g1 = (p: [bigint, bigint]) => curve.G1.fromObject([p[0], p[1]]);
    const obj = (p: Uint8Array): [bigint, bigint] => {
      const o = curve.G1.toObject(curve.G1.toAffine(p)) as bigint[];
      return [o[0], o[1]];
    };
    const seed = BigInt(
      keccak256(
        solidityPacked(
          ["bytes32", "uint256[]"],
          [await v.VKEY_SHA256(), batchArgs(proofs.slice(0, 2), pubs.slice(0, 2)).flat(Infinity)],
        ),
      ),
    );
    const r1 = BigInt(keccak256(solidityPacked(["uint256", "uint256"], [seed, 1]))) >> 128n;
    for (const k1 of [1n, r1]) {
      const shift = curve.G1.timesScalar(D, modInverse(k1));
      const p0 = { ...proofs[0], c: obj(curve.G1.add(g1(proofs[0].c), D)) };
      const p1 = { ...proofs[1], c: obj(curve.G1.add(g1(proofs[1].c), curve.G1.neg(shift))) };
      // control: a pairing check with the fixed coefficients (1, k1) accepts the pair
      expect(await fixedCoefficients([1n, k1], [p0, p1], pubs.slice(0, 2))).to.equal(true);
      expect(await verify([p0, p1], pubs.slice(0, 2)), `k1 = ${k1}`).to.equal(false);
    }
  });

  /** The batch equation with the caller's coefficients, straight through precompile 0x08. */
  async function fixedCoefficients(rs: bigint[], ps: SolProof[], xs: bigint[][]) {
    const vk = key.vkey as { vk_alpha_1: string[]; IC: string[][] } & Record<string, string[][]>;
    const G = curve.G1;
    const pt = (o: readonly (string | bigint)[]) => G.fromObject([BigInt(o[0]), BigInt(o[1])]);
    const xy = (p: Uint8Array) => (G.toObject(G.toAffine(p)) as bigint[]).slice(0, 2);
    const g2 = (o: string[][]) => [o[0][1], o[0][0], o[1][1], o[1][0]].map(BigInt);
    const sum = (terms: Uint8Array[]) => terms.reduce((acc, t) => G.add(acc, t));
    const R = rs.reduce((a, r) => a + r);
    const vkx = sum(
      ps.map((_, i) =>
        G.timesScalar(
          sum(xs[i].map((x, j) => G.timesScalar(pt(vk.IC[j + 1]), x)).concat(pt(vk.IC[0]))),
          rs[i],
        ),
      ),
    );
    const words = [
      ...ps.flatMap((p, i) => [...xy(G.neg(G.timesScalar(pt(p.a), rs[i]))), ...p.b.flat()]),
      ...xy(G.timesScalar(pt(vk.vk_alpha_1), R)),
      ...g2(vk.vk_beta_2),
      ...xy(vkx),
      ...g2(vk.vk_gamma_2),
      ...xy(sum(ps.map((p, i) => G.timesScalar(pt(p.c), rs[i])))),
      ...g2(vk.vk_delta_2),
    ];
    const out = await ethers.provider.call({
      to: "0x0000000000000000000000000000000000000008",
      data: solidityPacked(["uint256[]"], [words]),
    });
    return BigInt(out) === 1n;
  }
});

describe("Groth16 batch verifier (other numbers of public inputs)", function () {
  this.timeout(120000);
  it("works for nPublic = 1 and 8 (accepts a batch of 3, rejects a tampered input)", async () => {
    const curve = await loadCurve();
    try {
      const [deployer] = await ethers.getSigners();
      for (const n of [1, 8]) {
        const key = syntheticKey(curve, n, BigInt(31 + n));
        const source = batchVerifierSource(key.vkey, { contractName: "BatchN", header: "" });
        const v = (await deploySource(source, "BatchN", deployer)) as unknown as Contract;
        const xs = [0, 1, 2].map((i) => Array.from({ length: n }, (_, j) => BigInt(i * 100 + j)));
        const ps = xs.map((x, i) => forge(curve, key, x, BigInt(500 + i)));
        expect(await v.verifyBatch(...batchArgs(ps, xs)), `n = ${n}`).to.equal(true);
        xs[1][n - 1] += 1n;
        expect(await v.verifyBatch(...batchArgs(ps, xs)), `n = ${n}`).to.equal(false);
      }
    } finally {
      await curve.terminate();
    }
  });
});

function modInverse(v: bigint): bigint {
  let [a, b, x, y] = [v % BN254_R, BN254_R, 1n, 0n];
  while (b !== 0n) {
    const q = a / b;
    [a, b, x, y] = [b, a - q * b, y, x - q * y];
  }
  return ((x % BN254_R) + BN254_R) % BN254_R;
}

const SMALL_ARTIFACT = path.resolve(
  __dirname,
  "../../artifacts/contracts/generated/SolvencyBatchVerifierSmall.sol",
);

describe("Groth16 batch verifier (small instance key, real proofs)", function () {
  this.timeout(300000);
  let curve: Curve;
  let batch: Contract;
  let single: Contract;
  let ps: SolProof[] = [];
  let xs: bigint[][] = [];

  before(async function () {
    if (!fs.existsSync(SMALL_ARTIFACT)) {
      console.log("      skipped: no SolvencyBatchVerifierSmall (npm run circuits)");
      this.skip();
    }
    curve = await loadCurve();
    ({ proofs: ps, pubs: xs } = await realProofs(curve, "small", 2, 16));
    batch = (await ethers.deployContract("SolvencyBatchVerifierSmall")) as unknown as Contract;
    single = (await ethers.deployContract("SolvencyVerifierSmall")) as unknown as Contract;
  });
  after(async () => curve?.terminate());

  it("accepts k = 1, 2, 4 real proofs, each also valid for the single verifier", async () => {
    for (let i = 0; i < 4; i++)
      expect(await single.verifyProof(ps[i].a, ps[i].b, ps[i].c, xs[i])).to.equal(true);
    for (const k of [1, 2, 4])
      expect(await batch.verifyBatch(...batchArgs(ps.slice(0, k), xs.slice(0, k)))).to.equal(true);
  });

  it("rejects a real proof presented with the other account's state hash", async () => {
    const bad = xs.slice(0, 4).map((x) => [...x]);
    expect(bad[0][0]).to.not.equal(bad[1][0]);
    bad[2][0] = xs[1][0];
    expect(await batch.verifyBatch(...batchArgs(ps.slice(0, 4), bad))).to.equal(false);
  });

  it("verifyProof answers as the snarkjs verifier; from a cached base it costs less", async () => {
    const args = (p: SolProof) => [p.a, p.b, p.c] as const;
    const [from] = await ethers.getSigners();
    const gas = async (c: Contract, fn: string, a: unknown[]) =>
      Number(
        await ethers.provider.estimateGas({
          from,
          to: await c.getAddress(),
          data: c.interface.encodeFunctionData(fn, a),
        }),
      );
    for (let i = 0; i < 2; i++) {
      expect(await batch.verifyProof(...args(ps[i]), xs[i])).to.equal(true);
      const swapped = [xs[1 - i][0], xs[i][1], xs[i][2]];
      expect(await batch.verifyProof(...args(ps[i]), swapped)).to.equal(false);
      expect(await single.verifyProof(...args(ps[i]), swapped)).to.equal(false);
    }
    const base = [...((await batch.basePoint([0n, xs[0][1], xs[0][2]])) as bigint[])];
    const rest = [xs[0][0], 0n, 0n];
    expect(await batch.verifyProofFrom(...args(ps[0]), base, rest)).to.equal(true);
    const g = {
      snarkjs: await gas(single, "verifyProof", [...args(ps[0]), xs[0]]),
      ours: await gas(batch, "verifyProof", [...args(ps[0]), xs[0]]),
      cached: await gas(batch, "verifyProofFrom", [...args(ps[0]), base, rest]),
    };
    console.log(
      `      verifyProof transaction gas: snarkjs ${g.snarkjs}, generated ${g.ours}, from a cached base ${g.cached}`,
    );
    expect(g.cached).to.be.below(g.snarkjs - 10000);
  });

  it("gas: verifyBatch for k = 1, 2, 4, 8, 16 next to the single verifier", async () => {
    const [from] = await ethers.getSigners();
    const tx = async (c: Contract, data: string) =>
      Number(await ethers.provider.estimateGas({ from, to: await c.getAddress(), data }));
    const one = await tx(
      single,
      single.interface.encodeFunctionData("verifyProof", [ps[0].a, ps[0].b, ps[0].c, xs[0]]),
    );
    const rows = [`single verifyProof: ${one} gas (transaction)`];
    for (const k of [1, 2, 4, 8, 16]) {
      const args = batchArgs(ps.slice(0, k), xs.slice(0, k));
      expect(await batch.verifyBatch(...args)).to.equal(true);
      const g = await tx(batch, batch.interface.encodeFunctionData("verifyBatch", args));
      rows.push(`k = ${k}: ${g} gas, ${Math.round(g / k)} per proof`);
    }
    console.log(rows.map((r) => `      ${r}`).join("\n"));
  });
});
