// The proving-key pipeline on a tiny placeholder circuit (fixture.ts), in a temp directory.
// Keys from a given ptau use $ZKMARGIN_PTAU when set, else a development ptau made here.
import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import * as snarkjs from "snarkjs";
import { readR1csHeader } from "../../src/node/circom/r1cs";
import * as ceremony from "../../src/node/pipeline/ceremony";
import { vkeyHash } from "../../src/node/pipeline/hash";
import { UNSAFE_LABEL } from "../../src/node/pipeline/keys";
import { memoryLog, silentLog } from "../../src/node/pipeline/log";
import type { BuildOptions, BuildResult } from "../../src/node/pipeline/pipeline";
import { buildInstance } from "../../src/node/pipeline/pipeline";
import { generateDevPtau } from "../../src/node/pipeline/ptau";
import { releaseSnarkjsWorkers } from "../../src/node/pipeline/tools";
import { hashVerificationKey } from "../../src/proof";
import type { Fixture } from "./fixture";
import { makeFixture, placeholderConfig } from "./fixture";

const INPUT = { product: "30", factors: ["2", "3", "5"] };

async function proveAndVerify(r: BuildResult): Promise<void> {
  const vkey = JSON.parse(fs.readFileSync(r.paths.vkey, "utf8")) as object;
  const { proof, publicSignals } = await snarkjs.groth16.fullProve(
    INPUT,
    r.paths.wasm,
    r.paths.zkey,
  );
  expect(publicSignals).to.deep.equal(["30"]);
  expect(await snarkjs.groth16.verify(vkey, publicSignals, proof)).to.equal(true);
  expect(await snarkjs.groth16.verify(vkey, ["31"], proof)).to.equal(false);
}

describe("proving-key pipeline (placeholder circuit)", () => {
  let fx: Fixture;
  let opts: BuildOptions;

  before(() => {
    fx = makeFixture("pipeline");
    opts = {
      config: placeholderConfig(),
      sourcesDir: fx.sourcesDir,
      mainDir: fx.mainDir,
      buildDir: fx.buildDir,
      env: {}, // neither ZKMARGIN_PTAU nor ZKMARGIN_BUILD_DIR
      log: silentLog,
    };
  });

  after(async () => {
    await releaseSnarkjsWorkers();
    fx.cleanup();
  });

  describe("compile", () => {
    let first: BuildResult;

    it("generates the main, compiles it and records the manifest", async () => {
      first = await buildInstance("tiny", { ...opts, keys: false });
      expect(first.compiled).to.equal(true);
      expect(fs.readFileSync(path.join(fx.mainDir, "tiny.circom"), "utf8")).to.contain(
        'include "../placeholder.circom";\ncomponent main {public [product]} = Placeholder(3, 8);',
      );
      const m = first.manifest;
      expect(m.unsafeDevelopmentKeys).to.equal(true);
      expect(m.keys).to.equal(null);
      expect(m.circuit.params).to.deep.equal({ N: 3, bits: 8 });
      expect(m.compile.compiler).to.deep.equal({ circom2Package: "0.2.23", circom: "2.2.3" });
      expect(m.compile.circomlib).to.equal("2.0.5");
      expect(m.compile.r1csSha256).to.match(/^[0-9a-f]{64}$/);
      // header parser agrees with snarkjs
      const info = await snarkjs.r1cs.info(first.paths.r1cs);
      expect(m.compile.constraints).to.equal(info.nConstraints);
      expect(m.compile.publicSignals).to.equal(info.nPubInputs + info.nOutputs);
      expect(m.compile.publicSignals).to.equal(1);
      expect(JSON.parse(fs.readFileSync(first.paths.manifest, "utf8"))).to.deep.equal(m);
      for (const f of [first.paths.r1cs, first.paths.sym, first.paths.wasm])
        expect(fs.existsSync(f)).to.equal(true);
    });

    it("a second build is a no-op (skipped by source hash)", async () => {
      const mtime = fs.statSync(first.paths.r1cs).mtimeMs;
      const log = memoryLog();
      const again = await buildInstance("tiny", { ...opts, keys: false, log });
      expect(again.compiled).to.equal(false);
      expect(again.manifest.compile).to.deep.equal(first.manifest.compile);
      expect(fs.statSync(first.paths.r1cs).mtimeMs).to.equal(mtime);
      expect(log.lines.join("\n")).to.match(/up to date .* skipped/);
    });

    it("recompiles when a source changes, and when forced", async () => {
      fs.appendFileSync(path.join(fx.sourcesDir, "placeholder.circom"), "// touched\n");
      const changed = await buildInstance("tiny", { ...opts, keys: false });
      expect(changed.compiled).to.equal(true);
      expect(changed.manifest.compile.sourceHash).to.not.equal(first.manifest.compile.sourceHash);
      expect(changed.manifest.compile.r1csSha256).to.equal(first.manifest.compile.r1csSha256); // a comment
      // a new file in the sources directory counts too
      fs.writeFileSync(path.join(fx.sourcesDir, "extra.circom"), "pragma circom 2.1.9;\n");
      expect((await buildInstance("tiny", { ...opts, keys: false })).compiled).to.equal(true);
      expect(
        (await buildInstance("tiny", { ...opts, keys: false, force: true })).compiled,
      ).to.equal(true);
    });

    it("recompiles when a missing output is noticed", async () => {
      fs.rmSync(first.paths.wasm);
      expect((await buildInstance("tiny", { ...opts, keys: false })).compiled).to.equal(true);
    });

    it("serializes concurrent builds: one compiles, the other then skips", async () => {
      fs.appendFileSync(path.join(fx.sourcesDir, "placeholder.circom"), "// again\n");
      const [a, b] = await Promise.all([
        buildInstance("tiny", { ...opts, keys: false }),
        buildInstance("tiny", { ...opts, keys: false }),
      ]);
      expect([a.compiled, b.compiled].sort()).to.deep.equal([false, true]);
      expect(fs.existsSync(path.join(fx.buildDir, ".locks", "tiny.lock"))).to.equal(false);
    });

    it("fails with the compiler's message on a broken source", async () => {
      const cfg = placeholderConfig();
      cfg.source = "broken.circom";
      fs.writeFileSync(
        path.join(fx.sourcesDir, "broken.circom"),
        "pragma circom 2.1.9;\ntemplate Placeholder(N, B) { x <== 1; }\n",
      );
      let err: Error | undefined;
      try {
        await buildInstance("tiny", {
          ...opts,
          config: cfg,
          keys: false,
          buildDir: path.join(fx.root, "broken"),
        });
      } catch (e) {
        err = e as Error;
      }
      expect(err?.message).to.match(/circom2 failed/);
      fs.rmSync(path.join(fx.sourcesDir, "broken.circom"));
    });
  });

  describe("keys", () => {
    let dev: BuildResult;

    it("without a ptau, generates a small development ptau and keys that verify a proof", async () => {
      const t0 = Date.now();
      dev = await buildInstance("tiny", opts);
      const seconds = (Date.now() - t0) / 1000;
      expect(dev.keysGenerated).to.equal(true);
      const k = dev.manifest.keys;
      expect(k).to.not.equal(null);
      if (k === null) return;
      expect(k.ptau.origin).to.equal("generated");
      expect(k.ptau.path).to.equal(
        path.join(fx.buildDir, "ptau", `dev-pot${k.ptau.power}-v1.ptau`),
      );
      expect(fs.existsSync(`${k.ptau.path}.json`)).to.equal(true);
      expect(k.contributions.map((c) => c.kind)).to.deep.equal(["beacon"]); // deterministic recipe
      expect(k.snarkjs).to.equal("0.7.6");
      await proveAndVerify(dev);
      console.log(`      (dev ptau power ${k.ptau.power} + keys: ${seconds.toFixed(1)} s)`);
    });

    it("labels the verifier and the manifest unsafe, hashes the canonical vkey, cleans up", () => {
      const k = dev.manifest.keys;
      if (k === null) throw new Error("no keys");
      const sol = fs.readFileSync(dev.paths.verifier, "utf8");
      expect(sol.split("\n")[0]).to.match(/^\/\/ SPDX-License-Identifier/);
      expect(sol.split("\n")[1]).to.equal(`// GENERATED by zkmargin from tiny — ${UNSAFE_LABEL}.`);
      expect(sol).to.contain("contract Groth16Verifier");
      expect(sol).to.contain(k.vkeySha256);
      const vkey: unknown = JSON.parse(fs.readFileSync(dev.paths.vkey, "utf8"));
      expect(vkeyHash(vkey)).to.equal(k.vkeySha256);
      expect(hashVerificationKey(vkey)).to.equal(`0x${k.vkeySha256}`); // the SDK agrees
      expect(dev.manifest.unsafeDevelopmentKeys).to.equal(true);
      const leftovers = fs
        .readdirSync(dev.paths.dir)
        .filter((f) => f.includes("tmp") || /_\d{4}\.zkey$/.test(f));
      expect(leftovers).to.deep.equal([]);
    });

    it("a second build is a no-op, and reuses the cached development ptau after --force", async () => {
      const again = await buildInstance("tiny", opts);
      expect([again.compiled, again.keysGenerated]).to.deep.equal([false, false]);
      expect(again.manifest).to.deep.equal(dev.manifest);
      const log = memoryLog();
      const forced = await buildInstance("tiny", { ...opts, force: true, log });
      expect(forced.keysGenerated).to.equal(true);
      expect(forced.manifest.keys?.ptau.origin).to.equal("cache");
      expect(forced.manifest.keys?.vkeySha256).to.equal(dev.manifest.keys?.vkeySha256); // deterministic keys
      expect(log.lines.join("\n")).to.contain("UNSAFE");
      dev = forced;
    });

    it("phase-2 ceremony helpers: contribute, beacon, verify", async () => {
      const k = dev.manifest.keys;
      if (k === null) throw new Error("no keys");
      const z1 = path.join(fx.root, "c1.zkey");
      const z2 = path.join(fx.root, "c2.zkey");
      expect(await ceremony.contribute(dev.paths.zkey, z1, { name: "second party" })).to.match(
        /^[0-9a-f]{128}$/,
      );
      const b = await ceremony.beacon(z1, z2, {
        name: "b",
        beaconHex: "abcdef",
        iterationsExp: 10,
      });
      expect(b).to.match(/^[0-9a-f]{128}$/);
      expect(await ceremony.verify(dev.paths.r1cs, k.ptau.path, z2)).to.equal(true);
    });

    it("refuses a ptau that is too small, saying what is needed", async () => {
      const small = path.join(fx.root, "pot4.ptau");
      await generateDevPtau(4, small, silentLog);
      const need = dev.manifest.compile.constraints + dev.manifest.compile.publicSignals + 1;
      expect(need).to.be.greaterThan(16);
      let err: Error | undefined;
      try {
        await buildInstance("tiny", { ...opts, env: { ZKMARGIN_PTAU: small } });
      } catch (e) {
        err = e as Error;
      }
      expect(err?.message).to.match(/power 4 .*too small/);
      expect(err?.message).to.contain(`= ${need}, i.e. power >= ${Math.ceil(Math.log2(need))}`);
    });

    it("a changed r1cs without keys drops the stale keys", async () => {
      const r = await buildInstance("tiny", { ...opts, config: placeholderConfig(9), keys: false });
      expect(r.compiled).to.equal(true);
      expect(r.manifest.keys).to.equal(null);
      expect(fs.existsSync(r.paths.zkey)).to.equal(false);
      expect(fs.existsSync(r.paths.verifier)).to.equal(false);
      expect(readR1csHeader(r.paths.r1cs).nConstraints).to.equal(r.manifest.compile.constraints);
    });
  });

  describe("keys from $ZKMARGIN_PTAU", function () {
    let ptau = process.env.ZKMARGIN_PTAU;

    before(async function () {
      if (ptau !== undefined && ptau !== "") return;
      // no file given: a development ptau stands in for "a file the user names"
      ptau = path.join(fx.root, "given-pot8.ptau");
      await generateDevPtau(8, ptau, silentLog);
    });

    it("uses the given ptau, keys verify a proof; a rebuild skips without re-hashing it", async () => {
      const env = { ZKMARGIN_PTAU: ptau };
      const t0 = Date.now();
      const log = memoryLog();
      const r = await buildInstance("tiny", { ...opts, env, log });
      const seconds = (Date.now() - t0) / 1000;
      const k = r.manifest.keys;
      if (k === null) throw new Error("no keys");
      expect(k.ptau.origin).to.equal("env");
      // not one of the Hermez ceremony files: used, with a warning that it is unverified
      expect(log.lines.join("\n")).to.match(
        /WARNING: .* is not a known ceremony file .*UNVERIFIED/,
      );
      expect(k.ptau.path).to.equal(path.resolve(ptau as string));
      if (path.basename(k.ptau.path) === "zkmargin-dev-pot17.ptau") {
        expect(k.ptau.sha256).to.equal(
          "0761d3af4ee6fa0adb0d84ba8e20d608a7c566ea20fbdce931a5de63c314da97",
        );
      }
      await proveAndVerify(r);
      const t1 = Date.now();
      const again = await buildInstance("tiny", { ...opts, env });
      const rebuild = (Date.now() - t1) / 1000;
      expect(again.keysGenerated).to.equal(false);
      expect(again.manifest.keys?.zkeySha256).to.equal(k.zkeySha256);
      expect(rebuild).to.be.lessThan(5);
      console.log(
        `      (keys over ${path.basename(k.ptau.path)}: ${seconds.toFixed(1)} s, of which setup+` +
          `contribute+beacon ${k.seconds.toFixed(1)} s; no-op rebuild ${rebuild.toFixed(2)} s)`,
      );
    });
  });
});
