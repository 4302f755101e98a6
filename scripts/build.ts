// Offline proving-key pipeline:
//   ts-node --transpile-only scripts/build.ts [--instance small|standard|all] [--skip-keys] [--force] [--ptau FILE]
// Compiles circuits/main/<instance>.circom (generated from circuits/instances.json) and makes
// Groth16 DEVELOPMENT keys into build/<instance>/ (see src/node/artifacts.ts for the layout).
// Environment: ZKMARGIN_PTAU (prepared powers of tau), ZKMARGIN_BUILD_DIR (build root).
import {
  buildInstance,
  exportVerifierContract,
  instanceNames,
  releaseSnarkjsWorkers,
  stderrLog,
} from "../src/node/pipeline";
import type { BuildResult } from "../src/node/pipeline";

const USAGE = `usage: ts-node --transpile-only scripts/build.ts [options]
  --instance NAME   an instance of circuits/instances.json, or "all" (default: all)
  --skip-keys       compile only; no powers of tau, no Groth16 keys
  --force           recompile and regenerate keys even if the hashes match
  --ptau FILE       prepared powers of tau (default: $ZKMARGIN_PTAU, then build/ptau/dev-pot<p>.ptau,
                    else a development ptau is generated: power 12 ~ 2 min, 17 ~ 66 min)
  -h, --help        this text
Keys made here come from a single-party setup: UNSAFE FOR PRODUCTION.`;

interface Args {
  instance: string;
  keys: boolean;
  force: boolean;
  ptau?: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { instance: "all", keys: true, force: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw new Error(`${a}: missing value\n${USAGE}`);
      return v;
    };
    if (a === "--instance") args.instance = value();
    else if (a.startsWith("--instance=")) args.instance = a.slice("--instance=".length);
    else if (a === "--skip-keys") args.keys = false;
    else if (a === "--force") args.force = true;
    else if (a === "--ptau") args.ptau = value();
    else if (a.startsWith("--ptau=")) args.ptau = a.slice("--ptau=".length);
    else if (a === "-h" || a === "--help") {
      process.stdout.write(USAGE + "\n");
      process.exit(0);
    } else throw new Error(`unknown argument ${a}\n${USAGE}`);
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const names = args.instance === "all" ? instanceNames() : [args.instance];
  const log = stderrLog("build");
  const results: BuildResult[] = [];
  try {
    for (const name of names) {
      const result = await buildInstance(name, {
        keys: args.keys,
        force: args.force,
        ptau: args.ptau,
        log,
      });
      if (result.manifest.keys !== null) exportVerifierContract(result.paths);
      results.push(result);
    }
  } finally {
    await releaseSnarkjsWorkers();
  }
  for (const r of results) {
    const k = r.manifest.keys;
    process.stderr.write(
      `\n${r.instance}: ${r.manifest.compile.constraints} constraints -> ${r.paths.dir}\n` +
        `  compile: ${r.compiled ? "ran" : "skipped (source hash unchanged)"}\n` +
        (k === null
          ? "  keys: none (--skip-keys)\n"
          : `  keys: ${r.keysGenerated ? "generated" : "skipped (r1cs, ptau, snarkjs unchanged)"}; ` +
            `ptau ${k.ptau.path} (power ${k.ptau.power})\n` +
            `  vkey sha256 ${k.vkeySha256}\n` +
            "  *** DEVELOPMENT KEYS - UNSAFE FOR PRODUCTION (single-party setup) ***\n"),
    );
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`build failed: ${err instanceof Error ? err.message : String(err)}\n`);
  void releaseSnarkjsWorkers().finally(() => process.exit(1));
});
