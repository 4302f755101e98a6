// A tiny placeholder circuit family for pipeline tests (the real Solvency circuit takes
// minutes to key). Written to a fresh temp directory per test file.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { InstancesConfig } from "../../src/node/pipeline/config";

export const PLACEHOLDER_SOURCE = `pragma circom 2.1.9;
include "circomlib/circuits/bitify.circom";

// Pipeline-test placeholder: knows N factors, each below 2^BITS, whose product is \`product\`.
template Placeholder(N, BITS) {
    signal input product;
    signal input factors[N];
    signal acc[N];
    component bits[N];
    for (var i = 0; i < N; i++) {
        bits[i] = Num2Bits(BITS);
        bits[i].in <== factors[i];
    }
    acc[0] <== factors[0];
    for (var i = 1; i < N; i++) {
        acc[i] <== acc[i - 1] * factors[i];
    }
    product === acc[N - 1];
}
`;

export function placeholderConfig(bits = 8): InstancesConfig {
  return {
    version: 1,
    template: "Placeholder",
    source: "placeholder.circom",
    publicInputs: ["product"],
    templateParams: ["N", "bits"],
    instances: { tiny: { N: 3, bits } },
  };
}

export interface Fixture {
  root: string;
  sourcesDir: string;
  mainDir: string;
  buildDir: string;
  cleanup(): void;
}

export function makeFixture(prefix: string): Fixture {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `zkmargin-${prefix}-`));
  const sourcesDir = path.join(root, "circuits");
  fs.mkdirSync(sourcesDir, { recursive: true });
  fs.writeFileSync(path.join(sourcesDir, "placeholder.circom"), PLACEHOLDER_SOURCE);
  return {
    root,
    sourcesDir,
    mainDir: path.join(sourcesDir, "main"),
    buildDir: path.join(root, "build"),
    cleanup: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}
