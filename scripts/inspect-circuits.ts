// Circuit hygiene (CI): compile every instance with circom's --inspect and fail on any warning
// that circuits/inspect-allowlist.json does not explain with a reason, and on allow-list
// entries that no longer match a warning.
//   ts-node --transpile-only scripts/inspect-circuits.ts [--instance NAME]
import { instancesConfigPath } from "../src/node/artifacts";
import {
  allowListPath,
  applyAllowList,
  formatWarning,
  inspectInstance,
  loadAllowList,
} from "../src/node/audit/circom-inspect";
import type { CircomWarning } from "../src/node/audit/circom-inspect";
import { loadInstancesConfig } from "../src/node/pipeline/config";

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const i = argv.indexOf("--instance");
  const config = loadInstancesConfig(instancesConfigPath());
  const names = i >= 0 ? [argv[i + 1]] : Object.keys(config.instances);
  const list = loadAllowList();
  const all: CircomWarning[] = [];
  for (const name of names) {
    const t0 = Date.now();
    const ws = await inspectInstance(config, name);
    process.stderr.write(
      `inspect ${name}: ${ws.length} warning(s) (${((Date.now() - t0) / 1000).toFixed(0)} s)\n`,
    );
    all.push(...ws);
  }
  const r = applyAllowList(all, list);
  for (const w of r.warnings)
    process.stdout.write(
      `${r.unexplained.includes(w) ? "UNEXPLAINED" : "allowed"}: ${formatWarning(w)}\n`,
    );
  for (const e of i >= 0 ? [] : r.unused)
    process.stdout.write(`STALE allow-list entry (matches no warning): ${JSON.stringify(e)}\n`);
  const stale = i >= 0 ? 0 : r.unused.length;
  if (r.unexplained.length > 0 || stale > 0) {
    process.stderr.write(
      `circuit hygiene failed: ${r.unexplained.length} unexplained warning(s), ${stale} stale entr(y/ies) in ${allowListPath()}\n`,
    );
    process.exit(1);
  }
  process.stdout.write(`circuit hygiene ok: ${r.warnings.length} warning(s), all explained\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`inspect failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
