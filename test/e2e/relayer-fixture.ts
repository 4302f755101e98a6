/**
 * Shared setup of the relayer tests: a `hardhat node` child process on loopback, the small
 * instance's engine with mock collateral, one published epoch, and `traders` accounts (unlocked
 * accounts 1..traders) that each deposit, get a venue attestation and `attestAndProve` (one
 * real proof each). That proof is also a valid renewal of the same (account, epoch) at tier 0
 * (same public inputs: state hash, root, maintenance multiplier), so it is what the tests post
 * to the relayer: one proof per account, made once. Events are counted from `startBlock`
 * (after the setup's own ProofAccepted events).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type EventLog, type Signer, getAddress } from "ethers";
import {
  type DeployedEngine,
  type MarginEngineClient,
  attestAndProve,
  attestPortfolio,
  blockTime,
  depositCollateral,
  deployEngine,
  deployMockCollateral,
  marketAt,
  tableCollateralHash,
} from "../../src/chain";
import {
  buildRiskTable,
  getInstance,
  parseMarket,
  parsePortfolio,
  toIntegerPortfolio,
} from "../../src";
import {
  type ChainConnection,
  connectChain,
  engineArtifact,
  mockTokenArtifact,
  poseidonArtifact,
  verifierArtifact,
  writeDeployment,
} from "../../src/node/chain";
import { type HardhatNode, startHardhatNode } from "../../src/node/app/hardhat-node";
import { proveWithInstance } from "../../src/node/prover";
import type { ProofFile } from "../../src/proof";

const ROOT = path.resolve(__dirname, "..", "..");
const EX = path.join(ROOT, "examples");
const json = (f: string) => JSON.parse(fs.readFileSync(path.join(EX, f), "utf8"));

/** What the relayer tests need. */
export interface RelayerFixture {
  node: HardhatNode;
  conn: ChainConnection;
  /** Temporary folder (deployment file, state folders). */
  dir: string;
  deploymentFile: string;
  d: DeployedEngine;
  admin: Signer;
  /** One renewal per trader: its account, epoch 1, tier 0 and its proof. */
  renewals: Array<{ account: string; epoch: bigint; tier: number; proof: ProofFile }>;
  /** First block after the setup. */
  startBlock: number;
  /** ProofAccepted events since `startBlock`, per `account:epoch`. */
  accepted(): Promise<Map<string, number>>;
  stop(): Promise<void>;
}

/** True when the small instance's keys and verifier are built. */
export function smallKeysBuilt(): boolean {
  return [
    path.join(ROOT, "build", "small", "small.zkey"),
    path.join(ROOT, "artifacts", "contracts", "generated", "SolvencyBatchVerifierSmall.sol"),
  ].every((f) => fs.existsSync(f));
}

export async function relayerFixture(traders: number): Promise<RelayerFixture> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zkmargin-relayer-"));
  const node = await startHardhatNode();
  const conn = await connectChain({ rpc: node.url, env: {} });
  try {
    const admin = await conn.unlockedSigner(0);
    const adminAddress = getAddress(await admin.getAddress());
    const raw = json("market.json");
    const parsed = parseMarket(raw, "market.json");
    const mocks = await deployMockCollateral(admin, mockTokenArtifact(), parsed.collateral);
    const instance = getInstance("small");
    const d = await deployEngine({
      deployer: admin,
      instance,
      engineArtifact: engineArtifact(),
      verifierArtifact: verifierArtifact("small"),
      poseidonArtifact,
      roles: { RISK_ROLE: [adminAddress], VENUE_ROLE: [adminAddress] },
      collateral: mocks.map((m) => m.token),
    });
    const ts = Number(await blockTime(conn.provider));
    const table = buildRiskTable(
      parseMarket(
        marketAt(
          raw,
          1,
          ts,
          ts - parsed.timestamp,
          mocks.map((m) => m.token),
        ),
      ),
      "small",
    );
    await d.engine.publishEpoch(1, table.riskRoot, ts, tableCollateralHash(table));
    const usdc = mocks.find((m) => m.symbol === "USDC")!.token;
    const renewals: RelayerFixture["renewals"] = [];
    for (let i = 1; i <= traders; i++) {
      const trader = await conn.unlockedSigner(i);
      const account = getAddress(await trader.getAddress());
      const engine = d.engine.connect(trader);
      await depositCollateral(engine, trader, usdc, 60_000n * 10n ** 6n, {
        mint: mockTokenArtifact(),
      });
      const p = toIntegerPortfolio(
        parsePortfolio({
          ...json("portfolio-perps.json"),
          account: account.toLowerCase(),
          salt: "0x" + (0x2000 + i).toString(16),
        }),
        table,
        "portfolio",
      );
      const att = await attestPortfolio(d.engine, admin, p, table);
      const r = await attestAndProve(
        { engine, table, prover: (input, name) => proveWithInstance(name, input) },
        p,
        att,
      );
      renewals.push({ account, epoch: r.epoch, tier: 0, proof: r.proof });
    }
    const deploymentFile = path.join(dir, "deployment.json");
    writeDeployment(deploymentFile, {
      version: 1,
      chainId: conn.chainId,
      instance: "small",
      K: instance.K,
      block: d.blockNumber,
      addresses: d.addresses,
      collateral: mocks.map((m, slot) => ({
        slot,
        token: m.token,
        symbol: m.symbol,
        decimals: m.decimals,
        mock: true,
      })),
    });
    const startBlock = (await conn.provider.getBlockNumber()) + 1;
    return {
      node,
      conn,
      dir,
      deploymentFile,
      d,
      admin,
      renewals,
      startBlock,
      accepted: () => acceptedEvents(d.engine, startBlock),
      async stop() {
        conn.close();
        await node.stop();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    conn.close();
    await node.stop();
    throw e;
  }
}

async function acceptedEvents(
  engine: MarginEngineClient,
  fromBlock: number,
): Promise<Map<string, number>> {
  const logs = await engine.contract.queryFilter(
    engine.contract.getEvent("ProofAccepted"),
    fromBlock,
  );
  const n = new Map<string, number>();
  for (const l of logs) {
    const args = (l as EventLog).args;
    const k = `${getAddress(String(args[0]))}:${BigInt(args[1] as bigint)}`;
    n.set(k, (n.get(k) ?? 0) + 1);
  }
  return n;
}
