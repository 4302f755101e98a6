#!/usr/bin/env node
// Entry point of the `zkmargin` command. Runs the compiled CLI when `npm run build` has
// produced dist/, otherwise the TypeScript sources through ts-node (transpile only).
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const compiled = path.join(__dirname, "..", "dist", "src", "cli", "index.js");
if (fs.existsSync(compiled)) {
  require(compiled).main(process.argv);
} else {
  require("ts-node").register({ transpileOnly: true, project: path.join(__dirname, "..", "tsconfig.json") });
  require(path.join(__dirname, "..", "src", "cli", "index.ts")).main(process.argv);
}
