/**
 * Renewals (issue 15, SPEC 7.2): batch renewal by one pairing check (submitProofs, all or
 * nothing), validity tiers (setValidityTiers, submitProof's tier) and the latest epoch's cached
 * terms (recomputed on publishEpoch, setParams and setValidityTiers). MockVerifier in Bound mode:
 * a proof names its public inputs, so an accepted renewal shows the inputs the engine used.
 * Real proofs through the engine: test/contracts/engine-real-batch.test.ts.
 */
import { expect } from "chai";
import { getAddress } from "ethers";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import {
  C1,
  C2,
  C3,
  GRACE,
  IM,
  MM,
  PARAMS,
  TTL,
  attest,
  balancesOf,
  boundProof,
  by,
  deployFixture,
  publishNext,
  renewalProof,
  stateHash,
  type Fixture,
  type Proof,
} from "./helpers";

const TIER1 = { multiplier: 20000n, ttl: 6n * 3600n };
const TIER2 = { multiplier: 30000n, ttl: 12n * 3600n };

/** alice, bob and carol deposited and proved C1, C2, C3 at epoch 1; tiers 1 and 2 set. */
async function threeFixture() {
  const f = await deployFixture();
  const usdc = await f.usdc.getAddress();
  for (const [s, c] of [
    [f.alice, C1],
    [f.bob, C2],
    [f.carol, C3],
  ] as const) {
    await by(f.engine, s).deposit(usdc, 1000n * 10n ** 6n);
    await attest(f, s, c);
  }
  await f.engine.setValidityTiers([TIER1, TIER2]);
  return f;
}

const COMMIT = new Map<string, bigint>();
/** Sorted batch entries for `signers` at `epoch` and `tier`, each with its own valid proof. */
async function entries(f: Fixture, epoch: bigint, tier = 0n, multiplier = MM) {
  COMMIT.set(f.alice.address, C1).set(f.bob.address, C2).set(f.carol.address, C3);
  const accounts = [f.alice.address, f.bob.address, f.carol.address].sort((a, b) =>
    BigInt(a) < BigInt(b) ? -1 : 1,
  );
  const proofs: Proof[] = [];
  for (const a of accounts)
    proofs.push(await renewalProof(f, a, COMMIT.get(a)!, epoch, multiplier));
  return { accounts, epochs: accounts.map(() => epoch), tiers: accounts.map(() => tier), proofs };
}

describe("Renewals: batch, tiers, cached epoch terms", function () {
  describe("submitProofs (one pairing check, all or nothing)", function () {
    it("renews every account of a sorted batch in one call", async function () {
      const f = await loadFixture(threeFixture);
      const { epoch, ts } = await publishNext(f);
      const e = await entries(f, epoch);
      expect(
        await f.engine.submitProofs.staticCall(e.accounts, e.epochs, e.tiers, e.proofs),
      ).to.equal(3n);
      const tx = by(f.engine, f.keeper).submitProofs(e.accounts, e.epochs, e.tiers, e.proofs);
      for (const a of e.accounts)
        await expect(tx)
          .to.emit(f.engine, "ProofAccepted")
          .withArgs(a, epoch, ts + TTL);
      for (const a of e.accounts) {
        const st = await f.engine.accountState(a);
        expect([st.provenEpoch, st.validUntil]).to.deep.equal([epoch, ts + TTL]);
      }
    });

    it("rejects the whole batch for one bad proof in any position, writing nothing", async function () {
      const f = await loadFixture(threeFixture);
      const { epoch } = await publishNext(f);
      const e = await entries(f, epoch);
      for (const at of [0, 1, 2]) {
        const proofs = [...e.proofs];
        proofs[at] = boundProof(proofs[at].a[0] + 1n, proofs[at].a[1], MM);
        await expect(f.engine.submitProofs(e.accounts, e.epochs, e.tiers, proofs))
          .to.be.revertedWithCustomError(f.engine, "MarginEngine__InvalidBatchProof")
          .withArgs(3n);
      }
      for (const a of e.accounts) expect((await f.engine.accountState(a)).provenEpoch).to.equal(1n);
    });

    it("rejects a proof for another account's state and a proof at another tier's multiplier", async function () {
      const f = await loadFixture(threeFixture);
      const { epoch } = await publishNext(f);
      const e = await entries(f, epoch);
      const swapped = [e.proofs[1], e.proofs[0], e.proofs[2]];
      await expect(
        f.engine.submitProofs(e.accounts, e.epochs, e.tiers, swapped),
      ).to.be.revertedWithCustomError(f.engine, "MarginEngine__InvalidBatchProof");
      // proofs at tier 1's multiplier named as tier 0 (and the other way round)
      const t1 = await entries(f, epoch, 0n, TIER1.multiplier);
      await expect(
        f.engine.submitProofs(t1.accounts, t1.epochs, t1.tiers, t1.proofs),
      ).to.be.revertedWithCustomError(f.engine, "MarginEngine__InvalidBatchProof");
      await expect(
        f.engine.submitProofs(e.accounts, e.epochs, [1n, 1n, 1n], e.proofs),
      ).to.be.revertedWithCustomError(f.engine, "MarginEngine__InvalidBatchProof");
    });

    it("refuses a duplicated or unsorted account, and the entry that may not renew", async function () {
      const f = await loadFixture(threeFixture);
      const { epoch } = await publishNext(f);
      const e = await entries(f, epoch);
      const dup = (xs: readonly unknown[]) => [xs[0], xs[0], xs[1]];
      await expect(
        f.engine.submitProofs(dup(e.accounts), dup(e.epochs), dup(e.tiers), dup(e.proofs)),
      )
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__BatchNotSorted")
        .withArgs(1n);
      const rev = <T>(xs: T[]) => [...xs].reverse();
      await expect(
        f.engine.submitProofs(rev(e.accounts), rev(e.epochs), rev(e.tiers), rev(e.proofs)),
      )
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__BatchNotSorted")
        .withArgs(1n);
      await expect(f.engine.submitProofs(e.accounts, [epoch, 77n, epoch], e.tiers, e.proofs))
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__UnknownEpoch")
        .withArgs(77n);
      await expect(f.engine.submitProofs(e.accounts, e.epochs, [0n, 3n, 0n], e.proofs))
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__UnknownTier")
        .withArgs(3n, 3n);
      const outsider = [...e.accounts.slice(0, 2), "0x" + "f".repeat(40)];
      await expect(f.engine.submitProofs(outsider, e.epochs, e.tiers, e.proofs))
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__NoCommitment")
        .withArgs(getAddress("0x" + "f".repeat(40)));
    });

    it("reverts on arrays of different lengths and on an empty batch", async function () {
      const f = await loadFixture(threeFixture);
      const e = await entries(f, 1n);
      await expect(
        f.engine.submitProofs(e.accounts, e.epochs.slice(1), e.tiers, e.proofs),
      ).to.be.revertedWithCustomError(f.engine, "MarginEngine__LengthMismatch");
      await expect(
        f.engine.submitProofs(e.accounts, e.epochs, e.tiers.slice(1), e.proofs),
      ).to.be.revertedWithCustomError(f.engine, "MarginEngine__LengthMismatch");
      await expect(f.engine.submitProofs([], [], [], []))
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__InvalidBatchProof")
        .withArgs(0n);
    });

    it("mixes tiers and a fresh older epoch in one batch", async function () {
      const f = await loadFixture(threeFixture);
      const e2 = await publishNext(f);
      const e3 = await publishNext(f);
      const e = await entries(f, e3.epoch);
      // entry 1 at tier 2 against the latest epoch, entry 2 at tier 0 against the older one
      e.tiers[1] = 2n;
      e.proofs[1] = await renewalProof(
        f,
        e.accounts[1],
        COMMIT.get(e.accounts[1])!,
        e3.epoch,
        TIER2.multiplier,
      );
      e.epochs[2] = e2.epoch;
      e.proofs[2] = await renewalProof(f, e.accounts[2], COMMIT.get(e.accounts[2])!, e2.epoch);
      await f.engine.submitProofs(e.accounts, e.epochs, e.tiers, e.proofs);
      const until = await Promise.all(
        e.accounts.map(async (a) => (await f.engine.accountState(a)).validUntil),
      );
      expect(until).to.deep.equal([e3.ts + TTL, e3.ts + TIER2.ttl, e2.ts + TTL]);
    });
  });

  describe("validity tiers", function () {
    it("lists tier 0 then the tiers set; only the admin sets them, within the bounds", async function () {
      const f = await loadFixture(threeFixture);
      const list = (await f.engine.validityTiers()).map((t: bigint[]) => [t[0], t[1]]);
      expect(list).to.deep.equal([
        [MM, TTL],
        [TIER1.multiplier, TIER1.ttl],
        [TIER2.multiplier, TIER2.ttl],
      ]);
      await expect(by(f.engine, f.risk).setValidityTiers([])).to.be.revertedWithCustomError(
        f.engine,
        "AccessControlUnauthorizedAccount",
      );
      const bad: [string, { multiplier: bigint; ttl: bigint }[], bigint][] = [
        ["multiplier not above tier 0", [{ multiplier: MM, ttl: TTL }], 1n],
        ["multiplier not increasing", [TIER2, TIER1], 2n],
        ["ttl below tier 0", [{ multiplier: 20000n, ttl: TTL - 1n }], 1n],
        ["ttl decreasing", [TIER2, { multiplier: 40000n, ttl: TIER1.ttl }], 2n],
        ["multiplier above MAX", [{ multiplier: 1_000_001n, ttl: TTL }], 1n],
        ["ttl above MAX", [{ multiplier: 20000n, ttl: 30n * 86400n + 1n }], 1n],
        [
          "too many",
          [
            TIER1,
            TIER2,
            { multiplier: 40000n, ttl: TIER2.ttl },
            { multiplier: 50000n, ttl: TIER2.ttl },
          ],
          4n,
        ],
      ];
      for (const [what, tiers, index] of bad)
        await expect(f.engine.setValidityTiers(tiers), what)
          .to.be.revertedWithCustomError(f.engine, "MarginEngine__InvalidValidityTier")
          .withArgs(index);
      const three = [TIER1, TIER2, { multiplier: 40000n, ttl: 24n * 3600n }];
      await expect(f.engine.setValidityTiers(three)).to.emit(f.engine, "ValidityTiersUpdated");
      expect(await f.engine.validityTiers()).to.have.length(4);
      await f.engine.setValidityTiers([]);
      expect(await f.engine.validityTiers()).to.have.length(1);
    });

    it("renews at tier t with multiplier_t until timestamp + ttl_t; an unknown tier is refused", async function () {
      const f = await loadFixture(threeFixture);
      const { epoch, ts } = await publishNext(f);
      const at = (m: bigint) => renewalProof(f, f.alice.address, C1, epoch, m);
      await expect(
        f.engine.submitProof(f.alice.address, epoch, 1, await at(MM)),
      ).to.be.revertedWithCustomError(f.engine, "MarginEngine__InvalidProof");
      await expect(f.engine.submitProof(f.alice.address, epoch, 1, await at(TIER1.multiplier)))
        .to.emit(f.engine, "ProofAccepted")
        .withArgs(f.alice.address, epoch, ts + TIER1.ttl);
      await expect(f.engine.submitProof(f.alice.address, epoch, 3, await at(TIER2.multiplier)))
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__UnknownTier")
        .withArgs(3n, 3n);
      // a lower tier later never shortens validity
      await f.engine.submitProof(f.alice.address, epoch, 0, await at(MM));
      expect((await f.engine.accountState(f.alice.address)).validUntil).to.equal(ts + TIER1.ttl);
    });

    it("a stress declaration still cuts a long tier's validity", async function () {
      const f = await loadFixture(threeFixture);
      const { epoch, ts } = await publishNext(f);
      await f.engine.submitProof(
        f.alice.address,
        epoch,
        2,
        await renewalProof(f, f.alice.address, C1, epoch, TIER2.multiplier),
      );
      expect(await f.engine.liquidatableAfter(f.alice.address)).to.equal(ts + TIER2.ttl + GRACE);
      const next = await publishNext(f);
      await by(f.engine, f.risk).declareStress(next.epoch);
      const declaredAt = BigInt(await time.latest());
      expect(await f.engine.liquidatableAfter(f.alice.address)).to.equal(declaredAt + GRACE);
    });

    it("setParams refuses parameters the tiers no longer lie above", async function () {
      const f = await loadFixture(threeFixture);
      await expect(
        f.engine.setParams({
          ...PARAMS,
          maintenanceMultiplier: TIER1.multiplier,
          initialMultiplier: 40000n,
        }),
      )
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__InvalidValidityTier")
        .withArgs(1n);
      await expect(f.engine.setParams({ ...PARAMS, proofTtl: TIER1.ttl + 1n }))
        .to.be.revertedWithCustomError(f.engine, "MarginEngine__InvalidValidityTier")
        .withArgs(1n);
      await f.engine.setParams({ ...PARAMS, proofTtl: TIER1.ttl });
    });
  });

  describe("cached epoch terms", function () {
    it("follow a change of the multipliers within the epoch (renewal, tier, withdrawal)", async function () {
      const f = await loadFixture(threeFixture);
      const { epoch } = await publishNext(f);
      await f.engine.setParams({
        ...PARAMS,
        maintenanceMultiplier: 12000n,
        initialMultiplier: 18000n,
      });
      await expect(
        f.engine.submitProof(
          f.alice.address,
          epoch,
          0,
          await renewalProof(f, f.alice.address, C1, epoch, MM),
        ),
      ).to.be.revertedWithCustomError(f.engine, "MarginEngine__InvalidProof");
      await f.engine.submitProof(
        f.alice.address,
        epoch,
        0,
        await renewalProof(f, f.alice.address, C1, epoch, 12000n),
      );
      await f.engine.setValidityTiers([{ multiplier: 25000n, ttl: TIER1.ttl }]);
      await expect(
        f.engine.submitProof(
          f.bob.address,
          epoch,
          1,
          await renewalProof(f, f.bob.address, C2, epoch, TIER1.multiplier),
        ),
      ).to.be.revertedWithCustomError(f.engine, "MarginEngine__InvalidProof");
      await f.engine.submitProof(
        f.bob.address,
        epoch,
        1,
        await renewalProof(f, f.bob.address, C2, epoch, 25000n),
      );
      // a withdrawal proves at the new initial multiplier
      const usdc = await f.usdc.getAddress();
      const bal = await balancesOf(f, f.alice.address);
      const after = [bal[0] - 1n, ...bal.slice(1)];
      const root = (await f.engine.epochs(epoch)).riskRoot;
      await expect(
        by(f.engine, f.alice).withdraw(usdc, 1n, epoch, boundProof(stateHash(C1, after), root, IM)),
      ).to.be.revertedWithCustomError(f.engine, "MarginEngine__InvalidProof");
      await by(f.engine, f.alice).withdraw(
        usdc,
        1n,
        epoch,
        boundProof(stateHash(C1, after), root, 18000n),
      );
    });

    it("are not used for an older epoch: its proof is checked with every input", async function () {
      const f = await loadFixture(threeFixture);
      const older = await publishNext(f);
      await publishNext(f);
      const ok = await renewalProof(f, f.alice.address, C1, older.epoch);
      await expect(f.engine.submitProof(f.alice.address, older.epoch, 0, ok))
        .to.emit(f.engine, "ProofAccepted")
        .withArgs(f.alice.address, older.epoch, older.ts + TTL);
      const wrongRoot = boundProof(ok.a[0], ok.a[1] + 1n, MM);
      await expect(
        f.engine.submitProof(f.alice.address, older.epoch, 0, wrongRoot),
      ).to.be.revertedWithCustomError(f.engine, "MarginEngine__InvalidProof");
    });
  });
});
