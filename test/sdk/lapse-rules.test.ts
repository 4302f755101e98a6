/**
 * The SDK keeper's lapse rule (src/chain/keeper.ts) against the shared table
 * test/vectors/lapse-rules.json, which test/contracts/LapseRules.test.ts runs on the engine's
 * library: the keeper predicts exactly what the engine will do.
 */
import { expect } from "chai";
import { type LapseRules, isLiquidatableAt, liquidatableAfter } from "../../src/chain";
import { LAPSE_VECTORS } from "../vectors/lapse-vectors";

describe("keeper lapse rule (shared vectors with the engine)", function () {
  for (const v of LAPSE_VECTORS) {
    it(v.name, function () {
      const acc = {
        commitment: 1n,
        frozen: false,
        provenEpoch: BigInt(v.provenEpoch),
        validUntil: BigInt(v.validUntil),
      };
      const rules = (paused: boolean, latestExpiry: number): LapseRules => ({
        grace: BigInt(v.grace),
        declarations: v.declarations.map(([epoch, declaredAt]) => ({
          epoch: BigInt(epoch),
          declaredAt: BigInt(declaredAt),
        })),
        liveness: {
          latestExpiry: BigInt(latestExpiry),
          liveSince: BigInt(v.liveSince),
          resumeAt: BigInt(v.resumeAt),
          paused,
        },
      });
      expect(liquidatableAfter(acc, rules(false, 0))).to.equal(BigInt(v.after));
      for (const c of v.checks)
        expect(
          isLiquidatableAt(acc, rules(c.paused, c.latestExpiry), BigInt(c.now)),
          `now ${c.now}`,
        ).to.equal(c.liquidatable);
      // no commitment, or frozen: never
      expect(liquidatableAfter({ ...acc, commitment: 0n }, rules(false, 0))).to.equal(null);
      expect(liquidatableAfter({ ...acc, frozen: true }, rules(false, 0))).to.equal(null);
    });
  }
});
