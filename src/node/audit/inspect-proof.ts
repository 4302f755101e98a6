// `zkmargin inspect proof.json`: what a proof's public signals bind (PROTOCOL section 7), the
// epoch when the risk table is given, the proof's validity, and — with the trader's files —
// the recomputed account commitment, collateral binding and state hash.
import { P } from "../../field";
import type { ProofFile } from "../../proof";
import { PUBLIC_SIGNAL_NAMES, verifyProof } from "../../proof";
import { balancesHash, positionCommitment, stateHash } from "../../portfolio";
import { readJsonFile } from "../files";
import { loadAccountFiles, loadRiskTable } from "../load";
import { loadKeyInfo } from "../prover";
import { formatMultiplier } from "../../report";
import { BPS, MULTIPLIER_MAX, MULTIPLIER_MIN } from "../../bounds";

export interface InspectLine {
  what: string;
  value: string;
  status: "info" | "ok" | "failed";
  note?: string;
}

export interface InspectReport {
  ok: boolean;
  circuit: string;
  unsafeDevelopmentKeys: boolean;
  signals: Record<string, string>;
  lines: InspectLine[];
}

const hex = (v: bigint): string => "0x" + v.toString(16).padStart(64, "0");

export async function inspectProof(
  proof: ProofFile,
  o: { vkey?: string; risk?: string; portfolio?: string; collateral?: string },
): Promise<InspectReport> {
  const lines: InspectLine[] = [];
  const sig = proof.publicSignals;
  const at = (i: number): bigint | undefined => {
    const s = sig[i];
    return s !== undefined && /^[0-9]{1,80}$/.test(s) && BigInt(s) < P ? BigInt(s) : undefined;
  };
  const [sh, rr, mult] = [at(0), at(1), at(2)];
  lines.push({
    what: "stateHash",
    value: sh !== undefined ? hex(sh) : String(sig[0]),
    status: sh !== undefined ? "info" : "failed",
    note: "Poseidon(account commitment, balances hash): binds the private portfolio (venue-attested commitment) and the public collateral balances",
  });
  lines.push({
    what: "riskRoot",
    value: rr !== undefined ? hex(rr) : String(sig[1]),
    status: rr !== undefined ? "info" : "failed",
    note: "the risk epoch: instrument tree, collateral table, epoch and timestamp",
  });
  const inRange = mult !== undefined && mult >= MULTIPLIER_MIN && mult <= MULTIPLIER_MAX;
  lines.push({
    what: "multiplier",
    value: mult !== undefined ? `${mult} bps = ${formatMultiplier(mult, 4)}x` : String(sig[2]),
    status: inRange ? "info" : "failed",
    note: inRange
      ? `margin multiplier (${BPS} = maintenance 1.0)`
      : `outside [${MULTIPLIER_MIN}, ${MULTIPLIER_MAX}]: the circuit cannot have accepted it`,
  });

  // The proof itself.
  const vkey: unknown =
    o.vkey !== undefined ? readJsonFile(o.vkey) : loadKeyInfo(proof.circuit).vkey;
  const v = await verifyProof(proof, vkey);
  lines.push({
    what: "proof",
    value: v.ok ? "valid" : "INVALID",
    status: v.ok ? "ok" : "failed",
    note: v.ok ? `Groth16 pairing check against the ${proof.circuit} key` : v.reason,
  });

  if (o.risk !== undefined) {
    const table = loadRiskTable(o.risk);
    const match = rr !== undefined && table.riskRoot === rr;
    lines.push({
      what: "risk epoch",
      value: `epoch ${table.epoch}, timestamp ${table.timestamp} (${new Date(table.timestamp * 1000).toISOString()})`,
      status: match ? "ok" : "failed",
      note: match
        ? `riskRoot is the root of ${o.risk} (instance ${table.instance.name})`
        : `riskRoot differs from the root of ${o.risk} (${hex(table.riskRoot)})`,
    });
    if (o.portfolio !== undefined && o.collateral !== undefined) {
      const { portfolio, balances } = loadAccountFiles(o.portfolio, o.risk, o.collateral);
      const commitment = positionCommitment(portfolio, table.instance);
      const bh = balancesHash(balances.amounts);
      const s = stateHash(commitment, bh);
      lines.push({
        what: "account commitment",
        value: hex(commitment),
        status: "info",
        note: `of ${o.portfolio} (account ${portfolio.accountAddress})`,
      });
      lines.push({
        what: "balances hash",
        value: hex(bh),
        status: "info",
        note: `collateral binding of ${o.collateral}`,
      });
      const ok = sh !== undefined && s === sh;
      lines.push({
        what: "stateHash (recomputed)",
        value: hex(s),
        status: ok ? "ok" : "failed",
        note: ok
          ? "the proof is about exactly these files"
          : "differs from the proof's stateHash: the proof is not about these files",
      });
    }
  }
  return {
    ok: !lines.some((l) => l.status === "failed"),
    circuit: proof.circuit,
    unsafeDevelopmentKeys: proof.unsafeDevelopmentKeys,
    signals: Object.fromEntries(PUBLIC_SIGNAL_NAMES.map((n, i) => [n, sig[i] ?? ""])),
    lines,
  };
}

export function formatInspectReport(r: InspectReport): string {
  const out = [
    `proof for circuit ${r.circuit}${r.unsafeDevelopmentKeys ? " (DEVELOPMENT keys, unsafe for production)" : ""}`,
  ];
  for (const l of r.lines) {
    const mark = l.status === "ok" ? "  ok  " : l.status === "failed" ? "FAILED" : "      ";
    out.push(`${mark} ${l.what.padEnd(22)} ${l.value}`);
    if (l.note !== undefined) out.push(`       ${"".padEnd(22)} ${l.note}`);
  }
  return out.join("\n") + "\n";
}
