import path from "node:path";
import { subtask, task } from "hardhat/config";
import {
  TASK_COMPILE,
  TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD,
} from "hardhat/builtin-tasks/task-names";
import type { HardhatUserConfig } from "hardhat/config";
import "@nomicfoundation/hardhat-toolbox";

const SOLC_VERSION = "0.8.28";

// Offline compilation: never download solc, use the soljson.js shipped in the `solc` npm
// package (pinned to SOLC_VERSION in package.json).
subtask(
  TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD,
  async (args: { solcVersion: string }, _hre, runSuper) => {
    if (args.solcVersion !== SOLC_VERSION) return runSuper();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const solc = require("solc") as { version(): string };
    return {
      compilerPath: path.join(path.dirname(require.resolve("solc/package.json")), "soljson.js"),
      isSolcJs: true,
      version: SOLC_VERSION,
      longVersion: solc.version(),
    };
  },
);

// Contract types (typechain-types/, TypeChain ethers-v6) are regenerated after every compile
// from the full artifact set into a fresh folder (scripts/contract-types.ts), so they always
// match artifacts/; the toolbox's incremental TypeChain hook is off (`dontOverrideCompile`).
task(TASK_COMPILE, async (args: { quiet?: boolean }, hre, runSuper) => {
  const result: unknown = await runSuper(args);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const types = require("./scripts/contract-types") as typeof import("./scripts/contract-types");
  const outDir = path.join(hre.config.paths.root, types.CONTRACT_TYPES_DIR);
  const n = await types.generateContractTypes(hre.config.paths.artifacts, outDir);
  if (args.quiet !== true) console.log(`Generated ${n} contract type files in ${outDir}`);
  return result;
});

const config: HardhatUserConfig = {
  solidity: {
    // cancun: OpenZeppelin 5 uses mcopy; the in-process network runs a later hardfork.
    compilers: [
      {
        version: SOLC_VERSION,
        settings: { evmVersion: "cancun", optimizer: { enabled: true, runs: 200 } },
      },
    ],
    overrides: {
      // the engine is near the 24,576-byte code limit (EIP-170): the IR pipeline keeps it below
      // (23.9 kB against 26.8 kB with the legacy one)
      "contracts/MarginEngine.sol": {
        version: SOLC_VERSION,
        settings: { evmVersion: "cancun", viaIR: true, optimizer: { enabled: true, runs: 200 } },
      },
    },
  },
  paths: { sources: "contracts", tests: "test/contracts", cache: "cache", artifacts: "artifacts" },
  mocha: { timeout: 600000 },
  typechain: { dontOverrideCompile: true },
};

export default config;
