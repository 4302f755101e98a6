/**
 * `zkmargin claim`: claim the signer's liquidation credits of a token.
 */
import type { Command } from "commander";
import { formatUnits } from "ethers";
import { collateralOf } from "../../../chain";
import { type ChainCliOptions, chainCommand, out, str } from "./options";
import { tokenOption, withSession } from "./session";

export function registerClaim(program: Command): void {
  chainCommand(
    program
      .command("claim")
      .description(
        "claim the signer's liquidation credits of a token (keeper rewards, the liquidation receiver's share)",
      ),
  )
    .requiredOption("--token <symbol|address>", "collateral token")
    .action(async (opts: ChainCliOptions & { token: string }) =>
      withSession(opts, async (s) => {
        const token = tokenOption(s, opts.token);
        const decimals = collateralOf(s.deployment, token)?.decimals ?? 0;
        const amount = await s.engine.claimable(s.address, token);
        // no pre-check: the engine's own refusal (NothingToClaim, a token refusing) is the answer
        const tx = await s.engine.claim(token);
        out(
          opts,
          {
            recipient: s.address,
            token,
            amount: str(amount),
            tx: tx.hash,
            gasUsed: str(tx.gasUsed),
          },
          `claimed ${formatUnits(amount, decimals)} (${token}) to ${s.address}; gas ${tx.gasUsed}`,
        );
      }),
    );
}
