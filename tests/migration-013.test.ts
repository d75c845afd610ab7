import { describe, expect, it } from "vitest";
import { migrate, openDatabase } from "../src/storage/db.js";
import { tempDatabasePath } from "./support/driver.js";

describe("migration 013 (workspaces)", () => {
  it("gives each waiting row and reference its workspace: the identity's, else the Teams reference's tenant", () => {
    const db = openDatabase(tempDatabasePath(), { migrate: false });
    migrate(db, 12);
    db.exec(`
      INSERT INTO members (id, created_at) VALUES (1, 0), (2, 0);
      INSERT INTO identities (id, member_id, platform, workspace, user_id, dm_conversation, created_at)
        VALUES (10, 1, 'slack', 'T1', 'U1', 'D1', 0), (20, 2, 'teams', '', '29:x', NULL, 0);
      INSERT INTO conversation_refs (platform, conversation, user_id, reference, updated_at) VALUES
        ('teams', 'a:dm', '29:x', '{"conversation":{"id":"a:dm","tenantId":"tenant-9"}}', 1),
        ('teams', 'a:odd', NULL, 'not json', 1);
      INSERT INTO outbox (dedupe_key, kind, platform, conversation, member_id, payload, not_before, created_at,
          identity_id) VALUES
        ('k1', 't', 'slack', 'D1', 1, '{}', 0, 0, 10),
        ('k2', 't', 'teams', 'a:dm', 2, '{}', 0, 0, 20),
        ('k3', 't', 'teams', 'a:unknown', NULL, '{}', 0, 0, NULL);
    `);
    expect(migrate(db, 13)).toBe(13);
    const outbox = db.prepare("SELECT dedupe_key AS k, workspace FROM outbox ORDER BY id").all();
    expect(outbox).toEqual([
      { k: "k1", workspace: "T1" },
      { k: "k2", workspace: "tenant-9" },
      { k: "k3", workspace: "" },
    ]);
    const refs = db.prepare("SELECT conversation, workspace FROM conversation_refs ORDER BY conversation").all();
    expect(refs).toEqual([
      { conversation: "a:dm", workspace: "tenant-9" },
      { conversation: "a:odd", workspace: "" },
    ]);
    const plan = db
      .prepare(
        "EXPLAIN QUERY PLAN SELECT id FROM outbox WHERE platform = 'slack' AND status = 'pending' AND workspace = 'T1' AND not_before <= 5 ORDER BY not_before, id LIMIT 10",
      )
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(" ")).toContain("outbox_due_by_workspace");
    db.close();
  });
});
