/**
 * circomlib-compatible Poseidon over BN254 (poseidon-lite subpath imports, so a browser
 * bundle carries only the widths in use).
 */
import { poseidon1 } from "poseidon-lite/poseidon1";
import { poseidon2 } from "poseidon-lite/poseidon2";
import { poseidon3 } from "poseidon-lite/poseidon3";
import { poseidon4 } from "poseidon-lite/poseidon4";
import { poseidon5 } from "poseidon-lite/poseidon5";
import { poseidon6 } from "poseidon-lite/poseidon6";
import { poseidon7 } from "poseidon-lite/poseidon7";
import { poseidon8 } from "poseidon-lite/poseidon8";
import { poseidon9 } from "poseidon-lite/poseidon9";
import { poseidon10 } from "poseidon-lite/poseidon10";
import { poseidon11 } from "poseidon-lite/poseidon11";
import { poseidon12 } from "poseidon-lite/poseidon12";
import { poseidon13 } from "poseidon-lite/poseidon13";
import { poseidon14 } from "poseidon-lite/poseidon14";
import { poseidon15 } from "poseidon-lite/poseidon15";
import { poseidon16 } from "poseidon-lite/poseidon16";
import { P } from "./field";

type PoseidonFn = (inputs: bigint[]) => bigint;

const BY_WIDTH: readonly PoseidonFn[] = [
  poseidon1,
  poseidon2,
  poseidon3,
  poseidon4,
  poseidon5,
  poseidon6,
  poseidon7,
  poseidon8,
  poseidon9,
  poseidon10,
  poseidon11,
  poseidon12,
  poseidon13,
  poseidon14,
  poseidon15,
  poseidon16,
];

/**
 * `Hash_n(inputs)` = circomlib `Poseidon(n)`, 1 <= n <= 16. Every input must already be
 * a field element (0 <= x < p); use `fieldOf` for signed values.
 */
export function hash(inputs: readonly bigint[]): bigint {
  const fn = BY_WIDTH[inputs.length - 1];
  if (!fn) throw new RangeError(`Poseidon takes 1..16 inputs, got ${inputs.length}`);
  for (const x of inputs) {
    if (x < 0n || x >= P) throw new RangeError("Poseidon input is not a field element");
  }
  return fn([...inputs]);
}
