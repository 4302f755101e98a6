/**
 * Operator footguns closed and the relayed attestation path (issue 10, points 3 and 7):
 * epoch jumps, stress on a stale epoch, a receiver equal to the engine, the two-step admin
 * transfer, the guardian's withdrawal switch, the collateral binding of each epoch, attestation
 * deadlines and the owner's EIP-712 consent.
 */
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { collateralHash } from "../../src/chain";
import {
  C1,
  C2,
  C3,
  IM,
  TTL,
  attest,
  balancesOf,
  boundProof,
  by,
  deployFixture,
  publishNext,
  renewalProof,
  signAttestation,
  signConsent,
  stateHash,
} from "./helpers";

async function provenFixture() {
  const f = await deployFixture();
  await by(f.engine, f.alice).deposit(await f.usdc.getAddress(), 1000n * 10n ** 6n);
  await attest(f, f.alice, C1);
  return f;
}

describe("MarginEngine operations", function () {
  it("binds each epoch to the engine's collateral slots (SDK hash = engine hash)", async function () {
    const f = await loadFixture(deployFixture);
    expect(await f.engine.collateralHash()).to.equal(f.COLLATERAL);
    const now = BigInt(await time.latest());
    // a table for other tokens (slots swapped) is refused
    const swapped = collateralHash([
      await f.wbtc.getAddress(),
      await f.usdc.getAddress(),
      ethers.ZeroAddress,
      ethers.ZeroAddress,
    ]);
    await expect(by(f.engine, f.risk).publishEpoch(2, 5n, now, swapped))
      .to.be.revertedWithCustomError(f.engine, "MarginEngine__CollateralMismatch")
      .withArgs(f.COLLATERAL, swapped);
    // registering a token changes the binding
    const dai = await ethers.deployContract("MockERC20", ["Dai", "DAI", 18]);
    await by(f.engine, f.collateralManager).registerCollateral(await dai.getAddress(), 3);
    await expect(
      by(f.engine, f.risk).publishEpoch(2, 5n, now, f.COLLATERAL),
    ).to.be.revertedWithCustomError(f.engine, "MarginEngine__CollateralMismatch");
    const withDai = collateralHash([
      await f.usdc.getAddress(),
      await f.wbtc.getAddress(),
      ethers.ZeroAddress,
      await dai.getAddress(),
    ]);
    await expect(by(f.engine, f.risk).publishEpoch(2, 5n, now, withDai)).to.emit(
      f.engine,
      "EpochPublished",
    );
  });

  it("refuses an epoch jump that could exhaust epoch numbers, and a stale epoch", async function () {
    const f = await loadFixture(deployFixture);
    const step = BigInt(await f.engine.MAX_EPOCH_STEP());
    expect(step).to.equal(2n ** 32n);
    const now = BigInt(await time.latest());
    await expect(by(f.engine, f.risk).publishEpoch(1n + step + 1n, 5n, now, f.COLLATERAL))
      .to.be.revertedWithCustomError(f.engine, "MarginEngine__EpochJumpTooLarge")
      .withArgs(1n + step + 1n, 1);
    await expect(by(f.engine, f.risk).publishEpoch(2n ** 64n - 1n, 5n, now, f.COLLATERAL))
      .to.be.revertedWithCustomError(f.engine, "MarginEngine__EpochJumpTooLarge")
      .withArgs(2n ** 64n - 1n, 1);
    await expect(by(f.engine, f.risk).publishEpoch(1n + step, 5n, now, f.COLLATERAL)).to.emit(
      f.engine,
      "EpochPublished",
    );
    // a table already stale when published could never be proven against
    await time.increaseTo(now + TTL);
    await expect(by(f.engine, f.risk).publishEpoch(2n + step, 5n, now, f.COLLATERAL))
      .to.be.revertedWithCustomError(f.engine, "MarginEngine__StaleEpoch")
      .withArgs(2n + step);
  });
  it("declareStress refuses a stale epoch", async function () {
    const f = await loadFixture(deployFixture);
    const { epoch } = await publishNext(f);
    await time.increase(TTL);
    await expect(by(f.engine, f.risk).declareStress(epoch))
      .to.be.revertedWithCustomError(f.engine, "MarginEngine__StaleEpoch")
      .withArgs(epoch);
  });

  it("refuses the engine itself as liquidation receiver", async function () {
    const f = await loadFixture(deployFixture);
    await expect(by(f.engine, f.admin).setLiquidationReceiver(f.engineAddress))
      .to.be.revertedWithCustomError(f.engine, "MarginEngine__InvalidReceiver")
      .withArgs(f.engineAddress);
  });

  it("transfers the admin role in two steps, after a delay", async function () {
    const f = await loadFixture(deployFixture);
    const ADMIN = await f.engine.DEFAULT_ADMIN_ROLE();
    // no one-step grant of the admin role
    await expect(
      by(f.engine, f.admin).grantRole(ADMIN, f.outsider.address),
    ).to.be.revertedWithCustomError(f.engine, "AccessControlEnforcedDefaultAdminRules");
    await by(f.engine, f.admin).beginDefaultAdminTransfer(f.outsider.address);
    const delay = BigInt(await f.engine.ADMIN_TRANSFER_DELAY());
    expect(delay).to.equal(2n * 86400n);
    await expect(
      by(f.engine, f.outsider).acceptDefaultAdminTransfer(),
    ).to.be.revertedWithCustomError(f.engine, "AccessControlEnforcedDefaultAdminDelay");
    await time.increase(delay + 1n);
    await by(f.engine, f.outsider).acceptDefaultAdminTransfer();
    expect(await f.engine.hasRole(ADMIN, f.outsider.address)).to.equal(true);
    expect(await f.engine.hasRole(ADMIN, f.admin.address)).to.equal(false);
  });

  it("a guardian suspends proof-gated withdrawals; only the admin resumes them", async function () {
    const f = await loadFixture(provenFixture);
    const usdc = await f.usdc.getAddress();
    const GUARDIAN = await f.engine.GUARDIAN_ROLE();
    await by(f.engine, f.admin).grantRole(GUARDIAN, f.outsider.address);
    await expect(by(f.engine, f.keeper).setWithdrawalsSuspended(true))
      .to.be.revertedWithCustomError(f.engine, "AccessControlUnauthorizedAccount")
      .withArgs(f.keeper.address, GUARDIAN);
    await expect(by(f.engine, f.outsider).setWithdrawalsSuspended(true))
      .to.emit(f.engine, "WithdrawalSuspension")
      .withArgs(true, f.outsider.address);
    expect((await f.engine.liveness()).withdrawalsSuspended).to.equal(true);
    const bal = await balancesOf(f, f.alice.address);
    const proof = boundProof(stateHash(C1, [bal[0] - 1n, 0n, 0n, 0n]), f.ROOT1, IM);
    await expect(by(f.engine, f.alice).withdraw(usdc, 1n, 1, proof)).to.be.revertedWithCustomError(
      f.engine,
      "MarginEngine__WithdrawalsSuspended",
    );
    // a pure depositor (no positions, no proof) still withdraws
    await by(f.engine, f.carol).deposit(usdc, 10n);
    await expect(by(f.engine, f.carol).withdraw(usdc, 10n, 0, proof)).to.emit(
      f.engine,
      "Withdrawn",
    );
    // a (compromised) guardian cannot reopen them
    await expect(by(f.engine, f.outsider).setWithdrawalsSuspended(false))
      .to.be.revertedWithCustomError(f.engine, "AccessControlUnauthorizedAccount")
      .withArgs(f.outsider.address, await f.engine.DEFAULT_ADMIN_ROLE());
    await by(f.engine, f.admin).setWithdrawalsSuspended(false);
    await expect(by(f.engine, f.alice).withdraw(usdc, 1n, 1, proof)).to.emit(f.engine, "Withdrawn");
  });

  it("refuses an attestation after its deadline", async function () {
    const f = await loadFixture(deployFixture);
    const deadline = BigInt(await time.latest()) + 100n;
    const sig = await signAttestation(f, f.venue, f.alice.address, C2, 0n, deadline);
    const proof = await renewalProof(f, f.alice.address, C2, 1);
    await time.setNextBlockTimestamp(deadline + 1n);
    await expect(
      by(f.engine, f.alice).attestAndProve(f.alice.address, C2, 0n, deadline, sig, 1, proof),
    )
      .to.be.revertedWithCustomError(f.engine, "MarginEngine__AttestationExpired")
      .withArgs(deadline);
    // a deadline the venue did not sign does not verify
    const later = deadline + 1000n;
    await expect(
      by(f.engine, f.alice).attestAndProve(f.alice.address, C2, 0n, later, sig, 1, proof),
    ).to.be.revertedWithCustomError(f.engine, "MarginEngine__UnauthorizedAttester");
  });

  it("relays an attestation with the owner's EIP-712 consent, and only with it", async function () {
    const f = await loadFixture(deployFixture);
    const deadline = BigInt(await time.latest()) + 3600n;
    const sig = await signAttestation(f, f.venue, f.carol.address, C3, 0n, deadline);
    const proof = await renewalProof(f, f.carol.address, C3, 1);
    const relay = (consent: string, d = deadline) =>
      by(f.engine, f.outsider).attestAndProveFor(
        f.carol.address,
        C3,
        0n,
        d,
        sig,
        consent,
        1,
        proof,
      );
    // consent signed by someone else, for another commitment, or for another deadline
    const byVenue = await signConsent(f, f.venue, f.carol.address, C3, 0n, deadline);
    await expect(relay(byVenue))
      .to.be.revertedWithCustomError(f.engine, "MarginEngine__InvalidConsent")
      .withArgs(f.carol.address);
    const other = await signConsent(f, f.carol, f.carol.address, C2, 0n, deadline);
    await expect(relay(other)).to.be.revertedWithCustomError(
      f.engine,
      "MarginEngine__InvalidConsent",
    );
    const consent = await signConsent(f, f.carol, f.carol.address, C3, 0n, deadline);
    expect(await f.engine.consentDigest(f.carol.address, C3, 0n, deadline)).to.equal(
      ethers.TypedDataEncoder.hash(
        f.domain,
        {
          Consent: [
            { name: "account", type: "address" },
            { name: "commitment", type: "uint256" },
            { name: "nonce", type: "uint256" },
            { name: "deadline", type: "uint64" },
          ],
        },
        { account: f.carol.address, commitment: C3, nonce: 0n, deadline },
      ),
    );
    await expect(relay(consent))
      .to.emit(f.engine, "Attested")
      .withArgs(f.carol.address, f.venue.address, C3, 0n, stateHash(C3, [0n, 0n, 0n, 0n]));
    // works once (the nonce moved on)
    await expect(relay(consent)).to.be.revertedWithCustomError(f.engine, "MarginEngine__BadNonce");
  });

  it("pure depositors pay for no hashing; the first attestation hashes their balances", async function () {
    const f = await loadFixture(deployFixture);
    const usdc = await f.usdc.getAddress();
    await by(f.engine, f.bob).deposit(usdc, 5n); // first deposit of the slot's word
    const top = await (await by(f.engine, f.bob).deposit(usdc, 5n)).wait();
    const w = await (
      await by(f.engine, f.bob).withdraw(usdc, 3n, 0, boundProof(0n, 0n, 0n))
    ).wait();
    // no Poseidon call (each costs about 30k): a top-up and a free withdrawal stay small
    expect(top!.gasUsed).to.be.lessThan(75_000n);
    expect(w!.gasUsed).to.be.lessThan(75_000n);
    await attest(f, f.bob, C2);
    expect((await f.engine.accountState(f.bob.address)).stateHash).to.equal(
      stateHash(C2, [7n, 0n, 0n, 0n]),
    );
  });
});
