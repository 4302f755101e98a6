/**
 * The reference our development powers of tau is checked and measured against: snarkjs's own
 * `powersoftau new` + `contribute` (the public seed as entropy, under our contribution name,
 * with its 64 bytes of OS randomness zeroed so the result is reproducible) + `prepare phase2`.
 * Used by test/pipeline/dev-ptau.test.ts (byte identity) and scripts/bench-dev-ptau.ts.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import * as snarkjs from "snarkjs";
import { DEFAULT_DEV_PTAU_SEED, DEV_PTAU_CONTRIBUTION_NAME } from "../../src/node/ptau/dev-ptau";

interface PtauApi {
  newAccumulator(curve: unknown, power: number, file: string): Promise<unknown>;
  contribute(from: string, to: string, name: string, entropy: string): Promise<unknown>;
  preparePhase2(from: string, to: string): Promise<void>;
}
const ptau = snarkjs.powersOfTau as unknown as PtauApi;
const curves = (snarkjs as unknown as { curves: { getCurveFromName(n: string): Promise<unknown> } })
  .curves;

/** Makes `<dir>/snarkjs_<power>_final.ptau` with snarkjs; returns its path. */
export async function snarkjsDevPtau(
  dir: string,
  power: number,
  log: (stage: string) => void = () => undefined,
): Promise<string> {
  const f = (n: string): string => path.join(dir, `snarkjs_${power}_${n}.ptau`);
  const curve = await curves.getCurveFromName("bn128");
  log("new");
  await ptau.newAccumulator(curve, power, f("0"));
  log("contribute");
  const mutableCrypto = crypto as unknown as { randomFillSync: (b: Uint8Array) => Uint8Array };
  const original = mutableCrypto.randomFillSync;
  mutableCrypto.randomFillSync = (b) => b.fill(0);
  try {
    await ptau.contribute(f("0"), f("1"), DEV_PTAU_CONTRIBUTION_NAME, DEFAULT_DEV_PTAU_SEED);
  } finally {
    mutableCrypto.randomFillSync = original;
  }
  log("prepare phase2");
  await ptau.preparePhase2(f("1"), f("final"));
  fs.rmSync(f("0"));
  fs.rmSync(f("1"));
  return f("final");
}
