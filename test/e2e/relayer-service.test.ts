/**
 * The relayer against a `hardhat node` on loopback (small instance, real proofs made once, one
 * per account: ./relayer-fixture.ts). In process: a bad body is refused naming the field, a
 * proof with another account's state hash and an unknown tier are refused before anything is
 * queued or sent, two proofs land in one batch and GET reports them accepted. As a child
 * process (`bin/zkmargin.js relayer`): killed with SIGKILL after a batch was sent and before
 * its outcome was recorded, and after the batch was written and before it was sent; restarted
 * on the same --state folder, every proof ends accepted with exactly one ProofAccepted event
 * per (account, epoch): nothing lost, nothing submitted twice.
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { expect } from "chai";
import {
  RelayerRequestError,
  type RelayerStatus,
  relayerStatus,
  submitToRelayer,
} from "../../src/chain";
import { loadKeyInfo } from "../../src/node/prover";
import { type RunningRelayer, startRelayer } from "../../src/node/relayer/service";
import { releaseProverThreads } from "../../src/proof";
import { type RelayerFixture, relayerFixture, smallKeysBuilt } from "./relayer-fixture";

const BIN = path.resolve(__dirname, "..", "..", "bin", "zkmargin.js");

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `id` until accepted or rejected (or `ms` pass). */
async function settled(url: string, id: string, ms = 30000): Promise<RelayerStatus> {
  const until = Date.now() + ms;
  for (;;) {
    const s = await relayerStatus(url, id);
    if (s.status === "accepted" || s.status === "rejected" || Date.now() > until) return s;
    await sleep(200);
  }
}

/** A `zkmargin relayer --json` child process and its event lines. */
class RelayerChild {
  readonly events: Array<Record<string, unknown>> = [];
  readonly proc: ChildProcess;
  private text = "";
  private exited: Promise<void>;

  constructor(f: RelayerFixture, state: string, env: Record<string, string> = {}) {
    this.proc = spawn(
      process.execPath,
      [
        BIN,
        "relayer",
        "--rpc",
        f.node.url,
        "--deployment",
        f.deploymentFile,
        "--state",
        state,
        "--port",
        "0",
        "--batch",
        "2",
        "--max-wait",
        "2",
        "--json",
      ],
      {
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, ZKMARGIN_PRIVATE_KEY: "", ...env },
      },
    );
    this.proc.stdout?.on("data", (d: Buffer) => {
      this.text += d.toString();
      const lines = this.text.split("\n");
      this.text = lines.pop() ?? "";
      for (const l of lines)
        if (l.trim()) this.events.push(JSON.parse(l) as Record<string, unknown>);
    });
    let err = "";
    this.proc.stderr?.on("data", (d: Buffer) => (err += d.toString()));
    this.exited = new Promise((resolve) => this.proc.once("exit", () => resolve()));
    this.proc.once("exit", (code, signal) => {
      if (code !== 0 && signal === null) console.log(`      relayer exited ${code}: ${err}`);
    });
  }

  /** The first event named `name` (waits up to `ms`). */
  async event(name: string, ms = 60000): Promise<Record<string, unknown>> {
    const until = Date.now() + ms;
    for (;;) {
      const e = this.events.find((x) => x.event === name);
      if (e) return e;
      if (Date.now() > until || this.proc.exitCode !== null)
        throw new Error(`no "${name}" event; got ${JSON.stringify(this.events)}`);
      await sleep(50);
    }
  }

  async kill(signal: NodeJS.Signals): Promise<void> {
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill(signal);
    const timer = setTimeout(() => this.proc.kill("SIGKILL"), 10000);
    await this.exited;
    clearTimeout(timer);
  }
}

describe("relayer service against `hardhat node` (small instance, real proofs)", function () {
  this.timeout(240000);
  let f: RelayerFixture | undefined;
  let relayer: RunningRelayer | undefined;
  const children: RelayerChild[] = [];

  before(async function () {
    if (!smallKeysBuilt()) {
      console.log(
        "      skipped: no small instance keys (npm run circuits && npx hardhat compile)",
      );
      this.skip();
    }
    f = await relayerFixture(6);
  });
  after(async () => {
    await relayer?.stop();
    for (const c of children) await c.kill("SIGKILL");
    await f?.stop();
    await releaseProverThreads();
  });

  const post = (url: string, body: unknown) =>
    fetch(`${url}/proofs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));

  it("refuses bad input naming the field, a wrong state hash and an unknown tier before sending; a batch lands", async () => {
    const fx = f as RelayerFixture;
    const [a, b] = fx.renewals;
    relayer = await startRelayer({
      engine: fx.d.engine.connect(fx.admin),
      provider: fx.conn.provider,
      sender: await fx.admin.getAddress(),
      instance: "small",
      vkey: loadKeyInfo("small").vkey,
      stateDir: path.join(fx.dir, "state-in-process"),
      port: 0,
      batchSize: 2,
      maxWaitSeconds: 30,
    });
    const url = relayer.url;
    const wire = { account: a.account, epoch: "1", tier: 0, proof: a.proof };
    const bad = await post(url, { ...wire, account: "0x12" });
    expect(bad.status).to.equal(400);
    expect(bad.body).to.include({ error: "input", field: "account" });
    const noSignals = await post(url, { ...wire, proof: { ...a.proof, publicSignals: undefined } });
    expect(noSignals.body).to.include({ error: "input", field: "proof.publicSignals" });
    const tooBig = await post(url, { ...wire, pad: "x".repeat(70000) });
    expect(tooBig.status).to.equal(413);
    // a's proof named as b's renewal: b's state hash is not the proof's
    const wrongHash = await post(url, { ...wire, account: b.account });
    expect(wrongHash.status).to.equal(400);
    expect(wrongHash.body).to.include({
      error: "StateHashMismatch",
      field: "proof.publicSignals[0]",
    });
    const tier = await submitToRelayer(url, { ...a, tier: 7 }).catch((e: unknown) => e);
    expect(tier).to.be.instanceOf(RelayerRequestError);
    expect(tier).to.include({ error: "UnknownTier", field: "tier", status: 400 });
    const health = (await (await fetch(`${url}/health`)).json()) as Record<string, number>;
    expect(health).to.include({ queued: 0, submitted: 0, batches: 0 });
    expect((await fx.accepted()).size).to.equal(0);

    const ids = [(await submitToRelayer(url, a)).id];
    // a batch takes an account once: a second proof waits until the first is settled
    const again = await submitToRelayer(url, a).catch((e: unknown) => e);
    expect(again).to.include({ error: "AlreadyQueued", status: 409 });
    ids.push((await submitToRelayer(url, b)).id);
    const done = await Promise.all(ids.map((id) => settled(url, id)));
    expect(done.map((s) => s.status)).to.deep.equal(["accepted", "accepted"]);
    expect(done[0].tx).to.be.a("string").and.equal(done[1].tx);
    const events = await fx.accepted();
    expect(events.get(`${a.account}:1`)).to.equal(1);
    expect(events.get(`${b.account}:1`)).to.equal(1);
    await relayer.stop();
    relayer = undefined;
  });

  for (const [at, first, label] of [
    ["sent", 2, "after the batch was mined, before its outcome was recorded"],
    ["sending", 4, "after the batch was written, before it was sent"],
  ] as const)
    it(`kill -9 ${label}: restarted, every proof ends accepted, none submitted twice`, async () => {
      const fx = f as RelayerFixture;
      const mine = fx.renewals.slice(first, first + 2);
      const state = path.join(fx.dir, `state-${at}`);
      const one = new RelayerChild(fx, state, { ZKMARGIN_RELAYER_TEST_PAUSE: `${at}:20000` });
      children.push(one);
      const url = String((await one.event("listening")).url);
      const ids = [];
      for (const r of mine) ids.push((await submitToRelayer(url, r)).id);
      await one.event(at);
      await one.kill("SIGKILL");
      const before = await fx.accepted();
      for (const r of mine)
        expect(before.get(`${r.account}:1`) ?? 0).to.equal(at === "sent" ? 1 : 0);

      const two = new RelayerChild(fx, state);
      children.push(two);
      const recovered = await two.event("recovered");
      expect(recovered).to.include(
        at === "sent" ? { accepted: 2, requeued: 0 } : { accepted: 0, requeued: 2 },
      );
      const url2 = String((await two.event("listening")).url);
      const done = await Promise.all(ids.map((id) => settled(url2, id)));
      expect(done.map((s) => s.status)).to.deep.equal(["accepted", "accepted"]);
      if (at === "sent") expect(done.every((s) => s.recovered === true)).to.equal(true);
      await sleep(500); // a duplicate, if any, would be sent within a tick
      const after = await fx.accepted();
      for (const r of mine) expect(after.get(`${r.account}:1`)).to.equal(1);
      const health = (await (await fetch(`${url2}/health`)).json()) as Record<string, number>;
      expect(health).to.include({ queued: 0, submitted: 0, accepted: 2, sending: 0 });
      await two.kill("SIGTERM");
      expect(two.events.some((e) => e.event === "stopped")).to.equal(true);
      // it exits by itself (code 0), not by the SIGKILL the helper sends after 10 s
      expect([two.proc.exitCode, two.proc.signalCode]).to.deep.equal([0, null]);
    });
});
