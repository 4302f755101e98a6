/**
 * The app build (src/node/app/build.ts): esbuild bundles the page, the prover worker and the
 * browser SDK for platform "browser" (an import of a Node built-in fails the build), and pins
 * each instance's wasm, zkey and verification key by the hashes of the build manifest, which
 * for the deterministic development keys are the committed audit manifest's.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { buildApp } from "../../src/node/app/build";

const ROOT = path.resolve(__dirname, "..", "..");

describe("app build (esbuild, browser platform)", function () {
  this.timeout(120000);
  let out = "";
  let built: Awaited<ReturnType<typeof buildApp>>;

  before(async function () {
    if (!fs.existsSync(path.join(ROOT, "build", "small", "small.zkey"))) this.skip();
    out = fs.mkdtempSync(path.join(os.tmpdir(), "zkmargin-app-"));
    built = await buildApp({ outDir: out, instances: ["small"] });
  });
  after(() => out && fs.rmSync(out, { recursive: true, force: true }));

  it("writes the page, the worker, the SDK module, keys.json, the keys and the ABIs", () => {
    for (const f of [
      "index.html",
      "style.css",
      "app.js",
      "prover-worker.js",
      "sdk/zkmargin.js",
      "keys.json",
      "engine-abi.json",
      "subaccounts-abi.json",
      "keys/small/small.wasm",
      "keys/small/small.zkey",
      "keys/small/verification_key.json",
    ])
      expect(fs.existsSync(path.join(out, f)), f).to.equal(true);
    const abi = JSON.parse(
      fs.readFileSync(path.join(out, "subaccounts-abi.json"), "utf8"),
    ) as Array<{
      name?: string;
    }>;
    expect(abi.map((e) => e.name)).to.include.members(["subAccount", "holderOf", "deposit"]);
    expect(Object.keys(built.bundles).sort()).to.deep.equal([
      "app.js",
      "prover-worker.js",
      "sdk/zkmargin.js",
      "whatif-worker.js",
    ]);
  });

  it("no bundle takes in Node-only code", () => {
    for (const [bundle, inputs] of Object.entries(built.inputs)) {
      const nodeOnly = inputs.filter(
        (f) => f.startsWith("node:") || f.startsWith("src/node/") || f.startsWith("src/cli/"),
      );
      expect(nodeOnly, bundle).to.deep.equal([]);
      // snarkjs's and ffjavascript's browser builds, not their Node ones
      const zk = inputs.filter((f) => /node_modules\/(snarkjs|ffjavascript)\//.test(f));
      expect(
        zk.filter((f) => !f.endsWith("/build/browser.esm.js")),
        bundle,
      ).to.deep.equal([]);
    }
  });

  it("pins the keys of the committed manifest (deterministic development keys)", () => {
    const keys = JSON.parse(fs.readFileSync(path.join(out, "keys.json"), "utf8"));
    const manifest = JSON.parse(
      fs.readFileSync(path.join(ROOT, "circuits", "manifest.json"), "utf8"),
    );
    const m = manifest.instances.small;
    expect(keys).to.deep.equal({
      small: {
        circuit: "small",
        wasm: { url: "keys/small/small.wasm", sha256: m.wasmSha256 },
        zkey: { url: "keys/small/small.zkey", sha256: m.keys.zkeySha256 },
        vkey: { url: "keys/small/verification_key.json", sha256: m.keys.vkeySha256 },
        unsafeDevelopmentKeys: true,
      },
    });
  });
});
