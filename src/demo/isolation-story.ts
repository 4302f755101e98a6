/**
 * Step 7 of the demo's on-chain story: alice isolates a position in her sub-account 1 (a clone
 * of the SubAccounts router, an engine account of its own). The venue attests the sub-account's
 * commitment (its address is the commitment's `account`), alice proves through the router, the
 * sub-account is left to lapse and the keeper liquidates it: alice's main account, cross-margined,
 * is untouched.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { type Signer, formatUnits, getAddress } from "ethers";
import {
  type ActionContext,
  type KeeperConfig,
  type MarginEngineClient,
  type MockCollateral,
  SubAccountsClient,
  attestAndProve,
  attestPortfolio,
  blockTime,
  depositCollateral,
  keeperRound,
  marketAt,
  tableCollateralHash,
} from "../chain";
import {
  buildRiskTable,
  parseMarket,
  parsePortfolio,
  toIntegerBalances,
  toIntegerPortfolio,
} from "..";
import type { RiskTable } from "../risk-table";
import { projectRoot } from "../node/artifacts";
import { type ChainConnection, mockTokenArtifact, subAccountsArtifact } from "../node/chain";
import { loadBalances } from "../node/load";

const EXAMPLES = path.join(projectRoot(), "examples");

export interface IsolationEnv {
  conn: ChainConnection;
  engine: MarginEngineClient;
  /** The SubAccounts router of the deployment. */
  routerAddress: string;
  alice: Signer;
  venue: Signer;
  oracle: Signer;
  mocks: MockCollateral[];
  rawMarket: Record<string, unknown>;
  shift: number;
  /** The latest published table (epoch 2) and its timestamp. */
  table2: RiskTable;
  t2: number;
  /** The example book alice isolates. */
  book: string;
  keeperCfg: KeeperConfig;
  ctxFor: (signer: Signer, table: RiskTable) => ActionContext;
  gas: (step: string, g: bigint | null) => void;
  say: (s?: string) => void;
  showStatus: (accounts: string[]) => Promise<void>;
}

export async function isolationStory(env: IsolationEnv): Promise<void> {
  const { conn, engine, alice, say, gas, table2 } = env;
  const owner = getAddress(await alice.getAddress());
  const router = new SubAccountsClient(
    env.routerAddress,
    subAccountsArtifact().abi,
    alice,
    engine.abi,
  );
  const route = { router, index: 1 };
  const sub = await router.subAccount(owner, 1);
  say(
    `\n-- 7. alice isolates the ${env.book} book in sub-account 1 (its own collateral, commitment, proof and lapse)`,
  );
  say(`   sub-account 1 of alice: ${sub} (a clone at a CREATE2 address fixed by owner and index)`);
  const raw = JSON.parse(
    fs.readFileSync(path.join(EXAMPLES, `portfolio-${env.book}.json`), "utf8"),
  );
  raw.account = sub.toLowerCase(); // the commitment binds the sub-account's address
  const portfolio = toIntegerPortfolio(parsePortfolio(raw, env.book), table2, env.book);
  const bal = loadBalances(path.join(EXAMPLES, `balances-${env.book}.json`));
  const amounts = toIntegerBalances({ ...bal, account: raw.account }, table2).amounts;
  for (const [slot, amount] of amounts.entries()) {
    if (amount === 0n) continue;
    const m = env.mocks[slot];
    const r = await depositCollateral(engine.connect(alice), alice, m.token, amount, {
      mint: mockTokenArtifact(),
      route,
    });
    gas(
      `   deposit ${formatUnits(amount, m.decimals)} ${m.symbol} into sub-account 1 (router)`,
      r.tx.gasUsed,
    );
  }
  const att = await attestPortfolio(engine, env.venue, portfolio, table2);
  say(`      the venue attests the sub-account's commitment (account ${sub})`);
  const r = await attestAndProve({ ...env.ctxFor(alice, table2), route }, portfolio, att);
  gas("   attestAndProve through the router (sub-account 1)", r.tx.gasUsed);
  await env.showStatus([owner, sub]);

  const { proofTtl, grace } = await engine.params();
  const at = async (t: bigint) => {
    const now = await blockTime(conn.provider);
    if (t > now) await conn.increaseTime(t - now);
  };
  // the oracle stays live (epoch 3 before epoch 2 expires); nobody renews sub-account 1
  const t3 = BigInt(env.t2) + proofTtl - 100n;
  await at(t3);
  const table3 = buildRiskTable(
    parseMarket(
      marketAt(
        env.rawMarket,
        3,
        Number(t3),
        env.shift,
        env.mocks.map((m) => m.token),
      ),
    ),
    table2.instance.name,
  );
  gas(
    "publishEpoch(3)",
    (
      await engine
        .connect(env.oracle)
        .publishEpoch(3, table3.riskRoot, t3, tableCollateralHash(table3))
    ).gasUsed,
  );
  await at(BigInt(env.t2) + proofTtl + grace + 100n);
  say(
    "      time passes: nobody renews sub-account 1, it lapses; the keeper (with epoch 3's table) renews the accounts it holds when due",
  );
  const before = (await engine.accountState(owner)).balances;
  const round = await keeperRound({ ...env.keeperCfg, tables: [...env.keeperCfg.tables, table3] });
  for (const r of round.renewed)
    gas(`   keeper renews ${r.account} at tier ${r.tier} against epoch ${r.epoch}`, r.gasUsed);
  for (const l of round.liquidated)
    gas(
      `   keeper liquidates ${l.account === sub ? "alice's sub-account 1" : l.account}`,
      l.gasUsed,
    );
  const after = (await engine.accountState(owner)).balances;
  await env.showStatus([owner, sub]);
  say(
    `      alice's main account is untouched by the liquidation: balances ${after.every((x, i) => x === before[i]) ? "unchanged" : "CHANGED"}, not frozen`,
  );
}
