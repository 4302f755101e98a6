/**
 * The instrument kinds, one line each. market.json's instrument schema, risk.json's `kind`
 * field and the compiler's valuation all come from this list; a new kind is a new file
 * (see ./kind.ts) plus its line here.
 */
import { z } from "zod";
import { future, perpetual } from "./linear";
import { option } from "./option";

/** Every instrument kind, in the order error messages list them. */
export const INSTRUMENT_KINDS = [future, perpetual, option] as const;

type Registered = (typeof INSTRUMENT_KINDS)[number];

/** An instrument kind tag ("future", "perpetual", "option"). */
export type InstrumentKind = Registered["tag"];

const [first, ...rest] = INSTRUMENT_KINDS;

/** The tags, for schemas that take a non-empty list (risk.json's `kind`). */
export const INSTRUMENT_TAGS: [InstrumentKind, ...InstrumentKind[]] = [
  first.tag,
  ...rest.map((k) => k.tag),
];

/** The tags as a sentence: `"future", "perpetual" or "option"`. */
const tagList = INSTRUMENT_TAGS.map((t) => JSON.stringify(t))
  .join(", ")
  .replace(/, ([^,]*)$/, " or $1");

/** market.json's instrument: one of the kinds' schemas, chosen by `kind`. */
export const instrumentSchema = z.discriminatedUnion(
  "kind",
  [first.schema, ...rest.map((k) => k.schema)],
  {
    errorMap: (issue, ctx) =>
      issue.code === "invalid_union_discriminator"
        ? { message: `kind must be ${tagList}` }
        : { message: ctx.defaultError },
  },
);

/** An instrument entry of market.json (any registered kind). */
export type MarketInstrument = z.output<typeof instrumentSchema>;

/** The kind of tag `tag`. */
export function instrumentKind(tag: string): Registered {
  const k = INSTRUMENT_KINDS.find((x) => x.tag === tag);
  if (!k) throw new RangeError(`unknown instrument kind "${tag}"`);
  return k;
}
