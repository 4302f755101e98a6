// Step 7: thin wrappers for a real Groth16 phase-2 ceremony over a given zkey, r1cs and ptau.
// A production ceremony: start from a public multi-party ptau (e.g. Hermez
// powersOfTau28_hez_final_<p>.ptau, hash checked), `zkey new`, several independent
// `contribute` calls by different parties, a `beacon` from a public random value chosen
// after the last contribution, then `verify`, and export the keys from the final zkey.
import crypto from "node:crypto";
import * as snarkjs from "snarkjs";
import { toHex } from "./hash";
import type { BuildLog } from "./log";
import { silentLog, snarkjsLogger } from "./log";

export interface CeremonyOptions {
  log?: BuildLog;
}

/** Adds a contribution (random entropy unless given); returns its hash (hex). */
export async function contribute(
  zkeyIn: string,
  zkeyOut: string,
  opts: CeremonyOptions & { name: string; entropy?: string },
): Promise<string> {
  const entropy = opts.entropy ?? crypto.randomBytes(64).toString("hex");
  const hash: unknown = await snarkjs.zKey.contribute(
    zkeyIn,
    zkeyOut,
    opts.name,
    entropy,
    snarkjsLogger(opts.log ?? silentLog, "contribute"),
  );
  if (!(hash instanceof Uint8Array)) throw new Error(`contribute: snarkjs failed on ${zkeyIn}`);
  return toHex(hash);
}

/** Applies a public beacon (hex, 2^iterationsExp hash iterations, 10..63); returns its hash. */
export async function beacon(
  zkeyIn: string,
  zkeyOut: string,
  opts: CeremonyOptions & { name: string; beaconHex: string; iterationsExp: number },
): Promise<string> {
  if (!/^([0-9a-fA-F]{2})+$/.test(opts.beaconHex))
    throw new Error("beaconHex: expected an even-length hex string");
  if (!Number.isInteger(opts.iterationsExp) || opts.iterationsExp < 10 || opts.iterationsExp > 63) {
    throw new Error(`iterationsExp: expected an integer in [10, 63], got ${opts.iterationsExp}`);
  }
  const hash: unknown = await snarkjs.zKey.beacon(
    zkeyIn,
    zkeyOut,
    opts.name,
    opts.beaconHex,
    opts.iterationsExp,
    snarkjsLogger(opts.log ?? silentLog, "beacon"),
  );
  if (!(hash instanceof Uint8Array)) throw new Error(`beacon: snarkjs failed on ${zkeyIn}`);
  return toHex(hash);
}

/** Checks a zkey against its circuit and ptau: every contribution in the chain is valid. */
export async function verify(
  r1cs: string,
  ptau: string,
  zkey: string,
  opts: CeremonyOptions = {},
): Promise<boolean> {
  const ok: unknown = await snarkjs.zKey.verifyFromR1cs(
    r1cs,
    ptau,
    zkey,
    snarkjsLogger(opts.log ?? silentLog, "verify", 0),
  );
  return ok === true;
}
