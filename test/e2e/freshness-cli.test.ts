/**
 * Epoch freshness on the command line against a `hardhat node` child process (small instance,
 * no proof made): `risk build --at chain` and `publish-epoch --market --at chain` take the
 * chain's time, both refuse a timestamp no proof can use (exit 1, StaleEpoch), and `submit`
 * refuses an epoch that expires within the proving margin before any proving work.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { type HardhatNode, startHardhatNode } from "../../src/node/app/hardhat-node";

const ROOT = path.resolve(__dirname, "..", "..");
const BIN = path.join(ROOT, "bin", "zkmargin.js");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe("epoch freshness in the CLI against `hardhat node`", function () {
  this.timeout(120000);
  let hardhat: HardhatNode | undefined;
  let url = "";
  let dir = "";
  let dep = "";
  let market = "";

  const rpc = async (method: string, params: unknown[] = []): Promise<unknown> => {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    });
    const body = (await res.json()) as { result?: unknown; error?: { message: string } };
    if (body.error) throw new Error(body.error.message);
    return body.result;
  };
  const now = async () =>
    Number(
      BigInt(
        ((await rpc("eth_getBlockByNumber", ["latest", false])) as { timestamp: string }).timestamp,
      ),
    );
  const run = (...args: string[]): Run => {
    const r = spawnSync(process.execPath, [BIN, ...args], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, ZKMARGIN_PRIVATE_KEY: "" },
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const onChain = (...args: string[]): Run => run(...args, "--rpc", url, "--deployment", dep);
  const ok = (r: Run): Run => {
    expect(r.code, `${r.stderr}\n${r.stdout}`).to.equal(0);
    return r;
  };

  before(async function () {
    const artifact = path.join(ROOT, "artifacts", "contracts", "generated");
    if (!fs.existsSync(artifact)) {
      console.log("      skipped: contracts not compiled (npx hardhat compile)");
      this.skip();
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "zkmargin-fresh-"));
    dep = path.join(dir, "deployment.json");
    market = path.join(dir, "market.json");
    hardhat = await startHardhatNode();
    url = hardhat.url;
    ok(
      run(
        "deploy",
        "--instance",
        "small",
        "--rpc",
        url,
        "-o",
        dep,
        "--mock-collateral",
        path.join(ROOT, "examples", "market.json"),
        "--market-out",
        market,
      ),
    );
  });

  after(async () => {
    await hardhat?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("risk build refuses the market's stale timestamp and builds at the chain's time with --at chain", async () => {
    const out = path.join(dir, "risk.json");
    const stale = onChain("risk", "build", market, "--instance", "small", "-o", out);
    expect(stale.code).to.equal(1);
    expect(stale.stderr).to.match(/StaleEpoch: .*market\.json: timestamp [0-9]+ \+ proofTtl 3600/);
    expect(fs.existsSync(out)).to.equal(false);
    const wrong = onChain("risk", "build", market, "-o", out, "--at", "chain");
    expect(wrong.code).to.equal(2);
    expect(wrong.stderr).to.match(/--instance: is "standard", the deployment's .* "small"/);
    const t = await now();
    const built = JSON.parse(
      ok(
        onChain(
          "risk",
          "build",
          market,
          "--instance",
          "small",
          "-o",
          out,
          "--at",
          "chain",
          "--json",
        ),
      ).stdout,
    ) as { timestamp: number };
    expect(built.timestamp).to.be.within(t, t + 5);
    expect(JSON.parse(fs.readFileSync(market, "utf8")).timestamp).to.not.equal(built.timestamp);
  });

  it("publish-epoch builds at the chain's time; submit refuses an epoch about to expire before proving", async () => {
    const risk = path.join(dir, "risk-pub.json");
    const pub = JSON.parse(
      ok(onChain("publish-epoch", "--market", market, "--at", "chain", "-o", risk, "--json"))
        .stdout,
    ) as { timestamp: number; expiry: string };
    expect(Number(pub.expiry)).to.equal(pub.timestamp + 3600);
    const again = onChain("publish-epoch", "--risk", risk, "--at", "chain");
    expect(again.code).to.equal(2);
    expect(again.stderr).to.match(/--at: goes with --market, not --risk/);
    // 30 s of the epoch left: within the proving margin
    await rpc("evm_increaseTime", [Number(pub.expiry) - (await now()) - 30]);
    await rpc("evm_mine");
    const pf = JSON.parse(
      fs.readFileSync(path.join(ROOT, "examples", "portfolio-perps.json"), "utf8"),
    );
    pf.account = ((await rpc("eth_accounts")) as string[])[1];
    const pfFile = path.join(dir, "portfolio.json");
    fs.writeFileSync(pfFile, JSON.stringify(pf));
    const r = onChain("submit", pfFile, "--risk", risk, "--account-index", "1");
    expect(r.code, r.stderr).to.equal(1);
    expect(r.stderr).to.match(/StaleEpoch: epoch 42 of .* expires at [0-9]+, within 60 s/);
    expect(r.stderr).not.to.match(/proving|proof done/);
    const late = onChain("publish-epoch", "--risk", risk);
    expect(late.code).to.equal(1);
    expect(late.stderr).to.match(/StaleEpoch: .*timestamp [0-9]+ \+ proofTtl 3600 must be more/);
  });
});
