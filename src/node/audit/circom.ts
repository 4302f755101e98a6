// Compiling circom mains outside build/: the audit's rebuild helpers, per-template constraint
// counts and `--inspect`. circom2 runs under WASI and cannot follow paths starting with "..",
// so every call runs from a common ancestor of its inputs and outputs with relative paths.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { projectRoot } from "../artifacts";
import { readR1csHeader } from "../pipeline/binfile";
import { commonAncestor } from "../pipeline/compile";
import { circomCli, circomlibIncludeDir } from "../pipeline/tools";
import { runNode } from "./run-node";

export const stripAnsi = (s: string): string => s.replace(/\u001b\[[0-9;]*m/g, "");

/** A fresh temporary directory (caller removes it). */
export function tempDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `zkmargin-${label}-`));
}

/**
 * Compiles `mainText` (its includes are absolute or resolved through `sourcesDir` and
 * circomlib) into `outDir` with `flags`; returns circom's output. Throws on failure.
 */
export async function compileMainText(o: {
  mainText: string;
  name: string;
  workDir: string;
  sourcesDir: string;
  flags: string[];
}): Promise<{ output: string; outDir: string; r1cs: string }> {
  const mainFile = path.join(o.workDir, `${o.name}.circom`);
  fs.mkdirSync(o.workDir, { recursive: true });
  fs.writeFileSync(mainFile, o.mainText);
  const outDir = path.join(o.workDir, "out");
  fs.mkdirSync(outDir, { recursive: true });
  const libs = [circomlibIncludeDir(), path.resolve(o.sourcesDir)];
  const cwd = commonAncestor([mainFile, outDir, ...libs, projectRoot()]);
  const rel = (p: string): string => path.relative(cwd, p) || ".";
  const r = await runNode(
    [
      circomCli(),
      rel(mainFile),
      ...o.flags,
      "-o",
      rel(outDir),
      ...libs.flatMap((l) => ["-l", rel(l)]),
    ],
    cwd,
  );
  const r1cs = path.join(outDir, `${o.name}.r1cs`);
  if (r.code !== 0)
    throw new Error(`circom2 failed on ${o.name} (exit ${r.code}):\n${stripAnsi(r.output).trim()}`);
  return { output: r.output, outDir, r1cs };
}

/**
 * The include text for a circuit file: its path relative to the sources directory (or a
 * circomlib path), resolved by circom through the `-l` library directories.
 */
export function includePath(_sourcesDir: string, file: string): string {
  if (!file.endsWith(".circom") || file.split("/").includes(".."))
    throw new Error(`${file}: expected a .circom path inside the sources directory`);
  return file;
}

/** Constraint count of one template at given parameters, compiled alone with --O2. */
export async function templateConstraints(o: {
  sourcesDir: string;
  file: string;
  template: string;
  params: number[];
}): Promise<number> {
  const work = tempDir("template");
  try {
    const mainText =
      `pragma circom 2.1.9;\ninclude "${includePath(o.sourcesDir, o.file)}";\n` +
      `component main = ${o.template}(${o.params.join(", ")});\n`;
    const { r1cs } = await compileMainText({
      mainText,
      name: "part",
      workDir: work,
      sourcesDir: o.sourcesDir,
      flags: ["--r1cs", "--O2"],
    });
    return readR1csHeader(r1cs).nConstraints;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
