/**
 * Benchmark of the SDK's reference maths: builds a 1,000-instrument market (half of them
 * options) on the standard instance (depth 10 = 1,024 leaves) and computes 1,000 margin
 * reports of random 16-position portfolios. Writes the section "SDK: risk table and
 * margin" of docs/BENCHMARKS.md; then runs the proving benchmark (scripts/bench-prove.ts),
 * the browser proving benchmark (scripts/bench-browser.ts) and the margin engine's gas
 * benchmark (scripts/bench-gas.ts).
 *
 *   npx ts-node --transpile-only scripts/bench.ts [--only risk|prove|browser|gas|ptau|stress|load]
 */
import { performance } from "node:perf_hooks";
import {
  buildRiskTable,
  computeMargin,
  parseMarket,
  parsePortfolio,
  toIntegerPortfolio,
  positionCommitment,
  serializeRiskTable,
  parseRiskTable,
} from "../src";
import { machineDescription, updateBenchmarkSection } from "./lib/benchmarks";
import { benchProve } from "./bench-prove";
import { benchGas } from "./bench-gas";
import { benchBrowser } from "./bench-browser";
import { benchDevPtau } from "./bench-dev-ptau";
import { benchStress } from "./bench-stress";
import { benchLoad } from "./bench-load";
import { mulberry32 } from "../src/risk-desk/simulate/prng";

const INSTRUMENTS = 1000;
const REPORTS = 1000;

function bigMarket(): unknown {
  const timestamp = 1763900000;
  const groups = [
    { id: "BTC", price: "86500", psr: "0.08", vsr: "0.25" },
    { id: "ETH", price: "2850", psr: "0.10", vsr: "0.30" },
    { id: "SOL", price: "135.5", psr: "0.12", vsr: "0.30" },
    { id: "XRP", price: "2.05", psr: "0.12", vsr: "0.30" },
  ];
  const instruments: unknown[] = [];
  for (let i = 0; i < INSTRUMENTS; i++) {
    const g = groups[i % groups.length];
    const price = Number(g.price);
    if (i % 2 === 0) {
      instruments.push({
        id: `${g.id}-F${i}`,
        group: g.id,
        kind: i % 4 === 0 ? "perpetual" : "future",
        mark: g.price,
        multiplier: "1",
        floor: "0",
      });
    } else {
      const strike = (price * (0.6 + (0.8 * ((i * 37) % 100)) / 100)).toFixed(2);
      instruments.push({
        id: `${g.id}-O${i}`,
        group: g.id,
        kind: "option",
        right: i % 4 === 1 ? "call" : "put",
        strike,
        expiry: timestamp + 86400 * (1 + ((i * 13) % 365)),
        iv: "0.6",
        mark: (price * 0.05).toFixed(2),
        multiplier: "1",
        floor: (price * 0.005).toFixed(2),
      });
    }
  }
  return {
    version: 1,
    epoch: 1,
    timestamp,
    groups,
    collateral: [
      { symbol: "USDC", token: "0x" + "11".repeat(20), decimals: 6, price: "1", haircut: "0.02" },
      {
        symbol: "WBTC",
        token: "0x" + "22".repeat(20),
        decimals: 8,
        price: "86500",
        haircut: "0.10",
        group: "BTC",
      },
    ],
    instruments,
  };
}

function main(): void {
  const marketJson = bigMarket();
  let t0 = performance.now();
  const table = buildRiskTable(parseMarket(marketJson), "standard");
  const buildMs = performance.now() - t0;

  t0 = performance.now();
  const text = serializeRiskTable(table);
  parseRiskTable(JSON.parse(text));
  const reloadMs = performance.now() - t0;

  const rand = mulberry32(42); // deterministic: every run prices the same market
  const portfolios = Array.from({ length: REPORTS }, (_, n) => {
    const positions = Array.from({ length: 16 }, (_, k) => {
      const inst = table.instruments[(n * 61 + k * 53) % INSTRUMENTS];
      return { instrument: inst.id, quantity: ((rand() - 0.5) * 20).toFixed(4), costBasis: "0" };
    });
    return parsePortfolio({
      version: 1,
      account: "0x" + "ab".repeat(20),
      positions,
      cash: "0",
      nonce: n,
      salt: "0x01",
    });
  });
  const amounts = [1000000n * 10n ** 6n, 5n * 10n ** 8n];

  t0 = performance.now();
  const integer = portfolios.map((p) => toIntegerPortfolio(p, table));
  const convertMs = performance.now() - t0;
  t0 = performance.now();
  let solvent = 0;
  for (const p of integer) if (computeMargin(table, p, amounts, 10000n).solvent) solvent++;
  const marginMs = performance.now() - t0;
  t0 = performance.now();
  for (const p of integer.slice(0, 100)) positionCommitment(p, table.instance);
  const commitMs = (performance.now() - t0) / 100;

  const f = (x: number) => x.toFixed(1);
  const md = [
    `- Machine: ${machineDescription()}`,
    "- Command: `npx ts-node --transpile-only scripts/bench.ts`",
    `- Date: ${new Date().toISOString().slice(0, 10)}`,
    "",
    "| step | time |",
    "|---|---|",
    `| build risk table, ${INSTRUMENTS} instruments (${INSTRUMENTS / 2} options, 16 scenarios each, Poseidon tree depth 10) | ${f(buildMs)} ms |`,
    `| serialize + parse risk.json (roots recomputed) | ${f(reloadMs)} ms |`,
    `| convert ${REPORTS} portfolios of 16 positions to integers | ${f(convertMs)} ms |`,
    `| ${REPORTS} margin reports (16 positions, 2 collateral tokens) | ${f(marginMs)} ms (${f((marginMs * 1000) / REPORTS)} us each) |`,
    `| one position commitment (17 Poseidon hashes) | ${commitMs.toFixed(2)} ms |`,
    "",
    `${solvent} of ${REPORTS} random portfolios were solvent; risk root ${table.riskRoot}.`,
  ].join("\n");
  updateBenchmarkSection("SDK: risk table and margin", md);
  process.stdout.write(md + "\n");
}

const only = process.argv.includes("--only")
  ? process.argv[process.argv.indexOf("--only") + 1]
  : "";
const USAGE =
  "usage: npm run bench -- [--only risk|prove|browser|gas|ptau|stress|load] [--accounts n --lapse m --batch k]\n" +
  "  (no --only: every benchmark, which takes over an hour; --accounts/--lapse/--batch: the load test)\n";
if (process.argv.includes("--help") || process.argv.includes("-h")) {
  process.stdout.write(USAGE);
  process.exit(0);
}
if (!["", "risk", "prove", "browser", "gas", "ptau", "stress", "load"].includes(only)) {
  process.stderr.write(USAGE);
  process.exit(2);
}

async function all(): Promise<void> {
  if (only === "" || only === "risk") main();
  if (only === "" || only === "prove") await benchProve();
  if (only === "" || only === "browser") await benchBrowser();
  if (only === "" || only === "gas") await benchGas();
  if (only === "" || only === "ptau") await benchDevPtau();
  if (only === "" || only === "stress") await benchStress();
  if (only === "" || only === "load") await benchLoad();
}

all().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
