/**
 * On-chain commands: `deploy`, `publish-epoch`, `attest`, `consent`, `deposit`, `withdraw`,
 * `move`, `subaccounts`, `submit`, `status`, `claim` and `keeper`, against any EVM JSON-RPC
 * endpoint (`--rpc`) or, without it, an in-process Hardhat network that is fresh for every
 * command (for `demo`-style dry runs). One file per command; the SDK (src/chain/) does the work.
 */
import type { Command } from "commander";
import { registerAttest } from "./attest";
import { registerClaim } from "./claim";
import { registerConsent } from "./consent";
import { registerDeploy } from "./deploy";
import { registerDeposit } from "./deposit";
import { registerKeeper } from "./keeper";
import { registerMove } from "./move";
import { registerPublishEpoch } from "./publish-epoch";
import { registerRelayer } from "./relayer";
import { registerStatus } from "./status";
import { registerSubAccounts } from "./subaccounts";
import { registerSubmit } from "./submit";
import { registerWithdraw } from "./withdraw";

/** Registers every on-chain command. */
export function registerChainCommands(program: Command): void {
  registerDeploy(program);
  registerPublishEpoch(program);
  registerAttest(program);
  registerConsent(program);
  registerDeposit(program);
  registerWithdraw(program);
  registerMove(program);
  registerSubAccounts(program);
  registerSubmit(program);
  registerStatus(program);
  registerClaim(program);
  registerKeeper(program);
  registerRelayer(program);
}
