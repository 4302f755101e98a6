/**
 * A fresh portfolio salt (SPEC section 5, `salt` of portfolio.json) for any runtime with Web
 * Crypto (`globalThis.crypto.getRandomValues`: browsers, wallets, Node >= 19), so a page can
 * make one as `zkmargin portfolio new` does, without node:crypto.
 *
 * 31 random bytes: every 248-bit value is below the BN254 field modulus (about 2^253.6), so
 * the salt is always valid with no rejection loop, and 248 bits of entropy are far more than
 * enough to hide the portfolio behind its state hash.
 */

/** Bytes of a fresh salt. */
export const SALT_BYTES = 31;

/** A fresh salt: "0x" + 31 random bytes as 62 lower-case hex digits. */
export function randomSalt(): string {
  const bytes = new Uint8Array(SALT_BYTES);
  globalThis.crypto.getRandomValues(bytes);
  return "0x" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
