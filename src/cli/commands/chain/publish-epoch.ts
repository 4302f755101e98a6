/**
 * `zkmargin publish-epoch`: publish a risk table's epoch on the engine (RISK_ROLE), after the
 * SDK's pre-flight checks (src/chain/epoch.ts). With `--market m.json --at chain -o risk.json`
 * it first builds the risk table at the chain's time (./epoch-time.ts) and writes it once the
 * checks pass, right before the transaction (a refused epoch leaves no risk.json behind).
 */
import type { Command } from "commander";
import { publishRiskEpoch } from "../../../chain";
import { InputError } from "../../../errors";
import { writeFileAtomic } from "../../../node/files";
import { type RiskTable, buildRiskTable, serializeRiskTable } from "../../../risk-table";
import { type ChainClock, checkEpochUsableAt, loadMarketAt } from "./epoch-time";
import { type ChainCliOptions, chainCommand, iso, out, str } from "./options";
import { type Session, loadTable, withSession } from "./session";

interface PublishOptions extends ChainCliOptions {
  risk?: string;
  market?: string;
  at?: string;
  output?: string;
}

export function registerPublishEpoch(program: Command): void {
  chainCommand(
    program
      .command("publish-epoch")
      .description("publish a risk table's epoch and root on the engine (RISK_ROLE)"),
  )
    .option("--risk <risk.json>", "risk table built by `zkmargin risk build`")
    .option("--market <market.json>", "build the risk table from this market instead (with -o)")
    .option("--at <chain|unix>", "with --market: timestamp (chain: the latest block's time)")
    .option("-o, --output <risk.json>", "with --market: where to write the risk table")
    .action(async (opts: PublishOptions) => {
      const built = await builtTable(opts);
      await withSession(opts, async (s) => {
        let table = built;
        if (table === undefined) {
          const file = opts.risk as string;
          table = loadTable(file, s.deployment);
          checkEpochUsableAt(table.timestamp, await engineClock(s), `${file}: timestamp`);
        }
        const output = opts.output;
        const { tx, expiry, collateralHash } = await publishRiskEpoch(s.engine, table, {
          // written once the checks pass, before the transaction: no file for a refused epoch
          beforeSend:
            built && output ? () => writeFileAtomic(output, serializeRiskTable(built)) : undefined,
        });
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
            ...(opts.output ? { output: opts.output } : {}),
          },
          `published epoch ${table.epoch} (root ${table.riskRoot}, timestamp ${table.timestamp}); proofs against it valid until ${iso(expiry)}; gas ${tx.gasUsed}`,
        );
      });
    });
}

/** The session's chain time and proof lifetime. */
async function engineClock(s: Session): Promise<ChainClock> {
  const { proofTtl } = await s.engine.params();
  return { now: await s.engine.blockTime(), proofTtl, instance: s.deployment.instance };
}

/**
 * With `--market`: the risk table built at `--at` (checked against the chain's clock) and
 * written to `--output`; with `--risk`: undefined (loaded in the session). Bad flags first.
 */
async function builtTable(opts: PublishOptions): Promise<RiskTable | undefined> {
  if (opts.risk !== undefined) {
    for (const [flag, v] of [
      ["--market", opts.market],
      ["--at", opts.at],
      ["--output", opts.output],
    ] as const)
      if (v !== undefined)
        throw new InputError(
          "command line",
          flag,
          "goes with --market, not --risk (a risk.json's timestamp is bound by its root: rebuild it with `risk build --at chain`)",
        );
    return undefined;
  }
  if (opts.market === undefined)
    throw new InputError(
      "command line",
      "--risk",
      "required (or --market <market.json> --at chain -o <risk.json>)",
    );
  if (opts.output === undefined)
    throw new InputError(
      "command line",
      "--output",
      "required with --market (the traders prove against the risk table)",
    );
  const { market, clock } = await loadMarketAt(opts.market, opts);
  return buildRiskTable(market, clock?.instance, opts.market);
}
