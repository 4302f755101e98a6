/**
 * The deployment file written by `zkmargin deploy` and read by every other chain command.
 */
import { getAddress } from "ethers";
import { InputError } from "../errors";

export interface DeploymentCollateral {
  slot: number;
  token: string;
  symbol: string;
  decimals: number;
  /** True when `deploy --mock-collateral` deployed it (a mintable test token). */
  mock: boolean;
}

export interface Deployment {
  version: 1;
  chainId: number;
  /** Circuit instance name (its N, K, G). */
  instance: string;
  K: number;
  /** Block of the engine's deployment: keepers read events from here. */
  block: number;
  addresses: { engine: string; verifier: string; poseidon2: string; poseidonBalances: string };
  collateral: DeploymentCollateral[];
}

/** Validates deployment JSON; throws {@link InputError} naming `file` and the field. */
export function parseDeployment(json: unknown, file = "deployment.json"): Deployment {
  const fail = (path: string, rule: string): never => {
    throw new InputError(file, path, rule);
  };
  const obj = (v: unknown, path: string): Record<string, unknown> => {
    if (v === null || typeof v !== "object" || Array.isArray(v))
      return fail(path, "must be an object");
    return v as Record<string, unknown>;
  };
  const only = (o: Record<string, unknown>, path: string, keys: string[]) => {
    for (const k of Object.keys(o))
      if (!keys.includes(k)) fail(path ? `${path}.${k}` : k, "unknown field");
    for (const k of keys) if (!(k in o)) fail(path ? `${path}.${k}` : k, "missing");
  };
  const int = (v: unknown, path: string, min: number): number => {
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < min)
      return fail(path, `must be an integer >= ${min}`);
    return v;
  };
  const addr = (v: unknown, path: string): string => {
    if (typeof v !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(v))
      return fail(path, "must be an address");
    try {
      return getAddress(v);
    } catch {
      return fail(path, "bad EIP-55 checksum");
    }
  };
  const o = obj(json, "");
  only(o, "", ["version", "chainId", "instance", "K", "block", "addresses", "collateral"]);
  if (o.version !== 1) fail("version", "must be 1");
  if (typeof o.instance !== "string" || !/^[a-z][a-z0-9_-]{0,63}$/.test(o.instance))
    fail("instance", "must be an instance name");
  const a = obj(o.addresses, "addresses");
  const addrKeys = ["engine", "verifier", "poseidon2", "poseidonBalances"];
  only(a, "addresses", addrKeys);
  const K = int(o.K, "K", 1);
  if (!Array.isArray(o.collateral)) fail("collateral", "must be an array");
  const collateral = (o.collateral as unknown[]).map((c, i): DeploymentCollateral => {
    const p = `collateral[${i}]`;
    const e = obj(c, p);
    only(e, p, ["slot", "token", "symbol", "decimals", "mock"]);
    const slot = int(e.slot, `${p}.slot`, 0);
    if (slot >= K) fail(`${p}.slot`, `must be below K = ${K}`);
    if (typeof e.symbol !== "string" || e.symbol === "") fail(`${p}.symbol`, "must be a string");
    if (typeof e.mock !== "boolean") fail(`${p}.mock`, "must be a boolean");
    return {
      slot,
      token: addr(e.token, `${p}.token`),
      symbol: e.symbol as string,
      decimals: int(e.decimals, `${p}.decimals`, 0),
      mock: e.mock as boolean,
    };
  });
  return {
    version: 1,
    chainId: int(o.chainId, "chainId", 1),
    instance: o.instance as string,
    K,
    block: int(o.block, "block", 0),
    addresses: {
      engine: addr(a.engine, "addresses.engine"),
      verifier: addr(a.verifier, "addresses.verifier"),
      poseidon2: addr(a.poseidon2, "addresses.poseidon2"),
      poseidonBalances: addr(a.poseidonBalances, "addresses.poseidonBalances"),
    },
    collateral,
  };
}
