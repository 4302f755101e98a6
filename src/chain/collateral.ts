/**
 * The binding of a risk table's collateral to the engine's registry: `publishEpoch` takes
 * keccak256 of the K slot tokens (each address as a 32-byte word, an empty slot as the zero
 * address) and refuses a table whose hash is not the engine's `collateralHash()`.
 */
import { ZeroAddress, getAddress, keccak256, zeroPadValue, concat } from "ethers";
import type { RiskTable } from "../risk-table";

/** keccak256 of `tokens` (slot order, length K) as 32-byte words (`abi.encodePacked(address[])`). */
export function collateralHash(tokens: readonly string[]): string {
  return keccak256(concat(tokens.map((t) => zeroPadValue(getAddress(t), 32))));
}

/** The risk table's slot tokens, padded to K with the zero address. */
export function tableSlotTokens(table: RiskTable): string[] {
  const tokens: string[] = new Array<string>(table.instance.K).fill(ZeroAddress);
  for (const c of table.collateral) tokens[c.slot] = getAddress(c.token);
  return tokens;
}

/** The `collateralHash` argument of `publishEpoch` for `table`. */
export function tableCollateralHash(table: RiskTable): string {
  return collateralHash(tableSlotTokens(table));
}

/** The risk table's collateral tokens must sit in the engine's slots, in order. */
export function collateralMismatches(table: RiskTable, engineTokens: readonly string[]): string[] {
  const out: string[] = [];
  for (const c of table.collateral) {
    const onChain = engineTokens[c.slot];
    if (!onChain || getAddress(onChain) !== getAddress(c.token))
      out.push(
        `slot ${c.slot} (${c.symbol}): risk table ${getAddress(c.token)}, engine ${onChain ?? "none"}`,
      );
  }
  return out;
}
