// The table of known ceremony files (src/node/pipeline/known-ptau.ts): powers 8 to 20 of the
// Hermez/Polygon perpetual powers of tau, identified by blake2b-512 as snarkjs's README lists.
import { expect } from "chai";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { projectRoot } from "../../src/node/artifacts";
import {
  KNOWN_PTAU,
  blake2b512File,
  identifyPtau,
  knownPtauByHash,
} from "../../src/node/pipeline/known-ptau";

describe("known ceremony ptau files", () => {
  it("lists powers 8 to 20 with well-formed hashes and the published names", () => {
    expect(KNOWN_PTAU.map((k) => k.power)).to.deep.equal([
      8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
    ]);
    for (const k of KNOWN_PTAU) {
      expect(k.blake2b512).to.match(/^[0-9a-f]{128}$/);
      expect(k.name).to.equal(`powersOfTau28_hez_final_${String(k.power).padStart(2, "0")}.ptau`);
    }
    expect(new Set(KNOWN_PTAU.map((k) => k.blake2b512)).size).to.equal(KNOWN_PTAU.length);
  });

  it("agrees with the table in the installed snarkjs README", () => {
    const readme = fs.readFileSync(
      path.join(projectRoot(), "node_modules", "snarkjs", "README.md"),
      "utf8",
    );
    for (const k of KNOWN_PTAU) {
      const row = readme.split("\n").find((l) => l.includes(`[${k.name}]`));
      expect(row, k.name).to.not.equal(undefined);
      expect(row).to.contain(k.blake2b512);
    }
  });

  it("identifies by hash (any case) and names an unknown file as unverified", async () => {
    const k17 = KNOWN_PTAU.find((k) => k.power === 17);
    expect(knownPtauByHash(k17!.blake2b512.toUpperCase())?.name).to.equal(
      "powersOfTau28_hez_final_17.ptau",
    );
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "zkm-ptau-")), "x.ptau");
    fs.writeFileSync(file, "not a ceremony file");
    // b2sum of "not a ceremony file", computed independently of the streaming reader
    const expected = createHash("blake2b512").update("not a ceremony file").digest("hex");
    expect(await blake2b512File(file)).to.equal(expected);
    const id = await identifyPtau(file);
    expect(id.known).to.equal(false);
    if (!id.known) expect(id.warning).to.match(/not a known ceremony file.*UNVERIFIED/);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });
});
