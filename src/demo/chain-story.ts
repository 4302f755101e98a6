/**
 * The on-chain half of `npm run demo`: the whole story on an in-process Hardhat network.
 * Deploy (hashers, verifier, engine, mock collateral, validity tiers), publish an epoch, three
 * traders deposit and get their commitments attested, all prove (attestAndProve), time passes,
 * the keeper renews two of them in one batch (it holds their files; one pairing check, each at
 * the highest validity tier it meets) and liquidates the third once he lapses (his collateral is
 * credited, not paid out: the keeper and the liquidation receiver then claim their shares), a
 * withdrawal with a proof succeeds and one that would leave the account under initial margin is
 * refused by the SDK before proving; finally alice isolates a book in a sub-account, which lapses
 * and is liquidated alone (isolation-story.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { getAddress, type Signer } from "ethers";
import {
  type ActionContext,
  DEFAULT_ATTESTATION_LIFETIME,
  type MarginEngineClient,
  type Prover,
  attestAndProve,
  deployEngine,
  deployMockCollateral,
  keeperRound,
  marketAt,
  mintAndDeposit,
  attestPortfolio,
  tableCollateralHash,
  withdraw,
  blockTime,
  DEFAULT_VALIDITY_TIERS,
  accountStatus,
} from "../chain";
import {
  type IntegerPortfolio,
  type RiskTable,
  buildRiskTable,
  getInstance,
  parseMarket,
  parsePortfolio,
  toIntegerBalances,
  toIntegerPortfolio,
} from "..";
import { CheckFailedError } from "../errors";
import {
  connectChain,
  engineArtifact,
  mockTokenArtifact,
  poseidonArtifact,
  verifierArtifact,
  subAccountsArtifact,
} from "../node/chain";
import { loadBalances } from "../node/load";
import { projectRoot } from "../node/artifacts";
import { proveWithInstance } from "../node/prover";
import { isolationStory } from "./isolation-story";
import { Contract, type EventLog, formatUnits } from "ethers";

const EXAMPLES = path.join(projectRoot(), "examples");
const say = (s = "") => process.stdout.write(s + "\n");

/** Traders of the story per instance (their positions must fit N): alice, bob, carol. */
const TRADERS: Record<string, [string, string, string]> = {
  standard: ["hedged-options", "perps", "wrong-way"],
  small: ["perps", "wrong-way", "perps"],
};
const NAMES = ["alice", "bob", "carol"];

interface Row {
  step: string;
  gas: bigint | null;
}

export async function chainStory(instanceName = "standard"): Promise<void> {
  const instance = getInstance(instanceName);
  say(
    `\n== on-chain story (in-process Hardhat network, ${instance.name} instance, DEVELOPMENT keys)`,
  );
  let artifacts;
  try {
    artifacts = {
      engineArtifact: engineArtifact(),
      verifierArtifact: verifierArtifact(instance.name),
      subAccountsArtifact: subAccountsArtifact(),
      poseidonArtifact,
    };
  } catch (e) {
    say(`   skipped: ${(e as Error).message}`);
    return;
  }
  const rows: Row[] = [];
  const gas = (step: string, g: bigint | null) => {
    rows.push({ step, gas: g });
    say(`   ${step.padEnd(66)} ${g === null ? "" : `gas ${g.toLocaleString("en-US")}`}`);
  };
  const conn = await connectChain({});
  try {
    const [admin, oracle, venue, aliceS, bobS, keeperS, receiver, carolS] = await Promise.all(
      [0, 1, 2, 3, 4, 5, 6, 7].map((i) => conn.unlockedSigner(i)),
    );
    const addr = async (s: Signer) => getAddress(await s.getAddress());
    const [bob, keeper] = [await addr(bobS), await addr(keeperS)];
    const rawMarket = JSON.parse(fs.readFileSync(path.join(EXAMPLES, "market.json"), "utf8"));
    const parsed = parseMarket(rawMarket, "examples/market.json");

    say("\n-- 1. deploy: Poseidon hashers, Groth16 verifier, MarginEngine, roles, collateral");
    const mocks = await deployMockCollateral(admin, mockTokenArtifact(), parsed.collateral);
    for (const m of mocks) gas(`mock collateral ${m.symbol} (${m.decimals} decimals)`, m.gasUsed);
    const d = await deployEngine({
      deployer: admin,
      instance,
      ...artifacts,
      liquidationReceiver: await addr(receiver),
      roles: { RISK_ROLE: [await addr(oracle)], VENUE_ROLE: [await addr(venue)] },
      collateral: mocks.map((m) => m.token),
      validityTiers: DEFAULT_VALIDITY_TIERS,
      onStep: (step, g) => gas(step, g),
    });
    const engine = d.engine;
    const params = await engine.params();
    say(
      `   engine ${d.addresses.engine}: proofs live ${params.proofTtl} s after their epoch, grace ${params.grace} s, ` +
        `maintenance x${Number(params.maintenanceMultiplier) / 1e4}, initial x${Number(params.initialMultiplier) / 1e4}, keeper reward ${Number(params.keeperRewardBps) / 100} %`,
    );
    const tiers = await engine.validityTiers();
    say(
      `   validity tiers: ${tiers.map((t, i) => `${i}: x${Number(t.multiplier) / 1e4} valid ${Number(t.ttl) / 3600} h`).join(", ")} ` +
        "(a renewal names its tier; the SDK picks the highest one the portfolio meets)",
    );

    say("\n-- 2. the risk oracle publishes epoch 1 (the example market on the chain's clock)");
    const t1 = Number(await blockTime(conn.provider));
    const shift = t1 - parsed.timestamp;
    const table1 = buildRiskTable(
      parseMarket(
        marketAt(
          rawMarket,
          1,
          t1,
          shift,
          mocks.map((m) => m.token),
        ),
      ),
      instance.name,
    );
    const asOracle = engine.connect(oracle);
    gas(
      `publishEpoch(1, root ${table1.riskRoot.toString().slice(0, 12)}...)`,
      (await asOracle.publishEpoch(1, table1.riskRoot, t1, tableCollateralHash(table1))).gasUsed,
    );

    const prover: Prover = (input, name) => proveWithInstance(name, input);
    const ctxFor = (signer: Signer, table: RiskTable): ActionContext => ({
      engine: engine.connect(signer),
      table,
      prover,
      log: (l) => say(`      ${l}`),
    });

    say(
      "\n-- 3. three traders deposit; the venue attests their commitments; all prove (attestAndProve)",
    );
    const traders: Array<{
      name: string;
      signer: Signer;
      address: string;
      portfolio: IntegerPortfolio;
    }> = [];
    for (const [i, name] of TRADERS[instance.name].entries()) {
      const signer = [aliceS, bobS, carolS][i];
      const address = await addr(signer);
      const raw = JSON.parse(
        fs.readFileSync(path.join(EXAMPLES, `portfolio-${name}.json`), "utf8"),
      );
      raw.account = address.toLowerCase(); // the example book, held by a local account
      const portfolio = toIntegerPortfolio(parsePortfolio(raw, name), table1, name);
      const bal = loadBalances(path.join(EXAMPLES, `balances-${name}.json`));
      const amounts = toIntegerBalances({ ...bal, account: raw.account }, table1).amounts;
      say(`   ${NAMES[i]} (${address}) holds the ${name} book`);
      const tokens = mocks.map((m) => m.token);
      for (const d of await mintAndDeposit(engine, signer, mockTokenArtifact(), tokens, amounts)) {
        const m = mocks[d.slot];
        gas(`   deposit ${formatUnits(d.amount, m.decimals)} ${m.symbol}`, d.tx.gasUsed);
      }
      const att = await attestPortfolio(engine, venue, portfolio, table1);
      say(
        `      venue ${att.signer} signed the commitment ${att.commitment.toString().slice(0, 16)}... (nonce ${att.nonce}, valid ${DEFAULT_ATTESTATION_LIFETIME} s); the trader submits it herself`,
      );
      const t0 = Date.now();
      const r = await attestAndProve(ctxFor(signer, table1), portfolio, att);
      gas(`   attestAndProve (proved in ${((Date.now() - t0) / 1000).toFixed(1)} s)`, r.tx.gasUsed);
      traders.push({ name, signer, address, portfolio });
    }
    const [a, b, c] = traders;
    await showStatus(engine, conn.provider, [a.address, b.address, c.address]);

    say(
      `\n-- 4. time passes (${params.proofTtl - 300n} s); the oracle publishes epoch 2; the keeper holds alice's and carol's files`,
    );
    await conn.increaseTime(params.proofTtl - 300n);
    const t2 = Number(await blockTime(conn.provider));
    const table2 = buildRiskTable(
      parseMarket(
        marketAt(
          rawMarket,
          2,
          t2,
          shift,
          mocks.map((m) => m.token),
        ),
      ),
      instance.name,
    );
    gas(
      "publishEpoch(2)",
      (await asOracle.publishEpoch(2, table2.riskRoot, t2, tableCollateralHash(table2))).gasUsed,
    );
    const keeperCfg = {
      engine: engine.connect(keeperS),
      provider: conn.provider,
      fromBlock: d.blockNumber,
      portfolios: [a.portfolio, c.portfolio],
      tables: [table2],
      prover,
      renewBefore: 600n,
      log: (l: string) => say(`      keeper: ${l}`),
    };
    let round = await keeperRound(keeperCfg);
    const nameOf = (x: string) => NAMES[traders.findIndex((t) => t.address === getAddress(x))];
    if (round.renewed.length > 1)
      say(
        `      one submitProofs for ${round.renewed.length} accounts: one pairing check of ${round.renewed.length + 3} pairs verifies every proof`,
      );
    for (const r of round.renewed)
      gas(
        `   batch renewal: ${nameOf(r.account)} at tier ${r.tier} (x${Number(r.multiplier) / 1e4}), valid ${(Number(r.validUntil) - t2) / 3600} h after epoch 2`,
        r.gasUsed,
      );
    say(
      `      bob is not renewed: nobody holds his files; he lapses at validUntil and is liquidatable after the grace`,
    );

    say(
      `\n-- 5. more time passes (${params.grace + 400n} s): bob's proof lapsed and the grace is over (the risk oracle is live: epoch 2 is fresh)`,
    );
    await conn.increaseTime(params.grace + 400n);
    await showStatus(engine, conn.provider, [a.address, b.address]);
    round = await keeperRound(keeperCfg);
    for (const r of round.liquidated)
      gas(`   keeper liquidates ${r.account === bob ? "bob" : r.account}`, r.gasUsed);
    if (round.plan.held !== null) say(`      liquidation held: ${round.plan.held}`);
    const receiverAddr = await addr(receiver);
    const seized = await engine.contract.queryFilter(
      engine.contract.getEvent("CollateralSeized"),
      d.blockNumber,
    );
    say(
      "      the liquidation pays nothing out: it credits the keeper's reward and the receiver's share, each to claim",
    );
    for (const ev of seized) {
      const [, token, reward, rest] = (ev as EventLog).args as unknown as [
        string,
        string,
        bigint,
        bigint,
      ];
      const m = mocks.find((x) => getAddress(x.token) === getAddress(token));
      if (!m) continue;
      say(
        `      ${m.symbol}: credited keeper reward ${formatUnits(reward, m.decimals)}, liquidation receiver ${formatUnits(rest, m.decimals)}`,
      );
    }
    const symbolOf = (token: string) =>
      mocks.find((x) => getAddress(x.token) === getAddress(token)) ?? mocks[0];
    for (const c of round.claimed)
      gas(
        `   keeper claims its ${formatUnits(c.amount, symbolOf(c.token).decimals)} ${symbolOf(c.token).symbol} reward`,
        c.gasUsed,
      );
    for (const c of round.claimFailed)
      say(`      keeper's claim of ${symbolOf(c.token).symbol} failed: ${c.reason}`);
    const asReceiver = engine.connect(receiver);
    for (const m of mocks) {
      const credit = await engine.claimable(receiverAddr, m.token);
      if (credit === 0n) continue;
      gas(
        `   receiver claims ${formatUnits(credit, m.decimals)} ${m.symbol}`,
        (await asReceiver.claim(m.token)).gasUsed,
      );
    }
    for (const m of mocks) {
      const t = new Contract(m.token, mockTokenArtifact().abi, conn.provider);
      const kb = BigInt(await t.getFunction("balanceOf").staticCall(keeper));
      const rb = BigInt(await t.getFunction("balanceOf").staticCall(receiverAddr));
      if (kb + rb > 0n)
        say(
          `      ${m.symbol} now held: keeper ${formatUnits(kb, m.decimals)}, liquidation receiver ${formatUnits(rb, m.decimals)}`,
        );
    }
    await showStatus(engine, conn.provider, [b.address]);

    say(
      "\n-- 6. alice withdraws with a proof at the initial multiplier (against the latest epoch)",
    );
    const usdc = mocks.findIndex((m) => m.symbol === "USDC");
    const bal = (await engine.accountState(a.address)).balances[usdc];
    const small = bal / 15n;
    const aliceCtx = ctxFor(a.signer, table2);
    const w = await withdraw(aliceCtx, a.portfolio, a.address, mocks[usdc].token, small);
    gas(`   withdraw ${formatUnits(small, 6)} USDC with proof`, w.tx.gasUsed);
    const rest = (await engine.accountState(a.address)).balances[usdc];
    const big = (rest * 95n) / 100n;
    say(`   alice now asks for ${formatUnits(big, 6)} USDC more:`);
    try {
      await withdraw(aliceCtx, a.portfolio, a.address, mocks[usdc].token, big);
      say("      unexpectedly accepted");
    } catch (e) {
      if (!(e instanceof CheckFailedError)) throw e;
      say(`      refused by the SDK before proving: ${e.message}`);
    }

    if (d.addresses.subAccounts)
      await isolationStory({
        conn,
        engine,
        routerAddress: d.addresses.subAccounts,
        alice: a.signer,
        venue,
        oracle,
        mocks,
        rawMarket,
        shift,
        table2,
        t2,
        book: TRADERS[instance.name][1],
        keeperCfg,
        ctxFor,
        gas,
        say,
        showStatus: (accounts) => showStatus(engine, conn.provider, accounts),
      });

    say("\n-- gas of each step");
    const w2 = Math.max(...rows.map((r) => r.step.trim().length));
    for (const r of rows)
      if (r.gas !== null)
        say(`   ${r.step.trim().padEnd(w2)} ${r.gas.toLocaleString("en-US").padStart(10)}`);
  } finally {
    conn.close();
  }
}

async function showStatus(
  engine: MarginEngineClient,
  provider: Parameters<typeof accountStatus>[2],
  accounts: string[],
): Promise<void> {
  const rel = (t: bigint) => (t >= 0n ? `in ${t} s` : `${-t} s ago`);
  for (const a of accounts) {
    const s = await accountStatus(engine, a, provider);
    say(
      `      status ${a}: ${s.status}` +
        (s.state.frozen
          ? " (liquidated: collateral seized and credited to keeper and receiver)"
          : `, proof against epoch ${s.state.provenEpoch} ${s.state.validUntil >= s.now ? `valid for ${s.state.validUntil - s.now} s more` : `lapsed ${s.now - s.state.validUntil} s ago`}, ` +
            `liquidatable ${s.liquidatable ? "now" : rel((s.liquidatableAfter ?? 0n) + 1n - s.now)}`),
    );
  }
}
