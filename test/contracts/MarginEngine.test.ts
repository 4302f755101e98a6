/**
 * MarginEngine: every path and every revert. The MockVerifier runs in Bound mode: a "proof" is
 * accepted only for the exact public inputs it names, so an accepted proof whose inputs the test
 * computed with the SDK's Poseidon shows the engine built [stateHash, riskRoot, multiplier]
 * from its own storage, and a proof made for another account, epoch, commitment or balance is
 * rejected as a real verifier would reject it.
 */
import { expect } from "chai";
import { ethers, network } from "hardhat";
import { collateralHash } from "../../src/chain";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import {
  C1,
  FAR_DEADLINE,
  C2,
  C3,
  GRACE,
  IM,
  K,
  KEEPER_BPS,
  MM,
  P,
  PARAMS,
  TTL,
  attest,
  balancesHash,
  balancesOf,
  boundProof,
  deployFixture,
  deployPoseidon,
  elapseLive,
  liveUntil,
  publishNext,
  renewalProof,
  signAttestation,
  stateHash,
  by,
} from "./helpers";

const ZERO_PROOF = boundProof(0n, 0n, 0n);

/** alice deposited 1000 USDC + 2 WBTC and proved C1 at epoch 1. */
async function provenFixture() {
  const f = await deployFixture();
  await by(f.engine, f.alice).deposit(await f.usdc.getAddress(), 1000n * 10n ** 6n);
  await by(f.engine, f.alice).deposit(await f.wbtc.getAddress(), 2n * 10n ** 8n);
  await by(f.engine, f.bob).deposit(await f.usdc.getAddress(), 500n * 10n ** 6n);
  await attest(f, f.alice, C1);
  await attest(f, f.bob, C2);
  return f;
}

describe("MarginEngine", function () {
  describe("deployment", function () {
    it("stores immutables, params and the admin role", async function () {
      const f = await loadFixture(deployFixture);
      expect(await f.engine.slots()).to.equal(K);
      expect(await f.engine.verifier()).to.equal(await f.verifier.getAddress());
      expect(await f.engine.liquidationReceiver()).to.equal(f.receiver.address);
      const p = await f.engine.params();
      expect([
        p.proofTtl,
        p.grace,
        p.maintenanceMultiplier,
        p.initialMultiplier,
        p.keeperRewardBps,
      ]).to.deep.equal([TTL, GRACE, MM, IM, KEEPER_BPS]);
      expect(await f.engine.hasRole(await f.engine.DEFAULT_ADMIN_ROLE(), f.admin.address)).to.equal(
        true,
      );
    });

    it("rejects bad constructor arguments", async function () {
      const f = await loadFixture(deployFixture);
      const Engine = await ethers.getContractFactory("MarginEngine");
      const v = await f.verifier.getAddress();
      const p2 = await f.poseidon2.getAddress();
      const pk = await f.poseidonK.getAddress();
      const a = f.admin.address;
      const r = f.receiver.address;
      const Z = ethers.ZeroAddress;
      for (const args of [
        [Z, p2, pk, K, a, r],
        [v, Z, pk, K, a, r],
        [v, p2, Z, K, a, r],
        [v, p2, pk, K, Z, r],
        [v, p2, pk, K, a, Z],
      ]) {
        await expect(Engine.deploy(...args, PARAMS)).to.be.revertedWithCustomError(
          Engine,
          "MarginEngine__ZeroAddress",
        );
      }
      for (const k of [0, 9]) {
        await expect(Engine.deploy(v, p2, pk, k, a, r, PARAMS))
          .to.be.revertedWithCustomError(Engine, "MarginEngine__InvalidSlotCount")
          .withArgs(k);
      }
      // a hasher of the wrong arity, as the 2-input one or as the balances one (K = 4 needs
      // Poseidon(2) over the packed balances): both fail the known-answer check
      const wrong = await (await deployPoseidon(3, f.admin)).getAddress();
      await expect(Engine.deploy(v, wrong, pk, K, a, r, PARAMS))
        .to.be.revertedWithCustomError(Engine, "MarginEngine__HasherMismatch")
        .withArgs(wrong);
      await expect(Engine.deploy(v, p2, wrong, K, a, r, PARAMS))
        .to.be.revertedWithCustomError(Engine, "MarginEngine__HasherMismatch")
        .withArgs(wrong);
      await expect(
        Engine.deploy(v, p2, pk, K, a, r, { ...PARAMS, maintenanceMultiplier: 9999n }),
      ).to.be.revertedWithCustomError(Engine, "MarginEngine__InvalidParams");
    });
  });

  describe("collateral registry", function () {
    it("registers once per slot and per token, by COLLATERAL_ROLE or admin", async function () {
      const f = await loadFixture(deployFixture);
      const t = await ethers.deployContract("MockERC20", ["T", "T", 18]);
      const ta = await t.getAddress();
      await expect(by(f.engine, f.outsider).registerCollateral(ta, 2))
        .to.be.revertedWithCustomError(f.engine, "AccessControlUnauthorizedAccount")
        .withArgs(f.outsider.address, await f.engine.COLLATERAL_ROLE());
      await expect(
        by(f.engine, f.admin).registerCollateral(ethers.ZeroAddress, 2),
      ).to.be.revertedWithCustomError(f.engine, "MarginEngine__ZeroAddress");
      await expect(by(f.engine, f.admin).registerCollateral(ta, K))
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__SlotOutOfRange")
        .withArgs(K);
      await expect(by(f.engine, f.admin).registerCollateral(ta, 0))
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__SlotTaken")
        .withArgs(0);
      await expect(by(f.engine, f.admin).registerCollateral(await f.usdc.getAddress(), 3))
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__TokenAlreadyRegistered")
        .withArgs(await f.usdc.getAddress());
      await expect(by(f.engine, f.admin).registerCollateral(ta, 3))
        .to.emit(f.engine, "CollateralRegistered")
        .withArgs(ta, 3);
      expect(await f.engine.collateralTokens()).to.deep.equal([
        await f.usdc.getAddress(),
        await f.wbtc.getAddress(),
        ethers.ZeroAddress,
        ta,
      ]);
    });
  });

  describe("deposit", function () {
    it("credits the slot and updates balancesHash and stateHash like the SDK", async function () {
      const f = await loadFixture(deployFixture);
      const usdc = await f.usdc.getAddress();
      const wbtc = await f.wbtc.getAddress();
      // without a commitment nothing reads the hashes: a pure depositor pays for none (stateHash 0)
      const tx = by(f.engine, f.alice).deposit(usdc, 1234n);
      await expect(tx).to.emit(f.engine, "Deposited").withArgs(f.alice.address, usdc, 1234n, 0n);
      await expect(tx).to.changeTokenBalances(f.usdc, [f.alice, f.engine], [-1234n, 1234n]);
      await by(f.engine, f.alice).deposit(wbtc, 5n);
      const s = await f.engine.accountState(f.alice.address);
      expect(s.balances).to.deep.equal([1234n, 5n, 0n, 0n]);
      expect([s.balancesHash, s.stateHash]).to.deep.equal([0n, 0n]);
      expect(await f.engine.balanceOf(f.alice.address, wbtc)).to.equal(5n);
      // the first attestation computes the hashes from the balances, as the SDK does
      await attest(f, f.alice, C1);
      const t = await f.engine.accountState(f.alice.address);
      expect(t.balancesHash).to.equal(balancesHash([1234n, 5n, 0n, 0n]));
      expect(t.stateHash).to.equal(stateHash(C1, [1234n, 5n, 0n, 0n]));
      // from then on every deposit keeps them current
      await expect(by(f.engine, f.alice).deposit(wbtc, 7n))
        .to.emit(f.engine, "Deposited")
        .withArgs(f.alice.address, wbtc, 7n, stateHash(C1, [1234n, 12n, 0n, 0n]));
    });

    it("rejects unknown tokens, zero amounts and balances of 2^100 or more", async function () {
      const f = await loadFixture(deployFixture);
      const usdc = await f.usdc.getAddress();
      await expect(by(f.engine, f.alice).deposit(f.outsider.address, 1n))
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__UnknownToken")
        .withArgs(f.outsider.address);
      await expect(by(f.engine, f.alice).deposit(usdc, 0n)).to.be.revertedWithCustomError(
        f.engine,
        "MarginEngine__ZeroAmount",
      );
      const max = 1n << 100n;
      await f.usdc.mint(f.alice.address, max);
      await by(f.engine, f.alice).deposit(usdc, max - 1n);
      await expect(by(f.engine, f.alice).deposit(usdc, 1n))
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__BalanceTooLarge")
        .withArgs(max);
    });

    it("rejects a fee-on-transfer token", async function () {
      const f = await loadFixture(deployFixture);
      const fot = await ethers.deployContract("MockERC20", ["Fee", "FEE", 18]);
      const fa = await fot.getAddress();
      await by(f.engine, f.admin).registerCollateral(fa, 2);
      await fot.mint(f.alice.address, 10n ** 18n);
      await by(fot, f.alice).getFunction("approve")(f.engineAddress, ethers.MaxUint256);
      await fot.setFeeBps(100); // 1 %
      await expect(by(f.engine, f.alice).deposit(fa, 10000n))
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__FeeOnTransfer")
        .withArgs(10000n, 9900n);
      await fot.setFeeBps(0);
      await expect(by(f.engine, f.alice).deposit(fa, 10000n)).to.emit(f.engine, "Deposited");
    });

    it("keeps the current proof valid: validUntil and provenEpoch do not change", async function () {
      const f = await loadFixture(provenFixture);
      const before = await f.engine.accountState(f.alice.address);
      await by(f.engine, f.alice).deposit(await f.usdc.getAddress(), 1n);
      const after = await f.engine.accountState(f.alice.address);
      expect(after.validUntil).to.equal(before.validUntil);
      expect(after.provenEpoch).to.equal(before.provenEpoch);
      expect(after.stateHash).to.equal(
        stateHash(C1, [1000n * 10n ** 6n + 1n, 2n * 10n ** 8n, 0n, 0n]),
      );
      expect(await f.engine.isLiquidatable(f.alice.address)).to.equal(false);
    });
  });

  describe("risk epochs", function () {
    it("publishes strictly increasing epochs with sane timestamps", async function () {
      const f = await loadFixture(deployFixture);
      expect(await f.engine.latestEpoch()).to.equal(1n);
      const e1 = await f.engine.epochs(1);
      expect([e1.riskRoot, e1.timestamp]).to.deep.equal([f.ROOT1, f.ts1]);
      const now = BigInt(await time.latest());
      await expect(by(f.engine, f.risk).publishEpoch(1, 5n, now, f.COLLATERAL))
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__EpochNotIncreasing")
        .withArgs(1, 1);
      await expect(by(f.engine, f.risk).publishEpoch(0, 5n, now, f.COLLATERAL))
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__EpochNotIncreasing")
        .withArgs(0, 1);
      await expect(by(f.engine, f.risk).publishEpoch(2, 5n, 0, f.COLLATERAL))
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__InvalidTimestamp")
        .withArgs(0);
      await expect(by(f.engine, f.risk).publishEpoch(2, 5n, now + 100n, f.COLLATERAL))
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__InvalidTimestamp")
        .withArgs(now + 100n);
      await expect(by(f.engine, f.risk).publishEpoch(2, 5n, f.ts1 - 1n, f.COLLATERAL))
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__InvalidTimestamp")
        .withArgs(f.ts1 - 1n);
      // same timestamp as the previous epoch is fine; epochs may skip numbers
      await expect(by(f.engine, f.risk).publishEpoch(5, 5n, f.ts1, f.COLLATERAL))
        .to.emit(f.engine, "EpochPublished")
        .withArgs(5, 5n, f.ts1, f.ts1 + TTL);
      expect(await f.engine.latestEpoch()).to.equal(5n);
    });

    it("rejects a risk root of zero or at/above the field modulus (p - 1 is fine)", async function () {
      const f = await loadFixture(deployFixture);
      const now = BigInt(await time.latest());
      for (const root of [0n, P, P + 1n, ethers.MaxUint256]) {
        await expect(by(f.engine, f.risk).publishEpoch(2, root, now, f.COLLATERAL))
          .to.be.revertedWithCustomError(f.engine, "MarginEngine__RootNotInField")
          .withArgs(root);
      }
      await expect(by(f.engine, f.risk).publishEpoch(2, P - 1n, now, f.COLLATERAL)).to.emit(
        f.engine,
        "EpochPublished",
      );
      expect(await f.engine.SNARK_SCALAR_FIELD()).to.equal(P);
    });

    it("only RISK_ROLE publishes and declares stress", async function () {
      const f = await loadFixture(deployFixture);
      const role = await f.engine.RISK_ROLE();
      await expect(by(f.engine, f.admin).publishEpoch(2, 5n, f.ts1, f.COLLATERAL))
        .to.be.revertedWithCustomError(f.engine, "AccessControlUnauthorizedAccount")
        .withArgs(f.admin.address, role);
      await expect(by(f.engine, f.venue).declareStress(1))
        .to.be.revertedWithCustomError(f.engine, "AccessControlUnauthorizedAccount")
        .withArgs(f.venue.address, role);
    });

    it("declares stress only for a published epoch later than the current stress epoch", async function () {
      const f = await loadFixture(deployFixture);
      await expect(by(f.engine, f.risk).declareStress(2))
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__InvalidStressEpoch")
        .withArgs(2);
      const tx = await by(f.engine, f.risk).declareStress(1);
      const declaredAt = BigInt(await time.latest());
      await expect(tx).to.emit(f.engine, "StressDeclared").withArgs(1, declaredAt);
      await expect(by(f.engine, f.risk).declareStress(1))
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__InvalidStressEpoch")
        .withArgs(1);
      expect(await f.engine.stress()).to.deep.equal([1n, declaredAt]);
    });
  });

  describe("attestAndProve", function () {
    it("stores the commitment together with its proof", async function () {
      const f = await loadFixture(deployFixture);
      await by(f.engine, f.alice).deposit(await f.usdc.getAddress(), 777n);
      const expected = stateHash(C1, [777n, 0n, 0n, 0n]);
      await expect(attest(f, f.alice, C1))
        .to.emit(f.engine, "Attested")
        .withArgs(f.alice.address, f.venue.address, C1, 0n, expected)
        .and.to.emit(f.engine, "ProofAccepted")
        .withArgs(f.alice.address, 1, f.ts1 + TTL);
      const s = await f.engine.accountState(f.alice.address);
      expect([
        s.commitment,
        s.stateHash,
        s.validUntil,
        s.provenEpoch,
        s.attestationNonce,
      ]).to.deep.equal([C1, expected, f.ts1 + TTL, 1n, 1n]);
      expect(await f.engine.publicInputs(f.alice.address, 1, MM)).to.deep.equal([
        expected,
        f.ROOT1,
        MM,
      ]);
      await expect(f.engine.publicInputs(f.alice.address, 7, MM))
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__UnknownEpoch")
        .withArgs(7);
    });

    it("works for an account that never deposited (balancesHash of zeros)", async function () {
      const f = await loadFixture(deployFixture);
      await expect(attest(f, f.carol, C3))
        .to.emit(f.engine, "Attested")
        .withArgs(f.carol.address, f.venue.address, C3, 0n, stateHash(C3, [0n, 0n, 0n, 0n]));
      expect((await f.engine.accountState(f.carol.address)).balancesHash).to.equal(
        balancesHash([0n, 0n, 0n, 0n]),
      );
    });

    it("rejects a forged attestation (signer without VENUE_ROLE)", async function () {
      const f = await loadFixture(deployFixture);
      await expect(attest(f, f.alice, C1, 1, f.outsider))
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__UnauthorizedAttester")
        .withArgs(f.outsider.address);
      // the trader cannot attest for itself either
      await expect(attest(f, f.alice, C1, 1, f.alice))
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__UnauthorizedAttester")
        .withArgs(f.alice.address);
    });

    it("rejects a signature made for another account or commitment", async function () {
      const f = await loadFixture(deployFixture);
      const sig = await signAttestation(f, f.venue, f.alice.address, C1, 0n);
      const proofBob = boundProof(stateHash(C1, [0n, 0n, 0n, 0n]), f.ROOT1, MM);
      // recovers some unrelated address, which has no VENUE_ROLE
      await expect(
        by(f.engine, f.bob).attestAndProve(f.bob.address, C1, 0n, FAR_DEADLINE, sig, 1, proofBob),
      ).to.be.revertedWithCustomError(f.engine, "MarginEngine__UnauthorizedAttester");
      await expect(
        by(f.engine, f.alice).attestAndProve(
          f.alice.address,
          C2,
          0n,
          FAR_DEADLINE,
          sig,
          1,
          boundProof(stateHash(C2, [0n, 0n, 0n, 0n]), f.ROOT1, MM),
        ),
      ).to.be.revertedWithCustomError(f.engine, "MarginEngine__UnauthorizedAttester");
      await expect(
        by(f.engine, f.alice).attestAndProve(
          f.alice.address,
          C1,
          0n,
          FAR_DEADLINE,
          "0x" + "11".repeat(64),
          1,
          proofBob,
        ),
      ).to.be.revertedWithCustomError(f.engine, "MarginEngine__InvalidSignature");
    });

    it("rejects a reused attestation and a wrong nonce", async function () {
      const f = await loadFixture(deployFixture);
      const sig = await signAttestation(f, f.venue, f.alice.address, C1, 0n);
      const proof = boundProof(stateHash(C1, [0n, 0n, 0n, 0n]), f.ROOT1, MM);
      await by(f.engine, f.alice).attestAndProve(
        f.alice.address,
        C1,
        0n,
        FAR_DEADLINE,
        sig,
        1,
        proof,
      );
      await expect(
        by(f.engine, f.alice).attestAndProve(f.alice.address, C1, 0n, FAR_DEADLINE, sig, 1, proof),
      )
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__BadNonce")
        .withArgs(1n, 0n);
      const sig5 = await signAttestation(f, f.venue, f.alice.address, C2, 5n);
      await expect(
        by(f.engine, f.alice).attestAndProve(f.alice.address, C2, 5n, FAR_DEADLINE, sig5, 1, proof),
      )
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__BadNonce")
        .withArgs(1n, 5n);
    });

    it("lets the venue cancel an outstanding attestation", async function () {
      const f = await loadFixture(deployFixture);
      const sig = await signAttestation(f, f.venue, f.alice.address, C1, 0n);
      await expect(by(f.engine, f.outsider).cancelAttestation(f.alice.address))
        .to.be.revertedWithCustomError(f.engine, "AccessControlUnauthorizedAccount")
        .withArgs(f.outsider.address, await f.engine.VENUE_ROLE());
      await expect(by(f.engine, f.venue).cancelAttestation(f.alice.address))
        .to.emit(f.engine, "AttestationCancelled")
        .withArgs(f.alice.address, 1n);
      await expect(
        by(f.engine, f.alice).attestAndProve(
          f.alice.address,
          C1,
          0n,
          FAR_DEADLINE,
          sig,
          1,
          boundProof(stateHash(C1, [0n, 0n, 0n, 0n]), f.ROOT1, MM),
        ),
      )
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__BadNonce")
        .withArgs(1n, 0n);
    });

    it("rejects a commitment of zero or outside the field", async function () {
      const f = await loadFixture(deployFixture);
      for (const c of [0n, P]) {
        const sig = await signAttestation(f, f.venue, f.alice.address, c, 0n);
        await expect(
          by(f.engine, f.alice).attestAndProve(
            f.alice.address,
            c,
            0n,
            FAR_DEADLINE,
            sig,
            1,
            ZERO_PROOF,
          ),
        )
          .to.be.revertedWithCustomError(f.engine, "MarginEngine__InvalidCommitment")
          .withArgs(c);
      }
    });

    it("verifies the proof against the NEW commitment: an old commitment's proof fails", async function () {
      const f = await loadFixture(provenFixture);
      const nonce = 1n;
      const sig = await signAttestation(f, f.venue, f.alice.address, C3, nonce);
      const oldProof = await renewalProof(f, f.alice.address, C1, 1); // proves the C1 state
      await expect(
        by(f.engine, f.alice).attestAndProve(
          f.alice.address,
          C3,
          nonce,
          FAR_DEADLINE,
          sig,
          1,
          oldProof,
        ),
      ).to.be.revertedWithCustomError(f.engine, "MarginEngine__InvalidProof");
      // a proof for C3 at the initial multiplier is not what the engine asks for either
      const wrongMultiplier = await renewalProof(f, f.alice.address, C3, 1, IM);
      await expect(
        by(f.engine, f.alice).attestAndProve(
          f.alice.address,
          C3,
          nonce,
          FAR_DEADLINE,
          sig,
          1,
          wrongMultiplier,
        ),
      ).to.be.revertedWithCustomError(f.engine, "MarginEngine__InvalidProof");
      // nothing changed
      expect((await f.engine.accountState(f.alice.address)).commitment).to.equal(C1);
      await expect(
        by(f.engine, f.alice).attestAndProve(
          f.alice.address,
          C3,
          nonce,
          FAR_DEADLINE,
          sig,
          1,
          await renewalProof(f, f.alice.address, C3, 1),
        ),
      ).to.emit(f.engine, "Attested");
      expect((await f.engine.accountState(f.alice.address)).commitment).to.equal(C3);
    });

    it("checks the epoch: unknown, stale, older than the proven epoch", async function () {
      const f = await loadFixture(provenFixture);
      const sig = await signAttestation(f, f.venue, f.alice.address, C3, 1n);
      await expect(
        by(f.engine, f.alice).attestAndProve(
          f.alice.address,
          C3,
          1n,
          FAR_DEADLINE,
          sig,
          9,
          ZERO_PROOF,
        ),
      )
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__UnknownEpoch")
        .withArgs(9);
      const { epoch } = await publishNext(f);
      await f.engine.submitProof(
        f.alice.address,
        epoch,
        0,
        await renewalProof(f, f.alice.address, C1, epoch),
      );
      await expect(
        by(f.engine, f.alice).attestAndProve(
          f.alice.address,
          C3,
          1n,
          FAR_DEADLINE,
          sig,
          1,
          await renewalProof(f, f.alice.address, C3, 1),
        ),
      )
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__EpochRegression")
        .withArgs(1, epoch);
      await time.increase(TTL);
      await expect(
        by(f.engine, f.alice).attestAndProve(
          f.alice.address,
          C3,
          1n,
          FAR_DEADLINE,
          sig,
          epoch,
          await renewalProof(f, f.alice.address, C3, epoch),
        ),
      )
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__StaleEpoch")
        .withArgs(epoch);
    });
  });

  describe("submitProof (renewal)", function () {
    it("renews from storage-built public inputs; anyone may relay", async function () {
      const f = await loadFixture(provenFixture);
      const { epoch, root, ts } = await publishNext(f);
      const bal = await balancesOf(f, f.alice.address);
      // the proof names the inputs the SDK computes; the caller passes only (account, epoch, proof)
      const proof = boundProof(stateHash(C1, bal), root, MM);
      expect(await f.engine.publicInputs(f.alice.address, epoch, MM)).to.deep.equal([
        stateHash(C1, bal),
        root,
        MM,
      ]);
      await expect(by(f.engine, f.outsider).submitProof(f.alice.address, epoch, 0, proof))
        .to.emit(f.engine, "ProofAccepted")
        .withArgs(f.alice.address, epoch, ts + TTL);
      const s = await f.engine.accountState(f.alice.address);
      expect([s.validUntil, s.provenEpoch]).to.deep.equal([ts + TTL, epoch]);
    });

    it("rejects a proof replayed for another account (its stateHash differs)", async function () {
      const f = await loadFixture(provenFixture);
      const bobProof = await renewalProof(f, f.bob.address, C2, 1);
      const [aliceInputs, bobInputs] = await Promise.all([
        f.engine.publicInputs(f.alice.address, 1, MM),
        f.engine.publicInputs(f.bob.address, 1, MM),
      ]);
      expect(aliceInputs[0]).to.not.equal(bobInputs[0]);
      await expect(f.engine.submitProof(f.bob.address, 1, 0, bobProof)).to.emit(
        f.engine,
        "ProofAccepted",
      );
      await expect(
        f.engine.submitProof(f.alice.address, 1, 0, bobProof),
      ).to.be.revertedWithCustomError(f.engine, "MarginEngine__InvalidProof");
    });

    it("rejects a proof for another epoch, an unknown epoch and a stale epoch", async function () {
      const f = await loadFixture(provenFixture);
      const { epoch } = await publishNext(f);
      const proofFor1 = await renewalProof(f, f.alice.address, C1, 1);
      await expect(
        f.engine.submitProof(f.alice.address, epoch, 0, proofFor1),
      ).to.be.revertedWithCustomError(f.engine, "MarginEngine__InvalidProof");
      await expect(f.engine.submitProof(f.alice.address, 42, 0, proofFor1))
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__UnknownEpoch")
        .withArgs(42);
      // epoch 1 is stale from ts1 + TTL on (validUntil <= now)
      await time.setNextBlockTimestamp(f.ts1 + TTL - 1n);
      await expect(f.engine.submitProof(f.alice.address, 1, 0, proofFor1)).to.emit(
        f.engine,
        "ProofAccepted",
      );
      await time.setNextBlockTimestamp(f.ts1 + TTL);
      await expect(f.engine.submitProof(f.alice.address, 1, 0, proofFor1))
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__StaleEpoch")
        .withArgs(1);
    });

    it("rejects a proof of an old commitment and of old balances", async function () {
      const f = await loadFixture(provenFixture);
      const oldProof = await renewalProof(f, f.alice.address, C1, 1);
      await attest(f, f.alice, C3);
      await expect(
        f.engine.submitProof(f.alice.address, 1, 0, oldProof),
      ).to.be.revertedWithCustomError(f.engine, "MarginEngine__InvalidProof");
      const beforeDeposit = await renewalProof(f, f.alice.address, C3, 1);
      await by(f.engine, f.alice).deposit(await f.usdc.getAddress(), 1n);
      await expect(
        f.engine.submitProof(f.alice.address, 1, 0, beforeDeposit),
      ).to.be.revertedWithCustomError(f.engine, "MarginEngine__InvalidProof");
      await expect(
        f.engine.submitProof(f.alice.address, 1, 0, await renewalProof(f, f.alice.address, C3, 1)),
      ).to.emit(f.engine, "ProofAccepted");
    });

    it("never goes back: an older epoch is refused, validUntil is never shortened", async function () {
      const f = await loadFixture(provenFixture);
      const { epoch, ts } = await publishNext(f);
      const proof2 = await renewalProof(f, f.alice.address, C1, epoch);
      await f.engine.submitProof(f.alice.address, epoch, 0, proof2);
      await expect(
        f.engine.submitProof(f.alice.address, 1, 0, await renewalProof(f, f.alice.address, C1, 1)),
      )
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__EpochRegression")
        .withArgs(1, epoch);
      // admin shortens proofTtl; a relayer replaying the same proof cannot shorten validUntil
      await by(f.engine, f.admin).setParams({ ...PARAMS, proofTtl: 600n });
      await expect(by(f.engine, f.outsider).submitProof(f.alice.address, epoch, 0, proof2))
        .to.emit(f.engine, "ProofAccepted")
        .withArgs(f.alice.address, epoch, ts + TTL);
    });

    it("rejects accounts without a commitment, frozen accounts and rejected proofs", async function () {
      const f = await loadFixture(provenFixture);
      await by(f.engine, f.carol).deposit(await f.usdc.getAddress(), 5n);
      await expect(f.engine.submitProof(f.carol.address, 1, 0, ZERO_PROOF))
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__NoCommitment")
        .withArgs(f.carol.address);
      await f.verifier.setMode(2); // RejectAll
      await expect(
        f.engine.submitProof(f.alice.address, 1, 0, await renewalProof(f, f.alice.address, C1, 1)),
      ).to.be.revertedWithCustomError(f.engine, "MarginEngine__InvalidProof");
      await f.verifier.setMode(0);
      await elapseLive(f, TTL + GRACE + 1n);
      await by(f.engine, f.keeper).liquidate(f.alice.address);
      await expect(f.engine.submitProof(f.alice.address, 1, 0, ZERO_PROOF))
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__AccountFrozen")
        .withArgs(f.alice.address);
    });
  });

  describe("withdraw", function () {
    it("is free for an account without a commitment (no positions)", async function () {
      const f = await loadFixture(deployFixture);
      const usdc = await f.usdc.getAddress();
      await by(f.engine, f.carol).deposit(usdc, 100n);
      const tx = by(f.engine, f.carol).withdraw(usdc, 40n, 0, ZERO_PROOF);
      await expect(tx).to.emit(f.engine, "Withdrawn").withArgs(f.carol.address, usdc, 40n, 0n);
      await expect(tx).to.changeTokenBalances(f.usdc, [f.carol, f.engine], [40n, -40n]);
    });

    it("needs a proof for the post-withdrawal state at the initial multiplier and latest epoch", async function () {
      const f = await loadFixture(provenFixture);
      const wbtc = await f.wbtc.getAddress();
      const { epoch, root, ts } = await publishNext(f);
      const bal = await balancesOf(f, f.alice.address);
      const after = [bal[0], bal[1] - 10n ** 8n, 0n, 0n];
      const good = boundProof(stateHash(C1, after), root, IM);
      await expect(
        by(f.engine, f.alice).withdraw(
          wbtc,
          10n ** 8n,
          epoch,
          boundProof(stateHash(C1, bal), root, IM),
        ),
      ).to.be.revertedWithCustomError(f.engine, "MarginEngine__InvalidProof"); // pre-withdrawal balances
      await expect(
        by(f.engine, f.alice).withdraw(
          wbtc,
          10n ** 8n,
          epoch,
          boundProof(stateHash(C1, after), root, MM),
        ),
      ).to.be.revertedWithCustomError(f.engine, "MarginEngine__InvalidProof"); // maintenance multiplier
      await expect(by(f.engine, f.alice).withdraw(wbtc, 10n ** 8n, 1, good))
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__NotLatestEpoch")
        .withArgs(1, epoch);
      const tx = by(f.engine, f.alice).withdraw(wbtc, 10n ** 8n, epoch, good);
      await expect(tx)
        .to.emit(f.engine, "Withdrawn")
        .withArgs(f.alice.address, wbtc, 10n ** 8n, stateHash(C1, after))
        .and.to.emit(f.engine, "ProofAccepted")
        .withArgs(f.alice.address, epoch, ts + TTL);
      await expect(tx).to.changeTokenBalances(
        f.wbtc,
        [f.alice, f.engine],
        [10n ** 8n, -(10n ** 8n)],
      );
      const s = await f.engine.accountState(f.alice.address);
      expect([s.balances[1], s.provenEpoch, s.validUntil, s.balancesHash]).to.deep.equal([
        10n ** 8n,
        epoch,
        ts + TTL,
        balancesHash(after),
      ]);
    });

    it("rejects a stale latest epoch, over-withdrawal, zero and unknown tokens", async function () {
      const f = await loadFixture(provenFixture);
      const usdc = await f.usdc.getAddress();
      await expect(by(f.engine, f.alice).withdraw(usdc, 10n ** 12n, 1, ZERO_PROOF))
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__InsufficientBalance")
        .withArgs(1000n * 10n ** 6n, 10n ** 12n);
      await expect(
        by(f.engine, f.alice).withdraw(usdc, 0n, 1, ZERO_PROOF),
      ).to.be.revertedWithCustomError(f.engine, "MarginEngine__ZeroAmount");
      await expect(by(f.engine, f.alice).withdraw(f.outsider.address, 1n, 1, ZERO_PROOF))
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__UnknownToken")
        .withArgs(f.outsider.address);
      await time.increase(TTL);
      await expect(by(f.engine, f.alice).withdraw(usdc, 1n, 1, ZERO_PROOF))
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__StaleEpoch")
        .withArgs(1);
    });

    it("is refused to a frozen account", async function () {
      const f = await loadFixture(provenFixture);
      await elapseLive(f, TTL + GRACE + 1n);
      await f.engine.liquidate(f.alice.address);
      await expect(by(f.engine, f.alice).withdraw(await f.usdc.getAddress(), 1n, 1, ZERO_PROOF))
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__AccountFrozen")
        .withArgs(f.alice.address);
    });
  });

  describe("liquidate", function () {
    it("fails one second too early and succeeds exactly when allowed", async function () {
      const f = await loadFixture(provenFixture);
      const s = await f.engine.accountState(f.alice.address);
      const due = BigInt(s.validUntil) + GRACE; // liquidatable when block.timestamp > due
      await liveUntil(f, due + 2n); // the risk oracle keeps publishing
      await time.setNextBlockTimestamp(due);
      await expect(by(f.engine, f.keeper).liquidate(f.alice.address))
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__NotLiquidatable")
        .withArgs(f.alice.address);
      // the reverted attempt was mined in a block at `due`: still not liquidatable
      expect(await time.latest()).to.equal(Number(due));
      expect(await f.engine.isLiquidatable(f.alice.address)).to.equal(false);
      await time.setNextBlockTimestamp(due + 1n);
      const usdcBal = 1000n * 10n ** 6n;
      const wbtcBal = 2n * 10n ** 8n;
      const reward = (x: bigint) => (x * KEEPER_BPS) / 10000n;
      const tx = by(f.engine, f.keeper).liquidate(f.alice.address);
      await expect(tx)
        .to.emit(f.engine, "Liquidated")
        .withArgs(f.alice.address, f.keeper.address, 1, s.validUntil)
        .and.to.emit(f.engine, "CollateralSeized")
        .withArgs(
          f.alice.address,
          await f.usdc.getAddress(),
          reward(usdcBal),
          usdcBal - reward(usdcBal),
        )
        .and.to.emit(f.engine, "CollateralSeized")
        .withArgs(
          f.alice.address,
          await f.wbtc.getAddress(),
          reward(wbtcBal),
          wbtcBal - reward(wbtcBal),
        );
      // no token moves in a liquidation: keeper and receiver are credited and claim
      await expect(tx).to.changeTokenBalances(
        f.usdc,
        [f.keeper, f.receiver, f.engine],
        [0n, 0n, 0n],
      );
      const usdc = await f.usdc.getAddress();
      const wbtc = await f.wbtc.getAddress();
      expect(await f.engine.claimable(f.keeper.address, usdc)).to.equal(reward(usdcBal));
      expect(await f.engine.claimable(f.receiver.address, usdc)).to.equal(
        usdcBal - reward(usdcBal),
      );
      const after = await f.engine.accountState(f.alice.address);
      expect(after.frozen).to.equal(true);
      expect(after.balances).to.deep.equal([0n, 0n, 0n, 0n]);
      const claim = by(f.engine, f.keeper).claim(usdc);
      await expect(claim)
        .to.emit(f.engine, "Claimed")
        .withArgs(f.keeper.address, usdc, reward(usdcBal));
      await expect(claim).to.changeTokenBalances(
        f.usdc,
        [f.keeper, f.engine],
        [reward(usdcBal), -reward(usdcBal)],
      );
      await by(f.engine, f.receiver).claim(wbtc);
      expect(await f.wbtc.balanceOf(f.receiver.address)).to.equal(wbtcBal - reward(wbtcBal));
      await expect(by(f.engine, f.keeper).claim(usdc))
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__NothingToClaim")
        .withArgs(usdc);
      expect(await f.engine.isLiquidatable(f.alice.address)).to.equal(false);
      await expect(f.engine.liquidate(f.alice.address))
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__AccountFrozen")
        .withArgs(f.alice.address);
    });

    it("freezes the account for deposits and attestations too", async function () {
      const f = await loadFixture(provenFixture);
      await elapseLive(f, TTL + GRACE + 1n);
      await f.engine.liquidate(f.alice.address);
      await expect(by(f.engine, f.alice).deposit(await f.usdc.getAddress(), 1n))
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__AccountFrozen")
        .withArgs(f.alice.address);
      await expect(attest(f, f.alice, C3))
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__AccountFrozen")
        .withArgs(f.alice.address);
    });

    it("never liquidates an account without a commitment", async function () {
      const f = await loadFixture(deployFixture);
      await by(f.engine, f.carol).deposit(await f.usdc.getAddress(), 100n);
      await elapseLive(f, 30n * 86400n);
      expect(await f.engine.isLiquidatable(f.carol.address)).to.equal(false);
      await expect(f.engine.liquidate(f.carol.address))
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__NotLiquidatable")
        .withArgs(f.carol.address);
    });

    it("a renewal mined first in the same block wins the race", async function () {
      const f = await loadFixture(provenFixture);
      const due = BigInt((await f.engine.accountState(f.alice.address)).validUntil) + GRACE;
      await liveUntil(f, due + 10n);
      await time.increaseTo(due);
      const { epoch } = await publishNext(f); // the trader's renewal is ready at the last moment
      const proof = await renewalProof(f, f.alice.address, C1, epoch);
      expect(await f.engine.isLiquidatable(f.alice.address)).to.equal(true);

      await network.provider.send("evm_setAutomine", [false]);
      try {
        const fee = (tip: bigint) => ({
          gasLimit: 1_000_000n,
          maxFeePerGas: 100n * 10n ** 9n,
          maxPriorityFeePerGas: tip,
        });
        const renew = await by(f.engine, f.outsider).submitProof(
          f.alice.address,
          epoch,
          0,
          proof,
          fee(2n * 10n ** 9n),
        );
        const liq = await by(f.engine, f.keeper).liquidate(f.alice.address, fee(10n ** 9n));
        await network.provider.send("evm_mine");
        const [r1, r2] = await Promise.all([
          ethers.provider.getTransactionReceipt(renew.hash),
          ethers.provider.getTransactionReceipt(liq.hash),
        ]);
        expect(r1!.blockNumber).to.equal(r2!.blockNumber);
        expect(r1!.index).to.be.lessThan(r2!.index);
        expect(r1!.status).to.equal(1);
        expect(r2!.status).to.equal(0);
      } finally {
        await network.provider.send("evm_setAutomine", [true]);
      }
      expect((await f.engine.accountState(f.alice.address)).frozen).to.equal(false);
      await expect(by(f.engine, f.keeper).liquidate(f.alice.address))
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__NotLiquidatable")
        .withArgs(f.alice.address);
    });

    it("credits the keeper nothing when the reward is zero", async function () {
      const f = await loadFixture(provenFixture);
      await by(f.engine, f.admin).setParams({ ...PARAMS, keeperRewardBps: 0n });
      await elapseLive(f, TTL + GRACE + 1n);
      const usdc = await f.usdc.getAddress();
      const tx = by(f.engine, f.keeper).liquidate(f.bob.address);
      await expect(tx)
        .to.emit(f.engine, "CollateralSeized")
        .withArgs(f.bob.address, usdc, 0n, 500n * 10n ** 6n);
      expect(await f.engine.claimable(f.keeper.address, usdc)).to.equal(0n);
      await expect(by(f.engine, f.keeper).claim(usdc)).to.be.revertedWithCustomError(
        f.engine,
        "MarginEngine__NothingToClaim",
      );
      await expect(by(f.engine, f.receiver).claim(usdc)).to.changeTokenBalances(
        f.usdc,
        [f.keeper, f.receiver],
        [0n, 500n * 10n ** 6n],
      );
    });
  });

  describe("stress epoch", function () {
    it("lapses older proofs after the grace period and refuses proofs against older epochs", async function () {
      const f = await loadFixture(provenFixture);
      const { epoch } = await publishNext(f);
      await by(f.engine, f.risk).declareStress(epoch);
      const T = BigInt(await time.latest());
      const [, declaredAt] = await f.engine.stress();
      expect(declaredAt).to.equal(T);
      // alice's epoch-1 proof is still within its TTL, but stress overrides it after the grace
      expect(BigInt((await f.engine.accountState(f.alice.address)).validUntil)).to.be.greaterThan(
        T + GRACE + 1n,
      );
      await expect(
        f.engine.submitProof(f.alice.address, 1, 0, await renewalProof(f, f.alice.address, C1, 1)),
      )
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__EpochBeforeStress")
        .withArgs(1, epoch);
      // bob renews against the stress epoch in time; alice does not
      await f.engine.submitProof(
        f.bob.address,
        epoch,
        0,
        await renewalProof(f, f.bob.address, C2, epoch),
      );
      await time.setNextBlockTimestamp(T + GRACE);
      await expect(f.engine.liquidate(f.alice.address))
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__NotLiquidatable")
        .withArgs(f.alice.address);
      await time.setNextBlockTimestamp(T + GRACE + 1n);
      await expect(by(f.engine, f.keeper).liquidate(f.alice.address))
        .to.emit(f.engine, "Liquidated")
        .withArgs(f.alice.address, f.keeper.address, 1, f.ts1 + TTL);
      await expect(f.engine.liquidate(f.bob.address))
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__NotLiquidatable")
        .withArgs(f.bob.address);
    });
  });

  describe("parameters and roles", function () {
    it("sets params within bounds, admin only", async function () {
      const f = await loadFixture(deployFixture);
      const next = {
        proofTtl: 7200n,
        grace: 0n,
        maintenanceMultiplier: 12000n,
        initialMultiplier: 12000n,
        keeperRewardBps: 1000n,
      };
      await expect(by(f.engine, f.risk).setParams(next))
        .to.be.revertedWithCustomError(f.engine, "AccessControlUnauthorizedAccount")
        .withArgs(f.risk.address, ethers.ZeroHash);
      await expect(by(f.engine, f.admin).setParams(next))
        .to.emit(f.engine, "ParamsUpdated")
        .withArgs(Object.values(next));
      const bad = [
        { proofTtl: 59n },
        { proofTtl: 30n * 86400n + 1n },
        { grace: 7n * 86400n + 1n },
        { maintenanceMultiplier: 9999n },
        { maintenanceMultiplier: 16000n }, // above initial
        { initialMultiplier: 1_000_001n },
        { keeperRewardBps: 1001n },
      ];
      for (const change of bad) {
        await expect(
          by(f.engine, f.admin).setParams({ ...PARAMS, ...change }),
        ).to.be.revertedWithCustomError(f.engine, "MarginEngine__InvalidParams");
      }
      await expect(
        by(f.engine, f.admin).setParams({
          ...PARAMS,
          maintenanceMultiplier: 1_000_000n,
          initialMultiplier: 1_000_000n,
        }),
      ).to.emit(f.engine, "ParamsUpdated");
    });

    it("sets the liquidation receiver, admin only, non-zero", async function () {
      const f = await loadFixture(deployFixture);
      await expect(by(f.engine, f.outsider).setLiquidationReceiver(f.outsider.address))
        .to.be.revertedWithCustomError(f.engine, "AccessControlUnauthorizedAccount")
        .withArgs(f.outsider.address, ethers.ZeroHash);
      await expect(
        by(f.engine, f.admin).setLiquidationReceiver(ethers.ZeroAddress),
      ).to.be.revertedWithCustomError(f.engine, "MarginEngine__ZeroAddress");
      await expect(by(f.engine, f.admin).setLiquidationReceiver(f.outsider.address))
        .to.emit(f.engine, "LiquidationReceiverUpdated")
        .withArgs(f.receiver.address, f.outsider.address);
    });

    it("the bounds agree with the SDK's (src/bounds.ts, src/field.ts)", async function () {
      const f = await loadFixture(deployFixture);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const b = require("../../src/bounds") as Record<string, bigint>;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { P: fieldP } = require("../../src/field") as { P: bigint };
      expect(await f.engine.SNARK_SCALAR_FIELD()).to.equal(fieldP);
      expect(await f.engine.MAX_AMOUNT()).to.equal(b.AMOUNT_LIMIT);
      expect(await f.engine.MIN_MULTIPLIER()).to.equal(b.MULTIPLIER_MIN);
      expect(await f.engine.MAX_MULTIPLIER()).to.equal(b.MULTIPLIER_MAX);
    });
  });

  describe("pause (new positions and lapse-liquidation)", function () {
    it("RISK_ROLE or admin pauses attestations and liquidations; deposits, renewals and withdrawals stay open", async function () {
      const f = await loadFixture(provenFixture);
      const usdc = await f.usdc.getAddress();
      await expect(by(f.engine, f.outsider).pause())
        .to.be.revertedWithCustomError(f.engine, "AccessControlUnauthorizedAccount")
        .withArgs(f.outsider.address, await f.engine.RISK_ROLE());
      await expect(by(f.engine, f.risk).pause())
        .to.emit(f.engine, "Paused")
        .withArgs(f.risk.address);
      await expect(attest(f, f.alice, C3)).to.be.revertedWithCustomError(f.engine, "EnforcedPause");
      // a deposit adds no risk and is how an account defends itself: open in a pause
      await expect(by(f.engine, f.alice).deposit(usdc, 1n)).to.emit(f.engine, "Deposited");
      // renewal and withdrawal still work
      await expect(
        f.engine.submitProof(f.alice.address, 1, 0, await renewalProof(f, f.alice.address, C1, 1)),
      ).to.emit(f.engine, "ProofAccepted");
      const bal = await balancesOf(f, f.alice.address);
      const after = [bal[0] - 1n, bal[1], 0n, 0n];
      await expect(
        by(f.engine, f.alice).withdraw(usdc, 1n, 1, boundProof(stateHash(C1, after), f.ROOT1, IM)),
      ).to.emit(f.engine, "Withdrawn");
      await expect(by(f.engine, f.outsider).unpause())
        .to.be.revertedWithCustomError(f.engine, "AccessControlUnauthorizedAccount")
        .withArgs(f.outsider.address, await f.engine.RISK_ROLE());
      const tx = by(f.engine, f.admin).unpause();
      await expect(tx).to.emit(f.engine, "Unpaused").withArgs(f.admin.address);
      await expect(tx)
        .to.emit(f.engine, "LiquidationsResume")
        .withArgs(await time.latest());
      await by(f.engine, f.admin).pause();
      // no liquidation while paused
      await elapseLive(f, TTL + GRACE + 1n);
      expect(await f.engine.isLiquidatable(f.bob.address)).to.equal(false);
      await expect(f.engine.liquidate(f.bob.address)).to.be.revertedWithCustomError(
        f.engine,
        "EnforcedPause",
      );
      expect((await f.engine.liveness()).paused).to.equal(true);
    });
  });

  describe("reentrancy", function () {
    async function reentrantFixture() {
      const f = await provenFixture();
      const evil = await ethers.deployContract("MockERC20", ["Evil", "EVL", 18]);
      const ea = await evil.getAddress();
      await by(f.engine, f.admin).registerCollateral(ea, 2);
      for (const u of [f.alice, f.bob]) {
        await evil.mint(u.address, 10n ** 24n);
        await by(evil, u).getFunction("approve")(f.engineAddress, ethers.MaxUint256);
      }
      await by(f.engine, f.carol).deposit(await f.usdc.getAddress(), 1n); // carol: no commitment
      // the risk tables now list the third token too
      const COLLATERAL = collateralHash([
        await f.usdc.getAddress(),
        await f.wbtc.getAddress(),
        ea,
        ethers.ZeroAddress,
      ]);
      return { ...f, evil, ea, COLLATERAL };
    }

    it("blocks a token calling back into deposit, withdraw, claim or liquidate", async function () {
      const f = await loadFixture(reentrantFixture);
      const I = f.engine.interface;
      // deposit -> transferFrom -> engine.deposit
      await f.evil.setHook(f.engineAddress, I.encodeFunctionData("deposit", [f.ea, 1n]));
      await expect(by(f.engine, f.bob).deposit(f.ea, 1000n)).to.be.revertedWithCustomError(
        f.engine,
        "ReentrancyGuardReentrantCall",
      );
      // withdraw -> transfer -> engine.withdraw (bob's deposit made without the hook first)
      await f.evil.setHook(ethers.ZeroAddress, "0x");
      await by(f.engine, f.bob).deposit(f.ea, 1000n);
      const bal = await balancesOf(f, f.bob.address);
      const after = [bal[0], bal[1], bal[2] - 10n, 0n];
      const proof = boundProof(stateHash(C2, after), f.ROOT1, IM);
      await f.evil.setHook(
        f.engineAddress,
        I.encodeFunctionData("withdraw", [f.ea, 10n, 1, proof]),
      );
      await expect(by(f.engine, f.bob).withdraw(f.ea, 10n, 1, proof)).to.be.revertedWithCustomError(
        f.engine,
        "ReentrancyGuardReentrantCall",
      );
      // a liquidation calls no token; claim -> transfer -> engine.liquidate (another account)
      await f.evil.setHook(ethers.ZeroAddress, "0x");
      await elapseLive(f, TTL + GRACE + 1n);
      await f.evil.setHook(f.engineAddress, I.encodeFunctionData("liquidate", [f.alice.address]));
      await expect(by(f.engine, f.keeper).liquidate(f.bob.address)).to.emit(f.engine, "Liquidated");
      await expect(by(f.engine, f.keeper).claim(f.ea)).to.be.revertedWithCustomError(
        f.engine,
        "ReentrancyGuardReentrantCall",
      );
      await f.evil.setHook(ethers.ZeroAddress, "0x");
      await expect(by(f.engine, f.keeper).claim(f.ea)).to.emit(f.engine, "Claimed");
      // claim -> transfer -> engine.claim (a second claim of the same credit)
      await f.evil.setHook(f.engineAddress, I.encodeFunctionData("claim", [f.ea]));
      await expect(by(f.engine, f.receiver).claim(f.ea)).to.be.revertedWithCustomError(
        f.engine,
        "ReentrancyGuardReentrantCall",
      );
    });
  });
});
