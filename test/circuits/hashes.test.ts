import { expect } from "chai";
import { WitnessTester } from "./tester";
import type {
  CollateralRootTester,
  PositionCommitmentTester,
  RiskRootTester,
  StateHashTester,
} from "./signals";
import {
  SMALL,
  DEMO_AMOUNTS,
  amountSlots,
  collateralRoot,
  commitment,
  demoMarket,
  demoPortfolio,
  instrumentTree,
  riskRoot,
  solvencyInput,
  stateHash,
} from "./fixtures";

const market = demoMarket();
const portfolio = demoPortfolio();
const full = solvencyInput(market, portfolio, DEMO_AMOUNTS, 10000n, SMALL).input;

describe("risk-root.circom / state-hash.circom", () => {
  describe("CollateralRoot(4, 16) and RiskRoot(4, 16)", () => {
    let coll: CollateralRootTester;
    let risk: RiskRootTester;
    // Without v2 data the packed words are v1's: tagWord = groupTag, epochWord = epoch.
    const table = { token: full.token, tagWord: full.groupTag, unitValue: full.unitValue };
    const epoch = {
      instrumentRoot: instrumentTree(market, SMALL.DEPTH)[SMALL.DEPTH][0],
      epochWord: full.epoch,
      timestamp: full.timestamp,
    };
    before(async () => {
      coll = await WitnessTester.compile({
        file: "risk-root.circom",
        template: "CollateralRoot",
        params: [SMALL.K, SMALL.S],
      });
      risk = await WitnessTester.compile({
        file: "risk-root.circom",
        template: "RiskRoot",
        params: [SMALL.K, SMALL.S],
      });
    });
    it("match the reference collateral root and risk root (empty slot included)", async () => {
      await coll.expectPass(table, { collateralRoot: collateralRoot(market, SMALL) });
      await risk.expectPass({ ...epoch, ...table }, { riskRoot: riskRoot(market, SMALL) });
    });
    it("a collateral table edited in any field no longer hashes to the risk root", async () => {
      const rr = riskRoot(market, SMALL);
      const u = (full.unitValue as bigint[][]).map((r) => r.slice());
      u[2][7] -= 1n;
      const edits = [
        { unitValue: u },
        { tagWord: [0n, 0n, 2n, 0n] },
        { token: [1n, ...(full.token as bigint[]).slice(1)] },
        { epochWord: 41n },
        { timestamp: 0n },
        { instrumentRoot: 1n },
      ];
      for (const e of edits) {
        const w = await risk.expectPass({ ...epoch, ...table, ...e });
        expect(risk.readSignal(w, "riskRoot")).to.not.equal(rr);
      }
    });
  });

  describe("PositionCommitment(4) and StateHash(4, 4)", () => {
    let com: PositionCommitmentTester;
    let state: StateHashTester;
    const priv = {
      account: full.account,
      cash: full.cash,
      nonce: full.nonce,
      salt: full.salt,
      instrumentId: full.instrumentId,
      quantity: full.quantity,
      costBasis: full.costBasis,
    };
    before(async () => {
      com = await WitnessTester.compile({
        file: "state-hash.circom",
        template: "PositionCommitment",
        params: [SMALL.N],
      });
      state = await WitnessTester.compile({
        file: "state-hash.circom",
        template: "StateHash",
        params: [SMALL.N, SMALL.K],
      });
    });
    it("match the reference commitment and stateHash (signed values, empty slot)", async () => {
      await com.expectPass(priv, { commitment: commitment(portfolio, SMALL) });
      await state.expectPass(
        { ...priv, amount: amountSlots(DEMO_AMOUNTS, SMALL) },
        { stateHash: stateHash(portfolio, DEMO_AMOUNTS, SMALL) },
      );
    });
    it("another account, nonce, salt, position or balance gives another stateHash", async () => {
      const sh = stateHash(portfolio, DEMO_AMOUNTS, SMALL);
      const q = (full.quantity as bigint[]).slice();
      q[1] = -q[1];
      const edits = [
        { account: portfolio.account + 1n },
        { nonce: portfolio.nonce + 1n },
        { salt: portfolio.salt + 1n },
        { quantity: q },
        { amount: amountSlots([...DEMO_AMOUNTS.slice(0, 2), DEMO_AMOUNTS[2] - 1n], SMALL) },
      ];
      for (const e of edits) {
        const w = await state.expectPass({
          ...priv,
          amount: amountSlots(DEMO_AMOUNTS, SMALL),
          ...e,
        });
        expect(state.readSignal(w, "stateHash")).to.not.equal(sh);
      }
      // The stateHash of another account's commitment, computed by the reference.
      expect(
        stateHash({ ...portfolio, account: portfolio.account + 1n }, DEMO_AMOUNTS, SMALL),
      ).to.not.equal(sh);
    });
  });
});
