/**
 * Browser proving benchmark: for each of small and standard, the circuit input of the bundled
 * example (as scripts/bench-prove.ts builds it) is proved by the Node SDK in a child process and
 * by the browser SDK's Web Worker in Debian's chromium (playwright-core), in the same run on
 * the same machine. Writes the section "Proving in the browser" of docs/BENCHMARKS.md.
 *
 *   npx ts-node --transpile-only scripts/bench.ts --only browser
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ProofFile } from "../src/proof";
import { releaseProverThreads, verifyProof } from "../src/proof";
import { buildApp } from "../src/node/app/build";
import { serveApp } from "../src/node/app/server";
import { artifactPaths } from "../src/node/artifacts";
import { machineDescription, updateBenchmarkSection } from "./lib/benchmarks";
import { ensureChromium, launchChromium } from "./lib/chromium";
import { type ChildResult, buildInput, runChildProcess } from "./bench-prove";

const INSTANCES = ["small", "standard"] as const;
const WARM_RUNS = 3;
const SECTION = "Proving in the browser";

/** What the page measured (ms). */
interface BrowserResult {
  /** First proof of a new worker: download + sha256 of wasm, zkey, vkey, witness, prove, verify. */
  coldMs: number;
  /** Round trips of the following proofs (witness + prove + verify in the worker + messaging). */
  warmMs: number[];
  /** The worker's own witness + prove time of those proofs. */
  proveMs: number[];
  proof: ProofFile;
}

/** The bench page: the browser SDK module, as a wallet would use it. */
const BENCH_HTML = `<!doctype html><meta charset="utf-8"><title>zkmargin bench</title>
<script type="module">
import { BrowserProver } from "./sdk/zkmargin.js";
const keys = await (await fetch("./keys.json")).json();
window.bench = async (instance, input, runs) => {
  const prover = new BrowserProver({ keys, worker: "./prover-worker.js" });
  try {
    let t = performance.now();
    const first = await prover.prove(input, instance);
    const coldMs = performance.now() - t;
    const warmMs = [], proveMs = [];
    for (let i = 0; i < runs; i++) {
      t = performance.now();
      const r = await prover.prove(input, instance);
      warmMs.push(performance.now() - t);
      proveMs.push(r.proveMs);
    }
    return { coldMs, warmMs, proveMs, proof: first.proof };
  } finally {
    prover.terminate();
  }
};
window.benchReady = true;
</script>`;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const sec = (x: number) => `${(x / 1000).toFixed(2)} s`;

export async function benchBrowser(): Promise<void> {
  const built = INSTANCES.filter((i) => fs.existsSync(artifactPaths(i).zkey));
  if (built.length === 0) {
    process.stderr.write(
      `[bench-browser] no instance is built; section "${SECTION}" not written\n`,
    );
    return;
  }
  const why = ensureChromium();
  if (why) throw new Error(`[bench-browser] ${why}`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zkmargin-bench-browser-"));
  const out = path.join(tmp, "app");
  const rows: string[] = [];
  let version = "";
  try {
    await buildApp({ outDir: out, instances: [...built] });
    fs.writeFileSync(path.join(out, "bench.html"), BENCH_HTML);
    const server = await serveApp({ dir: out });
    const browser = await launchChromium();
    version = browser.version();
    try {
      for (const instance of built) {
        const { input, example, positions } = buildInput(instance);
        const inputFile = path.join(tmp, `${instance}-input.json`);
        fs.writeFileSync(inputFile, JSON.stringify(input));
        process.stderr.write(`[bench-browser] ${instance}: Node SDK...\n`);
        const node: ChildResult = runChildProcess(instance, "sdk", inputFile);
        process.stderr.write(`[bench-browser] ${instance}: chromium...\n`);
        const page = await browser.newPage();
        await page.goto(new URL("bench.html", server.url).href);
        await page.waitForFunction(
          () => (window as unknown as { benchReady?: boolean }).benchReady,
        );
        const r = (await page.evaluate(
          ([i, inp, n]) =>
            (
              window as unknown as {
                bench(i: string, inp: unknown, n: number): Promise<unknown>;
              }
            ).bench(i, inp, n),
          [instance, input, WARM_RUNS] as const,
        )) as BrowserResult;
        await page.close();
        const vkey: unknown = JSON.parse(fs.readFileSync(artifactPaths(instance).vkey, "utf8"));
        const ok = await verifyProof(r.proof, vkey);
        if (!ok.ok) throw new Error(`${instance}: the browser proof does not verify: ${ok.reason}`);
        const nodeWarm = median(node.warmMs);
        const browserProve = median(r.proveMs);
        rows.push(
          `| ${instance} | ${example} (${positions} positions) | ${sec(nodeWarm)} | ${sec(browserProve)} | ` +
            `${(browserProve / nodeWarm).toFixed(2)} | ${sec(median(r.warmMs))} | ${sec(node.coldMs)} | ${sec(r.coldMs)} |`,
        );
      }
    } finally {
      await browser.close();
      await server.close();
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
    await releaseProverThreads(); // verifyProof started snarkjs's threads in this process
  }
  const md = [
    `- Machine: ${machineDescription()}; browser: Debian chromium ${version}, headless, driven by playwright-core`,
    "- Command: `npm run bench` (this part alone: `npx ts-node --transpile-only scripts/bench.ts --only browser`)",
    `- Date: ${new Date().toISOString().slice(0, 10)}`,
    "- The same input per instance (the first bundled example that fits, multiplier 1.0), proved in the same run: " +
      'Node = `proveWithInstance` in a child process (as in "Proving (Groth16)"); browser = `BrowserProver` ' +
      "of the SDK module `build/app/sdk/zkmargin.js` proving in its Web Worker (snarkjs's browser build, " +
      "its own worker threads). Every browser proof is verified in the worker and again in Node.",
    "",
    `| instance | input | Node prove, warm (median of ${WARM_RUNS}) | browser prove, warm (median of ${WARM_RUNS}; witness + Groth16 in the worker) | browser/Node | browser round trip, warm (+ verify in the worker + messages) | Node cold (first proof of the process) | browser cold (new worker: download + sha256 of wasm, zkey and vkey, first proof, verify) |`,
    "|---|---|---|---|---|---|---|---|",
    ...rows,
  ].join("\n");
  updateBenchmarkSection(SECTION, md);
  process.stdout.write(`## ${SECTION}\n\n${md}\n`);
}

if (require.main === module)
  benchBrowser().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  });
