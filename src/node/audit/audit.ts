// `zkmargin audit`: rebuild the circuits from source in a temporary folder and compare them
// with the committed circuits/manifest.json; check the keys (key-checks.ts); report constraint
// counts per instance and per template. Every mismatch is a failed check whose message says
// what differs.
import fs from "node:fs";
import path from "node:path";
import { circuitsDir } from "../artifacts";
import { tempDir } from "../circom/driver";
import { silentLog } from "../pipeline/log";
import { auditKeys } from "./key-checks";
import type { CommittedInstance } from "./manifest";
import { committedManifestPath, readCommittedManifest, sourceHashes } from "./manifest";
import { rebuildInstances, toolchain } from "./rebuild";
import type { TemplateCount } from "./templates";
import { templateCounts } from "./templates";
import type { AuditCheck, AuditOptions, AuditReport, CheckStatus, InstanceCounts } from "./types";
import { short } from "./types";

export type {
  AuditCheck,
  AuditOptions,
  AuditReport,
  CheckStatus,
  InstanceCounts,
  KeyOverrides,
} from "./types";
export type { Rebuilt } from "./rebuild";
export { rebuildInstances } from "./rebuild";
export { writeManifestFromBuild } from "./write-manifest";
export { formatAuditReport } from "./format";

/** Runs the audit: toolchain and sources, rebuild per instance, key checks. */
export async function runAudit(opts: AuditOptions = {}): Promise<AuditReport> {
  const t0 = Date.now();
  const log = opts.log ?? silentLog;
  const manifestFile = opts.manifestFile ?? committedManifestPath();
  const sourcesDir = path.resolve(opts.sourcesDir ?? circuitsDir());
  const m = readCommittedManifest(manifestFile);
  const instances = opts.instances ?? Object.keys(m.instances);
  const checks: AuditCheck[] = [];
  const counts: InstanceCounts[] = [];
  const add = (check: string, status: CheckStatus, message: string, instance?: string): void => {
    checks.push({ check, status, message, ...(instance !== undefined ? { instance } : {}) });
    log.info(`${status === "ok" ? "ok" : status === "note" ? "note" : "FAILED"}: ${message}`);
  };

  // 1. Toolchain and sources.
  const tc = await toolchain();
  const tcDiffs = (["circom2", "circom", "circomlib", "snarkjs"] as const).filter(
    (k) => tc[k] !== m.toolchain[k],
  );
  if (tcDiffs.length === 0)
    add(
      "toolchain",
      "ok",
      `toolchain circom2 ${tc.circom2} (circom ${tc.circom}), circomlib ${tc.circomlib}, snarkjs ${tc.snarkjs} as in the manifest`,
    );
  for (const k of tcDiffs)
    add(
      "toolchain",
      "failed",
      `${k} ${tc[k]} is installed, the manifest was made with ${m.toolchain[k]}`,
    );

  const have = sourceHashes(sourcesDir);
  const srcProblems: string[] = [];
  for (const [f, h] of Object.entries(m.sources)) {
    if (have[f] === undefined) srcProblems.push(`${f} is in the manifest but missing`);
    else if (have[f] !== h)
      srcProblems.push(`${f} changed: sha256 ${short(have[f])}, the manifest has ${short(h)}`);
  }
  for (const f of Object.keys(have))
    if (m.sources[f] === undefined) srcProblems.push(`${f} is not in the manifest (a new source)`);
  if (srcProblems.length === 0)
    add("sources", "ok", `${Object.keys(have).length} circuit sources match the manifest`);
  for (const p of srcProblems) add("sources", "failed", `circuit source ${p}`);

  // 2. Rebuild in a temporary folder.
  const work = tempDir("audit");
  try {
    for (const name of instances) {
      const want: CommittedInstance | undefined = m.instances[name];
      if (want === undefined) {
        add("instance", "failed", `instance ${name} is not in the manifest`, name);
        continue;
      }
      const [rb] = await rebuildInstances([name], sourcesDir, path.join(work, name), log);
      const cmp = (
        check: string,
        what: string,
        got: string | number,
        exp: string | number,
      ): void => {
        if (got === exp)
          add(
            check,
            "ok",
            `${name}: ${what} ${typeof got === "string" ? short(got) : got} matches the manifest`,
            name,
          );
        else
          add(
            check,
            "failed",
            `${name}: rebuilt ${what} ${typeof got === "string" ? short(got) : got} differs from the manifest's ${typeof exp === "string" ? short(exp) : exp}`,
            name,
          );
      };
      cmp("r1cs", "r1cs sha256", rb.r1csSha256, want.r1csSha256);
      cmp("wasm", "wasm sha256", rb.wasmSha256, want.wasmSha256);
      cmp("constraints", "constraint count", rb.constraints, want.constraints);
      cmp("constraints", "public signal count", rb.publicSignals, want.publicSignals);

      let tcounts: TemplateCount[] = [];
      if (opts.templates !== false) {
        tcounts = await templateCounts(path.join(work, name, "circuits"), rb.params);
        for (const t of tcounts) {
          const w = want.templates.find((x) => x.template === t.template);
          const label = `${t.template}(${t.params.join(", ")})`;
          if (w === undefined)
            add("templates", "failed", `${name}: template ${label} is not in the manifest`, name);
          else if (w.constraints !== t.constraints || w.times !== t.times)
            add(
              "templates",
              "failed",
              `${name}: ${label} has ${t.constraints} constraints x ${t.times}, the manifest says ${w.constraints} x ${w.times}`,
              name,
            );
        }
        if (!checks.some((c) => c.check === "templates" && c.instance === name))
          add(
            "templates",
            "ok",
            `${name}: per-template constraint counts match the manifest`,
            name,
          );
      }
      counts.push({ instance: name, constraints: rb.constraints, templates: tcounts });

      if (opts.keys !== false) await auditKeys(name, rb, want, opts, add, log);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return {
    ok: !checks.some((c) => c.status === "failed"),
    manifest: manifestFile,
    instances,
    checks,
    counts,
    seconds: (Date.now() - t0) / 1000,
  };
}
