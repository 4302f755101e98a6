/**
 * The batch-verifier generator (src/node/pipeline/batch-verifier.ts) as text: deterministic,
 * one constant per key element in the precompile's Fp2 order, an input array of the key's
 * width, the header after the SPDX line, and a malformed key refused. The contract itself is
 * exercised on chain by test/contracts/batch-verifier.test.ts.
 */
import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";
import {
  batchVerifierContractName,
  batchVerifierSource,
  parseVerificationKey,
} from "../../src/node/pipeline/batch-verifier";
import { vkeyHash } from "../../src/node/pipeline/hash";

const g1 = (x: number) => [String(x), String(x + 1), "1"];
const g2 = (x: number) => [
  [String(x), String(x + 1)],
  [String(x + 2), String(x + 3)],
  ["1", "0"],
];
const vkey = (n: number) => ({
  protocol: "groth16",
  curve: "bn128",
  nPublic: n,
  vk_alpha_1: g1(10),
  vk_beta_2: g2(20),
  vk_gamma_2: g2(30),
  vk_delta_2: g2(40),
  IC: Array.from({ length: n + 1 }, (_, j) => g1(100 + 10 * j)),
});
const opts = { contractName: "B", header: "// label\n" };

describe("batch verifier generator", () => {
  it("is deterministic and labels the file after the SPDX line", () => {
    const s = batchVerifierSource(vkey(3), opts);
    expect(batchVerifierSource(vkey(3), opts)).to.equal(s);
    expect(s.startsWith("// SPDX-License-Identifier: MIT\n// label\npragma solidity")).to.equal(
      true,
    );
    expect(s).to.include(`bytes32 public constant VKEY_SHA256 = 0x${vkeyHash(vkey(3))};`);
    expect(s).to.include("uint256[3][] calldata pub");
    expect(s).to.include("contract B {");
  });

  it("writes G2 coordinates as (imaginary, real) and every IC point", () => {
    const s = batchVerifierSource(vkey(8), opts);
    expect(s).to.include("BETA_X_IM = 21;");
    expect(s).to.include("BETA_X_RE = 20;");
    expect(s).to.include("DELTA_Y_IM = 43;");
    expect(s).to.include("DELTA_Y_RE = 42;");
    expect(s).to.include("IC8_Y = 181;");
    expect(s).to.include("uint256[8][] calldata pub");
  });

  it("refuses a key whose IC does not have nPublic + 1 points, or another curve", () => {
    expect(() => parseVerificationKey({ ...vkey(3), IC: vkey(2).IC })).to.throw(/IC has 3 points/);
    expect(() => parseVerificationKey({ ...vkey(3), curve: "bls12381" })).to.throw();
  });

  it("names the contract after the instance", () => {
    expect(batchVerifierContractName("standard")).to.equal("SolvencyBatchVerifierStandard");
    expect(batchVerifierContractName("small-v2")).to.equal("SolvencyBatchVerifierSmallV2");
  });

  it("matches the generated contracts/generated file when one exists (same key, same bytes)", function () {
    const root = path.resolve(__dirname, "..", "..");
    const file = path.join(root, "contracts", "generated", "SolvencyBatchVerifierSmall.sol");
    const vk = path.join(root, "build", "small", "verification_key.json");
    if (!fs.existsSync(file) || !fs.existsSync(vk)) this.skip();
    const text = fs.readFileSync(file, "utf8");
    const header = text.slice(text.indexOf("\n") + 1, text.indexOf("pragma solidity"));
    const source = batchVerifierSource(JSON.parse(fs.readFileSync(vk, "utf8")), {
      contractName: "SolvencyBatchVerifierSmall",
      header,
    });
    expect(source).to.equal(text);
  });
});
