/**
 * contracts/libraries/LapseRules.sol against the shared table test/vectors/lapse-rules.json
 * (test/sdk/lapse-rules.test.ts runs the SDK keeper's rule on the same table).
 */
import { expect } from "chai";
import { ethers } from "hardhat";
import { LAPSE_VECTORS } from "../vectors/lapse-vectors";

describe("LapseRules (shared vectors)", function () {
  for (const v of LAPSE_VECTORS) {
    it(v.name, async function () {
      const h = await ethers.deployContract("LapseRulesHarness");
      await h.setDeclarations(
        v.declarations.map((d) => d[0]),
        v.declarations.map((d) => d[1]),
      );
      const after = await h.liquidatableAfter(
        v.provenEpoch,
        v.validUntil,
        v.grace,
        v.liveSince,
        v.resumeAt,
      );
      expect(after).to.equal(BigInt(v.after));
      for (const c of v.checks) {
        expect(
          await h.liquidatableAt(after, c.now, c.paused, c.latestExpiry),
          `now ${c.now}`,
        ).to.equal(c.liquidatable);
      }
    });
  }
});
