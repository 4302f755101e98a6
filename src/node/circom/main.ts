// The one renderer of a circom main file (`component main = Template(args)`): the build's
// instance mains (circuits/main/<instance>.circom), the audit's single-template mains and the
// witness tester's mains all come from here.

/** What a main file instantiates. */
export interface MainSpec {
  /** Include path of the file defining the template, as circom resolves it. */
  include: string;
  template: string;
  /** Template arguments, in order. */
  args: readonly (number | bigint)[];
  /** Public input signals, in order (none: every input is private). */
  publicInputs?: readonly string[];
  /** A comment line placed after the pragma. */
  comment?: string;
}

/** The circom version every main declares. */
export const MAIN_PRAGMA = "pragma circom 2.1.9;";

/** Text of the main file for `spec`. */
export function renderComponentMain(spec: MainSpec): string {
  const pubs =
    spec.publicInputs !== undefined && spec.publicInputs.length > 0
      ? ` {public [${spec.publicInputs.join(", ")}]}`
      : "";
  return (
    `${MAIN_PRAGMA}\n` +
    (spec.comment !== undefined ? `// ${spec.comment}\n` : "") +
    `include "${spec.include}";\n` +
    `component main${pubs} = ${spec.template}(${spec.args.join(", ")});\n`
  );
}
