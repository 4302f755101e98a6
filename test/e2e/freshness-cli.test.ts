/**
 * Epoch freshness on the command line against a `hardhat node` child process (small instance,
 * no proof made): `risk build --at chain` and `publish-epoch --market --at chain` take the
 * chain's time, both refuse a timestamp no proof can use (exit 1, StaleEpoch), and `submit`
 * refuses an epoch that expires within the proving margin before any proving work.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { type HardhatNode, startHardhatNode } from "../../src/node/app/hardhat-node";
import { type CliRun, chainTime, cliRunner, expectOk, nodeRpc } from "./cli-node";

const ROOT = path.resolve(__dirname, "..", "..");

describe("epoch freshness in the CLI against `hardhat node`", function () {
  this.timeout(120000);
  let hardhat: HardhatNode | undefined;
  let url = "";
  let dir = "";
  let dep = "";
  let market = "";

  const rpc = nodeRpc(() => url);
  const now = () => chainTime(rpc);
  const run = cliRunner(() => dir);
  const onChain = (...args: string[]): CliRun => run(...args, "--rpc", url, "--deployment", dep);
  const ok = expectOk;

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
