// The key checks of `zkmargin audit` for one instance: zkey shape and snarkjs zkey verify
// against the rebuilt r1cs and the ptau, the verification key against the zkey and the
// manifest, the Solidity verifier's constants and the batch verifier (batch-checks.ts),
// optionally deployed verifiers' code.
import fs from "node:fs";
import path from "node:path";
import * as snarkjs from "snarkjs";
import { artifactPaths, PTAU_ENV } from "../artifacts";
import { vkeyHash } from "../pipeline/hash";
import { readManifest } from "../pipeline/manifest";
import type { BuildLog } from "../pipeline/log";
import { describePtau } from "../pipeline/ptau";
import {
  deployedCodeProblems,
  verifierSourceProblems,
  verifyZkey,
  zkeyShapeProblems,
} from "./keys";
import type { CommittedInstance } from "./manifest";
import type { Rebuilt } from "./rebuild";
import { AddCheck, AuditOptions, short } from "./types";
import { auditBatchVerifier, batchVerifierPath } from "./batch-checks";

/** The ptau to verify keys against: option, $ZKMARGIN_PTAU, else the one the build recorded. */
function choosePtau(opts: AuditOptions, buildManifestPtau: string | undefined): string | undefined {
  const env = opts.env ?? process.env;
  if (opts.ptau) return path.resolve(opts.ptau);
  if (env[PTAU_ENV]) return path.resolve(env[PTAU_ENV] as string);
  return buildManifestPtau !== undefined && fs.existsSync(buildManifestPtau)
    ? buildManifestPtau
    : undefined;
}

/** Checks the keys of instance `name` against its rebuild `rb` and the manifest entry. */
export async function auditKeys(
  name: string,
  rb: Rebuilt,
  want: CommittedInstance,
  opts: AuditOptions,
  add: AddCheck,
  log: BuildLog,
): Promise<void> {
  const paths = artifactPaths(name, { buildDir: opts.buildDir, env: opts.env });
  const ov = opts.overrides?.[name] ?? {};
  const zkey = ov.zkey ?? paths.zkey;
  const vkeyFile = ov.vkey ?? paths.vkey;
  const verifierFile = ov.verifier ?? paths.verifier;
  const missing = [zkey, vkeyFile, verifierFile].filter((f) => !fs.existsSync(f));
  if (missing.length > 0) {
    add(
      "keys",
      "failed",
      `${name}: missing ${missing.join(", ")} (build the keys: npm run circuits)`,
      name,
    );
    return;
  }
  const buildManifest = readManifest(paths.manifest);
  if (
    ov.zkey === undefined &&
    buildManifest !== undefined &&
    buildManifest.compile.r1csSha256 !== rb.r1csSha256
  )
    add(
      "build",
      "failed",
      `${name}: ${paths.r1cs} is not the rebuilt r1cs: the keys in ${paths.dir} belong to another circuit build (run npm run circuits)`,
      name,
    );

  // The zkey: its shape, then snarkjs zkey verify against the rebuilt r1cs and the ptau.
  const shape = zkeyShapeProblems(zkey, rb.r1cs);
  for (const p of shape) add("zkey", "failed", `${name}: ${p}`, name);
  const ptau = choosePtau(opts, buildManifest?.keys?.ptau.path);
  let ptauSha: string | undefined;
  if (ptau === undefined)
    add(
      "ptau",
      "failed",
      `${name}: no ptau to verify the keys against: set ${PTAU_ENV} or give a ptau`,
      name,
    );
  else if (!fs.existsSync(ptau))
    add("ptau", "failed", `${name}: ptau ${ptau} does not exist`, name);
  else ptauSha = (await describePtau(ptau, "option", buildManifest?.keys?.ptau)).sha256;

  if (shape.length === 0 && ptau !== undefined && ptauSha !== undefined) {
    if (opts.zkeyVerify === false)
      add("zkey", "note", `${name}: zkey verify skipped (--no-zkey-verify)`, name);
    else {
      const r = await verifyZkey(rb.r1cs, ptau, zkey, log, opts.initCacheDir);
      if (r.ok)
        add(
          "zkey",
          "ok",
          `${name}: snarkjs zkey verify: ${path.basename(zkey)} belongs to the rebuilt r1cs and ptau sha256 ${short(ptauSha)} (${r.contributions.length} contribution(s), ${r.seconds.toFixed(0)} s)`,
          name,
        );
      else
        add(
          "zkey",
          "failed",
          `${name}: snarkjs zkey verify rejects ${zkey} for the rebuilt r1cs and ptau ${path.basename(ptau)}: ${r.errors.join("; ") || "invalid"}` +
            (ov.zkey === undefined &&
            buildManifest?.keys != null &&
            buildManifest.keys.ptau.sha256 !== ptauSha
              ? ` (keys were made from another ptau: build manifest says sha256 ${short(buildManifest.keys.ptau.sha256)}, this one is ${short(ptauSha)})`
              : ""),
          name,
        );
    }
  }

  // The verification key: exported from the zkey, then against the manifest.
  let vkey: unknown;
  try {
    vkey = JSON.parse(fs.readFileSync(vkeyFile, "utf8"));
  } catch (e) {
    add("vkey", "failed", `${name}: ${vkeyFile}: ${(e as Error).message}`, name);
    return;
  }
  const vh = vkeyHash(vkey);
  if (shape.length === 0) {
    const fromZkey = vkeyHash(await snarkjs.zKey.exportVerificationKey(zkey));
    if (fromZkey !== vh)
      add(
        "vkey",
        "failed",
        `${name}: ${path.basename(vkeyFile)} (sha256 ${short(vh)}) is not the zkey's verification key (${short(fromZkey)})`,
        name,
      );
    else
      add(
        "vkey",
        "ok",
        `${name}: ${path.basename(vkeyFile)} is the zkey's verification key (sha256 ${short(vh)})`,
        name,
      );
  }
  if (want.keys === null)
    add("vkey", "note", `${name}: the manifest pins no verification key`, name);
  else if (ptauSha !== undefined && ptauSha !== want.keys.ptauSha256)
    add(
      "vkey",
      "note",
      `${name}: keys were made from another ptau (sha256 ${short(ptauSha)}); the manifest's verification-key hash belongs to ptau ${short(want.keys.ptauSha256)} and is not compared`,
      name,
    );
  else if (ptauSha !== undefined) {
    if (vh === want.keys.vkeySha256)
      add(
        "vkey",
        "ok",
        `${name}: verification key sha256 matches the manifest (deterministic development keys)`,
        name,
      );
    else
      add(
        "vkey",
        "failed",
        `${name}: verification key sha256 ${short(vh)} differs from the manifest's ${short(want.keys.vkeySha256)} over the same ptau: not the development recipe's key (a ceremony key needs a new manifest)`,
        name,
      );
  }

  // The Solidity verifier.
  const src = fs.readFileSync(verifierFile, "utf8");
  const vp = verifierSourceProblems(src, vkey, path.basename(verifierFile));
  if (vp.length === 0)
    add(
      "verifier",
      "ok",
      `${name}: ${path.basename(verifierFile)} constants equal the verification key`,
      name,
    );
  for (const p of vp) add("verifier", "failed", `${name}: ${p}`, name);
  const batchVerifier = ov.batchVerifier ?? batchVerifierPath(name);
  await auditBatchVerifier(name, paths, vkey, { batchVerifier, verifier: verifierFile }, opts, add);

  const address = opts.deployed?.[name];
  if (address !== undefined) {
    if (opts.rpc === undefined) {
      add(
        "deployed",
        "failed",
        `${name}: checking a deployed verifier needs an RPC endpoint`,
        name,
      );
      return;
    }
    const { JsonRpcProvider } = await import("ethers");
    const provider = new JsonRpcProvider(opts.rpc);
    try {
      const code = await provider.getCode(address);
      const dp = deployedCodeProblems(code, vkey, `verifier at ${address}`);
      if (dp.length === 0)
        add(
          "deployed",
          "ok",
          `${name}: the verifier at ${address} carries every constant of the verification key`,
          name,
        );
      for (const p of dp) add("deployed", "failed", `${name}: ${p}`, name);
    } finally {
      provider.destroy();
    }
  }
}
