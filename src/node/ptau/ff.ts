// Typed access to the two untyped libraries the generator borrows from snarkjs: its own copy
// of ffjavascript (BN254 arithmetic compiled to WebAssembly, ChaCha) and of @noble/hashes'
// BLAKE2b (whose internal state a ptau contribution record stores). Both are resolved from
// snarkjs's install directory so that they are exactly the versions snarkjs runs with.
import { createRequire } from "node:module";

/** A field element or point as ffjavascript holds it: Montgomery form, little endian. */
export type Elem = Uint8Array;

/** ffjavascript's ChaCha20 random stream. */
export interface ChaChaRng {
  nextU32(): number;
}

export interface FrField {
  /** The scalar field modulus r. */
  p: bigint;
  /** w[k] is ffjavascript's primitive 2^k-th root of unity (Montgomery). */
  w: Elem[];
  fromRng(rng: ChaChaRng): Elem;
  toObject(a: Elem): bigint;
  e(a: bigint | number | string): Elem;
}

export interface CurveGroup {
  /** The generator (Jacobian, Montgomery). */
  g: Elem;
  F: { n8: number };
  fromRng(rng: ChaChaRng): Elem;
  toAffine(p: Elem): Elem;
  timesFr(p: Elem, s: Elem): Elem;
  toUncompressed(p: Elem): Uint8Array;
  toRprLEM(buff: Uint8Array, pos: number, p: Elem): void;
  toRprUncompressed(buff: Uint8Array, pos: number, p: Elem): void;
  fromRprLEM(buff: Uint8Array, pos?: number): Elem;
  eq(a: Elem, b: Elem): boolean;
}

/** The parts of ffjavascript's (single-threaded) BN254 engine the generator uses. */
export interface Bn128 {
  q: bigint;
  r: bigint;
  Fr: FrField;
  G1: CurveGroup;
  G2: CurveGroup;
  tm: {
    /** The compiled WebAssembly module of the curve (instantiated again in each worker). */
    code: Uint8Array;
    pG1gen: number;
    pG2gen: number;
  };
  terminate(): Promise<void>;
}

interface FfjavascriptModule {
  buildBn128(singleThread?: boolean): Promise<Bn128>;
  ChaCha: new (seed: number[]) => ChaChaRng;
}

/** @noble/hashes' BLAKE2b object, including the internal fields a partial hash captures. */
export interface NobleBlake2b {
  update(data: Uint8Array): NobleBlake2b;
  digest(): Uint8Array;
  buffer: Uint8Array;
  pos: number;
  length: number;
  v0l: number;
  v0h: number;
  v1l: number;
  v1h: number;
  v2l: number;
  v2h: number;
  v3l: number;
  v3h: number;
  v4l: number;
  v4h: number;
  v5l: number;
  v5h: number;
  v6l: number;
  v6h: number;
  v7l: number;
  v7h: number;
}

interface NobleBlake2bModule {
  blake2b: { create(opts: { dkLen: number }): NobleBlake2b };
}

const fromHere = createRequire(__filename);
const fromSnarkjs = createRequire(fromHere.resolve("snarkjs"));

const ffjavascript = fromSnarkjs("ffjavascript") as FfjavascriptModule;
const noble = fromSnarkjs("@noble/hashes/blake2b") as NobleBlake2bModule;

/** A single-threaded BN254 engine (no ffjavascript worker threads to terminate). */
export function buildBn128(): Promise<Bn128> {
  return ffjavascript.buildBn128(true);
}

export function chacha(seed: number[]): ChaChaRng {
  return new ffjavascript.ChaCha(seed);
}

/** A BLAKE2b-512 hasher exactly as snarkjs creates its response hasher. */
export function nobleBlake2b512(): NobleBlake2b {
  return noble.blake2b.create({ dkLen: 64 });
}
