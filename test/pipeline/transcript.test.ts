import { expect } from "chai";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { InputError } from "../../src/errors";
import { TRANSCRIPT_FILE, readTranscript } from "../../src/node/pipeline/transcript";

const H = "ab".repeat(32);

function transcript(): Record<string, unknown> {
  return {
    version: 1,
    kind: "zkmargin-groth16-phase2",
    circuit: "small",
    snarkjs: "0.7.6",
    r1csSha256: H,
    ptau: { file: "pot.ptau", sha256: H },
    steps: [
      {
        index: 0,
        kind: "start",
        name: "zkey new",
        file: "small_0000.zkey",
        zkeySha256: H,
        at: "t",
      },
      {
        index: 1,
        kind: "beacon",
        name: "beacon",
        file: "small_0001.zkey",
        zkeySha256: H,
        contributionHash: "cd".repeat(64),
        beacon: { hex: "0102", iterationsExp: 10 },
        at: "t",
      },
    ],
  };
}

describe("ceremony transcript.json (zod, shared format layer)", () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "zkm-transcript-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (t: unknown) =>
    fs.writeFileSync(path.join(dir, TRANSCRIPT_FILE), JSON.stringify(t));

  it("reads a valid transcript", () => {
    write(transcript());
    expect(readTranscript(dir).steps).to.have.length(2);
  });

  const cases: Array<[string, (t: Record<string, unknown>) => void, string, RegExp]> = [
    ["a foreign kind", (t) => (t.kind = "other"), "kind", /must be "zkmargin-groth16-phase2"/],
    ["a missing r1cs hash", (t) => delete t.r1csSha256, "r1csSha256", /missing field/],
    [
      "a bad step hash",
      (t) => ((t.steps as Array<Record<string, unknown>>)[1].zkeySha256 = "xyz"),
      "steps[1].zkeySha256",
      /sha256/,
    ],
    ["an unknown field", (t) => (t.extra = 1), "extra", /unknown field/],
    ["a bad circuit name", (t) => (t.circuit = "../x"), "circuit", /instance name/],
  ];
  for (const [what, edit, field, rule] of cases) {
    it(`refuses ${what}, naming the field`, () => {
      const t = transcript();
      edit(t);
      write(t);
      try {
        readTranscript(dir);
        expect.fail("accepted");
      } catch (e) {
        expect(e).to.be.instanceOf(InputError);
        expect((e as InputError).path).to.equal(field);
        expect((e as InputError).rule).to.match(rule);
      }
    });
  }

  it("refuses a missing file as an InputError", () => {
    expect(() => readTranscript(dir)).to.throw(InputError, /file not found/);
  });
});
