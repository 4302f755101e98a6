/**
 * `zkmargin oracle`: the risk-oracle service (src/node/oracle/service.ts, docs/ORACLE.md).
 * Reads the AggregatorV3 feeds of oracle.json each round, refuses to publish on any failed
 * validation (naming the feed and the rule), otherwise publishes the next epoch and declares
 * a stress epoch when a group moved more than stressMultiple x PSR. A line per round on the
 * terminal (JSON lines with --json); `--once` runs one round (exit 1 when it did not publish).
 */
import path from "node:path";
import type { Command } from "commander";
import { collateralMismatches } from "../../chain";
import { InputError } from "../../errors";
import { MAX_ORACLE_INTERVAL, calibratedTemplate } from "../../oracle";
import { buildRiskTable } from "../../risk-table";
import { loadOracleSetup } from "../../node/oracle/load";
import {
  type OracleEvent,
  type OracleRoundReport,
  nextDelay,
  runOracle,
} from "../../node/oracle/service";
import { openOracleStore } from "../../node/oracle/state";
import { EXIT_CHECK_FAILED } from "../run";
import {
  type ChainCliOptions,
  chainCommand,
  intervalOption,
  iso,
  roundsOption,
} from "./chain/options";
import { withSession } from "./chain/session";

interface OracleOptions extends ChainCliOptions {
  config: string;
  state?: string;
  once?: boolean;
  interval?: string;
  maxRounds?: string;
}

function roundLine(round: number, r: OracleRoundReport, next: number | undefined): string {
  const at = r.chainTime !== undefined ? ` at ${iso(r.chainTime)}` : "";
  const then = next !== undefined ? `; next round in ${next} s` : "";
  const recovered =
    r.recovered !== undefined ? ` (recovered epoch ${r.recovered} sent before a restart)` : "";
  if (r.status === "published") {
    const stress = r.stress?.declared
      ? `; STRESS declared (${r.stress.moves
          .filter((m) => m.fired)
          .map(
            (m) =>
              `${m.group} moved ${(m.move * 100).toFixed(2)}% > ${(m.limit * 100).toFixed(2)}%`,
          )
          .join(", ")})`
      : r.stress?.error
        ? `; stress declaration failed: ${r.stress.error}`
        : "";
    return `round ${round}${at}: published epoch ${r.epoch} (root ${r.riskRoot}, gas ${r.tx?.gasUsed})${stress}${recovered}${then}`;
  }
  if (r.status === "refused")
    return (
      `round ${round}${at}: REFUSED, previous epoch kept${recovered}${then}\n` +
      r.failures.map((f) => `  ${f.feed}: ${f.code}: ${f.detail}`).join("\n")
    );
  return `round ${round}${at}: publish FAILED (${r.error?.code}): ${r.error?.detail}${recovered}${then}`;
}

function roundJson(round: number, r: OracleRoundReport, next: number | undefined): OracleEvent {
  return {
    event: "round",
    round,
    status: r.status,
    chainTime: r.chainTime?.toString() ?? null,
    epoch: r.epoch ?? null,
    riskRoot: r.riskRoot?.toString() ?? null,
    tx: r.tx ? { hash: r.tx.hash, gasUsed: r.tx.gasUsed.toString() } : null,
    failures: r.failures,
    error: r.error ?? null,
    stress: r.stress ?? null,
    recovered: r.recovered ?? null,
    prices: r.prices
      ? { groups: r.prices.groups, collateral: r.prices.collateral, shares: r.prices.sharePrices }
      : null,
    nextRoundIn: next ?? null,
  };
}

export function registerOracleCommand(program: Command): void {
  chainCommand(
    program
      .command("oracle")
      .description(
        "risk-oracle service: read AggregatorV3 price feeds (and ERC-4626 vault share prices), refuse bad data naming the feed, publish each epoch's risk table, declare stress epochs",
      ),
  )
    .requiredOption("--config <oracle.json>", "the oracle's configuration (docs/ORACLE.md)")
    .option("--state <dir>", "state folder (LMDB), default: oracle-state beside --config")
    .option("--once", "one round, then exit (exit 1 when it did not publish)")
    .option(
      "--interval <seconds>",
      `seconds between epochs, 1..${MAX_ORACLE_INTERVAL} (default: oracle.json)`,
    )
    .option("--max-rounds <n>", "stop after n rounds (default: run until interrupted)")
    .action(async (opts: OracleOptions) => {
      const setup = loadOracleSetup(opts.config);
      const interval = opts.interval
        ? intervalOption(opts.interval, MAX_ORACLE_INTERVAL)
        : setup.config.interval;
      const rounds = roundsOption(opts);
      const maxRounds = Number.isFinite(rounds) ? rounds : undefined;
      const emit = (e: OracleEvent) =>
        opts.json
          ? process.stdout.write(JSON.stringify({ t: new Date().toISOString(), ...e }) + "\n")
          : e.event === "warning" || e.event === "recovered" || e.event === "stress-failed"
            ? process.stderr.write(`  ${e.event}: ${JSON.stringify(e)}\n`)
            : undefined;
      for (const w of setup.warnings) emit({ event: "warning", detail: w });
      await withSession(opts, async (s) => {
        if (setup.config.instance !== s.deployment.instance)
          throw new InputError(
            setup.file,
            "instance",
            `is "${setup.config.instance}", the deployment's circuit instance is "${s.deployment.instance}"`,
          );
        const template = calibratedTemplate(
          setup.template,
          setup.calibration,
          setup.templateSource,
        );
        const bad = collateralMismatches(
          buildRiskTable(template, setup.config.instance, setup.templateSource),
          await s.engine.collateralTokens(),
        );
        if (bad.length > 0)
          throw new InputError(
            setup.templateSource,
            "collateral",
            `not the engine's slots: ${bad.join("; ")}`,
          );
        if (!(await s.engine.hasRole("RISK_ROLE", s.address)))
          emit({
            event: "warning",
            detail: `${s.address} does not hold RISK_ROLE: every publication will fail until it is granted`,
          });
        const stateDir =
          opts.state ?? path.join(path.dirname(path.resolve(opts.config)), "oracle-state");
        const store = openOracleStore(stateDir);
        const ctl = new AbortController();
        const stop = () => ctl.abort();
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
        if (!opts.json)
          process.stderr.write(
            `oracle ${s.address} on engine ${s.deployment.addresses.engine}, state ${stateDir}, every ${interval} s\n`,
          );
        let rpcInARow = 0;
        try {
          const last = await runOracle(
            {
              config: setup.config,
              template: setup.template,
              ...(setup.calibration ? { calibration: setup.calibration } : {}),
              engine: s.engine,
              provider: s.conn.provider,
              store,
              log: emit,
            },
            {
              interval,
              ...(maxRounds !== undefined ? { maxRounds } : {}),
              signal: ctl.signal,
              onRound: (round, r) => {
                rpcInARow = r.rpc ? rpcInARow + 1 : 0;
                const next =
                  round >= (maxRounds ?? Infinity) ? undefined : nextDelay(interval, rpcInARow);
                if (opts.json) emit(roundJson(round, r, next));
                else process.stdout.write(roundLine(round, r, next) + "\n");
              },
            },
          );
          if (opts.once && last.status !== "published") process.exitCode = EXIT_CHECK_FAILED;
        } finally {
          process.off("SIGINT", stop);
          process.off("SIGTERM", stop);
          await store.close();
        }
      });
    });
}
