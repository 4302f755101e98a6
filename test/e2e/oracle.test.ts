/**
 * The risk oracle against a real JSON-RPC endpoint: a `hardhat node` child process, the small
 * instance with the mock verifier (no proofs are made here), mock AggregatorV3 feeds (BTC from
 * two sources, USDC) and an ERC-4626 vault share (svUSDC over the mock USDC) as collateral.
 * The oracle talks to the node through a loopback TCP proxy that the test stops and starts,
 * so "the RPC goes away" leaves the chain state intact.
 *
 * A good round publishes an epoch whose root is buildRiskTable of the built market; every
 * fault refuses with its code and publishes nothing; an RPC outage is an rpc-error round and
 * the next succeeds; a publish transaction the engine refuses (RISK_ROLE revoked) is logged,
 * nothing recorded, and retried once fixed; a restart on the same state folder recovers an
 * epoch sent but not recorded (no double publish, no gap) and still refuses an older round;
 * a big move declares a stress epoch; the CLI runs one round (exit 0, JSON lines).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { type Signer, getAddress } from "ethers";
import type { MockERC4626 } from "../../typechain-types/contracts/test/MockERC4626";
import {
  type MarginEngineClient,
  type TypedContract,
  publishRiskEpoch,
  roleId,
} from "../../src/chain";
import { parseOracleConfig } from "../../src/oracle";
import { buildRiskTable } from "../../src/risk-table";
import { parseMarket } from "../../src/schema";
import { type HardhatNode, freePort, startHardhatNode } from "../../src/node/app/hardhat-node";
import { type ChainConnection, connectChain, writeDeployment } from "../../src/node/chain";
import {
  type OracleDeps,
  type OracleRoundReport,
  oracleRound,
  prepareEpoch,
} from "../../src/node/oracle/service";
import { type OracleStore, openOracleStore } from "../../src/node/oracle/state";
import { type Feed, RpcProxy, deployOracleVenue } from "./oracle-fixture";

const ROOT = path.resolve(__dirname, "..", "..");
const BIN = path.join(ROOT, "bin", "zkmargin.js");

describe("risk oracle against `hardhat node` (mock feeds, ERC-4626 collateral)", function () {
  this.timeout(120000);
  let node: HardhatNode | undefined;
  let proxy: RpcProxy | undefined;
  let admin: ChainConnection | undefined;
  let oracleConn: ChainConnection | undefined;
  let dir = "";
  let store: OracleStore | undefined;
  let deps: OracleDeps;
  let adminSigner: Signer;
  let oracleAddress = "";
  let adminEngine: MarginEngineClient;
  let feeds: Record<"btc0" | "btc1" | "usdc", Feed>;
  let vault: TypedContract<MockERC4626>;
  let btcPrice = 86500;
  const stateDir = () => path.join(dir, "state");

  const now = async () => Number((await admin?.provider.getBlock("latest"))?.timestamp);
  const answer = (usd: number) => BigInt(Math.round(usd * 1e8));
  /** Fresh good rounds on every feed (the next round id, updated now). */
  const fresh = async (btc = btcPrice) => {
    await (await feeds.btc0.setAnswer(answer(btc))).wait();
    await (await feeds.btc1.setAnswer(answer(btc * 1.0002))).wait();
    await (await feeds.usdc.setAnswer(answer(1))).wait();
  };
  const nextId = async (f: Feed) => (await f.latestRound()) + 1n;
  const round = (): Promise<OracleRoundReport> => oracleRound(deps);
  const latest = () => adminEngine.latestEpoch();
  const refusedWith = async (code: string, feed: string) => {
    const before = await latest();
    const r = await round();
    expect(r.status, JSON.stringify(r.failures)).to.equal("refused");
    expect(r.failures.map((f) => `${f.feed} ${f.code}`)).to.include(`${feed} ${code}`);
    expect(await latest()).to.equal(before);
    return r;
  };
  const published = async () => {
    const r = await round();
    expect(r.status, JSON.stringify(r.failures.length ? r.failures : r.error)).to.equal(
      "published",
    );
    expect(await latest()).to.equal(BigInt(r.epoch as number));
    return r;
  };

  before(async function () {
    const needed = ["MockAggregatorV3", "MockERC4626"].map((n) =>
      path.join(ROOT, "artifacts", "contracts", "test", `${n}.sol`, `${n}.json`),
    );
    if (needed.some((f) => !fs.existsSync(f))) {
      console.log("      skipped: contracts not compiled (npx hardhat compile)");
      this.skip();
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "zkmargin-oracle-"));
    node = await startHardhatNode();
    proxy = new RpcProxy(await freePort(), node.port);
    await proxy.start();
    admin = await connectChain({ rpc: node.url, accountIndex: 0, env: {} });
    oracleConn = await connectChain({ rpc: proxy.url, accountIndex: 1, env: {} });
    adminSigner = await admin.signer();
    const oracleSigner = await oracleConn.signer();
    oracleAddress = getAddress(await oracleSigner.getAddress());
    const venue = await deployOracleVenue(adminSigner, oracleAddress);
    ({ feeds, vault } = venue);
    adminEngine = venue.engine;
    writeDeployment(path.join(dir, "deployment.json"), venue.deployment);
    fs.writeFileSync(path.join(dir, "market.json"), JSON.stringify(venue.market));
    fs.writeFileSync(path.join(dir, "oracle.json"), JSON.stringify(venue.oracleJson));
    store = openOracleStore(stateDir());
    deps = {
      config: parseOracleConfig(venue.oracleJson),
      template: parseMarket(venue.market),
      engine: adminEngine.connect(oracleSigner),
      provider: oracleConn.provider,
      store,
      readTimeoutMs: 5000,
    };
    await fresh();
    await fresh(); // round ids 2: a later "older round" has room below
  });

  after(async () => {
    await store?.close();
    oracleConn?.close();
    admin?.close();
    await proxy?.stop();
    await node?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("a good round publishes epoch 1 whose root is buildRiskTable of the built market", async () => {
    const r = await published();
    expect(r.epoch).to.equal(1);
    const onChain = await adminEngine.epoch(1);
    expect(onChain.riskRoot).to.equal(buildRiskTable(r.market!, "small").riskRoot);
    expect(onChain.riskRoot).to.equal(r.riskRoot);
    expect(r.prices?.groups.BTC).to.be.closeTo(86508.65, 1e-6);
    // the vault share: convertToAssets(1 share) (about 1.05 USDC) x the USDC feed
    expect(r.prices?.sharePrices.svUSDC).to.be.closeTo(1.05, 1e-5);
    expect(r.prices?.collateral.svUSDC).to.be.closeTo(1.05, 1e-5);
    expect(store!.log().map((l) => l.epoch)).to.deep.equal([1]);
    expect(r.stress?.declared).to.equal(false);
  });

  it("refuses a stale round", async () => {
    await fresh();
    const t = BigInt(await now()) - 1000n;
    const id = await nextId(feeds.btc0);
    await (await feeds.btc0.setRound(id, answer(btcPrice), t, t, id)).wait();
    const r = await refusedWith("stale", "BTC/0");
    expect(r.failures[0].detail).to.match(/maxAge 600 s/);
  });

  it("refuses a zero and a negative answer", async () => {
    await fresh();
    await (await feeds.btc1.setAnswer(0n)).wait();
    await refusedWith("non-positive", "BTC/1");
    await (await feeds.btc1.setAnswer(-answer(btcPrice))).wait();
    await refusedWith("non-positive", "BTC/1");
  });

  it("refuses a round id going backwards and answeredInRound behind", async () => {
    await fresh();
    const t = BigInt(await now());
    await (await feeds.usdc.setRound(1n, answer(1), t, t, 1n)).wait();
    await refusedWith("round-not-increasing", "USDC/0");
    await fresh();
    const id = await nextId(feeds.btc0);
    await (await feeds.btc0.setRound(id, answer(btcPrice), t, t, id - 1n)).wait();
    await refusedWith("answered-in-round-behind", "BTC/0");
  });

  it("refuses a price out of bounds and two sources deviating", async () => {
    await fresh();
    await (await feeds.usdc.setAnswer(answer(0.85))).wait();
    const r = await refusedWith("out-of-bounds", "USDC/0");
    // the same feed prices the vault's underlying, where oracle.json sets no bounds
    expect(r.failures.map((f) => f.feed)).to.deep.equal(["USDC/0"]);
    await fresh();
    await (await feeds.btc1.setAnswer(answer(btcPrice * 1.03))).wait();
    await refusedWith("deviation", "BTC/0+1");
  });

  it("refuses a vault share price that fell more than maxShareDrop since the last epoch", async () => {
    await fresh();
    await (await vault.lose(60_000000n)).wait(); // about -5.7 %
    const r = await refusedWith("share-price-drop", "svUSDC/vault");
    expect(r.failures).to.have.length(1);
    await (await vault.accrue(60_000000n)).wait();
    await fresh();
    expect((await published()).epoch).to.equal(2);
  });

  it("an RPC that goes away is an rpc-error round; the next round succeeds", async () => {
    await fresh();
    await proxy!.stop();
    const r = await round();
    expect(r.status).to.equal("refused");
    expect(r.rpc).to.equal(true);
    expect(r.failures[0].code).to.equal("rpc-error");
    expect(store!.pending()).to.equal(undefined);
    await proxy!.start();
    expect((await published()).epoch).to.equal(3);
  });

  it("a publish transaction the engine refuses is logged, nothing recorded, retried once fixed", async () => {
    await (
      await adminEngine.send("revokeRole", [roleId("RISK_ROLE"), oracleAddress])
    ).receipt;
    await fresh();
    const events: string[] = [];
    const r = await oracleRound({ ...deps, log: (e) => events.push(e.event) });
    expect(r.status).to.equal("failed");
    expect(r.error?.code).to.equal("AccessControlUnauthorizedAccount");
    expect(events).to.include("publish-failed");
    expect(await latest()).to.equal(3n);
    expect(store!.last()?.epoch).to.equal(3);
    expect(store!.pending()).to.equal(undefined);
    await adminEngine.grantRole("RISK_ROLE", oracleAddress);
    expect((await published()).epoch).to.equal(4);
  });

  it("restarts on the same state: an epoch sent but not recorded is recovered, never re-sent", async () => {
    await fresh();
    // a crash between sending and recording: pending written, published, never committed
    const prep = await prepareEpoch(deps, await latest());
    store!.setPending(prep.prepared!.snapshot);
    await publishRiskEpoch(deps.engine, prep.prepared!.table);
    await store!.close();
    store = openOracleStore(stateDir());
    deps = { ...deps, store };
    await fresh();
    const r = await published();
    expect(r.recovered).to.equal(5);
    expect(r.epoch).to.equal(6);
    expect(store.log().map((l) => l.epoch)).to.deep.equal([1, 2, 3, 4, 5, 6]);
    expect(store.log()[4].recovered).to.equal(true);
  });

  it("after a restart a feed going back to an older round is still refused", async () => {
    await store!.close();
    store = openOracleStore(stateDir());
    deps = { ...deps, store };
    await fresh();
    const t = BigInt(await now());
    await (await feeds.btc0.setRound(2n, answer(btcPrice), t, t, 2n)).wait();
    await refusedWith("round-not-increasing", "BTC/0");
    // the feed moves on past the last accepted round
    await (await feeds.btc0.setRound(1000n, answer(btcPrice), t, t, 1000n)).wait();
  });

  it("a move of more than stressMultiple x PSR declares a stress epoch", async () => {
    btcPrice *= 1.2; // +20 % > 1 x 8 %
    await fresh();
    const r = await published();
    expect(r.stress?.declared).to.equal(true);
    expect(r.stress?.moves.find((m) => m.group === "BTC")?.fired).to.equal(true);
    expect((await adminEngine.stress()).epoch).to.equal(BigInt(r.epoch!));
    expect(store!.log().at(-1)?.stress).to.equal(true);
    await fresh();
    expect((await published()).stress?.declared).to.equal(false);
  });

  it("the CLI: one round publishes (exit 0, JSON lines)", async () => {
    await store!.close();
    store = undefined;
    const cli = (...extra: string[]) =>
      // under a second to start: the bundled CLI (dist/cli.js)
      spawnSync(
        process.execPath,
        [
          BIN,
          "oracle",
          "--config",
          path.join(dir, "oracle.json"),
          "--deployment",
          path.join(dir, "deployment.json"),
          "--rpc",
          node!.url,
          "--account-index",
          "1",
          "--state",
          stateDir(),
          "--once",
          ...extra,
        ],
        { encoding: "utf8", env: { ...process.env, ZKMARGIN_PRIVATE_KEY: "" } },
      );
    const before = await latest();
    await fresh();
    const ok = cli("--json");
    expect(ok.status, ok.stderr).to.equal(0);
    const lines = ok.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const summary = lines.find((l) => l.event === "round");
    expect(summary).to.include({ status: "published", epoch: Number(before) + 1 });
    expect(await latest()).to.equal(before + 1n);
  });
});
