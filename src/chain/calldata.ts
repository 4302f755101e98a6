/**
 * snarkjs Groth16 proof -> the arguments of the generated Solidity verifier (and of the
 * engine's `Proof` struct). Same layout as snarkjs's `groth16.exportSolidityCallData`: the
 * G2 point's coordinates are swapped within each pair (snarkjs keeps Fp2 elements as
 * [c0, c1]; the EVM pairing precompile wants [c1, c0]).
 */
import type { Groth16Proof } from "snarkjs";
import { P } from "../field";
import type { SolidityProof } from "./types";

function coord(v: unknown, where: string): bigint {
  if (typeof v !== "string" && typeof v !== "number" && typeof v !== "bigint")
    throw new RangeError(`proof.${where}: not a number`);
  const s = String(v);
  if (!/^(0|[1-9][0-9]{0,79}|0x[0-9a-fA-F]{1,64})$/.test(s))
    throw new RangeError(`proof.${where}: not a decimal or hex integer`);
  const x = BigInt(s);
  // Base-field coordinates; the base field modulus q is above the scalar modulus p but below
  // 2^254, so this only rejects garbage. The verifier checks q itself.
  if (x >= 1n << 254n) throw new RangeError(`proof.${where}: above 2^254`);
  return x;
}

/** The engine / verifier calldata of a snarkjs proof: pA, pB (coordinates swapped), pC. */
export function proofToCalldata(proof: Groth16Proof): SolidityProof {
  const { pi_a, pi_b, pi_c } = proof;
  if (!Array.isArray(pi_a) || !Array.isArray(pi_b) || !Array.isArray(pi_c))
    throw new RangeError("proof: pi_a, pi_b and pi_c must be arrays");
  if (!Array.isArray(pi_b[0]) || !Array.isArray(pi_b[1]))
    throw new RangeError("proof.pi_b: must hold two coordinate pairs");
  return {
    a: [coord(pi_a[0], "pi_a[0]"), coord(pi_a[1], "pi_a[1]")],
    b: [
      [coord(pi_b[0][1], "pi_b[0][1]"), coord(pi_b[0][0], "pi_b[0][0]")],
      [coord(pi_b[1][1], "pi_b[1][1]"), coord(pi_b[1][0], "pi_b[1][0]")],
    ],
    c: [coord(pi_c[0], "pi_c[0]"), coord(pi_c[1], "pi_c[1]")],
  };
}

/** Public signals (decimal strings) as the verifier's `uint256[n]`, each checked below p. */
export function publicSignalsToCalldata(signals: readonly string[]): bigint[] {
  return signals.map((s, i) => {
    if (!/^[0-9]{1,80}$/.test(s) || BigInt(s) >= P)
      throw new RangeError(`publicSignals[${i}]: not a field element below p`);
    return BigInt(s);
  });
}

/** A placeholder proof for calls that ignore it (withdrawal from an account without positions). */
export const EMPTY_PROOF: SolidityProof = {
  a: [0n, 0n],
  b: [
    [0n, 0n],
    [0n, 0n],
  ],
  c: [0n, 0n],
};
