/**
 * Node side of the chain module: contract artifacts (Hardhat's artifacts/ and circomlibjs
 * Poseidon bytecode), the connection (any JSON-RPC endpoint, or an in-process Hardhat
 * network), signers, and deployment files.
 */
import fs from "node:fs";
import path from "node:path";
import {
  BrowserProvider,
  type Eip1193Provider,
  JsonRpcProvider,
  Network,
  type Provider,
  type Signer,
  Wallet,
  getAddress,
  toBeHex,
} from "ethers";
import { ArgumentError, InputError } from "../errors";
import { addressRule } from "../format";
import type { ContractArtifact } from "../chain/types";
import { type Deployment, parseDeployment } from "../chain/deployment";
import { batchVerifierContractName } from "./pipeline/batch-verifier";
import {
  artifactPaths,
  hardhatConfigPath,
  loadHardhatArtifact,
  projectRoot,
  requireArtifacts,
} from "./artifacts";
import { readJsonFile, writeFileAtomic } from "./files";

// circomlibjs ships no types; its generated ABI (legacy `constant`/`payable` keys and an
// overloaded `poseidon`) works with ethers v6 as long as calls name the overload.
interface PoseidonContractGen {
  createCode(n: number): string;
  generateABI(n: number): unknown[];
}

/** circomlibjs's Poseidon(n) contract (bytecode generated in JS, not compiled Solidity). */
export function poseidonArtifact(n: number): ContractArtifact {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { poseidonContract } = require("circomlibjs") as { poseidonContract: PoseidonContractGen };
  return {
    contractName: `Poseidon${n}`,
    abi: poseidonContract.generateABI(n) as ContractArtifact["abi"],
    bytecode: poseidonContract.createCode(n),
  };
}

const ENGINE_SOURCES = [
  "contracts/interfaces/IMarginEngine.sol",
  "contracts/interfaces/IVerifier.sol",
  "contracts/interfaces/IBatchVerifier.sol",
  "contracts/interfaces/IPoseidon.sol",
  "contracts/engine/EpochTerms.sol",
];

/** The compiled MarginEngine (fails with a hint when not compiled or stale). */
export function engineArtifact(): ContractArtifact {
  return loadHardhatArtifact(
    "contracts/MarginEngine.sol",
    "MarginEngine",
    ENGINE_SOURCES,
  ) as ContractArtifact;
}

/** The compiled SubAccounts router (isolated margin; it deploys its SubAccount implementation). */
export function subAccountsArtifact(): ContractArtifact {
  return loadHardhatArtifact("contracts/subaccounts/SubAccounts.sol", "SubAccounts", [
    "contracts/subaccounts/SubAccount.sol",
    "contracts/interfaces/ISubAccounts.sol",
  ]) as ContractArtifact;
}

/** The compiled test token (mintable ERC-20 with decimals) for local collateral. */
export function mockTokenArtifact(): ContractArtifact {
  return loadHardhatArtifact("contracts/test/MockERC20.sol", "MockERC20") as ContractArtifact;
}

/**
 * The compiled Groth16 verifier the engine uses for `instance`: the generated single, cached
 * and batch verifier (contracts/generated/SolvencyBatchVerifier<X>.sol), checked against the instance's verification key: every key constant (alpha, beta, gamma,
 * delta, IC) must appear in the bytecode, so a verifier compiled for other keys is refused.
 */
export function verifierArtifact(instance: string): ContractArtifact {
  const paths = requireArtifacts(instance);
  const name = batchVerifierContractName(instance);
  const hint = "run `npm run circuits` (exports the verifier) and `npx hardhat compile`";
  const source = `contracts/generated/${name}.sol`;
  let art: ContractArtifact;
  try {
    art = loadHardhatArtifact(source, name) as ContractArtifact;
  } catch (e) {
    throw new Error(`verifier of instance ${instance}: ${(e as Error).message}; ${hint}`);
  }
  const vkey = JSON.parse(fs.readFileSync(paths.vkey, "utf8")) as Record<string, unknown>;
  const constants: string[] = [];
  const collect = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(collect);
    else if (typeof v === "string" && /^[0-9]+$/.test(v) && BigInt(v) > 1n) constants.push(v);
  };
  for (const k of ["vk_alpha_1", "vk_beta_2", "vk_gamma_2", "vk_delta_2", "IC"]) collect(vkey[k]);
  const code = art.bytecode.toLowerCase();
  // minimal big-endian bytes: the optimizer pushes a constant with a leading zero byte as PUSH31
  const missing = constants.filter((c) => !code.includes(toBeHex(BigInt(c)).slice(2)));
  if (constants.length === 0 || missing.length > 0)
    throw new Error(
      `${source} does not match ${path.relative(process.cwd(), paths.vkey)} ` +
        `(${missing.length} of ${constants.length} key constants missing): ${hint}`,
    );
  return art;
}

/** How to reach a chain and sign (CLI options --rpc, --private-key, --account-index). */
export interface ChainOptions {
  /** JSON-RPC URL; absent = an in-process Hardhat network (fresh for every process). */
  rpc?: string;
  /** Hex private key (else ZKMARGIN_PRIVATE_KEY, else the node's unlocked accounts). */
  privateKey?: string;
  /** Index into the node's unlocked accounts (default 0). */
  accountIndex?: number;
  env?: NodeJS.ProcessEnv;
}

export interface ChainConnection {
  provider: Provider & { send(method: string, params: unknown[]): Promise<unknown> };
  chainId: number;
  inProcess: boolean;
  /** The signer chosen by the options. */
  signer(): Promise<Signer>;
  /** Unlocked account `index` of the node (for local networks). */
  unlockedSigner(index: number): Promise<Signer>;
  /** Advances the node's clock (Hardhat / anvil `evm_increaseTime` + a mined block). */
  increaseTime(seconds: number | bigint): Promise<void>;
  /** Stops the provider's polling so the process can exit. */
  close(): void;
}

let hardhatProvider: Eip1193Provider | undefined;

/**
 * The in-process Hardhat network of this repository (loads hardhat.config.ts from any cwd).
 * Loading a TypeScript config needs a `.ts` loader; mocha and `hardhat` itself have one, the
 * bundled CLI (dist/cli.js) has not, so ts-node (transpile only) is registered here if missing.
 */
export function inProcessHardhat(): Eip1193Provider {
  if (!hardhatProvider) {
    process.env.HARDHAT_CONFIG = hardhatConfigPath();
    if (require.extensions[".ts"] === undefined) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const tsNode = require("ts-node") as typeof import("ts-node");
      tsNode.register({ transpileOnly: true, project: path.join(projectRoot(), "tsconfig.json") });
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const hre = require("hardhat") as { network: { provider: Eip1193Provider } };
    hardhatProvider = hre.network.provider;
  }
  return hardhatProvider;
}

async function probeRpc(url: string): Promise<number> {
  const bad = (rule: string): never => {
    throw new ArgumentError("rpc", rule);
  };
  if (!/^(https?|wss?):\/\/\S+$/.test(url)) bad(`${url}: not an http(s) URL`);
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      signal: AbortSignal.timeout(10000),
    });
  } catch (e) {
    return bad(`${url}: no JSON-RPC endpoint answers (${(e as Error).message})`);
  }
  const body = (await res.json().catch(() => null)) as { result?: string } | null;
  if (!body || typeof body.result !== "string") return bad(`${url}: eth_chainId gave no answer`);
  return Number(BigInt(body.result));
}

/** Connects to `opts.rpc` (checked first, so a wrong URL fails fast) or the in-process network. */
export async function connectChain(opts: ChainOptions = {}): Promise<ChainConnection> {
  const env = opts.env ?? process.env;
  let provider: ChainConnection["provider"];
  let chainId: number;
  const inProcess = opts.rpc === undefined;
  if (opts.rpc !== undefined) {
    chainId = await probeRpc(opts.rpc);
    const p = new JsonRpcProvider(opts.rpc, Network.from(chainId), {
      staticNetwork: Network.from(chainId),
      pollingInterval: 250,
      cacheTimeout: -1, // never serve a stale "latest" block after evm_increaseTime
    });
    provider = p;
  } else {
    const p = new BrowserProvider(inProcessHardhat(), undefined, {
      pollingInterval: 50,
      cacheTimeout: -1,
    });
    chainId = Number((await p.getNetwork()).chainId);
    provider = p;
  }
  const unlockedSigner = async (index: number): Promise<Signer> => {
    const accounts = (await provider.send("eth_accounts", [])) as string[];
    if (!Number.isSafeInteger(index) || index < 0 || index >= accounts.length)
      throw new ArgumentError(
        "accountIndex",
        `the node has ${accounts.length} unlocked accounts, no account ${index}; sign with a private key (or ZKMARGIN_PRIVATE_KEY) instead`,
      );
    return (provider as JsonRpcProvider).getSigner(accounts[index]);
  };
  const signer = async (): Promise<Signer> => {
    const pk = opts.privateKey ?? env.ZKMARGIN_PRIVATE_KEY;
    if (pk !== undefined && pk !== "") {
      const source = opts.privateKey !== undefined ? "privateKey" : "ZKMARGIN_PRIVATE_KEY";
      if (!/^(0x)?[0-9a-fA-F]{64}$/.test(pk))
        throw new ArgumentError(source, "must be 32 bytes of hex");
      return new Wallet(pk.startsWith("0x") ? pk : `0x${pk}`, provider);
    }
    return unlockedSigner(opts.accountIndex ?? 0);
  };
  const increaseTime = async (seconds: number | bigint): Promise<void> => {
    await provider.send("evm_increaseTime", [Number(seconds)]);
    await provider.send("evm_mine", []);
  };
  const close = () => (provider as JsonRpcProvider).destroy();
  return { provider, chainId, inProcess, signer, unlockedSigner, increaseTime, close };
}

/** Reads and validates a deployment file. */
export function loadDeployment(file: string): Deployment {
  return parseDeployment(readJsonFile(file), file);
}

/** Writes a deployment file (2-space JSON, trailing newline). */
export function writeDeployment(file: string, d: Deployment): void {
  writeFileAtomic(file, JSON.stringify(d, null, 2) + "\n");
}

/** Checks that the connected chain is the deployment's. */
export function checkDeploymentChain(d: Deployment, chainId: number, file: string): void {
  if (d.chainId !== chainId)
    throw new InputError(
      file,
      "chainId",
      `is ${d.chainId}, but the endpoint is chain ${chainId} (wrong endpoint or deployment file?)`,
    );
}

/** `value` as a checksummed address; a bad one is an input error naming `file` and `field`. */
export function parseAddress(value: string, file: string, field: string): string {
  const rule = addressRule(value);
  if (rule) throw new InputError(file, field, `${JSON.stringify(value)}: ${rule}`);
  return getAddress(value);
}

/** True when the instance's proving key exists (build/<instance>/<instance>.zkey). */
export function provingKeyExists(instance: string): boolean {
  return fs.existsSync(artifactPaths(instance).zkey);
}
