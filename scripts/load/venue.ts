/**
 * The load test's venue on a local `hardhat node`: the small instance's engine with mock
 * collateral (proofs valid 24 h, 10 min grace), and `n` trader accounts (deterministic keys,
 * funded with hardhat_setBalance) that each deposit 60,000 USDC and are attested with one real
 * proof (`attestAndProve`). The first `lapse` accounts are attested at epoch 1 (timestamp T1),
 * the others at epoch 2 (T1 + 12 h); epoch 3 (T1 + 24 h 10 min + 1 s, published by
 * {@link lapseEpoch}) is the one where the first `lapse` accounts are past their grace and the
 * others still valid. Everything is deterministic, so a rerun finds its proofs in the cache.
 */
import fs from "node:fs";
import path from "node:path";
import { type Signer, Wallet, getAddress, id as keccakId } from "ethers";
import {
  type DeployedEngine,
  DEFAULT_PARAMS,
  attestAndProve,
  attestPortfolio,
  depositCollateral,
  deployVenue,
  marketAt,
  tableCollateralHash,
} from "../../src/chain";
import {
  type IntegerPortfolio,
  type RiskTable,
  buildRiskTable,
  getInstance,
  parseMarket,
  parsePortfolio,
  toIntegerPortfolio,
} from "../../src";
import {
  type ChainConnection,
  engineArtifact,
  mockTokenArtifact,
  poseidonArtifact,
  verifierArtifact,
  writeDeployment,
} from "../../src/node/chain";
import { projectRoot } from "../../src/node/artifacts";
import type { ProofFile } from "../../src/proof";
import { buildSolvencyInput } from "../../src/circuit-input";
import { integerBalances } from "../../src/chain/proving";
import type { ProofCache } from "./proof-cache";

const EX = path.join(projectRoot(), "examples");
const json = (f: string) => JSON.parse(fs.readFileSync(path.join(EX, f), "utf8"));

/** Epoch 1's timestamp: fixed, so reruns rebuild the same risk tables (2033-05-18). */
export const T1 = 2_000_000_000;
export const HOUR = 3600;
export const PROOF_TTL = 24 * HOUR;
export const GRACE = 600;
export const DEPOSIT = 60_000n * 10n ** 6n;

export interface Trader {
  index: number;
  wallet: Wallet;
  account: string;
  portfolio: IntegerPortfolio;
  /** The epoch it was attested at (1 or 2) and the proof: also its renewal of that epoch. */
  epoch: bigint;
  proof?: ProofFile;
}

export interface Venue {
  d: DeployedEngine;
  admin: Signer;
  tokens: string[];
  usdcSlot: number;
  tables: Map<number, RiskTable>;
  traders: Trader[];
  deploymentFile: string;
  rawMarket: Record<string, unknown>;
}

/** Runs `work` over `items`, `width` at a time. */
export async function pool<T>(
  items: readonly T[],
  width: number,
  work: (x: T, i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
}

async function setTime(conn: ChainConnection, ts: number): Promise<void> {
  await conn.provider.send("evm_setNextBlockTimestamp", [ts]);
  await conn.provider.send("evm_mine", []);
}

/** The risk table of `epoch` at `timestamp` (the example market moved to that time). */
function tableAt(v: Pick<Venue, "rawMarket" | "tokens">, epoch: number, timestamp: number) {
  const parsed = parseMarket(v.rawMarket, "market.json");
  return buildRiskTable(
    parseMarket(marketAt(v.rawMarket, epoch, timestamp, timestamp - parsed.timestamp, v.tokens)),
    "small",
  );
}

async function publish(v: Venue, conn: ChainConnection, epoch: number, ts: number) {
  const now = Number((await conn.provider.getBlock("latest"))!.timestamp);
  if (now >= ts)
    throw new Error(`the node's clock (${now}) is past epoch ${epoch}'s timestamp ${ts}`);
  await setTime(conn, ts);
  const table = tableAt(v, epoch, ts);
  await v.d.engine.publishEpoch(epoch, table.riskRoot, ts, tableCollateralHash(table));
  v.tables.set(epoch, table);
  return table;
}

/** Deploys the venue (admin: unlocked account 0) and publishes epoch 1 at {@link T1}. */
export async function deployLoadVenue(conn: ChainConnection, dir: string): Promise<Venue> {
  const admin = await conn.unlockedSigner(0);
  const rawMarket = json("market.json") as Record<string, unknown>;
  const now = Number((await conn.provider.getBlock("latest"))!.timestamp);
  if (now >= T1 - HOUR) throw new Error(`the node's clock is past ${T1}: change T1`);
  await setTime(conn, T1 - HOUR);
  const { deployment, engine: d } = await deployVenue({
    deployer: admin,
    chainId: conn.chainId,
    instance: getInstance("small"),
    engineArtifact: engineArtifact(),
    verifierArtifact: verifierArtifact("small"),
    poseidonArtifact,
    params: { ...DEFAULT_PARAMS, proofTtl: BigInt(PROOF_TTL), grace: BigInt(GRACE) },
    mockCollateral: {
      artifact: mockTokenArtifact(),
      entries: parseMarket(rawMarket, "market.json").collateral,
    },
  });
  const deploymentFile = path.join(dir, "deployment.json");
  writeDeployment(deploymentFile, deployment);
  const v: Venue = {
    d,
    admin,
    tokens: deployment.collateral.map((c) => c.token),
    usdcSlot: deployment.collateral.findIndex((c) => c.symbol === "USDC"),
    tables: new Map(),
    traders: [],
    deploymentFile,
    rawMarket,
  };
  await publish(v, conn, 1, T1);
  return v;
}

/** The traders' keys, portfolios and attestation epochs (no chain access). */
export function makeTraders(v: Venue, n: number, lapse: number): Trader[] {
  const tables = [1, 2].map((e) => v.tables.get(e) ?? tableAt(v, e, e === 1 ? T1 : T1 + 12 * HOUR));
  return Array.from({ length: n }, (_, i) => {
    const wallet = new Wallet(keccakId(`zkmargin load test trader ${i}`));
    const account = getAddress(wallet.address);
    const epoch = i < lapse ? 1n : 2n;
    const portfolio = toIntegerPortfolio(
      parsePortfolio({
        ...json("portfolio-perps.json"),
        account: account.toLowerCase(),
        salt: "0x" + keccakId(`zkmargin load test salt ${i}`).slice(4), // 31 bytes: below the field modulus
      }),
      tables[Number(epoch) - 1],
      "portfolio",
    );
    return { index: i, wallet, account, portfolio, epoch };
  });
}

/** The circuit input of a trader's attestation proof (what attestAndProve will prove). */
export function attestationInput(v: Venue, t: Trader, table: RiskTable) {
  const amounts = new Array<bigint>(getInstance("small").K).fill(0n);
  amounts[v.usdcSlot] = DEPOSIT;
  return buildSolvencyInput(
    table,
    t.portfolio,
    integerBalances(t.portfolio, amounts),
    DEFAULT_PARAMS.maintenanceMultiplier,
  ).input;
}

/** Makes every proof the setup will need that the cache lacks (progress on stderr). */
export async function proveAll(v: Venue, traders: Trader[], cache: ProofCache): Promise<void> {
  const tables = [1, 2].map((e) => tableAt(v, e, e === 1 ? T1 : T1 + 12 * HOUR));
  const inputs = traders.map((t) => attestationInput(v, t, tables[Number(t.epoch) - 1]));
  const missing = inputs.filter((i) => !cache.has(i));
  const t0 = Date.now();
  for (const [k, input] of missing.entries()) {
    await cache.prover(input, "small");
    const s = (Date.now() - t0) / 1000;
    const left = ((s / (k + 1)) * (missing.length - k - 1)) / 60;
    process.stderr.write(
      `\r  proofs: ${k + 1}/${missing.length} made (${inputs.length - missing.length} cached), ${(s / (k + 1)).toFixed(2)} s each, ~${left.toFixed(0)} min left   `,
    );
  }
  if (missing.length > 0) process.stderr.write("\n");
}

/**
 * Funds, deposits and attests every trader (`width` at a time): the first `lapse` at epoch 1,
 * then epoch 2 is published and the others are attested at it. Fills `trader.proof`.
 */
export async function attestTraders(
  v: Venue,
  conn: ChainConnection,
  traders: Trader[],
  cache: ProofCache,
  width = 8,
): Promise<void> {
  const usdc = v.tokens[v.usdcSlot];
  let done = 0;
  const one = async (t: Trader) => {
    const wallet = t.wallet.connect(conn.provider);
    await conn.provider.send("hardhat_setBalance", [t.account, "0x56BC75E2D63100000"]);
    const engine = v.d.engine.connect(wallet);
    await depositCollateral(engine, wallet, usdc, DEPOSIT, { mint: mockTokenArtifact() });
    const table = v.tables.get(Number(t.epoch))!;
    const att = await attestPortfolio(v.d.engine, v.admin, t.portfolio, table);
    const r = await attestAndProve({ engine, table, prover: cache.prover }, t.portfolio, att);
    t.proof = r.proof;
    done++;
    process.stderr.write(`\r  attested ${done}/${traders.length}   `);
  };
  await pool(
    traders.filter((t) => t.epoch === 1n),
    width,
    one,
  );
  await publish(v, conn, 2, T1 + 12 * HOUR);
  await pool(
    traders.filter((t) => t.epoch === 2n),
    width,
    one,
  );
  process.stderr.write("\n");
}

/** Publishes epoch 3 just past the grace of the epoch-1 accounts (the lapse). */
export function lapseEpoch(v: Venue, conn: ChainConnection): Promise<RiskTable> {
  return publish(v, conn, 3, T1 + PROOF_TTL + GRACE + 1);
}
