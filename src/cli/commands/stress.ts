/**
 * `zkmargin stress <book-dir> --market market.json [--history <dir>] [--shocks shocks.json]`:
 * every account of the venue's book under the worst historical windows and hypothetical
 * joint shocks (docs/STRESS.md). Exit 0 when the insurance balance covers the bad debt of
 * every scenario, 1 when some scenario's bad debt exceeds it, 2 on bad input.
 */
import { Command } from "commander";
import { InputError } from "../../errors";
import { V_DECIMALS } from "../../bounds";
import { decimalToScaled, parseDecimal } from "../../decimal";
import { parseMultiplier } from "../../margin";
import { instanceNames } from "../../instances";
import { DEFAULT_LIQUIDATION_HORIZON } from "../../chain/defaults";
import {
  DEFAULT_LAPSE_STEPS,
  DEFAULT_WORST_WINDOWS,
  HistoricalInfo,
  MAX_LAPSE_STEPS,
  StressScenario,
  formatStressText,
  historicalScenarios,
  lapseChartSvg,
  parseShocks,
  runStress,
  stressChartSvg,
  stressReportJson,
} from "../../risk-desk/stress";
import { loadMarket } from "../../node/load";
import { readJsonFile, writeFileAtomic } from "../../node/files";
import { loadBookDir } from "../../node/risk-desk/load-book";
import { loadHistoryDir } from "../../node/risk-desk/load-history";
import { EXIT_CHECK_FAILED, printJson } from "../run";
import { stageTimer } from "../progress";
import { toCliError } from "./chain/options";

interface StressCliOptions {
  market: string;
  history?: string;
  shocks?: string;
  insurance: string;
  worst: string;
  horizon: string;
  multiplier: string;
  steps: string;
  instance: string;
  report?: string;
  chart?: string;
  lapseChart?: string;
  json?: boolean;
}

const FLAGS = {
  histories: "--history",
  horizon: "--horizon",
  worst: "--worst",
  multiplier: "--multiplier",
  insurance: "--insurance",
  steps: "--steps",
  instance: "--instance",
};

const MAX_WORST = 100;
const MAX_HORIZON = 366 * 86400;

function intOption(value: string, flag: string, min: number, max: number): number {
  if (!/^[0-9]{1,9}$/.test(value) || Number(value) < min || Number(value) > max)
    throw new InputError("command line", flag, `must be an integer in ${min}..${max}`);
  return Number(value);
}

/** `--insurance`: a non-negative USD decimal, as V. */
function usdOption(value: string, flag: string): bigint {
  const d = parseDecimal(value);
  if (!d) throw new InputError("command line", flag, 'must be a USD decimal such as "2500000"');
  const v = decimalToScaled(d, V_DECIMALS);
  if (v === undefined)
    throw new InputError("command line", flag, `more than ${V_DECIMALS} decimals`);
  if (v < 0n) throw new InputError("command line", flag, "must not be negative");
  return v;
}

function stress(bookDir: string, opts: StressCliOptions): void {
  if (!opts.history && !opts.shocks)
    throw new InputError(
      "command line",
      "--history / --shocks",
      "give at least one: a history folder or a shocks file",
    );
  const insurance = usdOption(opts.insurance, "--insurance");
  const multiplierBps = parseMultiplier(opts.multiplier, "--multiplier");
  const worst = intOption(opts.worst, "--worst", 1, MAX_WORST);
  const horizon = intOption(opts.horizon, "--horizon", 1, MAX_HORIZON);
  const steps = intOption(opts.steps, "--steps", 1, MAX_LAPSE_STEPS);
  const tick = stageTimer(!process.stderr.isTTY);
  const market = loadMarket(opts.market);
  const book = loadBookDir(bookDir);
  tick(`read ${book.accounts.length} accounts`);
  const scenarios: StressScenario[] = [];
  let historical: HistoricalInfo | undefined;
  if (opts.history) {
    const h = historicalScenarios(market, book, loadHistoryDir(opts.history), horizon, worst);
    scenarios.push(...h.scenarios);
    historical = {
      horizon: h.horizon,
      bars: h.bars,
      interval: h.interval,
      windows: h.windows,
      unmoved: h.unmoved,
    };
    tick(`ranked ${h.windows} historical windows`);
  }
  if (opts.shocks) scenarios.push(...parseShocks(readJsonFile(opts.shocks), market, opts.shocks));
  const result = runStress(market, book, scenarios, {
    insurance,
    multiplierBps,
    steps,
    instance: opts.instance,
    marketFile: opts.market,
    onScenario: (i, n, name) => tick(`scenario ${i + 1}/${n}: ${name}`),
  });
  tick("done");
  const json = stressReportJson(result, historical);
  if (opts.report) writeFileAtomic(opts.report, JSON.stringify(json, null, 2) + "\n");
  if (opts.chart) writeFileAtomic(opts.chart, stressChartSvg(result));
  if (opts.lapseChart) writeFileAtomic(opts.lapseChart, lapseChartSvg(result));
  if (opts.json) printJson(json);
  else process.stdout.write(formatStressText(result, historical));
  if (result.failed) process.exitCode = EXIT_CHECK_FAILED;
}

/** Registers `stress`. */
export function registerStressCommand(program: Command): void {
  program
    .command("stress")
    .description(
      "stress the venue's book: every account under the worst historical windows and " +
        "hypothetical joint shocks; shortfalls, bad debt against the insurance balance, lapse " +
        "order (exit 1 when bad debt exceeds the insurance balance)",
    )
    .argument(
      "<book-dir>",
      "folder of accounts: <name>.portfolio.json + <name>.balances.json, portfolio-<name>.json + balances-<name>.json, or <name>/portfolio.json + <name>/balances.json",
    )
    .requiredOption("--market <market.json>", "the market the book is valued in")
    .option("--history <dir>", "price histories (<ID>.csv / <ID>.json per group or token)")
    .option("--shocks <shocks.json>", "hypothetical joint shocks (docs/STRESS.md)")
    .option("--insurance <usd>", "insurance balance in USD", "0")
    .option("--worst <k>", "number of worst historical windows", String(DEFAULT_WORST_WINDOWS))
    .option(
      "--horizon <seconds>",
      "historical window length, proof TTL + grace by default",
      String(DEFAULT_LIQUIDATION_HORIZON),
    )
    .option("--multiplier <m>", "maintenance multiplier for lapsing, 1.0..100.0", "1.0")
    .option("--steps <n>", "grid steps of the lapse walk", String(DEFAULT_LAPSE_STEPS))
    .option("--instance <name>", `circuit instance (${instanceNames().join(" | ")})`, "standard")
    .option("--report <report.json>", "write the JSON report")
    .option("--chart <chart.svg>", "write bad debt per scenario against the insurance (SVG)")
    .option("--lapse-chart <chart.svg>", "write lapsed accounts against the shock fraction (SVG)")
    .option("--json", "machine-readable output (the report) on stdout")
    .addHelpText(
      "after",
      "\nAt least one of --history / --shocks. Method, defaults and file formats: docs/STRESS.md.\n" +
        "Exit codes: 0 every scenario's bad debt is covered by the insurance balance;\n" +
        "            1 some scenario's bad debt exceeds it (report still written); 2 bad input.\n",
    )
    .action((bookDir: string, opts: StressCliOptions) => {
      try {
        stress(bookDir, opts);
      } catch (e) {
        throw toCliError(e, { flags: FLAGS });
      }
    });
}
