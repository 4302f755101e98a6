/**
 * Proving benchmark (Groth16) of the built circuit instances: for each of small and
 * standard, the circuit input is built with the SDK from the bundled examples, then two
 * child processes prove it, one through the SDK (`proveWithInstance`, `verifyProof`) and one
 * with bare snarkjs (`groth16.fullProve`, `groth16.verify`) on the same input and zkey, so
 * each gets its own cold first call and its own peak RSS. Writes the section
 * "Proving (Groth16)" of docs/BENCHMARKS.md.
 *
 *   npx ts-node --transpile-only scripts/bench.ts --only prove
 *   node -r ts-node/register/transpile-only scripts/bench-prove.ts --child <instance> <sdk|bare> <input.json>
 */
import { spawnSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import {
  buildRiskTable,
  checkSameAccount,
  parseMarket,
  parseMultiplier,
  toIntegerBalances,
  toIntegerPortfolio,
} from "../src";
import { buildSolvencyInput } from "../src/circuit-input";
import { artifactPaths, projectRoot } from "../src/node/artifacts";
import { loadBalances, loadPortfolio } from "../src/node/load";
import { machineDescription, updateBenchmarkSection } from "./lib/benchmarks";

const INSTANCES = ["small", "standard"] as const;
const WARM_RUNS = 3;
const MULTIPLIER = "1.0";
/** Bundled examples, largest first: each instance proves the first one that fits its slots. */
const EXAMPLES = ["hedged-options", "perps"];
const SECTION = "Proving (Groth16)";

/** What one child process measured (times in ms, sizes in bytes, RSS in MB). */
export interface ChildResult {
  mode: "sdk" | "bare";
  coldMs: number;
  warmMs: number[];
  verifyMs: number[];
  witnessMs: number[];
  proofJsonBytes: number;
  calldataChars: number;
  calldataAbiBytes: number;
  maxRssMb: number;
  /** CPU time of the whole process (all threads), for the contention estimate. */
  cpuMs: number;
}

const RESULT_PREFIX = "BENCH_PROVE_RESULT ";

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const r = await f();
  return [r, performance.now() - t0];
}

// ---------------------------------------------------------------------------------------
// Child: prove one instance in one mode and print the figures as one JSON line.
// ---------------------------------------------------------------------------------------

async function runChild(instance: string, mode: string, inputFile: string): Promise<void> {
  if (mode !== "sdk" && mode !== "bare") throw new Error(`mode: expected sdk or bare, got ${mode}`);
  // Loaded here so that the parent process never starts snarkjs's curve workers.
  const snarkjs = await import("snarkjs");
  const { proveWithInstance, loadKeyInfo } = await import("../src/node/prover");
  const { verifyProof, releaseProverThreads } = await import("../src/proof");
  const input = JSON.parse(fs.readFileSync(inputFile, "utf8")) as Record<string, unknown>;
  const paths = artifactPaths(instance);
  type Input = Parameters<typeof snarkjs.groth16.fullProve>[0];
  try {
    let prove: () => Promise<{ proof: unknown; publicSignals: string[] }>;
    let verify: (r: { proof: unknown; publicSignals: string[] }) => Promise<boolean>;
    let proofJson: (r: { proof: unknown; publicSignals: string[] }) => string;
    if (mode === "sdk") {
      prove = () => proveWithInstance(instance, input as Input);
      const vkey = loadKeyInfo(instance).vkey;
      verify = async (r) =>
        (await verifyProof(r as Awaited<ReturnType<typeof proveWithInstance>>, vkey)).ok;
      // As `zkmargin prove` writes it (src/cli/commands/prove.ts).
      proofJson = (r) => JSON.stringify(r, null, 2) + "\n";
    } else {
      prove = async () => {
        const r = await snarkjs.groth16.fullProve(input as Input, paths.wasm, paths.zkey);
        return { proof: r.proof, publicSignals: r.publicSignals.map(String) };
      };
      const vkey: unknown = JSON.parse(fs.readFileSync(paths.vkey, "utf8"));
      verify = (r) =>
        snarkjs.groth16.verify(
          vkey as Parameters<typeof snarkjs.groth16.verify>[0],
          r.publicSignals,
          r.proof as Parameters<typeof snarkjs.groth16.verify>[2],
        );
      // As the snarkjs CLI writes proof.json.
      proofJson = (r) => JSON.stringify(r.proof, null, 1);
    }

    const [first, coldMs] = await timed(prove);
    const warmMs: number[] = [];
    let last = first;
    for (let i = 0; i < WARM_RUNS; i++) {
      const [r, ms] = await timed(prove);
      warmMs.push(ms);
      last = r;
    }
    const verifyMs: number[] = [];
    for (let i = 0; i < WARM_RUNS; i++) {
      const [ok, ms] = await timed(() => verify(last));
      if (!ok) throw new Error(`${instance} ${mode}: the proof did not verify`);
      verifyMs.push(ms);
    }
    const witnessMs: number[] = [];
    for (let i = 0; i < WARM_RUNS; i++) {
      const wtns = { type: "mem" } as { type: "mem"; data?: Uint8Array };
      const [, ms] = await timed(() => snarkjs.wtns.calculate(input as Input, paths.wasm, wtns));
      if (!wtns.data || wtns.data.length === 0) throw new Error("wtns.calculate wrote nothing");
      witnessMs.push(ms);
    }
    const calldata = await snarkjs.groth16.exportSolidityCallData(
      last.proof as Parameters<typeof snarkjs.groth16.exportSolidityCallData>[0],
      last.publicSignals,
    );
    // verifyProof(uint[2], uint[2][2], uint[2], uint[n]): 4-byte selector + 32 bytes a word.
    const words = (JSON.parse(`[${calldata}]`) as unknown[]).flat(2).length;
    const result: ChildResult = {
      mode,
      coldMs,
      warmMs,
      verifyMs,
      witnessMs,
      proofJsonBytes: Buffer.byteLength(proofJson(last)),
      calldataChars: Buffer.byteLength(calldata),
      calldataAbiBytes: 4 + 32 * words,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
    };
    process.stdout.write(RESULT_PREFIX + JSON.stringify(result) + "\n");
  } finally {
    await releaseProverThreads();
  }
}

// ---------------------------------------------------------------------------------------
// Parent: build the inputs, run the children, write the section.
// ---------------------------------------------------------------------------------------

interface InstanceReport {
  instance: string;
  example: string;
  positions: number;
  constraints: number;
  zkeyBytes: number;
  inputMs: number;
  /** Share of all cores' time used by other processes while the children ran, if known. */
  otherLoad?: number;
  sdk: ChildResult;
  bare: ChildResult;
}

/** Why an instance cannot be benchmarked (missing artifacts), or undefined when it can. */
function missingArtifacts(instance: string): string | undefined {
  const p = artifactPaths(instance);
  const missing = [p.wasm, p.zkey, p.vkey, p.manifest].filter((f) => !fs.existsSync(f));
  if (missing.length === 0) return undefined;
  return `missing ${missing.map((f) => path.relative(process.cwd(), f)).join(", ")}`;
}

/** Builds the circuit input of the first bundled example that fits `instance`, as the CLI does. */
export function buildInput(instance: string): {
  input: unknown;
  example: string;
  positions: number;
} {
  const dir = path.join(projectRoot(), "examples");
  const marketFile = path.join(dir, "market.json");
  const table = buildRiskTable(
    parseMarket(JSON.parse(fs.readFileSync(marketFile, "utf8")), marketFile),
    instance,
    marketFile,
  );
  const errors: string[] = [];
  for (const name of EXAMPLES) {
    const pf = path.join(dir, `portfolio-${name}.json`);
    const bf = path.join(dir, `balances-${name}.json`);
    try {
      const portfolio = toIntegerPortfolio(loadPortfolio(pf), table, pf);
      const balances = toIntegerBalances(loadBalances(bf), table, bf);
      checkSameAccount(portfolio, balances, bf);
      const { input } = buildSolvencyInput(table, portfolio, balances, parseMultiplier(MULTIPLIER));
      return { input, example: name, positions: portfolio.positions.length };
    } catch (e) {
      errors.push(`${name}: ${(e as Error).message}`);
    }
  }
  throw new Error(`${instance}: no bundled example fits:\n  ${errors.join("\n  ")}`);
}

export function runChildProcess(
  instance: string,
  mode: "sdk" | "bare",
  inputFile: string,
): ChildResult {
  const r = spawnSync(
    process.execPath,
    ["-r", "ts-node/register/transpile-only", __filename, "--child", instance, mode, inputFile],
    { cwd: projectRoot(), encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
  );
  const line = (r.stdout ?? "").split("\n").find((l) => l.startsWith(RESULT_PREFIX));
  if (r.status !== 0 || !line) {
    throw new Error(
      `${instance} ${mode}: child exited with ${r.status ?? r.signal}${r.error ? ` (${r.error.message})` : ""}`,
    );
  }
  return JSON.parse(line.slice(RESULT_PREFIX.length)) as ChildResult;
}

/** Busy and total CPU time of the machine so far (ms, all cores), from /proc/stat; Linux only. */
function cpuTimes(): { busy: number; total: number } | undefined {
  try {
    const line = fs.readFileSync("/proc/stat", "utf8").split("\n")[0];
    const v = line.trim().split(/\s+/).slice(1, 9).map(Number);
    const total = v.reduce((a, b) => a + b, 0);
    const idle = v[3] + v[4]; // idle + iowait
    const tick = 1000 / 100; // USER_HZ is 100 on Linux
    return { busy: (total - idle) * tick, total: total * tick };
  } catch {
    return undefined;
  }
}

/** Fraction of the machine's CPU time between two samples spent outside `ownMs`. */
function otherLoad(
  a: ReturnType<typeof cpuTimes>,
  b: ReturnType<typeof cpuTimes>,
  ownMs: number,
): number | undefined {
  if (!a || !b || b.total <= a.total) return undefined;
  return Math.max(0, (b.busy - a.busy - ownMs) / (b.total - a.total));
}

function sha256File(file: string): string {
  // Also brings the zkey into the page cache, so neither child pays the disk read.
  return crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

function benchInstance(instance: string, tmp: string): InstanceReport {
  const p = artifactPaths(instance);
  const manifest = JSON.parse(fs.readFileSync(p.manifest, "utf8")) as {
    compile: { constraints: number };
    keys?: { zkeySha256?: string } | null;
  };
  if (manifest.keys?.zkeySha256 && manifest.keys.zkeySha256 !== sha256File(p.zkey)) {
    process.stderr.write(`warning: ${instance}: the zkey does not match manifest.json\n`);
  }
  const t0 = performance.now();
  const built = buildInput(instance);
  const inputMs = performance.now() - t0;
  const inputFile = path.join(tmp, `${instance}-input.json`);
  fs.writeFileSync(inputFile, JSON.stringify(built.input));
  const before = cpuTimes();
  process.stderr.write(`[bench-prove] ${instance}: bare snarkjs...\n`);
  const bare = runChildProcess(instance, "bare", inputFile);
  process.stderr.write(`[bench-prove] ${instance}: SDK...\n`);
  const sdk = runChildProcess(instance, "sdk", inputFile);
  const other = otherLoad(before, cpuTimes(), sdk.cpuMs + bare.cpuMs);
  if (other !== undefined && other > 0.1)
    process.stderr.write(
      `[bench-prove] warning: other processes used ${(other * 100).toFixed(0)}% of the CPU during ${instance}: times are inflated\n`,
    );
  return {
    instance,
    example: built.example,
    positions: built.positions,
    constraints: manifest.compile.constraints,
    zkeyBytes: fs.statSync(p.zkey).size,
    inputMs,
    otherLoad: other,
    sdk,
    bare,
  };
}

const ms = (x: number): string => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(0)} ms`);
const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}`;
const int = (x: number): string => x.toLocaleString("en-US");

function instanceMarkdown(r: InstanceReport): string {
  const { sdk, bare } = r;
  const row = (name: string, a: number, b: number, fmt: (x: number) => string): string =>
    `| ${name} | ${fmt(a)} | ${fmt(b)} | ${ratio(a, b)} |`;
  return [
    `### ${r.instance}: ${int(r.constraints)} constraints, zkey ${(r.zkeyBytes / 2 ** 20).toFixed(1)} MiB`,
    "",
    `Input: examples/portfolio-${r.example}.json (${r.positions} positions) + balances-${r.example}.json, ` +
      `market.json, multiplier ${MULTIPLIER}; SDK risk table + input built in ${ms(r.inputMs)}; ` +
      (r.otherLoad === undefined
        ? "CPU use of other processes unknown."
        : `other processes used ${(r.otherLoad * 100).toFixed(0)}% of the CPU meanwhile.`),
    "",
    "| measure | SDK | bare snarkjs | SDK/bare |",
    "|---|---|---|---|",
    row("prove, cold (first call in the process)", sdk.coldMs, bare.coldMs, ms),
    row(`prove, warm (median of ${WARM_RUNS})`, median(sdk.warmMs), median(bare.warmMs), ms),
    row(`verify (median of ${WARM_RUNS})`, median(sdk.verifyMs), median(bare.verifyMs), ms),
    row(
      "peak RSS of the process (maxRSS)",
      sdk.maxRssMb,
      bare.maxRssMb,
      (x) => `${x.toFixed(0)} MB`,
    ),
    `| witness only (\`wtns.calculate\` to memory, median of ${WARM_RUNS}) | | ${ms(median(bare.witnessMs))} | |`,
    `| proof.json | ${int(sdk.proofJsonBytes)} B | ${int(bare.proofJsonBytes)} B | |`,
    `| Solidity calldata (\`exportSolidityCallData\` text / ABI-encoded \`verifyProof\`) | ${int(sdk.calldataChars)} B / ${int(sdk.calldataAbiBytes)} B | ${int(bare.calldataChars)} B / ${int(bare.calldataAbiBytes)} B | |`,
  ].join("\n");
}

/** Runs the proving benchmark and writes its section; skips instances that are not built. */
export async function benchProve(): Promise<void> {
  const reports: InstanceReport[] = [];
  const skipped: string[] = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zkmargin-bench-prove-"));
  try {
    for (const instance of INSTANCES) {
      const missing = missingArtifacts(instance);
      if (missing) {
        process.stderr.write(
          `[bench-prove] skipping ${instance}: ${missing}. Build the keys with \`npm run circuits\` ` +
            `(or \`npx ts-node --transpile-only scripts/build.ts --instance ${instance}\`).\n`,
        );
        skipped.push(instance);
        continue;
      }
      reports.push(benchInstance(instance, tmp));
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  if (reports.length === 0) {
    process.stderr.write(`[bench-prove] no instance is built; section "${SECTION}" not written\n`);
    return;
  }
  const md = [
    `- Machine: ${machineDescription()}`,
    "- Command: `npm run bench` (this part alone: `npx ts-node --transpile-only scripts/bench.ts --only prove`)",
    `- Date: ${new Date().toISOString().slice(0, 10)}`,
    "- Each instance and mode runs in its own Node process (cold = first proof of that process; " +
      "peak RSS = `process.resourceUsage().maxRSS`, worker threads included). " +
      "SDK = `proveWithInstance` / `verifyProof` of src/node/prover.ts and src/proof.ts; " +
      "bare = `snarkjs.groth16.fullProve(input, wasm, zkey)` / `groth16.verify` on the same input and zkey.",
    ...(skipped.length > 0 ? [`- Not built, skipped: ${skipped.join(", ")}.`] : []),
    "",
    ...reports.flatMap((r) => [instanceMarkdown(r), ""]),
    "SDK/bare is the SDK's time (or memory) divided by bare snarkjs's on the same input and zkey: " +
      "1.00 means the SDK adds nothing measurable (its extras are reading the manifest and " +
      "verification key and hashing the key); run-to-run noise is a few per cent.",
  ].join("\n");
  updateBenchmarkSection(SECTION, md);
  process.stdout.write(`## ${SECTION}\n\n${md}\n`);
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const run =
    argv[0] === "--child" ? runChild(argv[1] ?? "", argv[2] ?? "", argv[3] ?? "") : benchProve();
  run.catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  });
}
