/**
 * Shared fixture for the margin-engine tests: circomlibjs Poseidon hashers, a MockVerifier in
 * Bound mode (a "proof" is accepted only for the exact public inputs it names), two ERC-20s in
 * slots 0 and 1 of a K = 4 engine (the small instance), and SDK-side hashing to cross-check.
 */
import { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import { Contract, type Signer } from "ethers";
import { hash } from "../../src/poseidon";
import { ATTESTATION_TYPES, CONSENT_TYPES } from "../../src/chain/attestation";
import { balancesHash as sdkBalancesHash, stateHash as sdkStateHash } from "../../src/portfolio";

import { balancesHasherWidth, collateralHash, deployContract } from "../../src/chain";
import { poseidonArtifact } from "../../src/node/chain";
import { P } from "../../src/field";

export { P };
export const K = 4;
export const TTL = 3600n;
export const GRACE = 600n;
export const MM = 10000n;
export const IM = 15000n;
export const KEEPER_BPS = 500n;
export const PARAMS = {
  proofTtl: TTL,
  grace: GRACE,
  maintenanceMultiplier: MM,
  initialMultiplier: IM,
  keeperRewardBps: KEEPER_BPS,
};

export interface Proof {
  a: [bigint, bigint];
  b: [[bigint, bigint], [bigint, bigint]];
  c: [bigint, bigint];
}

/** A MockVerifier (Bound mode) proof for exactly these public inputs. */
export function boundProof(stateHash: bigint, riskRoot: bigint, multiplier: bigint): Proof {
  return {
    a: [stateHash, riskRoot],
    b: [
      [0n, 0n],
      [0n, 0n],
    ],
    c: [multiplier, 0n],
  };
}

/** `by(contract, signer)`, keeping the `Contract` type (ethers v6 types it as BaseContract). */
export const by = (contract: Contract, signer: Signer): Contract =>
  contract.connect(signer) as Contract;

/** The SDK's hashes (src/portfolio.ts): the engine must compute exactly these. */
export const balancesHash = (amounts: readonly bigint[]): bigint => sdkBalancesHash(amounts);
export const stateHash = (commitment: bigint, amounts: readonly bigint[]): bigint =>
  sdkStateHash(commitment, sdkBalancesHash(amounts));

/**
 * circomlibjs Poseidon(n), deployed by the SDK (src/chain deployContract with the artifact of
 * src/node/chain poseidonArtifact, as `zkmargin deploy` does). Its ABI overloads `poseidon`:
 * calls must name the overload, e.g. `getFunction("poseidon(uint256[2])")`.
 */
export async function deployPoseidon(n: number, deployer: Signer): Promise<Contract> {
  const artifact = poseidonArtifact(n);
  const d = await deployContract(deployer, artifact);
  return new Contract(d.address, artifact.abi, deployer);
}

export async function deployFixture() {
  const [admin, risk, venue, collateralManager, alice, bob, carol, keeper, receiver, outsider] =
    await ethers.getSigners();
  const verifier = await ethers.deployContract("MockVerifier");
  const poseidon2 = await deployPoseidon(2, admin);
  // balances are hashed packed two per word (PROTOCOL section 6): Poseidon(ceil(K/2)), the
  // width the SDK's balancesHash uses
  const poseidonK = await deployPoseidon(balancesHasherWidth(K), admin);
  const engine: Contract = await ethers.deployContract("MarginEngine", [
    await verifier.getAddress(),
    await poseidon2.getAddress(),
    await poseidonK.getAddress(),
    K,
    admin.address,
    receiver.address,
    PARAMS,
  ]);
  const engineAddress = await engine.getAddress();
  await engine.grantRole(await engine.RISK_ROLE(), risk.address);
  await engine.grantRole(await engine.VENUE_ROLE(), venue.address);
  await engine.grantRole(await engine.COLLATERAL_ROLE(), collateralManager.address);

  const usdc = await ethers.deployContract("MockERC20", ["USD Coin", "USDC", 6]);
  const wbtc = await ethers.deployContract("MockERC20", ["Wrapped BTC", "WBTC", 8]);
  await by(engine, collateralManager).registerCollateral(await usdc.getAddress(), 0);
  await by(engine, collateralManager).registerCollateral(await wbtc.getAddress(), 1);
  for (const user of [alice, bob, carol]) {
    for (const token of [usdc, wbtc]) {
      await token.mint(user.address, 10n ** 30n);
      await by(token, user).getFunction("approve")(engineAddress, ethers.MaxUint256);
    }
  }
  const chainId = (await ethers.provider.getNetwork()).chainId;
  const domain = {
    name: "zkmargin MarginEngine",
    version: "1",
    chainId,
    verifyingContract: engineAddress,
  };

  // the risk tables of these tests list USDC and WBTC in slots 0 and 1 (SDK hash, src/chain)
  const COLLATERAL = collateralHash([
    await usdc.getAddress(),
    await wbtc.getAddress(),
    ...Array<string>(K - 2).fill(ethers.ZeroAddress),
  ]);
  const ROOT1 = hash([1n, 2n, 3n, 4n]); // any field element stands in for a risk root
  const ts1 = BigInt(await time.latest());
  await by(engine, risk).publishEpoch(1, ROOT1, ts1, COLLATERAL);

  return {
    admin,
    risk,
    venue,
    collateralManager,
    alice,
    bob,
    carol,
    keeper,
    receiver,
    outsider,
    verifier,
    poseidon2,
    poseidonK,
    engine,
    engineAddress,
    usdc,
    wbtc,
    domain,
    COLLATERAL,
    ROOT1,
    ts1,
  };
}

export type Fixture = Awaited<ReturnType<typeof deployFixture>>;

/** A deadline far enough ahead for any test (attestations are refused after theirs). */
export const FAR_DEADLINE = 2n ** 40n;

/** The venue's EIP-712 attestation signature (the SDK's types, src/chain/attestation.ts). */
export async function signAttestation(
  f: Fixture,
  signer: Signer,
  account: string,
  commitment: bigint,
  nonce: bigint,
  deadline: bigint = FAR_DEADLINE,
): Promise<string> {
  const value = { account, commitment, nonce, deadline };
  return signer.signTypedData(f.domain, ATTESTATION_TYPES, value);
}

/** The account's EIP-712 consent to a relayed attestation. */
export async function signConsent(
  f: Fixture,
  owner: Signer,
  account: string,
  commitment: bigint,
  nonce: bigint,
  deadline: bigint = FAR_DEADLINE,
): Promise<string> {
  return owner.signTypedData(f.domain, CONSENT_TYPES, { account, commitment, nonce, deadline });
}

/** Current balances of `account` as the engine holds them (length K). */
export async function balancesOf(f: Fixture, account: string): Promise<bigint[]> {
  const s = await f.engine.accountState(account);
  return [...s.balances].map((x: bigint) => BigInt(x));
}

export async function rootOf(f: Fixture, epoch: bigint | number): Promise<bigint> {
  return BigInt((await f.engine.epochs(epoch)).riskRoot);
}

/** A proof for `account`'s current stored state against `epoch` at `multiplier` (SDK hashing). */
export async function renewalProof(
  f: Fixture,
  account: string,
  commitment: bigint,
  epoch: bigint | number,
  multiplier = MM,
): Promise<Proof> {
  return boundProof(
    stateHash(commitment, await balancesOf(f, account)),
    await rootOf(f, epoch),
    multiplier,
  );
}

/** Venue attests `commitment` for `who` with the next nonce and a matching proof, sent by `who`. */
export async function attest(
  f: Fixture,
  who: Signer & { address: string },
  commitment: bigint,
  epoch: bigint | number = 1,
  signer: Signer = f.venue,
) {
  return attestVia(f, who, who, commitment, epoch, signer);
}

/** Like {@link attest}, but the transaction is sent by `sender` (the owner or anyone else). */
export async function attestVia(
  f: Fixture,
  sender: Signer,
  who: Signer & { address: string },
  commitment: bigint,
  epoch: bigint | number = 1,
  signer: Signer = f.venue,
) {
  const nonce = BigInt((await f.engine.accountState(who.address)).attestationNonce);
  const sig = await signAttestation(f, signer, who.address, commitment, nonce);
  const proof = await renewalProof(f, who.address, commitment, epoch);
  return by(f.engine, sender).attestAndProve(
    who.address,
    commitment,
    nonce,
    FAR_DEADLINE,
    sig,
    epoch,
    proof,
  );
}

/** Publishes the next epoch at the current block time with a fresh root. */
export async function publishNext(
  f: Fixture,
): Promise<{ epoch: bigint; root: bigint; ts: bigint }> {
  const epoch = BigInt(await f.engine.latestEpoch()) + 1n;
  const root = hash([epoch, 99n]);
  await time.increase(1);
  const ts = BigInt(await time.latest());
  await by(f.engine, f.risk).publishEpoch(epoch, root, ts, f.COLLATERAL);
  return { epoch, root, ts };
}

export const C1 = hash([11n, 12n, 13n, 14n, 15n]); // stand-ins for position commitments
export const C2 = hash([21n, 22n, 23n, 24n, 25n]);
export const C3 = hash([31n, 32n, 33n, 34n, 35n]);

/**
 * Publishes epochs, each before the previous one expires, until the latest is fresh past `t`:
 * the risk oracle stays live (continuously), as lapse-liquidation requires. The clock stays
 * before `t`.
 */
export async function liveUntil(f: Fixture, t: bigint): Promise<void> {
  for (;;) {
    const expiry = BigInt((await f.engine.liveness()).latestExpiry);
    if (expiry > t) return;
    const now = BigInt(await time.latest());
    let at = expiry - 2n;
    if (at > t - 3n) at = t - 3n;
    if (at <= now) at = now + 1n;
    await time.increaseTo(at);
    const epoch = BigInt(await f.engine.latestEpoch()) + 1n;
    await by(f.engine, f.risk).publishEpoch(epoch, hash([epoch, 99n]), at, f.COLLATERAL);
  }
}

/** Lets `seconds` pass while the risk oracle keeps publishing (see {@link liveUntil}). */
export async function elapseLive(f: Fixture, seconds: bigint): Promise<void> {
  const target = BigInt(await time.latest()) + seconds;
  await liveUntil(f, target);
  await time.increaseTo(target);
}
