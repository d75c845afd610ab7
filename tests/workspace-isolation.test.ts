import { afterEach, describe, expect, it } from "vitest";
import type { Inbound } from "../src/contract.js";
import { findIdentity } from "../src/domain/identities.js";
import { saveInstallation } from "../src/domain/installations.js";
import { Driver } from "./support/driver.js";

// The core acts for an account only in the workspace it is known in: a request that names a member of workspace A
// but says it comes from workspace B (a forged or misrouted payload) is refused, and changes or reads nothing.

let driver: Driver | undefined;
afterEach(() => {
  driver?.close();
  driver = undefined;
});

const say = (d: Driver, text: string, workspace: string): ReturnType<Driver["core"]["handle"]> =>
  d.core.handle({
    kind: "message",
    text,
    from: { platform: "memory", user: "U1", conversation: "dm-U1", direct: true, workspace },
  } satisfies Inbound);

const count = (d: Driver, sql: string) => (d.ctx.db.prepare(sql).get() as { n: number }).n;

describe("an account acts only from its own workspace", () => {
  it("refuses a request for a member of workspace A that claims workspace B, and changes nothing", () => {
    driver = new Driver();
    const d = driver;
    say(d, "help", "A");
    expect(findIdentity(d.ctx.db, "memory", "U1")?.workspace).toBe("A");
    const before = count(d, "SELECT count(*) AS n FROM audit_log");

    const [refused, ...rest] = say(d, "stop", "B");
    expect(rest).toEqual([]);
    expect(refused?.text).toContain("andere werkruimte");
    // Not opted out, still in workspace A, nothing audited for the member.
    expect(count(d, "SELECT count(*) AS n FROM members WHERE opted_out_at IS NOT NULL")).toBe(0);
    expect(findIdentity(d.ctx.db, "memory", "U1")?.workspace).toBe("A");
    expect(count(d, "SELECT count(*) AS n FROM audit_log")).toBe(before);

    // From its own workspace the same words work.
    say(d, "stop", "A");
    expect(count(d, "SELECT count(*) AS n FROM members WHERE opted_out_at IS NOT NULL")).toBe(1);
  });

  it("lets an account move between workspaces of one Enterprise Grid organisation", () => {
    driver = new Driver();
    const d = driver;
    const now = d.clock.now();
    for (const team of ["T1", "T2"]) {
      saveInstallation(
        d.ctx.db,
        {
          platform: "memory",
          workspace: team,
          teamId: team,
          enterpriseId: "E1",
          enterpriseInstall: false,
          name: team,
          appId: null,
          botId: null,
          botUserId: null,
          scopes: [],
          sealedBotToken: null,
        },
        now,
      );
    }
    say(d, "help", "T1");
    const [reply] = say(d, "help", "T2");
    expect(reply?.text).not.toContain("andere werkruimte");
    expect(findIdentity(d.ctx.db, "memory", "U1")?.workspace).toBe("T2");
    // An enterprise outside the organisation is still another workspace.
    const [refused] = say(d, "help", "T9");
    expect(refused?.text).toContain("andere werkruimte");
  });
});
