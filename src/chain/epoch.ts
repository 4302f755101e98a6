/**
 * The risk oracle's action: publishing a risk table's epoch (`publishEpoch`, RISK_ROLE),
 * after checking what the engine checks (collateral slots and their hash, timestamp not in
 * the future, not already stale) so a refusal names the reason before a transaction.
 */
import type { RiskTable } from "../risk-table";
import { ChainCheckError } from "./check-error";
import { collateralMismatches, tableCollateralHash } from "./collateral";
import type { MarginEngineClient, TxResult } from "./engine";

export interface PublishedEpoch {
  tx: TxResult;
  /** Proofs against the epoch are valid until this time (timestamp + proofTtl). */
  expiry: bigint;
  /** The `collateralHash` argument sent. */
  collateralHash: string;
}

/** Checks `table` against the engine's collateral, clock and proof lifetime; then publishes it. */
export async function publishRiskEpoch(
  engine: MarginEngineClient,
  table: RiskTable,
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
  const now = await engine.blockTime();
  const { proofTtl } = await engine.params();
  const ts = BigInt(table.timestamp);
  if (ts > now)
    throw new ChainCheckError(
      "InvalidTimestamp",
      `the risk table's timestamp ${ts} is after the chain's time ${now}`,
    );
  if (ts + proofTtl <= now)
    throw new ChainCheckError(
      "StaleEpoch",
      `timestamp ${ts} + proofTtl ${proofTtl} is not after the chain's time ${now}: the engine refuses a stale epoch (rebuild the risk table at the current time)`,
    );
  const tx = await engine.publishEpoch(table.epoch, table.riskRoot, table.timestamp, hash);
  const { expiry } = await engine.epoch(table.epoch);
  return { tx, expiry, collateralHash: hash };
}
