// `zkmargin inspect`: decodes a small-instance proof, recomputes its bindings from the
// trader's files, and names a changed public signal.
import { expect } from "chai";
import fs from "node:fs";
import { formatInspectReport, inspectProof } from "../../src/node/audit/inspect-proof";
import { releaseProverThreads } from "../../src/proof";
import type { SmallProof } from "./helpers";
import { makeSmallProof, SMALL, tmpDir } from "./helpers";

describe("zkmargin inspect (small instance)", function () {
  let sp: SmallProof;
  before(async function () {
    if (!fs.existsSync(SMALL.zkey)) this.skip();
    sp = await makeSmallProof(tmpDir("inspect"));
  });
  after(async () => {
    await releaseProverThreads();
    if (sp !== undefined) fs.rmSync(sp.dir, { recursive: true, force: true });
  });

  it("decodes the signals, names the epoch and recomputes the bindings", async () => {
    const r = await inspectProof(sp.proof, {
      risk: sp.risk,
      portfolio: sp.portfolio,
      collateral: sp.collateral,
    });
    const text = formatInspectReport(r);
    expect(r.ok, text).to.equal(true);
    expect(text).to.match(/multiplier\s+10000 bps = 1\.0000x/);
    expect(text).to.match(/ok\s+risk epoch\s+epoch \d+/);
    expect(text).to.match(/ok\s+stateHash \(recomputed\)/);
    expect(text).to.match(/account commitment\s+0x[0-9a-f]{64}/);
  });

  it("a proof with one public signal changed is caught, naming the signal", async () => {
    for (const [i, name] of [
      [0, "stateHash"],
      [1, "riskRoot"],
      [2, "multiplier"],
    ] as const) {
      const bad = { ...sp.proof, publicSignals: [...sp.proof.publicSignals] };
      bad.publicSignals[i] = (BigInt(bad.publicSignals[i]) + 1n).toString();
      const r = await inspectProof(bad, {
        risk: sp.risk,
        portfolio: sp.portfolio,
        collateral: sp.collateral,
      });
      const failed = r.lines.filter((l) => l.status === "failed").map((l) => l.what);
      expect(r.ok).to.equal(false);
      expect(failed, name).to.include("proof");
      if (name === "stateHash") expect(failed).to.include("stateHash (recomputed)");
      if (name === "riskRoot") expect(failed).to.include("risk epoch");
      expect(formatInspectReport(r)).to.contain("public signals do not match");
    }
  });
});
