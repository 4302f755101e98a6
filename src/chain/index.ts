/**
 * zkmargin chain module (browser-safe: ethers v6 only, no file access). Contract ABIs and
 * bytecode are inputs (`ContractArtifact`); src/node/chain.ts loads them from Hardhat's
 * artifacts/ and circomlibjs.
 */
export * from "./types";
export * from "./errors";
export * from "./check-error";
export * from "./defaults";
export * from "./calldata";
export * from "./collateral";
export * from "./engine";
export * from "./attestation";
export * from "./deploy";
export * from "./keeper";
export * from "./status";
export * from "./deployment";
export * from "./actions";
export * from "./renewal";
export * from "./keeper-runner";
export * from "./epoch";
export * from "./signing";
export * from "./tokens";
export * from "./deploy-venue";
export * from "./tiers";
export * from "./subaccounts";
export * from "./relayer-client";
