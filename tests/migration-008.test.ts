import { describe, expect, it } from "vitest";
import { loadReference, slimReference } from "../adapters/teams/conversation-refs.js";
import { migrate, openDatabase, schemaVersion } from "../src/storage/db.js";
import { tempDatabasePath } from "./support/driver.js";

// A reference as TurnContext.getConversationReference made it before: the parties whole, names included.
const personal = {
  activityId: "f:1796176680-16",
  user: { id: "29:1teunis", name: "Teunis Weergaveteams", aadObjectId: "aad-4f1e-teunis", role: "user" },
  bot: { id: "28:spreekuur-bot", name: "Spreekuur" },
  conversation: { id: "a:personal-teunis", name: "Teunis", conversationType: "personal", tenantId: "tenant-1" },
  channelId: "msteams",
  locale: "nl-NL",
  serviceUrl: "https://smba.trafficmanager.net/emea/",
};
/** The stored rows are looser than botbuilder's type (no isGroup in a personal chat). */
const slim = (reference: object) => slimReference(reference as Parameters<typeof slimReference>[0]);
const channel = {
  ...personal,
  user: { id: "29:1installer", name: "Ina Installeerder", aadObjectId: "aad-ina" },
  conversation: { id: "19:team@thread.tacv2", name: "Huisartsen Utrecht", conversationType: "channel", isGroup: true },
};

describe("migration 008 (slim conversation references)", () => {
  it("rewrites stored references to ids, service URL, tenant and conversation, without names", () => {
    const db = openDatabase(tempDatabasePath(), { migrate: false });
    migrate(db, 7);
    const insert = db.prepare(
      "INSERT INTO conversation_refs (platform, conversation, user_id, reference, updated_at) VALUES ('teams', ?, ?, ?, 5)",
    );
    insert.run(personal.conversation.id, personal.user.id, JSON.stringify(personal));
    insert.run(channel.conversation.id, channel.user.id, JSON.stringify(channel));
    expect(migrate(db)).toBeGreaterThanOrEqual(8);
    expect(schemaVersion(db)).toBeGreaterThanOrEqual(8);

    const rows = db
      .prepare("SELECT conversation, user_id, reference FROM conversation_refs ORDER BY conversation")
      .all();
    const text = JSON.stringify(rows);
    for (const gone of [
      "Teunis Weergaveteams",
      "Spreekuur",
      "aad-",
      "Ina Installeerder",
      "Huisartsen Utrecht",
      "nl-NL",
    ])
      expect(text).not.toContain(gone);
    expect(loadReference(db, personal.conversation.id)).toEqual({
      channelId: "msteams",
      serviceUrl: "https://smba.trafficmanager.net/emea/",
      conversation: { id: "a:personal-teunis", conversationType: "personal", tenantId: "tenant-1" },
      bot: { id: "28:spreekuur-bot" },
      user: { id: "29:1teunis" },
    });
    // A channel reference names no member at all; the boolean stays a boolean.
    expect(loadReference(db, channel.conversation.id)).toEqual({
      channelId: "msteams",
      serviceUrl: "https://smba.trafficmanager.net/emea/",
      conversation: { id: "19:team@thread.tacv2", conversationType: "channel", isGroup: true },
      bot: { id: "28:spreekuur-bot" },
    });
    expect(rows).toEqual([
      expect.objectContaining({ conversation: "19:team@thread.tacv2", user_id: null }),
      expect.objectContaining({ conversation: "a:personal-teunis", user_id: "29:1teunis" }),
    ]);
    // The migration and the code that saves new references agree on what is kept.
    expect(loadReference(db, personal.conversation.id)).toEqual(slim(personal));
    expect(loadReference(db, channel.conversation.id)).toEqual(slim(channel));
    db.close();
  });
});
