// Mocha's TypeScript loader (.mocharc.json "require"): esbuild-register, which transpiles each
// file as it is required, about 40% faster than ts-node's transpile-only mode for our tests.
// Type checking stays in `npm run typecheck`. One option restores what tsc's CommonJS output does
// (and ts-node did): `await import("x")` becomes a require, so it resolves like `import` does
// (directories, .ts files) and loads a package's CommonJS build, not a second, ESM copy.
"use strict";
require("esbuild-register/dist/node").register({
  target: "node20",
  supported: { "dynamic-import": false },
});
