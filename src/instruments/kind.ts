/**
 * What an instrument kind is: its market.json schema (the fields every instrument has plus
 * its own), its tag (the `kind` field of market.json and risk.json) and its model value per
 * unit of the underlying at a market point. The leaf of the instrument tree hashes only the
 * integers the valuation yields (PROTOCOL section 6), so a kind adds no encoding of its own:
 * in risk.json an instrument of any kind is its tag plus the common integer fields.
 *
 * A kind is one file calling {@link defineKind}, listed once in ./registry.ts.
 */
import { z } from "zod";
import { Rational } from "../decimal";
import { VolShift } from "../scenarios";
import type { VsrTenor } from "./vsr-tenor";
import { decimal, identifier, nonNegative, positive } from "../format";
import { concentrationSchema } from "./concentration";

/** The market.json fields of every instrument, before `kind` and the kind's own fields. */
export const instrumentBase = {
  id: identifier,
  group: identifier,
  mark: decimal(nonNegative),
  multiplier: decimal(positive),
  floor: decimal(nonNegative),
  /** The concentration add-on (SPEC 7.1), optional: no add-on without it. */
  concentration: concentrationSchema.optional(),
};

/** The market state a valuation sees (the base value, or one scenario of PROTOCOL section 5). */
export interface MarketPoint {
  /** market.json timestamp (seconds). */
  timestamp: number;
  /** P_g, the group's price in market.json. */
  groupPrice: Rational;
  /** The forward F: P_g for the base value, the scenario price P'_s otherwise. */
  forward: Rational;
  /** The scenario's volatility shift ("none" for the base value). */
  vol: VolShift;
  /** The group's volatility shift ratio. */
  vsr: Rational;
  /** The group's tenor rule for options' volatility shifts (SPEC 7.1), if it has one. */
  vsrTenor?: VsrTenor;
}

type KindShape<Tag extends string, Own extends z.ZodRawShape> = typeof instrumentBase & {
  kind: z.ZodLiteral<Tag>;
} & Own;

/** The market.json schema of a kind: common fields, `kind`, its own fields; no others. */
export type KindSchema<Tag extends string, Own extends z.ZodRawShape> = z.ZodObject<
  KindShape<Tag, Own>,
  "strict"
>;

/** What a kind's file writes: its tag, its own market.json fields and its valuation. */
export interface KindSpec<Tag extends string, Own extends z.ZodRawShape> {
  tag: Tag;
  /** market.json fields of this kind beyond the common ones (in the order they are checked). */
  fields: Own;
  /**
   * Model value per unit of the underlying at `at`, as an exact rational (USD per unit;
   * the compiler scales it by the multiplier and the scenario coverage).
   */
  value(inst: z.output<KindSchema<Tag, Own>>, at: MarketPoint): Rational;
}

/** A registered instrument kind (see {@link defineKind}). */
export interface InstrumentKindDefinition<
  Tag extends string = string,
  Own extends z.ZodRawShape = z.ZodRawShape,
> {
  readonly tag: Tag;
  readonly schema: KindSchema<Tag, Own>;
  /** Model value of `inst`, which must be of this kind (RangeError otherwise). */
  value(inst: { kind: string }, at: MarketPoint): Rational;
}

/** Makes a kind from its spec: the strict schema, and a valuation that checks the tag. */
export function defineKind<Tag extends string, Own extends z.ZodRawShape>(
  spec: KindSpec<Tag, Own>,
): InstrumentKindDefinition<Tag, Own> {
  const shape: KindShape<Tag, Own> = {
    ...instrumentBase,
    kind: z.literal(spec.tag),
    ...spec.fields,
  };
  const schema = z.object(shape).strict();
  return {
    tag: spec.tag,
    schema,
    value(inst, at) {
      if (inst.kind !== spec.tag)
        throw new RangeError(`a ${inst.kind} instrument valued as a ${spec.tag}`);
      // the tag is checked: `inst` came out of this kind's schema
      return spec.value(inst as z.output<KindSchema<Tag, Own>>, at);
    },
  };
}
