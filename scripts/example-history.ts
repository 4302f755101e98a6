// Writes the SYNTHETIC example price histories of examples/history/ (GARCH(1,1) paths with
// fixed seeds; see the README it writes next to them), deterministic byte for byte.
//   npx ts-node --transpile-only scripts/example-history.ts [--fixtures]
// --fixtures also rewrites the small exchange-format samples of test/sdk/risk-desk/fixtures/.
import path from "path";
import { writeFileAtomic } from "../src/node/files";
import { garchPath, garchVariance, type GarchOptions } from "../src/risk-desk/simulate/garch";
import { mulberry32, normal } from "../src/risk-desk/simulate/prng";
import { isoTime, type PriceHistory } from "../src/risk-desk/history";

const ROOT = path.join(__dirname, "..");
const OUT = path.join(ROOT, "examples", "history");
const FIXTURES = path.join(ROOT, "test", "sdk", "risk-desk", "fixtures");

const HOUR = 3600;
const BARS = 120 * 24; // 120 days of hourly bars
/** Last bar: 2025-11-23T12:00:00Z, just before examples/market.json's timestamp. */
const END = 1763899200;
const START = END - (BARS - 1) * HOUR;
const RHO = 0.7; // BTC-ETH innovation correlation

type Spec = Omit<GarchOptions, "n" | "start" | "startTime" | "interval"> & { end: number };
const BTC: Spec = {
  id: "BTC",
  seed: 104,
  omega: 6.9e-7,
  alpha: 0.06,
  beta: 0.92,
  volume: 800,
  end: 86500,
};
const ETH: Spec = {
  id: "ETH",
  seed: 208,
  omega: 1.12e-6,
  alpha: 0.07,
  beta: 0.91,
  volume: 12000,
  end: 2850,
};
/** Wrapped tokens: the group's price times exp(sd * z); USDC: 1 * exp(sd * z). */
const TRACKERS = [
  { id: "WBTC", of: "BTC", seed: 303, sd: 0.0003, volume: 15 },
  { id: "WETH", of: "ETH", seed: 404, sd: 0.0003, volume: 400 },
  { id: "USDC", of: undefined, seed: 505, sd: 0.0002, volume: 5e6 },
];
const DECIMALS: Record<string, [number, number]> = {
  BTC: [2, 3],
  ETH: [2, 2],
  WBTC: [2, 4],
  WETH: [2, 2],
  USDC: [5, 0],
};

/** A GARCH path rescaled (through `start`) so its last close is `end`. */
function pathEndingAt(s: Spec, z?: readonly number[]) {
  const base = { ...s, n: BARS, startTime: START, interval: HOUR, source: s.id };
  const from = z ? { innovationsFrom: { z, rho: RHO } } : {};
  const probe = garchPath({ ...base, ...from, start: 1 });
  const last = probe.history.closes[BARS - 1];
  return garchPath({ ...base, ...from, start: s.end / last });
}

/** Lognormal volumes with mean `mean` (log sd 0.5), seeded. */
function volumes(seed: number, mean: number): number[] {
  const r = mulberry32(seed);
  return Array.from({ length: BARS }, () => mean * Math.exp(0.5 * normal(r) - 0.125));
}

function tracker(t: (typeof TRACKERS)[number], of?: PriceHistory): PriceHistory {
  const r = mulberry32(t.seed);
  const closes = Array.from(
    { length: BARS },
    (_, i) => (of ? of.closes[i] : 1) * Math.exp(t.sd * normal(r)),
  );
  const times = Array.from({ length: BARS }, (_, i) => START + i * HOUR);
  return {
    id: t.id,
    source: t.id,
    format: "csv",
    times,
    closes,
    interval: HOUR,
    volumes: volumes(t.seed + 1, t.volume),
  };
}

function csv(h: PriceHistory): string {
  const [pd, vd] = DECIMALS[h.id];
  const lines = ["time,close,volume"];
  h.times.forEach((t, i) =>
    lines.push(`${isoTime(t)},${h.closes[i].toFixed(pd)},${(h.volumes ?? [])[i].toFixed(vd)}`),
  );
  return lines.join("\n") + "\n";
}

function readme(): string {
  const ann = (s: Spec) => Math.sqrt(garchVariance(s.omega, s.alpha, s.beta) * 24 * 365);
  const row = (s: Spec) =>
    `| ${s.id} | ${s.seed} | ${s.omega.toExponential()} | ${s.alpha} | ${s.beta} | ${(100 * ann(s)).toFixed(1)}% | ${s.end} | ${s.volume} |`;
  return [
    "# Example price histories — SYNTHETIC",
    "",
    "These files are **synthetic**: simulated GARCH(1,1) paths with fixed seeds, not market data.",
    "They exist so the risk desk (`zkmargin risk calibrate`, `risk backtest`, `stress`) and the demo",
    "have a realistic history to read. Do not calibrate a real venue from them.",
    "",
    `Hourly bars for 120 days (${BARS} bars), ${isoTime(START)} to ${isoTime(END)}, one file per`,
    "risk group and collateral token of examples/market.json, in the desk's CSV format:",
    "",
    "- `time`: bar time, ISO 8601 UTC;",
    "- `close`: close price in USD per unit;",
    "- `volume`: traded volume in the bar, in units of the asset (lognormal, log sd 0.5).",
    "",
    "## How they were made",
    "",
    "`npx ts-node --transpile-only scripts/example-history.ts` (deterministic: rerunning it gives",
    "the same bytes). Model of the groups, per hourly log return (src/risk-desk/simulate/garch.ts):",
    "",
    "    r_t = sigma_t z_t,  sigma_t^2 = omega + alpha r_{t-1}^2 + beta sigma_{t-1}^2,",
    "    sigma_1^2 = omega / (1 - alpha - beta), z_t standard normal,",
    "",
    `ETH's innovations are z_ETH = ${RHO} z_BTC + sqrt(1 - ${RHO}^2) z_own (correlation ${RHO}). Each path is`,
    "scaled so its last close is the price of examples/market.json.",
    "",
    "| id | seed | omega | alpha | beta | annualised vol (unconditional) | last close | mean volume / h |",
    "|---|---|---|---|---|---|---|---|",
    row(BTC),
    row(ETH),
    "",
    "Collateral tokens track a price with small independent noise, close = price * exp(sd z):",
    "",
    "| id | tracks | seed (volume seed + 1) | sd | mean volume / h |",
    "|---|---|---|---|---|",
    ...TRACKERS.map((t) => `| ${t.id} | ${t.of ?? "1 USD"} | ${t.seed} | ${t.sd} | ${t.volume} |`),
    "",
    "Prices are rounded to cents (USDC to 5 decimals).",
    "",
  ].join("\n");
}

function writeExamples(): void {
  const btc = pathEndingAt(BTC);
  const eth = pathEndingAt(ETH, btc.z);
  const groups: Record<string, PriceHistory> = { BTC: btc.history, ETH: eth.history };
  const all = [
    btc.history,
    eth.history,
    ...TRACKERS.map((t) => tracker(t, t.of ? groups[t.of] : undefined)),
  ];
  for (const h of all) writeFileAtomic(path.join(OUT, `${h.id}.csv`), csv(h));
  writeFileAtomic(path.join(OUT, "README.md"), readme());
  process.stderr.write(
    `wrote ${all.length} histories and README.md to ${path.relative(ROOT, OUT)}\n`,
  );
}

/** 40 daily bars of a small GARCH path, in the three exchange formats. */
function writeFixtures(): void {
  const day = 86400;
  const t0 = 1735689600; // 2025-01-01T00:00:00Z
  const g = garchPath({
    seed: 7,
    n: 40,
    omega: 2e-5,
    alpha: 0.1,
    beta: 0.85,
    start: 94000,
    startTime: t0,
    interval: day,
    volume: 20000,
  }).history;
  const vol = g.volumes ?? [];
  const p = (i: number) => g.closes[i].toFixed(2);
  const binance = g.times.map((t, i) => {
    const o = i ? p(i - 1) : p(0);
    const hi = Math.max(+o, +p(i)).toFixed(2);
    const lo = Math.min(+o, +p(i)).toFixed(2);
    return `${t * 1000},${o},${hi},${lo},${p(i)},${vol[i].toFixed(5)},${(t + day) * 1000 - 1},${(vol[i] * g.closes[i]).toFixed(2)},${1000 + i},0,0,0`;
  });
  writeFileAtomic(
    path.join(FIXTURES, "binance.csv"),
    [
      "open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore",
      ...binance,
    ].join("\n") + "\n",
  );
  const yahoo = g.times.map((t, i) => {
    const d = isoTime(t).slice(0, 10);
    return `${d},${p(i)},${p(i)},${p(i)},${(g.closes[i] * 1.001).toFixed(2)},${p(i)},${Math.round(vol[i] * g.closes[i])}`;
  });
  writeFileAtomic(
    path.join(FIXTURES, "yahoo.csv"),
    ["Date,Open,High,Low,Close,Adj Close,Volume", ...yahoo].join("\n") + "\n",
  );
  // CoinGecko: daily points at midnight, then the live "now" point it appends (dropped by the parser)
  const now = g.times[39] + 13 * 3600 + 1234;
  const prices = g.times.map((t, i) => [t * 1000, +p(i)]).concat([[now * 1000, +p(39)]]);
  const usd = g.times
    .map((t, i) => [t * 1000, Math.round(vol[i] * g.closes[i])])
    .concat([[now * 1000, 1]]);
  const cg = { prices, market_caps: prices.map(([t, v]) => [t, v * 19e6]), total_volumes: usd };
  writeFileAtomic(path.join(FIXTURES, "coingecko.json"), JSON.stringify(cg) + "\n");
  process.stderr.write(
    `wrote binance.csv, yahoo.csv, coingecko.json to ${path.relative(ROOT, FIXTURES)}\n`,
  );
}

writeExamples();
if (process.argv.includes("--fixtures")) writeFixtures();
