/**
 * The keeper's persistent index against a real JSON-RPC endpoint: a `hardhat node` child
 * process, the small instance with the mock verifier in accept-all mode (no proofs are made),
 * one mock collateral token; accounts become known by deposits. The keeper talks to the node
 * through a loopback TCP proxy the test stops and starts (an RPC outage with the chain intact).
 *
 * Restart: the index is closed and reopened and resumes at its cursor (no range is read
 * again). Reorg: evm_snapshot, deposits, index, evm_revert, other deposits: the indexer sees
 * the cursor's hash changed, rolls back to the fork point and learns the new accounts (those
 * of the reverted blocks stay known: accounts only accumulate). Outage: failed steps back off
 * exponentially, nothing throws, and the index catches up once the proxy is back. Race: two
 * keepers plan the same lapsed account; one liquidates it, the other's pre-send simulation
 * sees it frozen and sends nothing (no reverted transaction). The CLI runs one indexed round.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { Contract, type JsonRpcProvider, type Signer, getAddress } from "ethers";
import {
  type ContractArtifact,
  type Deployment,
  type KeeperConfig,
  MarginEngineClient,
  deployVenue,
  keeperRound,
  signAttestation,
} from "../../src/chain";
import { getInstance } from "../../src/instances";
import { loadHardhatArtifact } from "../../src/node/artifacts";
import { type HardhatNode, freePort, startHardhatNode } from "../../src/node/app/hardhat-node";
import {
  type ChainConnection,
  connectChain,
  engineArtifact,
  mockTokenArtifact,
  poseidonArtifact,
  writeDeployment,
} from "../../src/node/chain";
import { Backoff, runResilient } from "../../src/node/keeper/backoff";
import { type IndexerOptions, syncIndex } from "../../src/node/keeper/indexer";
import { type KeeperStore, openKeeperStore } from "../../src/node/keeper/store";
import { RpcProxy } from "./oracle-fixture";

const ROOT = path.resolve(__dirname, "..", "..");
const BIN = path.join(ROOT, "bin", "zkmargin.js");
const ZERO_PROOF = {
  a: [0n, 0n] as [bigint, bigint],
  b: [
    [0n, 0n],
    [0n, 0n],
  ] as [[bigint, bigint], [bigint, bigint]],
  c: [0n, 0n] as [bigint, bigint],
};

/**
 * An engine client whose `latestEpoch` (read after the account states) calls `reached`, then
 * waits for `gate`: the round is held between reading the states and acting.
 */
class GatedEngine extends MarginEngineClient {
  constructor(
    base: MarginEngineClient,
    private readonly reached: () => void,
    private readonly gate: Promise<void>,
  ) {
    super(base.address, base.abi, base.contract.runner);
  }
  override async latestEpoch(): Promise<bigint> {
    this.reached();
    await this.gate;
    return super.latestEpoch();
  }
}

describe("keeper with a persistent index against `hardhat node`", function () {
  this.timeout(120000);
  let node: HardhatNode | undefined;
  let proxy: RpcProxy | undefined;
  let admin: ChainConnection | undefined;
  let keeperConn: ChainConnection | undefined;
  let dir = "";
  let store: KeeperStore | undefined;
  let deployment: Deployment;
  let engine: MarginEngineClient;
  let keeperEngine: MarginEngineClient;
  let adminSigner: Signer;
  const addresses: string[] = [];
  const stateDir = () => path.join(dir, "state");
  const meta = () => ({ engine: deployment.addresses.engine, chainId: deployment.chainId });
  const rpc = (method: string, params: unknown[] = []) =>
    (admin!.provider as JsonRpcProvider).send(method, params);
  const signerOf = (i: number) => (admin!.provider as JsonRpcProvider).getSigner(i);
  const head = () => admin!.provider.getBlockNumber();
  const opts = (extra: Partial<IndexerOptions> = {}): IndexerOptions => ({
    engine: keeperEngine,
    provider: keeperConn!.provider,
    store: store!,
    fromBlock: deployment.block,
    ...extra,
  });
  /** Mint, approve, deposit: three blocks. */
  const deposit = async (i: number) => {
    const signer = await signerOf(i);
    const token = new Contract(deployment.collateral[0].token, mockTokenArtifact().abi, signer);
    await (await token.getFunction("mint")(addresses[i], 1000_000000n)).wait();
    await (await token.getFunction("approve")(engine.address, 1000_000000n)).wait();
    await engine.connect(signer).deposit(deployment.collateral[0].token, 1000_000000n);
  };
  const known = () => new Set(store!.accounts());
  const travel = async (s: number) => {
    await rpc("evm_increaseTime", [s]);
    await rpc("evm_mine");
  };

  before(async function () {
    const mock = path.join(ROOT, "artifacts", "contracts", "test", "MockVerifier.sol");
    if (!fs.existsSync(mock)) {
      console.log("      skipped: contracts not compiled (npx hardhat compile)");
      this.skip();
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "zkmargin-keeper-"));
    node = await startHardhatNode();
    proxy = new RpcProxy(await freePort(), node.port);
    await proxy.start();
    admin = await connectChain({ rpc: node.url, accountIndex: 0, env: {} });
    keeperConn = await connectChain({ rpc: proxy.url, accountIndex: 3, env: {} });
    adminSigner = await admin.signer();
    for (const a of (await rpc("eth_accounts")) as string[]) addresses.push(getAddress(a));
    const verifier = loadHardhatArtifact(
      "contracts/test/MockVerifier.sol",
      "MockVerifier",
    ) as ContractArtifact;
    const venue = await deployVenue({
      deployer: adminSigner,
      chainId: 31337,
      instance: getInstance("small"),
      engineArtifact: engineArtifact(),
      verifierArtifact: verifier,
      poseidonArtifact,
      mockCollateral: {
        artifact: mockTokenArtifact(),
        entries: [{ symbol: "USDC", decimals: 6 }],
      },
    });
    deployment = venue.deployment;
    engine = venue.engine.engine;
    keeperEngine = engine.connect(await keeperConn.signer());
    writeDeployment(path.join(dir, "deployment.json"), deployment);
    const mode = new Contract(deployment.addresses.verifier, verifier.abi, adminSigner);
    await (await mode.getFunction("setMode")(1)).wait(); // AcceptAll
    store = openKeeperStore(stateDir(), meta());
  });

  after(async () => {
    await store?.close();
    keeperConn?.close();
    admin?.close();
    await proxy?.stop();
    await node?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("indexes in bounded ranges; reopened, resumes at the cursor without a rescan", async () => {
    await deposit(5);
    await deposit(6);
    const p = await syncIndex(opts({ range: 4 }));
    const h = await head();
    expect(p.cursor).to.equal(h);
    expect(p.blocksIndexed).to.equal(h - deployment.block + 1);
    expect(p.ranges).to.equal(Math.ceil(p.blocksIndexed / 4));
    expect([...known()]).to.have.members([addresses[5], addresses[6]]);
    expect(store!.hashes()).to.have.length(Math.min(12, p.blocksIndexed));
    // restart: close, reopen on the same folder
    await store!.close();
    store = openKeeperStore(stateDir(), meta());
    const again = await syncIndex(opts());
    expect(again).to.include({ cursor: h, ranges: 0, blocksIndexed: 0, accounts: 2, lag: 0 });
    await deposit(7);
    const next = await syncIndex(opts());
    expect(next).to.include({ cursor: h + 3, ranges: 1, blocksIndexed: 3, newAccounts: 1 });
    // another engine's folder is refused
    await store!.close();
    expect(() => openKeeperStore(stateDir(), { ...meta(), chainId: 1 })).to.throw(/indexes engine/);
    store = openKeeperStore(stateDir(), meta());
  });

  it("a reorg: the hash mismatch rolls the cursor back to the fork point, new accounts learned", async () => {
    const fork = await head();
    const snap = (await rpc("evm_snapshot")) as string;
    await deposit(8);
    expect((await syncIndex(opts())).cursor).to.equal(fork + 3);
    expect(known().has(addresses[8])).to.equal(true);
    expect(await rpc("evm_revert", [snap])).to.equal(true);
    await deposit(9);
    await deposit(10);
    const p = await syncIndex(opts());
    expect(p.reorgs).to.deep.equal([{ from: fork + 3, to: fork }]);
    expect(p.cursor).to.equal(fork + 6);
    expect(p.blocksIndexed).to.equal(6);
    expect(known().has(addresses[9]) && known().has(addresses[10])).to.equal(true);
    // the reverted block's depositor stays known (accounts only accumulate)
    expect(known().has(addresses[8])).to.equal(true);
    for (const s of store!.hashes())
      expect((await admin!.provider.getBlock(s.block))?.hash).to.equal(s.hash);
  });

  it("an RPC outage: steps fail with exponential backoff, nothing throws; then it catches up", async () => {
    await proxy!.stop();
    await deposit(11); // straight to the node: the chain moves on
    const waits: number[] = [];
    let caughtUp = false;
    const deadline = Date.now() + 15000;
    await runResilient(
      async () => {
        const p = await syncIndex(opts());
        caughtUp = p.lag === 0 && p.cursor === (await head());
      },
      {
        intervalMs: 20,
        backoff: new Backoff(50, 400),
        stop: () => caughtUp || Date.now() > deadline,
        onError: (_e, wait) => {
          waits.push(wait);
          if (waits.length === 4) void proxy!.start();
        },
      },
    );
    expect(waits.slice(0, 4)).to.deep.equal([50, 100, 200, 400]);
    expect(caughtUp).to.equal(true);
    expect(known().has(addresses[11])).to.equal(true);
  });

  it("two keepers race on one lapsed account: one liquidation sent, the other skips", async () => {
    const trader = addresses[12];
    await deposit(12);
    const now = async () => BigInt((await admin!.provider.getBlock("latest"))!.timestamp);
    const hash = await engine.collateralHash();
    await engine.publishEpoch(1, 12345n, await now(), hash);
    const deadline = (await now()) + 86400n;
    const att = await signAttestation(adminSigner, engine, trader, 777n, 0n, deadline);
    await engine
      .connect(await signerOf(12))
      .attestAndProve(trader, 777n, 0n, deadline, att.signature, 1n, ZERO_PROOF);
    await travel(3000);
    await engine.publishEpoch(2, 12346n, await now(), hash); // the oracle stays live
    await travel(1300); // past validUntil (epoch 1 + 3600) + grace 600
    expect(await engine.isLiquidatable(trader)).to.equal(true);
    await syncIndex(opts());
    const accounts = store!.accounts();
    expect(accounts).to.include(trader);
    const connB = await connectChain({ rpc: node!.url, accountIndex: 4, env: {} });
    try {
      let release = () => {};
      let reached = () => {};
      const gate = new Promise<void>((r) => (release = r));
      const statesRead = new Promise<void>((r) => (reached = r));
      const base = {
        provider: admin!.provider,
        fromBlock: deployment.block,
        portfolios: [],
        tables: [],
        prover: () => Promise.reject(new Error("no proofs here")),
        renewBefore: 600n,
        accounts,
      } satisfies Omit<KeeperConfig, "engine">;
      const b = await connB.signer();
      const bAddress = await b.getAddress();
      const nonceB = await admin!.provider.getTransactionCount(bAddress);
      const from = (await head()) + 1;
      // B reads the states (trader lapsed) and waits; A liquidates; then B plans and acts
      const gated = new GatedEngine(engine.connect(b), reached, gate);
      const roundB = keeperRound({ ...base, engine: gated });
      await statesRead;
      const a = await keeperRound({ ...base, engine: keeperEngine });
      release();
      const rb = await roundB;
      expect(a.liquidated.map((x) => x.account)).to.deep.equal([trader]);
      expect(rb.plan.liquidate).to.deep.equal([trader]); // B planned it on the stale state
      expect(rb.liquidated).to.deep.equal([]);
      expect(rb.skipped.map((x) => x.account)).to.deep.equal([trader]);
      expect(await admin!.provider.getTransactionCount(bAddress)).to.equal(nonceB);
      // no reverted transaction was mined
      for (let n = from; n <= (await head()); n++) {
        const block = await admin!.provider.getBlock(n);
        for (const tx of block!.transactions)
          expect((await admin!.provider.getTransactionReceipt(tx))!.status).to.equal(1);
      }
    } finally {
      connB.close();
    }
  });

  it("the CLI: `keeper --state --once --json` prints a health line per round", async () => {
    const cliState = path.join(dir, "cli-state");
    // under a second to start: the bundled CLI (dist/cli.js)
    const r = spawnSync(
      process.execPath,
      [
        BIN,
        "keeper",
        "--deployment",
        path.join(dir, "deployment.json"),
        "--rpc",
        node!.url,
        "--account-index",
        "3",
        "--state",
        cliState,
        "--once",
        "--json",
      ],
      { encoding: "utf8", env: { ...process.env, ZKMARGIN_PRIVATE_KEY: "" }, timeout: 60000 },
    );
    expect(r.status, r.stderr).to.equal(0);
    const line = JSON.parse(r.stdout.trim().split("\n")[0]) as {
      status: string;
      index: { cursor: number; accounts: number; lag: number };
      keeper: { accounts: number };
    };
    expect(line.status).to.equal("ok");
    expect(line.index.cursor).to.equal(await head());
    expect(line.index.lag).to.equal(0);
    // a fresh index on the current chain: the reverted branch's depositor is not among them
    const live = [...known()].filter((a) => a !== addresses[8]).length;
    expect(line.index.accounts).to.equal(live);
    expect(line.keeper.accounts).to.equal(live);
  });
});
