/**
 * Pre-flight checks of the chain actions: what the engine would refuse, found before any
 * proving work or transaction. Each failure is a {@link ChainCheckError} whose `code` names
 * the check (after the engine's custom error where there is one, e.g. `BadNonce` for
 * `MarginEngine__BadNonce`), so callers branch on the code, not on the message.
 */
import { CheckFailedError } from "../errors";

/** Every pre-flight check of src/chain/. */
export type ChainCheckCode =
  | "AccountFrozen"
  | "AttestationExpired"
  | "BadNonce"
  | "CollateralMismatch"
  | "CommitmentMismatch"
  | "EnforcedPause"
  | "InsufficientBalance"
  | "InvalidConsent"
  | "InvalidTimestamp"
  | "NoCommitment"
  | "NotAccountOwner"
  | "NotLatestEpoch"
  | "NotSubAccount"
  | "PublicInputsMismatch"
  | "RiskRootMismatch"
  | "StaleEpoch"
  | "StateHashMismatch"
  | "SubAccountNotOpened"
  | "UnauthorizedAttester"
  | "UnknownEpoch"
  | "UnknownToken"
  | "WithdrawalRefused"
  | "WithdrawalsSuspended"
  | "ZeroAmount";

/** A failed pre-flight check: `code` is machine-readable, `reason` says why. */
export class ChainCheckError extends CheckFailedError {
  override readonly code: ChainCheckCode;
  /** The message without the code. */
  readonly reason: string;

  constructor(code: ChainCheckCode, reason: string, options?: { cause?: unknown }) {
    super(`${code}: ${reason}`, options);
    this.name = "ChainCheckError";
    this.code = code;
    this.reason = reason;
  }
}
