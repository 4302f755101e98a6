/**
 * `zkmargin whatif --market m.json --portfolio p.json --balances b.json`: distance to
 * insolvency of each group (alone and all together) at the maintenance and initial
 * multipliers, and on request the collateral to reach a health, the largest trade of an
 * instrument, and a draft's report before and after (src/margin/whatif, docs/WHATIF.md).
 */
import { Command } from "commander";
import { ArgumentError, InputError } from "../../errors";
import { formatScaled } from "../../decimal";
import { DEFAULT_PARAMS } from "../../chain/defaults";
import {
  type Binding,
  type CollateralToReach,
  type Crossing,
  type DistanceOptions,
  type DistanceReport,
  type DraftComparison,
  type MaxQuantity,
  type WhatIfSummary,
  collateralToReach,
  collateralToReachJson,
  compareDraft,
  distanceReportJson,
  distancesToInsolvency,
  draftJson,
  formatHealth,
  maxQuantity,
  maxQuantityJson,
  parseDraft,
  parseHealth,
  parseMultiplier,
} from "../../margin";
import { formatMultiplier, money, scenarioLabel } from "../../report";
import { type RiskTableFields, compileRiskFields } from "../../risk-table";
import { checkSameAccount, toIntegerBalances, toIntegerPortfolio } from "../../portfolio";
import { loadBalances, loadMarket, loadPortfolio } from "../../node/load";
import { readJsonFile } from "../../node/files";
import { printJson } from "../run";

interface WhatIfCliOptions {
  market: string;
  portfolio: string;
  balances: string;
  instance: string;
  maintenance: string;
  initial: string;
  multiplier?: string;
  health: string;
  addCollateral?: string;
  maxQuantity?: string;
  side?: string;
  draft?: string;
  step: string;
  maxDown: string;
  maxUp: string;
  precision: string;
  json?: boolean;
}

const FLAGS: Record<string, string> = {
  instance: "--instance",
  targetHealth: "--health",
  side: "--side",
  instrumentId: "--max-quantity",
  "options.stepBps": "--step",
  "options.maxDownBps": "--max-down",
  "options.maxUpBps": "--max-up",
  "options.precisionBps": "--precision",
};

function bpsOption(value: string, flag: string): number {
  if (!/^[0-9]{1,7}$/.test(value))
    throw new InputError("command line", flag, "must be an integer number of basis points");
  return Number(value);
}

const pct = (bps: number): string => `${bps > 0 ? "+" : ""}${formatScaled(BigInt(bps), 2)}%`;

/**
 * The binding scenario in words and prices ("BTC -24% to 65,740, vol unchanged, 35% weight"),
 * priced at `prices[group]` (a crossing's shifted market) or the table's group price.
 */
function bindingText(
  table: RiskTableFields,
  b: Binding | null | undefined,
  prices?: Record<string, string> | null,
): string {
  if (b?.kind === "floor") return "floor";
  if (b?.kind !== "scan" || b.group === null || b.scenario === null) return b?.kind ?? "";
  return scenarioLabel(table, b.group, b.scenario, prices?.[b.group]);
}

function crossingText(table: RiskTableFields, c: Crossing): string {
  if (c.status === "insolvent-now") return "insolvent now";
  if (c.status === "none") return `none to ${pct(c.limitBps as number)}`;
  if (c.status === "out-of-bounds") return `table out of bounds at ${pct(c.limitBps as number)}`;
  const prices = Object.entries(c.prices ?? {})
    .map(([g, p]) => `${g} ${p}`)
    .join(", ");
  const b = c.binding;
  const why = b?.kind === "scan" || b?.kind === "floor" ? bindingText(table, b, c.prices) : "";
  return `${pct(c.moveBps as number)} (${prices}${why ? `; ${why}` : ""})`;
}

function distanceText(table: RiskTableFields, r: DistanceReport): string[] {
  const o = r.options;
  const lines = [
    `Distance to insolvency at x${formatMultiplier(r.multiplier, 2)} (grid ${formatScaled(BigInt(o.stepBps), 2)}% steps to ${pct(-o.maxDownBps)} / ${pct(o.maxUpBps)}, bisected to ${o.precisionBps} bp):`,
  ];
  const w = Math.max(...r.rows.map((x) => x.set.length), 5);
  for (const row of r.rows)
    lines.push(
      `  ${row.set.padEnd(w)}  down: ${crossingText(table, row.down)}\n  ${"".padEnd(w)}  up:   ${crossingText(table, row.up)}`,
    );
  return lines;
}

function summaryText(table: RiskTableFields, s: WhatIfSummary): string {
  const why = bindingText(table, s.binding);
  return `MM ${money(s.maintenanceMargin)}, equity ${money(s.equity)}, health ${formatHealth(s.health)} (${s.solvent ? "solvent" : "INSOLVENT"}; binds: ${why})`;
}

function answersText(
  table: RiskTableFields,
  c: CollateralToReach | undefined,
  q: MaxQuantity | undefined,
  d: DraftComparison | undefined,
): string[] {
  const lines: string[] = [];
  if (c) {
    const target = `health ${formatHealth(c.targetHealth)} at x${formatMultiplier(c.multiplier, 2)}`;
    lines.push(
      c.amount === null
        ? `Add ${c.symbol} to reach ${target}: not reachable with ${c.symbol}`
        : `Add ${c.symbol} to reach ${target}: ${formatScaled(c.amount, c.decimals)} ${c.symbol} (health ${formatHealth(c.healthBefore)} -> ${formatHealth(c.healthAfter)})`,
    );
  }
  if (q) {
    const target = `health ${formatHealth(q.targetHealth)} at x${formatMultiplier(q.multiplier, 2)}`;
    lines.push(
      q.quantity === null
        ? `Largest ${q.side} of ${q.instrument} keeping ${target}: ${q.status === "no-free-slot" ? "no free position slot" : "health is below the target already"}`
        : `Largest ${q.side} of ${q.instrument} keeping ${target}: ${formatScaled(q.quantity, 8)} contracts (health ${formatHealth(q.healthBefore)} -> ${formatHealth(q.healthAfter)})`,
    );
  }
  if (d) {
    lines.push(`Draft at x${formatMultiplier(d.before.multiplier, 2)}:`);
    lines.push(`  before: ${summaryText(table, d.before)}`);
    lines.push(`  after:  ${summaryText(table, d.after)}`);
  }
  return lines;
}

function run(opts: WhatIfCliOptions): void {
  const maintenance = parseMultiplier(opts.maintenance, "--maintenance");
  const initial = parseMultiplier(opts.initial, "--initial");
  const multiplier = opts.multiplier ? parseMultiplier(opts.multiplier, "--multiplier") : initial;
  const health = parseHealth(opts.health, "targetHealth");
  const options: DistanceOptions = {
    stepBps: bpsOption(opts.step, "--step"),
    maxDownBps: bpsOption(opts.maxDown, "--max-down"),
    maxUpBps: bpsOption(opts.maxUp, "--max-up"),
    precisionBps: bpsOption(opts.precision, "--precision"),
  };
  if (opts.maxQuantity !== undefined && opts.side === undefined)
    throw new InputError("command line", "--side", "required with --max-quantity (buy or sell)");
  const market = loadMarket(opts.market);
  const table = compileRiskFields(market, opts.instance, opts.market);
  const portfolio = toIntegerPortfolio(loadPortfolio(opts.portfolio), table, opts.portfolio);
  const balances = toIntegerBalances(loadBalances(opts.balances), table, opts.balances);
  checkSameAccount(portfolio, balances, opts.balances);
  let slot: number | undefined;
  if (opts.addCollateral !== undefined) {
    slot = table.collateral.findIndex((c) => c.symbol === opts.addCollateral);
    if (slot < 0)
      throw new InputError(
        "command line",
        "--add-collateral",
        `unknown collateral symbol "${opts.addCollateral}" (not in ${opts.market})`,
      );
  }
  const draft = opts.draft ? parseDraft(readJsonFile(opts.draft), table, opts.draft) : undefined;
  const [atMaintenance, atInitial] = distancesToInsolvency(
    market,
    opts.instance,
    portfolio,
    balances,
    [maintenance, initial],
    options,
  );
  const c =
    slot === undefined
      ? undefined
      : collateralToReach(table, portfolio, balances, multiplier, health, slot);
  const q =
    opts.maxQuantity === undefined
      ? undefined
      : maxQuantity(
          table,
          portfolio,
          balances,
          multiplier,
          opts.maxQuantity,
          health,
          opts.side as "buy" | "sell",
        );
  let d: DraftComparison | undefined;
  if (draft) {
    try {
      d = compareDraft(table, portfolio, draft, balances, multiplier);
    } catch (e) {
      if (e instanceof ArgumentError)
        throw new InputError(opts.draft as string, "positions", e.rule);
      throw e;
    }
  }
  if (opts.json) {
    printJson({
      maintenance: distanceReportJson(atMaintenance),
      initial: distanceReportJson(atInitial),
      ...(c ? { addCollateral: collateralToReachJson(c) } : {}),
      ...(q ? { maxQuantity: maxQuantityJson(q) } : {}),
      ...(d ? { draft: draftJson(d) } : {}),
    });
    return;
  }
  const lines = [...distanceText(table, atMaintenance), "", ...distanceText(table, atInitial)];
  const answers = answersText(table, c, q, d);
  if (answers.length > 0) lines.push("", ...answers);
  process.stdout.write(lines.join("\n") + "\n");
}

/** Registers `whatif`. */
export function registerWhatIfCommand(program: Command): void {
  const dflt = (bps: bigint): string => formatMultiplier(bps, 1);
  program
    .command("whatif")
    .description(
      "distance to insolvency per group (price moves, exact margin maths on shifted markets) and what-if answers",
    )
    .requiredOption("--market <market.json>", "the epoch's market data")
    .requiredOption("--portfolio <portfolio.json>", "the trader's private portfolio")
    .requiredOption("--balances <balances.json>", "the account's collateral balances")
    .option("--instance <name>", "circuit instance (small or standard)", "standard")
    .option(
      "--maintenance <m>",
      "maintenance multiplier",
      dflt(DEFAULT_PARAMS.maintenanceMultiplier),
    )
    .option("--initial <m>", "initial multiplier", dflt(DEFAULT_PARAMS.initialMultiplier))
    .option("--multiplier <m>", "multiplier of --health (default: the initial multiplier)")
    .option("--health <x>", "health target Equity / (M x MM) of the answers below", "1.0")
    .option("--add-collateral <symbol>", "smallest amount of this token to reach --health")
    .option("--max-quantity <instrument>", "largest trade of this instrument keeping --health")
    .option("--side <side>", "buy or sell (with --max-quantity)")
    .option("--draft <draft.json>", "positions to add: the report before and after")
    .option("--step <bps>", "grid step of the scan, basis points", "50")
    .option("--max-down <bps>", "largest move down scanned, basis points (< 10000)", "9950")
    .option("--max-up <bps>", "largest move up scanned, basis points", "30000")
    .option("--precision <bps>", "bisection precision, basis points", "1")
    .option("--json", "machine-readable output (bigints as strings)")
    .action((opts: WhatIfCliOptions) => {
      try {
        run(opts);
      } catch (e) {
        if (e instanceof ArgumentError) {
          const m = /^([A-Za-z_$][A-Za-z0-9_$.]*?)(\[.*)?$/.exec(e.argument);
          const flag = m ? FLAGS[m[1]] : undefined;
          if (flag) throw new InputError("command line", flag, e.rule);
        }
        throw e;
      }
    });
}
