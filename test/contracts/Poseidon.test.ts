/**
 * On-chain Poseidon (circomlibjs-generated hashers, as the engine calls them) equals the SDK's
 * `hash()` (src/poseidon.ts), and the engine's stored balancesHash / stateHash equal the SDK's.
 */
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { hash } from "../../src/poseidon";
import { balancesHash, stateHash } from "../../src/portfolio";
import { C1, K, P, PARAMS, attest, deployFixture, deployPoseidon, by } from "./helpers";

describe("Poseidon on-chain vs SDK", function () {
  it("Poseidon(2) and the balances hasher Poseidon(ceil(K/2)) agree with src/poseidon.ts, including values near p", async function () {
    const f = await loadFixture(deployFixture);
    const cases2: bigint[][] = [
      [0n, 0n],
      [1n, 2n],
      [P - 1n, P - 2n],
      [C1, 123456789n],
    ];
    for (const c of cases2) {
      expect(await f.poseidon2.getFunction("poseidon(uint256[2])").staticCall(c)).to.equal(hash(c));
    }
    const W = Math.ceil(K / 2);
    const casesK: bigint[][] = [
      [0n, 0n],
      [1n, 2n],
      [(1n << 200n) - 1n, P - 1n],
    ];
    for (const c of casesK) {
      expect(await f.poseidonK.getFunction(`poseidon(uint256[${W}])`).staticCall(c)).to.equal(
        hash(c),
      );
    }
  });

  it("the engine's balancesHash and stateHash equal the SDK's", async function () {
    const f = await loadFixture(deployFixture);
    const amounts = [123_456_789n, 98_765n, 0n, 0n];
    await by(f.engine, f.alice).deposit(await f.usdc.getAddress(), amounts[0]);
    await by(f.engine, f.alice).deposit(await f.wbtc.getAddress(), amounts[1]);
    await attest(f, f.alice, C1);
    const s = await f.engine.accountState(f.alice.address);
    expect(s.balancesHash).to.equal(balancesHash(amounts));
    expect(s.balancesHash).to.equal(hash([amounts[0] + (amounts[1] << 100n), 0n]));
    expect(s.stateHash).to.equal(stateHash(C1, balancesHash(amounts)));
  });

  it("the engine deploys with every K from 1 to 8 (balances hasher Poseidon(ceil(K/2))) and refuses a wrong arity", async function () {
    const f = await loadFixture(deployFixture);
    const Engine = await ethers.getContractFactory("MarginEngine");
    const wrong = await deployPoseidon(3, f.admin);
    await expect(
      Engine.deploy(
        await f.verifier.getAddress(),
        await f.poseidon2.getAddress(),
        await wrong.getAddress(),
        8,
        f.admin.address,
        f.receiver.address,
        PARAMS,
      ),
    )
      .to.be.revertedWithCustomError(Engine, "MarginEngine__HasherMismatch")
      .withArgs(await wrong.getAddress());
    for (let k = 1; k <= 8; k++) {
      const w = Math.ceil(k / 2);
      const pk = await deployPoseidon(w, f.admin);
      expect(
        await pk.getFunction(`poseidon(uint256[${w}])`).staticCall(Array(w).fill(0n)),
      ).to.equal(hash(Array(w).fill(0n)));
      const e = await Engine.deploy(
        await f.verifier.getAddress(),
        await f.poseidon2.getAddress(),
        await pk.getAddress(),
        k,
        f.admin.address,
        f.receiver.address,
        PARAMS,
      );
      expect(await e.slots()).to.equal(BigInt(k));
    }
  });
});
