// Bundles the `zkmargin` CLI (src/cli/index.ts and everything of ours it imports) into one
// CommonJS file, dist/cli.js, with a source map, so that `bin/zkmargin.js` starts in well under
// a second instead of compiling the TypeScript graph through ts-node on every start.
//
//   node scripts/build-cli.js          (npm run build:cli; also run by pretest, predemo, prepare)
//
// Only our code is bundled (`packages: "external"`): snarkjs, circom2, lmdb, ethers, ... are
// required from node_modules at run time and keep finding their own files. Our code finds the
// repository through projectRoot() (src/node/artifacts.ts), which walks up from the module's
// directory to the nearest package.json: src/node/ under ts-node, dist/ in the bundle.
//
// Besides the bundle it writes dist/cli.inputs.json, the files the bundle was made from (from
// esbuild's metafile). bin/zkmargin.js stats them to tell whether the bundle is stale, see
// `isFresh`. Plain JavaScript (no build step of its own) because bin/zkmargin.js requires it.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.join(__dirname, "..");
const OUT = path.join(ROOT, "dist", "cli.js");
const INPUTS = path.join(ROOT, "dist", "cli.inputs.json");

/**
 * True when dist/cli.js exists and no file it was built from (dist/cli.inputs.json) changed
 * after the build started. A missing or unreadable list, or a vanished input, means stale.
 */
function isFresh() {
  let built;
  let inputs;
  try {
    built = fs.statSync(OUT).mtimeMs;
    inputs = JSON.parse(fs.readFileSync(INPUTS, "utf8"));
  } catch {
    return false;
  }
  if (!Array.isArray(inputs) || inputs.length === 0) return false;
  for (const rel of inputs) {
    const st = fs.statSync(path.join(ROOT, rel), { throwIfNoEntry: false });
    if (st === undefined || st.mtimeMs > built) return false;
  }
  return true;
}

/** Writes `data` to `file` through a temporary file and a rename (concurrent builds are safe). */
function writeAtomic(file, data) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

/**
 * Builds dist/cli.js (+ .map, + cli.inputs.json). Synchronous so bin/zkmargin.js can call it.
 * The bundle's mtime is set to the moment the build started, so a source edited during the build
 * still counts as newer. Throws on a build error (esbuild has printed the messages).
 */
function buildCli() {
  const esbuild = require("esbuild");
  const started = new Date();
  const result = esbuild.buildSync({
    absWorkingDir: ROOT,
    entryPoints: ["src/cli/index.ts"],
    outfile: OUT,
    bundle: true,
    packages: "external",
    platform: "node",
    format: "cjs",
    target: "node20",
    // `await import("ethers")` becomes a require, as in tsc's CommonJS output: one ethers
    // (its CommonJS build) in the process, never a second, ESM copy.
    supported: { "dynamic-import": false },
    sourcemap: "linked",
    // The map points at the files in src/, which are there whenever the bundle is.
    sourcesContent: false,
    metafile: true,
    write: false,
    logLevel: "warning",
  });
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.includes("node_modules"));
  let code;
  for (const f of result.outputFiles) {
    if (f.path === OUT) code = f.contents;
    else writeAtomic(f.path, f.contents);
  }
  if (code === undefined) throw new Error(`esbuild produced no ${OUT}`);
  writeAtomic(INPUTS, JSON.stringify(inputs) + "\n");
  // The bundle last: its presence with a new mtime is what marks the build as done.
  const tmp = `${OUT}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, code);
  fs.utimesSync(tmp, started, started);
  fs.renameSync(tmp, OUT);
  return { file: OUT, bytes: code.length, inputs: inputs.length };
}

module.exports = { buildCli, isFresh, CLI_BUNDLE: OUT };

if (require.main === module) {
  const t0 = Date.now();
  try {
    const r = buildCli();
    const kb = Math.round(r.bytes / 1024);
    const rel = path.relative(process.cwd(), r.file);
    console.log(`${rel}: ${kb} KiB from ${r.inputs} files in ${Date.now() - t0} ms`);
  } catch (e) {
    // esbuild has already printed its errors with file and line.
    if (!(e && Array.isArray(e.errors))) console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  }
}
