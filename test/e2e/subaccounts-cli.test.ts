/**
 * Isolated margin from the command line against a `hardhat node` child process (small
 * instance): deploy with the sub-accounts router, deposit into sub-accounts 1 and 2, list them,
 * move collateral 1 -> 2 (no positions: no proof), withdraw from 2, status of 1; the venue
 * attests sub-account 1's own address and its owner submits through the router; bad
 * `--subaccount` values and a deployment without a router are exit 2 naming the flag or field.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { getAddress } from "ethers";
import { main } from "../../src/cli";
import { type HardhatNode, startHardhatNode } from "../../src/node/app/hardhat-node";

const ROOT = path.resolve(__dirname, "..", "..");
const ex = (f: string) => path.join(ROOT, "examples", f);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface Row {
  index: number;
  account: string;
  status: string;
  balances: Record<string, string>;
}

describe("sub-accounts on the command line against `hardhat node` (small instance)", function () {
  this.timeout(300000);
  let hardhat: HardhatNode | undefined;
  let url = "";
  let dir = "";
  let dep = "";
  let owner = "";
  const sub: string[] = [];

  const rpc = async (method: string, params: unknown[] = []): Promise<unknown> => {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    });
    return ((await res.json()) as { result: unknown }).result;
  };
  /**
   * Runs the CLI in this process (`main`, as bin/zkmargin.js does, without a process start per
   * command): stdout, stderr and the exit code it sets.
   */
  const run = async (...args: string[]): Promise<Run> => {
    const out: string[] = [];
    const err: string[] = [];
    const { stdout, stderr } = process;
    const [writeOut, writeErr] = [stdout.write, stderr.write];
    const key = process.env.ZKMARGIN_PRIVATE_KEY;
    delete process.env.ZKMARGIN_PRIVATE_KEY;
    stdout.write = ((chunk: string | Uint8Array) =>
      out.push(String(chunk)) > 0) as typeof stdout.write;
    stderr.write = ((chunk: string | Uint8Array) =>
      err.push(String(chunk)) > 0) as typeof stderr.write;
    process.exitCode = 0;
    try {
      await main(["node", "zkmargin", ...args]);
    } finally {
      stdout.write = writeOut;
      stderr.write = writeErr;
      if (key !== undefined) process.env.ZKMARGIN_PRIVATE_KEY = key;
    }
    const code = Number(process.exitCode ?? 0);
    process.exitCode = 0;
    return { code, stdout: out.join(""), stderr: err.join("") };
  };
  /** A chain command as unlocked account 1 (the owner), with --rpc and --deployment. */
  const chain = (...args: string[]): Promise<Run> =>
    run(...args, "--rpc", url, "--deployment", dep, "--account-index", "1");
  const ok = async (p: Promise<Run>): Promise<Run> => {
    const r = await p;
    expect(r.code, `${r.stderr}\n${r.stdout}`).to.equal(0);
    return r;
  };
  const json = async (r: Promise<Run>): Promise<Record<string, unknown>> =>
    JSON.parse((await ok(r)).stdout) as Record<string, unknown>;
  const exit2 = async (p: Promise<Run>, pattern: RegExp) => {
    const r = await p;
    expect(r.code, `${r.stderr}\n${r.stdout}`).to.equal(2);
    expect(r.stderr).to.match(pattern);
    expect(r.stderr).not.to.match(/\n\s+at /);
  };

  before(async function () {
    const artifact = (dirName: string, name: string) =>
      path.join(ROOT, "artifacts", "contracts", dirName, `${name}.sol`, `${name}.json`);
    const missing = [
      artifact("generated", "SolvencyBatchVerifierSmall"),
      artifact("subaccounts", "SubAccounts"),
    ].filter((f) => !fs.existsSync(f));
    if (missing.length > 0) {
      console.log(
        `      skipped: missing ${missing.map((f) => path.relative(ROOT, f)).join(", ")} (npx hardhat compile)`,
      );
      this.skip();
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "zkmargin-sub-"));
    dep = path.join(dir, "deployment.json");
    hardhat = await startHardhatNode();
    url = hardhat.url;
    owner = getAddress(((await rpc("eth_accounts")) as string[])[1]);
  });

  after(async () => {
    await hardhat?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("deploys the router with the engine; --index gives a sub-account's address before it is opened", async () => {
    await ok(
      run(
        ...["deploy", "--instance", "small", "--rpc", url, "-o", dep],
        ...["--mock-collateral", ex("market.json"), "--market-out", path.join(dir, "market.json")],
      ),
    );
    expect(JSON.parse(fs.readFileSync(dep, "utf8")).addresses.subAccounts).to.match(
      /^0x[0-9a-fA-F]{40}$/,
    );
    for (const i of [0, 1, 2]) {
      const r = await json(chain("subaccounts", "--index", String(i), "--json"));
      expect(r).to.include({ owner, index: i });
      sub[i] = r.account as string;
    }
    expect(sub[0]).to.equal(owner);
    expect(new Set(sub).size).to.equal(3);
    expect((await ok(chain("subaccounts", "--index", "2"))).stdout.trim()).to.equal(sub[2]);
  });

  it("deposits into sub-accounts 1 and 2 and lists them", async () => {
    for (const [i, amount] of [
      [1, "1000"],
      [2, "500"],
    ] as const) {
      const d = await json(
        chain(
          ...["deposit", "--subaccount", String(i), "--token", "USDC", "--amount", amount],
          ...["--mint", "--json"],
        ),
      );
      expect(d).to.include({ account: sub[i], subaccount: i, owner });
    }
    const list = await json(chain("subaccounts", "--json"));
    expect(list.owner).to.equal(owner);
    const rows = list.accounts as Row[];
    expect(rows.map((r) => [r.index, r.account, r.status])).to.deep.equal([
      [0, owner, "no-positions"],
      [1, sub[1], "no-positions"],
      [2, sub[2], "no-positions"],
    ]);
    expect(rows.map((r) => r.balances.USDC)).to.deep.equal(["0.0", "1000.0", "500.0"]);
    // anyone can list an owner's accounts
    const other = await json(
      run("subaccounts", owner, "--rpc", url, "--deployment", dep, "--json"),
    );
    expect((other.accounts as Row[]).length).to.equal(3);
    expect((await ok(chain("subaccounts"))).stdout).to.match(
      / {2}1 {2}0x[0-9a-fA-F]{40} +no positions; 1000\.0 USDC/,
    );
  });

  it("moves 1 -> 2 without positions (no proof), withdraws from 2, shows 1's status", async () => {
    const m = await json(
      chain(
        ...["move", "--from", "1", "--to", "2", "--token", "USDC", "--amount", "250", "--json"],
      ),
    );
    expect(m).to.include({ from: 1, to: 2, fromAccount: sub[1], toAccount: sub[2], proved: false });
    const w = await json(
      chain(...["withdraw", "--subaccount", "2", "--token", "USDC", "--amount", "700", "--json"]),
    );
    expect(w).to.include({ account: sub[2], subaccount: 2, proved: false, amount: "700000000" });
    const s1 = await json(chain("status", "--subaccount", "1", "--json"));
    expect(s1).to.include({ account: sub[1], status: "no-positions" });
    expect((s1.balances as Array<{ amount: string }>)[0].amount).to.equal("750.0");
    const s2 = await json(chain("status", "--subaccount", "2", "--json"));
    expect((s2.balances as Array<{ amount: string }>)[0].amount).to.equal("50.0");
    // a move to the same sub-account or from the main account is refused, naming the flag
    await exit2(
      chain(...["move", "--from", "1", "--to", "1", "--token", "USDC", "--amount", "1"]),
      /--to: must be another sub-account/,
    );
    await exit2(
      chain(...["move", "--from", "0", "--to", "1", "--token", "USDC", "--amount", "1"]),
      /--from: must be a sub-account/,
    );
  });

  it("bad --subaccount values and a deployment without the router are exit 2", async () => {
    for (const bad of ["-1", "abc"])
      await exit2(
        chain("deposit", "--subaccount", bad, "--token", "USDC", "--amount", "1"),
        /--subaccount: must be an integer 0\.\.4294967295/,
      );
    const d = JSON.parse(fs.readFileSync(dep, "utf8"));
    delete d.addresses.subAccounts;
    const old = path.join(dir, "deployment-old.json");
    fs.writeFileSync(old, JSON.stringify(d));
    const r = run(
      ...["withdraw", "--subaccount", "1", "--token", "USDC", "--amount", "1"],
      ...["--rpc", url, "--deployment", old, "--account-index", "1"],
    );
    await exit2(
      r,
      new RegExp(`${old.replace(/[.\\]/g, "\\$&")}: addresses\\.subAccounts: missing`),
    );
  });

  const risk = () => path.join(dir, "risk-1.json");
  const pf = () => path.join(dir, "portfolio-sub1.json");
  let proving = false;

  it("the venue attests sub-account 1's address; its owner submits through the router", async function () {
    if (!fs.existsSync(path.join(ROOT, "build", "small", "small.zkey"))) this.skip();
    const m = JSON.parse(fs.readFileSync(path.join(dir, "market.json"), "utf8"));
    m.epoch = 1;
    const block = (await rpc("eth_getBlockByNumber", ["latest", false])) as { timestamp: string };
    m.timestamp = Number(BigInt(block.timestamp));
    fs.writeFileSync(path.join(dir, "market-1.json"), JSON.stringify(m));
    await ok(
      run("risk", "build", path.join(dir, "market-1.json"), "-o", risk(), "--instance", "small"),
    );
    await ok(run("publish-epoch", "--risk", risk(), "--rpc", url, "--deployment", dep));
    // the perps example book, isolated in sub-account 1 with collateral of its own
    await ok(
      chain("deposit", "--subaccount", "1", "--token", "USDC", "--amount", "60000", "--mint"),
    );
    const p = JSON.parse(fs.readFileSync(ex("portfolio-perps.json"), "utf8"));
    p.account = sub[1];
    fs.writeFileSync(pf(), JSON.stringify(p));
    // a portfolio naming the main account is refused for --subaccount 1
    const mainFile = path.join(dir, "portfolio-main.json");
    fs.writeFileSync(mainFile, JSON.stringify({ ...p, account: owner }));
    await exit2(
      chain("status", mainFile, "--subaccount", "1"),
      new RegExp(`account: must be sub-account 1 of ${owner}: ${sub[1]}`),
    );
    const att = path.join(dir, "att-sub1.json");
    await ok(run("attest", pf(), "--risk", risk(), "-o", att, "--rpc", url, "--deployment", dep));
    const s = chain(
      "submit",
      pf(),
      "--risk",
      risk(),
      "--attestation",
      att,
      "--subaccount",
      "1",
      "--json",
    );
    expect(await json(s)).to.include({ account: sub[1], subaccount: 1, method: "attestAndProve" });
    const rows = (await json(chain("subaccounts", "--json"))).accounts as Row[];
    expect(rows.map((r) => r.status)).to.deep.equal(["no-positions", "valid", "no-positions"]);
    proving = true;
  });

  it("with positions, a move proves the source; a relayer submits with the owner's consent (ERC-1271)", async function () {
    if (!proving) this.skip();
    // the positions need --risk and the portfolio; a move of most of the collateral is refused
    await exit2(
      chain(...["move", "--from", "1", "--to", "2", "--token", "USDC", "--amount", "1"]),
      /--risk: required: the account has positions/,
    );
    const move = (amount: string) =>
      chain(
        ...["move", pf(), "--risk", risk(), "--from", "1", "--to", "2"],
        ...["--token", "USDC", "--amount", amount, "--json"],
      );
    const refused = await move("60000");
    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.match(/WithdrawalRefused: the move would leave the account under/);
    expect(await json(move("500"))).to.include({ proved: true, toAccount: sub[2] });
    // a new attestation of sub-account 1, relayed by account 0 with the owner's consent
    const att = path.join(dir, "att-sub1-b.json");
    await ok(run("attest", pf(), "--risk", risk(), "-o", att, "--rpc", url, "--deployment", dep));
    await exit2(
      chain("consent", "--attestation", att, "--subaccount", "2"),
      new RegExp(`account: must be sub-account 2 of ${owner}: ${sub[2]}`),
    );
    const c = await json(chain("consent", "--attestation", att, "--subaccount", "1", "--json"));
    expect(c).to.include({ account: sub[1], subaccount: 1, owner });
    const relayed = await json(
      run(
        ...["submit", pf(), "--risk", risk(), "--attestation", att, "--consent", String(c.consent)],
        ...["--rpc", url, "--deployment", dep, "--account-index", "0", "--json"],
      ),
    );
    expect(relayed).to.include({ account: sub[1], method: "attestAndProveFor" });
  });
});
