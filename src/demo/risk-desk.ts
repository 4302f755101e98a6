/**
 * The demo's risk-desk step: calibrates examples/market.json's parameters from the synthetic
 * history in examples/history, backtests them (hourly recalibration, as an hourly oracle would
 * apply them), and stress-tests the four example books under the worst historical windows and
 * examples/stress-shocks.json. Writes the charts next to the demo's risk table.
 */
import * as path from "node:path";
import type { Market } from "../schema";
import { loadHistoryDir } from "../node/risk-desk/load-history";
import { loadBookDir } from "../node/risk-desk/load-book";
import { readJsonFile, writeFileAtomic } from "../node/files";
import { calibrate, calibrationChart } from "../risk-desk/calibrate";
import { backtest, backtestChart } from "../risk-desk/backtest";
import { historicalScenarios, parseShocks, runStress, stressChartSvg } from "../risk-desk/stress";
import { money } from "../report";
import { V_DECIMALS } from "../bounds";
import { formatScaled, pow10 } from "../decimal";

/** The insurance balance the demo's stress test holds the bad debt against (USD). */
const DEMO_INSURANCE_USD = 250_000n;

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

/** Runs the risk desk on the examples; charts go to `outDir`. */
export function riskDeskStory(examples: string, market: Market, outDir: string): void {
  const rel = (p: string) => path.relative(process.cwd(), p) || p;
  const histories = loadHistoryDir(path.join(examples, "history"));
  process.stdout.write(
    `\n== risk desk: ${histories.length} histories in ${rel(path.join(examples, "history"))} (SYNTHETIC GARCH paths)\n`,
  );

  const c = calibrate(histories, market);
  process.stdout.write(
    `   calibrated over ${c.options.horizonSeconds} s (proof TTL + grace), ES ${c.options.confidence}, EWMA ${c.options.lambda}; market.json has:\n`,
  );
  const text = (d: { units: bigint; scale: number }) => formatScaled(d.units, d.scale);
  for (const g of c.groups) {
    const m = market.groups.find((x) => x.id === g.id);
    process.stdout.write(
      `   ${g.id.padEnd(5)} psr ${g.psr} (market ${m ? text(m.psr) : "-"}), vsr ${g.vsr} (market ${m ? text(m.vsr) : "-"})\n`,
    );
  }
  for (const x of c.collateral) {
    const m = market.collateral.find((y) => y.symbol === x.symbol);
    process.stdout.write(
      `   ${x.symbol.padEnd(5)} haircut ${x.haircut} (market ${m ? text(m.haircut) : "-"})\n`,
    );
  }
  process.stdout.write(
    "   (the demo keeps market.json's wider hand-set ranges; `zkmargin risk calibrate --merge` writes a calibrated market)\n",
  );
  const calChart = path.join(outDir, "calibration.svg");
  writeFileAtomic(calChart, calibrationChart(histories, c));

  const bt = backtest({ histories, market }, { recalibrateSeconds: 3600 });
  const overall = bt.pooled.find((p) => p.scope === "overall")?.summary;
  const btChart = path.join(outDir, "backtest.svg");
  writeFileAtomic(btChart, backtestChart(bt));
  if (overall)
    process.stdout.write(
      `   backtest (hourly recalibration, ${bt.steps} steps): ${overall.exceedances} exceedances in ${overall.observations} ` +
        `(${pct(overall.rate)} against ${pct(overall.target)}), Kupiec p ${overall.kupiec.pValue.toFixed(3)}, ` +
        `Christoffersen p ${overall.christoffersen.pValue.toFixed(3)}: ${overall.verdict}\n`,
    );

  const book = loadBookDir(examples);
  const shocksFile = path.join(examples, "stress-shocks.json");
  const scenarios = [
    ...historicalScenarios(market, book, histories).scenarios,
    ...parseShocks(readJsonFile(shocksFile), market, rel(shocksFile)),
  ];
  const insurance = DEMO_INSURANCE_USD * pow10(V_DECIMALS);
  const stress = runStress(market, book, scenarios, { insurance });
  const worst = stress.scenarios[stress.worst];
  const stressChart = path.join(outDir, "stress.svg");
  writeFileAtomic(stressChart, stressChartSvg(stress));
  process.stdout.write(
    `   stress: ${stress.accounts} books x ${scenarios.length} scenarios; worst "${worst.scenario.name}": ` +
      `bad debt ${money(worst.badDebt)} USD against insurance ${money(insurance)} USD` +
      `${worst.covered ? " (covered)" : ` (${money(worst.uncovered)} uncovered)`}\n`,
  );
  process.stdout.write(`   charts: ${[calChart, btChart, stressChart].map(rel).join(", ")}\n`);
}
