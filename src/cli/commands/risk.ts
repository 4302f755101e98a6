/**
 * `zkmargin risk build <market.json> -o <risk.json>`; `risk calibrate` and `risk backtest` live
 * in their own files.
 */
import { Command } from "commander";
import { buildRiskTable, serializeRiskTable } from "../../risk-table";
import { toHex32 } from "../../field";
import { instanceNames } from "../../instances";
import { loadMarket } from "../../node/load";
import { writeFileAtomic } from "../../node/files";
import { printJson } from "../run";
import { registerRiskCalibrateCommand } from "./risk-calibrate";
import { registerRiskBacktestCommand } from "./risk-backtest";

interface RiskBuildOptions {
  output: string;
  instance: string;
  json?: boolean;
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
    .option("--json", "machine-readable output")
    .action((marketFile: string, opts: RiskBuildOptions) => {
      const market = loadMarket(marketFile);
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
  registerRiskCalibrateCommand(risk);
  registerRiskBacktestCommand(risk);
}
