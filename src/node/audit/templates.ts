// The sub-templates of Solvency(N, K, G, S, DEPTH, PATH_LEVELS) and how many times each instance uses
// them (circuits/solvency.circom). Each is compiled alone with --O2 at the instance's
// parameters to give a per-template constraint count; the counts add up to the instance
// total up to a few constraints of glue in Solvency itself (with --O2, linear constraints
// can merge across template boundaries).
import { compileInTempDir } from "../circom/driver";
import { renderComponentMain } from "../circom/main";
import { readR1csHeader } from "../circom/r1cs";

export interface TemplatePart {
  template: string;
  file: string;
  /** Instance parameter names in template-argument order. */
  args: string[];
  /** How many instances of it Solvency contains (a parameter name, or 1). */
  times: string | 1;
}

export const SOLVENCY_PARTS: TemplatePart[] = [
  { template: "StateHash", file: "state-hash.circom", args: ["N", "K"], times: 1 },
  { template: "RiskRoot", file: "risk-root.circom", args: ["K", "S"], times: 1 },
  { template: "MerkleCapRoot", file: "merkle-root.circom", args: ["capHeight"], times: 1 },
  {
    template: "InstrumentInclusion",
    file: "instrument-inclusion.circom",
    args: ["S", "depth", "pathLevels"],
    times: "N",
  },
  { template: "IsZero", file: "circomlib/circuits/comparators.circom", args: [], times: "N" },
  { template: "AccountValues", file: "account-values.circom", args: ["N", "K"], times: 1 },
  { template: "TieredAmount", file: "tiers.circom", args: [], times: "K" },
  { template: "ConcentrationAddOn", file: "concentration.circom", args: ["N"], times: 1 },
  {
    template: "ScenarioRequirements",
    file: "scenario-requirements.circom",
    args: ["N", "K", "G", "S"],
    times: 1,
  },
  {
    template: "SolvencyInequality",
    file: "solvency-inequality.circom",
    args: ["G", "S"],
    times: 1,
  },
];

export interface TemplateCount {
  template: string;
  params: number[];
  /** Constraints of one instance of the template. */
  constraints: number;
  /** How many the circuit uses. */
  times: number;
}

/** Constraint count of one template at given parameters, compiled alone with --O2. */
export async function templateConstraints(o: {
  sourcesDir: string;
  /** The template's file, relative to the sources directory or circomlib's parent. */
  file: string;
  template: string;
  params: number[];
}): Promise<number> {
  return compileInTempDir(
    {
      name: "part",
      mainText: renderComponentMain({ include: o.file, template: o.template, args: o.params }),
      includeDirs: [o.sourcesDir],
      flags: ["--r1cs", "--O2"],
    },
    ({ r1cs }) => readR1csHeader(r1cs).nConstraints,
  );
}

/** Compiles every part at the instance's parameters and returns its constraint count. */
export async function templateCounts(
  sourcesDir: string,
  params: Record<string, number>,
  parts: TemplatePart[] = SOLVENCY_PARTS,
): Promise<TemplateCount[]> {
  const out: TemplateCount[] = [];
  // Derived: the height of the instrument tree's cap, hashed once per proof.
  const all: Record<string, number> =
    params.depth !== undefined && params.pathLevels !== undefined
      ? { ...params, capHeight: params.depth - params.pathLevels }
      : { ...params };
  for (const p of parts) {
    const args = p.args.map((a) => {
      const v = all[a];
      if (v === undefined) throw new Error(`template ${p.template}: no instance parameter ${a}`);
      return v;
    });
    const constraints = await templateConstraints({
      sourcesDir,
      file: p.file,
      template: p.template,
      params: args,
    });
    out.push({
      template: p.template,
      params: args,
      constraints,
      times: p.times === 1 ? 1 : all[p.times],
    });
  }
  return out;
}
