/**
 * `zkmargin deploy`: Poseidon hashers, the instance's Groth16 verifier and a MarginEngine,
 * roles and collateral (src/chain/deploy-venue.ts); writes the deployment file.
 */
import { Command, Option } from "commander";
import { MAX_GRACE, MAX_KEEPER_REWARD_BPS, MAX_PROOF_TTL } from "../../../bounds";
import { DEFAULT_PARAMS, deployVenue, marketWithTokens } from "../../../chain";
import { InputError } from "../../../errors";
import { getInstance, instanceNames } from "../../../instances";
import { parseMultiplier } from "../../../margin";
import {
  engineArtifact,
  mockTokenArtifact,
  parseAddress,
  poseidonArtifact,
  verifierArtifact,
  subAccountsArtifact,
  writeDeployment,
} from "../../../node/chain";
import { readJsonFile, writeFileAtomic } from "../../../node/files";
import { loadMarket } from "../../../node/load";
import {
  type ChainCliOptions,
  chainCommand,
  mapErrors,
  multiplierText,
  out,
  str,
  uintOption,
} from "./options";
import { connect } from "./session";

interface DeployOptions extends ChainCliOptions {
  instance: string;
  output: string;
  tokens?: string;
  mockCollateral?: string;
  marketOut?: string;
  venue?: string[];
  riskOracle?: string[];
  receiver?: string;
  proofTtl: string;
  grace: string;
  maintenance: string;
  initial: string;
  keeperRewardBps: string;
  validityTier?: string[];
}

const FLAGS = { tokens: "--tokens", mockCollateral: "--mock-collateral" };

export function registerDeploy(program: Command): void {
  chainCommand(
    program
      .command("deploy")
      .description(
        "deploy Poseidon hashers, the instance's Groth16 verifier and a MarginEngine; grant roles; register collateral",
      ),
    false,
  )
    .addOption(
      new Option("--instance <name>", "circuit instance")
        .choices(instanceNames())
        .default("standard"),
    )
    .requiredOption("-o, --output <deployment.json>", "where to write the deployment file")
    .option("--tokens <addresses>", "collateral tokens to register, comma-separated, in slot order")
    .option(
      "--mock-collateral <market.json>",
      "LOCAL USE: deploy a mintable test ERC-20 per collateral entry of market.json (symbol, decimals) and register them",
    )
    .option(
      "--market-out <market.json>",
      "with --mock-collateral: write market.json with the mock token addresses",
    )
    .option("--venue <address...>", "grant VENUE_ROLE (attestations) to these addresses")
    .option("--risk-oracle <address...>", "grant RISK_ROLE (epochs) to these addresses")
    .option("--receiver <address>", "liquidation receiver (default: the deployer)")
    .option(
      "--proof-ttl <seconds>",
      "proof lifetime after its epoch's timestamp",
      DEFAULT_PARAMS.proofTtl.toString(),
    )
    .option("--grace <seconds>", "grace period after a lapse", DEFAULT_PARAMS.grace.toString())
    .option(
      "--maintenance <m>",
      "maintenance multiplier (renewals)",
      multiplierText(DEFAULT_PARAMS.maintenanceMultiplier),
    )
    .option(
      "--initial <m>",
      "initial multiplier (withdrawals)",
      multiplierText(DEFAULT_PARAMS.initialMultiplier),
    )
    .option(
      "--keeper-reward-bps <bps>",
      "keeper's share of seized collateral",
      DEFAULT_PARAMS.keeperRewardBps.toString(),
    )
    .option(
      "--validity-tier <multiplier:ttl...>",
      "validity tiers above tier 0 (maintenance, proof TTL), e.g. 2.0:14400 4.0:43200: a renewal proven at the multiplier stays valid ttl seconds after its epoch",
    )
    .addHelpText(
      "after",
      "\nThe deployer gets DEFAULT_ADMIN_ROLE and, for single-key development, RISK_ROLE, VENUE_ROLE and\n" +
        "COLLATERAL_ROLE too. The verifier comes from contracts/generated/ (`npm run circuits`, then\n" +
        "`npx hardhat compile`) and is checked against build/<instance>/verification_key.json.\n",
    )
    .action(async (opts: DeployOptions) => mapErrors({ flags: FLAGS }, () => deploy(opts)));
}

async function deploy(opts: DeployOptions): Promise<void> {
  const instance = getInstance(opts.instance);
  if (opts.tokens && opts.mockCollateral)
    throw new InputError("command line", "--tokens", "not together with --mock-collateral");
  if (opts.marketOut && !opts.mockCollateral)
    throw new InputError("command line", "--market-out", "needs --mock-collateral");
  const params = {
    proofTtl: uintOption(opts.proofTtl, "--proof-ttl", MAX_PROOF_TTL),
    grace: uintOption(opts.grace, "--grace", MAX_GRACE),
    maintenanceMultiplier: parseMultiplier(opts.maintenance, "--maintenance"),
    initialMultiplier: parseMultiplier(opts.initial, "--initial"),
    keeperRewardBps: uintOption(opts.keeperRewardBps, "--keeper-reward-bps", MAX_KEEPER_REWARD_BPS),
  };
  const validityTiers = (opts.validityTier ?? []).map((t, i) => {
    const m = /^([^:]+):([0-9]+)$/.exec(t);
    if (m === null)
      throw new InputError(
        "command line",
        `--validity-tier[${i}]`,
        "must be multiplier:seconds, e.g. 2.0:14400",
      );
    return {
      multiplier: parseMultiplier(m[1], `--validity-tier[${i}]`),
      ttl: uintOption(m[2], `--validity-tier[${i}]`, MAX_PROOF_TTL),
    };
  });
  const market = opts.mockCollateral ? loadMarket(opts.mockCollateral) : undefined;
  if (market && market.collateral.length > instance.K)
    throw new InputError(
      opts.mockCollateral as string,
      "collateral",
      `${market.collateral.length} tokens exceed the ${instance.K} slots of instance ${instance.name}`,
    );
  const tokens = opts.tokens
    ? opts.tokens.split(",").map((t, i) => parseAddress(t.trim(), "command line", `--tokens[${i}]`))
    : [];
  if (tokens.length > instance.K)
    throw new InputError("command line", "--tokens", `more than K = ${instance.K} tokens`);
  const venues = (opts.venue ?? []).map((a) => parseAddress(a, "command line", "--venue"));
  const riskOracles = (opts.riskOracle ?? []).map((a) =>
    parseAddress(a, "command line", "--risk-oracle"),
  );
  const receiver = opts.receiver
    ? parseAddress(opts.receiver, "command line", "--receiver")
    : undefined;
  // artifacts first: a missing compile or key fails before anything is sent
  const artifacts = {
    engineArtifact: engineArtifact(),
    verifierArtifact: verifierArtifact(instance.name),
    subAccountsArtifact: subAccountsArtifact(),
    poseidonArtifact,
  };
  const mockCollateral = market
    ? { artifact: mockTokenArtifact(), entries: market.collateral }
    : undefined;
  const conn = await connect(opts);
  try {
    const log = opts.json
      ? () => undefined
      : (l: string, g: bigint) => process.stderr.write(`  ${l.padEnd(58)} gas ${g}\n`);
    const { deployment, engine: d } = await deployVenue({
      deployer: await conn.signer(),
      chainId: conn.chainId,
      instance,
      ...artifacts,
      params,
      liquidationReceiver: receiver,
      tokens,
      mockCollateral,
      venues,
      riskOracles,
      validityTiers,
      onStep: log,
    });
    writeDeployment(opts.output, deployment);
    if (market && opts.marketOut) {
      const raw = readJsonFile(opts.mockCollateral as string);
      const tokenList = deployment.collateral.map((c) => c.token);
      writeFileAtomic(
        opts.marketOut,
        JSON.stringify(marketWithTokens(raw, tokenList), null, 2) + "\n",
      );
    }
    const total = d.gas.reduce((a, g) => a + g.gasUsed, 0n);
    out(
      opts,
      {
        ...deployment,
        gas: d.gas.map((g) => ({ step: g.step, gasUsed: str(g.gasUsed) })),
        inProcess: conn.inProcess,
      },
      `MarginEngine ${d.addresses.engine} (instance ${instance.name}, K = ${instance.K}, chain ${conn.chainId}, block ${d.blockNumber})\n` +
        `verifier ${d.addresses.verifier}, Poseidon(2) ${d.addresses.poseidon2}, balances hasher Poseidon(${d.balancesHasherWidth}) ${d.addresses.poseidonBalances}\n` +
        (d.addresses.subAccounts ? `sub-accounts router ${d.addresses.subAccounts}\n` : "") +
        `deployment written to ${opts.output} (total gas ${total})\n` +
        (opts.marketOut
          ? `market with the mock token addresses written to ${opts.marketOut}\n`
          : "") +
        (conn.inProcess
          ? "note: in-process network - this deployment is gone when the command exits\n"
          : ""),
    );
  } finally {
    conn.close();
  }
}
