/**
 * circomlib-compatible Poseidon over BN254: `hash` = circomlib `Poseidon(n)`, n = 1..16.
 *
 * Computed by a WebAssembly engine emitted at module load (src/poseidon/field-module.ts,
 * about 3 KB, compiled synchronously). Where WebAssembly cannot be compiled synchronously
 * (no WebAssembly, a content security policy without 'wasm-unsafe-eval', an old browser's
 * main-thread limit), the same function is computed in BigInt from the same constants
 * (`referenceHash`) while an asynchronous compilation is tried: the result is identical
 * either way; only the speed differs.
 */
import { P } from "../field";
import { PoseidonEngine, engineOf, moduleBytes } from "./engine";
import { referenceHash } from "./optimize";

let engine: PoseidonEngine | undefined;

function start(): void {
  if (typeof WebAssembly !== "object") return;
  const bytes = moduleBytes();
  try {
    engine = engineOf(new WebAssembly.Module(bytes));
  } catch {
    WebAssembly.compile(bytes).then(
      (m) => {
        engine = engineOf(m);
      },
      () => undefined,
    );
  }
}
start();

/** True when `hash` runs on the WebAssembly engine (false: the BigInt fallback). */
export function poseidonIsFast(): boolean {
  return engine !== undefined;
}

/**
 * `Hash_n(inputs)` = circomlib `Poseidon(n)`, 1 <= n <= 16. Every input must already be
 * a field element (0 <= x < p); use `fieldOf` for signed values.
 */
export function hash(inputs: readonly bigint[]): bigint {
  if (inputs.length < 1 || inputs.length > 16)
    throw new RangeError(`Poseidon takes 1..16 inputs, got ${inputs.length}`);
  for (const x of inputs) {
    if (typeof x !== "bigint" || x < 0n || x >= P)
      throw new RangeError("Poseidon input is not a field element");
  }
  return engine ? engine.hash(inputs) : referenceHash(inputs);
}
