/**
 * src/libm.ts: the pure-arithmetic exp and log that Black-76 (and so every risk root) uses.
 *
 * (1) On Node 20 / V8 11 on x86-64, the engine the frozen v1 risk roots were computed with,
 * they equal `Math.exp` / `Math.log` bit for bit on a million deterministic pseudo-random
 * inputs over the ranges Black-76 uses, on every power of two and its neighbours, and on the
 * special values and thresholds. Other engines and versions compute `Math.exp` / `Math.log`
 * differently (that is why libm exists), so there this part is skipped.
 * (2) A fixed table of inputs and result bit patterns, taken from Node 20's Math, pins the
 * results on every engine.
 */

import { expect } from "chai";
import { exp, log } from "../../src/libm";

const dv = new DataView(new ArrayBuffer(8));

/** The float64 bit pattern of `x` as 16 hex digits. */
function hex(x: number): string {
  dv.setFloat64(0, x);
  return dv.getBigUint64(0).toString(16).padStart(16, "0");
}

/** The double with bit pattern `hi:lo`. */
function fromWords(hi: number, lo: number): number {
  dv.setUint32(0, hi >>> 0);
  dv.setUint32(4, lo >>> 0);
  return dv.getFloat64(0);
}

/** The next double away from zero (towards +Infinity for x >= 0), by bit increment. */
function nextUp(x: number): number {
  dv.setFloat64(0, x);
  dv.setBigUint64(0, dv.getBigUint64(0) + 1n);
  return dv.getFloat64(0);
}

/** The next double towards zero (x != 0), by bit decrement. */
function nextDown(x: number): number {
  dv.setFloat64(0, x);
  dv.setBigUint64(0, dv.getBigUint64(0) - 1n);
  return dv.getFloat64(0);
}

/** Deterministic 32-bit generator (mulberry32). */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** The deterministic sample: [exp arguments, log arguments], about a million in all. */
function sample(): [number[], number[]] {
  const u32 = generator(20261207);
  const unit = (): number => (u32() * 2 ** 21 + (u32() >>> 11)) / 2 ** 53; // [0, 1)
  const bits = (): number => fromWords(u32(), u32());
  const ex: number[] = [];
  const lg: number[] = [];
  for (let i = 0; i < 200_000; i++) ex.push(-745 + 1455 * unit()); // whole finite range
  for (let i = 0; i < 150_000; i++) ex.push((2 * unit() - 1) * 10 ** (-20 * unit())); // near 0
  for (let i = 0; i < 150_000; i++) {
    const y = 30 * unit(); // erfc's exp(-ysq*ysq) * exp(-del)
    const ysq = Math.trunc(y * 16) / 16;
    ex.push(-y * y, -ysq * ysq, -(y - ysq) * (y + ysq));
  }
  for (let i = 0; i < 50_000; i++) ex.push(bits()); // any double, NaNs included
  for (let i = 0; i < 100_000; i++) lg.push(Math.abs(bits())); // any positive double
  for (let i = 0; i < 20_000; i++) lg.push(fromWords(u32() & 0xfffff, u32())); // subnormals
  for (let i = 0; i < 100_000; i++) lg.push(1 + (2 * unit() - 1) * 2 ** (-60 * unit())); // 1±tiny
  for (let i = 0; i < 100_000; i++) lg.push(10 ** (6 * unit() - 3) / 10 ** (6 * unit() - 3)); // f/k
  for (let i = 0; i < 30_000; i++) lg.push(10 ** (616 * unit() - 308)); // large and small
  return [ex, lg];
}

/** Inputs at and around every branch point of the two functions. */
function specials(): [number[], number[]] {
  const ln2 = 0.6931471805599453;
  const ex = [0, -0, Infinity, -Infinity, NaN, Number.MIN_VALUE, -Number.MIN_VALUE];
  ex.push(Number.MAX_VALUE, -Number.MAX_VALUE, 1, -1, 709.782712893384, 708.3964185322641);
  const points = [
    7.09782712893383973096e2, // overflow threshold
    -7.4513321910194110842e2, // underflow threshold
    709.78, // high word 0x40862E42
    0.5 * ln2,
    1.5 * ln2,
    2 ** -28,
    -708.3964185322641, // k = -1021 / -1022, smallest normal result
    -744.44007192138126, // results near Number.MIN_VALUE
  ];
  for (const p of points) {
    for (const s of [p, -p]) {
      let up = s;
      let down = s;
      for (let i = 0; i < 64; i++) {
        ex.push(up, down);
        up = nextUp(up);
        down = nextDown(down);
      }
    }
  }
  const lg = [0, -0, -1, -Number.MIN_VALUE, Infinity, -Infinity, NaN, 1, Number.MAX_VALUE];
  for (let e = -1074; e <= 1023; e++) {
    const p = 2 ** e;
    lg.push(p, nextUp(p), p > Number.MIN_VALUE ? nextDown(p) : p);
  }
  for (const p of [1, Math.SQRT2, Math.SQRT1_2, 2.2250738585072014e-308]) {
    let up = p;
    let down = p;
    for (let i = 0; i < 256; i++) {
      lg.push(up, down);
      up = nextUp(up);
      down = nextDown(down);
    }
  }
  return [ex, lg];
}

/** The first few inputs where `f` and `g` differ in any bit, and the count. */
function disagreements(
  xs: number[],
  f: (x: number) => number,
  g: (x: number) => number,
): { count: number; first: string[] } {
  const first: string[] = [];
  let count = 0;
  for (const x of xs) {
    const a = f(x);
    const b = g(x);
    if (!Object.is(a, b)) {
      count++;
      if (first.length < 5) first.push(`${x}: ${hex(a)} != ${hex(b)}`);
    }
  }
  return { count, first };
}

const node20x64 =
  process.versions.v8 !== undefined &&
  process.versions.v8.startsWith("11.") &&
  process.versions.node.startsWith("20.") &&
  process.arch === "x64";

describe("libm exp/log equal Node 20's Math.exp/Math.log bit for bit", function () {
  this.timeout(60_000);
  before(function () {
    if (!node20x64) this.skip();
  });
  const [ex, lg] = sample();
  const [sx, sl] = specials();

  it(`exp on ${ex.length} sampled arguments`, () => {
    expect(disagreements(ex, exp, Math.exp)).to.deep.equal({ count: 0, first: [] });
  });
  it(`log on ${lg.length} sampled arguments`, () => {
    expect(disagreements(lg, log, Math.log)).to.deep.equal({ count: 0, first: [] });
  });
  it(`exp on ${sx.length} special and threshold arguments`, () => {
    expect(disagreements(sx, exp, Math.exp)).to.deep.equal({ count: 0, first: [] });
  });
  it(`log on ${sl.length} special, power-of-two and near-1 arguments`, () => {
    expect(disagreements(sl, log, Math.log)).to.deep.equal({ count: 0, first: [] });
  });
});

// Bit patterns of Node 20.20 (V8 11.3, x86-64) Math.exp / Math.log for these inputs.
const EXP_PINNED: Array<[number, string]> = [
  [1, "4005bf0a8b145769"],
  [-1, "3fd78b56362cef38"],
  [0.5, "3ffa61298e1e069c"],
  [-0.5, "3fe368b2fc6f960a"],
  [0.34657359027997264, "3ff6a09e667f3bcc"],
  [-0.34657359027997264, "3fe6a09e667f3bcc"],
  [1.0397207708399179, "4006a09e667f3bcc"],
  [1e-9, "3ff000000044b830"],
  [-1e-9, "3fefffffff768fa1"],
  [9.313225746154785e-10, "3ff0000000400000"],
  [10, "40d5829dcf950560"],
  [-10, "3f07cd79b5647c9a"],
  [100, "48f3494a9b171bf5"],
  [-100, "36ea8c1f14e2af5d"],
  [709.78, "7fefe9ce5c4c52b4"],
  [709.782712893384, "7fefffffffffff2a"],
  [-708.5, "000e6cf6d08897ac"],
  [-740, "0000000000000055"],
  [-745.1332191019411, "0000000000000001"],
  [0.000037, "3ff00026cc4bada5"],
  [-5.34765625, "3f737e7adc463a6d"],
  [-56.25, "3adccee1660198f4"],
  [-702.25, "009d30aac661817c"],
  [-0.0001220703125, "3fefff0003fff555"],
  [-0.04872, "3fee7a73c311d730"],
  [2.5, "40285d6fd931e0bb"],
  [0, "3ff0000000000000"],
  [-0, "3ff0000000000000"],
  [Infinity, "7ff0000000000000"],
  [-Infinity, "0000000000000000"],
  [710, "7ff0000000000000"],
  [-746, "0000000000000000"],
];
const LOG_PINNED: Array<[number, string]> = [
  [2, "3fe62e42fefa39ef"],
  [0.5, "bfe62e42fefa39ef"],
  [10, "40026bb1bbb55516"],
  [1e-300, "c085963447f87fb5"],
  [5e-324, "c0874385446d71c3"],
  [2.2250738585072014e-308, "c086232bdd7abcd2"],
  [1.0000000000000002, "3cafffffffffffff"],
  [0.9999999999999999, "bca0000000000000"],
  [1.0000001, "3e7ad7f2847b6492"],
  [0.9999999, "be7ad7f2b1049b9f"],
  [1.7976931348623157e308, "40862e42fefa39ef"],
  [3, "3ff193ea7aad030a"],
  [0.7071067811865476, "bfd62e42fefa39ee"],
  [1.4142135623730951, "3fd62e42fefa39f0"],
  [1.1, "3fb8663f793c46cc"],
  [0.9, "bfbaf8e8210a415c"],
  [1000000, "402ba18a998fffa0"],
  [123.456, "401343774f3e2362"],
  [1e-10, "c037069e2aa2aa5b"],
  [0.33, "bff1bd150529e2b4"],
  [1.03, "3f9e44a9a3bed66b"],
  [0.97, "bf9f30b2d0091d8a"],
  [1.25, "3fcc8ff7c79a9a22"],
  [0.8, "bfcc8ff7c79a9a20"],
  [1, "0000000000000000"],
  [0, "fff0000000000000"],
  [-0, "fff0000000000000"],
  [Infinity, "7ff0000000000000"],
];

describe("libm exp/log results are pinned on every engine", () => {
  it("exp gives the pinned bit patterns", () => {
    expect(EXP_PINNED.map(([x]) => [x, hex(exp(x))])).to.deep.equal(EXP_PINNED);
  });
  it("log gives the pinned bit patterns", () => {
    expect(LOG_PINNED.map(([x]) => [x, hex(log(x))])).to.deep.equal(LOG_PINNED);
  });
  it("NaN in, NaN out; log of a negative number is NaN", () => {
    expect(Number.isNaN(exp(NaN))).to.equal(true);
    for (const x of [NaN, -1, -Number.MIN_VALUE, -Infinity]) {
      expect(Number.isNaN(log(x)), `log(${x})`).to.equal(true);
    }
  });
  it("the pinned table is Node 20's Math", function () {
    if (!node20x64) this.skip();
    expect(EXP_PINNED.map(([x]) => [x, hex(Math.exp(x))])).to.deep.equal(EXP_PINNED);
    expect(LOG_PINNED.map(([x]) => [x, hex(Math.log(x))])).to.deep.equal(LOG_PINNED);
  });
});
