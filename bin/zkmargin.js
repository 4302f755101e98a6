#!/usr/bin/env node
// Entry point of the `zkmargin` command. Runs dist/cli.js, the esbuild bundle of src/cli
// (scripts/build-cli.js; npm run build:cli), when it is up to date with the files it was built
// from. When it is missing or stale (a source was edited since), it rebuilds it first (about a
// second) so nobody runs old code; a compile error is reported by esbuild (exit 3). Only if the
// bundle cannot be made at all (no esbuild, dist/ not writable) does it run the TypeScript
// sources through ts-node (transpile only; 6-8 s per start). ZKMARGIN_CLI_SOURCE=1 forces that.
"use strict";
const path = require("node:path");

function fromSources() {
  require("ts-node").register({
    transpileOnly: true,
    project: path.join(__dirname, "..", "tsconfig.json"),
  });
  return require(path.join(__dirname, "..", "src", "cli", "index.ts"));
}

/** The bundle's exports, rebuilt first if stale; undefined when it cannot be built. */
function fromBundle() {
  let build;
  try {
    build = require("../scripts/build-cli.js");
    if (!build.isFresh()) build.buildCli();
  } catch (e) {
    // A compile error: esbuild has printed it with file, line and source; running the sources
    // would only repeat it several seconds later.
    if (e && Array.isArray(e.errors) && e.errors.length > 0) process.exit(3);
    return undefined; // no esbuild (an install without dev dependencies), dist/ not writable...
  }
  // Stack traces are printed only with ZKMARGIN_DEBUG (src/cli/run.ts); then they name the
  // TypeScript files and lines. Not always: source maps cost 100-150 ms per start (Node then
  // parses the maps of ethers too). NODE_OPTIONS=--enable-source-maps turns them on for crashes.
  if (process.env.ZKMARGIN_DEBUG) process.setSourceMapsEnabled(true);
  return require(build.CLI_BUNDLE);
}

const cli = (process.env.ZKMARGIN_CLI_SOURCE ? undefined : fromBundle()) ?? fromSources();
cli.main(process.argv);
