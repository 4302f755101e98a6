/**
 * `zkmargin risk backtest <history-dir> --market market.json [--portfolio p.json --collateral
 * b.json ...] [--horizon <s>] [--confidence 0.99] [--target <p>] [--warmup <days>]
 * [--report report.json] [--chart chart.svg] [--json]`: how often the test portfolios' margin
 * would have been exceeded by the realised loss over the horizon, with the calibration of each
 * day (SPEC 7.3; docs/RISK.md, "Backtest").
 *
 * Exit codes: 0 the overall tests pass; 1 the overall Kupiec or Christoffersen test rejects at
 * 5% (the report and chart are still written: they are the finding); 2 bad input (nothing
 * written); 3 internal error.
 */
import type { Command } from "commander";
import { InputError } from "../../errors";
import { instanceNames } from "../../instances";
import { loadBalances, loadMarket, loadPortfolio } from "../../node/load";
import { writeFileAtomic } from "../../node/files";
import { loadHistoryDir } from "../../node/risk-desk/load-history";
import {
  DEFAULT_BACKTEST_OPTIONS,
  DEFAULT_WARMUP_DAYS,
  type TestPortfolio,
  backtest,
  backtestChart,
  backtestReportJson,
  backtestReportText,
} from "../../risk-desk/backtest";
import { DEFAULT_CALIBRATION_OPTIONS } from "../../risk-desk/calibrate/options";
import { calibrationOptionsFromCli } from "./risk-calibrate";
import { toCliError } from "./chain/options";
import { stageTimer } from "../progress";
import { EXIT_CHECK_FAILED, printJson } from "../run";

interface BacktestCliOptions {
  market: string;
  portfolio: string[];
  collateral: string[];
  horizon?: string;
  confidence?: string;
  lambda?: string;
  window?: string;
  target?: string;
  warmup?: string;
  recalibrate?: string;
  instance: string;
  report?: string;
  chart?: string;
  json?: boolean;
}

/** SDK argument names -> flags and operands. */
const FLAGS: Readonly<Record<string, string>> = {
  horizonSeconds: "--horizon",
  confidence: "--confidence",
  lambda: "--lambda",
  windowDays: "--window",
  warmupDays: "--warmup",
  recalibrateSeconds: "--recalibrate",
  target: "--target",
  instance: "--instance",
  histories: "<history-dir>",
  market: "--market",
};

const PROBABILITY_RE = /^(0?\.[0-9]+)$/;
const DAYS_RE = /^[1-9][0-9]{0,4}$/;
const SECONDS_RE = /^([1-9][0-9]{0,6}|[12][0-9]{7}|3[01][0-9]{6})$/;

const collect = (v: string, acc: string[]): string[] => [...acc, v];

function testPortfolios(opts: BacktestCliOptions): TestPortfolio[] | undefined {
  if (opts.portfolio.length !== opts.collateral.length)
    throw new InputError(
      "command line",
      "--portfolio / --collateral",
      `give them in pairs: ${opts.portfolio.length} portfolio(s), ${opts.collateral.length} balances file(s)`,
    );
  if (opts.portfolio.length === 0) return undefined;
  return opts.portfolio.map((pf, i) => {
    const bf = opts.collateral[i];
    return {
      name: pf,
      portfolio: loadPortfolio(pf),
      balances: loadBalances(bf),
      files: { portfolio: pf, balances: bf },
    };
  });
}

function run(dir: string, opts: BacktestCliOptions): void {
  const calibration = calibrationOptionsFromCli({
    market: opts.market,
    horizon: opts.horizon,
    confidence: opts.confidence,
    lambda: opts.lambda,
    window: opts.window,
  });
  let target: number | undefined;
  if (opts.target !== undefined) {
    target = PROBABILITY_RE.test(opts.target) ? Number(opts.target) : NaN;
    if (!(target > 0 && target < 1))
      throw new InputError(
        "command line",
        "--target",
        "must be a probability in (0, 1), e.g. 0.01",
      );
  }
  if (opts.warmup !== undefined && !DAYS_RE.test(opts.warmup))
    throw new InputError("command line", "--warmup", "must be a whole number of days >= 1");
  if (opts.recalibrate !== undefined && !SECONDS_RE.test(opts.recalibrate))
    throw new InputError(
      "command line",
      "--recalibrate",
      "must be a whole number of seconds in 1..31536000",
    );
  const market = loadMarket(opts.market);
  const portfolios = testPortfolios(opts);
  const histories = loadHistoryDir(dir);
  const tick = stageTimer(!process.stderr.isTTY);
  tick(`read ${histories.length} histories`);
  let shown = 0;
  const result = backtest(
    { histories, market, portfolios, calibration },
    {
      horizonSeconds: calibration.horizonSeconds,
      warmupDays: opts.warmup === undefined ? undefined : Number(opts.warmup),
      recalibrateSeconds: opts.recalibrate === undefined ? undefined : Number(opts.recalibrate),
      target: target ?? null,
      instance: opts.instance,
    },
    (done, total) => {
      const tenth = Math.floor((done * 10) / total);
      if (tenth > shown) {
        shown = tenth;
        tick(`replayed ${done}/${total} steps`);
      }
    },
  );
  const json = backtestReportJson(result);
  const outputs: [string, string][] = [];
  if (opts.report) outputs.push([opts.report, JSON.stringify(json, null, 2) + "\n"]);
  if (opts.chart) outputs.push([opts.chart, backtestChart(result)]);
  const targets = outputs.map(([f]) => f);
  const dup = targets.find((f, i) => targets.indexOf(f) !== i);
  if (dup) throw new InputError("command line", "(outputs)", `${dup} is named for two outputs`);
  for (const [file, data] of outputs) writeFileAtomic(file, data);
  if (opts.json) printJson({ ...json, written: targets });
  else
    process.stdout.write(
      backtestReportText(result) + (targets.length ? `written: ${targets.join(", ")}\n` : ""),
    );
  if (!result.passed) process.exitCode = EXIT_CHECK_FAILED;
}

/** Registers `backtest` on the `risk` command. */
export function registerRiskBacktestCommand(risk: Command): void {
  const d = DEFAULT_CALIBRATION_OPTIONS;
  risk
    .command("backtest")
    .description(
      "replay history with each day's calibration: how often the test portfolios' margin is " +
        "exceeded by the realised loss over the horizon (Kupiec, Christoffersen; exit 1 on rejection)",
    )
    .argument(
      "<history-dir>",
      "folder of <ID>.csv / <ID>.json histories (ID = group id or collateral symbol)",
    )
    .requiredOption(
      "--market <market.json>",
      "the template market (instruments, collateral, groups)",
    )
    .option(
      "--portfolio <portfolio.json>",
      "a test portfolio (repeat; pairs with --collateral)",
      collect,
      [],
    )
    .option(
      "--collateral <balances.json>",
      "its collateral balances (repeat, same order)",
      collect,
      [],
    )
    .option(
      "--horizon <seconds>",
      `horizon (default proof TTL + grace = ${d.horizonSeconds}), rounded up to whole bars`,
    )
    .option(
      "--confidence <c>",
      `expected shortfall confidence of the calibration (default ${d.confidence})`,
    )
    .option("--lambda <lambda>", `EWMA decay of the calibration (default ${d.lambda})`)
    .option(
      "--window <days>",
      "calibrate on the last <days> days only (default: all before the day)",
    )
    .option("--target <p>", "test against this exceedance probability (default: the model's own)")
    .option("--warmup <days>", `history before the first test (default ${DEFAULT_WARMUP_DAYS})`)
    .option(
      "--recalibrate <seconds>",
      `recalibrate every <seconds> (default ${DEFAULT_BACKTEST_OPTIONS.recalibrateSeconds}: daily; 3600 follows an hourly epoch)`,
    )
    .option("--instance <name>", `circuit instance (${instanceNames().join(" | ")})`, "standard")
    .option("--report <report.json>", "write the JSON report")
    .option("--chart <chart.svg>", "write the SVG chart of loss / margin over time")
    .option("--json", "machine-readable output (the JSON report)")
    .addHelpText(
      "after",
      "\nWithout --portfolio: one contract long and one short of each group's first perpetual\n" +
        "(else future). Exit 0 pass, 1 the overall Kupiec or Christoffersen test rejects at 5%\n" +
        "(report and chart still written), 2 bad input (nothing written). Method: docs/RISK.md.\n",
    )
    .action((dir: string, opts: BacktestCliOptions) => {
      try {
        run(dir, opts);
      } catch (e) {
        throw toCliError(e, { flags: FLAGS });
      }
    });
}
