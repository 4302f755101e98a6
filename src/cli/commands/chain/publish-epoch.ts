/**
 * `zkmargin publish-epoch`: publish a risk table's epoch on the engine (RISK_ROLE), after the
 * SDK's pre-flight checks (src/chain/epoch.ts).
 */
import type { Command } from "commander";
import { publishRiskEpoch } from "../../../chain";
import { type ChainCliOptions, chainCommand, iso, out, str } from "./options";
import { loadTable, withSession } from "./session";

export function registerPublishEpoch(program: Command): void {
  chainCommand(
    program
      .command("publish-epoch")
      .description("publish a risk table's epoch and root on the engine (RISK_ROLE)"),
  )
    .requiredOption("--risk <risk.json>", "risk table built by `zkmargin risk build`")
    .action(async (opts: ChainCliOptions & { risk: string }) =>
      withSession(opts, async (s) => {
        const table = loadTable(opts.risk, s.deployment);
        const { tx, expiry, collateralHash } = await publishRiskEpoch(s.engine, table);
        out(
          opts,
          {
            epoch: table.epoch,
            riskRoot: str(table.riskRoot),
            timestamp: table.timestamp,
            expiry: str(expiry),
            collateralHash,
            tx: tx.hash,
            gasUsed: str(tx.gasUsed),
          },
          `published epoch ${table.epoch} (root ${table.riskRoot}, timestamp ${table.timestamp}); proofs against it valid until ${iso(expiry)}; gas ${tx.gasUsed}`,
        );
      }),
    );
}
