/**
 * Load test of the services (issue 16): N accounts (default 1,000) on a local `hardhat node`,
 * renewed through `zkmargin relayer` in batches (killed once with SIGKILL mid-run and
 * restarted), then an epoch where M of them (default 100) lapse and two `zkmargin keeper
 * --state` processes race to liquidate them. Writes the section "Load test: relayer and
 * keepers" of docs/BENCHMARKS.md (with --accounts 1000 --lapse 100 only; a smaller run prints).
 *
 *   npx ts-node --transpile-only scripts/bench.ts --only load [--accounts 1000] [--lapse 100] [--batch 16]
 *
 * Proofs: one real Groth16 proof of the small instance per account (its attestAndProve),
 * cached in build/loadtest/proofs; the renewal each wallet posts is that same proof, which the
 * statement allows: the public inputs of a renewal at tier 0 of the epoch the account was
 * attested at (stateHash, that epoch's riskRoot, the maintenance multiplier) are the
 * attestation proof's. So the renewal leaves validUntil where it was, and costs what any
 * renewal of that epoch costs.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { type ChainConnection, connectChain } from "../src/node/chain";
import { startHardhatNode } from "../src/node/app/hardhat-node";
import { releaseProverThreads } from "../src/proof";
import { machineDescription, updateBenchmarkSection } from "./lib/benchmarks";
import { openProofCache } from "./load/proof-cache";
import { keeperPhase } from "./load/keeper-phase";
import { relayerPhase } from "./load/relayer-phase";
import { loadReport } from "./load/report";
import { attestTraders, deployLoadVenue, lapseEpoch, makeTraders, proveAll } from "./load/venue";

function intArg(name: string, dflt: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return dflt;
  const v = Number(process.argv[i + 1]);
  if (!Number.isSafeInteger(v) || v < 1) throw new Error(`${name} must be a positive integer`);
  return v;
}

export async function benchLoad(): Promise<void> {
  const accounts = intArg("--accounts", 1000);
  const lapse = intArg("--lapse", Math.max(1, Math.round(accounts / 10)));
  const batch = intArg("--batch", 16);
  if (lapse >= accounts) throw new Error("--lapse must be below --accounts");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zkmargin-load-"));
  const started = performance.now();
  process.stderr.write(`load test: ${accounts} accounts, ${lapse} lapse, batches of ${batch}\n`);
  const node = await startHardhatNode();
  let conn: ChainConnection | undefined;
  try {
    conn = await connectChain({ rpc: node.url, env: {} });
    const venue = await deployLoadVenue(conn, dir);
    const traders = makeTraders(venue, accounts, lapse);
    const cache = openProofCache();
    process.stderr.write("  proving (cached in build/loadtest/proofs) …\n");
    const tProve = performance.now();
    await proveAll(venue, traders, cache);
    const proveMs = performance.now() - tProve;
    const tSetup = performance.now();
    await attestTraders(venue, conn, traders, cache);
    const setupMs = performance.now() - tSetup;
    process.stderr.write("  renewing through the relayer …\n");
    const relayer = await relayerPhase(
      conn,
      node.url,
      venue,
      traders,
      path.join(dir, "relayer"),
      batch,
    );
    process.stderr.write("  lapse: epoch 3, two keepers …\n");
    await lapseEpoch(venue, conn);
    const keepers = await keeperPhase(conn, node.url, venue, traders, [
      path.join(dir, "keeper-a"),
      path.join(dir, "keeper-b"),
    ]);
    const md = loadReport({
      accounts,
      lapse,
      proofs: { made: cache.made, reused: cache.reused, proveMs },
      setupMs,
      relayer,
      keepers,
      totalMs: performance.now() - started,
      machine: machineDescription(),
    });
    if (accounts === 1000 && lapse === 100)
      updateBenchmarkSection("Load test: relayer and keepers", md);
    process.stdout.write(md);
    if (relayer.lost > 0 || relayer.duplicates > 0 || keepers.liquidatedOnce !== lapse)
      process.exitCode = 1;
  } finally {
    conn?.close();
    await node.stop();
    await releaseProverThreads();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module)
  benchLoad().catch((e) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
