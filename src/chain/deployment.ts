/**
 * The deployment file written by `zkmargin deploy` and read by every other chain command.
 */
import { z } from "zod";
import { checksumAddress, instanceName, integer, missingOr, parseWith, version } from "../format";

export interface DeploymentCollateral {
  slot: number;
  token: string;
  symbol: string;
  decimals: number;
  /** True when `deploy --mock-collateral` deployed it (a mintable test token). */
  mock: boolean;
}

export interface Deployment {
  version: 1;
  chainId: number;
  /** Circuit instance name (its N, K, G). */
  instance: string;
  K: number;
  /** Block of the engine's deployment: keepers read events from here. */
  block: number;
  addresses: DeploymentAddresses;
  collateral: DeploymentCollateral[];
}

export interface DeploymentAddresses {
  engine: string;
  /** The generated Groth16 verifier the engine calls (SolvencyBatchVerifier<Name>). */
  verifier: string;
  poseidon2: string;
  poseidonBalances: string;
  /** The SubAccounts router (isolated margin); absent in deployments made before it. */
  subAccounts?: string;
}

const collateralEntry = z
  .object({
    slot: integer(0),
    token: checksumAddress,
    symbol: z.string({ errorMap: missingOr("must be a string") }).min(1, "must not be empty"),
    decimals: integer(0),
    mock: z.boolean({ errorMap: missingOr("must be a boolean") }),
  })
  .strict();

const deploymentSchema: z.ZodType<Deployment, z.ZodTypeDef, unknown> = z
  .object({
    version,
    chainId: integer(1),
    instance: instanceName,
    K: integer(1),
    block: integer(0),
    addresses: z
      .object({
        engine: checksumAddress,
        verifier: checksumAddress,
        poseidon2: checksumAddress,
        poseidonBalances: checksumAddress,
        subAccounts: checksumAddress.optional(),
      })
      .strict(),
    collateral: z.array(collateralEntry, { errorMap: missingOr("must be an array") }),
  })
  .strict()
  .superRefine((d, ctx) =>
    d.collateral.forEach((c, i) => {
      if (c.slot >= d.K)
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ["collateral", i, "slot"],
          message: `must be below K = ${d.K}`,
        });
    }),
  );

/** Validates deployment JSON; throws {@link InputError} naming `file` and the field. */
export function parseDeployment(json: unknown, file = "deployment.json"): Deployment {
  return parseWith(deploymentSchema, json, file);
}
