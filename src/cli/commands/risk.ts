/**
 * `zkmargin risk build <market.json> -o <risk.json>` and `zkmargin risk list --market
 * <market.json>` (the instruments table); `risk calibrate` and `risk backtest` live in their own
 * files.
 */
import { Command } from "commander";
import { buildRiskTable, serializeRiskTable } from "../../risk-table";
import { toHex32 } from "../../field";
import { type Decimal, formatScaled } from "../../decimal";
import type { Market } from "../../schema";
import { instanceNames } from "../../instances";
import { loadMarket } from "../../node/load";
import { writeFileAtomic } from "../../node/files";
import { printJson } from "../run";
import { loadMarketAt } from "./chain/epoch-time";
import type { ChainCliOptions } from "./chain/options";
import { registerRiskCalibrateCommand } from "./risk-calibrate";
import { registerRiskBacktestCommand } from "./risk-backtest";

interface RiskBuildOptions extends ChainCliOptions {
  output: string;
  instance: string;
  at?: string;
}

/** Registers `risk` and its subcommands `build`, `calibrate` and `backtest`. */
export function registerRiskCommand(program: Command): void {
  const risk = program.command("risk").description("risk tables (risk epochs)");
  risk
    .command("build")
    .description("compile market.json into the integer risk table and print its risk root")
    .argument("<market.json>", "market file published by the venue (SPEC section 5)")
    .requiredOption("-o, --output <risk.json>", "where to write the risk table")
    .option("--instance <name>", `circuit instance (${instanceNames().join(" | ")})`, "standard")
    .option(
      "--at <chain|unix>",
      "timestamp: chain (latest block's time, needs --deployment) or unix s",
    )
    .option("--rpc <url>", "EVM JSON-RPC endpoint of the chain (with --deployment)")
    .option("--deployment <deployment.json>", "refuse a timestamp the engine cannot use")
    .option("--json", "machine-readable output")
    .action(async (marketFile: string, opts: RiskBuildOptions) => {
      const { market } = await loadMarketAt(marketFile, opts);
      const table = buildRiskTable(market, opts.instance, marketFile);
      writeFileAtomic(opts.output, serializeRiskTable(table));
      if (opts.json) {
        printJson({
          riskRoot: table.riskRoot.toString(),
          instrumentRoot: table.instrumentRoot.toString(),
          collateralRoot: table.collateralRoot.toString(),
          instance: table.instance.name,
          epoch: table.epoch,
          timestamp: table.timestamp,
          instruments: table.instruments.length,
          collateral: table.collateral.length,
          output: opts.output,
        });
      } else {
        process.stdout.write(
          `risk root ${table.riskRoot}\n` +
            `          ${toHex32(table.riskRoot)}\n` +
            `epoch ${table.epoch}, timestamp ${table.timestamp}, instance ${table.instance.name}: ` +
            `${table.instruments.length} instruments, ${table.collateral.length} collateral tokens, ${table.groups.length} groups\n` +
            `written to ${opts.output}\n`,
        );
      }
    });
  risk
    .command("list")
    .description("list the instruments of a market file: id, group, kind, strike, expiry, mark")
    .requiredOption("--market <market.json>", "market file published by the venue (SPEC section 5)")
    .option("--json", "machine-readable output")
    .action((opts: { market: string; json?: boolean }) => {
      const rows = instrumentRows(loadMarket(opts.market));
      if (opts.json) printJson({ market: opts.market, instruments: rows });
      else process.stdout.write(formatInstrumentRows(rows));
    });
  registerRiskCalibrateCommand(risk);
  registerRiskBacktestCommand(risk);
}

/** One row of `risk list`: decimals as strings; strike and expiry null when the kind has none. */
export interface InstrumentRow {
  id: string;
  group: string;
  kind: string;
  right: string | null;
  strike: string | null;
  /** Expiry as an ISO 8601 date-time (UTC). */
  expiry: string | null;
  mark: string;
  multiplier: string;
}

function decimalText(d: unknown): string | null {
  if (d === null || typeof d !== "object" || !("units" in d) || !("scale" in d)) return null;
  const x = d as Decimal;
  return formatScaled(x.units, x.scale);
}

/** The instruments of `market`, in file order. */
export function instrumentRows(market: Market): InstrumentRow[] {
  return market.instruments.map((inst) => {
    const f = inst as unknown as Record<string, unknown>;
    const expiry = typeof f.expiry === "number" ? new Date(f.expiry * 1000).toISOString() : null;
    return {
      id: inst.id,
      group: inst.group,
      kind: inst.kind,
      right: typeof f.right === "string" ? f.right : null,
      strike: decimalText(f.strike),
      expiry,
      mark: decimalText(f.mark) ?? "",
      multiplier: decimalText(f.multiplier) ?? "",
    };
  });
}

/** The rows as an aligned text table. */
export function formatInstrumentRows(rows: readonly InstrumentRow[]): string {
  const table = [
    ["id", "group", "kind", "strike", "expiry", "mark", "multiplier"],
    ...rows.map((r) => [
      r.id,
      r.group,
      r.right ? `${r.kind} ${r.right}` : r.kind,
      r.strike ?? "-",
      r.expiry ? r.expiry.slice(0, 10) : "-",
      r.mark,
      r.multiplier,
    ]),
  ];
  const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
  return (
    table
      .map((row) =>
        row
          .map((cell, c) => cell.padEnd(widths[c]))
          .join("  ")
          .trimEnd(),
      )
      .join("\n") + `\n${rows.length} instruments\n`
  );
}
