import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv } from "ajv";
import { sharedPath } from "./shared-path.js";

// The official Adaptive Cards 1.5 schema (draft-06) from the shared folder, compiled once.

const require = createRequire(import.meta.url);

export function adaptiveCardValidator() {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  ajv.addMetaSchema(require("ajv/dist/refs/json-schema-draft-06.json"));
  const { id, ...schema } = JSON.parse(
    readFileSync(sharedPath("schemas/adaptive-cards-1.5/adaptive-card.json"), "utf8"),
  ) as Record<string, unknown>;
  // The file names itself with draft-04's `id`; ajv 8 wants `$id`.
  const validate = ajv.compile({ ...schema, $id: String(id) });
  return (card: unknown): string[] =>
    validate(card) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
