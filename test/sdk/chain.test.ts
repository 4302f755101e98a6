/**
 * Pure parts of the chain module: proof calldata (against snarkjs's own exportSolidityCallData),
 * the keeper's lapse rules and round planning, revert decoding, and the file parsers.
 */
import { expect } from "chai";
import * as snarkjs from "snarkjs";
import { Interface } from "ethers";
import { fixedProof } from "./helpers";
import {
  type AccountState,
  ChainRevertError,
  balancesHasherWidth,
  decodeChainError,
  errorInterface,
  isLiquidatableAt,
  liquidatableAfter,
  parseAttestation,
  parseDeployment,
  planKeeperRound,
  proofStatus,
  proofToCalldata,
} from "../../src/chain";
import { InputError } from "../../src/errors";

const acc = (over: Partial<AccountState> = {}): AccountState => ({
  commitment: 7n,
  balancesHash: 1n,
  stateHash: 2n,
  validUntil: 1000n,
  provenEpoch: 3n,
  attestationNonce: 1n,
  frozen: false,
  balances: [0n, 0n, 0n, 0n],
  ...over,
});
/** A running engine with a fresh epoch, live since long ago, never paused. */
const live = { latestExpiry: 1n << 40n, liveSince: 0n, resumeAt: 0n, paused: false };

describe("chain module (pure functions)", () => {
  it("proofToCalldata matches snarkjs exportSolidityCallData, G2 coordinates swapped", async () => {
    const proof: snarkjs.Groth16Proof = fixedProof();
    const text = await snarkjs.groth16.exportSolidityCallData(proof, ["5", "6", "7"]);
    const [a, b, c] = JSON.parse(`[${text}]`) as [string[], string[][], string[]];
    const cd = proofToCalldata(proof);
    expect(cd.a).to.deep.equal(a.map(BigInt));
    expect(cd.b).to.deep.equal(b.map((r) => r.map(BigInt)));
    expect(cd.c).to.deep.equal(c.map(BigInt));
    expect(cd.b[0]).to.deep.equal([22n, 21n]);
    expect(() => proofToCalldata({ ...proof, pi_a: ["x", "1", "1"] })).to.throw(/pi_a\[0\]/);
  });

  it("the balances hasher width follows the SDK's balancesHash (packed: ceil(K/2))", () => {
    expect([1, 2, 3, 4, 8].map(balancesHasherWidth)).to.deep.equal([1, 1, 2, 2, 4]);
  });

  it("lapse rules: validUntil + grace, or the stress declaration + grace for older proofs", () => {
    const rules = { grace: 100n, declarations: [], liveness: live };
    expect(liquidatableAfter(acc(), rules)).to.equal(1100n);
    expect(isLiquidatableAt(acc(), rules, 1100n)).to.equal(false);
    expect(isLiquidatableAt(acc(), rules, 1101n)).to.equal(true);
    expect(liquidatableAfter(acc({ commitment: 0n }), rules)).to.equal(null);
    expect(liquidatableAfter(acc({ frozen: true }), rules)).to.equal(null);
    const stressed = { ...rules, declarations: [{ epoch: 4n, declaredAt: 500n }] };
    expect(liquidatableAfter(acc(), stressed)).to.equal(600n);
    expect(liquidatableAfter(acc({ provenEpoch: 4n }), stressed)).to.equal(1100n);
    expect(proofStatus(acc(), rules, 900n)).to.equal("valid");
    expect(proofStatus(acc(), rules, 1050n)).to.equal("grace");
    expect(proofStatus(acc(), rules, 1200n)).to.equal("liquidatable");
    expect(proofStatus(acc(), stressed, 550n)).to.equal("grace");
  });

  it("lapse rules: stress declared twice, the first newer than the proven epoch fixes the deadline", () => {
    const twice = {
      grace: 100n,
      declarations: [
        { epoch: 4n, declaredAt: 500n },
        { epoch: 6n, declaredAt: 800n },
      ],
      liveness: live,
    };
    // proven at 3: the first declaration (epoch 4 at 500) applies; the second never moves it
    expect(liquidatableAfter(acc(), twice)).to.equal(600n);
    expect(isLiquidatableAt(acc(), twice, 601n)).to.equal(true);
    // proven at 4 or 5: only the second applies
    expect(liquidatableAfter(acc({ provenEpoch: 5n }), twice)).to.equal(900n);
    // proven at 6: none applies, validUntil + grace
    expect(liquidatableAfter(acc({ provenEpoch: 6n }), twice)).to.equal(1100n);
    // the same account with only the later declaration would have had until 900
    const onlyLater = { ...twice, declarations: [twice.declarations[1]] };
    expect(liquidatableAfter(acc(), onlyLater)).to.equal(900n);
  });

  it("lapse rules: a pause or an oracle outage holds liquidation, and a grace follows either", () => {
    const rules = { grace: 100n, declarations: [], liveness: live };
    const paused = { ...rules, liveness: { ...live, paused: true } };
    expect(isLiquidatableAt(acc(), paused, 1200n)).to.equal(false);
    expect(proofStatus(acc(), paused, 1200n)).to.equal("grace");
    const down = { ...rules, liveness: { ...live, latestExpiry: 1200n } };
    expect(isLiquidatableAt(acc(), down, 1199n)).to.equal(true);
    expect(isLiquidatableAt(acc(), down, 1200n)).to.equal(false);
    // the oracle came back at 1500 / an unpause at 1700: liquidatable only after a grace
    const back = { ...rules, liveness: { ...live, liveSince: 1500n } };
    expect(liquidatableAfter(acc(), back)).to.equal(1600n);
    const resumed = { ...rules, liveness: { ...live, liveSince: 1500n, resumeAt: 1700n } };
    expect(liquidatableAfter(acc(), resumed)).to.equal(1800n);
    expect(isLiquidatableAt(acc(), resumed, 1800n)).to.equal(false);
    expect(isLiquidatableAt(acc(), resumed, 1801n)).to.equal(true);
  });

  it("plans a keeper round: renew own accounts in the window, liquidate foreign lapsed ones", () => {
    const accounts = new Map<string, AccountState>([
      ["0xOwn", acc({ validUntil: 1000n })],
      ["0xLapsed", acc({ validUntil: 500n })],
      ["0xFine", acc({ validUntil: 5000n })],
      ["0xEmpty", acc({ commitment: 0n })],
    ]);
    const base = {
      accounts,
      now: 800n,
      params: { grace: 100n },
      declarations: [],
      // the latest epoch (4) has timestamp 700 and proofTtl 3600: fresh until 4300
      liveness: { ...live, latestExpiry: 4300n },
      latestEpoch: 4n,
      own: new Set(["0xown"]),
      renewBefore: 300n,
    };
    const plan = planKeeperRound(base);
    expect(plan.renew).to.deep.equal(["0xOwn"]);
    expect(plan.liquidate).to.deep.equal(["0xLapsed"]);
    expect(plan.nextDue).to.equal(5101n);
    expect(plan.held).to.equal(null);
    // no newer epoch: the own account is stuck, and never liquidated by its own keeper
    const stuck = planKeeperRound({ ...base, now: 1200n, latestEpoch: 3n });
    expect(stuck.renew).to.deep.equal([]);
    expect(stuck.stuck.map((s) => s.account)).to.deep.equal(["0xOwn"]);
    expect(stuck.liquidate).to.deep.equal(["0xLapsed"]);
    // outside the renewal window nothing is due until validUntil - renewBefore
    const early = planKeeperRound({ ...base, now: 600n, accounts: new Map([["0xOwn", acc()]]) });
    expect(early.renew).to.deep.equal([]);
    expect(early.nextDue).to.equal(700n);
  });

  it("plans a keeper round: paused or oracle down, overdue accounts are held, not liquidated", () => {
    const base = {
      accounts: new Map<string, AccountState>([
        ["0xLapsed", acc({ validUntil: 500n })],
        ["0xOwn", acc({ validUntil: 1000n })],
      ]),
      now: 800n,
      params: { grace: 100n },
      declarations: [],
      liveness: { ...live, latestExpiry: 4300n },
      latestEpoch: 4n,
      own: new Set(["0xown"]),
      renewBefore: 300n,
    };
    const paused = planKeeperRound({ ...base, liveness: { ...base.liveness, paused: true } });
    expect(paused.liquidate).to.deep.equal([]);
    expect(paused.held).to.match(/paused/);
    // renewals go on while paused
    expect(paused.renew).to.deep.equal(["0xOwn"]);
    const down = planKeeperRound({ ...base, liveness: { ...base.liveness, latestExpiry: 800n } });
    expect(down.liquidate).to.deep.equal([]);
    expect(down.held).to.match(/oracle down/);
    // no fresh epoch to renew against either: the own account is stuck
    expect(down.renew).to.deep.equal([]);
    expect(down.stuck.map((s) => s.account)).to.deep.equal(["0xOwn"]);
    // the oracle back at 750: the lapsed account waits a grace after that (liquidatable after 850)
    const back = planKeeperRound({ ...base, liveness: { ...base.liveness, liveSince: 750n } });
    expect(back.liquidate).to.deep.equal([]);
    expect(back.held).to.equal(null);
    expect(back.nextDue).to.equal(851n);
  });

  it("decodes a revert by the custom error's name", () => {
    const iface = new Interface(["error MarginEngine__BadNonce(uint256 expected, uint256 given)"]);
    const data = iface.encodeErrorResult("MarginEngine__BadNonce", [1n, 0n]);
    const e = decodeChainError(
      { info: { error: { data } } },
      "attestAndProve",
      errorInterface([iface.fragments.map((f) => f.format("full"))]),
    );
    expect(e).to.be.instanceOf(ChainRevertError);
    expect((e as ChainRevertError).errorName).to.equal("MarginEngine__BadNonce");
    expect((e as Error).message).to.equal("attestAndProve reverted: MarginEngine__BadNonce(1, 0)");
    const plain = new Error("network down");
    expect(decodeChainError(plain, "x", iface)).to.equal(plain);
  });

  it("parses attestation and deployment files, naming the field on bad input", () => {
    const att = {
      version: 1,
      chainId: "31337",
      engine: "0x" + "11".repeat(20),
      account: "0x" + "22".repeat(20),
      commitment: "5",
      nonce: "0",
      deadline: "1700000000",
      signer: "0x" + "33".repeat(20),
      signature: "0x" + "ab".repeat(65),
    };
    expect(parseAttestation(att).commitment).to.equal(5n);
    expect(parseAttestation(att).deadline).to.equal(1700000000n);
    const noDeadline: Record<string, unknown> = { ...att };
    delete noDeadline.deadline;
    expect(() => parseAttestation(noDeadline, "a.json")).to.throw(/a\.json: deadline/);
    expect(() => parseAttestation({ ...att, commitment: "0" }, "a.json"))
      .to.throw(InputError)
      .with.property("message", "a.json: commitment: must not be 0");
    expect(() => parseAttestation({ ...att, extra: 1 }, "a.json")).to.throw(
      /a\.json: extra: unknown field/,
    );
    const dep = {
      version: 1,
      chainId: 31337,
      instance: "small",
      K: 4,
      block: 3,
      addresses: {
        engine: att.engine,
        verifier: att.engine,
        poseidon2: att.engine,
        poseidonBalances: att.engine,
      },
      collateral: [{ slot: 0, token: att.account, symbol: "USDC", decimals: 6, mock: true }],
    };
    expect(parseDeployment(dep).collateral[0].symbol).to.equal("USDC");
    expect(() =>
      parseDeployment({ ...dep, collateral: [{ ...dep.collateral[0], slot: 4 }] }, "d.json"),
    ).to.throw(/d\.json: collateral\[0\]\.slot: must be below K = 4/);
  });
});
