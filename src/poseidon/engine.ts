/**
 * The WebAssembly Poseidon engine: instantiates src/poseidon/field-module.ts, writes each
 * width's optimized constants (src/poseidon/optimize.ts) into its memory in Montgomery form
 * on first use, and hashes with the round schedule of circomlibjs's poseidon_opt.
 */
import { P } from "../field";
import { ELEM, HEAP, ONE, R2, RAW, STATE, poseidonModuleBytes } from "./field-module";
import { OptimizedConstants, optimizedConstants } from "./optimize";

type Fn = (...args: number[]) => void;

/** Addresses of one width's constants in the engine's memory. */
interface Width {
  t: number;
  rounds: number;
  first: number;
  firstHalf: number;
  last: number;
  pre: number;
  partial: number;
  sparse: number;
  secondHalf: number;
  mds: number;
}

const PAGE = 65536;
/** R = 2^261 mod p (src/poseidon/field-code.ts). */
const MONT = (1n << 261n) % P;
const FUNCTIONS = [
  "mul",
  "add",
  "pow5",
  "dot",
  "addVec",
  "full",
  "partial",
  "mulAdd",
  "limbs",
  "load",
  "store",
] as const;

/** A synchronous Poseidon over an instantiated module. */
export class PoseidonEngine {
  private readonly memory: WebAssembly.Memory;
  private words: BigUint64Array;
  private heap = HEAP;
  private readonly widths = new Map<number, Width>();
  private readonly fn: Record<(typeof FUNCTIONS)[number], Fn>;

  constructor(instance: WebAssembly.Instance) {
    const exported = instance.exports;
    const memory = exported.memory;
    if (!(memory instanceof WebAssembly.Memory)) throw new TypeError("no memory export");
    this.memory = memory;
    this.words = new BigUint64Array(memory.buffer);
    const fn = (name: string): Fn => {
      const f = exported[name];
      if (typeof f !== "function") throw new TypeError(`no export ${name}`);
      return f as Fn;
    };
    this.fn = Object.fromEntries(FUNCTIONS.map((name) => [name, fn(name)])) as Record<
      (typeof FUNCTIONS)[number],
      Fn
    >;
    this.put(R2, (MONT * MONT) % P);
    this.put(ONE, 1n);
  }

  /** Writes the integer x (< 2^256) as limbs at `address`. */
  private put(address: number, x: bigint): void {
    this.raw(x);
    this.fn.limbs(RAW, address);
  }

  /** Writes x (< 2^256) at RAW as 4 little-endian words. */
  private raw(x: bigint): void {
    const o = RAW >> 3;
    const w = this.words;
    w[o] = x & 0xffffffffffffffffn;
    w[o + 1] = (x >> 64n) & 0xffffffffffffffffn;
    w[o + 2] = (x >> 128n) & 0xffffffffffffffffn;
    w[o + 3] = x >> 192n;
  }

  private read(): bigint {
    const o = RAW >> 3;
    const w = this.words;
    return w[o] | (w[o + 1] << 64n) | (w[o + 2] << 128n) | (w[o + 3] << 192n);
  }

  /** Stores `values` (Montgomery form) at the heap's end; returns their address. */
  private store(values: readonly bigint[]): number {
    const address = this.heap;
    const end = address + ELEM * values.length;
    if (end > this.memory.buffer.byteLength) {
      this.memory.grow(Math.ceil((end - this.memory.buffer.byteLength) / PAGE));
      this.words = new BigUint64Array(this.memory.buffer);
    }
    values.forEach((x, k) => this.put(address + ELEM * k, (x * MONT) % P));
    this.heap = end;
    return address;
  }

  private width(n: number): Width {
    let w = this.widths.get(n);
    if (!w) {
      const c: OptimizedConstants = optimizedConstants(n);
      w = {
        t: c.t,
        rounds: c.partialRounds,
        first: this.store(c.first),
        firstHalf: this.store(c.firstHalf.flat()),
        last: this.store(c.last),
        pre: this.store(c.pre.flat()),
        partial: this.store(c.partial),
        sparse: this.store(c.sparse.flat()),
        secondHalf: this.store(c.secondHalf.flat()),
        mds: this.store(c.mds.flat()),
      };
      this.widths.set(n, w);
    }
    return w;
  }

  /** Poseidon(n) of `inputs` (1 <= n <= 16, each a field element; unchecked here). */
  hash(inputs: readonly bigint[]): bigint {
    const w = this.width(inputs.length);
    const { t } = w;
    const { load, store, addVec, full, partial } = this.fn;
    for (let k = 0; k < t; k++) {
      this.raw(k === 0 ? 0n : inputs[k - 1]);
      load(RAW, STATE + ELEM * k);
    }
    addVec(STATE, w.first, t);
    for (let r = 0; r < 3; r++) full(STATE, w.firstHalf + ELEM * t * r, t, w.mds, t);
    full(STATE, w.last, t, w.pre, t);
    partial(STATE, w.partial, w.sparse, t, w.rounds);
    for (let r = 0; r < 3; r++) full(STATE, w.secondHalf + ELEM * t * r, t, w.mds, t);
    full(STATE, 0, t, w.mds, 1);
    store(STATE, RAW);
    return this.read();
  }
}

/** The module's bytes (one page of memory to start). */
export const moduleBytes = (): Uint8Array<ArrayBuffer> => poseidonModuleBytes(1);

/** An engine from a compiled module. */
export function engineOf(module: WebAssembly.Module): PoseidonEngine {
  return new PoseidonEngine(new WebAssembly.Instance(module, {}));
}
