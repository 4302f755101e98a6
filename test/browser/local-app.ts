/**
 * Helpers of the page test (app.test.ts): `zkmargin app --instance small --json` started as a
 * child process (the local venue), the injected test wallet, and the trader's sub-account 1
 * opened through the SubAccounts router.
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { JsonRpcProvider, JsonRpcSigner, ZeroAddress, getAddress } from "ethers";
import {
  MarginEngineClient,
  SubAccountsClient,
  depositCollateral,
  describeTokens,
} from "../../src/browser";
import { engineArtifact, mockTokenArtifact, subAccountsArtifact } from "../../src/node/chain";

/** The JSON line `zkmargin app --json` prints once serving. */
export interface Ready {
  url: string;
  rpcUrl: string;
  engine: string;
  subAccounts: string;
  account: string;
  chainId: number;
  instances: string[];
}

/** Starts `zkmargin app` with the local venue; `ready` resolves with its JSON line. */
export function startApp(root: string): { app: ChildProcess; ready: Promise<Ready> } {
  const app = spawn(
    process.execPath,
    [path.join(root, "bin", "zkmargin.js"), "app", "--instance", "small", "--port", "0", "--json"],
    { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
  );
  let out = "";
  let err = "";
  const ready = new Promise<Ready>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`app did not start:\n${err}`)), 180000);
    app.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      try {
        const r = JSON.parse(out) as Ready;
        clearTimeout(timer);
        app.removeAllListeners("exit");
        resolve(r);
      } catch {
        // not the whole JSON yet
      }
    });
    app.stderr?.on("data", (d: Buffer) => (err += d.toString()));
    app.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`app exited (${code}):\n${err}`));
    });
  });
  return { app, ready };
}

/** Opens the trader's sub-account 1 by depositing 250 of the first collateral token into it. */
export async function openSubAccount(ready: Ready): Promise<{ account: string; balance: string }> {
  const provider = new JsonRpcProvider(ready.rpcUrl, undefined, { cacheTimeout: -1 });
  try {
    const trader = new JsonRpcSigner(provider, getAddress(ready.account));
    const engine = new MarginEngineClient(ready.engine, engineArtifact().abi, trader);
    const router = new SubAccountsClient(
      ready.subAccounts,
      subAccountsArtifact().abi,
      trader,
      engine.abi,
    );
    const token = (await engine.collateralTokens()).find((t) => t !== ZeroAddress) as string;
    const [c] = await describeTokens([token], provider);
    const r = await depositCollateral(engine, trader, token, 250n * 10n ** BigInt(c.decimals), {
      mint: mockTokenArtifact(),
      route: { router, index: 1 },
    });
    return { account: r.account, balance: `250.0 ${c.symbol}` };
  } finally {
    provider.destroy();
  }
}

/** The injected wallet: an EIP-1193 object forwarding to the node, for one account. */
export function walletShim(rpcUrl: string, account: string): string {
  return `window.ethereum = {
    isZkmarginTestWallet: true,
    async request({ method, params }) {
      if (method === "eth_requestAccounts" || method === "eth_accounts") return [${JSON.stringify(account)}];
      const res = await fetch(${JSON.stringify(rpcUrl)}, {
        method: "POST", headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params: params ?? [] }),
      });
      const body = await res.json();
      if (body.error) { const e = new Error(body.error.message); e.code = body.error.code; e.data = body.error.data; throw e; }
      return body.result;
    },
    on() {}, removeListener() {},
  };`;
}

/** Moves the node's clock on by `seconds` and mines a block at the new time. */
export async function moveTime(ready: Ready, seconds: bigint): Promise<void> {
  const provider = new JsonRpcProvider(ready.rpcUrl, undefined, { cacheTimeout: -1 });
  try {
    await provider.send("evm_increaseTime", [Number(seconds)]);
    await provider.send("evm_mine", []);
  } finally {
    provider.destroy();
  }
}

/**
 * An init script recording every Web Notification the page constructs in
 * `window.__notifications` (title and body), then showing it as the browser would.
 */
export const recordNotifications = `(() => {
  const Orig = window.Notification;
  const seen = [];
  window.__notifications = seen;
  if (typeof Orig !== "function") return;
  function Recorded(title, options) {
    seen.push({ title, body: (options && options.body) || "" });
    try { return new Orig(title, options); } catch { return { close() {} }; }
  }
  Object.defineProperty(Recorded, "permission", { get: () => Orig.permission });
  Recorded.requestPermission = (...a) => Orig.requestPermission(...a);
  window.Notification = Recorded;
})();`;
