/** The load test's section of docs/BENCHMARKS.md. */
import type { KeeperFigures } from "./keeper-phase";
import type { RelayerFigures } from "./relayer-phase";

export interface LoadFigures {
  accounts: number;
  lapse: number;
  proofs: { made: number; reused: number; proveMs: number };
  setupMs: number;
  relayer: RelayerFigures;
  keepers: KeeperFigures;
  totalMs: number;
  machine: string;
}

const n = (x: number | bigint) => x.toLocaleString("en-US");
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const min = (ms: number) => `${Math.floor(ms / 60000)} min ${Math.round((ms % 60000) / 1000)} s`;

function quantiles(xs: number[]): { min: number; p50: number; p95: number; max: number } {
  const a = [...xs].sort((x, y) => x - y);
  const q = (p: number) => a[Math.min(a.length - 1, Math.floor(p * a.length))] ?? 0;
  return { min: a[0] ?? 0, p50: q(0.5), p95: q(0.95), max: a[a.length - 1] ?? 0 };
}

export function loadReport(f: LoadFigures): string {
  const r = f.relayer;
  const k = f.keepers;
  const full = r.batches.filter((b) => b.proofs === r.batchSize && !b.recovered);
  const perAcct = (bs: typeof r.batches) => {
    const p = bs.reduce((x, b) => x + b.proofs, 0);
    return p === 0 ? 0n : bs.reduce((x, b) => x + b.gasUsed, 0n) / BigInt(p);
  };
  const send = quantiles(r.batches.filter((b) => !b.recovered).map((b) => b.sendMs));
  const post = quantiles(r.postMs);
  const liqGas = k.keepers.flatMap((x) => x.liquidationGas);
  const avgLiq = liqGas.length ? liqGas.reduce((a, b) => a + b, 0n) / BigInt(liqGas.length) : 0n;
  const date = new Date().toISOString().slice(0, 10);
  const lines = [
    `- Machine: ${f.machine}`,
    "- Command: `npm run bench -- --only load` (scripts/bench-load.ts)",
    `- Date: ${date}; whole run ${min(f.totalMs)}`,
    `- Chain: a local \`hardhat node\` (automine) with the small instance's engine; proofs valid 24 h, 10 min grace; the relayer (\`zkmargin relayer --batch ${r.batchSize} --max-wait 2\`) and the keepers (\`zkmargin keeper --state\`) are separate processes, as a venue runs them.`,
    `- Proofs: one real Groth16 proof (small instance) per account, made once and cached in build/loadtest/proofs (this run: ${n(f.proofs.made)} made in ${min(f.proofs.proveMs)}, ${n(f.proofs.reused)} read back). Each account's renewal is its attestation proof posted again: a renewal at tier 0 of the epoch it was attested at has the same public inputs (stateHash, riskRoot, maintenance multiplier), so the statement allows it; validUntil does not move, the gas and every check are a real renewal's. ${f.lapse} accounts were attested at epoch 1, ${f.accounts - f.lapse} at epoch 2 (12 h later), so their renewals are of a past epoch and of the latest one respectively.`,
    `- Setup (deposit, attestation and attestAndProve of ${n(f.accounts)} accounts, 8 at a time): ${min(f.setupMs)}.`,
    "",
    `### Renewals through the relayer (${n(r.posted)} accounts)`,
    "",
    "| figure | value |",
    "| --- | --- |",
    `| proofs posted / accepted on chain | ${n(r.posted)} / ${n(r.accepted)} |`,
    `| **proofs lost** (posted, no ProofAccepted) | **${r.lost}** |`,
    `| **duplicate submissions** (a second ProofAccepted for the same account and epoch) | **${r.duplicates}** |`,
    `| batches (submitProofs transactions) | ${n(r.batches.length)}, ${n(full.length)} of them full (${r.batchSize}) |`,
    `| gas per account, all batches | ${n(r.accepted ? r.gasTotal / BigInt(r.accepted) : 0n)} |`,
    `| gas per account, full batches all of the latest epoch / all of a past epoch | ${n(perAcct(full.filter((b) => b.epochs.every((e) => e === 2n))))} / ${n(perAcct(full.filter((b) => b.epochs.every((e) => e === 1n))))} |`,
    `| wall-clock per batch, sent to mined (min / median / p95 / max) | ${s(send.min)} / ${s(send.p50)} / ${s(send.p95)} / ${s(send.max)} |`,
    `| POST /proofs latency incl. the off-chain check (min / median / p95 / max) | ${s(post.min)} / ${s(post.p50)} / ${s(post.p95)} / ${s(post.max)} |`,
    `| first POST to last proof accepted | ${min(r.totalMs)} (${((r.posted * 1000) / r.totalMs).toFixed(1)} renewals/s) |`,
    r.crash
      ? `| relayer crash | SIGKILL at its batch ${r.crash.killedAtBatch}'s \`sending\`; back after ${s(r.crash.downMs)}; the batch in flight was reconciled (${r.crash.recovered.join(", ") || "nothing in flight"}); ${n(r.retries)} wallet retries while it was down |`
      : "| relayer crash | none |",
    "",
    `### Lapse and two racing keepers (${n(k.lapsed)} lapsed accounts)`,
    "",
    "| keeper | round 1 (cold index: blocks, accounts) | liquidated | skipped (lost the race, checked first) | round 2 (warm) |",
    "| --- | --- | --- | --- | --- |",
    ...k.keepers.map(
      (x) =>
        `| ${x.account.slice(0, 10)}… | ${x.rounds[0]?.seconds.toFixed(2)} s (${n(x.rounds[0]?.blocks ?? 0)} blocks, ${n(x.rounds[0]?.accounts ?? 0)} accounts) | ${x.liquidated} | ${x.skipped} | ${x.rounds[1]?.seconds.toFixed(2) ?? "-"} s (${n(x.rounds[1]?.blocks ?? 0)} new blocks) |`,
    ),
    "",
    `- Lapsed accounts liquidated exactly once: ${n(k.liquidatedOnce)} of ${n(k.lapsed)}; liquidated twice: ${k.liquidatedTwice}; valid accounts liquidated: ${k.wronglyLiquidated}.`,
    `- Keeper transactions that reverted on chain (gas paid for a lost race): ${k.revertedTxs}.`,
    `- Gas per liquidation: ${n(avgLiq)} (credits only; each keeper then claims its rewards once per token).`,
    "",
  ];
  return lines.join("\n");
}
