import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../adapters/config.js";

// The two Slack modes: one workspace by SLACK_BOT_TOKEN, or installs in many workspaces by OAuth. Exclusive; a mix
// or a half-set mode is one ConfigError naming the variables (and never echoing a secret's value).

const key = randomBytes(32).toString("base64");
const oauth = {
  SLACK_CLIENT_ID: "1111.2222",
  SLACK_CLIENT_SECRET: "client-secret-123",
  SLACK_SIGNING_SECRET: "signing-secret-123",
  SLACK_STATE_SECRET: "state-secret-0123456789",
  TOKEN_ENCRYPTION_KEY: key,
};
const single = { SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "secret-123" };

function errorOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("loadConfig accepted the settings");
}
const named = (message: string) => [...message.matchAll(/^ {2}(\w+)=/gm)].map((m) => m[1]).sort();

describe("Slack modes", () => {
  it("SLACK_BOT_TOKEN: the single-token mode, as before", () => {
    expect(loadConfig(single).slack).toMatchObject({ mode: "single", botToken: "xoxb-1", signingSecret: "secret-123" });
  });

  it("client id, secrets and key: the OAuth mode, with the key and the authorize URL beside the Web API", () => {
    const slack = loadConfig({ ...oauth, SLACK_API_URL: "http://127.0.0.1:9/api/" }).slack;
    expect(slack).toMatchObject({
      mode: "oauth",
      clientId: "1111.2222",
      stateSecret: oauth.SLACK_STATE_SECRET,
      authorizationUrl: "http://127.0.0.1:9/oauth/v2/authorize",
    });
    expect(slack?.mode === "oauth" && slack.tokenKeys.current.key.length).toBe(32);
    expect(loadConfig(oauth).slack).not.toHaveProperty("authorizationUrl");
    expect(loadConfig(oauth)).toMatchObject({ firstRun: false });
  });

  it("refuses both modes at once, naming the bot token", () => {
    const message = errorOf({ ...oauth, SLACK_BOT_TOKEN: "xoxb-1" });
    expect(named(message)).toEqual(["SLACK_BOT_TOKEN"]);
    expect(message).toMatch(/single-workspace mode, SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET/);
  });

  it("refuses a half-set OAuth mode, naming each missing variable", () => {
    const { SLACK_STATE_SECRET, TOKEN_ENCRYPTION_KEY, ...rest } = oauth;
    const message = errorOf(rest);
    expect(named(message)).toEqual(["SLACK_STATE_SECRET", "TOKEN_ENCRYPTION_KEY"]);
    expect(message).toMatch(/TOKEN_ENCRYPTION_KEY="": must be set too \(installs in many workspaces need/);
    expect(named(errorOf({ SLACK_CLIENT_ID: "1111.2222" }))).toEqual(
      ["SLACK_CLIENT_SECRET", "SLACK_SIGNING_SECRET", "SLACK_STATE_SECRET", "TOKEN_ENCRYPTION_KEY"].sort(),
    );
  });

  it("refuses Socket Mode with OAuth: installs go through the HTTP endpoint", () => {
    expect(named(errorOf({ ...oauth, SLACK_APP_TOKEN: "xapp-1" }))).toEqual(["SLACK_APP_TOKEN"]);
  });

  it.each([
    [{ SLACK_STATE_SECRET: "short" }, "SLACK_STATE_SECRET", /at least 16 characters/],
    [{ SLACK_CLIENT_ID: "abc" }, "SLACK_CLIENT_ID", /client id, digits\.digits/],
    [{ TOKEN_ENCRYPTION_KEY: randomBytes(16).toString("base64") }, "TOKEN_ENCRYPTION_KEY", /32 random bytes/],
    [{ TOKEN_ENCRYPTION_OLD_KEYS: `${key},not-a-key` }, "TOKEN_ENCRYPTION_OLD_KEYS", /each key must be 32/],
  ])("refuses %o naming the variable, its value hidden", (bad, name, message) => {
    const text = errorOf({ ...oauth, ...bad });
    expect(named(text)).toEqual([name]);
    expect(text).toMatch(message);
    const value = Object.values(bad)[0] ?? "";
    if (/SECRET|KEY/.test(name)) expect(text).not.toContain(value);
    if (/SECRET|KEY/.test(name)) expect(text).toContain(`${name}=(hidden)`);
  });

  it("takes old keys for a rotation, leaving out the current one and repeats", () => {
    const old = randomBytes(32).toString("hex");
    const slack = loadConfig({ ...oauth, TOKEN_ENCRYPTION_OLD_KEYS: ` ${old}, ${key}, ${old} ` }).slack;
    expect(slack?.mode === "oauth" && slack.tokenKeys.old.map((k) => k.key.toString("hex"))).toEqual([old]);
  });
});
