// A three-party phase-2 ceremony on the small instance: two contributions and a beacon over
// the development ptau, with a JSON transcript that verifies; a corrupted contribution fails.
// To stay within the CI budget the ceremony continues from the development key instead of
// running `zkey new` (the start step of a production ceremony), and the verification shares
// the initial key computed for the audit test (INIT_CACHE).
import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import {
  addContribution,
  applyBeacon,
  exportCeremony,
  readTranscript,
  startCeremony,
  verifyTranscript,
} from "../../src/node/pipeline/ceremony";
import { silentLog } from "../../src/node/pipeline/log";
import { buildInstance } from "../../src/node/pipeline/pipeline";
import { releaseSnarkjsWorkers } from "../../src/node/pipeline/tools";
import { makeFixture, placeholderConfig } from "../pipeline/fixture";
import { INIT_CACHE, ptau, SMALL, tmpDir } from "./helpers";

describe("phase-2 ceremony with a transcript (small instance)", function () {
  let dir: string;
  let pot: string;
  before(function () {
    const p = ptau();
    if (p === undefined || !fs.existsSync(SMALL.zkey)) this.skip();
    pot = p as string;
    dir = path.join(tmpDir("ceremony"), "small");
  });
  after(async () => {
    await releaseSnarkjsWorkers();
    if (dir !== undefined) fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  });

  it("two contributions and a beacon; the transcript verifies and the keys export", async () => {
    const t0 = Date.now();
    await startCeremony({
      dir,
      circuit: "small",
      r1cs: SMALL.r1cs,
      ptau: pot,
      fromZkey: SMALL.zkey,
    });
    const a = await addContribution(dir, { name: "alice" });
    const b = await addContribution(dir, { name: "bob", entropy: "bob's dice rolls" });
    const c = await applyBeacon(dir, {
      name: "final beacon",
      beaconHex: "0123456789abcdef0123456789abcdef",
      iterationsExp: 10,
    });
    expect([a.index, b.index, c.index]).to.deep.equal([1, 2, 3]);
    expect(a.contributionHash).to.match(/^[0-9a-f]{128}$/);
    const t1 = Date.now();
    const r = await verifyTranscript({
      dir,
      r1cs: SMALL.r1cs,
      ptau: pot,
      initCacheDir: INIT_CACHE,
    });
    expect(r.problems).to.deep.equal([]);
    expect(r.ok).to.equal(true);
    expect(r.chain.slice(-3).map((x) => x.name)).to.deep.equal(["alice", "bob", "final beacon"]);
    const f = await exportCeremony({ dir, outDir: path.join(dir, "final") });
    expect(readTranscript(dir).final?.vkeySha256).to.equal(f.vkeySha256);
    expect(fs.readFileSync(path.join(dir, "final", "Verifier.sol"), "utf8")).to.contain(
      "phase-2 ceremony of small",
    );
    console.log(
      `      (contributions + beacon ${((t1 - t0) / 1000).toFixed(0)} s, verify ${r.seconds.toFixed(0)} s)`,
    );
  });

  it("a transcript with a corrupted contribution fails, naming the step", async () => {
    const f = path.join(dir, readTranscript(dir).steps[2].file);
    const bytes = fs.readFileSync(f);
    bytes[bytes.length - 100] ^= 0xff;
    fs.writeFileSync(f, bytes);
    const r = await verifyTranscript({ dir, r1cs: SMALL.r1cs, ptau: pot });
    expect(r.ok).to.equal(false);
    expect(r.problems.join("\n")).to.match(
      /step 2 \(contribution "bob"\): .* corrupted or replaced/,
    );
  });
});

describe("phase-2 ceremony from zkey new (placeholder circuit, seconds)", function () {
  const fx = makeFixture("ceremony-tiny");
  after(async () => {
    await releaseSnarkjsWorkers();
    fx.cleanup();
  });

  it("start runs zkey new; a transcript whose contribution hash was changed fails by step", async function () {
    const pot = ptau();
    if (pot === undefined) this.skip();
    const built = await buildInstance("tiny", {
      config: placeholderConfig(),
      sourcesDir: fx.sourcesDir,
      mainDir: fx.mainDir,
      buildDir: fx.buildDir,
      keys: false,
      env: {},
      log: silentLog,
    });
    const dir = path.join(fx.root, "ceremony");
    const r1cs = built.paths.r1cs;
    const t = await startCeremony({ dir, circuit: "tiny", r1cs, ptau: pot as string });
    expect(t.steps[0]).to.include({ kind: "start", name: "zkey new" });
    await addContribution(dir, { name: "alice" });
    await addContribution(dir, { name: "bob" });
    await applyBeacon(dir, { name: "beacon", beaconHex: "aa55", iterationsExp: 10 });
    const ok = await verifyTranscript({ dir, r1cs, ptau: pot as string });
    expect(ok.problems).to.deep.equal([]);
    expect(ok.chain.map((c) => c.name)).to.deep.equal(["alice", "bob", "beacon"]);
    // a beacon closes the ceremony
    let err: Error | undefined;
    try {
      await addContribution(dir, { name: "late" });
    } catch (e) {
      err = e as Error;
    }
    expect(err?.message).to.match(/a beacon closes the ceremony/);
    // the transcript lies about bob's contribution
    const file = path.join(dir, "transcript.json");
    const tr = readTranscript(dir);
    fs.writeFileSync(
      file,
      JSON.stringify(tr).replace(tr.steps[2].contributionHash as string, "ab".repeat(64)),
    );
    const bad = await verifyTranscript({ dir, r1cs, ptau: pot as string });
    expect(bad.ok).to.equal(false);
    expect(bad.problems.join("\n")).to.match(/step 2 \(contribution "bob"\): contribution hash/);
  });
});
