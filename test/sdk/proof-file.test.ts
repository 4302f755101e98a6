// proof.json parsed by the browser-safe SDK (src/proof-file.ts): a good file, each bad field
// named with its rule, and the Node loader reporting the same errors.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import instancesJson from "../../circuits/instances.json";
import { P, Q } from "../../src/field";
import { PUBLIC_SIGNAL_NAMES } from "../../src/proof";
import { parseProofFile } from "../../src/proof-file";
import { parseProofFile as browserParseProofFile } from "../../src/browser";
import { loadProofFile } from "../../src/node/prover";
import { expectInputError, fixedProof } from "./helpers";

type Obj = Record<string, unknown>;
const F = "proof.json";

/** A well-formed proof.json (the numbers are not a valid proof; the shape is). */
function good(): Obj & { proof: Obj; publicSignals: string[] } {
  return {
    version: 1,
    circuit: "small",
    vkeyHash: "0x" + "ab".repeat(32),
    unsafeDevelopmentKeys: true,
    proof: fixedProof(),
    publicSignals: ["1", "2", "10000"],
  };
}

function edited(edit: (p: ReturnType<typeof good>) => void): Obj {
  const p = good();
  edit(p);
  return p;
}

describe("proof.json (browser-safe parser)", () => {
  it("accepts a well-formed file and returns it unchanged", () => {
    expect(parseProofFile(good())).to.deep.equal(good());
    expect(browserParseProofFile).to.equal(parseProofFile);
  });

  it("public signals are the circuit's public inputs of circuits/instances.json, in order", () => {
    expect(PUBLIC_SIGNAL_NAMES).to.deep.equal(instancesJson.publicInputs);
  });

  const cases: Array<[string, (p: ReturnType<typeof good>) => void, string, RegExp]> = [
    ["root not an object", () => undefined, "(root)", /must be a JSON object/],
    ["unknown field", (p) => (p.extra = 1), "extra", /unknown field/],
    ["version", (p) => (p.version = 2), "version", /must be 1/],
    ["missing version", (p) => delete p.version, "version", /missing field/],
    ["circuit", (p) => (p.circuit = "Small!"), "circuit", /must be an instance name/],
    ["vkeyHash", (p) => (p.vkeyHash = "0x" + "AB".repeat(32)), "vkeyHash", /0x \+ 64 lower-case/],
    ["missing vkeyHash", (p) => delete p.vkeyHash, "vkeyHash", /missing field/],
    [
      "unsafeDevelopmentKeys",
      (p) => (p.unsafeDevelopmentKeys = "yes"),
      "unsafeDevelopmentKeys",
      /must be a boolean/,
    ],
    ["proof", (p) => (p.proof = "x" as unknown as Obj), "proof", /snarkjs Groth16 proof/],
    ["proof.protocol", (p) => (p.proof.protocol = "plonk"), "proof.protocol", /"groth16"/],
    ["proof.curve", (p) => (p.proof.curve = "bls12381"), "proof.curve", /"bn128"/],
    ["proof unknown field", (p) => (p.proof.x = 1), "proof.x", /unknown field/],
    ["missing pi_a", (p) => delete p.proof.pi_a, "proof.pi_a", /missing field/],
    ["pi_a length", (p) => (p.proof.pi_a = ["1", "2"]), "proof.pi_a", /must hold 3/],
    ["pi_a hex", (p) => (p.proof.pi_a = ["0x1", "2", "1"]), "proof.pi_a[0]", /decimal string/],
    [
      "pi_a at q",
      (p) => (p.proof.pi_a = ["1", Q.toString(), "1"]),
      "proof.pi_a[1]",
      /below the BN254 base field modulus q/,
    ],
    [
      "pi_b pair",
      (p) => (p.proof.pi_b = [["1"], ["2", "3"], ["1", "0"]]),
      "proof.pi_b[0]",
      /must hold 2 decimal strings/,
    ],
    [
      "pi_b number",
      (p) =>
        (p.proof.pi_b = [
          ["1", "2"],
          ["2", 3],
          ["1", "0"],
        ]),
      "proof.pi_b[1][1]",
      /decimal string/,
    ],
    ["pi_c", (p) => (p.proof.pi_c = "1"), "proof.pi_c", /array of 3/],
    [
      "publicSignals type",
      (p) => (p.publicSignals = "1" as unknown as string[]),
      "publicSignals",
      /array/,
    ],
    [
      "publicSignals count",
      (p) => (p.publicSignals = ["1", "2"]),
      "publicSignals",
      /must hold 3 decimal strings \(stateHash, riskRoot, multiplier\)/,
    ],
    [
      "publicSignals entry",
      (p) => (p.publicSignals = ["1", "-2", "3"]),
      "publicSignals[1]",
      /non-negative integer decimal string/,
    ],
    [
      "publicSignals leading zero",
      (p) => (p.publicSignals = ["1", "2", "010000"]),
      "publicSignals[2]",
      /non-negative integer decimal string/,
    ],
  ];
  for (const [name, edit, at, rule] of cases) {
    it(`names ${at}: ${name}`, () => {
      const json = name === "root not an object" ? [] : edited(edit);
      expectInputError(() => parseProofFile(json, F), F, at, rule);
    });
  }

  it("a signal at or above p is well-formed (verifyProof refuses it as an invalid proof)", () => {
    const p = edited((x) => (x.publicSignals[1] = (P + 1n).toString()));
    expect(parseProofFile(p).publicSignals[1]).to.equal((P + 1n).toString());
  });

  it("the Node loader reports the same errors, naming the file it read", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "proof-file-"));
    try {
      const f = path.join(dir, "bad-proof.json");
      fs.writeFileSync(f, JSON.stringify({ version: 1, circuit: "standard" }));
      expectInputError(() => loadProofFile(f), f, "vkeyHash", /missing field/);
      fs.writeFileSync(f, JSON.stringify(good()));
      expect(loadProofFile(f)).to.deep.equal(good());
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
