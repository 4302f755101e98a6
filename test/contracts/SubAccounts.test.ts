/**
 * Isolated margin by sub-accounts (contracts/subaccounts/): the router opens clones at CREATE2
 * addresses fixed by (owner, index), deposits into them, withdraws and moves collateral under
 * the engine's withdrawal rule, submits their attestations; each sub-account is an engine
 * account of its own, so a liquidation of one never touches another. MockVerifier in Bound mode.
 */
import { expect } from "chai";
import { ethers } from "hardhat";
import type { Contract, Signer } from "ethers";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import {
  C1,
  C2,
  C3,
  FAR_DEADLINE,
  GRACE,
  IM,
  TTL,
  attest,
  balancesOf,
  boundProof,
  by,
  deployFixture,
  elapseLive,
  publishNext,
  renewalProof,
  rootOf,
  signAttestation,
  signConsent,
  stateHash,
  type Fixture,
} from "./helpers";

const USDC = 10n ** 6n;

/** The fixture with a router; alice holds 1000 USDC in her main account, proven at C1. */
async function routerFixture() {
  const f = await deployFixture();
  const router: Contract = await ethers.deployContract("SubAccounts", [f.engineAddress]);
  const routerAddress = await router.getAddress();
  for (const s of [f.alice, f.bob])
    for (const t of [f.usdc, f.wbtc])
      await by(t, s).getFunction("approve")(routerAddress, ethers.MaxUint256);
  await by(f.engine, f.alice).deposit(await f.usdc.getAddress(), 1000n * USDC);
  await attest(f, f.alice, C1);
  return { ...f, router, routerAddress };
}
type RouterFixture = Awaited<ReturnType<typeof routerFixture>>;

/** Attests `commitment` for `owner`'s sub-account `index` through the router. */
async function attestSub(f: RouterFixture, owner: Signer, index: number, commitment: bigint) {
  const account: string = await f.router.subAccount(await owner.getAddress(), index);
  const nonce = BigInt((await f.engine.accountState(account)).attestationNonce);
  const sig = await signAttestation(f, f.venue, account, commitment, nonce);
  const proof = await renewalProof(f, account, commitment, 1);
  return by(f.router, owner).attestAndProve(index, commitment, nonce, FAR_DEADLINE, sig, 1, proof);
}

describe("SubAccounts (isolated margin)", function () {
  it("opens a clone at the predicted address once; index 0 is the owner's own account", async function () {
    const f = await loadFixture(routerFixture);
    const predicted: string = await f.router.subAccount(f.alice.address, 1);
    expect(await f.router.subAccount(f.alice.address, 0)).to.equal(f.alice.address);
    expect(await ethers.provider.getCode(predicted)).to.equal("0x");
    await expect(by(f.router, f.alice).open(1))
      .to.emit(f.router, "SubAccountOpened")
      .withArgs(f.alice.address, 1, predicted);
    expect(await ethers.provider.getCode(predicted)).to.not.equal("0x");
    await expect(by(f.router, f.alice).open(1)).to.not.emit(f.router, "SubAccountOpened");
    expect(await f.router.holderOf(predicted)).to.deep.equal([f.alice.address, 1n]);
    expect(await f.router.subAccountCount(f.alice.address)).to.equal(1n);
    // another owner's index 1 is another account
    expect(await f.router.subAccount(f.bob.address, 1)).to.not.equal(predicted);
    await expect(by(f.router, f.alice).open(0)).to.be.revertedWithCustomError(
      f.router,
      "SubAccounts__MainAccount",
    );
  });

  it("deposits into a sub-account; the owner withdraws from it (no positions: no proof)", async function () {
    const f = await loadFixture(routerFixture);
    const usdc = await f.usdc.getAddress();
    const sub: string = await f.router.subAccount(f.alice.address, 2);
    await expect(by(f.router, f.alice).deposit(2, usdc, 300n * USDC))
      .to.emit(f.engine, "Deposited")
      .withArgs(sub, usdc, 300n * USDC, 0n);
    expect((await balancesOf(f, sub))[0]).to.equal(300n * USDC);
    expect((await balancesOf(f, f.alice.address))[0]).to.equal(1000n * USDC);
    const before = await f.usdc.balanceOf(f.alice.address);
    await by(f.router, f.alice).withdraw(2, usdc, 100n * USDC, 0, boundProof(0n, 0n, 0n));
    expect(await f.usdc.balanceOf(f.alice.address)).to.equal(before + 100n * USDC);
    expect(await f.usdc.balanceOf(sub)).to.equal(0n);
    // bob cannot reach alice's sub-account: his index 2 is his own, never opened
    await expect(by(f.router, f.bob).withdraw(2, usdc, 1n, 0, boundProof(0n, 0n, 0n)))
      .to.be.revertedWithCustomError(f.router, "SubAccounts__NotOpened")
      .withArgs(f.bob.address, 2);
  });

  it("isolates: a lapsed sub-account is liquidated, the main account and the other sub-account stay", async function () {
    const f = await loadFixture(routerFixture);
    const usdc = await f.usdc.getAddress();
    await by(f.router, f.alice).deposit(1, usdc, 200n * USDC);
    await by(f.router, f.alice).deposit(2, usdc, 50n * USDC);
    await attestSub(f, f.alice, 1, C2);
    await attestSub(f, f.alice, 2, C3);
    const [sub1, sub2] = [
      await f.router.subAccount(f.alice.address, 1),
      await f.router.subAccount(f.alice.address, 2),
    ];
    expect((await f.engine.accountState(sub1)).commitment).to.equal(C2);
    // time passes: the main account and sub-account 1 renew, sub-account 2 does not
    await elapseLive(f, TTL - 60n);
    const { epoch: e } = await publishNext(f);
    await f.engine.submitProof(
      f.alice.address,
      e,
      0,
      await renewalProof(f, f.alice.address, C1, e),
    );
    await f.engine.submitProof(sub1, e, 0, await renewalProof(f, sub1, C2, e));
    await elapseLive(f, GRACE + 120n);
    expect(await f.engine.isLiquidatable(sub2)).to.equal(true);
    await expect(by(f.engine, f.keeper).liquidate(sub2)).to.emit(f.engine, "Liquidated");
    for (const a of [f.alice.address, sub1]) {
      const st = await f.engine.accountState(a);
      expect(st.frozen, a).to.equal(false);
      expect(await f.engine.isLiquidatable(a), a).to.equal(false);
    }
    expect((await balancesOf(f, f.alice.address))[0]).to.equal(1000n * USDC);
    expect((await balancesOf(f, sub1))[0]).to.equal(200n * USDC);
    expect((await balancesOf(f, sub2))[0]).to.equal(0n);
  });

  it("moves collateral between sub-accounts: the source proves at the initial multiplier", async function () {
    const f = await loadFixture(routerFixture);
    const usdc = await f.usdc.getAddress();
    await by(f.router, f.alice).deposit(1, usdc, 400n * USDC);
    await attestSub(f, f.alice, 1, C2);
    const sub1: string = await f.router.subAccount(f.alice.address, 1);
    const sub3: string = await f.router.subAccount(f.alice.address, 3);
    const after = [...(await balancesOf(f, sub1))];
    after[0] -= 150n * USDC;
    const root = await rootOf(f, 1);
    // a proof at the maintenance multiplier, or for the balances before the move, is refused
    await expect(
      by(f.router, f.alice).move(
        1,
        3,
        usdc,
        150n * USDC,
        1,
        boundProof(stateHash(C2, after), root, 10000n),
      ),
    ).to.be.revertedWithCustomError(f.engine, "MarginEngine__InvalidProof");
    await expect(
      by(f.router, f.alice).move(
        1,
        3,
        usdc,
        150n * USDC,
        1,
        await renewalProof(f, sub1, C2, 1, IM),
      ),
    ).to.be.revertedWithCustomError(f.engine, "MarginEngine__InvalidProof");
    await expect(
      by(f.router, f.alice).move(
        1,
        3,
        usdc,
        150n * USDC,
        1,
        boundProof(stateHash(C2, after), root, IM),
      ),
    )
      .to.emit(f.router, "CollateralMoved")
      .withArgs(f.alice.address, 1, 3, usdc, 150n * USDC)
      .and.to.emit(f.router, "SubAccountOpened")
      .withArgs(f.alice.address, 3, sub3);
    expect((await balancesOf(f, sub1))[0]).to.equal(250n * USDC);
    expect((await balancesOf(f, sub3))[0]).to.equal(150n * USDC);
    await expect(
      by(f.router, f.alice).move(3, 3, usdc, 1n, 1, boundProof(0n, 0n, 0n)),
    ).to.be.revertedWithCustomError(f.router, "SubAccounts__SameSubAccount");
    await expect(
      by(f.router, f.alice).move(0, 3, usdc, 1n, 1, boundProof(0n, 0n, 0n)),
    ).to.be.revertedWithCustomError(f.router, "SubAccounts__MainAccount");
  });

  it("a sub-account is driven only through its owner's router calls", async function () {
    const f = await loadFixture(routerFixture);
    const usdc = await f.usdc.getAddress();
    await by(f.router, f.alice).deposit(1, usdc, 10n * USDC);
    const sub = await ethers.getContractAt(
      "SubAccount",
      await f.router.subAccount(f.alice.address, 1),
    );
    for (const call of [
      () => by(sub, f.alice).getFunction("deposit")(usdc, 1n),
      () => by(sub, f.alice).getFunction("send")(usdc, f.alice.address, 1n),
      () => by(sub, f.bob).getFunction("callEngine")("0x"),
    ])
      await expect(call()).to.be.revertedWithCustomError(sub, "SubAccount__NotRouter");
  });

  it("a relayer submits a sub-account's attestation with the owner's consent (ERC-1271)", async function () {
    const f = await loadFixture(routerFixture);
    const usdc = await f.usdc.getAddress();
    await by(f.router, f.alice).deposit(1, usdc, 100n * USDC);
    const sub: string = await f.router.subAccount(f.alice.address, 1);
    const sig = await signAttestation(f, f.venue, sub, C3, 0n);
    const proof = await renewalProof(f, sub, C3, 1);
    const bobConsent = await signConsent(f, f.bob, sub, C3, 0n);
    await expect(
      by(f.engine, f.keeper).attestAndProveFor(
        sub,
        C3,
        0n,
        FAR_DEADLINE,
        sig,
        bobConsent,
        1,
        proof,
      ),
    ).to.be.revertedWithCustomError(f.engine, "MarginEngine__InvalidConsent");
    const consent = await signConsent(f, f.alice, sub, C3, 0n);
    await expect(
      by(f.engine, f.keeper).attestAndProveFor(sub, C3, 0n, FAR_DEADLINE, sig, consent, 1, proof),
    ).to.emit(f.engine, "Attested");
    expect((await f.engine.accountState(sub)).commitment).to.equal(C3);
  });
});

export type { Fixture };
