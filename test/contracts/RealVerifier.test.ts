/**
 * The generated verifier behind the engine (contracts/generated/SolvencyBatchVerifierSmall.sol,
 * exported by `npm run circuits` and compiled by Hardhat): a made-up proof fails through it on
 * every path (renewal, attestation). Real proofs through the engine: test/contracts/engine-real-batch.test.ts.
 */
import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { Contract } from "ethers";
import { collateralHash } from "../../src/chain";
import { FAR_DEADLINE, K, MM, PARAMS, boundProof, deployFixture, stateHash, by } from "./helpers";

const ARTIFACT = path.resolve(
  __dirname,
  "../../artifacts/contracts/generated/SolvencyBatchVerifierSmall.sol",
);

describe("MarginEngine with the generated Groth16 verifier (small instance)", function () {
  it("rejects a non-proof through the real verifier", async function () {
    if (!fs.existsSync(ARTIFACT)) {
      console.log("      skipped: no SolvencyBatchVerifierSmall (npm run circuits)");
      this.skip();
    }
    this.timeout(120000);
    const f = await loadFixture(deployFixture);
    const verifier = await ethers.deployContract("SolvencyBatchVerifierSmall");
    const engine = await ethers.deployContract("MarginEngine", [
      await verifier.getAddress(),
      await f.poseidon2.getAddress(),
      await f.poseidonK.getAddress(),
      K,
      f.admin.address,
      f.receiver.address,
      PARAMS,
    ]);
    await engine.grantRole(await engine.RISK_ROLE(), f.risk.address);
    // no collateral registered on this engine: every slot is empty
    const empty = collateralHash(Array<string>(K).fill(ethers.ZeroAddress));
    await by(engine, f.risk).publishEpoch(1, f.ROOT1, f.ts1, empty);
    // A real proof needs the SDK prover on the small instance (see the report); a made-up one fails.
    const fake = boundProof(stateHash(1n, [0n, 0n, 0n, 0n]), f.ROOT1, MM);
    await expect(engine.submitProof(f.alice.address, 1, 0, fake)).to.be.revertedWithCustomError(
      engine,
      "MarginEngine__NoCommitment",
    );
    const c = 123n;
    const sig = await f.venue.signTypedData(
      {
        name: "zkmargin MarginEngine",
        version: "1",
        chainId: (await ethers.provider.getNetwork()).chainId,
        verifyingContract: await engine.getAddress(),
      },
      {
        Attestation: [
          { name: "account", type: "address" },
          { name: "commitment", type: "uint256" },
          { name: "nonce", type: "uint256" },
          { name: "deadline", type: "uint64" },
        ],
      },
      { account: f.alice.address, commitment: c, nonce: 0n, deadline: FAR_DEADLINE },
    );
    await engine.grantRole(await engine.VENUE_ROLE(), f.venue.address);
    await expect(
      by(engine as Contract, f.alice).attestAndProve(
        f.alice.address,
        c,
        0n,
        FAR_DEADLINE,
        sig,
        1,
        fake,
      ),
    ).to.be.revertedWithCustomError(engine, "MarginEngine__InvalidProof");
  });
});
