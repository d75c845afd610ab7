import { afterEach, describe, expect, it } from "vitest";
import { tokenKeysFrom } from "../src/config/token-key-config.js";
import { ConfigError } from "../src/env.js";
import { newKey, type OAuthBot, startOAuthBot } from "./support/slack-oauth.js";

// Key rotation of the sealed bot tokens, through restarts of the whole bot: the new key in TOKEN_ENCRYPTION_KEY,
// the old one in TOKEN_ENCRYPTION_OLD_KEYS, one start re-seals, then the old key can go.

let bot: OAuthBot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

const keyIdOf = (key: string) => tokenKeysFrom({ TOKEN_ENCRYPTION_KEY: key })?.current.id;
const sealKeyId = (b: OAuthBot, workspace: string) => b.installation(workspace)?.sealedBotToken?.split(".")[1];

describe("token key rotation", () => {
  it("sealed with key A, restarted with B and old A: re-sealed under B, still the same token; then B alone", async () => {
    const [keyA, keyB] = [newKey(), newKey()];
    bot = await startOAuthBot({ key: keyA });
    const { fake, databasePath } = bot;
    expect((await bot.browser().install(fake.workspaces.authorizeCode("T2"))).res.status).toBe(200);
    expect((await bot.browser().install(fake.workspaces.authorizeCode("T3"))).res.status).toBe(200);
    expect(sealKeyId(bot, "T2")).toBe(keyIdOf(keyA));
    await bot.stop(true);

    bot = await startOAuthBot({ key: keyB, oldKeys: keyA, databasePath, fake });
    for (const team of ["T2", "T3"]) {
      expect(sealKeyId(bot, team)).toBe(keyIdOf(keyB));
      expect(bot.tokenOf(team)).toBe(fake.workspaces.team(team)?.botToken);
    }
    await bot.stop(true);

    // The old key dropped: every token opens with B alone.
    bot = await startOAuthBot({ key: keyB, databasePath, fake });
    expect(bot.tokenOf("T2")).toBe(fake.workspaces.team("T2")?.botToken);
    await bot.stop(true);
    bot = undefined;

    // A key that opens none of them (the old one forgotten too soon): the start fails, naming the settings.
    const failed = startOAuthBot({ key: newKey(), databasePath, fake });
    await expect(failed).rejects.toThrow(ConfigError);
    await expect(failed).rejects.toThrow(/not in TOKEN_ENCRYPTION_KEY or TOKEN_ENCRYPTION_OLD_KEYS/);
    await expect(failed).rejects.not.toThrow(/xoxb/);
    await fake.stop();
  });
});
