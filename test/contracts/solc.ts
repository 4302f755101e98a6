/**
 * Compiling a generated Solidity source in-process with the pinned solc npm package and
 * deploying it: the generated verifiers live outside contracts/ in some tests (build/), and
 * the batch verifier tests compile variants of their own.
 */
import { ContractFactory, type InterfaceAbi, type Signer } from "ethers";

/** Compiles `source` (one contract named `name`) with the pinned solc and deploys it. */
export async function deploySource(source: string, name: string, deployer: Signer) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const solc = require("solc") as { compile(input: string): string };
  const out = JSON.parse(
    solc.compile(
      JSON.stringify({
        language: "Solidity",
        sources: { "Source.sol": { content: source } },
        settings: {
          evmVersion: "cancun",
          optimizer: { enabled: true, runs: 200 },
          outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } },
        },
      }),
    ),
  ) as {
    errors?: { severity: string; formattedMessage: string }[];
    contracts: Record<
      string,
      Record<string, { abi: InterfaceAbi; evm: { bytecode: { object: string } } }>
    >;
  };
  const errors = (out.errors ?? []).filter((e) => e.severity === "error");
  if (errors.length > 0) throw new Error(errors.map((e) => e.formattedMessage).join("\n"));
  const art = out.contracts["Source.sol"][name];
  const c = await new ContractFactory(art.abi, art.evm.bytecode.object, deployer).deploy();
  await c.waitForDeployment();
  return c;
}
