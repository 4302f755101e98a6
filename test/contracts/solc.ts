/**
 * Compiling a generated Solidity source in-process with the pinned solc npm package and
 * deploying it: the generated verifiers live outside contracts/ in some tests (build/), and
 * the batch verifier tests compile variants of their own.
 */
import { ContractFactory, type InterfaceAbi, type Signer } from "ethers";

/** What solc gives per contract for the outputs asked (deployedBytecode only when asked). */
export interface CompiledContract {
  abi: InterfaceAbi;
  evm: { bytecode: { object: string }; deployedBytecode?: { object: string } };
}

/**
 * Compiles `source` with the pinned solc (cancun, optimizer on, 200 runs, as hardhat.config)
 * and returns its contracts by name; throws on any compiler error. `outputs` is solc's output
 * selection per contract (default: abi and creation bytecode, what deploySource needs).
 */
export function compileSource(
  source: string,
  outputs: string[] = ["abi", "evm.bytecode.object"],
): Record<string, CompiledContract> {
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
          outputSelection: { "*": { "*": outputs } },
        },
      }),
    ),
  ) as {
    errors?: { severity: string; formattedMessage: string }[];
    contracts: Record<string, Record<string, CompiledContract>>;
  };
  const errors = (out.errors ?? []).filter((e) => e.severity === "error");
  if (errors.length > 0) throw new Error(errors.map((e) => e.formattedMessage).join("\n"));
  return out.contracts["Source.sol"];
}

/** Compiles `source` (one contract named `name`) with the pinned solc and deploys it. */
export async function deploySource(source: string, name: string, deployer: Signer) {
  const art = compileSource(source)[name];
  const c = await new ContractFactory(art.abi, art.evm.bytecode.object, deployer).deploy();
  await c.waitForDeployment();
  return c;
}
