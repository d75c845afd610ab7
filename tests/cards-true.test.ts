import { afterEach, describe, expect, it } from "vitest";
import type { Reply } from "../src/contract.js";
import { Driver, findActions, sessionsCsv } from "./support/driver.js";

// Issue 18, item 3: a card stays true. A promotion updates the member's earlier waitlist card; a listing card
// whose session filled up says so when clicked, before the form.

let driver: Driver;
afterEach(() => driver?.close());

interface OutboxRow {
  kind: string;
  update_of: string | null;
  platform: string;
  conversation: string;
  payload: string;
}

describe("cards stay true", () => {
  it('updates the earlier "Wachtlijst, plaats 1" card when its member is promoted', () => {
    driver = new Driver({ sessionsCsv: sessionsCsv([{ id: "S1", capacity: 1 }]) });
    driver.gp("A").signUp("S1");
    // B answers the profile form of the listing card "m-42" in their chat (the adapter names the card clicked).
    const from = { platform: "memory", conversation: "dm-B", user: "B", direct: true };
    const form = { roster_name: "Dr. B", role: "huisarts" };
    const [card] = driver.core.handle({
      kind: "action",
      actionId: "signup.profile",
      value: "S1",
      form,
      from,
      source: "m-42",
    });
    expect(JSON.stringify(card)).toContain("Wachtlijst, plaats 1");

    driver.gp("A").click("signup.cancel.confirm", "S1");
    const rows = driver.ctx.db
      .prepare("SELECT kind, update_of, platform, conversation, payload FROM outbox WHERE kind = ?")
      .all("waitlist.promoted.card") as OutboxRow[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ update_of: "m-42", platform: "memory", conversation: "dm-B" });
    const updated = JSON.parse(rows[0]?.payload ?? "{}") as Reply;
    expect(JSON.stringify(updated.blocks)).toContain("Aangemeld");
    expect(JSON.stringify(updated.blocks)).not.toContain("Wachtlijst");
  });

  it("says a session filled up when its listing card is clicked, before the form", () => {
    driver = new Driver({ sessionsCsv: sessionsCsv([{ id: "S1", capacity: 1 }]) });
    const [list] = driver.gp("B").say("sessies");
    const signUp = findActions(list).find((a) => a.id === "signup.join");
    expect(signUp?.label).toBe("Aanmelden");
    driver.gp("A").signUp("S1");
    const [form] = driver.gp("B").press(list, "Aanmelden");
    expect(form?.form).toBeDefined();
    const firstText = form?.blocks?.[0];
    expect(firstText?.kind === "text" && firstText.text).toContain("intussen vol");
    expect(form?.form?.submit.label).toBe("Op de wachtlijst");
  });
});
