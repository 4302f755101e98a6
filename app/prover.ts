/**
 * Proving in this browser: a {@link BrowserProver} over the pinned keys compiled into the
 * page, a progress bar, the proof shown with a download link, and the last proof reused
 * when it proves the same public statement.
 */
import {
  BrowserProver,
  type KeyRegistry,
  type ProofFile,
  type ProveProgress,
  type SolvencyInput,
  buildSolvencyInput,
  canonicalJson,
  publicSignalsOf,
} from "../src/browser";
import { describe, el, say } from "./dom";
import { multiplierBps, updateButtons } from "./report";
import { state } from "./state";

declare const __ZKMARGIN_KEYS__: KeyRegistry;

const prover = new BrowserProver({
  keys: __ZKMARGIN_KEYS__,
  worker: new URL("prover-worker.js", document.baseURI),
});
if (Object.values(__ZKMARGIN_KEYS__).some((k) => k.unsafeDevelopmentKeys))
  el("dev-keys").hidden = false;

function showProgress(p: ProveProgress): void {
  const bar = el<HTMLProgressElement>("prove-progress");
  bar.value = p.fraction;
  bar.dataset.stage = p.stage;
  say("prove-status", `${Math.round(p.fraction * 100)} %: ${p.detail}`);
}

function showProof(proof: ProofFile, ms: number): void {
  state.proof = proof;
  const text = JSON.stringify(proof, null, 2) + "\n";
  el("proof-json").textContent = text;
  const a = el<HTMLAnchorElement>("proof-download");
  if (a.href.startsWith("blob:")) URL.revokeObjectURL(a.href);
  a.href = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  el("proof-out").classList.remove("pending"); // its place was kept: nothing moves
  say(
    "prove-status",
    `proof made and verified in this browser in ${(ms / 1000).toFixed(1)} s (instance ${proof.circuit}` +
      `${proof.unsafeDevelopmentKeys ? ", DEVELOPMENT keys" : ""})`,
    "ok",
  );
  el("prove-status").dataset.done = "true";
}

/** Proves in the worker, reusing the last proof when it proves the same public statement. */
export async function proveInput(
  inputSignals: SolvencyInput,
  instance: string,
): Promise<ProofFile> {
  const wanted = publicSignalsOf(inputSignals);
  if (state.proof && canonicalJson(state.proof.publicSignals) === canonicalJson(wanted)) {
    say(
      "prove-status",
      "reusing the proof made above (same state, risk root and multiplier)",
      "ok",
    );
    return state.proof;
  }
  const t0 = performance.now();
  el("prove-status").dataset.done = "false";
  const { proof } = await prover.prove(inputSignals, instance, showProgress);
  showProof(proof, performance.now() - t0);
  return proof;
}

/** The "prove" button: proves the loaded account at the multiplier typed in. */
export async function onProve(): Promise<void> {
  if (!state.table || !state.portfolio || !state.balances || state.busy) return;
  state.busy = true;
  updateButtons();
  try {
    const { input: signals } = buildSolvencyInput(
      state.table,
      state.portfolio,
      state.balances,
      multiplierBps(),
    );
    await proveInput(signals, state.table.instance.name);
  } catch (e) {
    say("prove-status", describe(e), "error");
  } finally {
    state.busy = false;
    updateButtons();
  }
}
