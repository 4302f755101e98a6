// The one circom driver: finds circom2 (circom compiled to WebAssembly), compiles a main with
// the build's flags and streams its output. Used by the build pipeline, the audit (hygiene,
// per-template counts) and the witness tester of test/circuits.
//
// circom2 runs under WASI and cannot read a path starting with "..": every call runs from a
// common ancestor of its inputs and outputs, with paths relative to it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { projectRoot } from "../artifacts";
import { runNode } from "../audit/run-node";
import { circomCli, circomlibIncludeDir } from "../pipeline/tools";

/** The flags of every build: constraints, witness generator, symbols, full optimisation. */
export const CIRCOM_FLAGS: readonly string[] = ["--r1cs", "--wasm", "--sym", "--O2"];

export const stripAnsi = (s: string): string => s.replace(/\u001b\[[0-9;]*m/g, "");

/** The deepest directory containing every one of `paths` (absolute). */
export function commonAncestor(paths: string[]): string {
  const split = paths.map((p) => path.resolve(p).split(path.sep));
  const first = split[0];
  let n = 0;
  while (n < first.length && split.every((s) => s[n] === first[n])) n++;
  return first.slice(0, n).join(path.sep) || path.sep;
}

/** A fresh temporary directory (caller removes it). */
export function tempDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `zkmargin-${label}-`));
}

let compilerVersionCache: string | undefined;

/** circom compiler version inside circom2 (e.g. "2.2.3"), from `circom2 --version`. */
export async function circomCompilerVersion(): Promise<string> {
  if (compilerVersionCache !== undefined) return compilerVersionCache;
  const { code, output } = await runNode([circomCli(), "--version"], projectRoot());
  const m = /circom compiler (\S+)/.exec(output);
  if (code !== 0 || m === null) throw new Error(`circom2 --version failed: ${output.trim()}`);
  compilerVersionCache = m[1];
  return m[1];
}

/** What circom wrote for a main `<name>.circom` into `outDir` (each present if its flag was given). */
export interface CompiledCircuit {
  /** circom's output (stdout and stderr), with its colour codes. */
  output: string;
  r1cs: string;
  sym: string;
  wasmDir: string;
  wasm: string;
}

export interface CompileRequest {
  /** The main file (`component main = ...`). */
  mainFile: string;
  /** Output directory (created if missing). */
  outDir: string;
  flags: readonly string[];
  /** Include directories after circomlib's (the template sources). */
  includeDirs: string[];
  /** Sees each line of circom's output as it arrives. */
  onLine?: (line: string) => void;
}

/** The files circom writes for `mainFile` into `outDir`. */
export function compiledPaths(mainFile: string, outDir: string): Omit<CompiledCircuit, "output"> {
  const name = path.basename(mainFile, ".circom");
  const wasmDir = path.join(outDir, `${name}_js`);
  return {
    r1cs: path.join(outDir, `${name}.r1cs`),
    sym: path.join(outDir, `${name}.sym`),
    wasmDir,
    wasm: path.join(wasmDir, `${name}.wasm`),
  };
}

/**
 * Compiles `mainFile` into `outDir`. Throws with circom's output if circom fails or an output
 * its flags ask for is missing.
 */
export async function compileCircom(o: CompileRequest): Promise<CompiledCircuit> {
  fs.mkdirSync(o.outDir, { recursive: true });
  const libs = [circomlibIncludeDir(), ...o.includeDirs.map((d) => path.resolve(d))];
  const cwd = commonAncestor([o.mainFile, o.outDir, ...libs]);
  const rel = (p: string): string => path.relative(cwd, path.resolve(p)) || ".";
  const args = [
    circomCli(),
    rel(o.mainFile),
    ...o.flags,
    "-o",
    rel(o.outDir),
    ...libs.flatMap((l) => ["-l", rel(l)]),
  ];
  const { code, output } = await runNode(args, cwd, o.onLine);
  const files = compiledPaths(o.mainFile, o.outDir);
  const expected = [
    o.flags.includes("--r1cs") ? files.r1cs : undefined,
    o.flags.includes("--sym") ? files.sym : undefined,
    o.flags.includes("--wasm") ? files.wasm : undefined,
  ];
  if (code !== 0 || expected.some((f) => f !== undefined && !fs.existsSync(f))) {
    throw new Error(`circom2 failed on ${o.mainFile} (exit ${code}):\n${stripAnsi(output).trim()}`);
  }
  return { output, ...files };
}

/** Writes a main file unless it already holds `text` (an unchanged main keeps its mtime). */
export function writeMainFile(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (!fs.existsSync(file) || fs.readFileSync(file, "utf8") !== text) fs.writeFileSync(file, text);
}

/** Writes `mainText` to `mainFile` and compiles it. */
export async function compileMainText(
  o: CompileRequest & { mainText: string },
): Promise<CompiledCircuit> {
  writeMainFile(o.mainFile, o.mainText);
  return compileCircom(o);
}

/**
 * Compiles `mainText` as `<name>.circom` in a fresh temporary directory, hands the outcome
 * to `use` and removes the directory (nothing under build/ is touched).
 */
export async function compileInTempDir<T>(
  o: { name: string; mainText: string; flags: readonly string[]; includeDirs: string[] },
  use: (compiled: CompiledCircuit) => T,
): Promise<T> {
  const work = tempDir(o.name);
  try {
    const compiled = await compileMainText({
      ...o,
      mainFile: path.join(work, `${o.name}.circom`),
      outDir: path.join(work, "out"),
    });
    return use(compiled);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
