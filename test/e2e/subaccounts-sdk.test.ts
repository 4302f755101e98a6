/**
 * Isolated margin through the SDK with real proofs (small instance, in-process Hardhat network):
 * the owner deposits into a sub-account through the router, the venue attests the
 * sub-account's commitment (the sub-account's address is the commitment's `account`), the owner
 * proves through the router, a renewal of main account and sub-account goes out as one batch,
 * collateral moves between sub-accounts with a proof at the initial multiplier, a move that
 * would leave the source under initial margin is refused before proving, and a portfolio of
 * another account is refused by name.
 */
import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { type Signer, getAddress } from "ethers";
import {
  type ActionContext,
  ChainCheckError,
  type DeployedEngine,
  type MockCollateral,
  type Prover,
  SubAccountsClient,
  attestAndProve,
  attestPortfolio,
  blockTime,
  depositCollateral,
  deployEngine,
  deployMockCollateral,
  marketAt,
  moveCollateral,
  renewBatch,
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
  connectChain,
  engineArtifact,
  mockTokenArtifact,
  poseidonArtifact,
  provingKeyExists,
  subAccountsArtifact,
  verifierArtifact,
} from "../../src/node/chain";
import { proveWithInstance } from "../../src/node/prover";
import { releaseProverThreads } from "../../src/proof";

const EX = path.resolve(__dirname, "..", "..", "examples");

/** The ChainCheckError code `p` rejects with. */
async function checkCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ChainCheckError) return e.code;
    throw e;
  }
  throw new Error("expected a ChainCheckError");
}
const json = (f: string) => JSON.parse(fs.readFileSync(path.join(EX, f), "utf8"));

describe("sub-accounts through the SDK (small instance, real proofs)", function () {
  this.timeout(300000);
  let conn: ChainConnection;
  let d: DeployedEngine;
  let mocks: MockCollateral[];
  let owner: Signer;
  let venue: Signer;
  let router: SubAccountsClient;
  let table: RiskTable;
  const prover: Prover = (input, name) => proveWithInstance(name, input);
  const ctx = (over: Partial<ActionContext> = {}): ActionContext => ({
    engine: d.engine.connect(owner),
    table,
    prover,
    ...over,
  });
  /** The perps book held by `account` (its address in the commitment). */
  const book = (account: string): IntegerPortfolio =>
    toIntegerPortfolio(
      parsePortfolio({ ...json("portfolio-perps.json"), account: account.toLowerCase() }),
      table,
      "portfolio",
    );
  const usdc = () => mocks.find((m) => m.symbol === "USDC")!.token;
  const fund = (index: number, amount: bigint) =>
    depositCollateral(d.engine.connect(owner), owner, usdc(), amount, {
      mint: mockTokenArtifact(),
      route: index === 0 ? undefined : { router, index },
    });

  before(async function () {
    if (!provingKeyExists("small")) {
      console.log("      skipped: no small instance keys (npm run circuits)");
      this.skip();
    }
    conn = await connectChain({});
    const admin = await conn.unlockedSigner(0);
    owner = await conn.unlockedSigner(1);
    venue = admin;
    const raw = json("market.json");
    const parsed = parseMarket(raw, "market.json");
    mocks = await deployMockCollateral(admin, mockTokenArtifact(), parsed.collateral);
    d = await deployEngine({
      deployer: admin,
      instance: getInstance("small"),
      engineArtifact: engineArtifact(),
      verifierArtifact: verifierArtifact("small"),
      subAccountsArtifact: subAccountsArtifact(),
      poseidonArtifact,
      roles: { RISK_ROLE: [await admin.getAddress()], VENUE_ROLE: [await admin.getAddress()] },
      collateral: mocks.map((m) => m.token),
    });
    router = new SubAccountsClient(
      d.addresses.subAccounts!,
      subAccountsArtifact().abi,
      owner,
      d.engine.abi,
    );
    const ts = Number(await blockTime(conn.provider));
    table = buildRiskTable(
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
  });
  after(async () => {
    conn?.close();
    await releaseProverThreads();
  });

  it("attests and proves a sub-account through the router; renews it with the main account in one batch", async () => {
    const me = getAddress(await owner.getAddress());
    const sub1 = await router.subAccount(me, 1);
    await fund(0, 60_000n * 10n ** 6n);
    const dep = await fund(1, 60_000n * 10n ** 6n);
    expect(dep.account).to.equal(sub1);
    for (const [account, route] of [
      [me, undefined],
      [sub1, { router, index: 1 }],
    ] as const) {
      const p = book(account);
      const att = await attestPortfolio(d.engine, venue, p, table);
      await attestAndProve(ctx({ route }), p, att);
      expect((await d.engine.accountState(account)).commitment).to.not.equal(0n);
    }
    // a portfolio naming the main account is not sub-account 1
    const att = await attestPortfolio(d.engine, venue, book(me), table);
    expect(
      await checkCode(attestAndProve(ctx({ route: { router, index: 1 } }), book(me), att)),
    ).to.equal("NotSubAccount");
    const { renewals, tx } = await renewBatch(ctx(), [book(sub1), book(me)]);
    expect(renewals.map((r) => r.account).sort()).to.deep.equal([me, sub1].sort());
    expect(tx.gasUsed > 0n).to.equal(true);
  });

  it("moves collateral between sub-accounts with a proof at the initial multiplier; refuses an over-large move before proving", async () => {
    const me = getAddress(await owner.getAddress());
    const [sub1, sub2] = [await router.subAccount(me, 1), await router.subAccount(me, 2)];
    const route = { router, index: 1 };
    const before = (await d.engine.accountState(sub1)).balances[0];
    const r = await moveCollateral(ctx({ route }), book(sub1), sub1, 2, usdc(), 1000n * 10n ** 6n);
    expect(r.proof).to.not.equal(null);
    expect((await d.engine.accountState(sub1)).balances[0]).to.equal(before - 1000n * 10n ** 6n);
    expect((await d.engine.accountState(sub2)).balances[0]).to.equal(1000n * 10n ** 6n);
    const tooMuch = before - 2000n * 10n ** 6n;
    expect(
      await checkCode(moveCollateral(ctx({ route }), book(sub1), sub1, 2, usdc(), tooMuch)),
    ).to.equal("WithdrawalRefused");
  });
});
