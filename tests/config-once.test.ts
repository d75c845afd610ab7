import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig, loadTeamsAppId } from "../adapters/config.js";
import { ConfigError } from "../src/env.js";

// Issue 14, "Config once": the environment is read by the entry points only, through one loadConfig.

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|js|mjs)$/.test(name) ? [path] : [];
  });
}

const program = ["src", "adapters", "scripts", "bin"].flatMap(sourceFiles);
const filesMatching = (pattern: RegExp) => program.filter((file) => pattern.test(readFileSync(file, "utf8"))).sort();

describe("the environment is read once", () => {
  it("process.env appears only in the entry points, each passing it to loadConfig", () => {
    expect(filesMatching(/process\.env\b/)).toEqual([
      "adapters/main.ts",
      // The CLI's entry: it hands the environment to runCli (adapters/cli/main.ts), which passes it to loadConfig.
      "bin/spreekuur.js",
      "scripts/package-teams.ts",
      // Developer tooling, not a setting of the bot: where the official schemas are (tests, package:teams).
      "scripts/shared-path.ts",
    ]);
    for (const entry of ["adapters/main.ts", "adapters/cli/main.ts"]) {
      expect(readFileSync(entry, "utf8")).toMatch(/loadConfig\(/);
    }
  });

  it("MICROSOFT_APP_ID is declared and read in one place, the Teams settings", () => {
    // A schema key or a property read; messages and comments may name the variable for the reader.
    const reads = /\bMICROSOFT_APP_ID\s*:|\.MICROSOFT_APP_ID\b|\[["']MICROSOFT_APP_ID["']\]/g;
    const found = program.flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(reads)].map((match) => `${file}: ${match[0]}`),
    );
    expect(found).toEqual([
      "adapters/teams/config.ts: MICROSOFT_APP_ID:",
      "adapters/teams/config.ts: .MICROSOFT_APP_ID",
    ]);
  });
});

describe("loadConfig", () => {
  it("gives every part its slice, with defaults", () => {
    const config = loadConfig({});
    expect(config.core).toMatchObject({ PORT: 3978, SEND_DAYS: "1-5", NUDGES_PER_WEEK: 3 });
    expect(config.slack).toBeUndefined();
    expect(config.teams).toMatchObject({ authenticated: false, publicUrl: "http://localhost:3978" });
    expect(config.lease).toEqual({ LEASE_RENEW_SECONDS: 10, LEASE_EXPIRY_SECONDS: 60 });
    expect(config.survey.SURVEY_WEBHOOK_SECRET).toBeUndefined();
    expect(config).toMatchObject({ playground: true, firstRun: true });
  });

  it("reports every invalid variable of every part in one error", () => {
    const env = {
      PORT: "http",
      BOT_LOCALE: "de",
      SURVEY_WEBHOOK_SECRET: "short",
      LEASE_RENEW_SECONDS: "0",
      SLACK_BOT_TOKEN: "xoxp-user",
      SLACK_SIGNING_SECRET: "secret-123",
      MICROSOFT_APP_ID: "app",
      PLAYGROUND: "yes",
    };
    let message = "";
    try {
      loadConfig(env);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    const named = [...message.matchAll(/^ {2}(\w+)=/gm)].map((match) => match[1]);
    expect(named.sort()).toEqual(
      [
        "PORT",
        "BOT_LOCALE",
        "SURVEY_WEBHOOK_SECRET",
        "LEASE_RENEW_SECONDS",
        "SLACK_BOT_TOKEN",
        "MICROSOFT_APP_PASSWORD",
        "MICROSOFT_APP_TENANT_ID",
        "PLAYGROUND",
      ].sort(),
    );
  });

  it("refuses a half-configured Slack, naming the missing variable", () => {
    expect(() => loadConfig({ SLACK_SIGNING_SECRET: "secret-123" })).toThrow(/SLACK_BOT_TOKEN="": must be set too/);
  });

  it("on the bot's first run (no chat account) sends at any hour unless the environment says otherwise", () => {
    const firstRun = loadConfig({}, { firstRunDefaults: true });
    expect(firstRun.core).toMatchObject({ SEND_DAYS: "1-7", SEND_HOURS: "00:00-24:00", NUDGES_PER_WEEK: 50 });
    expect(loadConfig({ SEND_DAYS: "1-5" }, { firstRunDefaults: true }).core.SEND_DAYS).toBe("1-5");
    const slack = { SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "secret-123" };
    const configured = loadConfig(slack, { firstRunDefaults: true });
    expect(configured.firstRun).toBe(false);
    expect(configured.core).toMatchObject({ SEND_DAYS: "1-5", NUDGES_PER_WEEK: 3 });
    const teams = { MICROSOFT_APP_ID: "app", MICROSOFT_APP_PASSWORD: "pw", MICROSOFT_APP_TENANT_ID: "t" };
    expect(loadConfig(teams, { firstRunDefaults: true })).toMatchObject({ firstRun: false, playground: false });
  });

  it("calendar links follow the bound port unless PUBLIC_URL is set", () => {
    expect(loadConfig({}).teams.publicUrlFollowsPort).toBe(true);
    expect(loadConfig({ PUBLIC_URL: "https://spreekuur.test" }).teams).toMatchObject({
      publicUrl: "https://spreekuur.test",
      publicUrlFollowsPort: false,
    });
  });

  it("the Teams package needs only the app id", () => {
    expect(loadTeamsAppId({ MICROSOFT_APP_ID: " 0b5e7a2c-1d3f-4e6a-9b8c-7d6e5f4a3b2c " })).toBe(
      "0b5e7a2c-1d3f-4e6a-9b8c-7d6e5f4a3b2c",
    );
    expect(loadTeamsAppId({})).toBeUndefined();
  });
});
