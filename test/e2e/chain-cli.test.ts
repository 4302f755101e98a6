/**
 * The on-chain CLI end to end against a real JSON-RPC endpoint: a `hardhat node` child process
 * on a free loopback port, the small instance, two traders holding the perps book. Deploy
 * (mock collateral), publish an epoch, deposit, attest, submit (attestAndProve by the account,
 * attestAndProveFor relayed with its consent), status, time travel over RPC, keeper renews its
 * own account, liquidates the lapsed one and claims its credited reward, the receiver claims its
 * share, a withdrawal under initial margin is refused before proving and a modest one is
 * accepted.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { getAddress } from "ethers";
import { type HardhatNode, startHardhatNode } from "../../src/node/app/hardhat-node";
import { type CliRun, chainTime, cliRunner, expectOk, nodeRpc } from "./cli-node";

const ROOT = path.resolve(__dirname, "..", "..");
const ex = (f: string) => path.join(ROOT, "examples", f);

describe("on-chain CLI against `hardhat node` (small instance)", function () {
  this.timeout(300000);
  let hardhat: HardhatNode | undefined;
  let url = "";
  let dir = "";
  let dep = "";
  const accounts: string[] = [];

  const rpc = nodeRpc(() => url);
  const now = () => chainTime(rpc);
  const travel = async (seconds: number) => {
    await rpc("evm_increaseTime", [seconds]);
    await rpc("evm_mine");
  };
  const run = cliRunner(() => dir);
  /** A chain command with --rpc and --deployment; `who` = unlocked account index. */
  const chain = (who: number, ...args: string[]): CliRun =>
    run(...args, "--rpc", url, "--deployment", dep, "--account-index", String(who));
  const ok = expectOk;
  const json = (r: CliRun): Record<string, unknown> =>
    JSON.parse(ok(r).stdout) as Record<string, unknown>;

  /** risk.json for `epoch` at the chain's current time, with the deployment's mock tokens. */
  const riskAt = async (epoch: number): Promise<string> => {
    const m = JSON.parse(fs.readFileSync(path.join(dir, "market.json"), "utf8"));
    m.epoch = epoch;
    m.timestamp = await now();
    const mf = path.join(dir, `market-${epoch}.json`);
    fs.writeFileSync(mf, JSON.stringify(m));
    const out = path.join(dir, `risk-${epoch}.json`);
    ok(run("risk", "build", mf, "-o", out, "--instance", "small"));
    return out;
  };
  /** The perps example book held by account `i` (salt varied so commitments differ). */
  const portfolioOf = (i: number): string => {
    const p = JSON.parse(fs.readFileSync(ex("portfolio-perps.json"), "utf8"));
    p.account = accounts[i].toLowerCase();
    p.salt = "0x" + (0x1000 + i).toString(16);
    const f = path.join(dir, `portfolio-${i}.json`);
    fs.writeFileSync(f, JSON.stringify(p));
    return f;
  };

  before(async function () {
    const missing = [
      path.join(ROOT, "build", "small", "small.zkey"),
      path.join(
        ROOT,
        "artifacts",
        "contracts",
        "generated",
        "SolvencyBatchVerifierSmall.sol",
        "SolvencyBatchVerifierSmall.json",
      ),
    ].filter((f) => !fs.existsSync(f));
    if (missing.length > 0) {
      console.log(
        `      skipped: missing ${missing.map((f) => path.relative(ROOT, f)).join(", ")} (npm run circuits && npx hardhat compile)`,
      );
      this.skip();
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "zkmargin-chain-"));
    dep = path.join(dir, "deployment.json");
    hardhat = await startHardhatNode();
    url = hardhat.url;
    accounts.push(...((await rpc("eth_accounts")) as string[]).map((a) => getAddress(a)));
  });

  after(async () => {
    await hardhat?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("deploys with mock collateral and writes the deployment file", () => {
    const d = json(
      run(
        "deploy",
        "--instance",
        "small",
        "--rpc",
        url,
        "-o",
        dep,
        "--json",
        "--mock-collateral",
        ex("market.json"),
        "--market-out",
        path.join(dir, "market.json"),
      ),
    );
    expect(d).to.include({ instance: "small", K: 4, chainId: 31337 });
    const file = JSON.parse(fs.readFileSync(dep, "utf8"));
    expect(file.collateral.map((c: { symbol: string }) => c.symbol)).to.deep.equal([
      "USDC",
      "WBTC",
      "WETH",
    ]);
  });

  it("publishes epoch 1; publishing it again is refused with the engine's error name (exit 1)", async () => {
    const risk = await riskAt(1);
    expect(json(chain(0, "publish-epoch", "--risk", risk, "--json"))).to.include({ epoch: 1 });
    const again = chain(0, "publish-epoch", "--risk", risk);
    expect(again.code).to.equal(1);
    expect(again.stderr).to.match(/MarginEngine__EpochNotIncreasing\(1, 1\)/);
    expect(again.stderr).not.to.match(/\n\s+at /);
  });

  it("bad input is exit 2 naming the option and the rule", () => {
    const r = chain(1, "deposit", "--token", "USDC", "--amount", "1.1234567");
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(
      /--amount: "1\.1234567": must be a positive decimal with at most 6 decimals/,
    );
    const u = chain(1, "deposit", "--token", "DOGE", "--amount", "1");
    expect(u.code).to.equal(2);
    expect(u.stderr).to.match(/--token: unknown symbol "DOGE"/);
  });

  it("two traders deposit, get attested and submit (attestAndProve, attestAndProveFor)", async () => {
    const risk = path.join(dir, "risk-1.json");
    for (const i of [1, 2]) {
      const d = json(
        chain(i, "deposit", "--token", "USDC", "--amount", "60000", "--mint", "--json"),
      );
      expect(d.balance).to.equal("60000000000");
      // a pure depositor has no hashes yet (computed from the first attestation on)
      expect(d.stateHash).to.equal("0");
      const att = path.join(dir, `att-${i}.json`);
      const a = json(chain(0, "attest", portfolioOf(i), "--risk", risk, "-o", att));
      expect(a).to.include({ nonce: "0", account: accounts[i] });
      // default deadline: a day from the chain's time
      expect(Number(a.deadline) - (await now())).to.be.within(86390, 86400);
      let consent: string[] = [];
      if (i === 2) {
        // the keeper's account cannot relay trader 2's attestation without trader 2's consent
        const refused = chain(3, "submit", portfolioOf(i), "--risk", risk, "--attestation", att);
        expect(refused.code).to.equal(1);
        expect(refused.stderr).to.match(
          new RegExp(
            `NotAccountOwner: the sender ${accounts[3]} is not the account ${accounts[2]}`,
          ),
        );
        expect(refused.stderr).not.to.match(/proof done/);
        const c = json(chain(2, "consent", "--attestation", att, "--json"));
        expect(c.consent).to.match(/^0x[0-9a-f]{130}$/);
        consent = ["--consent", c.consent as string];
      }
      // trader 1 submits herself; trader 2's proof is relayed by the keeper's account
      const s = json(
        chain(
          i === 1 ? 1 : 3,
          "submit",
          portfolioOf(i),
          "--risk",
          risk,
          "--attestation",
          att,
          ...consent,
          "--json",
        ),
      );
      expect(s).to.include({
        method: i === 1 ? "attestAndProve" : "attestAndProveFor",
        epoch: "1",
      });
      expect(s.gasUsed).to.match(/^[0-9]+$/);
    }
    // a used attestation is refused before proving (nonce moved on)
    const again = chain(
      1,
      "submit",
      portfolioOf(1),
      "--risk",
      risk,
      "--attestation",
      path.join(dir, "att-1.json"),
    );
    expect(again.code).to.equal(1);
    expect(again.stderr).to.match(/BadNonce: the attestation has nonce 0; the engine expects 1/);
  });

  it("an attestation past its deadline is refused before proving", async () => {
    const risk = path.join(dir, "risk-1.json");
    const att = path.join(dir, "att-expired.json");
    ok(chain(0, "attest", portfolioOf(1), "--risk", risk, "--valid-for", "5", "-o", att));
    await travel(10);
    const r = chain(1, "submit", portfolioOf(1), "--risk", risk, "--attestation", att);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(/AttestationExpired: the attestation's deadline [0-9]+ is not after/);
    expect(r.stderr).not.to.match(/proof done/);
    const bad = chain(0, "attest", portfolioOf(1), "--risk", risk, "--deadline", "1");
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.match(/--deadline: 1 is not after the chain's time/);
  });

  it("status shows both accounts valid, the engine running and the oracle live", () => {
    for (const i of [1, 2]) {
      const s = json(chain(0, "status", accounts[i], "--json"));
      expect(s).to.include({ status: "valid", liquidatable: false, provenEpoch: "1" });
      expect(s.engineLiquidatableAfter).to.equal(s.liquidatableAfter);
      expect(s.liveness).to.include({ paused: false, oracleLive: true, stressDeclarations: 0 });
      expect(s.claimable).to.deep.equal([]);
      expect((s.balances as Array<{ symbol: string; amount: string }>)[0]).to.include({
        symbol: "USDC",
        amount: "60000.0",
      });
    }
  });

  it("after time travel, the keeper renews its own account and liquidates the lapsed one", async () => {
    await travel(3300);
    const risk2 = await riskAt(2);
    ok(chain(0, "publish-epoch", "--risk", risk2));
    const k1 = json(
      chain(3, "keeper", "--once", "--portfolio", portfolioOf(1), "--risk", risk2, "--json"),
    );
    const r1 = (
      k1.rounds as Array<{
        renewed: Array<{ account: string }>;
        liquidated: unknown[];
        claimed: unknown[];
        held: string | null;
      }>
    )[0];
    expect(r1.renewed.map((x) => x.account)).to.deep.equal([accounts[1]]);
    expect(r1.liquidated).to.deep.equal([]);
    expect(r1.claimed).to.deep.equal([]);
    expect(r1.held).to.equal(null);

    // past trader 2's validUntil + grace (600 s); epoch 2 (published before epoch 1 expired)
    // is still fresh, so the risk oracle has been live throughout
    await travel(1000);
    expect(json(chain(0, "status", accounts[2], "--json"))).to.include({
      status: "liquidatable",
      liquidatable: true,
    });
    const k2 = json(
      chain(3, "keeper", "--once", "--portfolio", portfolioOf(1), "--risk", risk2, "--json"),
    );
    const r2 = (
      k2.rounds as Array<{
        liquidated: Array<{ account: string }>;
        claimed: Array<{ token: string; amount: string }>;
      }>
    )[0];
    expect(r2.liquidated.map((x) => x.account)).to.deep.equal([accounts[2]]);
    // the liquidation credited 5 % of trader 2's 60000 USDC to the keeper, which claimed it
    const usdc = JSON.parse(fs.readFileSync(dep, "utf8")).collateral[0].token as string;
    expect(r2.claimed.map(({ token, amount }) => ({ token, amount }))).to.deep.equal([
      { token: getAddress(usdc), amount: "3000000000" },
    ]);
    // the receiver (the deployer) claims its share; a second claim has nothing left
    const receiver = json(chain(0, "status", "--json"));
    expect(receiver.claimable).to.deep.equal([
      { slot: 0, symbol: "USDC", token: getAddress(usdc), amount: "57000.0", raw: "57000000000" },
    ]);
    expect(json(chain(0, "claim", "--token", "USDC", "--json"))).to.include({
      amount: "57000000000",
    });
    const twice = chain(0, "claim", "--token", "USDC");
    expect(twice.code).to.equal(1);
    expect(twice.stderr).to.match(/MarginEngine__NothingToClaim/);
    expect(json(chain(0, "status", accounts[2], "--json"))).to.include({
      status: "frozen",
      frozen: true,
    });
    expect(json(chain(0, "status", accounts[1], "--json"))).to.include({
      status: "valid",
      provenEpoch: "2",
    });
  });

  it("a withdrawal under initial margin is refused before proving; a modest one is accepted", () => {
    const risk2 = path.join(dir, "risk-2.json");
    const bad = chain(
      1,
      "withdraw",
      portfolioOf(1),
      "--risk",
      risk2,
      "--token",
      "USDC",
      "--amount",
      "50000",
    );
    expect(bad.code).to.equal(1);
    expect(bad.stderr).to.match(
      /WithdrawalRefused: the withdrawal would leave the account under initial margin \(x1\.5000\)/,
    );
    expect(bad.stderr).not.to.match(/proof done/);
    const good = json(
      chain(
        1,
        "withdraw",
        portfolioOf(1),
        "--risk",
        risk2,
        "--token",
        "USDC",
        "--amount",
        "2000",
        "--json",
      ),
    );
    expect(good).to.include({ proved: true, amount: "2000000000" });
    const s = json(chain(1, "status", "--json"));
    expect((s.balances as Array<{ amount: string }>)[0].amount).to.equal("58000.0");
  });
});
