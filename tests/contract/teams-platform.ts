import { startApp } from "../../adapters/app.js";
import type { AdaptiveCard } from "../../adapters/teams/card-types.js";
import { ManualClock } from "../../src/clock.js";
import { silentLogger } from "../../src/log.js";
import { adaptiveCardValidator } from "../support/adaptive-card-schema.js";
import { testConfig } from "../support/app-config.js";
import { tempDatabasePath } from "../support/driver.js";
import { FakeConnector } from "../support/fake-connector.js";
import { TeamsUser } from "../support/teams-client.js";
import {
  drainAll,
  formWith,
  importCsv,
  type Member,
  matches,
  type PlatformFactory,
  type Shown,
  type ShownFile,
  type ShownInput,
} from "./platform.js";

// The real Teams stack as a contract platform: activities to /api/messages through CloudAdapter, a fake connector
// whose posted cards are read back.

interface CardNode {
  type?: string;
  text?: string;
  title?: string;
  id?: string;
  url?: string;
  verb?: string;
  data?: Record<string, unknown>;
  associatedInputs?: string;
  facts?: { title: string; value: string }[];
  choices?: { title: string; value: string }[];
  isMultiSelect?: boolean;
  isMultiline?: boolean;
  maxLength?: number;
  value?: string;
  color?: string;
  body?: CardNode[];
  actions?: CardNode[];
}

interface TeamsSurface {
  shown: Shown;
  executes: CardNode[];
}

const publicUrl = "https://spreekuur.test";
/** Teams refuses a message over about 100 KB (card and activity together); the card must stay well under it. */
const teamsMessageBytes = 100 * 1024;
const validateCard = adaptiveCardValidator();

export const teamsPlatform: PlatformFactory = async (options) => {
  const connector = await new FakeConnector().start();
  const clock = new ManualClock(options.now);
  const key = (id: string) => `teams:${id}`;
  const app = await startApp({
    config: testConfig({
      DATABASE_PATH: options.databasePath ?? tempDatabasePath(),
      ORGANISERS: (options.organisers ?? []).map(key).join(","),
      PUBLIC_URL: publicUrl,
    }),
    log: silentLogger,
    clock,
    drainEveryMs: 3_600_000,
  });
  const ctx = app.core.ctx;
  if (options.sessionsCsv) importCsv(ctx, options.sessionsCsv(key));
  const adapter = app.adapters.find((a) => a.platform === "teams");
  if (!adapter) throw new Error("Teams adapter not mounted");
  const botUrl = `http://127.0.0.1:${app.port}`;
  const surfaces = new Map<string, TeamsSurface[]>();
  const problems: string[] = [];
  let read = 0;

  const listOf = (user: string) => {
    const list = surfaces.get(user) ?? [];
    surfaces.set(user, list);
    return list;
  };

  /** Opens a link the card offers, as the member's browser would: only links to the bot itself are followed. */
  async function download(link: string): Promise<ShownFile | undefined> {
    if (!link.startsWith(publicUrl)) return undefined;
    const response = await fetch(new URL(new URL(link).pathname, botUrl));
    if (response.status !== 200) throw new Error(`download ${link}: ${response.status}`);
    const disposition = response.headers.get("content-disposition") ?? "";
    return { filename: /filename="([^"]+)"/.exec(disposition)?.[1] ?? "", content: await response.text() };
  }

  async function cardShown(card: AdaptiveCard): Promise<TeamsSurface> {
    problems.push(...validateCard(card).map((e) => `card schema: ${e}`));
    const size = Buffer.byteLength(JSON.stringify(card));
    if (size > teamsMessageBytes) problems.push(`card of ${size} bytes > ${teamsMessageBytes}`);
    const texts: string[] = [card.fallbackText];
    const executes: CardNode[] = [];
    const inputs: ShownInput[] = [];
    const errors: Record<string, string> = {};
    const files: ShownFile[] = [];
    let title: string | undefined;
    let lastInput: string | undefined;
    const links: string[] = [];
    const visit = (node: CardNode): void => {
      switch (node.type) {
        case "TextBlock":
          texts.push(node.text ?? "");
          if (node.color === "Attention" && lastInput) errors[lastInput] = node.text ?? "";
          return;
        case "FactSet":
          for (const f of node.facts ?? []) texts.push(`${f.title}: ${f.value}`);
          return;
        case "Input.Text":
        case "Input.ChoiceSet": {
          const choice = node.type === "Input.ChoiceSet";
          inputs.push({
            id: node.id ?? "",
            kind: choice ? "choice" : "text",
            multiline: node.isMultiline ?? false,
            multiple: node.isMultiSelect ?? false,
            ...(node.maxLength !== undefined ? { maxLength: node.maxLength } : {}),
            options: (node.choices ?? []).map((c) => ({ label: c.title, value: c.value })),
            ...(node.value !== undefined && node.value !== "" ? { value: node.value } : {}),
          });
          lastInput = node.id;
          return;
        }
        case "Action.Execute":
          executes.push(node);
          return;
        case "Action.OpenUrl":
          links.push(node.url ?? "");
          return;
      }
      for (const child of [...(node.body ?? []), ...(node.actions ?? [])]) visit(child);
    };
    visit(card as unknown as CardNode);
    const [heading] = card.body;
    if (heading?.type === "TextBlock" && "weight" in heading && heading.weight === "Bolder") title = heading.text;
    for (const link of links) {
      const file = await download(link);
      if (file) files.push(file);
    }
    return {
      shown: {
        text: texts.join("\n"),
        buttons: executes.map((e) => e.title ?? ""),
        inputs,
        errors,
        files,
        blockCount: card.body.length,
        bytes: Buffer.byteLength(JSON.stringify(card)),
        ...(title ? { title } : {}),
      },
      executes,
    };
  }

  /** Cards the connector was asked to post since the last look, filed under the conversation's member. */
  async function collect(actor?: string): Promise<Shown[]> {
    const fresh: Shown[] = [];
    for (const call of connector.calls.slice(read)) {
      read++;
      // What the connector refused never reached the member.
      if (call.method !== "POST" || call.status !== 200 || !call.conversationId?.startsWith("a:personal-")) continue;
      const user = call.conversationId.slice("a:personal-".length);
      const attachments = call.body.attachments as { content: AdaptiveCard }[] | undefined;
      const card = attachments?.[0]?.content;
      if (!card) continue;
      const surface = await cardShown(card);
      listOf(user).push(surface);
      if (user === actor) fresh.push(surface.shown);
    }
    return fresh;
  }

  async function member(id: string): Promise<Member> {
    const user = new TeamsUser(botUrl, connector.url, id);
    const execute = async (node: CardNode, inputs: Record<string, string> = {}): Promise<Shown[]> => {
      const { status, body } = await user.execute(node.verb ?? "", { ...(node.data ?? {}), ...inputs });
      if (status !== 200) throw new Error(`Teams answered ${status}`);
      const fresh = await collect(id);
      if (typeof body.value === "object") {
        // The invoke response replaces the card the action came from.
        const surface = await cardShown(body.value);
        listOf(id).push(surface);
        fresh.push(surface.shown);
      }
      return fresh;
    };
    const self: Member = {
      id,
      key: key(id),
      get seen() {
        return listOf(id).map((s) => s.shown);
      },
      async say(text) {
        const response = await user.say(text);
        if (response.status !== 200) throw new Error(`Teams answered ${response.status}`);
        return collect(id);
      },
      async press(label) {
        const fits = (e: CardNode) => matches(label, e.title ?? "");
        const surface = listOf(id).findLast((s) => s.executes.some(fits));
        const action = surface?.executes.find(fits);
        if (!action) throw new Error(`Teams: no button "${label}" shown to ${id}`);
        return execute(action);
      },
      async submit(values) {
        const surface = listOf(id).findLast((s) => s.shown.inputs.length > 0);
        const action = surface?.executes.find((e) => e.associatedInputs === "auto");
        if (!surface || !action) throw new Error(`Teams: no form shown to ${id}`);
        return execute(action, formWith(surface.shown.inputs, values));
      },
    };
    await user.install();
    await collect(id);
    return self;
  }

  return {
    name: "teams",
    ctx,
    clock,
    key,
    member,
    problems,
    blockNextSend: () =>
      connector.failures.push({ status: 403, body: { error: { code: "MessageWritesBlocked", message: "blocked" } } }),
    async drain() {
      await drainAll(ctx, adapter);
      await collect();
    },
    async stop() {
      await app.stop();
      await connector.stop();
    },
  };
};
