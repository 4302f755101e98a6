// The one contribution of a development ptau, made as `snarkjs powersoftau contribute` makes
// it: the same key derivation (ChaCha seeded by BLAKE2b-512 of 64 random bytes + the entropy
// text, then tau, alpha, beta and their proofs of knowledge), the same record (section 7).
//
// The only difference: snarkjs mixes 64 bytes of OS randomness into the seed; here they are 64
// zero bytes, so the secrets follow from the public seed text alone. Anyone can recompute
// tau, alpha and beta: a file made this way is UNSAFE FOR PRODUCTION.
import crypto from "node:crypto";
import type { Bn128, ChaChaRng, Elem, NobleBlake2b } from "./ff";
import { chacha } from "./ff";

export interface KeyPart {
  prvKey: Elem;
  g1_s: Elem;
  g1_sx: Elem;
  g2_sp: Elem;
  g2_spx: Elem;
}

export interface PtauKey {
  tau: KeyPart;
  alpha: KeyPart;
  beta: KeyPart;
}

/** Bytes of a public key: 6 G1 and 3 G2 points, uncompressed. */
export const PUBKEY_BYTES = 64 * 6 + 128 * 3;

function blake2b512(...parts: Uint8Array[]): Uint8Array {
  const h = crypto.createHash("blake2b512");
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

function chachaFromHash(hash: Uint8Array): ChaChaRng {
  const dv = new DataView(hash.buffer, hash.byteOffset, hash.byteLength);
  const seed: number[] = [];
  for (let i = 0; i < 8; i++) seed.push(dv.getUint32(i * 4));
  return chacha(seed);
}

/** snarkjs's misc.getRandomRng(entropy) with its 64 OS-random bytes fixed to zero. */
export function seedRng(seed: string): ChaChaRng {
  return chachaFromHash(blake2b512(new Uint8Array(64), new TextEncoder().encode(seed)));
}

/** snarkjs's keypair.createPTauKey: the secrets and their proofs of knowledge. */
export function createPtauKey(curve: Bn128, challenge: Uint8Array, rng: ChaChaRng): PtauKey {
  const tau = curve.Fr.fromRng(rng);
  const alpha = curve.Fr.fromRng(rng);
  const beta = curve.Fr.fromRng(rng);
  const part = (prvKey: Elem, personalization: number): KeyPart => {
    const { G1, G2 } = curve;
    const g1_s = G1.toAffine(G1.fromRng(rng));
    const g1_sx = G1.toAffine(G1.timesFr(g1_s, prvKey));
    const hash = blake2b512(
      new Uint8Array([personalization]),
      challenge,
      G1.toUncompressed(g1_s),
      G1.toUncompressed(g1_sx),
    );
    const g2_sp = G2.toAffine(G2.fromRng(chachaFromHash(hash)));
    const g2_spx = G2.toAffine(G2.timesFr(g2_sp, prvKey));
    return { prvKey, g1_s, g1_sx, g2_sp, g2_spx };
  };
  return { tau: part(tau, 0), alpha: part(alpha, 1), beta: part(beta, 2) };
}

/** snarkjs's calculateFirstChallengeHash: the hash of a fresh `powersoftau new` accumulator. */
export function firstChallengeHash(curve: Bn128, power: number): Uint8Array {
  const h = crypto.createHash("blake2b512");
  h.update(blake2b512());
  const g1 = new Uint8Array(64);
  const g2 = new Uint8Array(128);
  curve.G1.toRprUncompressed(g1, 0, curve.G1.g);
  curve.G2.toRprUncompressed(g2, 0, curve.G2.g);
  const repeat = (p: Uint8Array, n: number): void => {
    const per = 16384;
    const block = new Uint8Array(per * p.length);
    for (let i = 0; i < per; i++) block.set(p, i * p.length);
    for (let left = n; left > 0; left -= per) {
      h.update(block.subarray(0, Math.min(left, per) * p.length));
    }
  };
  const n = 2 ** power;
  repeat(g1, 2 * n - 1);
  repeat(g2, n);
  repeat(g1, n);
  repeat(g1, n);
  h.update(g2);
  return new Uint8Array(h.digest());
}

/** The public key in snarkjs's order: Montgomery LE (file) or uncompressed (hashes). */
export function pubKeyBytes(curve: Bn128, key: PtauKey, montgomery: boolean): Uint8Array {
  const out = new Uint8Array(PUBKEY_BYTES);
  let pos = 0;
  const put = (g: "G1" | "G2", p: Elem): void => {
    if (montgomery) curve[g].toRprLEM(out, pos, p);
    else curve[g].toRprUncompressed(out, pos, p);
    pos += g === "G1" ? 64 : 128;
  };
  put("G1", key.tau.g1_s);
  put("G1", key.tau.g1_sx);
  put("G1", key.alpha.g1_s);
  put("G1", key.alpha.g1_sx);
  put("G1", key.beta.g1_s);
  put("G1", key.beta.g1_sx);
  put("G2", key.tau.g2_spx);
  put("G2", key.alpha.g2_spx);
  put("G2", key.beta.g2_spx);
  return out;
}

/** snarkjs's misc.toPartialHash: @noble/hashes' BLAKE2b state (216 bytes). */
export function partialHash(h: NobleBlake2b): Uint8Array {
  const res = new Uint8Array(216);
  const w = new Uint32Array(res.buffer, 128, 22);
  res.set(h.buffer);
  const v = [h.v0l, h.v0h, h.v1l, h.v1h, h.v2l, h.v2h, h.v3l, h.v3h];
  const v2 = [h.v4l, h.v4h, h.v5l, h.v5h, h.v6l, h.v6h, h.v7l, h.v7h];
  [...v, ...v2].forEach((x, i) => (w[i] = x));
  w[18] = h.pos;
  w[16] = h.length - h.pos;
  return res;
}

/** The first points of sections 2 to 6 (Montgomery LE) the record repeats. */
export interface RecordPoints {
  tauG1: Uint8Array;
  tauG2: Uint8Array;
  alphaG1: Uint8Array;
  betaG1: Uint8Array;
  betaG2: Uint8Array;
}

/** Section 7 with one contribution, byte for byte as snarkjs's writeContributions. */
export function contributionsSection(o: {
  curve: Bn128;
  points: RecordPoints;
  key: PtauKey;
  partialHash: Uint8Array;
  nextChallenge: Uint8Array;
  name: string;
}): Uint8Array {
  const name = new TextEncoder().encode(o.name.substring(0, 64));
  if (name.byteLength > 255) throw new Error("contribution name longer than 255 bytes");
  const params = name.byteLength > 0 ? [1, name.byteLength, ...name] : [];
  const p = o.points;
  const parts = [
    u32(1),
    p.tauG1,
    p.tauG2,
    p.alphaG1,
    p.betaG1,
    p.betaG2,
    pubKeyBytes(o.curve, o.key, true),
    o.partialHash,
    o.nextChallenge,
    u32(0), // type: contribution (1 would be a beacon)
    u32(params.length),
    new Uint8Array(params),
  ];
  const out = new Uint8Array(parts.reduce((s, b) => s + b.byteLength, 0));
  let pos = 0;
  for (const b of parts) {
    out.set(b, pos);
    pos += b.byteLength;
  }
  return out;
}

function u32(v: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v, true);
  return b;
}
