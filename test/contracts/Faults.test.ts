/**
 * The margin engine under operational faults (issue 10): each `it` reproduces a way in which
 * the engine of b506bb0 lost or endangered users' money, and shows the fix.
 * 1. stress declarations accumulate and never reset an overdue account's deadline;
 * 2. a pause stops lapse-liquidation and gives every account a full grace after unpause;
 * 3. no commitment is bound to an account without its owner;
 * 4. an outage of the risk oracle is not a liquidation event;
 * 5. one token that refuses transfers cannot block a liquidation (payouts are claimed);
 * 6. raising proofTtl never makes a stale epoch fresh again.
 */
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import {
  C1,
  C2,
  C3,
  GRACE,
  KEEPER_BPS,
  PARAMS,
  TTL,
  attest,
  attestVia,
  by,
  deployFixture,
  publishNext,
  renewalProof,
} from "./helpers";

/** alice (1000 USDC + 2 WBTC) and bob (500 USDC) proved C1 and C2 at epoch 1; carol only deposited. */
async function provenFixture() {
  const f = await deployFixture();
  await by(f.engine, f.alice).deposit(await f.usdc.getAddress(), 1000n * 10n ** 6n);
  await by(f.engine, f.alice).deposit(await f.wbtc.getAddress(), 2n * 10n ** 8n);
  await by(f.engine, f.bob).deposit(await f.usdc.getAddress(), 500n * 10n ** 6n);
  await by(f.engine, f.carol).deposit(await f.usdc.getAddress(), 700n * 10n ** 6n);
  await attest(f, f.alice, C1);
  await attest(f, f.bob, C2);
  return f;
}

const bn = async (x: Promise<unknown>): Promise<bigint> => BigInt((await x) as bigint);

describe("MarginEngine under faults", function () {
  it("1. a repeated stress declaration never resets an overdue account's deadline", async function () {
    const f = await loadFixture(provenFixture);
    // epoch 2 is declared a stress epoch at T: alice (proven at 1) must renew by T + grace
    const e2 = await publishNext(f);
    await by(f.engine, f.risk).declareStress(e2.epoch);
    const T = BigInt(await time.latest());
    // bob renews against the stress epoch in time
    await f.engine.submitProof(
      f.bob.address,
      e2.epoch,
      0,
      await renewalProof(f, f.bob.address, C2, e2.epoch),
    );
    // half a grace later the risk desk declares stress again (a crash goes on)
    await time.setNextBlockTimestamp(T + GRACE / 2n);
    const e3 = await publishNext(f);
    await by(f.engine, f.risk).declareStress(e3.epoch);
    // alice is overdue since T + grace: the second declaration must not give her a new grace
    await time.setNextBlockTimestamp(T + GRACE + 1n);
    await expect(by(f.engine, f.keeper).liquidate(f.alice.address)).to.emit(f.engine, "Liquidated");
    // bob proved epoch 2, so his deadline comes from the later declaration (epoch 3)
    expect(await f.engine.isLiquidatable(f.bob.address)).to.equal(false);
  });

  it("2. a pause stops lapse-liquidation and every account gets a full grace after unpause", async function () {
    const f = await loadFixture(provenFixture);
    await by(f.engine, f.risk).pause();
    // alice's proof lapses during the pause, and the grace runs out, while the oracle publishes
    await time.increaseTo(f.ts1 + TTL - 10n);
    await publishNext(f);
    await time.increaseTo(f.ts1 + TTL + GRACE + 1n);
    expect(await f.engine.isLiquidatable(f.alice.address)).to.equal(false);
    await expect(by(f.engine, f.keeper).liquidate(f.alice.address)).to.be.revertedWithCustomError(
      f.engine,
      "EnforcedPause",
    );
    await by(f.engine, f.risk).unpause();
    const U = BigInt(await time.latest());
    // a full grace after the unpause before lapse-liquidation resumes
    await time.setNextBlockTimestamp(U + GRACE);
    await expect(by(f.engine, f.keeper).liquidate(f.alice.address))
      .to.be.revertedWithCustomError(f.engine, "MarginEngine__NotLiquidatable")
      .withArgs(f.alice.address);
    await time.setNextBlockTimestamp(U + GRACE + 1n);
    await expect(by(f.engine, f.keeper).liquidate(f.alice.address)).to.emit(f.engine, "Liquidated");
  });

  it("3. a venue key alone cannot bind a commitment to an account: the owner must send or sign", async function () {
    const f = await loadFixture(provenFixture);
    // a compromised venue key signs a commitment for carol, who never traded, and submits it
    await expect(attestVia(f, f.outsider, f.carol, C3)).to.be.reverted;
    await expect(attestVia(f, f.outsider, f.carol, C3))
      .to.be.revertedWithCustomError(f.engine, "MarginEngine__NotAccountOwner")
      .withArgs(f.outsider.address, f.carol.address);
    expect(await bn(f.engine.accountState(f.carol.address).then((s) => s.commitment))).to.equal(0n);
  });

  it("4. an outage of the risk oracle is not a liquidation event", async function () {
    const f = await loadFixture(provenFixture);
    // no epoch for TTL + grace: alice and bob (both proven at the only epoch) lapse
    await time.increaseTo(f.ts1 + TTL + GRACE + 5n);
    expect(await f.engine.isLiquidatable(f.alice.address)).to.equal(false);
    await expect(by(f.engine, f.keeper).liquidate(f.alice.address)).to.be.revertedWithCustomError(
      f.engine,
      "MarginEngine__RiskOracleDown",
    );
    // the oracle comes back: everyone gets a full grace to renew against the new epoch
    const e2 = await publishNext(f);
    await f.engine.submitProof(
      f.bob.address,
      e2.epoch,
      0,
      await renewalProof(f, f.bob.address, C2, e2.epoch),
    );
    const liveSince = BigInt((await f.engine.liveness()).liveSince);
    expect(liveSince).to.equal(e2.ts + 1n); // the block that published epoch 2
    await time.setNextBlockTimestamp(liveSince + GRACE);
    await expect(by(f.engine, f.keeper).liquidate(f.alice.address)).to.be.revertedWithCustomError(
      f.engine,
      "MarginEngine__RiskOracleDown",
    );
    await time.setNextBlockTimestamp(liveSince + GRACE + 1n);
    await expect(by(f.engine, f.keeper).liquidate(f.alice.address)).to.emit(f.engine, "Liquidated");
    expect(await f.engine.isLiquidatable(f.bob.address)).to.equal(false);
  });

  it("5. a token that refuses transfers cannot block a liquidation; payouts are claimed", async function () {
    const f = await loadFixture(provenFixture);
    // the WBTC issuer blocklists the liquidation receiver
    await f.wbtc.setBlocked(f.receiver.address, true);
    await time.increaseTo(f.ts1 + TTL - 10n);
    await publishNext(f);
    await time.increaseTo(f.ts1 + TTL + GRACE + 1n);
    await expect(by(f.engine, f.keeper).liquidate(f.alice.address)).to.emit(f.engine, "Liquidated");
    expect((await f.engine.accountState(f.alice.address)).frozen).to.equal(true);
    const usdc = await f.usdc.getAddress();
    const wbtc = await f.wbtc.getAddress();
    const usdcAmount = 1000n * 10n ** 6n;
    const wbtcAmount = 2n * 10n ** 8n;
    const reward = (a: bigint) => (a * KEEPER_BPS) / 10000n;
    expect(await f.engine.claimable(f.keeper.address, usdc)).to.equal(reward(usdcAmount));
    expect(await f.engine.claimable(f.receiver.address, wbtc)).to.equal(
      wbtcAmount - reward(wbtcAmount),
    );
    // the good token pays out; the blocked one stays credited until the issuer unblocks
    await expect(by(f.engine, f.receiver).claim(usdc))
      .to.emit(f.engine, "Claimed")
      .withArgs(f.receiver.address, usdc, usdcAmount - reward(usdcAmount));
    await expect(by(f.engine, f.receiver).claim(wbtc)).to.be.revertedWithCustomError(
      f.wbtc,
      "MockERC20__Blocked",
    );
    await f.wbtc.setBlocked(f.receiver.address, false);
    await expect(by(f.engine, f.receiver).claim(wbtc)).to.changeTokenBalance(
      f.wbtc,
      f.receiver,
      wbtcAmount - reward(wbtcAmount),
    );
    await expect(by(f.engine, f.keeper).claim(wbtc)).to.changeTokenBalance(
      f.wbtc,
      f.keeper,
      reward(wbtcAmount),
    );
  });

  it("6. raising proofTtl never revives a stale epoch (each epoch's expiry is fixed at publish)", async function () {
    const f = await loadFixture(provenFixture);
    const oldProof = await renewalProof(f, f.alice.address, C1, 1);
    // a harsher epoch 2 is published; alice cannot prove it and lapses
    await time.increaseTo(f.ts1 + TTL - 10n);
    await publishNext(f);
    await time.increaseTo(f.ts1 + TTL + 1n);
    await expect(f.engine.submitProof(f.alice.address, 1, 0, oldProof))
      .to.be.revertedWithCustomError(f.engine, "MarginEngine__StaleEpoch")
      .withArgs(1);
    // the admin raises proofTtl: epoch 1 must stay stale, the old proof must not revive alice
    await f.engine.setParams({ ...PARAMS, proofTtl: 4n * TTL });
    await expect(f.engine.submitProof(f.alice.address, 1, 0, oldProof))
      .to.be.revertedWithCustomError(f.engine, "MarginEngine__StaleEpoch")
      .withArgs(1);
    await time.increaseTo(f.ts1 + TTL + GRACE + 1n);
    expect(await f.engine.isLiquidatable(f.alice.address)).to.equal(true);
    void ethers;
  });
});
