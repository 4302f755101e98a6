// The body of a generator worker thread. It runs ffjavascript's compiled BN254 WebAssembly
// directly (no ffjavascript JavaScript in the worker): it builds fixed-base tables of G1 and
// G2 (signed windows of w bits, so a scalar multiplication is about 255 / w mixed additions),
// then turns jobs (a run of scalars described by a few field elements) into affine points,
// Montgomery little endian as a .ptau stores them, plus compressed / uncompressed forms for
// the sections a contribution hashes.
//
// The pool starts it as `(${workerMain})(require("node:worker_threads"))` with eval: true, so
// the function must be self-contained: no references to anything outside its own body (only
// type imports, which compile away). That works the same under ts-node, mocha and compiled JS.
import type * as WorkerThreads from "node:worker_threads";
import type { Group, PointJob } from "./plan";

export interface WorkerInit {
  /** ffjavascript's compiled bn128 WebAssembly module. */
  code: Uint8Array;
  pG1gen: number;
  pG2gen: number;
  /** Window width of each group's fixed-base table. */
  windows: Record<Group, number>;
  /** Largest job, in points, per group. */
  maxJob: Record<Group, number>;
}

export interface JobRequest {
  seq: number;
  job: PointJob;
}

export type WorkerReply =
  | { type: "ready" }
  | {
      type: "result";
      seq: number;
      lem: Uint8Array;
      compressed?: Uint8Array;
      uncompressed?: Uint8Array;
    }
  | { type: "error"; message: string };

export function workerMain(wt: typeof WorkerThreads): void {
  type Fn = (...args: number[]) => number;
  const port = wt.parentPort;
  if (port === null) throw new Error("workerMain: not in a worker thread");
  const init = wt.workerData as WorkerInit;

  const memory = new WebAssembly.Memory({ initial: 64, maximum: 32767 });
  const instance = new WebAssembly.Instance(
    new WebAssembly.Module(init.code as Uint8Array<ArrayBuffer>),
    {
      env: { memory },
    },
  );
  const ex = instance.exports as unknown as Record<string, Fn>;
  const fn = (name: string): Fn => {
    const f = ex[name];
    if (typeof f !== "function") throw new Error(`bn128 wasm has no ${name}`);
    return f;
  };
  // r, little-endian 32-bit words.
  const R_WORDS = [
    0xf0000001, 0x43e1f593, 0x79b97091, 0x2833e848, 0x8181585d, 0xb85045b6, 0xe131a029, 0x30644e72,
  ];
  const FR8 = 32;

  // Bump allocation above the module's own data; word 0 of memory is the module's free
  // pointer, which its batch functions also use for temporary space.
  let top = new Uint32Array(memory.buffer)[0];
  const alloc = (bytes: number): number => {
    top = Math.ceil(top / 64) * 64;
    const p = top;
    top += bytes;
    return p;
  };

  const maxN = Math.max(init.maxJob.G1, init.maxJob.G2);
  const jacBytes = Math.max(init.maxJob.G1 * 96, init.maxJob.G2 * 288);
  const affBytes = Math.max(init.maxJob.G1 * 64, init.maxJob.G2 * 128);
  const pScal = alloc(maxN * FR8); // scalars, Montgomery
  const pNorm = alloc(maxN * FR8); // scalars, normal form
  const pRoot = alloc(maxN * FR8); // w^j
  const pDen = alloc(maxN * FR8); // tau - w^j
  const pInv = alloc(maxN * FR8); // 1 / (tau - w^j)
  const pJac = alloc(jacBytes);
  const pAff = alloc(affBytes);
  const pComp = alloc(affBytes / 2);
  const pUnc = alloc(affBytes);
  const cRatio = alloc(FR8);
  const cTau = alloc(FR8);
  const cC = alloc(FR8);
  const cE = alloc(FR8);
  const cTmp = alloc(FR8);
  const cIn = alloc(FR8);

  interface Table {
    prefix: string;
    sA: number;
    sJ: number;
    w: number;
    windows: number;
    half: number;
    base: number;
    add: Fn;
    sub: Fn;
    zero: Fn;
  }
  const tables: Partial<Record<Group, Table>> = {};
  for (const g of ["G1", "G2"] as const) {
    const nF = g === "G1" ? 32 : 64;
    const w = init.windows[g];
    const windows = Math.ceil(255 / w);
    const half = 2 ** (w - 1);
    const prefix = g === "G1" ? "g1m" : "g2m";
    tables[g] = {
      prefix,
      sA: 2 * nF,
      sJ: 3 * nF,
      w,
      windows,
      half,
      base: alloc(windows * half * 2 * nF),
      add: fn(`${prefix}_addMixed`),
      sub: fn(`${prefix}_subMixed`),
      zero: fn(`${prefix}_zero`),
    };
  }
  const pBase = alloc(256);
  const pAcc = alloc(288);
  // Room for the module's temporary buffers (batch inversion / conversion of a job).
  const need = top + maxN * 400 + (1 << 20);
  const have = memory.buffer.byteLength;
  if (need > have) memory.grow(Math.ceil((need - have) / 65536));
  new Uint32Array(memory.buffer)[0] = top;
  const u8 = new Uint8Array(memory.buffer);
  const u32 = new Uint32Array(memory.buffer);

  /** Fills table t with m * 2^(w*j) * G for j < windows, 1 <= m <= 2^(w-1). */
  function buildTable(t: Table, gen: number): void {
    const toAffine = fn(`${t.prefix}_toAffine`);
    const batchToAffine = fn(`${t.prefix}_batchToAffine`);
    const copy = fn(`${t.prefix}_copy`);
    const double = fn(`${t.prefix}_double`);
    const cap = Math.floor(jacBytes / t.sJ);
    u8.copyWithin(pBase, gen, gen + t.sA); // the generator has z = 1: its x, y are affine
    for (let j = 0; j < t.windows; j++) {
      t.zero(pAcc);
      let filled = 0;
      for (let m = 1; m <= t.half; m++) {
        t.add(pAcc, pBase, pAcc);
        copy(pAcc, pJac + filled * t.sJ);
        filled++;
        if (filled === cap || m === t.half) {
          batchToAffine(pJac, filled, t.base + (j * t.half + m - filled) * t.sA);
          filled = 0;
        }
      }
      double(pAcc, pAcc);
      toAffine(pAcc, pBase);
    }
  }
  buildTable(tables.G1 as Table, init.pG1gen);
  buildTable(tables.G2 as Table, init.pG2gen);

  const toMont = fn("frm_toMontgomery");
  const frMul = fn("frm_mul");
  const frSub = fn("frm_sub");
  const frIsZero = fn("frm_isZero");
  const frBatchInverse = fn("frm_batchInverse");
  const frBatchFromMont = fn("frm_batchFromMontgomery");

  function loadMont(bytes: Uint8Array, p: number): void {
    u8.set(bytes, cIn);
    toMont(cIn, p);
  }

  /** pScal[j] = start * ratio^j (Montgomery). */
  function geometric(start: Uint8Array, ratio: Uint8Array, n: number, out: number): void {
    loadMont(start, out);
    loadMont(ratio, cRatio);
    for (let j = 1; j < n; j++) frMul(out + (j - 1) * FR8, cRatio, out + j * FR8);
  }

  function scalars(job: PointJob): void {
    const n = job.n;
    if (job.kind === "powers") {
      geometric(job.start, job.ratio, n, pScal);
    } else {
      geometric(job.wStart, job.w, n, pRoot);
      loadMont(job.tau, cTau);
      loadMont(job.c, cC);
      loadMont(job.e, cE);
      for (let j = 0; j < n; j++) {
        frSub(cTau, pRoot + j * FR8, pDen + j * FR8);
        if (frIsZero(pDen + j * FR8)) throw new Error("tau is a root of unity: pick another seed");
      }
      frBatchInverse(pDen, FR8, n, pInv, FR8);
      for (let j = 0; j < n; j++) {
        frMul(cC, pInv + j * FR8, cTmp);
        frSub(cTmp, cE, cTmp);
        frMul(pRoot + j * FR8, cTmp, pScal + j * FR8);
      }
    }
    frBatchFromMont(pScal, n, pNorm);
  }

  /** Subtracts r from the scalar at word index b if it is not below r. */
  function reduce(b: number): void {
    if (u32[b + 7] < R_WORDS[7]) return;
    for (let i = 7; i >= 0; i--) {
      if (u32[b + i] > R_WORDS[i]) break;
      if (u32[b + i] < R_WORDS[i]) return;
    }
    let borrow = 0;
    for (let i = 0; i < 8; i++) {
      const d = u32[b + i] - R_WORDS[i] - borrow;
      borrow = d < 0 ? 1 : 0;
      u32[b + i] = d >>> 0;
    }
  }

  /** pJac[j] = pNorm[j] * G (Jacobian) by signed fixed-base windows. */
  function multiply(t: Table, n: number): void {
    const { w, windows, half, base, sA, sJ, add, sub, zero } = t;
    const mask = 2 ** w - 1;
    const full = 2 ** w;
    for (let k = 0; k < n; k++) {
      const acc = pJac + k * sJ;
      zero(acc);
      const b = (pNorm >>> 2) + 8 * k;
      reduce(b);
      let carry = 0;
      for (let j = 0; j < windows; j++) {
        const bit = j * w;
        const wi = bit >>> 5;
        const sh = bit & 31;
        let v = u32[b + wi] >>> sh;
        if (sh + w > 32 && wi < 7) v |= u32[b + wi + 1] << (32 - sh);
        v = (v & mask) + carry;
        if (v > half) {
          carry = 1;
          const m = full - v;
          if (m > 0) sub(acc, base + (j * half + m - 1) * sA, acc);
        } else {
          carry = 0;
          if (v > 0) add(acc, base + (j * half + v - 1) * sA, acc);
        }
      }
    }
  }

  function run(job: PointJob): WorkerReply {
    const t = tables[job.group] as Table;
    const n = job.n;
    if (n > init.maxJob[job.group]) throw new Error(`job of ${n} points is too large`);
    scalars(job);
    multiply(t, n);
    fn(`${t.prefix}_batchToAffine`)(pJac, n, pAff);
    const lem = u8.slice(pAff, pAff + n * t.sA);
    if (job.kind === "powers" && job.hashed) {
      fn(`${t.prefix}_batchLEMtoC`)(pAff, n, pComp);
      fn(`${t.prefix}_batchLEMtoU`)(pAff, n, pUnc);
      const compressed = u8.slice(pComp, pComp + (n * t.sA) / 2);
      const uncompressed = u8.slice(pUnc, pUnc + n * t.sA);
      return { type: "result", seq: 0, lem, compressed, uncompressed };
    }
    return { type: "result", seq: 0, lem };
  }

  port.on("message", (msg: JobRequest) => {
    try {
      const reply = run(msg.job);
      if (reply.type !== "result") return;
      reply.seq = msg.seq;
      const transfer: ArrayBuffer[] = [reply.lem.buffer as ArrayBuffer];
      if (reply.compressed) transfer.push(reply.compressed.buffer as ArrayBuffer);
      if (reply.uncompressed) transfer.push(reply.uncompressed.buffer as ArrayBuffer);
      port.postMessage(reply, transfer);
    } catch (e) {
      port.postMessage({ type: "error", message: (e as Error).message } satisfies WorkerReply);
    }
  });
  port.postMessage({ type: "ready" } satisfies WorkerReply);
}
