/**
 * `zkmargin risk calibrate <history-dir> --market market.json [-o fragment.json]
 * [--merge market.out.json] [--report report.json] [--chart chart.svg] ...`: the risk
 * parameters from price (and volume) history (SPEC 7.3; docs/RISK.md, "Calibration").
 * Every output is computed and checked before the first file is written.
 */
import type { Command } from "commander";
import { InputError } from "../../errors";
import { loadMarket } from "../../node/load";
import { writeFileAtomic } from "../../node/files";
import { loadHistoryDir } from "../../node/risk-desk/load-history";
import {
  type CalibrationOptions,
  DEFAULT_CALIBRATION_OPTIONS,
  calibrate,
  calibrationChart,
  calibrationFragment,
  calibrationReport,
  calibrationText,
  mergeCalibration,
} from "../../risk-desk/calibrate";
import { toCliError } from "./chain/options";
import { printJson } from "../run";

interface CalibrateCliOptions {
  market: string;
  output?: string;
  merge?: string;
  report?: string;
  chart?: string;
  horizon?: string;
  confidence?: string;
  lambda?: string;
  factor?: string;
  window?: string;
  seed?: string;
  paths?: string;
  json?: boolean;
}

/** SDK option names -> flags. */
const FLAGS: Readonly<Record<string, string>> = {
  horizonSeconds: "--horizon",
  confidence: "--confidence",
  lambda: "--lambda",
  factor: "--factor",
  windowDays: "--window",
  seed: "--seed",
  paths: "--paths",
};

const NUMBER_RE = /^(0|[1-9][0-9]*)(\.[0-9]+)?$|^\.[0-9]+$/;

function num(value: string | undefined, flag: string, rule: string, ok: (x: number) => boolean) {
  if (value === undefined) return undefined;
  const x = NUMBER_RE.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(x) || !ok(x)) throw new InputError("command line", flag, rule);
  return x;
}

function integer(value: string | undefined, flag: string, max: number) {
  return num(
    value,
    flag,
    `must be an integer in 1..${max}`,
    (x) => Number.isInteger(x) && x >= 1 && x <= max,
  );
}

/** The command line's options as calibration options (bad values name the flag). */
export function calibrationOptionsFromCli(opts: CalibrateCliOptions): Partial<CalibrationOptions> {
  const unit = (x: number) => x > 0 && x < 1;
  return {
    horizonSeconds: integer(opts.horizon, "--horizon", 365 * 86_400),
    confidence: num(opts.confidence, "--confidence", "must be a number in (0, 1), e.g. 0.99", unit),
    lambda: num(opts.lambda, "--lambda", "must be a number in (0, 1), e.g. 0.94", unit),
    windowDays: integer(opts.window, "--window", 36_500),
    seed: num(
      opts.seed,
      "--seed",
      "must be an integer in 0..4294967295",
      (x) => Number.isInteger(x) && x <= 0xffffffff,
    ),
    paths: integer(opts.paths, "--paths", 1_000_000),
    factor: opts.factor,
  };
}

function run(dir: string, opts: CalibrateCliOptions): void {
  const options = calibrationOptionsFromCli(opts);
  const market = loadMarket(opts.market);
  const histories = loadHistoryDir(dir);
  const c = calibrate(histories, market, options);
  const outputs: [string, string][] = [];
  if (opts.output)
    outputs.push([opts.output, JSON.stringify(calibrationFragment(c), null, 2) + "\n"]);
  if (opts.merge)
    outputs.push([
      opts.merge,
      JSON.stringify(mergeCalibration(market, c, opts.merge), null, 2) + "\n",
    ]);
  const report = calibrationReport(c);
  if (opts.report) outputs.push([opts.report, JSON.stringify(report, null, 2) + "\n"]);
  if (opts.chart) outputs.push([opts.chart, calibrationChart(histories, c)]);
  const targets = outputs.map(([f]) => f);
  const dup = targets.find((f, i) => targets.indexOf(f) !== i);
  if (dup) throw new InputError("command line", "(outputs)", `${dup} is named for two outputs`);
  for (const [file, data] of outputs) writeFileAtomic(file, data);
  if (opts.json) printJson({ ...report, written: targets });
  else
    process.stdout.write(
      calibrationText(c) + (targets.length ? `\nwritten: ${targets.join(", ")}\n` : ""),
    );
}

/** Registers `calibrate` on the `risk` command. */
export function registerRiskCalibrateCommand(risk: Command): void {
  const d = DEFAULT_CALIBRATION_OPTIONS;
  risk
    .command("calibrate")
    .description(
      "calibrate psr, vsr and haircuts (and the v2 correlation, tiers, concentration) from price history",
    )
    .argument(
      "<history-dir>",
      "folder of <ID>.csv / <ID>.json histories (ID = group id or collateral symbol)",
    )
    .requiredOption("--market <market.json>", "the market whose parameters are calibrated")
    .option(
      "-o, --output <fragment.json>",
      "write the market.json fragment (groups psr/vsr, haircuts)",
    )
    .option("--merge <market.out.json>", "write the full market.json with the calibrated values")
    .option("--report <report.json>", "write the JSON report (every figure)")
    .option("--chart <chart.svg>", "write the SVG chart of returns against the scan range")
    .option(
      "--horizon <seconds>",
      `liquidation horizon (default proof TTL + grace = ${d.horizonSeconds})`,
    )
    .option("--confidence <c>", `expected shortfall confidence (default ${d.confidence})`)
    .option("--lambda <lambda>", `EWMA decay (default ${d.lambda})`)
    .option("--factor <group>", "market factor of the correlations (default: equal-weighted)")
    .option("--window <days>", "use only the last <days> days of each history (default: all)")
    .option("--seed <n>", `bootstrap seed (default ${d.seed})`)
    .option("--paths <n>", `bootstrap paths (default ${d.paths})`)
    .option("--json", "machine-readable output (the JSON report)")
    .addHelpText(
      "after",
      "\nA group or token without a history keeps its market.json value. Correlation, tiers and\n" +
        "concentration are SPEC 7.1 (v2) fields: reported, not written to market.json yet.\n" +
        "Nothing is written unless every check passes. Method: docs/RISK.md.\n",
    )
    .action((dir: string, opts: CalibrateCliOptions) => {
      try {
        run(dir, opts);
      } catch (e) {
        throw toCliError(e, { flags: FLAGS });
      }
    });
}
