/**
 * BN254 scalar field encodings (PROTOCOL sections 1 and 2).
 */

/** The BN254 scalar field modulus p. */
export const P = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

/** The BN254 base field modulus q (coordinates of the curve points in a Groth16 proof). */
export const Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;

/** Signed integer -> field element (`x mod p`, a negative x becomes `p - |x|`). */
export function fieldOf(x: bigint): bigint {
  const r = x % P;
  return r < 0n ? r + P : r;
}

/** Field element -> signed integer (elements above `(p-1)/2` read as negative). */
export function signedOf(f: bigint): bigint {
  if (f < 0n || f >= P) throw new RangeError("not a field element");
  return f > (P - 1n) / 2n ? f - P : f;
}

/** Grammar of identifiers: instrument ids, group ids, collateral symbols. */
export const ID_RE = /^[A-Za-z0-9._:/+-]{1,31}$/;

/** True when `s` is a valid identifier (1..31 chars of `[A-Za-z0-9._:/+-]`). */
export function isValidId(s: string): boolean {
  return ID_RE.test(s);
}

/**
 * Field encoding of an identifier: its ASCII bytes read as one big-endian integer
 * (`"BTC-PERP"` = `0x4254432d50455250`). Always < 2^248 and injective.
 */
export function idField(s: string): bigint {
  if (!isValidId(s)) throw new RangeError(`invalid identifier: ${JSON.stringify(s)}`);
  let v = 0n;
  for (let i = 0; i < s.length; i++) v = (v << 8n) | BigInt(s.charCodeAt(i));
  return v;
}

/** Inverse of {@link idField}. */
export function idFromField(f: bigint): string {
  let s = "";
  while (f > 0n) {
    s = String.fromCharCode(Number(f & 0xffn)) + s;
    f >>= 8n;
  }
  return s;
}

/** An EVM address (`0x` + 40 hex digits) as its 160-bit integer. */
export function addressField(address: string): bigint {
  if (!/^0x[0-9a-fA-F]{40}$/.test(address)) throw new RangeError(`invalid address: ${address}`);
  return BigInt(address);
}

/** A 160-bit integer as a lower-case `0x` address. */
export function addressOf(f: bigint): string {
  return "0x" + f.toString(16).padStart(40, "0");
}

/** A field element as 0x-prefixed 32-byte hex. */
export function toHex32(f: bigint): string {
  return "0x" + f.toString(16).padStart(64, "0");
}
