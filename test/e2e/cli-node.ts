/**
 * What the CLI tests against a `hardhat node` share: JSON-RPC calls to the node (retried once:
 * the node closes idle keep-alive sockets and a request can race that close), the chain's
 * time, running `zkmargin` as a child process in a folder, and the exit-0 check that prints the
 * command's output when it fails. The node and the folder are made in each file's `before`,
 * so they are passed as getters.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect } from "chai";

const BIN = path.resolve(__dirname, "..", "..", "bin", "zkmargin.js");

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export type Rpc = (method: string, params?: unknown[]) => Promise<unknown>;

/** JSON-RPC calls to the node at `url()`. */
export function nodeRpc(url: () => string): Rpc {
  const call = async (method: string, params: unknown[], attempt: number): Promise<unknown> => {
    let res: Response;
    try {
      res = await fetch(url(), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
      });
    } catch (e) {
      if (attempt < 2) return call(method, params, attempt + 1);
      throw e;
    }
    const body = (await res.json()) as { result?: unknown; error?: { message: string } };
    if (body.error) throw new Error(body.error.message);
    return body.result;
  };
  return (method, params = []) => call(method, params, 1);
}

/** The latest block's timestamp. */
export async function chainTime(rpc: Rpc): Promise<number> {
  const block = (await rpc("eth_getBlockByNumber", ["latest", false])) as { timestamp: string };
  return Number(BigInt(block.timestamp));
}

/** Runs `zkmargin <args>` in the folder `cwd()` (no private key from the environment). */
export function cliRunner(cwd: () => string): (...args: string[]) => CliRun {
  return (...args) => {
    const r = spawnSync(process.execPath, [BIN, ...args], {
      cwd: cwd(),
      encoding: "utf8",
      env: { ...process.env, ZKMARGIN_PRIVATE_KEY: "" },
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
}

/** Expects exit 0, showing the command's output otherwise. */
export function expectOk(r: CliRun): CliRun {
  expect(r.code, `${r.stderr}\n${r.stdout}`).to.equal(0);
  return r;
}
