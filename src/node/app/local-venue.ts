/**
 * A local venue for trying the page (`npm run app -- --local`) and for the browser tests: a
 * `hardhat node` child process with the margin engine deployed (mock collateral, DEVELOPMENT
 * keys), epoch 1 published, the example perps trader (examples/portfolio-perps.json, whose
 * account the node impersonates so a JSON-RPC signer or a wallet shim can send for it) with
 * its balances deposited, its commitment attested and proved (attestAndProve, Node prover),
 * then time moved on and epoch 2 published: the account needs a renewal for epoch 2, which
 * is what the page does. The SubAccounts router is deployed too (the page lists sub-accounts).
 */
import fs from "node:fs";
import path from "node:path";
import { type JsonRpcProvider, JsonRpcSigner, getAddress, parseEther } from "ethers";
import {
  DEFAULT_ATTESTATION_LIFETIME,
  type MarginEngineClient,
  attestAndProve,
  blockTime,
  deployEngine,
  deployMockCollateral,
  marketAt,
  mintAndDeposit,
  signAttestation,
  tableCollateralHash,
} from "../../chain";
import {
  type RiskTable,
  buildRiskTable,
  getInstance,
  parseMarket,
  parsePortfolio,
  positionCommitment,
  serializeRiskTable,
  toIntegerBalances,
  toIntegerPortfolio,
} from "../..";
import { projectRoot } from "../artifacts";
import {
  connectChain,
  engineArtifact,
  mockTokenArtifact,
  poseidonArtifact,
  verifierArtifact,
  subAccountsArtifact,
} from "../chain";
import { loadBalances } from "../load";
import { proveWithInstance } from "../prover";
import { type HardhatNode, startHardhatNode } from "./hardhat-node";

export interface LocalVenue {
  rpcUrl: string;
  chainId: number;
  instance: string;
  engine: string;
  /** The SubAccounts router (isolated margin). */
  subAccounts: string;
  /** The example trader's account (impersonated on the node). */
  trader: string;
  /** risk.json of the current epoch (2). */
  riskJson: string;
  /** market.json the current risk table was built from (the what-if tools re-run it). */
  marketJson: string;
  table: RiskTable;
  portfolioFile: string;
  balancesFile: string;
  node: HardhatNode;
  stop(): Promise<void>;
}

export const LOCAL_EXAMPLE = "perps";

/** Starts the node and sets the story up; `log` gets one line per step. */
export async function startLocalVenue(
  instanceName: string,
  log: (line: string) => void = () => undefined,
): Promise<LocalVenue> {
  const instance = getInstance(instanceName);
  const examples = path.join(projectRoot(), "examples");
  const portfolioFile = path.join(examples, `portfolio-${LOCAL_EXAMPLE}.json`);
  const balancesFile = path.join(examples, `balances-${LOCAL_EXAMPLE}.json`);
  const artifacts = {
    engineArtifact: engineArtifact(),
    verifierArtifact: verifierArtifact(instance.name),
    subAccountsArtifact: subAccountsArtifact(),
    poseidonArtifact,
  };
  log("starting hardhat node");
  const node = await startHardhatNode();
  const conn = await connectChain({ rpc: node.url });
  try {
    const provider = conn.provider as JsonRpcProvider;
    const [admin, oracle, venue] = await Promise.all([0, 1, 2].map((i) => conn.unlockedSigner(i)));
    const rawMarket = JSON.parse(fs.readFileSync(path.join(examples, "market.json"), "utf8"));
    const parsed = parseMarket(rawMarket, "examples/market.json");
    log("deploying mock collateral, verifier and engine");
    const mocks = await deployMockCollateral(admin, mockTokenArtifact(), parsed.collateral);
    const tokens = mocks.map((m) => m.token);
    const d = await deployEngine({
      deployer: admin,
      instance,
      ...artifacts,
      roles: {
        RISK_ROLE: [await oracle.getAddress()],
        VENUE_ROLE: [await venue.getAddress()],
      },
      collateral: tokens,
    });
    const engine: MarginEngineClient = d.engine;
    const subAccounts = d.addresses.subAccounts;
    if (subAccounts === undefined)
      throw new Error("deployEngine did not deploy the SubAccounts router");
    const t1 = Number(await blockTime(provider));
    const shift = t1 - parsed.timestamp;
    const marketOf = (epoch: number, t: number) => marketAt(rawMarket, epoch, t, shift, tokens);
    const tableAt = (epoch: number, t: number, market = marketOf(epoch, t)) =>
      buildRiskTable(parseMarket(market), instance.name);
    const table1 = tableAt(1, t1);
    await engine.connect(oracle).publishEpoch(1, table1.riskRoot, t1, tableCollateralHash(table1));

    const rawPortfolio = JSON.parse(fs.readFileSync(portfolioFile, "utf8"));
    const trader = getAddress(rawPortfolio.account);
    await provider.send("hardhat_impersonateAccount", [trader]);
    await provider.send("hardhat_setBalance", [trader, `0x${parseEther("100").toString(16)}`]);
    // not in eth_accounts, so ethers' getSigner(address) would refuse it
    const traderSigner = new JsonRpcSigner(provider, trader);
    const portfolio = toIntegerPortfolio(parsePortfolio(rawPortfolio, portfolioFile), table1);
    const amounts = toIntegerBalances(loadBalances(balancesFile), table1, balancesFile).amounts;
    log(`trader ${trader} deposits the example balances`);
    await mintAndDeposit(engine, traderSigner, mockTokenArtifact(), tokens, amounts);
    const att = await signAttestation(
      venue,
      engine,
      trader,
      positionCommitment(portfolio, instance),
      (await engine.accountState(trader)).attestationNonce,
      (await blockTime(provider)) + DEFAULT_ATTESTATION_LIFETIME,
    );
    log("venue attests the commitment; the trader proves it (attestAndProve, Node prover)");
    await attestAndProve(
      {
        engine: engine.connect(traderSigner),
        table: table1,
        prover: (input, name) => proveWithInstance(name, input),
      },
      portfolio,
      att,
    );
    const { proofTtl } = await engine.params();
    await conn.increaseTime(proofTtl / 2n);
    const t2 = Number(await blockTime(provider));
    const market2 = marketOf(2, t2);
    const table2 = tableAt(2, t2, market2);
    await engine.connect(oracle).publishEpoch(2, table2.riskRoot, t2, tableCollateralHash(table2));
    log("epoch 2 published: the account's proof is for epoch 1 and needs a renewal");
    return {
      rpcUrl: node.url,
      chainId: conn.chainId,
      instance: instance.name,
      engine: getAddress(engine.address),
      subAccounts: getAddress(subAccounts),
      trader,
      riskJson: serializeRiskTable(table2),
      marketJson: JSON.stringify(market2, null, 2) + "\n",
      table: table2,
      portfolioFile,
      balancesFile,
      node,
      stop: async () => {
        conn.close();
        await node.stop();
      },
    };
  } catch (e) {
    conn.close();
    await node.stop();
    throw e;
  }
}
