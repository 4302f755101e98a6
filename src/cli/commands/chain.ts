/**
 * On-chain commands: `deploy`, `publish-epoch`, `attest`, `consent`, `deposit`, `withdraw`,
 * `submit`, `status`, `claim` and `keeper`, against any EVM JSON-RPC endpoint (`--rpc`) or, without it, an
 * in-process Hardhat network that is fresh for every command (for `demo`-style dry runs).
 */
import { Command, Option } from "commander";
import { type Signer, getAddress, formatUnits, Contract } from "ethers";
import {
  type ActionContext,
  DEFAULT_ATTESTATION_LIFETIME,
  DEFAULT_PARAMS,
  type Deployment,
  MarginEngineClient,
  type Prover,
  attestAndProve,
  attestationToJson,
  blockTime,
  checkFailed,
  accountStatus,
  collateralMismatches,
  deployEngine,
  deployMockCollateral,
  erc20,
  sendTx,
  keeperRound,
  marketWithTokens,
  parseAttestation,
  renew,
  signAttestation,
  signConsent,
  tableCollateralHash,
  withdraw,
} from "../../chain";
import { CheckFailedError, InputError } from "../../errors";
import { decimalToScaled, parseDecimal } from "../../decimal";
import { getInstance, instanceNames } from "../../instances";
import { parseMultiplier } from "../../margin";
import { positionCommitment, toIntegerPortfolio, type IntegerPortfolio } from "../../portfolio";
import { WitnessError, releaseProverThreads } from "../../proof";
import type { RiskTable } from "../../risk-table";
import {
  type ChainConnection,
  checkDeploymentChain,
  connectChain,
  engineArtifact,
  loadDeployment,
  mockTokenArtifact,
  parseAddress,
  poseidonArtifact,
  verifierArtifact,
  writeDeployment,
} from "../../node/chain";
import { readJsonFile, writeFileAtomic } from "../../node/files";
import { loadMarket, loadPortfolio, loadRiskTable } from "../../node/load";
import { proveWithInstance } from "../../node/prover";
import { stageTimer } from "../progress";
import { printJson } from "../run";

interface ChainCliOptions {
  rpc?: string;
  privateKey?: string;
  accountIndex?: string;
  deployment?: string;
  json?: boolean;
}

const IN_PROCESS_NOTE =
  "Without --rpc the command runs on an in-process Hardhat network that is FRESH FOR EVERY " +
  "COMMAND (nothing persists between commands): meant for `demo` and dry runs. Start a node " +
  "(`npx hardhat node`) or use any EVM endpoint with --rpc for a session.";

function chainCommand(cmd: Command, needsDeployment = true): Command {
  cmd
    .option(
      "--rpc <url>",
      "EVM JSON-RPC endpoint (default: in-process Hardhat network, fresh per command)",
    )
    .option(
      "--private-key <hex>",
      "signer key (else env ZKMARGIN_PRIVATE_KEY, else an unlocked node account)",
    )
    .option("--account-index <n>", "unlocked account of the node to sign with", "0")
    .option("--json", "machine-readable output")
    .addHelpText("after", `\n${IN_PROCESS_NOTE}\n`);
  if (needsDeployment)
    cmd.requiredOption(
      "--deployment <deployment.json>",
      "deployment file written by `zkmargin deploy`",
    );
  return cmd;
}

function accountIndex(opts: ChainCliOptions): number {
  const s = opts.accountIndex ?? "0";
  if (!/^(0|[1-9][0-9]{0,3})$/.test(s))
    throw new InputError("command line", "--account-index", "must be a non-negative integer");
  return Number(s);
}

interface Session {
  conn: ChainConnection;
  signer: Signer;
  address: string;
  deployment: Deployment;
  engine: MarginEngineClient;
}

async function openSession(opts: ChainCliOptions): Promise<Session> {
  const file = opts.deployment as string;
  const deployment = loadDeployment(file);
  const conn = await connectChain({
    rpc: opts.rpc,
    privateKey: opts.privateKey,
    accountIndex: accountIndex(opts),
  });
  checkDeploymentChain(deployment, conn.chainId, file);
  if ((await conn.provider.getCode(deployment.addresses.engine)) === "0x")
    throw new InputError(
      file,
      "addresses.engine",
      `no contract at ${deployment.addresses.engine} on chain ${conn.chainId}` +
        (conn.inProcess ? " (the in-process network is fresh for every command: use --rpc)" : ""),
    );
  const signer = await conn.signer();
  const engine = new MarginEngineClient(deployment.addresses.engine, engineArtifact().abi, signer);
  return { conn, signer, address: getAddress(await signer.getAddress()), deployment, engine };
}

/** Runs `fn` with a session and always releases provider and prover threads. */
async function withSession<T>(opts: ChainCliOptions, fn: (s: Session) => Promise<T>): Promise<T> {
  const s = await openSession(opts);
  try {
    return await fn(s);
  } finally {
    s.conn.close();
    await releaseProverThreads();
  }
}

function loadTable(file: string, deployment: Deployment): RiskTable {
  const table = loadRiskTable(file);
  if (table.instance.name !== deployment.instance || table.instance.K !== deployment.K)
    throw new InputError(
      file,
      "instance",
      `is "${table.instance.name}", the deployment's circuit instance is "${deployment.instance}"`,
    );
  return table;
}

function loadIntegerPortfolio(file: string, table: RiskTable): IntegerPortfolio {
  return toIntegerPortfolio(loadPortfolio(file), table, file);
}

/** Node prover with a progress line per stage; a circuit refusal is a failed check (exit 1). */
function cliProver(quiet: boolean): { prover: Prover; log: (line: string) => void } {
  const tick = stageTimer(quiet);
  const prover: Prover = async (input, instance) => {
    try {
      return await proveWithInstance(instance, input as never, (stage) => {
        if (stage === "prove") tick("computing witness and Groth16 proof");
      });
    } catch (e) {
      if (e instanceof WitnessError) throw new CheckFailedError(e.message);
      throw e;
    }
  };
  return { prover, log: tick };
}

/** A collateral token by symbol (from the deployment) or address. */
function resolveToken(d: Deployment, value: string, file: string): string {
  if (value.startsWith("0x")) return parseAddress(value, "command line", "--token");
  const c = d.collateral.find((x) => x.symbol === value);
  if (!c)
    throw new InputError(
      "command line",
      "--token",
      `unknown symbol "${value}" (the deployment ${file} has ${d.collateral.map((x) => x.symbol).join(", ") || "no collateral"}; or give an address)`,
    );
  return c.token;
}

async function parseAmount(
  token: Contract,
  value: string,
): Promise<{ amount: bigint; decimals: number }> {
  const decimals = Number(await token.getFunction("decimals").staticCall());
  const d = parseDecimal(value);
  const amount = d ? decimalToScaled(d, decimals) : undefined;
  if (amount === undefined || amount <= 0n)
    throw new InputError(
      "command line",
      "--amount",
      `${JSON.stringify(value)}: must be a positive decimal with at most ${decimals} decimals`,
    );
  return { amount, decimals };
}

const str = (x: bigint | number) => x.toString();
const iso = (t: bigint) => (t === 0n ? "never" : new Date(Number(t) * 1000).toISOString());

function out(opts: ChainCliOptions, json: unknown, text: string): void {
  if (opts.json) printJson(json);
  else process.stdout.write(text.endsWith("\n") ? text : text + "\n");
}

// ---------------------------------------------------------------- deploy

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
}

function uintOption(value: string, name: string, max: number): bigint {
  if (!/^(0|[1-9][0-9]{0,9})$/.test(value) || Number(value) > max)
    throw new InputError("command line", name, `must be an integer 0..${max}`);
  return BigInt(value);
}

function registerDeploy(program: Command): void {
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
    .option("--maintenance <m>", "maintenance multiplier (renewals)", "1.0")
    .option("--initial <m>", "initial multiplier (withdrawals)", "1.5")
    .option(
      "--keeper-reward-bps <bps>",
      "keeper's share of seized collateral",
      DEFAULT_PARAMS.keeperRewardBps.toString(),
    )
    .addHelpText(
      "after",
      "\nThe deployer gets DEFAULT_ADMIN_ROLE and, for single-key development, RISK_ROLE, VENUE_ROLE and\n" +
        "COLLATERAL_ROLE too. The verifier comes from contracts/generated/ (`npm run circuits`, then\n" +
        "`npx hardhat compile`) and is checked against build/<instance>/verification_key.json.\n",
    )
    .action(async (opts: DeployOptions) => {
      const instance = getInstance(opts.instance);
      if (opts.tokens && opts.mockCollateral)
        throw new InputError("command line", "--tokens", "not together with --mock-collateral");
      if (opts.marketOut && !opts.mockCollateral)
        throw new InputError("command line", "--market-out", "needs --mock-collateral");
      const params = {
        proofTtl: uintOption(opts.proofTtl, "--proof-ttl", 30 * 86400),
        grace: uintOption(opts.grace, "--grace", 7 * 86400),
        maintenanceMultiplier: parseMultiplier(opts.maintenance, "--maintenance"),
        initialMultiplier: parseMultiplier(opts.initial, "--initial"),
        keeperRewardBps: uintOption(opts.keeperRewardBps, "--keeper-reward-bps", 1000),
      };
      const market = opts.mockCollateral ? loadMarket(opts.mockCollateral) : undefined;
      if (market && market.collateral.length > instance.K)
        throw new InputError(
          opts.mockCollateral as string,
          "collateral",
          `${market.collateral.length} tokens exceed the ${instance.K} slots of instance ${instance.name}`,
        );
      const tokenList = opts.tokens
        ? opts.tokens
            .split(",")
            .map((t, i) => parseAddress(t.trim(), "command line", `--tokens[${i}]`))
        : [];
      if (tokenList.length > instance.K)
        throw new InputError("command line", "--tokens", `more than K = ${instance.K} tokens`);
      const venues = (opts.venue ?? []).map((a) => parseAddress(a, "command line", "--venue"));
      const oracles = (opts.riskOracle ?? []).map((a) =>
        parseAddress(a, "command line", "--risk-oracle"),
      );
      const receiver = opts.receiver
        ? parseAddress(opts.receiver, "command line", "--receiver")
        : undefined;
      // artifacts first: a missing compile or key fails before anything is sent
      const artifacts = {
        engineArtifact: engineArtifact(),
        verifierArtifact: verifierArtifact(instance.name),
        poseidonArtifact,
      };
      const mockArt = market ? mockTokenArtifact() : undefined;
      const conn = await connectChain({
        rpc: opts.rpc,
        privateKey: opts.privateKey,
        accountIndex: accountIndex(opts),
      });
      try {
        const deployer = await conn.signer();
        const me = getAddress(await deployer.getAddress());
        const log = opts.json
          ? () => undefined
          : (l: string, g: bigint) => process.stderr.write(`  ${l.padEnd(58)} gas ${g}\n`);
        const collateral: Deployment["collateral"] = [];
        if (market && mockArt) {
          const mocks = await deployMockCollateral(deployer, mockArt, market.collateral);
          mocks.forEach((m, slot) => {
            log(`mock ${m.symbol} (${m.decimals} decimals) ${m.token}`, m.gasUsed);
            collateral.push({
              slot,
              token: m.token,
              symbol: m.symbol,
              decimals: m.decimals,
              mock: true,
            });
          });
        }
        for (const [slot, token] of tokenList.entries()) {
          const t = erc20(token, conn.provider);
          let symbol = `SLOT${slot}`;
          let decimals = 0;
          try {
            symbol = String(await t.getFunction("symbol").staticCall());
            decimals = Number(await t.getFunction("decimals").staticCall());
          } catch {
            throw new InputError(
              "command line",
              `--tokens[${slot}]`,
              `${token} is not an ERC-20 with symbol() and decimals()`,
            );
          }
          collateral.push({ slot, token, symbol, decimals, mock: false });
        }
        const d = await deployEngine({
          deployer,
          instance,
          ...artifacts,
          params,
          liquidationReceiver: receiver,
          roles: {
            RISK_ROLE: [me, ...oracles],
            VENUE_ROLE: [me, ...venues],
            COLLATERAL_ROLE: [me],
          },
          collateral: collateral.map((c) => c.token),
          onStep: log,
        });
        const deployment: Deployment = {
          version: 1,
          chainId: conn.chainId,
          instance: instance.name,
          K: instance.K,
          block: d.blockNumber,
          addresses: d.addresses,
          collateral,
        };
        writeDeployment(opts.output, deployment);
        if (market && opts.marketOut) {
          const raw = readJsonFile(opts.mockCollateral as string);
          writeFileAtomic(
            opts.marketOut,
            JSON.stringify(
              marketWithTokens(
                raw,
                collateral.map((c) => c.token),
              ),
              null,
              2,
            ) + "\n",
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
    });
}

// ---------------------------------------------------------------- publish-epoch

function registerPublishEpoch(program: Command): void {
  chainCommand(
    program
      .command("publish-epoch")
      .description("publish a risk table's epoch and root on the engine (RISK_ROLE)"),
  )
    .requiredOption("--risk <risk.json>", "risk table built by `zkmargin risk build`")
    .action(async (opts: ChainCliOptions & { risk: string }) =>
      withSession(opts, async (s) => {
        const table = loadTable(opts.risk, s.deployment);
        const bad = collateralMismatches(table, await s.engine.collateralTokens());
        if (bad.length > 0)
          throw checkFailed(
            "CollateralMismatch",
            `the risk table's collateral is not the engine's slots: ${bad.join("; ")}`,
          );
        const hash = tableCollateralHash(table);
        const engineHash = await s.engine.collateralHash();
        if (hash !== engineHash)
          throw checkFailed(
            "CollateralMismatch",
            `the risk table's slot tokens hash to ${hash}, the engine's to ${engineHash} (a slot the table leaves empty holds a token on the engine, or the other way round)`,
          );
        const now = await blockTime(s.conn.provider);
        const { proofTtl } = await s.engine.params();
        const ts = BigInt(table.timestamp);
        if (ts > now)
          throw checkFailed(
            "InvalidTimestamp",
            `the risk table's timestamp ${ts} is after the chain's time ${now}`,
          );
        if (ts + proofTtl <= now)
          throw checkFailed(
            "StaleEpoch",
            `timestamp ${ts} + proofTtl ${proofTtl} is not after the chain's time ${now}: the engine refuses a stale epoch (rebuild the risk table at the current time)`,
          );
        const tx = await s.engine.publishEpoch(table.epoch, table.riskRoot, table.timestamp, hash);
        const { expiry } = await s.engine.epoch(table.epoch);
        out(
          opts,
          {
            epoch: table.epoch,
            riskRoot: str(table.riskRoot),
            timestamp: table.timestamp,
            expiry: str(expiry),
            collateralHash: hash,
            tx: tx.hash,
            gasUsed: str(tx.gasUsed),
          },
          `published epoch ${table.epoch} (root ${table.riskRoot}, timestamp ${table.timestamp}); proofs against it valid until ${iso(expiry)}; gas ${tx.gasUsed}`,
        );
      }),
    );
}

// ---------------------------------------------------------------- attest

function registerAttest(program: Command): void {
  chainCommand(
    program
      .command("attest")
      .description(
        "venue: sign an EIP-712 attestation of a portfolio's position commitment (prints the signature JSON)",
      ),
  )
    .argument("<portfolio.json>", "the account's portfolio (the venue knows its positions)")
    .requiredOption(
      "--risk <risk.json>",
      "risk table (fixes the circuit instance, hence the commitment layout)",
    )
    .option("--nonce <n>", "attestation nonce (default: the account's next nonce on the engine)")
    .option("--deadline <unix>", "last second (unix time) the engine accepts the attestation")
    .option(
      "--valid-for <seconds>",
      `or: the attestation's lifetime from the chain's current time (default ${DEFAULT_ATTESTATION_LIFETIME})`,
    )
    .option("-o, --output <attestation.json>", "also write the attestation to this file")
    .action(
      async (
        portfolioFile: string,
        opts: ChainCliOptions & {
          risk: string;
          nonce?: string;
          deadline?: string;
          validFor?: string;
          output?: string;
        },
      ) =>
        withSession(opts, async (s) => {
          const table = loadTable(opts.risk, s.deployment);
          const p = loadIntegerPortfolio(portfolioFile, table);
          const account = getAddress(p.accountAddress);
          const commitment = positionCommitment(p, table.instance);
          if (opts.nonce !== undefined && !/^(0|[1-9][0-9]{0,18})$/.test(opts.nonce))
            throw new InputError("command line", "--nonce", "must be a non-negative integer");
          if (opts.deadline !== undefined && opts.validFor !== undefined)
            throw new InputError("command line", "--deadline", "not together with --valid-for");
          const now = await blockTime(s.conn.provider);
          let deadline: bigint;
          if (opts.deadline !== undefined) {
            if (!/^[1-9][0-9]{0,18}$/.test(opts.deadline) || BigInt(opts.deadline) >= 1n << 64n)
              throw new InputError("command line", "--deadline", "must be a unix time in seconds");
            deadline = BigInt(opts.deadline);
            if (deadline <= now)
              throw new InputError(
                "command line",
                "--deadline",
                `${deadline} is not after the chain's time ${now}`,
              );
          } else {
            const validFor =
              opts.validFor !== undefined
                ? uintOption(opts.validFor, "--valid-for", 365 * 86400)
                : DEFAULT_ATTESTATION_LIFETIME;
            if (validFor < 1n)
              throw new InputError("command line", "--valid-for", "must be at least 1");
            deadline = now + validFor;
          }
          const nonce =
            opts.nonce !== undefined
              ? BigInt(opts.nonce)
              : (await s.engine.accountState(account)).attestationNonce;
          if (!(await s.engine.hasRole("VENUE_ROLE", s.address)))
            throw checkFailed(
              "UnauthorizedAttester",
              `the signer ${s.address} does not hold VENUE_ROLE`,
            );
          const att = await signAttestation(
            s.signer,
            s.engine,
            account,
            commitment,
            nonce,
            deadline,
          );
          const json = attestationToJson(att);
          if (opts.output) writeFileAtomic(opts.output, JSON.stringify(json, null, 2) + "\n");
          printJson(json);
        }),
    );
}

// ---------------------------------------------------------------- consent

function registerConsent(program: Command): void {
  chainCommand(
    program
      .command("consent")
      .description(
        "account: sign the EIP-712 consent that lets someone else submit your attestation (submit --consent)",
      ),
  )
    .requiredOption("--attestation <attestation.json>", "the venue's attestation for the signer")
    .action(async (opts: ChainCliOptions & { attestation: string }) =>
      withSession(opts, async (s) => {
        const att = parseAttestation(readJsonFile(opts.attestation), opts.attestation);
        if (getAddress(att.account) !== s.address)
          throw new InputError(
            opts.attestation,
            "account",
            `is ${att.account}; only that account can consent (the signer is ${s.address})`,
          );
        if (getAddress(att.engine) !== getAddress(s.engine.address))
          throw new InputError(
            opts.attestation,
            "engine",
            `is ${att.engine}, not this deployment's ${s.engine.address}`,
          );
        const signature = await signConsent(s.signer, s.engine, att);
        out(
          opts,
          {
            account: s.address,
            nonce: str(att.nonce),
            deadline: str(att.deadline),
            consent: signature,
          },
          signature,
        );
      }),
    );
}

// ---------------------------------------------------------------- deposit

function registerDeposit(program: Command): void {
  chainCommand(
    program
      .command("deposit")
      .description("deposit collateral into the signer's account (approves the engine if needed)"),
  )
    .requiredOption(
      "--token <symbol|address>",
      "collateral token (symbol from the deployment, or address)",
    )
    .requiredOption("--amount <decimal>", "amount in whole tokens, e.g. 1000.5")
    .option(
      "--mint",
      "LOCAL USE: first mint the amount of a mock token (deploy --mock-collateral) to the signer",
    )
    .action(async (opts: ChainCliOptions & { token: string; amount: string; mint?: boolean }) =>
      withSession(opts, async (s) => {
        const tokenAddr = resolveToken(s.deployment, opts.token, opts.deployment as string);
        const token = erc20(tokenAddr, s.signer);
        const { amount, decimals } = await parseAmount(token, opts.amount);
        const gas: Array<[string, bigint]> = [];
        const errors = s.engine.errors;

        if (opts.mint) {
          const c = s.deployment.collateral.find(
            (x) => getAddress(x.token) === getAddress(tokenAddr),
          );
          if (!c?.mock)
            throw new InputError(
              "command line",
              "--mint",
              `${tokenAddr} is not a mock token of this deployment`,
            );
          const mock = new Contract(tokenAddr, mockTokenArtifact().abi, s.signer);
          gas.push(["mint", (await sendTx(mock, "mint", [s.address, amount], errors)).gasUsed]);
        }
        const allowance = BigInt(
          await token.getFunction("allowance").staticCall(s.address, s.engine.address),
        );
        if (allowance < amount)
          gas.push([
            "approve",
            (await sendTx(token, "approve", [s.engine.address, amount], errors)).gasUsed,
          ]);
        const tx = await s.engine.deposit(tokenAddr, amount);
        gas.push(["deposit", tx.gasUsed]);
        const st = await s.engine.accountState(s.address);
        const slot = (await s.engine.collateralTokens()).findIndex(
          (t) => getAddress(t) === getAddress(tokenAddr),
        );
        out(
          opts,
          {
            account: s.address,
            token: tokenAddr,
            amount: str(amount),
            balance: str(st.balances[slot]),
            stateHash: str(st.stateHash),
            tx: tx.hash,
            gas: Object.fromEntries(gas.map(([k, v]) => [k, str(v)])),
          },
          `deposited ${formatUnits(amount, decimals)} (${tokenAddr}) for ${s.address}; balance ${formatUnits(st.balances[slot], decimals)}; ` +
            gas.map(([k, v]) => `${k} gas ${v}`).join(", "),
        );
      }),
    );
}

// ---------------------------------------------------------------- withdraw

function registerWithdraw(program: Command): void {
  chainCommand(
    program
      .command("withdraw")
      .description(
        "withdraw collateral; with positions, proves the post-withdrawal balances at the initial multiplier against the latest epoch (refused before proving when they would not suffice: exit 1)",
      ),
  )
    .argument("[portfolio.json]", "the signer's portfolio (needed when the account has positions)")
    .option("--risk <risk.json>", "risk table of the latest epoch (needed with positions)")
    .requiredOption("--token <symbol|address>", "collateral token")
    .requiredOption("--amount <decimal>", "amount in whole tokens")
    .action(
      async (
        portfolioFile: string | undefined,
        opts: ChainCliOptions & { risk?: string; token: string; amount: string },
      ) =>
        withSession(opts, async (s) => {
          const tokenAddr = resolveToken(s.deployment, opts.token, opts.deployment as string);
          const { amount, decimals } = await parseAmount(
            erc20(tokenAddr, s.conn.provider),
            opts.amount,
          );
          const hasPositions = (await s.engine.accountState(s.address)).commitment !== 0n;
          let table: RiskTable | undefined;
          let portfolio: IntegerPortfolio | null = null;
          if (hasPositions) {
            if (!opts.risk)
              throw new InputError("command line", "--risk", "required: the account has positions");
            if (!portfolioFile)
              throw new InputError(
                "command line",
                "<portfolio.json>",
                "required: the account has positions",
              );
            table = loadTable(opts.risk, s.deployment);
            portfolio = loadIntegerPortfolio(portfolioFile, table);
          }
          const { prover, log } = cliProver(Boolean(opts.json));
          const ctx: ActionContext = {
            engine: s.engine,
            table: table as RiskTable,
            prover,
            log,
            riskFile: opts.risk,
          };
          const r = await withdraw(ctx, portfolio, s.address, tokenAddr, amount);
          out(
            opts,
            {
              account: s.address,
              token: tokenAddr,
              amount: str(amount),
              proved: r.proof !== null,
              tx: r.tx.hash,
              gasUsed: str(r.tx.gasUsed),
            },
            `withdrew ${formatUnits(amount, decimals)} (${tokenAddr}) to ${s.address}${r.proof ? " with a proof at the initial multiplier" : ""}; gas ${r.tx.gasUsed}`,
          );
        }),
    );
}

// ---------------------------------------------------------------- submit

function registerSubmit(program: Command): void {
  chainCommand(
    program
      .command("submit")
      .description(
        "prove a portfolio's solvency and submit it: submitProof (renewal) or, with --attestation, attestAndProve (new commitment)",
      ),
  )
    .argument("<portfolio.json>", "the account's portfolio")
    .requiredOption("--risk <risk.json>", "risk table of a published epoch")
    .option(
      "--attestation <attestation.json>",
      "venue attestation from `zkmargin attest`: make this portfolio the account's commitment (sent by the account itself)",
    )
    .option(
      "--consent <hex>",
      "with --attestation: the account's consent signature (`zkmargin consent`), to submit for another account",
    )
    .option("--proof-out <proof.json>", "also write the proof file")
    .action(
      async (
        portfolioFile: string,
        opts: ChainCliOptions & {
          risk: string;
          attestation?: string;
          consent?: string;
          proofOut?: string;
        },
      ) =>
        withSession(opts, async (s) => {
          if (opts.consent !== undefined && !opts.attestation)
            throw new InputError("command line", "--consent", "needs --attestation");
          if (opts.consent !== undefined && !/^0x([0-9a-fA-F]{2})+$/.test(opts.consent))
            throw new InputError(
              "command line",
              "--consent",
              "must be a 0x-prefixed hex signature",
            );
          const table = loadTable(opts.risk, s.deployment);
          const portfolio = loadIntegerPortfolio(portfolioFile, table);
          const att = opts.attestation
            ? parseAttestation(readJsonFile(opts.attestation), opts.attestation)
            : undefined;
          if (att && att.chainId !== BigInt(s.conn.chainId))
            throw new InputError(
              opts.attestation as string,
              "chainId",
              `is ${att.chainId}, the endpoint is chain ${s.conn.chainId}`,
            );
          const { prover, log } = cliProver(Boolean(opts.json));
          const ctx: ActionContext = { engine: s.engine, table, prover, log, riskFile: opts.risk };
          const r = att
            ? await attestAndProve(ctx, portfolio, att, opts.attestation, opts.consent)
            : await renew(ctx, portfolio);
          const method = att
            ? getAddress(portfolio.accountAddress) === s.address
              ? "attestAndProve"
              : "attestAndProveFor"
            : "submitProof";
          if (opts.proofOut)
            writeFileAtomic(opts.proofOut, JSON.stringify(r.proof, null, 2) + "\n");
          const st = await s.engine.accountState(getAddress(portfolio.accountAddress));
          out(
            opts,
            {
              account: getAddress(portfolio.accountAddress),
              method,
              epoch: str(r.epoch),
              validUntil: str(st.validUntil),
              tx: r.tx.hash,
              gasUsed: str(r.tx.gasUsed),
              unsafeDevelopmentKeys: r.proof.unsafeDevelopmentKeys,
            },
            `${method} accepted for ${getAddress(portfolio.accountAddress)} against epoch ${r.epoch}: valid until ${iso(st.validUntil)}; gas ${r.tx.gasUsed}` +
              (r.proof.unsafeDevelopmentKeys
                ? "\nwarning: proved with DEVELOPMENT keys - unsafe for production"
                : ""),
          );
        }),
    );
}

// ---------------------------------------------------------------- status

function registerStatus(program: Command): void {
  chainCommand(
    program
      .command("status")
      .description(
        "an account's on-chain state: proof validity, lapse time, liquidatable, balances, liquidation credits; the engine's pause, risk-oracle liveness and stress declarations",
      ),
  )
    .argument("[account]", "account address or a portfolio.json naming it (default: the signer)")
    .action(async (who: string | undefined, opts: ChainCliOptions) =>
      withSession(opts, async (s) => {
        let account = s.address;
        if (who !== undefined) {
          if (who.startsWith("0x")) account = parseAddress(who, "command line", "<account>");
          else {
            const raw = readJsonFile(who) as { account?: unknown };
            if (typeof raw?.account !== "string") throw new InputError(who, "account", "missing");
            account = parseAddress(raw.account, who, "account");
          }
        }
        const st = await accountStatus(s.engine, account, s.conn.provider);
        const syms = new Map(s.deployment.collateral.map((c) => [c.slot, c]));
        const balances = st.state.balances.map((b, slot) => {
          const c = syms.get(slot);
          return {
            slot,
            symbol: c?.symbol ?? null,
            token: st.tokens[slot],
            amount: c ? formatUnits(b, c.decimals) : b.toString(),
            raw: str(b),
          };
        });
        const credits = st.claimable
          .map((amount, slot) => {
            const c = syms.get(slot);
            return {
              slot,
              symbol: c?.symbol ?? null,
              token: st.tokens[slot],
              amount: c ? formatUnits(amount, c.decimals) : amount.toString(),
              raw: str(amount),
            };
          })
          .filter((c) => c.raw !== "0");
        const lv = st.liveness;
        const oracleLive = lv.latestExpiry > st.now;
        const liveness = {
          paused: lv.paused,
          withdrawalsSuspended: lv.withdrawalsSuspended,
          oracleLive,
          latestExpiry: str(lv.latestExpiry),
          liveSince: str(lv.liveSince),
          resumeAt: str(lv.resumeAt),
          stressDeclarations: st.declarations.length,
          stressEpoch: str(st.stress.epoch),
        };
        const json = {
          account,
          status: st.status,
          liquidatable: st.liquidatable,
          now: str(st.now),
          validUntil: str(st.state.validUntil),
          liquidatableAfter: st.liquidatableAfter === null ? null : str(st.liquidatableAfter),
          engineLiquidatableAfter:
            st.engineLiquidatableAfter === null ? null : str(st.engineLiquidatableAfter),
          provenEpoch: str(st.state.provenEpoch),
          latestEpoch: str(st.latestEpoch),
          commitment: str(st.state.commitment),
          stateHash: str(st.state.stateHash),
          attestationNonce: str(st.state.attestationNonce),
          frozen: st.state.frozen,
          balances,
          claimable: credits,
          liveness,
        };
        const left = st.state.validUntil - st.now;
        const engineState = [
          lv.paused ? "PAUSED (no attestations, no liquidations)" : "running",
          oracleLive
            ? `risk oracle live since ${iso(lv.liveSince)}, latest epoch fresh until ${iso(lv.latestExpiry)}`
            : `RISK ORACLE DOWN (latest epoch expired ${iso(lv.latestExpiry)}): no liquidations`,
          `${st.declarations.length} stress declaration${st.declarations.length === 1 ? "" : "s"}${st.declarations.length ? ` (latest: epoch ${st.stress.epoch})` : ""}`,
          ...(lv.withdrawalsSuspended ? ["proof-gated withdrawals SUSPENDED"] : []),
        ].join("; ");
        out(
          opts,
          json,
          [
            `account ${account}: ${st.status.toUpperCase()}${st.liquidatable ? " (liquidatable now)" : ""}`,
            `  valid until      ${iso(st.state.validUntil)}${st.state.validUntil > 0n ? ` (${left >= 0n ? `${left} s left` : `${-left} s ago`})` : ""}`,
            `  liquidatable     ${st.liquidatableAfter === null ? "never (no positions or frozen)" : `after ${iso(st.liquidatableAfter)}${lv.paused || !oracleLive ? " (held while paused or the oracle is down)" : ""}`}`,
            `  proven epoch     ${st.state.provenEpoch} (latest ${st.latestEpoch})`,
            `  commitment       ${st.state.commitment === 0n ? "none" : st.state.commitment}`,
            `  next nonce       ${st.state.attestationNonce}`,
            ...balances
              .filter((b) => b.raw !== "0")
              .map((b) => `  ${(b.symbol ?? `slot ${b.slot}`).padEnd(16)} ${b.amount}`),
            ...credits.map(
              (c) =>
                `  claimable        ${c.amount} ${c.symbol ?? c.token} (liquidation credit: zkmargin claim --token ${c.symbol ?? c.token})`,
            ),
            `  engine           ${engineState}`,
          ].join("\n"),
        );
        if (
          st.liquidatable !== (st.status === "liquidatable") ||
          st.liquidatableAfter !== st.engineLiquidatableAfter
        )
          process.stderr.write(
            "warning: the engine's isLiquidatable / liquidatableAfter disagrees with the SDK's lapse rules\n",
          );
      }),
    );
}

// ---------------------------------------------------------------- claim

function registerClaim(program: Command): void {
  chainCommand(
    program
      .command("claim")
      .description(
        "claim the signer's liquidation credits of a token (keeper rewards, the liquidation receiver's share)",
      ),
  )
    .requiredOption("--token <symbol|address>", "collateral token")
    .action(async (opts: ChainCliOptions & { token: string }) =>
      withSession(opts, async (s) => {
        const tokenAddr = resolveToken(s.deployment, opts.token, opts.deployment as string);
        const decimals =
          s.deployment.collateral.find((c) => getAddress(c.token) === getAddress(tokenAddr))
            ?.decimals ?? 0;
        const amount = await s.engine.claimable(s.address, tokenAddr);
        // no pre-check: the engine's own refusal (NothingToClaim, a token refusing) is the answer
        const tx = await s.engine.claim(tokenAddr);
        out(
          opts,
          {
            recipient: s.address,
            token: tokenAddr,
            amount: str(amount),
            tx: tx.hash,
            gasUsed: str(tx.gasUsed),
          },
          `claimed ${formatUnits(amount, decimals)} (${tokenAddr}) to ${s.address}; gas ${tx.gasUsed}`,
        );
      }),
    );
}

// ---------------------------------------------------------------- keeper

interface KeeperOptions extends ChainCliOptions {
  portfolio?: string[];
  risk?: string[];
  once?: boolean;
  interval: string;
  maxRounds?: string;
  renewBefore: string;
}

function registerKeeper(program: Command): void {
  chainCommand(
    program
      .command("keeper")
      .description(
        "watch the engine: renew own accounts (given their portfolios) before they lapse, liquidate lapsed ones (not while paused or the risk oracle is down), claim the rewards",
      ),
  )
    .option(
      "--portfolio <portfolio.json...>",
      "portfolios of accounts this keeper renews (never liquidates)",
    )
    .option(
      "--risk <risk.json...>",
      "risk tables to prove against (the engine's latest epoch is used)",
    )
    .option("--once", "a single round, then exit")
    .option("--interval <seconds>", "seconds between rounds, 1..3600", "15")
    .option("--max-rounds <n>", "stop after n rounds (default: run until interrupted)")
    .option("--renew-before <seconds>", "renew own accounts this long before validUntil", "600")
    .action(async (opts: KeeperOptions) =>
      withSession(opts, async (s) => {
        const interval = Number(uintOption(opts.interval, "--interval", 3600));
        if (interval < 1) throw new InputError("command line", "--interval", "must be at least 1");
        const maxRounds = opts.once
          ? 1
          : opts.maxRounds
            ? Number(uintOption(opts.maxRounds, "--max-rounds", 1e9))
            : Infinity;
        const renewBefore = uintOption(opts.renewBefore, "--renew-before", 30 * 86400);
        const tables = (opts.risk ?? []).map((f) => loadTable(f, s.deployment));
        if ((opts.portfolio ?? []).length > 0 && tables.length === 0)
          throw new InputError(
            "command line",
            "--risk",
            "required with --portfolio (the keeper proves renewals)",
          );
        const portfolios = (opts.portfolio ?? []).map((f) => loadIntegerPortfolio(f, tables[0]));
        const { prover } = cliProver(Boolean(opts.json));
        const collateralOf = (t: string) =>
          s.deployment.collateral.find((c) => getAddress(c.token) === getAddress(t));
        const tokenName = (t: string) => collateralOf(t)?.symbol ?? t;
        const tokenAmount = (t: string, amount: bigint) =>
          `${formatUnits(amount, collateralOf(t)?.decimals ?? 0)} ${tokenName(t)}`;
        const reports = [];
        for (let round = 1; round <= maxRounds; round++) {
          const r = await keeperRound({
            engine: s.engine,
            provider: s.conn.provider,
            fromBlock: s.deployment.block,
            portfolios,
            tables,
            prover,
            renewBefore,
            log: opts.json ? undefined : (l) => process.stderr.write(`  ${l}\n`),
          });
          reports.push({
            round,
            now: str(r.now),
            accounts: r.accounts,
            renewed: r.renewed.map((x) => ({
              account: x.account,
              epoch: str(x.epoch),
              validUntil: str(x.validUntil),
              gasUsed: str(x.gasUsed),
            })),
            liquidated: r.liquidated.map((x) => ({ account: x.account, gasUsed: str(x.gasUsed) })),
            claimed: r.claimed.map((x) => ({
              token: x.token,
              amount: str(x.amount),
              gasUsed: str(x.gasUsed),
            })),
            claimFailed: r.claimFailed.map((x) => ({ ...x, amount: str(x.amount) })),
            held: r.plan.held,
            stuck: r.plan.stuck,
            skipped: r.skipped,
            nextDue: r.plan.nextDue === null ? null : str(r.plan.nextDue),
          });
          if (!opts.json)
            process.stdout.write(
              `round ${round} at ${iso(r.now)}: ${r.accounts} accounts, renewed ${r.renewed.length}, liquidated ${r.liquidated.length}` +
                (r.liquidated.length
                  ? ` (${r.liquidated.map((x) => `${x.account} gas ${x.gasUsed}`).join(", ")})`
                  : "") +
                `, claimed ${r.claimed.length}` +
                (r.claimed.length
                  ? ` (${r.claimed.map((x) => `${tokenAmount(x.token, x.amount)} gas ${x.gasUsed}`).join(", ")})`
                  : "") +
                (r.claimFailed.length
                  ? `, ${r.claimFailed.length} claim(s) failed (${r.claimFailed.map((x) => `${tokenName(x.token)}: ${x.reason}`).join(", ")})`
                  : "") +
                (r.plan.held !== null ? `; liquidation held: ${r.plan.held}` : "") +
                `${r.plan.nextDue !== null ? `; next due ${iso(r.plan.nextDue)}` : ""}\n`,
            );
          if (round < maxRounds) await new Promise((res) => setTimeout(res, interval * 1000));
        }
        if (opts.json) printJson({ rounds: reports });
      }),
    );
}

/** Registers every on-chain command. */
export function registerChainCommands(program: Command): void {
  registerDeploy(program);
  registerPublishEpoch(program);
  registerAttest(program);
  registerConsent(program);
  registerDeposit(program);
  registerWithdraw(program);
  registerSubmit(program);
  registerStatus(program);
  registerClaim(program);
  registerKeeper(program);
}
