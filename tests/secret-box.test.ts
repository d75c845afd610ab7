import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { tokenKeysFrom } from "../src/config/token-key-config.js";
import { findInstallation, saveInstallation } from "../src/domain/installations.js";
import { ConfigError } from "../src/env.js";
import { createSecretBox } from "../src/services/secret-box.js";
import { resealTokens } from "../src/services/token-seals.js";
import { openDatabase } from "../src/storage/db.js";
import { tempDatabasePath } from "./support/driver.js";

const keyA = randomBytes(32).toString("base64");
const keyB = randomBytes(32).toString("hex");
const keys = (current: string, old?: string) => {
  const parsed = tokenKeysFrom({ TOKEN_ENCRYPTION_KEY: current, TOKEN_ENCRYPTION_OLD_KEYS: old });
  if (!parsed) throw new Error("no key");
  return parsed;
};
const token = "xoxb-1234-secret-token";

describe("secret box (AES-256-GCM, key id in the seal)", () => {
  it("seals to text without the token that opens to the token; each seal differs (random IV)", () => {
    const box = createSecretBox(keys(keyA));
    const first = box.seal(token);
    const second = box.seal(token);
    expect(first).not.toContain("xoxb");
    expect(first).toMatch(/^v1\.[\w-]{8}\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(first).not.toBe(second);
    expect(box.open(first)).toBe(token);
    expect(box.open(second)).toBe(token);
    expect(box.needsReseal(first)).toBe(false);
  });

  it("takes keys as base64, URL-safe base64 or hex; the same key gives the same id", () => {
    const bytes = randomBytes(32);
    const ids = [bytes.toString("base64"), bytes.toString("base64url"), bytes.toString("hex")].map(
      (text) => keys(text).current.id,
    );
    expect(new Set(ids).size).toBe(1);
  });

  it("an old key still opens its seals, which need a re-seal under the current key", () => {
    const sealedUnderA = createSecretBox(keys(keyA)).seal(token);
    const rotated = createSecretBox(keys(keyB, keyA));
    expect(rotated.open(sealedUnderA)).toBe(token);
    expect(rotated.needsReseal(sealedUnderA)).toBe(true);
    expect(rotated.needsReseal(rotated.seal(token))).toBe(false);
  });

  it("a seal without its key fails naming the settings, never the token", () => {
    const sealed = createSecretBox(keys(keyA)).seal(token);
    const open = () => createSecretBox(keys(keyB)).open(sealed);
    expect(open).toThrow(ConfigError);
    expect(open).toThrow(/TOKEN_ENCRYPTION_KEY or TOKEN_ENCRYPTION_OLD_KEYS/);
    expect(open).not.toThrow(/xoxb/);
  });

  it("an altered seal or one moved under another key id does not open", () => {
    const box = createSecretBox(keys(keyB, keyA));
    const sealed = box.seal(token);
    const parts = sealed.split(".");
    const data = Buffer.from(parts[4] ?? "", "base64url");
    data[0] = (data[0] ?? 0) ^ 1;
    const altered = [...parts.slice(0, 4), data.toString("base64url")].join(".");
    expect(() => box.open(altered)).toThrow(/altered/);
    const moved = [parts[0], keys(keyA).current.id, ...parts.slice(2)].join(".");
    expect(() => box.open(moved)).toThrow(/altered/);
    expect(() => box.open("xoxb-plain")).toThrow(/sealed format/);
  });
});

describe("re-seal at start (key rotation)", () => {
  it("re-seals every token sealed with an old key under the current one, once", () => {
    const db = openDatabase(tempDatabasePath());
    const underA = createSecretBox(keys(keyA));
    for (const workspace of ["T1", "T2"]) {
      saveInstallation(
        db,
        {
          platform: "slack",
          workspace,
          teamId: workspace,
          enterpriseId: null,
          enterpriseInstall: false,
          name: null,
          appId: null,
          botId: null,
          botUserId: null,
          scopes: [],
          sealedBotToken: underA.seal(`${token}-${workspace}`),
        },
        1,
      );
    }
    const rotated = createSecretBox(keys(keyB, keyA));
    expect(resealTokens(db, "slack", rotated)).toBe(2);
    expect(resealTokens(db, "slack", rotated)).toBe(0);
    const onlyB = createSecretBox(keys(keyB));
    for (const workspace of ["T1", "T2"]) {
      const sealed = findInstallation(db, "slack", workspace)?.sealedBotToken ?? "";
      expect(onlyB.needsReseal(sealed)).toBe(false);
      expect(onlyB.open(sealed)).toBe(`${token}-${workspace}`);
    }
    // Started with a key that opens none of them: the start fails, naming the setting.
    expect(() => resealTokens(db, "slack", underA)).toThrow(/TOKEN_ENCRYPTION_OLD_KEYS/);
    db.close();
  });
});
