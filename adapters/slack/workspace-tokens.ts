// Where the Slack adapter gets a workspace's bot token: the one token of the single-workspace mode
// (SLACK_BOT_TOKEN), or the installations made through OAuth v2 (kept sealed in SQLite, installation-store.ts).

export interface WorkspaceTokens {
  /** The bot token for a workspace (team id, or enterprise id of an org-wide install); undefined: not installed. */
  botToken(workspace: string | undefined): string | undefined;
  /** The workspaces with a token now (the directory syncs walk them); [''] in the single-token mode. */
  workspaces(): string[];
}

/** One workspace, one token: every workspace id gets it (the workspace is whichever the token belongs to). */
export function singleToken(token: string): WorkspaceTokens {
  return { botToken: () => token, workspaces: () => [""] };
}
