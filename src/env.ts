import type { z } from "zod";

/** Thrown when the environment holds a value the program cannot run with. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

type Env = Record<string, string | undefined>;

/** A schema's own variables from the environment, trimmed; blank ones count as unset (so defaults apply). */
function variablesOf(schema: z.ZodObject, env: Env): Record<string, string> {
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== "") cleaned[key] = value.trim();
  }
  return cleaned;
}

/** Secrets (tokens, keys, passwords) are never echoed in an error: the variable is named, its value hidden. */
const secretName = /(TOKEN|SECRET|PASSWORD|_KEY|_KEYS)$/;
const shown = (name: string, value: string | undefined) =>
  value && secretName.test(name) ? "(hidden)" : JSON.stringify(value ?? "");

/**
 * Validates the environment against several parts' zod object schemas at once. One ConfigError lists every invalid
 * variable of every part, naming the variable and what is allowed.
 */
export function parseEnvParts<P extends Record<string, z.ZodObject>>(
  parts: P,
  env: Env,
): { [K in keyof P]: z.infer<P[K]> } {
  const parsed: Record<string, unknown> = {};
  const lines: string[] = [];
  for (const [part, schema] of Object.entries(parts)) {
    const cleaned = variablesOf(schema, env);
    const result = schema.safeParse(cleaned);
    if (result.success) parsed[part] = result.data;
    for (const issue of result.error?.issues ?? []) {
      const name = String(issue.path[0] ?? "?");
      lines.push(`  ${name}=${shown(name, cleaned[name])}: ${issue.message}`);
    }
  }
  if (lines.length) throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  return parsed as { [K in keyof P]: z.infer<P[K]> };
}

/** Validates environment variables with one zod object schema (see parseEnvParts). */
export function parseEnv<S extends z.ZodObject>(schema: S, env: Env): z.infer<S> {
  return parseEnvParts({ only: schema }, env).only;
}
