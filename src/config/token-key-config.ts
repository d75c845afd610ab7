import { createHash } from "node:crypto";
import { z } from "zod";

// The key that seals the installations' bot tokens at rest (services/secret-box.ts). Rotation: the new key in
// TOKEN_ENCRYPTION_KEY, the old one in TOKEN_ENCRYPTION_OLD_KEYS; one start re-seals every token under the new key,
// after which the old one can go.

export interface TokenKey {
  /** Names the key inside a sealed text (a digest of the key, not the key): old seals find their key by it. */
  id: string;
  key: Buffer;
}

export interface TokenKeys {
  current: TokenKey;
  /** Keys that still open older seals; nothing is sealed with them. */
  old: TokenKey[];
}

const keyBytes = 32;
const keyHint = "must be 32 random bytes, as base64 (openssl rand -base64 32) or 64 hex characters";

/** A key as the environment gives it: 64 hex characters, or base64 (standard or URL-safe) of 32 bytes. */
function decodeKey(text: string): Buffer | undefined {
  if (/^[0-9a-f]{64}$/i.test(text)) return Buffer.from(text, "hex");
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return undefined;
  const bytes = Buffer.from(text.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  return bytes.length === keyBytes ? bytes : undefined;
}

const listOf = (text: string) =>
  text
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);

/** The key settings; the Slack settings take them in (OAuth mode needs a key: adapters/slack/config.ts). */
export const tokenKeyShape = {
  /** Seals every bot token stored by an install (AES-256-GCM). */
  TOKEN_ENCRYPTION_KEY: z
    .string()
    .refine((text) => decodeKey(text) !== undefined, keyHint)
    .optional(),
  /** Comma-separated earlier keys, kept during a rotation until one start has re-sealed the tokens. */
  TOKEN_ENCRYPTION_OLD_KEYS: z
    .string()
    .refine((text) => listOf(text).every((part) => decodeKey(part) !== undefined), `each key ${keyHint}`)
    .optional(),
};

function tokenKey(key: Buffer): TokenKey {
  return { id: createHash("sha256").update("spreekuur-token-key").update(key).digest("base64url").slice(0, 8), key };
}

/** The keys from the validated settings; undefined without TOKEN_ENCRYPTION_KEY. */
export function tokenKeysFrom(parsed: {
  TOKEN_ENCRYPTION_KEY?: string;
  TOKEN_ENCRYPTION_OLD_KEYS?: string;
}): TokenKeys | undefined {
  const current = parsed.TOKEN_ENCRYPTION_KEY && decodeKey(parsed.TOKEN_ENCRYPTION_KEY);
  if (!current) return undefined;
  const keys: TokenKeys = { current: tokenKey(current), old: [] };
  for (const text of listOf(parsed.TOKEN_ENCRYPTION_OLD_KEYS ?? "")) {
    const old = decodeKey(text);
    const key = old && tokenKey(old);
    if (key && key.id !== keys.current.id && !keys.old.some((k) => k.id === key.id)) keys.old.push(key);
  }
  return keys;
}
