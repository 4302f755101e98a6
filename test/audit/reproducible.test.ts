// Reproducible builds: two clean builds of the small instance, in two different temporary
// folders, give byte-identical r1cs and wasm, equal to circuits/manifest.json.
import { expect } from "chai";
import fs from "node:fs";
import path from "node:path";
import { rebuildInstances } from "../../src/node/audit/audit";
import { readCommittedManifest } from "../../src/node/audit/manifest";
import { circuitsDir } from "../../src/node/artifacts";
import { sha256File } from "../../src/node/pipeline/hash";
import { silentLog } from "../../src/node/pipeline/log";
import { tmpDir } from "./helpers";

describe("reproducible circuit builds (small instance)", () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it("two clean builds give byte-identical r1cs and wasm, as pinned in the manifest", async () => {
    const [a, b] = [tmpDir("repro-a"), path.join(tmpDir("repro-b"), "deeper", "dir")];
    dirs.push(a, path.dirname(path.dirname(b)));
    const t0 = Date.now();
    const [[ra], [rb]] = await Promise.all([
      rebuildInstances(["small"], circuitsDir(), a, silentLog),
      rebuildInstances(["small"], circuitsDir(), b, silentLog),
    ]);
    console.log(`      (two parallel clean builds: ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    expect(fs.readFileSync(ra.r1cs).equals(fs.readFileSync(rb.r1cs))).to.equal(true);
    const wasm = (r: string): string => path.join(path.dirname(r), "small_js", "small.wasm");
    expect(fs.readFileSync(wasm(ra.r1cs)).equals(fs.readFileSync(wasm(rb.r1cs)))).to.equal(true);
    expect(await sha256File(ra.r1cs)).to.equal(ra.r1csSha256);
    const m = readCommittedManifest().instances.small;
    expect([ra.r1csSha256, ra.wasmSha256, ra.constraints]).to.deep.equal([
      m.r1csSha256,
      m.wasmSha256,
      m.constraints,
    ]);
  });
});
