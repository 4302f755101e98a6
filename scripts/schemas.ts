// Regenerates docs/schema/{portfolio,balances,market}.schema.json, the JSON Schemas of the human
// files (SPEC section 5), from the zod schemas that validate them (src/schema.ts), so the two
// never drift (test/sdk/cli-newcomer.test.ts compares the committed files with this output).
//   npm run schemas            (node -r ./scripts/register-ts.js scripts/schemas.ts)
//
// zod-to-json-schema does the conversion: the installed zod is 3.25, whose `z.toJSONSchema`
// exists only in the `zod/v4` API and does not accept the v3 schemas of src/schema.ts.
// A JSON Schema describes the shape (types, required and unknown fields, enums, id and address
// patterns); the exact rules (decimal grammar and ranges, checksums, duplicates, the BN254
// bound of the salt) are checked by `zkmargin` itself, which names file, field and rule.
import * as fs from "node:fs";
import * as path from "node:path";
import type { ZodTypeAny } from "zod";
import { zodToJsonSchema } from "zod-to-json-schema";
import * as schemaModule from "../src/schema";

/** The files described, with a title and a description each. */
const FILES = {
  portfolio: "The trader's private portfolio: positions, cash, nonce and salt.",
  balances: "The account's collateral balances: collateral symbol -> token amount.",
  market: "The market file published by the venue: groups, collateral tokens, instruments.",
} as const;

/** Said in every schema: what a JSON Schema cannot express. */
const RULES =
  "Shape only (SPEC section 5): decimals are strings, and their exact rules are checked by zkmargin, which names file, field and rule.";

/** Where the generated files live. */
export const SCHEMA_DIR = path.join(__dirname, "..", "docs", "schema");

/** The zod schemas of the files; src/schema.ts exports them as FILE_SCHEMAS. */
function fileSchemas(): Record<keyof typeof FILES, ZodTypeAny> {
  const s = (schemaModule as Record<string, unknown>).FILE_SCHEMAS;
  if (s === null || typeof s !== "object")
    throw new Error("src/schema.ts does not export FILE_SCHEMAS { portfolio, balances, market }");
  return s as Record<keyof typeof FILES, ZodTypeAny>;
}

/** File name -> text of every generated schema (2-space JSON, trailing newline). */
export function generateSchemas(): Record<string, string> {
  const schemas = fileSchemas();
  const out: Record<string, string> = {};
  for (const [name, description] of Object.entries(FILES) as Array<[keyof typeof FILES, string]>) {
    const convert = zodToJsonSchema as unknown as (schema: ZodTypeAny, options: object) => object;
    const json = convert(schemas[name], {
      target: "jsonSchema7",
      effectStrategy: "input",
      $refStrategy: "none",
    }) as Record<string, unknown>;
    const { $schema, ...body } = json;
    const doc = { $schema, title: `${name}.json`, description: `${description} ${RULES}`, ...body };
    out[`${name}.schema.json`] = JSON.stringify(doc, null, 2) + "\n";
  }
  return out;
}

if (require.main === module) {
  fs.mkdirSync(SCHEMA_DIR, { recursive: true });
  for (const [file, text] of Object.entries(generateSchemas())) {
    fs.writeFileSync(path.join(SCHEMA_DIR, file), text);
    process.stderr.write(`wrote docs/schema/${file}\n`);
  }
}
