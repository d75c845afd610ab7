import { describe, expect, it } from "vitest";
import { loadConfig } from "../adapters/config.js";

const loadCoreConfig = (env: Record<string, string>) => loadConfig(env).core;

describe("configuration", () => {
  it("has working defaults", () => {
    expect(loadCoreConfig({})).toMatchObject({
      PORT: 3978,
      DATABASE_PATH: "./data/spreekuur.db",
      BOT_TIMEZONE: "Europe/Amsterdam",
      BOT_LOCALE: "nl",
      ORGANISERS: [],
    });
  });

  it("parses organisers, Teams ids with colons included", () => {
    expect(loadCoreConfig({ ORGANISERS: "slack:U012AB3CD, teams:29:1abc" }).ORGANISERS).toEqual([
      "slack:U012AB3CD",
      "teams:29:1abc",
    ]);
  });

  it.each([
    [{ PORT: "http" }, /PORT="http": must be a port number/],
    [{ PORT: "70000" }, /PORT/],
    [{ BOT_LOCALE: "de" }, /BOT_LOCALE="de": must be nl or en/],
    [{ BOT_TIMEZONE: "Amsterdam" }, /BOT_TIMEZONE="Amsterdam": must be an IANA time zone/],
    [{ ORGANISERS: "U012AB3CD" }, /ORGANISERS=.*"U012AB3CD" is not platform:userId/],
    [{ SEND_HOURS: "8-18" }, /SEND_HOURS/],
  ])("refuses %o naming the variable", (env, message) => {
    expect(() => loadCoreConfig(env)).toThrow(message);
  });
});
