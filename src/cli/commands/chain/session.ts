/**
 * Opening a chain command's session (endpoint, signer, deployment, engine client) and the
 * files and prover the commands share.
 */
import { type Signer, getAddress } from "ethers";
import {
  type Deployment,
  MAX_SUBACCOUNT_INDEX,
  MarginEngineClient,
  type Prover,
  type SubAccountRoute,
  SubAccountsClient,
  collateralBySymbol,
} from "../../../chain";
import { CheckFailedError, InputError } from "../../../errors";
import { type IntegerPortfolio, toIntegerPortfolio } from "../../../portfolio";
import { WitnessError, releaseProverThreads } from "../../../proof";
import type { RiskTable } from "../../../risk-table";
import {
  type ChainConnection,
  checkDeploymentChain,
  connectChain,
  engineArtifact,
  loadDeployment,
  parseAddress,
  subAccountsArtifact,
} from "../../../node/chain";
import { loadPortfolio, loadRiskTable } from "../../../node/load";
import { proveWithInstance } from "../../../node/prover";
import { stageTimer } from "../../progress";
import {
  type ChainCliOptions,
  type CliErrorMap,
  accountIndex,
  mapErrors,
  toCliError,
  uintOption,
} from "./options";

export interface Session {
  /** The deployment file. */
  file: string;
  conn: ChainConnection;
  signer: Signer;
  address: string;
  deployment: Deployment;
  engine: MarginEngineClient;
}

/** Connects as the options say (`--rpc`, `--private-key`, `--account-index`). */
export async function connect(opts: ChainCliOptions): Promise<ChainConnection> {
  const conn = await mapErrors(CONNECT_FLAGS, () =>
    connectChain({
      rpc: opts.rpc,
      privateKey: opts.privateKey,
      accountIndex: accountIndex(opts),
    }),
  );
  return {
    ...conn,
    signer: () => mapErrors(CONNECT_FLAGS, () => conn.signer()),
    unlockedSigner: (index) => mapErrors(CONNECT_FLAGS, () => conn.unlockedSigner(index)),
  };
}

/** The connection's arguments as the command line names them. */
const CONNECT_FLAGS: CliErrorMap = {
  flags: {
    rpc: "--rpc",
    accountIndex: "--account-index",
    privateKey: "--private-key",
    ZKMARGIN_PRIVATE_KEY: "ZKMARGIN_PRIVATE_KEY",
  },
};

async function openSession(opts: ChainCliOptions): Promise<Session> {
  const file = opts.deployment as string;
  const deployment = loadDeployment(file);
  const conn = await connect(opts);
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
  const address = getAddress(await signer.getAddress());
  return { file, conn, signer, address, deployment, engine };
}

/**
 * Runs `fn` with a session and always releases provider and prover threads; SDK errors are
 * reported with the command's flags (`errors`).
 */
export async function withSession<T>(
  opts: ChainCliOptions,
  fn: (s: Session) => Promise<T>,
  errors: CliErrorMap = {},
): Promise<T> {
  const s = await openSession(opts);
  try {
    return await fn(s);
  } catch (e) {
    throw toCliError(e, errors);
  } finally {
    s.conn.close();
    await releaseProverThreads();
  }
}

/** A risk table of the deployment's circuit instance. */
export function loadTable(file: string, deployment: Deployment): RiskTable {
  const table = loadRiskTable(file);
  if (table.instance.name !== deployment.instance || table.instance.K !== deployment.K)
    throw new InputError(
      file,
      "instance",
      `is "${table.instance.name}", the deployment's circuit instance is "${deployment.instance}"`,
    );
  return table;
}

export function loadIntegerPortfolio(file: string, table: RiskTable): IntegerPortfolio {
  return toIntegerPortfolio(loadPortfolio(file), table, file);
}

/** Node prover with a progress line per stage; a circuit refusal is a failed check (exit 1). */
export function cliProver(quiet: boolean): { prover: Prover; log: (line: string) => void } {
  const tick = stageTimer(quiet);
  const prover: Prover = async (input, instance) => {
    try {
      return await proveWithInstance(instance, input, (stage) => {
        if (stage === "prove") tick("computing witness and Groth16 proof");
      });
    } catch (e) {
      if (e instanceof WitnessError) throw new CheckFailedError(e.message);
      throw e;
    }
  };
  return { prover, log: tick };
}

/** `--token`: a collateral token by symbol (from the deployment) or address. */
export function tokenOption(s: Session, value: string): string {
  if (value.startsWith("0x")) return parseAddress(value, "command line", "--token");
  try {
    return collateralBySymbol(s.deployment, value, s.file);
  } catch (e) {
    throw toCliError(e, { flags: { token: "--token" } });
  }
}

/** The account a command acts on: the signer's own (0) or its sub-account `--subaccount n`. */
export interface AccountChoice {
  account: string;
  index: number;
  /** How the owner reaches the sub-account (absent for the main account). */
  route?: SubAccountRoute;
}

/**
 * `--subaccount n`: the signer's sub-account n through the deployment's router (0 or absent:
 * the signer's own account). A deployment without a router cannot address sub-accounts.
 */
export async function accountChoice(
  s: Session,
  subaccount: string | undefined,
): Promise<AccountChoice> {
  const index =
    subaccount === undefined
      ? 0
      : Number(uintOption(subaccount, "--subaccount", MAX_SUBACCOUNT_INDEX));
  if (index === 0) return { account: s.address, index };
  const router = subAccountsClient(s);
  return { account: await router.subAccount(s.address, index), index, route: { router, index } };
}

/** The deployment's sub-accounts router, as the signer. */
export function subAccountsClient(s: Session): SubAccountsClient {
  const address = s.deployment.addresses.subAccounts;
  if (address === undefined)
    throw new InputError(
      s.file,
      "addresses.subAccounts",
      "missing: this deployment has no sub-accounts router (deploy again to use sub-accounts)",
    );
  return new SubAccountsClient(address, subAccountsArtifact().abi, s.signer, s.engine.abi);
}
