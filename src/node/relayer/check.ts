/**
 * The relayer's off-chain checks of a renewal proof: every refusal the engine would make, so a
 * proof that reaches a batch verifies and one bad proof cannot revert a batch of good ones.
 * In order: the tier exists, the epoch is published and fresh (not before a stress epoch, not
 * before the account's proven epoch), the account has a commitment and is not frozen, the proof
 * is for this deployment's circuit and verifies (snarkjs, the instance's verification key), and
 * its public signals are the engine's `publicInputs(account, epoch, multiplier of the tier)`.
 * Each refusal is a {@link RelayerRefusal} with a code and the request field it concerns.
 */
import { type MarginEngineClient, type ValidityTier, tierValidUntil } from "../../chain";
import { CheckFailedError } from "../../errors";
import { type ProofFile, verifyProof } from "../../proof";

/** Why the relayer refuses a proof (named as the engine's errors where the engine has one). */
export type RefusalCode =
  | "UnknownTier"
  | "UnknownEpoch"
  | "StaleEpoch"
  | "EpochBeforeStress"
  | "EpochRegression"
  | "NoCommitment"
  | "AccountFrozen"
  | "WrongCircuit"
  | "InvalidProof"
  | "StateHashMismatch"
  | "RiskRootMismatch"
  | "MultiplierMismatch";

/** A proof the engine would refuse: `code`, the request `field` and why. */
export class RelayerRefusal extends CheckFailedError {
  override readonly code: RefusalCode;
  readonly field: string;

  constructor(code: RefusalCode, field: string, message: string) {
    super(message);
    this.name = "RelayerRefusal";
    this.code = code;
    this.field = field;
  }
}

/** A renewal as posted to the relayer. */
export interface Submission {
  account: string;
  epoch: bigint;
  tier: number;
  proof: ProofFile;
}

export interface CheckDeps {
  engine: MarginEngineClient;
  /** The deployment's circuit instance (e.g. "small"). */
  instance: string;
  /** The instance's verification key (build/<instance>/verification_key.json). */
  vkey: unknown;
}

/** What a checked proof gives: its tier's multiplier and the validUntil it grants. */
export interface Checked {
  multiplier: bigint;
  grants: bigint;
}

const SIGNALS: Array<[RefusalCode, string]> = [
  ["StateHashMismatch", "the account's state hash"],
  ["RiskRootMismatch", "the epoch's risk root"],
  ["MultiplierMismatch", "the tier's multiplier"],
];

/**
 * Runs every check; throws {@link RelayerRefusal} at the first refusal (RPC errors pass
 * through). `verified`: the proof passed the pairing check before (a re-check of a stored
 * proof against the engine's current state skips it; its signals are still compared).
 */
export async function checkSubmission(
  deps: CheckDeps,
  s: Submission,
  verified = false,
): Promise<Checked> {
  const { engine } = deps;
  const tiers: ValidityTier[] = await engine.validityTiers();
  if (s.tier >= tiers.length)
    throw new RelayerRefusal(
      "UnknownTier",
      "tier",
      `tier ${s.tier} is not a tier of the engine (0..${tiers.length - 1})`,
    );
  const e = await engine.epoch(s.epoch);
  if (e.riskRoot === 0n)
    throw new RelayerRefusal("UnknownEpoch", "epoch", `epoch ${s.epoch} is not published`);
  const now = await engine.blockTime();
  if (e.expiry <= now)
    throw new RelayerRefusal(
      "StaleEpoch",
      "epoch",
      `epoch ${s.epoch} expired at ${e.expiry}, the chain's time is ${now}`,
    );
  const stress = await engine.stress();
  if (s.epoch < stress.epoch)
    throw new RelayerRefusal(
      "EpochBeforeStress",
      "epoch",
      `epoch ${s.epoch} is before the stress epoch ${stress.epoch}`,
    );
  const a = await engine.accountState(s.account);
  if (a.frozen) throw new RelayerRefusal("AccountFrozen", "account", `${s.account} is frozen`);
  if (a.validUntil === 0n)
    throw new RelayerRefusal("NoCommitment", "account", `${s.account} has no proven commitment`);
  if (s.epoch < a.provenEpoch)
    throw new RelayerRefusal(
      "EpochRegression",
      "epoch",
      `${s.account} is already proven at epoch ${a.provenEpoch}, after ${s.epoch}`,
    );
  if (s.proof.circuit !== deps.instance)
    throw new RelayerRefusal(
      "WrongCircuit",
      "proof.circuit",
      `is "${s.proof.circuit}", the deployment's circuit is "${deps.instance}"`,
    );
  const v = verified ? { ok: true, reason: undefined } : await verifyProof(s.proof, deps.vkey);
  if (!v.ok)
    throw new RelayerRefusal("InvalidProof", "proof", v.reason ?? "the proof does not verify");
  const { multiplier } = tiers[s.tier];
  const expected = await engine.publicInputs(s.account, s.epoch, multiplier);
  for (let i = 0; i < SIGNALS.length; i++)
    if (expected[i].toString() !== s.proof.publicSignals[i]) {
      const [code, what] = SIGNALS[i];
      throw new RelayerRefusal(
        code,
        `proof.publicSignals[${i}]`,
        `is ${s.proof.publicSignals[i]}, ${what} is ${expected[i]}`,
      );
    }
  return { multiplier, grants: tierValidUntil(tiers[s.tier], e, 0n) };
}
