// Hashing helpers: streaming sha256 of files and the canonical JSON used for key hashes.
import crypto from "node:crypto";
import fs from "node:fs";
import { canonicalJson } from "../../canonical-json";

/** sha256 (hex) of a string or bytes. */
export function sha256Hex(data: string | Uint8Array): string {
  return crypto.createHash("sha256").update(data).digest("hex");
}

/** sha256 (hex) of a file, read as a stream (ptau and zkey files are hundreds of MB). */
export function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = crypto.createHash("sha256");
    fs.createReadStream(file, { highWaterMark: 1 << 20 })
      .on("error", reject)
      .on("data", (chunk) => hash.update(chunk))
      .on("end", () => resolve(hash.digest("hex")));
  });
}

/**
 * Canonical JSON (object keys sorted recursively, no whitespace), the SDK's single definition
 * in src/canonical-json.ts. The verification-key hash in manifest.json is sha256 of it.
 */
export { canonicalJson };

/**
 * sha256 (lower-case hex, no 0x) of the canonical JSON of a verification key. The SDK's
 * hashVerificationKey (src/proof.ts) gives the same digest with a 0x prefix.
 */
export function vkeyHash(vkey: unknown): string {
  return sha256Hex(canonicalJson(vkey));
}

/** Lower-case hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}
