import { describe, expect, it } from "vitest";
import { systemClock } from "../src/clock.js";
import { signIn } from "../src/services/dashboard/access.js";
import { cli } from "./support/cli.js";
import { Driver } from "./support/driver.js";

// `spreekuur dashboard link`: the chat's sign-in link, from the command line, for organisers and leaders only.

describe("spreekuur dashboard link", () => {
  it("prints a working single-use link for an organiser, and refuses anyone else", async () => {
    const driver = new Driver({ env: { ORGANISERS: "memory:org1" } });
    driver.gp("org1").say("hallo");
    driver.gp("gp1").say("hallo");
    const env = {
      DATABASE_PATH: driver.ctx.config.DATABASE_PATH,
      ORGANISERS: "memory:org1",
      PUBLIC_URL: "https://spreekuur.example.nl",
    };
    const made = await cli(env, "dashboard", "link", "memory:org1");
    expect(made.code).toBe(0);
    const link = made.out.trim();
    expect(link).toMatch(/^https:\/\/spreekuur\.example\.nl\/dashboard\/login\?t=[\w-]{43}$/);
    const token = new URL(link).searchParams.get("t") ?? "";
    // The command line runs on the wall clock; the driver's clock is in 2027.
    const now = { ...driver.ctx, clock: systemClock };
    expect(signIn(now, token).kind).toBe("signed_in");
    expect(signIn(now, token).kind).toBe("used");
    const refused = await cli(env, "dashboard", "link", "memory:gp1");
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("no organiser");
    expect(refused.out).toBe("");
    driver.close();
  });
});
