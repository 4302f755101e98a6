/**
 * Gas of the margin engine's transactions on the in-process Hardhat network (K = 4, MockVerifier).
 * The real verifier adds its own cost on top of submitProof / attestAndProve / withdraw (about
 * 196k inside the engine's call from the cached epoch terms) and submitProofs (one pairing
 * check of k + 3 pairs): `npm run bench -- --only gas` measures them with real proofs.
 *
 *   npx hardhat run scripts/gas.ts
 */
import { ethers } from "hardhat";
import type { ContractTransactionResponse } from "ethers";
import {
  C1,
  C2,
  C3,
  GRACE,
  IM,
  TTL,
  attest,
  balancesOf,
  boundProof,
  deployFixture,
  elapseLive,
  publishNext,
  renewalProof,
  stateHash,
  by,
} from "../test/contracts/helpers";

async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<bigint> {
  const receipt = await (await tx).wait();
  return receipt!.gasUsed;
}

async function main(): Promise<void> {
  const f = await deployFixture();
  const rows: [string, bigint | string][] = [];
  const usdc = await f.usdc.getAddress();
  const wbtc = await f.wbtc.getAddress();
  const code = await ethers.provider.getCode(f.engineAddress);
  rows.push(["MarginEngine runtime size (bytes)", BigInt((code.length - 2) / 2)]);

  rows.push([
    "deposit (first, new account)",
    await gasOf(by(f.engine, f.alice).deposit(usdc, 10n ** 9n)),
  ]);
  rows.push(["deposit (second slot)", await gasOf(by(f.engine, f.alice).deposit(wbtc, 10n ** 8n))]);
  rows.push([
    "deposit (top-up, same slot)",
    await gasOf(by(f.engine, f.alice).deposit(usdc, 10n ** 6n)),
  ]);
  rows.push(["attestAndProve (first commitment)", await gasOf(attest(f, f.alice, C1))]);
  rows.push(["attestAndProve (replace commitment)", await gasOf(attest(f, f.alice, C2))]);

  const { epoch, root } = await publishNext(f);
  rows.push([
    "submitProof (renewal)",
    await gasOf(
      f.engine.submitProof(
        f.alice.address,
        epoch,
        0,
        await renewalProof(f, f.alice.address, C2, epoch),
      ),
    ),
  ]);

  const bal = await balancesOf(f, f.alice.address);
  const after = [bal[0] - 10n ** 6n, bal[1], bal[2], bal[3]];
  rows.push([
    "withdraw (with proof)",
    await gasOf(
      by(f.engine, f.alice).withdraw(
        usdc,
        10n ** 6n,
        epoch,
        boundProof(stateHash(C2, after), root, IM),
      ),
    ),
  ]);

  // batch of N renewals
  const N = 8;
  // submitProofs takes the accounts in increasing order
  const signers = (await ethers.getSigners())
    .slice(10, 10 + N)
    .sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
  for (const s of signers) {
    await f.usdc.mint(s.address, 10n ** 12n);
    await by(f.usdc, s).getFunction("approve")(f.engineAddress, ethers.MaxUint256);
    await by(f.engine, s).deposit(usdc, 10n ** 9n);
    await attest(f, s, C3, epoch);
  }
  const e2 = await publishNext(f);
  const proofs = await Promise.all(signers.map((s) => renewalProof(f, s.address, C3, e2.epoch)));
  const batch = await gasOf(
    f.engine.submitProofs(
      signers.map((s) => s.address),
      signers.map(() => e2.epoch),
      signers.map(() => 0),
      proofs,
    ),
  );
  rows.push([`submitProofs batch of ${N} (total)`, batch]);
  rows.push([`submitProofs per account`, batch / BigInt(N)]);

  // the risk oracle keeps publishing (lapse-liquidation needs a live oracle) while they lapse
  await elapseLive(f, TTL * 2n + GRACE + 1n);
  rows.push([
    "liquidate (2 tokens, keeper reward)",
    await gasOf(by(f.engine, f.keeper).liquidate(f.alice.address)),
  ]);
  rows.push([
    "liquidate (1 token)",
    await gasOf(by(f.engine, f.keeper).liquidate(signers[0].address)),
  ]);
  // liquidation only credits: the keeper claims its reward
  rows.push(["claim (1 token)", await gasOf(by(f.engine, f.keeper).claim(usdc))]);

  const w = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`${k.padEnd(w)}  ${v.toString().padStart(9)}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
