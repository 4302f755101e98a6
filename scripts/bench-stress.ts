/**
 * Benchmark of the risk desk's stress test: a synthetic book of 10,000 accounts (random
 * portfolios of 1-4 of examples/market.json's instruments and random collateral, fixed-seed
 * mulberry32) under the worst historical windows of examples/history (when present) and the
 * shocks of examples/stress-shocks.json, with the lapse walk. The baseline, measured in the
 * same run: the same full-shock evaluation with `buildRiskTable` (Poseidon roots) instead of
 * `compileRiskFields` per scenario, and with a table built per account (what running
 * `zkmargin margin` account by account costs; measured on a sample, extrapolated).
 * Writes the section "Risk desk: stress test of 10,000 accounts" of docs/BENCHMARKS.md.
 *
 *   npx ts-node --transpile-only scripts/bench.ts --only stress
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { buildRiskTable, compileRiskFields, type Market } from "../src";
import { mulberry32 } from "../src/risk-desk/simulate/prng";
import { moveMarket } from "../src/risk-desk/market-move";
import {
  type AccountFiles,
  type StressScenario,
  baseMargins,
  evaluateScenario,
  historicalScenarios,
  integerBook,
  lapseGrid,
  makeBook,
  parseShocks,
  runStress,
  scaleMove,
} from "../src/risk-desk/stress";
import { loadMarket } from "../src/node/load";
import { parseBalances, parsePortfolio } from "../src/schema";
import { loadHistoryDir } from "../src/node/risk-desk/load-history";
import { readJsonFile } from "../src/node/files";
import { machineDescription, updateBenchmarkSection } from "./lib/benchmarks";

const ACCOUNTS = 10_000;
const SEED = 20261206;
const PER_ACCOUNT_SAMPLE = 100;
const EXAMPLES = path.join(__dirname, "..", "examples");

/** A deterministic book of `n` accounts over `market`'s instruments. */
export function syntheticBook(market: Market, n: number, seed = SEED): AccountFiles[] {
  const rand = mulberry32(seed);
  const ids = market.instruments.map((i) => i.id);
  const marks = market.instruments.map((i) => Number(i.mark.units) / 10 ** i.mark.scale);
  return Array.from({ length: n }, (_, k): AccountFiles => {
    const count = 1 + Math.floor(rand() * 4);
    const picked = new Set<number>();
    while (picked.size < count) picked.add(Math.floor(rand() * ids.length));
    let gross = 0;
    const positions = [...picked].map((i) => {
      const q = Math.round((rand() - 0.5) * 2000) / 100 || 1;
      gross += Math.abs(q) * marks[i];
      const price = marks[i] * (1 + (rand() - 0.5) * 0.1);
      return { instrument: ids[i], quantity: q.toFixed(2), costBasis: (q * price).toFixed(2) };
    });
    const account = "0x" + (k + 1).toString(16).padStart(40, "0");
    const balances: Record<string, string> = {
      USDC: Math.round(gross * (0.05 + rand() * 0.4)).toString(),
    };
    if (rand() < 0.3) balances.WBTC = (rand() * 2).toFixed(8);
    const name = `acct${String(k).padStart(5, "0")}`;
    return {
      name,
      portfolioFile: `${name}.portfolio.json`,
      balancesFile: `${name}.balances.json`,
      portfolio: parsePortfolio({
        version: 1,
        account,
        positions,
        cash: "0",
        nonce: 0,
        salt: "0x01",
      }),
      balances: parseBalances({ version: 1, account, balances }),
    };
  });
}

const sec = (ms: number): string => (ms / 1000).toFixed(2);

/** Runs the benchmark and writes its section of docs/BENCHMARKS.md. */
export async function benchStress(): Promise<void> {
  const market = loadMarket(path.join(EXAMPLES, "market.json"));
  let t0 = performance.now();
  const book = makeBook(syntheticBook(market, ACCOUNTS));
  const bookMs = performance.now() - t0;

  const historyDir = path.join(EXAMPLES, "history");
  const scenarios: StressScenario[] = [];
  let historyMs = 0;
  let windows = 0;
  if (fs.existsSync(historyDir)) {
    t0 = performance.now();
    const h = historicalScenarios(market, book, loadHistoryDir(historyDir));
    historyMs = performance.now() - t0;
    windows = h.windows;
    scenarios.push(...h.scenarios);
  }
  const shocksFile = path.join(EXAMPLES, "stress-shocks.json");
  scenarios.push(...parseShocks(readJsonFile(shocksFile), market, shocksFile));

  t0 = performance.now();
  const result = runStress(market, book, scenarios);
  const stressMs = performance.now() - t0;

  // Full-shock evaluation only (no lapse walk): compileRiskFields vs buildRiskTable per scenario.
  const base = compileRiskFields(market);
  const accounts = integerBook(book, base);
  const before = baseMargins(base, accounts, 10000n);
  const moved = scenarios.map((s) => moveMarket(market, s.move));
  t0 = performance.now();
  for (const m of moved) evaluateScenario(compileRiskFields(m), accounts, before, 10000n);
  const fieldsMs = performance.now() - t0;
  t0 = performance.now();
  for (const m of moved) evaluateScenario(buildRiskTable(m), accounts, before, 10000n);
  const hashedMs = performance.now() - t0;
  t0 = performance.now();
  const sample = accounts.slice(0, PER_ACCOUNT_SAMPLE);
  for (const a of sample) evaluateScenario(buildRiskTable(moved[0]), [a], [before[0]], 10000n);
  const perAccountTableMs =
    ((performance.now() - t0) / PER_ACCOUNT_SAMPLE) * ACCOUNTS * scenarios.length;

  // Every market the run compiles (full shocks and walk steps): without and with hashing.
  const walk = scenarios.flatMap((s) =>
    lapseGrid(result.steps).map((t) => moveMarket(market, scaleMove(s.move, t))),
  );
  t0 = performance.now();
  for (const m of walk) compileRiskFields(m);
  const walkFieldsMs = performance.now() - t0;
  t0 = performance.now();
  for (const m of walk) buildRiskTable(m);
  const walkHashedMs = performance.now() - t0;

  const lapsed = result.scenarios.map((s) => s.lapsing);
  const worst = result.scenarios[result.worst];
  const md = [
    `- Machine: ${machineDescription()}`,
    "- Command: `npx ts-node --transpile-only scripts/bench.ts --only stress`",
    `- Date: ${new Date().toISOString().slice(0, 10)}`,
    `- Book: ${ACCOUNTS} synthetic accounts (1-4 random positions of examples/market.json's ${market.instruments.length} instruments, USDC and sometimes WBTC collateral; mulberry32 seed ${SEED}); ` +
      `${scenarios.length} scenarios: ${scenarios.length - result.scenarios.filter((s) => s.scenario.kind === "hypothetical").length} worst historical windows of examples/history (${windows} windows of 4200 s ranked) + ${result.scenarios.filter((s) => s.scenario.kind === "hypothetical").length} of examples/stress-shocks.json; lapse walk of ${result.steps} steps; maintenance multiplier 1.0.`,
    "",
    "| step | time |",
    "|---|---|",
    `| build the book in memory (parse ${ACCOUNTS} portfolios + balances) | ${sec(bookMs)} s |`,
    `| rank the historical windows (marks tabulated per group, book equity estimated in doubles) | ${sec(historyMs)} s |`,
    `| stress: ${scenarios.length} scenarios x ${ACCOUNTS} accounts, exact margin, lapse walk (${scenarios.length * result.steps} compiled markets) | ${sec(stressMs)} s (${((stressMs / ACCOUNTS) * 1).toFixed(3)} ms per account) |`,
    `| **total** | **${sec(bookMs + historyMs + stressMs)} s** (${((bookMs + historyMs + stressMs) / ACCOUNTS).toFixed(3)} ms per account) |`,
    "",
    `Baseline, full shock only (no lapse walk), ${scenarios.length} scenarios x ${ACCOUNTS} accounts:`,
    "",
    "| how each shocked market is compiled | time |",
    "|---|---|",
    `| \`compileRiskFields\` once per scenario (what stress does) | ${sec(fieldsMs)} s |`,
    `| \`buildRiskTable\` (Poseidon roots) once per scenario | ${sec(hashedMs)} s |`,
    `| \`buildRiskTable\` once per account and scenario (extrapolated from ${PER_ACCOUNT_SAMPLE} accounts) | ${sec(perAccountTableMs)} s |`,
    "",
    `Compiling the ${walk.length} markets of the run (full shocks and walk steps): \`compileRiskFields\` ${sec(walkFieldsMs)} s, \`buildRiskTable\` ${sec(walkHashedMs)} s (the stress with hashing would take about ${sec(stressMs - walkFieldsMs + walkHashedMs)} s).`,
    "",
    `Accounts lapsing per scenario: ${lapsed.join(", ")}; worst scenario "${worst.scenario.name}" with ${worst.inShortfall} accounts in shortfall.`,
  ].join("\n");
  updateBenchmarkSection("Risk desk: stress test of 10,000 accounts", md);
  process.stdout.write(md + "\n");
  return Promise.resolve();
}
