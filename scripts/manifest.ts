// Regenerates circuits/manifest.json (the committed audit manifest): rebuilds every instance in a
// temporary folder, counts constraints per template, and pins the verification-key hashes of the
// current deterministic development keys in build/ (run `npm run circuits` first).
//   ts-node --transpile-only scripts/manifest.ts        (same as `zkmargin audit --write-manifest`)
import { writeManifestFromBuild } from "../src/node/audit/audit";
import { releaseSnarkjsWorkers, stderrLog } from "../src/node/pipeline";

writeManifestFromBuild({ log: stderrLog("manifest") })
  .then((m) => {
    for (const [name, i] of Object.entries(m.instances))
      process.stderr.write(
        `${name}: ${i.constraints} constraints, r1cs ${i.r1csSha256.slice(0, 16)}…, ` +
          `vkey ${i.keys?.vkeySha256.slice(0, 16) ?? "not pinned"}\n`,
      );
  })
  .catch((e: unknown) => {
    process.stderr.write(`manifest failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  })
  .finally(() => void releaseSnarkjsWorkers());
