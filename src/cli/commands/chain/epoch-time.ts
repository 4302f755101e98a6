/**
 * The risk oracle's clock on the command line: `--at chain` (or `--at <unix seconds>`) builds a
 * risk table at the chain's latest block time instead of the market file's `timestamp` (the
 * file is not modified; the risk table carries the time), and a risk table is refused before
 * it is written or published when no proof could use its epoch: its timestamp after the
 * chain's time, or timestamp + proofTtl (the engine's) not more than
 * EPOCH_PROVING_MARGIN seconds after it (the SDK's checkEpochUsable). Used by `risk build` and `publish-epoch`.
 */
import { MarginEngineClient } from "../../../chain";
import { checkEpochUsable } from "../../../chain/epoch";
import { InputError } from "../../../errors";
import { checkDeploymentChain, engineArtifact, loadDeployment } from "../../../node/chain";
import { readJsonFile } from "../../../node/files";
import { type Market, parseMarket } from "../../../schema";
import type { ChainCliOptions } from "./options";
import { connect } from "./session";

/** The chain's time and the engine's proof lifetime, read without a signer. */
export interface ChainClock {
  now: bigint;
  proofTtl: bigint;
  /** The deployment's circuit instance. */
  instance: string;
}

/** Reads the latest block's time and `proofTtl` of the deployment's engine (`--deployment`). */
export async function readChainClock(opts: ChainCliOptions): Promise<ChainClock> {
  const file = opts.deployment;
  if (file === undefined)
    throw new InputError(
      "command line",
      "--deployment",
      "required with --at chain (the engine whose clock and proofTtl apply)",
    );
  const deployment = loadDeployment(file);
  const conn = await connect(opts);
  try {
    checkDeploymentChain(deployment, conn.chainId, file);
    const address = deployment.addresses.engine;
    if ((await conn.provider.getCode(address)) === "0x")
      throw new InputError(
        file,
        "addresses.engine",
        `no contract at ${address} on chain ${conn.chainId}` +
          (conn.inProcess ? " (the in-process network is fresh for every command: use --rpc)" : ""),
      );
    const engine = new MarginEngineClient(address, engineArtifact().abi, conn.provider);
    const now = await engine.blockTime();
    const { proofTtl } = await engine.params();
    return { now, proofTtl, instance: deployment.instance };
  } finally {
    conn.close();
  }
}

/** `--at`: "chain" or a unix time in seconds; undefined keeps the market's own timestamp. */
export function parseAt(value: string | undefined): "chain" | number | undefined {
  if (value === undefined || value === "chain") return value;
  if (!/^(0|[1-9][0-9]{0,11})$/.test(value))
    throw new InputError("command line", "--at", `${value}: must be "chain" or unix seconds`);
  return Number(value);
}

/**
 * Loads `file` as a market, its `timestamp` replaced by `--at` (the chain's time for
 * "chain"); with `--deployment`, checks that the epoch is usable on the engine and that
 * `opts.instance` (`--instance`), when given, is the deployment's.
 */
export async function loadMarketAt(
  file: string,
  opts: ChainCliOptions & { at?: string; instance?: string },
): Promise<{ market: Market; clock: ChainClock | null }> {
  const at = parseAt(opts.at);
  const clock = at === "chain" || opts.deployment ? await readChainClock(opts) : null;
  if (clock && opts.instance !== undefined && opts.instance !== clock.instance)
    throw new InputError(
      "command line",
      "--instance",
      `is "${opts.instance}", the deployment's circuit instance is "${clock.instance}"`,
    );
  const raw = readJsonFile(file);
  if (at !== undefined && (typeof raw !== "object" || raw === null || Array.isArray(raw)))
    throw new InputError(file, "(file)", "must be a JSON object");
  const stamped =
    at === undefined
      ? raw
      : { ...(raw as object), timestamp: at === "chain" ? Number(clock?.now) : at };
  const market = parseMarket(stamped, file);
  if (clock)
    checkEpochUsableAt(market.timestamp, clock, at === undefined ? `${file}: timestamp` : "--at");
  return { market, clock };
}

/** {@link checkEpochUsable} of the SDK, the flag to fix it named. */
export function checkEpochUsableAt(timestamp: number, clock: ChainClock, field: string): void {
  checkEpochUsable(timestamp, clock, field, " (use --at chain)");
}
