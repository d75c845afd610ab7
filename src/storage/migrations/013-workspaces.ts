// Many workspaces (issue 16): Slack teams/enterprises and Teams tenants. Each outbox row and conversation reference
// names its workspace, so the dispatcher paces, pauses and reports per workspace; Slack installations (OAuth v2)
// keep their bot token encrypted; a workspace whose app was uninstalled or whose tokens were revoked is held.
export default `
ALTER TABLE outbox ADD COLUMN workspace TEXT NOT NULL DEFAULT '';
UPDATE outbox SET workspace = coalesce((SELECT i.workspace FROM identities i WHERE i.id = outbox.identity_id), '');
ALTER TABLE conversation_refs ADD COLUMN workspace TEXT NOT NULL DEFAULT '';
UPDATE conversation_refs SET workspace = coalesce(json_extract(reference, '$.conversation.tenantId'), '')
  WHERE platform = 'teams' AND json_valid(reference);
UPDATE outbox SET workspace = coalesce((SELECT r.workspace FROM conversation_refs r
    WHERE r.platform = outbox.platform AND r.conversation = outbox.conversation), '')
  WHERE workspace = '';
CREATE INDEX outbox_due_by_workspace ON outbox (platform, status, workspace, not_before, id);
CREATE INDEX conversation_refs_by_workspace ON conversation_refs (platform, workspace, updated_at);

CREATE TABLE installations (
  platform TEXT NOT NULL,
  -- the team id, or the enterprise id of an org-wide install (Enterprise Grid)
  workspace TEXT NOT NULL,
  team_id TEXT,
  enterprise_id TEXT,
  enterprise_install INTEGER NOT NULL DEFAULT 0,
  -- the workspace's name, for the organisers' reports
  name TEXT,
  app_id TEXT,
  bot_id TEXT,
  bot_user_id TEXT,
  scopes TEXT NOT NULL DEFAULT '',
  -- AES-256-GCM sealed (src/services/secret-box.ts); NULL once uninstalled or revoked
  bot_token TEXT,
  installed_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  removed_at INTEGER,
  PRIMARY KEY (platform, workspace)
) STRICT;

-- A workspace whose messages wait for the app itself (uninstalled, tokens revoked): never its members' fault.
CREATE TABLE workspace_holds (
  platform TEXT NOT NULL,
  workspace TEXT NOT NULL,
  -- app_uninstalled, tokens_revoked, …: the platform's word, never a token or a payload
  reason TEXT NOT NULL,
  since INTEGER NOT NULL,
  PRIMARY KEY (platform, workspace)
) STRICT;
`;
