import { expect } from "chai";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { artifactPaths, buildRoot, devPtauPath } from "../../src/node/artifacts";
import {
  loadInstancesConfig,
  parseInstancesConfig,
  renderMain,
} from "../../src/node/pipeline/config";
import { canonicalJson, sha256File, vkeyHash } from "../../src/node/pipeline/hash";
import { labelVerifier } from "../../src/node/pipeline/keys";
import { requiredPtauPower } from "../../src/node/pipeline/ptau";
import { placeholderConfig } from "./fixture";

describe("pipeline units", () => {
  it("canonical JSON sorts keys recursively, keeps array order, has no spaces", () => {
    const v = { b: [3, { z: 1, a: "x" }], a: { d: null, c: true } };
    expect(canonicalJson(v)).to.equal('{"a":{"c":true,"d":null},"b":[3,{"a":"x","z":1}]}');
    expect(vkeyHash({ y: 1, x: 2 })).to.equal(vkeyHash({ x: 2, y: 1 }));
  });

  it("streaming sha256 equals the one-shot hash", async () => {
    const f = path.join(os.tmpdir(), `zkmargin-sha-${process.pid}`);
    const data = crypto.randomBytes(3 << 20);
    fs.writeFileSync(f, data);
    try {
      expect(await sha256File(f)).to.equal(crypto.createHash("sha256").update(data).digest("hex"));
    } finally {
      fs.rmSync(f);
    }
  });

  it("renders the main component of the repository's instances", () => {
    const config = loadInstancesConfig(
      path.join(__dirname, "..", "..", "circuits", "instances.json"),
    );
    const text = renderMain(config, "small", "../solvency.circom");
    const lines = text.split("\n").filter((l) => !l.startsWith("//"));
    expect(lines.join("\n")).to.equal(
      'pragma circom 2.1.9;\ninclude "../solvency.circom";\n' +
        "component main {public [stateHash, riskRoot, multiplier]} = Solvency(4, 4, 2, 16, 4, 2);\n",
    );
    expect(renderMain(config, "standard", "../solvency.circom")).to.contain(
      "Solvency(16, 8, 4, 16, 10, 6);",
    );
    expect(() => renderMain(config, "huge", "x")).to.throw(/unknown "huge"/);
  });

  it("rejects malformed instance configs naming the field", () => {
    const ok = placeholderConfig();
    expect(() => parseInstancesConfig({ ...ok, version: 2 })).to.throw(/version/);
    expect(() => parseInstancesConfig({ ...ok, source: "../x.circom" })).to.throw(/source/);
    expect(() => parseInstancesConfig({ ...ok, instances: { tiny: { N: 3 } } })).to.throw(
      /instances\.tiny\.bits/,
    );
    expect(() =>
      parseInstancesConfig({ ...ok, instances: { tiny: { N: 3, bits: 8, X: 1 } } }),
    ).to.throw(/unknown parameter/);
    expect(() =>
      parseInstancesConfig({ ...ok, instances: { "../up": { N: 3, bits: 8 } } }),
    ).to.throw(/instances/);
  });

  it("sizes the ptau by constraints + public signals + 1", () => {
    expect(requiredPtauPower(1, 2)).to.equal(2); // 4 <= 2^2
    expect(requiredPtauPower(2, 2)).to.equal(3);
    expect(requiredPtauPower(23000, 3)).to.equal(15);
    expect(requiredPtauPower(131072 - 4, 3)).to.equal(17);
    expect(requiredPtauPower(131072 - 3, 3)).to.equal(18);
  });

  it("resolves artifact paths under the build root, honouring ZKMARGIN_BUILD_DIR", () => {
    const p = artifactPaths("small", { env: { ZKMARGIN_BUILD_DIR: "/x/b" } });
    expect(p.r1cs).to.equal("/x/b/small/small.r1cs");
    expect(p.wasm).to.equal("/x/b/small/small_js/small.wasm");
    expect(p.zkey).to.equal("/x/b/small/small.zkey");
    expect(p.vkey).to.equal("/x/b/small/verification_key.json");
    expect(p.verifier).to.equal("/x/b/small/Verifier.sol");
    expect(p.manifest).to.equal("/x/b/small/manifest.json");
    expect(buildRoot({ env: {} })).to.equal(path.resolve(__dirname, "..", "..", "build"));
    expect(devPtauPath(12, { buildDir: "/y" })).to.equal("/y/ptau/dev-pot12-v1.ptau");
    expect(() => artifactPaths("../etc")).to.throw(/invalid name/);
  });

  it("puts the unsafe label after the SPDX line of the verifier", () => {
    const out = labelVerifier(
      "// SPDX-License-Identifier: GPL-3.0\npragma solidity ^0.8.0;\n",
      "// H\n",
    );
    expect(out).to.equal("// SPDX-License-Identifier: GPL-3.0\n// H\npragma solidity ^0.8.0;\n");
    expect(labelVerifier("pragma x;\n", "// H\n")).to.equal("// H\npragma x;\n");
  });
});
