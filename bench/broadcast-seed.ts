// The broadcast benchmark's workspaces and members: Slack installations stored as the OAuth installer stores them
// (the bot token sealed), members with an identity in their own workspace or tenant, and each Teams member's
// conversation reference in their tenant (what a proactive message needs).
import { saveReference } from "../adapters/teams/conversation-refs.js";
import type { TokenKeys } from "../src/config/token-key-config.js";
import { saveInstallation } from "../src/domain/installations.js";
import { ensureMember } from "../src/domain/members.js";
import { createSecretBox } from "../src/services/secret-box.js";
import { type Db, inTransaction } from "../src/storage/db.js";

export interface BenchPlace {
  platform: "slack" | "teams";
  /** Slack team id, Teams tenant id. */
  workspace: string;
  name: string;
  members: number;
}

/** What the fake Slack answered when the app was installed in a workspace. */
export interface SlackInstall {
  teamId: string;
  botToken: string;
  botUserId: string;
  botId: string;
}

/**
 * 15,000 by default: 4,000 + 3,000 + 2,000 in Slack, 3,500 + 2,500 in Teams; BENCH_RECIPIENTS scales them,
 * BENCH_ONLY=slack or teams keeps one platform's (to tell their costs apart).
 */
export function benchPlaces(total = Number(process.env.BENCH_RECIPIENTS ?? 15_000)): BenchPlace[] {
  const share = (parts: number) => Math.max(1, Math.round((total * parts) / 150));
  const only = process.env.BENCH_ONLY;
  const places: BenchPlace[] = [
    { platform: "slack", workspace: "T0HAUTRECHT", name: "Huisartsen Utrecht", members: share(40) },
    { platform: "slack", workspace: "T0ZGNOORD", name: "Zorggroep Noord", members: share(30) },
    { platform: "slack", workspace: "T0HAZEELAND", name: "Huisartsen Zeeland", members: share(20) },
    { platform: "teams", workspace: "0b6a7c1e-5d2f-4a8b-9c3d-000000000001", name: "tenant Oost", members: share(35) },
    { platform: "teams", workspace: "0b6a7c1e-5d2f-4a8b-9c3d-000000000002", name: "tenant West", members: share(25) },
  ];
  return only ? places.filter((p) => p.platform === only) : places;
}

export interface SeedOptions {
  installs: Map<string, SlackInstall>;
  keys: TokenKeys;
  /** The fake connector's base URL, as the references' serviceUrl. */
  serviceUrl: string;
}

export function seedPlaces(db: Db, places: BenchPlace[], { installs, keys, serviceUrl }: SeedOptions): void {
  const box = createSecretBox(keys);
  const now = Date.now();
  inTransaction(db, () => {
    for (const [index, place] of places.entries()) {
      const { workspace } = place;
      const install = installs.get(workspace);
      if (place.platform === "slack" && install) {
        saveInstallation(
          db,
          {
            platform: "slack",
            workspace,
            teamId: workspace,
            enterpriseId: null,
            enterpriseInstall: false,
            name: place.name,
            appId: "A0SPREEKUUR",
            botId: install.botId,
            botUserId: install.botUserId,
            scopes: ["chat:write", "im:write", "users:read"],
            sealedBotToken: box.seal(install.botToken),
          },
          now,
        );
      }
      for (let i = 0; i < place.members; i++) {
        if (place.platform === "slack") {
          ensureMember(db, "slack", `U${workspace}${i}`, now, `D${workspace}${i}`, workspace);
          continue;
        }
        const user = `29:member-${index}-${i}`;
        const conversation = `a:dm-${index}-${i}`;
        ensureMember(db, "teams", user, now, conversation, workspace);
        saveReference(
          db,
          {
            channelId: "msteams",
            serviceUrl,
            conversation: {
              id: conversation,
              name: "",
              conversationType: "personal",
              tenantId: workspace,
              isGroup: false,
            },
            user: { id: user, name: "" },
            bot: { id: "28:spreekuur", name: "Spreekuur" },
          },
          user,
          now,
        );
      }
    }
  });
}
