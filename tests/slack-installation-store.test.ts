import type { Installation } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import { slackInstallations } from "../adapters/slack/installation-store.js";
import { ManualClock } from "../src/clock.js";
import { tokenKeysFrom } from "../src/config/token-key-config.js";
import { findInstallation } from "../src/domain/installations.js";
import { silentLogger } from "../src/log.js";
import { openDatabase } from "../src/storage/db.js";
import { june2027, tempDatabasePath } from "./support/driver.js";
import { newKey } from "./support/slack-oauth.js";

// The installation store Bolt's installer and authorize use, over SQLite: what it keeps, how it finds an install,
// and the tokens it hands the adapter.

function open() {
  const db = openDatabase(tempDatabasePath());
  const keys = tokenKeysFrom({ TOKEN_ENCRYPTION_KEY: newKey() });
  if (!keys) throw new Error("no key");
  return { db, installs: slackInstallations({ db, keys, clock: new ManualClock(june2027), log: silentLogger }) };
}

const teamInstall = (team: string, token: string): Installation => ({
  team: { id: team, name: `Werkruimte ${team}` },
  enterprise: undefined,
  user: { id: "UINSTALLER", token: "xoxp-user-token-never-kept", scopes: ["identify"] },
  bot: { token, scopes: ["chat:write", "users:read"], id: "B1", userId: "UBOT1" },
  appId: "A0SPREEKUUR",
  tokenType: "bot",
  isEnterpriseInstall: false,
  authVersion: "v2",
});

describe("Slack installation store", () => {
  it("stores the bot's part only (never the user token or who installed) and hands it back to Bolt", async () => {
    const { db, installs } = open();
    await installs.store.storeInstallation(teamInstall("T2", "xoxb-T2-a"));
    const row = findInstallation(db, "slack", "T2");
    expect(row).toMatchObject({
      name: "Werkruimte T2",
      botId: "B1",
      botUserId: "UBOT1",
      scopes: ["chat:write", "users:read"],
    });
    expect(JSON.stringify(row)).not.toMatch(/xoxp|UINSTALLER|xoxb/);
    const fetched = await installs.store.fetchInstallation({
      teamId: "T2",
      enterpriseId: undefined,
      isEnterpriseInstall: false,
    });
    expect(fetched.bot).toEqual({
      token: "xoxb-T2-a",
      scopes: ["chat:write", "users:read"],
      id: "B1",
      userId: "UBOT1",
    });
    expect(fetched.user.token).toBeUndefined();
    await expect(
      installs.store.fetchInstallation({ teamId: "T9", enterpriseId: undefined, isEnterpriseInstall: false }),
    ).rejects.toThrow(/no installation/);
    db.close();
  });

  it("tells its listeners after each install; removal forgets the token", async () => {
    const { db, installs } = open();
    const installed: string[] = [];
    installs.onInstalled((workspace) => installed.push(workspace));
    await installs.store.storeInstallation(teamInstall("T2", "xoxb-T2-a"));
    await installs.store.storeInstallation(teamInstall("T3", "xoxb-T3-a"));
    expect(installs.tokens.botToken("T2")).toBe("xoxb-T2-a");
    await installs.store.storeInstallation(teamInstall("T2", "xoxb-T2-b"));
    expect(installed).toEqual(["T2", "T3", "T2"]);
    expect(installs.tokens.botToken("T2")).toBe("xoxb-T2-b");
    expect(installs.tokens.workspaces()).toEqual(["T2", "T3"]);

    expect(installs.remove("T2")).toBe(true);
    expect(installs.tokens.botToken("T2")).toBeUndefined();
    expect(installs.tokens.workspaces()).toEqual(["T3"]);
    expect(findInstallation(db, "slack", "T2")).toMatchObject({ sealedBotToken: null, removedAt: june2027 });
    await installs.store.deleteInstallation?.({ teamId: "T3", enterpriseId: undefined, isEnterpriseInstall: false });
    expect(installs.tokens.workspaces()).toEqual([]);
    expect(installs.tokens.botToken(undefined)).toBeUndefined();
    db.close();
  });

  it("an org-wide install is the enterprise's: found by enterprise id for any of its workspaces", async () => {
    const { db, installs } = open();
    await installs.store.storeInstallation({
      ...teamInstall("T3", "xoxb-E1"),
      team: undefined,
      enterprise: { id: "E1", name: "Regio" },
      isEnterpriseInstall: true,
    });
    expect(findInstallation(db, "slack", "E1")).toMatchObject({ name: "Regio", enterpriseInstall: true, teamId: null });
    const viaOrg = await installs.store.fetchInstallation({
      teamId: "T7",
      enterpriseId: "E1",
      isEnterpriseInstall: false,
    });
    expect(viaOrg).toMatchObject({ isEnterpriseInstall: true, enterprise: { id: "E1" }, team: undefined });
    expect(installs.tokens.botToken("E1")).toBe("xoxb-E1");
    db.close();
  });
});
