/**
 * The prover Web Worker: fetches an instance's wasm, zkey and verification key by URL, checks
 * each against its pinned sha256 before use (integrity.ts), computes the witness and the
 * Groth16 proof with snarkjs, verifies the proof against the pinned verification key, and
 * reports progress all along. Proving never runs on the page's thread, so the page stays
 * responsive. Built by scripts/lib/app-build.ts into build/app/prover-worker.js.
 */
import type { CircuitSignals } from "snarkjs";
import { generateProof, hashVerificationKey, verifyProof } from "../proof";
import { fetchBytes, fetchVerified, IntegrityError } from "./integrity";
import type { CircuitKeys } from "./keys";
import type { ProveProgress, WorkerRequest, WorkerResponse } from "./messages";

interface WorkerScope {
  onmessage: ((ev: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerResponse): void;
}
const scope = self as unknown as WorkerScope;

interface Loaded {
  wasm: Uint8Array;
  zkey: Uint8Array;
  vkey: unknown;
}

/** Loaded artifacts by instance and hashes: fetched and checked once per worker. */
const cache = new Map<string, Promise<Loaded>>();

const cacheKey = (k: CircuitKeys) =>
  `${k.circuit}:${k.wasm.sha256}:${k.zkey.sha256}:${k.vkey.sha256}`;

// Share of the whole job per stage (downloads dominate a cold proof on a slow link; on a warm
// worker the download share is skipped at once).
const DOWNLOAD_END = 0.3;
const WITNESS_END = 0.4;
const PROVE_END = 0.95;

/** snarkjs's own milestones inside groth16 prove, as fractions of the proving stage. */
const PROVE_MILESTONES: Array<[string, number, string]> = [
  ["Reading Wtns", 0.0, "witness computed; reading the proving key"],
  ["Building ABC", 0.05, "evaluating the constraint polynomials"],
  ["Join ABC", 0.3, "computing the quotient polynomial"],
  ["Reading A Points", 0.35, "multi-exponentiation A"],
  ["Reading B1 Points", 0.5, "multi-exponentiation B1"],
  ["Reading B2 Points", 0.6, "multi-exponentiation B2 (G2)"],
  ["Reading C Points", 0.8, "multi-exponentiation C"],
  ["Reading H Points", 0.9, "multi-exponentiation H"],
];

function load(keys: CircuitKeys, report: (p: ProveProgress) => void): Promise<Loaded> {
  const key = cacheKey(keys);
  const hit = cache.get(key);
  if (hit) return hit;
  const job = (async (): Promise<Loaded> => {
    const sizes = { wasm: [0, 0], zkey: [0, 0] } as Record<"wasm" | "zkey", [number, number]>;
    const tick = () => {
      const loaded = sizes.wasm[0] + sizes.zkey[0];
      const total = sizes.wasm[1] + sizes.zkey[1];
      const f = total > 0 ? Math.min(1, loaded / total) : 0;
      report({
        stage: "download",
        fraction: DOWNLOAD_END * f,
        detail: `downloading the ${keys.circuit} keys: ${(loaded / 1e6).toFixed(1)}${total > 0 ? ` of ${(total / 1e6).toFixed(1)}` : ""} MB`,
      });
    };
    const [wasm, zkey, vkeyBytes] = await Promise.all([
      fetchVerified(keys.wasm.url, keys.wasm.sha256, `${keys.circuit} wasm`, (l, t) => {
        sizes.wasm = [l, t];
        tick();
      }),
      fetchVerified(keys.zkey.url, keys.zkey.sha256, `${keys.circuit} zkey`, (l, t) => {
        sizes.zkey = [l, t];
        tick();
      }),
      // pinned by its canonical hash (checked below), not by its bytes
      fetchBytes(keys.vkey.url, `${keys.circuit} verification key`),
    ]);
    let vkey: unknown;
    try {
      vkey = JSON.parse(new TextDecoder().decode(vkeyBytes));
    } catch {
      throw new IntegrityError(`${keys.circuit} verification key`, keys.vkey.url, "is not JSON");
    }
    const canonical = hashVerificationKey(vkey).slice(2);
    if (canonical !== keys.vkey.sha256)
      throw new IntegrityError(
        `${keys.circuit} verification key`,
        keys.vkey.url,
        `canonical sha256 ${canonical} is not the expected ${keys.vkey.sha256}: refusing a different key`,
      );
    return { wasm, zkey, vkey };
  })();
  cache.set(key, job);
  job.catch(() => cache.delete(key));
  return job;
}

async function prove(
  req: Extract<WorkerRequest, { type: "prove" }>,
  report: (p: ProveProgress) => void,
): Promise<WorkerResponse> {
  const loaded = await load(req.keys, report);
  report({ stage: "witness", fraction: DOWNLOAD_END, detail: "computing the witness" });
  const t0 = performance.now();
  const onLog = (msg: string) => {
    const m = PROVE_MILESTONES.find(([text]) => msg.startsWith(text));
    if (m)
      report({
        stage: "prove",
        fraction: WITNESS_END + (PROVE_END - WITNESS_END) * m[1],
        detail: m[2],
      });
  };
  const proof = await generateProof(
    req.input as unknown as CircuitSignals,
    // copies: snarkjs may transfer or detach the buffers it is given
    { wasm: loaded.wasm.slice(), zkey: loaded.zkey.slice() },
    {
      circuit: req.keys.circuit,
      vkeyHash: `0x${req.keys.vkey.sha256}`,
      unsafeDevelopmentKeys: req.keys.unsafeDevelopmentKeys,
    },
    undefined,
    onLog,
  );
  const proveMs = performance.now() - t0;
  report({ stage: "verify", fraction: PROVE_END, detail: "verifying the proof" });
  const v = await verifyProof(proof, loaded.vkey);
  if (!v.ok) throw new Error(`the new proof does not verify: ${v.reason}`);
  report({ stage: "done", fraction: 1, detail: `proved in ${(proveMs / 1000).toFixed(1)} s` });
  return { type: "proof", id: req.id, proof, proveMs };
}

scope.onmessage = (ev: MessageEvent<WorkerRequest>) => {
  const req = ev.data;
  // never let the bar go back (download totals become known one file at a time)
  let high = 0;
  const report = (progress: ProveProgress) => {
    high = Math.max(high, progress.fraction);
    scope.postMessage({ type: "progress", id: req.id, progress: { ...progress, fraction: high } });
  };
  const job: Promise<WorkerResponse> =
    req.type === "prove"
      ? prove(req, report)
      : load(req.keys, report).then(() => ({ type: "loaded", id: req.id }) as const);
  job.then(
    (res) => scope.postMessage(res),
    (e: unknown) => {
      const err = e instanceof Error ? e : new Error(String(e));
      scope.postMessage({
        type: "error",
        id: req.id,
        error: { name: err.name, message: err.message },
      });
    },
  );
};
