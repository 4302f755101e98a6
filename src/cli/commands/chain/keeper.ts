/**
 * `zkmargin keeper`: rounds of src/chain/keeper-runner.ts (renew own accounts, liquidate
 * lapsed ones, claim the rewards), reported per round.
 */
import type { Command } from "commander";
import { formatUnits } from "ethers";
import {
  DEFAULT_KEEPER_INTERVAL,
  DEFAULT_RENEW_BEFORE,
  type KeeperRoundReport,
  MAX_KEEPER_INTERVAL,
  MAX_RENEW_BEFORE,
  type Deployment,
  collateralOf,
  keeperRound,
} from "../../../chain";
import { InputError } from "../../../errors";
import { printJson } from "../../run";
import {
  RENEWAL_HINTS,
  type ChainCliOptions,
  chainCommand,
  intervalOption,
  iso,
  roundsOption,
  str,
  uintOption,
} from "./options";
import { cliProver, loadIntegerPortfolio, loadTable, withSession } from "./session";
import { Backoff } from "../../../node/keeper/backoff";
import { openKeeperStore } from "../../../node/keeper/store";
import {
  type KeeperHealth,
  healthError,
  healthOk,
  indexedKeeperRound,
  progressText,
} from "../../../node/keeper/service";

interface KeeperOptions extends ChainCliOptions {
  portfolio?: string[];
  risk?: string[];
  once?: boolean;
  interval: string;
  maxRounds?: string;
  renewBefore: string;
  state?: string;
}

/** A skipped account's reason as the command line says it (with the flag that fixes it). */
function skipReason(x: KeeperRoundReport["skipped"][number]): string {
  if (x.code === "no-risk-table") return `${x.reason} (--risk)`;
  const hint = (RENEWAL_HINTS as Record<string, string | undefined>)[x.code];
  return hint ? `${x.reason}: ${hint}` : x.reason;
}

function roundJson(round: number, r: KeeperRoundReport) {
  return {
    round,
    now: str(r.now),
    accounts: r.accounts,
    renewed: r.renewed.map((x) => ({
      account: x.account,
      epoch: str(x.epoch),
      tier: x.tier,
      multiplier: str(x.multiplier),
      validUntil: str(x.validUntil),
      gasUsed: str(x.gasUsed),
    })),
    liquidated: r.liquidated.map((x) => ({ account: x.account, gasUsed: str(x.gasUsed) })),
    claimed: r.claimed.map((x) => ({
      token: x.token,
      amount: str(x.amount),
      gasUsed: str(x.gasUsed),
    })),
    claimFailed: r.claimFailed.map((x) => ({ ...x, amount: str(x.amount) })),
    held: r.plan.held,
    stuck: r.plan.stuck,
    skipped: r.skipped.map((x) => ({ account: x.account, reason: skipReason(x) })),
    nextDue: r.plan.nextDue === null ? null : str(r.plan.nextDue),
  };
}

function roundText(round: number, r: KeeperRoundReport, d: Deployment): string {
  const tokenName = (t: string) => collateralOf(d, t)?.symbol ?? t;
  const tokenAmount = (t: string, amount: bigint) =>
    `${formatUnits(amount, collateralOf(d, t)?.decimals ?? 0)} ${tokenName(t)}`;
  return (
    `round ${round} at ${iso(r.now)}: ${r.accounts} accounts, renewed ${r.renewed.length}, liquidated ${r.liquidated.length}` +
    (r.liquidated.length
      ? ` (${r.liquidated.map((x) => `${x.account} gas ${x.gasUsed}`).join(", ")})`
      : "") +
    `, claimed ${r.claimed.length}` +
    (r.claimed.length
      ? ` (${r.claimed.map((x) => `${tokenAmount(x.token, x.amount)} gas ${x.gasUsed}`).join(", ")})`
      : "") +
    (r.claimFailed.length
      ? `, ${r.claimFailed.length} claim(s) failed (${r.claimFailed.map((x) => `${tokenName(x.token)}: ${x.reason}`).join(", ")})`
      : "") +
    (r.plan.held !== null ? `; liquidation held: ${r.plan.held}` : "") +
    `${r.plan.nextDue !== null ? `; next due ${iso(r.plan.nextDue)}` : ""}\n`
  );
}

export function registerKeeper(program: Command): void {
  chainCommand(
    program
      .command("keeper")
      .description(
        "watch the engine: renew own accounts (given their portfolios) before they lapse, liquidate lapsed ones (not while paused or the risk oracle is down), claim the rewards",
      ),
  )
    .option(
      "--portfolio <portfolio.json...>",
      "portfolios of accounts this keeper renews (never liquidates)",
    )
    .option(
      "--risk <risk.json...>",
      "risk tables to prove against (the engine's latest epoch is used)",
    )
    .option("--once", "a single round, then exit")
    .option(
      "--interval <seconds>",
      `seconds between rounds, 1..${MAX_KEEPER_INTERVAL}`,
      DEFAULT_KEEPER_INTERVAL.toString(),
    )
    .option("--max-rounds <n>", "stop after n rounds (default: run until interrupted)")
    .option(
      "--renew-before <seconds>",
      "renew own accounts this long before validUntil",
      DEFAULT_RENEW_BEFORE.toString(),
    )
    .option(
      "--state <dir>",
      "keep the accounts learned from events in a persistent index in this folder (LMDB): resumes at its block cursor, survives reorgs and RPC errors (backoff)",
    )
    .action(async (opts: KeeperOptions) =>
      withSession(opts, async (s) => {
        const interval = intervalOption(opts.interval, MAX_KEEPER_INTERVAL);
        const maxRounds = roundsOption(opts);
        const renewBefore = uintOption(opts.renewBefore, "--renew-before", MAX_RENEW_BEFORE);
        const tables = (opts.risk ?? []).map((f) => loadTable(f, s.deployment));
        if ((opts.portfolio ?? []).length > 0 && tables.length === 0)
          throw new InputError(
            "command line",
            "--risk",
            "required with --portfolio (the keeper proves renewals)",
          );
        const portfolios = (opts.portfolio ?? []).map((f) => loadIntegerPortfolio(f, tables[0]));
        const { prover } = cliProver(Boolean(opts.json));
        const keeper = {
          engine: s.engine,
          provider: s.conn.provider,
          fromBlock: s.deployment.block,
          portfolios,
          tables,
          prover,
          renewBefore,
          log: opts.json ? undefined : (l: string) => process.stderr.write(`  ${l}\n`),
        };
        if (opts.state !== undefined) {
          const store = openKeeperStore(opts.state, {
            engine: s.deployment.addresses.engine,
            chainId: s.deployment.chainId,
          });
          const index = { ...keeper, store };
          const backoff = new Backoff(1000, Math.max(60, interval) * 1000);
          let last: KeeperHealth | undefined;
          try {
            for (let round = 1; round <= maxRounds; round++) {
              let wait = interval * 1000;
              const started = Date.now();
              try {
                const { progress, report } = await indexedKeeperRound(index, keeper);
                backoff.reset();
                last = healthOk(round, progress, Date.now() - started);
                if (opts.json)
                  process.stdout.write(
                    JSON.stringify({ ...last, keeper: roundJson(round, report) }) + "\n",
                  );
                else
                  process.stdout.write(progressText(last) + roundText(round, report, s.deployment));
              } catch (e) {
                wait = backoff.fail();
                last = healthError(round, index, e, backoff, wait);
                process.stdout.write(opts.json ? JSON.stringify(last) + "\n" : progressText(last));
              }
              if (round < maxRounds) await new Promise((res) => setTimeout(res, wait));
            }
          } finally {
            await store.close();
          }
          if (last?.status === "error") process.exitCode = 1;
          return;
        }
        const reports = [];
        for (let round = 1; round <= maxRounds; round++) {
          const r = await keeperRound(keeper);
          reports.push(roundJson(round, r));
          if (!opts.json) process.stdout.write(roundText(round, r, s.deployment));
          if (round < maxRounds) await new Promise((res) => setTimeout(res, interval * 1000));
        }
        if (opts.json) printJson({ rounds: reports });
      }),
    );
}
