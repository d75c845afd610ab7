import { readFileSync } from "node:fs";
import AjvDraft04 from "ajv-draft-04";
import { sharedPath } from "./shared-path.js";

// Validates a Teams app manifest against the official v1.25 schema (JSON Schema draft-04).

// A CommonJS default export, seen through NodeNext.
const Ajv = AjvDraft04.default;

export function teamsManifestValidator(): (manifest: unknown) => string[] {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const schema = JSON.parse(readFileSync(sharedPath("schemas/teams-v1.25/MicrosoftTeams.schema.json"), "utf8"));
  const validate = ajv.compile(schema);
  return (manifest) => (validate(manifest) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
}
