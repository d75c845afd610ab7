import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { TokenKey, TokenKeys } from "../config/token-key-config.js";
import { ConfigError } from "../env.js";

// Tokens at rest: AES-256-GCM with a random 12-byte IV and its 16-byte tag. The sealed text names its key, so a
// rotation keeps old seals readable: `v1.<keyId>.<iv>.<tag>.<ciphertext>`, each part base64url. The version and key
// id are authenticated too (additional data), so a seal cannot be moved under another key's name.

const version = "v1";
const ivBytes = 12;
const tagBytes = 16;
const keySettings = "TOKEN_ENCRYPTION_KEY or TOKEN_ENCRYPTION_OLD_KEYS";

export interface SecretBox {
  seal(plain: string): string;
  /** The plain text; a ConfigError naming the key settings when no key here opens it (never the text itself). */
  open(sealed: string): string;
  /** Sealed with an old key (or another format): re-seal it under the current key. */
  needsReseal(sealed: string): boolean;
}

interface Parsed {
  keyId: string;
  iv: Buffer;
  tag: Buffer;
  data: Buffer;
}

function parse(sealed: string): Parsed | undefined {
  const parts = sealed.split(".");
  if (parts.length !== 5 || parts[0] !== version) return undefined;
  const [, keyId = "", iv = "", tag = "", data = ""] = parts;
  const decoded = { keyId, iv: Buffer.from(iv, "base64url"), tag: Buffer.from(tag, "base64url") };
  if (decoded.iv.length !== ivBytes || decoded.tag.length !== tagBytes) return undefined;
  return { ...decoded, data: Buffer.from(data, "base64url") };
}

const header = (keyId: string) => Buffer.from(`${version}.${keyId}`);

export function createSecretBox(keys: TokenKeys): SecretBox {
  const byId = new Map<string, TokenKey>([keys.current, ...keys.old].map((k) => [k.id, k]));
  return {
    seal(plain) {
      const { id, key } = keys.current;
      const iv = randomBytes(ivBytes);
      const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: tagBytes });
      cipher.setAAD(header(id));
      const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), data].map((b) => b.toString("base64url"));
      return [version, id, ...parts].join(".");
    },
    open(sealed) {
      const parsed = parse(sealed);
      if (!parsed)
        throw new ConfigError("A stored token is not in the sealed format (v1.<key id>.…): it cannot be opened.");
      const key = byId.get(parsed.keyId);
      if (!key) {
        throw new ConfigError(
          `A stored token was sealed with key ${parsed.keyId}, which is not in ${keySettings}: ` +
            "put the earlier key in TOKEN_ENCRYPTION_OLD_KEYS.",
        );
      }
      try {
        const decipher = createDecipheriv("aes-256-gcm", key.key, parsed.iv, { authTagLength: tagBytes });
        decipher.setAAD(header(parsed.keyId));
        decipher.setAuthTag(parsed.tag);
        return Buffer.concat([decipher.update(parsed.data), decipher.final()]).toString("utf8");
      } catch {
        // GCM's tag check failed: the text was altered, or the key behind this id is not the one that sealed it.
        throw new ConfigError(
          `A stored token does not open with key ${parsed.keyId} (${keySettings}): it was altered.`,
        );
      }
    },
    needsReseal(sealed) {
      return parse(sealed)?.keyId !== keys.current.id;
    },
  };
}
