/**
 * A venue's whole deployment: collateral (mock test tokens for a local network, or real
 * ERC-20s read for their metadata), hashers, verifier and engine with roles, described as
 * the {@link Deployment} every other tool reads.
 */
import { getAddress } from "ethers";
import { ArgumentError } from "../errors";
import {
  type DeployEngineOptions,
  type DeployedEngine,
  deployEngine,
  deployMockCollateral,
} from "./deploy";
import type { Deployment, DeploymentCollateral } from "./deployment";
import { describeTokens } from "./tokens";
import type { ContractArtifact } from "./types";

export interface DeployVenueOptions extends Omit<
  DeployEngineOptions,
  "collateral" | "roles" | "admin"
> {
  /** Chain id recorded in the deployment. */
  chainId: number;
  /** Real ERC-20 collateral, in slot order. */
  tokens?: readonly string[];
  /** LOCAL USE: deploy one mintable test token per entry instead (slot order). */
  mockCollateral?: {
    artifact: ContractArtifact;
    entries: ReadonlyArray<{ symbol: string; decimals: number }>;
  };
  /** VENUE_ROLE (attestations) and RISK_ROLE (epochs) besides the deployer. */
  venues?: readonly string[];
  riskOracles?: readonly string[];
}

export interface DeployedVenue {
  deployment: Deployment;
  engine: DeployedEngine;
}

/**
 * Deploys the venue. The deployer is the admin and, for single-key development, also holds
 * RISK_ROLE, VENUE_ROLE and COLLATERAL_ROLE.
 */
export async function deployVenue(o: DeployVenueOptions): Promise<DeployedVenue> {
  const K = o.instance.K;
  const tokens = o.tokens ?? [];
  if (tokens.length > 0 && o.mockCollateral)
    throw new ArgumentError("tokens", "not together with mockCollateral");
  if (tokens.length > K) throw new ArgumentError("tokens", `more than K = ${K} tokens`);
  if (o.mockCollateral && o.mockCollateral.entries.length > K)
    throw new ArgumentError(
      "mockCollateral",
      `${o.mockCollateral.entries.length} tokens exceed the ${K} slots of instance ${o.instance.name}`,
    );
  const me = getAddress(await o.deployer.getAddress());
  const collateral: DeploymentCollateral[] = [];
  if (o.mockCollateral) {
    const mocks = await deployMockCollateral(
      o.deployer,
      o.mockCollateral.artifact,
      o.mockCollateral.entries,
    );
    mocks.forEach((m, slot) => {
      o.onStep?.(`mock ${m.symbol} (${m.decimals} decimals) ${m.token}`, m.gasUsed);
      collateral.push({ slot, token: m.token, symbol: m.symbol, decimals: m.decimals, mock: true });
    });
  }
  const provider = o.deployer.provider;
  if (tokens.length > 0) {
    if (!provider) throw new Error("deployVenue: the deployer has no provider");
    collateral.push(...(await describeTokens(tokens, provider)));
  }
  const engine = await deployEngine({
    ...o,
    roles: {
      RISK_ROLE: [me, ...(o.riskOracles ?? [])],
      VENUE_ROLE: [me, ...(o.venues ?? [])],
      COLLATERAL_ROLE: [me],
    },
    collateral: collateral.map((c) => c.token),
  });
  const deployment: Deployment = {
    version: 1,
    chainId: o.chainId,
    instance: o.instance.name,
    K,
    block: engine.blockNumber,
    addresses: engine.addresses,
    collateral,
  };
  return { deployment, engine };
}
