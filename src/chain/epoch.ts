/**
 * The risk oracle's action: publishing a risk table's epoch (`publishEpoch`, RISK_ROLE),
 * after checking what the engine checks (collateral slots and their hash, timestamp not in
 * the future) and that a proof could still use it (fresh for {@link EPOCH_PROVING_MARGIN}
 * seconds after the chain's time: `checkEpochUsable`, the one rule the CLI uses too), so a
 * refusal names the reason before a transaction.
 */
import type { RiskTable } from "../risk-table";
import { ChainCheckError } from "./check-error";
import { collateralMismatches, tableCollateralHash } from "./collateral";
import type { MarginEngineClient, TxResult } from "./engine";
import { EPOCH_PROVING_MARGIN } from "./proving";

export { EPOCH_PROVING_MARGIN };

/** The chain's time and the engine's proof lifetime (seconds). */
export interface EpochClock {
  now: bigint;
  proofTtl: bigint;
}

/**
 * Refuses a timestamp no proof can use on the engine: after the chain's time (the engine
 * refuses it), or expiring (timestamp + proofTtl) within {@link EPOCH_PROVING_MARGIN} s of it.
 * `field` names the timestamp in the message; `hint` (e.g. a CLI flag) is appended.
 */
export function checkEpochUsable(
  timestamp: number,
  clock: EpochClock,
  field: string,
  hint = "",
): void {
  const ts = BigInt(timestamp);
  if (ts > clock.now)
    throw new ChainCheckError(
      "InvalidTimestamp",
      `${field} ${ts} is after the chain's time ${clock.now}: the engine refuses an epoch from the future${hint}`,
    );
  if (ts + clock.proofTtl <= clock.now + EPOCH_PROVING_MARGIN)
    throw new ChainCheckError(
      "StaleEpoch",
      `${field} ${ts} + proofTtl ${clock.proofTtl} must be more than ${EPOCH_PROVING_MARGIN} s after the chain's time ${clock.now}: no proof could use this epoch${hint}`,
    );
}

export interface PublishedEpoch {
  tx: TxResult;
  /** Proofs against the epoch are valid until this time (timestamp + proofTtl). */
  expiry: bigint;
  /** The `collateralHash` argument sent. */
  collateralHash: string;
}

export interface PublishOptions {
  /**
   * Called once every check passed, right before the transaction is sent (e.g. to write the
   * risk table the traders prove against: a refused epoch leaves no file, a published one
   * always has its table).
   */
  beforeSend?: () => void | Promise<void>;
}

/**
 * Checks `table` against the engine's collateral, clock and proof lifetime (the epoch must be
 * usable by a proof: {@link checkEpochUsable}); then publishes it.
 */
export async function publishRiskEpoch(
  engine: MarginEngineClient,
  table: RiskTable,
  options: PublishOptions = {},
): Promise<PublishedEpoch> {
  const bad = collateralMismatches(table, await engine.collateralTokens());
  if (bad.length > 0)
    throw new ChainCheckError(
      "CollateralMismatch",
      `the risk table's collateral is not the engine's slots: ${bad.join("; ")}`,
    );
  const hash = tableCollateralHash(table);
  const engineHash = await engine.collateralHash();
  if (hash !== engineHash)
    throw new ChainCheckError(
      "CollateralMismatch",
      `the risk table's slot tokens hash to ${hash}, the engine's to ${engineHash} (a slot the table leaves empty holds a token on the engine, or the other way round)`,
    );
  const clock = { now: await engine.blockTime(), proofTtl: (await engine.params()).proofTtl };
  checkEpochUsable(
    table.timestamp,
    clock,
    "the risk table's timestamp",
    " (rebuild the risk table at the chain's time)",
  );
  await options.beforeSend?.();
  const tx = await engine.publishEpoch(table.epoch, table.riskRoot, table.timestamp, hash);
  const { expiry } = await engine.epoch(table.epoch);
  return { tx, expiry, collateralHash: hash };
}
