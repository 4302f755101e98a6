/**
 * The WebAssembly Poseidon (src/poseidon) against circomlib's: poseidon-lite (the reference
 * the SDK used before) on random field elements of every width 1..16, known vectors, the
 * input checks, the BigInt fallback, and the constants against the published packages.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import * as lite from "poseidon-lite";
import { hash, poseidonIsFast } from "../../src/poseidon";
import { optimizedConstants, rawConstants, referenceHash } from "../../src/poseidon/optimize";
import { P } from "../../src/field";

const LITE: ReadonlyArray<(inputs: bigint[]) => bigint> = [
  lite.poseidon1,
  lite.poseidon2,
  lite.poseidon3,
  lite.poseidon4,
  lite.poseidon5,
  lite.poseidon6,
  lite.poseidon7,
  lite.poseidon8,
  lite.poseidon9,
  lite.poseidon10,
  lite.poseidon11,
  lite.poseidon12,
  lite.poseidon13,
  lite.poseidon14,
  lite.poseidon15,
  lite.poseidon16,
];

/** Deterministic 64-bit generator (splitmix64). */
function splitmix(seed: bigint): () => bigint {
  let s = seed;
  return () => {
    s = (s + 0x9e3779b97f4a7c15n) & 0xffffffffffffffffn;
    let z = s;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & 0xffffffffffffffffn;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & 0xffffffffffffffffn;
    return z ^ (z >> 31n);
  };
}

const SPECIAL = [
  0n,
  1n,
  2n,
  P - 1n,
  P - 2n,
  (P - 1n) / 2n,
  1n << 253n,
  (1n << 253n) - 1n,
  (1n << 253n) + 1n,
];

/** A field element: special values, small ones, near 2^253, near p, or uniform. */
function element(next: () => bigint): bigint {
  const kind = Number(next() % 6n);
  const wide = (next() << 192n) | (next() << 128n) | (next() << 64n) | next();
  if (kind === 0) return SPECIAL[Number(next() % BigInt(SPECIAL.length))];
  if (kind === 1) return next() % 1000n;
  if (kind === 2) return (1n << 253n) + (next() % 2n === 0n ? 1n : -1n) * (next() % (1n << 64n));
  if (kind === 3) return P - 1n - (next() % (1n << 64n));
  return wide % P;
}

describe("Poseidon (WebAssembly engine, src/poseidon)", () => {
  it("runs on the WebAssembly engine in Node", () => {
    expect(poseidonIsFast()).to.equal(true);
  });

  it("agrees with poseidon-lite on 480 random inputs, 30 of every width 1..16", () => {
    const next = splitmix(20261207n);
    let cases = 0;
    for (let n = 1; n <= 16; n++) {
      for (let c = 0; c < 30; c++) {
        const inputs = Array.from({ length: n }, () => element(next));
        expect(hash(inputs), `width ${n}, inputs ${inputs.join(",")}`).to.equal(
          LITE[n - 1]([...inputs]),
        );
        cases++;
      }
    }
    expect(cases).to.equal(480);
  });

  it("agrees on all-zero, all p-1 and all 2^253 inputs of every width", () => {
    for (let n = 1; n <= 16; n++)
      for (const v of [0n, P - 1n, 1n << 253n]) {
        const inputs = new Array<bigint>(n).fill(v);
        expect(hash(inputs), `width ${n}, ${v}`).to.equal(LITE[n - 1]([...inputs]));
      }
  });

  it("gives circomlib's known vectors", () => {
    expect(hash([1n, 2n])).to.equal(
      0x115cc0f5e7d690413df64c6b9662e9cf2a3617f2743245519e19607a4417189an,
    );
    expect(hash([1n, 2n, 3n, 4n])).to.equal(
      0x299c867db6c1fdd79dcefa40e4510b9837e60ebb1ce0663dbaa525df65250465n,
    );
  });

  it("throws RangeError for 0 or 17 inputs and for inputs outside [0, p)", () => {
    expect(() => hash([])).to.throw(RangeError);
    expect(() => hash(new Array<bigint>(17).fill(1n))).to.throw(RangeError);
    for (const bad of [-1n, P, P + 1n, 1n << 256n])
      expect(() => hash([1n, bad]), `${bad}`).to.throw(RangeError);
  });

  it("gives the same result on its BigInt fallback (referenceHash)", () => {
    const next = splitmix(7n);
    for (const n of [1, 2, 5, 16]) {
      const inputs = Array.from({ length: n }, () => element(next));
      expect(referenceHash(inputs), `width ${n}`).to.equal(hash(inputs));
    }
  });

  it("where synchronous compilation is refused: the BigInt fallback, then the engine", async () => {
    const wasm = WebAssembly as unknown as { Module: unknown };
    const saved = wasm.Module;
    const id = require.resolve("../../src/poseidon");
    const cached = require.cache[id];
    wasm.Module = function refuse(): never {
      throw new RangeError("WebAssembly.Compile is disallowed on the main thread");
    };
    let fresh: typeof import("../../src/poseidon");
    try {
      delete require.cache[id];
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      fresh = require("../../src/poseidon") as typeof import("../../src/poseidon");
    } finally {
      wasm.Module = saved;
      require.cache[id] = cached;
    }
    expect(fresh.poseidonIsFast()).to.equal(false);
    const inputs = [1n, 2n, 3n, P - 1n, 1n << 253n];
    const expected = lite.poseidon5([...inputs]);
    expect(fresh.hash(inputs)).to.equal(expected);
    for (let k = 0; k < 100 && !fresh.poseidonIsFast(); k++)
      await new Promise((r) => setTimeout(r, 20));
    expect(fresh.poseidonIsFast()).to.equal(true);
    expect(fresh.hash(inputs)).to.equal(expected);
  });

  it("carries poseidon-lite 0.3.0's constants (src/poseidon/constants.ts)", () => {
    const dir = path.dirname(require.resolve("poseidon-lite/poseidon2"));
    for (let n = 1; n <= 16; n++) {
      // the package does not export its constants: load the file by path
      const file = path.join(dir, "constants", `${n}.js`);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const pkg = (require(file) as { default: { C: string[]; M: string[][] } }).default;
      const big = (s: string): bigint =>
        BigInt("0x" + (Buffer.from(s, "base64").toString("hex") || "0"));
      const ours = rawConstants(n);
      expect(ours.C, `C of width ${n}`).to.deep.equal(pkg.C.map(big));
      expect(ours.M, `M of width ${n}`).to.deep.equal(pkg.M.map((row) => row.map(big)));
    }
  });

  it("derives circomlibjs's published optimized constants (poseidon_constants_opt.json)", () => {
    // circomlibjs/build/main.cjs -> circomlibjs/src/poseidon_constants_opt.json
    const root = path.dirname(path.dirname(require.resolve("circomlibjs")));
    const file = path.join(root, "src", "poseidon_constants_opt.json");
    const opt = JSON.parse(fs.readFileSync(file, "utf8")) as Record<"C" | "S" | "P", string[][]>;
    const hex = (xs: bigint[]): string[] => xs.map((x) => "0x" + x.toString(16));
    for (const n of [1, 2, 3, 4, 5, 8, 16]) {
      const c = optimizedConstants(n);
      const C = [
        ...c.first,
        ...c.firstHalf.flat(),
        ...c.last,
        ...c.partial,
        ...c.secondHalf.flat(),
      ];
      expect(hex(C), `C of width ${n}`).to.deep.equal(opt.C[n - 1]);
      expect(hex(c.sparse.flat()), `S of width ${n}`).to.deep.equal(opt.S[n - 1]);
      // circomlibjs stores its matrices transposed (it multiplies by M[j][i])
      const transposed = c.pre[0].map((_, j) => c.pre.map((row) => row[j]));
      expect(hex(transposed.flat()), `P of width ${n}`).to.deep.equal(opt.P[n - 1].flat());
    }
  });
});
