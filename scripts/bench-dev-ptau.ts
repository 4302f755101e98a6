/**
 * Benchmark of the development powers-of-tau generator (src/node/ptau/dev-ptau.ts) against
 * snarkjs's own pipeline (powersoftau new + contribute + prepare phase2) in the same run.
 * Part of `npm run bench` (section "Development powers of tau" of docs/BENCHMARKS.md: ours at
 * 10, 12, 15 and 17, snarkjs measured at 10 and 12 and scaled beyond); alone it prints the
 * table and writes nothing outside a temporary directory:
 *
 *   npx ts-node --transpile-only scripts/bench-dev-ptau.ts [--ours 10,12,15] [--snarkjs 10,12]
 *
 * snarkjs's contribute runs with the same seed as entropy and its 64 bytes of OS randomness
 * zeroed, so the "same bytes" column checks that both files are identical.
 * Every file made here is UNSAFE FOR PRODUCTION (its secrets follow from a public seed).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { DEV_PTAU_WARNING, generateDevPtau } from "../src/node/ptau/dev-ptau";
import { sha256File } from "../src/node/pipeline/hash";
import { releaseSnarkjsWorkers } from "../src/node/pipeline/tools";
import { machineDescription, updateBenchmarkSection } from "./lib/benchmarks";
import { snarkjsDevPtau } from "./lib/snarkjs-ptau";

function powersArg(name: string, fallback: number[]): number[] {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const v = process.argv[i + 1] ?? "";
  const list = v === "" || v === "none" ? [] : v.split(",").map(Number);
  for (const p of list) {
    if (!Number.isInteger(p) || p < 1 || p > 20) throw new Error(`${name}: bad power "${v}"`);
  }
  return list;
}

function progress(label: string): (done: number, total: number, stage: string) => void {
  let last = 0;
  return (done, total, stage) => {
    const now = Date.now();
    if (now - last < 1000 && done < total) return;
    last = now;
    process.stderr.write(`\r${label}: ${stage} ${((100 * done) / total).toFixed(1)}%      `);
    if (done === total) process.stderr.write("\n");
  };
}

interface Row {
  power: number;
  ours?: number;
  snarkjs?: number;
  oursSha?: string;
  snarkjsSha?: string;
  bytes?: number;
}

/** Measures and returns the markdown table (ours at `oursPowers`, snarkjs at `snarkjsPowers`). */
export async function measureDevPtau(
  oursPowers: number[],
  snarkjsPowers: number[],
): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zkmargin-bench-ptau-"));
  process.stderr.write(`${DEV_PTAU_WARNING}\n`);
  const rows = new Map<number, Row>();
  const row = (p: number): Row => {
    const r = rows.get(p) ?? { power: p };
    rows.set(p, r);
    return r;
  };
  try {
    for (const power of oursPowers) {
      const out = path.join(dir, `dev${power}.ptau`);
      const r = await generateDevPtau({ power, out, onProgress: progress(`ours ${power}`) });
      Object.assign(row(power), {
        ours: r.seconds,
        oursSha: r.sha256,
        bytes: fs.statSync(out).size,
      });
      fs.rmSync(out);
    }
    for (const power of snarkjsPowers) {
      const t0 = performance.now();
      const file = await snarkjsDevPtau(dir, power, (st) =>
        process.stderr.write(`snarkjs ${power}: ${st}\n`),
      );
      const r = row(power);
      r.snarkjs = (performance.now() - t0) / 1000;
      r.snarkjsSha = await sha256File(file);
      r.bytes = fs.statSync(file).size;
      fs.rmSync(file);
    }
  } finally {
    await releaseSnarkjsWorkers();
    fs.rmSync(dir, { recursive: true, force: true });
  }

  // snarkjs beyond the measured powers: scaled from its largest measurement by the growth per
  // power measured between its two largest (prepare phase2 is O(n log n) FFTs, one thread)
  const measured = [...rows.values()].filter((r) => r.snarkjs !== undefined);
  measured.sort((a, b) => a.power - b.power);
  const [lo, hi] = measured.slice(-2);
  const growth =
    lo !== undefined && hi !== undefined && hi.power > lo.power
      ? ((hi.snarkjs as number) / (lo.snarkjs as number)) ** (1 / (hi.power - lo.power))
      : undefined;
  const scaled = (p: number): number | undefined =>
    hi !== undefined && growth !== undefined && p > hi.power
      ? (hi.snarkjs as number) * growth ** (p - hi.power)
      : undefined;
  const s = (v: number | undefined): string =>
    v === undefined ? "-" : v >= 120 ? `${(v / 60).toFixed(1)} min` : `${v.toFixed(1)} s`;
  const lines = [
    "| power | file size | ours (fixed-base, workers) | snarkjs new + contribute + prepare phase2 | speed-up | same bytes |",
    "|---:|---:|---:|---:|---:|:---:|",
  ];
  for (const r of [...rows.values()].sort((a, b) => a.power - b.power)) {
    const est = r.snarkjs === undefined ? scaled(r.power) : undefined;
    const theirs = r.snarkjs ?? est;
    const speedup =
      r.ours !== undefined && theirs !== undefined ? `${(theirs / r.ours).toFixed(0)}x` : "-";
    const same =
      r.oursSha !== undefined && r.snarkjsSha !== undefined
        ? r.oursSha === r.snarkjsSha
          ? "yes"
          : "NO"
        : "-";
    const size = r.bytes === undefined ? "-" : `${(r.bytes / 2 ** 20).toFixed(1)} MiB`;
    const snark =
      r.snarkjs !== undefined ? s(r.snarkjs) : est !== undefined ? `~${s(est)} (scaled)` : "-";
    lines.push(`| ${r.power} | ${size} | ${s(r.ours)} | ${snark} | ${speedup} | ${same} |`);
  }
  if (growth !== undefined && hi !== undefined)
    lines.push(
      "",
      `snarkjs measured at powers ${measured.map((r) => r.power).join(" and ")} in this run; ` +
        `"scaled" rows extrapolate power ${hi.power} by the ${growth.toFixed(2)}x per power measured ` +
        `between them (the team measured 66 min for prepare phase2 alone at power 17, TOOLCHAIN.md).`,
    );
  return lines.join("\n");
}

/** `npm run bench` part: writes the section "Development powers of tau" of docs/BENCHMARKS.md. */
export async function benchDevPtau(): Promise<void> {
  const table = await measureDevPtau([10, 12, 15, 17], [10, 12]);
  updateBenchmarkSection(
    "Development powers of tau",
    [
      `- Machine: ${machineDescription()}`,
      "- Command: `npm run bench` (this part alone: `npx ts-node --transpile-only scripts/bench.ts --only ptau`)",
      `- Date: ${new Date().toISOString().slice(0, 10)}`,
      '- Ours: `generateDevPtau` (src/node/ptau), every point by fixed-base multiplication on worker threads, all cores. snarkjs: `powersOfTau.newAccumulator` + `contribute` (same seed as entropy, its 64 random bytes zeroed) + `preparePhase2`, one thread. Both files UNSAFE FOR PRODUCTION; "same bytes" compares their sha256. Targets: power 15 <= 3 min, power 17 <= 12 min.',
      "",
      table,
    ].join("\n"),
  );
}

if (require.main === module) {
  measureDevPtau(powersArg("--ours", [10, 12]), powersArg("--snarkjs", [10, 12]))
    .then((t) =>
      console.log(
        `Development powers of tau (UNSAFE FOR PRODUCTION), ${machineDescription()}.\n\n${t}`,
      ),
    )
    .catch((e: unknown) => {
      console.error(e);
      process.exit(1);
    });
}
