import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { botScopes, redirectPath } from "../adapters/slack/oauth-installer.js";

// The app manifest an admin installs from, checked against Slack's published schema (draft-07).

const schemas = "/work/shared/schemas/slack-manifest";
const read = (path: string) => JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
const manifest = read(new URL("../adapters/slack/manifest.json", import.meta.url).pathname);

let compiled: ReturnType<typeof compile> | undefined;
const validator = () => {
  compiled ??= compile();
  return compiled;
};

function compile() {
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat("uri", /^[a-z][a-z0-9+.-]*:/i);
  const base = "https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas";
  ajv.addSchema(read(`${schemas}/manifest.schema.1.0.0.json`), `${base}/manifest.schema.1.0.0.json`);
  ajv.addSchema(read(`${schemas}/manifest.schema.2.0.0.json`), `${base}/manifest.schema.2.0.0.json`);
  return ajv.compile(read(`${schemas}/manifest.schema.json`));
}

describe("Slack app manifest", () => {
  it("is valid against Slack's manifest schema", () => {
    const validate = validator();
    const ok = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it("is refused by the schema when broken (the check can fail)", () => {
    const validate = validator();
    const broken = structuredClone(manifest) as { display_information: { name: string } };
    broken.display_information.name = "";
    expect(validate(broken)).toBe(false);
  });

  it("asks only for what the adapter uses, on the one URL", () => {
    const m = manifest as {
      oauth_config: { scopes: { bot: string[] } };
      settings: {
        event_subscriptions: { bot_events: string[]; request_url: string };
        interactivity: { request_url: string };
      };
      features: { slash_commands: { command: string; url: string }[] };
    };
    expect(m.oauth_config.scopes.bot.sort()).toEqual([
      "chat:write",
      "commands",
      "files:write",
      "im:history",
      "im:write",
      "users:read",
      "users:read.email",
    ]);
    expect(m.settings.event_subscriptions.bot_events.sort()).toEqual([
      "app_home_opened",
      "app_uninstalled",
      "message.im",
      "team_join",
      "tokens_revoked",
      "user_change",
    ]);
    const urls = [
      m.settings.event_subscriptions.request_url,
      m.settings.interactivity.request_url,
      m.features.slash_commands[0]?.url,
    ];
    for (const url of urls) expect(url).toMatch(/\/slack\/events$/);
    expect(m.features.slash_commands.map((c) => c.command)).toEqual(["/spreekuur"]);
  });

  it("installs in many workspaces: the OAuth redirect on the same host, the installer asks for the manifest's scopes", () => {
    const m = manifest as {
      oauth_config: { redirect_urls: string[]; scopes: { bot: string[] } };
      settings: { event_subscriptions: { request_url: string }; org_deploy_enabled: boolean };
    };
    const host = new URL(m.settings.event_subscriptions.request_url).origin;
    expect(m.oauth_config.redirect_urls).toEqual([`${host}${redirectPath}`]);
    expect([...botScopes].sort()).toEqual([...m.oauth_config.scopes.bot].sort());
    // Org-wide installs (Enterprise Grid) resolve by enterprise id (adapters/slack/installation-store.ts).
    expect(m.settings.org_deploy_enabled).toBe(true);
  });
});
