import { startApp } from "../../adapters/app.js";
import { SlackAdapter } from "../../adapters/slack/slack-adapter.js";
import type { AdaptiveCard } from "../../adapters/teams/card-types.js";
import { ManualClock } from "../../src/clock.js";
import type { Adapter } from "../../src/contract.js";
import { parseSessionsCsv } from "../../src/domain/session-import.js";
import { silentLogger } from "../../src/log.js";
import type { CoreContext } from "../../src/services/context.js";
import { drainOnce } from "../../src/services/delivery/drain.js";
import { importSessions } from "../../src/services/session-service.js";
import { adaptiveCardValidator } from "../support/adaptive-card-schema.js";
import { testConfig } from "../support/app-config.js";
import { tempDatabasePath } from "../support/driver.js";
import { FakeConnector } from "../support/fake-connector.js";
import { FakeSlack, type RecordedCall } from "../support/fake-slack.js";
import { blockAction, botToken, dmMessage, post, signingSecret, viewSubmission } from "../support/slack-requests.js";
import { TeamsUser } from "../support/teams-client.js";

// One small "platform harness" with two implementations: the real Slack stack (signed requests to Bolt, a fake Web
// API) and the real Teams stack (activities to /api/messages through CloudAdapter, a fake connector). A contract
// flow is written once against it and runs on both. What a member sees is read back from what the platform APIs
// were asked to show, normalised into a `Shown`, so the flows never look at Block Kit or Adaptive Cards.

export interface ShownInput {
  id: string;
  kind: "text" | "choice";
  multiline: boolean;
  multiple: boolean;
  maxLength?: number;
  options: { label: string; value: string }[];
  /** The prefilled value; for a multiple choice the values joined by commas, as in the contract. */
  value?: string;
}

export interface ShownFile {
  filename: string;
  content: string;
}

/** One surface the member saw: a message, a modal (Slack), a card (Teams), possibly replacing an earlier one. */
export interface Shown {
  text: string;
  buttons: string[];
  inputs: ShownInput[];
  /** Validation messages by input id. */
  errors: Record<string, string>;
  files: ShownFile[];
  /** Slack: the raw payload's size (blocks count); Teams: the card's bytes. For limit checks. */
  blockCount: number;
  bytes: number;
  title?: string;
}

export interface Member {
  readonly id: string;
  /** The member key as the core knows it ("slack:U1", "teams:29:a"). */
  readonly key: string;
  /** Everything this member was shown, oldest first. */
  readonly seen: Shown[];
  say(text: string): Promise<Shown[]>;
  /** Presses the button with this label (or matching it) on the newest surface that has one. */
  press(label: string | RegExp): Promise<Shown[]>;
  /** Fills in and submits the newest form. Values by input id; a multiple choice takes values joined by commas. */
  submit(values: Record<string, string>): Promise<Shown[]>;
}

export interface Platform {
  readonly name: "slack" | "teams";
  readonly ctx: CoreContext;
  readonly clock: ManualClock;
  /** The key prefix of this platform's members: ORGANISERS and leader_id use it. */
  key(id: string): string;
  member(id: string): Promise<Member>;
  /** Delivers what the core queued on its own initiative (the outbox) through the real adapter. */
  drain(): Promise<void>;
  /** The platform refuses the next message the bot sends: the member blocked the bot (Slack error, Teams 403). */
  blockNextSend(): void;
  /** Every platform limit a shown surface broke (Block Kit limits; Adaptive Card schema and size). Empty is good. */
  readonly problems: string[];
  stop(): Promise<void>;
}

export interface PlatformOptions {
  now: number;
  /** Member ids (without platform) who are organisers. */
  organisers?: string[];
  sessionsCsv?: (key: (id: string) => string) => string;
}

export type PlatformFactory = (options: PlatformOptions) => Promise<Platform>;

function importCsv(ctx: CoreContext, csv: string): void {
  const parsed = parseSessionsCsv(csv, ctx.config.BOT_TIMEZONE);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const outcome = importSessions(ctx, parsed.sessions, parsed.lines);
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
}

const matches = (label: string | RegExp, text: string) =>
  typeof label === "string" ? text === label : label.test(text);

/** What a submit carries: every input's current (prefilled) value, then what the member typed or chose. */
const formWith = (inputs: ShownInput[], values: Record<string, string>): Record<string, string> => ({
  ...Object.fromEntries(inputs.flatMap((i) => (i.value !== undefined ? [[i.id, i.value]] : []))),
  ...values,
});

async function drainAll(ctx: CoreContext, adapter: Adapter): Promise<void> {
  while ((await drainOnce(ctx, adapter)) > 0) {}
}

// ---------------------------------------------------------------------------------------------------------------
// Slack

interface SlackText {
  type: string;
  text: string;
}
interface SlackOption {
  text: SlackText;
  value: string;
}
interface SlackElement {
  type: string;
  action_id: string;
  text?: SlackText;
  value?: string;
  multiline?: boolean;
  max_length?: number;
  initial_value?: string;
  options?: SlackOption[];
  initial_option?: SlackOption;
  initial_options?: SlackOption[];
  option_groups?: { options: SlackOption[] }[];
}
interface SlackBlock {
  type: string;
  block_id?: string;
  text?: SlackText;
  fields?: SlackText[];
  elements?: SlackElement[];
  element?: SlackElement;
  label?: SlackText;
}

interface SlackSurface {
  shown: Shown;
  buttons: SlackElement[];
  /** Input block id → element type, for the state a submit carries. */
  elements: Map<string, string>;
  /** A form in a message: the button that submits it. */
  formSubmit?: SlackElement;
  /** A message: its channel and ts; a modal: its view id and metadata. */
  message?: { channel: string; ts: string };
  modal?: { id: string; privateMetadata: string };
}

function slackShown(blocks: SlackBlock[], fallback: string, title?: string): Omit<SlackSurface, "message" | "modal"> {
  const texts: string[] = [];
  const buttons: SlackElement[] = [];
  const inputs: ShownInput[] = [];
  const elements = new Map<string, string>();
  const errors: Record<string, string> = {};
  let lastInput: string | undefined;
  let lastRow: SlackElement[] = [];
  for (const block of blocks) {
    if (block.type === "context" && lastInput) errors[lastInput] = block.elements?.map((e) => e.text).join(" ") ?? "";
    if (block.type === "actions") lastRow = block.elements ?? [];
    if (block.type === "input" && block.block_id && block.element) {
      elements.set(block.block_id, block.element.type);
      lastInput = block.block_id;
    }
    if (block.text) texts.push(block.text.text);
    for (const field of block.fields ?? []) texts.push(field.text);
    if (block.type === "actions") buttons.push(...(block.elements ?? []).filter((e) => e.type === "button"));
    if (block.type === "input" && block.element && block.block_id) {
      const e = block.element;
      const multiple = e.type === "multi_static_select" || e.type === "checkboxes";
      const choice = e.type !== "plain_text_input";
      const listed = e.options ?? e.option_groups?.flatMap((g) => g.options) ?? [];
      const initial = multiple ? e.initial_options?.map((o) => o.value).join(",") : e.initial_option?.value;
      const value = choice ? initial : e.initial_value;
      inputs.push({
        id: block.block_id,
        kind: choice ? "choice" : "text",
        multiline: e.multiline ?? false,
        multiple,
        ...(e.max_length !== undefined ? { maxLength: e.max_length } : {}),
        options: listed.map((o) => ({ label: o.text.text, value: o.value })),
        ...(value !== undefined && value !== "" ? { value } : {}),
      });
    }
  }
  return {
    shown: {
      text: [fallback, ...texts].join("\n"),
      buttons: buttons.map((b) => b.text?.text ?? ""),
      inputs,
      errors,
      files: [],
      blockCount: blocks.length,
      bytes: JSON.stringify(blocks).length,
      ...(title ? { title } : {}),
    },
    buttons,
    elements,
    ...(inputs.length && lastRow[0] ? { formSubmit: lastRow[0] } : {}),
  };
}

/** What Slack would refuse in a message (50 blocks) or a modal (100 blocks, title and buttons 24). */
function slackLimits(kind: "message" | "modal", blocks: SlackBlock[], view?: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const max = kind === "modal" ? 100 : 50;
  if (blocks.length > max) problems.push(`${kind}: ${blocks.length} blocks > ${max}`);
  for (const key of ["title", "submit", "close"]) {
    const text = (view?.[key] as SlackText | undefined)?.text ?? "";
    if (Array.from(text).length > 24) problems.push(`modal ${key} "${text}" > 24`);
  }
  for (const block of blocks) {
    if ((block.text?.text.length ?? 0) > 3000) problems.push(`section text > 3000`);
    for (const e of block.elements ?? []) {
      if (e.type === "button" && Array.from(e.text?.text ?? "").length > 75) problems.push(`button > 75`);
    }
    const e = block.element;
    if (!e) continue;
    if ((e.max_length ?? 0) > 3000) problems.push(`input ${block.block_id} max_length > 3000`);
    if ((e.initial_value?.length ?? 0) > 3000) problems.push(`input ${block.block_id} initial value > 3000`);
    if ((e.options?.length ?? 0) > 100) problems.push(`input ${block.block_id}: > 100 options`);
  }
  return problems;
}

/** The one file part of a multipart upload (files.uploadV2 posts the bytes as form data). */
function multipartBody(raw: string): string {
  const boundary = raw.slice(0, raw.indexOf("\r\n"));
  if (!boundary.startsWith("--")) return raw;
  const start = raw.indexOf("\r\n\r\n") + 4;
  const end = raw.lastIndexOf(`\r\n${boundary}`);
  return raw.slice(start, end);
}

/** Form values as Slack puts them in `view.state.values`, by the element each input was rendered with. */
function slackState(elements: Map<string, string>, values: Record<string, string>): Record<string, unknown> {
  const state: Record<string, unknown> = {};
  for (const [id, value] of Object.entries(values)) {
    const type = elements.get(id) ?? "plain_text_input";
    const option = (v: string) => ({ text: { type: "plain_text", text: v }, value: v });
    const chosen = value.split(",").filter(Boolean);
    const typed =
      type === "plain_text_input"
        ? { type, value }
        : type === "multi_static_select" || type === "checkboxes"
          ? { type, selected_options: chosen.map(option) }
          : { type, selected_option: value ? option(value) : null };
    state[id] = { [id]: typed };
  }
  return state;
}

export const slackPlatform: PlatformFactory = async (options) => {
  const fake = await new FakeSlack().start();
  const clock = new ManualClock(options.now);
  const key = (id: string) => `slack:${id}`;
  const app = await startApp({
    config: testConfig({
      DATABASE_PATH: tempDatabasePath(),
      HOST: "127.0.0.1",
      ORGANISERS: (options.organisers ?? []).map(key).join(","),
      SLACK_BOT_TOKEN: botToken,
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_API_URL: fake.apiUrl,
    }),
    log: silentLogger,
    clock,
    drainEveryMs: 3_600_000,
  });
  const ctx = app.core.ctx;
  if (options.sessionsCsv) importCsv(ctx, options.sessionsCsv(key));
  const adapter = app.adapters.find((a) => a.platform === "slack");
  if (!(adapter instanceof SlackAdapter)) throw new Error("Slack adapter not mounted");
  const slackAdapter = adapter;
  const url = `http://127.0.0.1:${app.port}/slack/events`;
  const surfaces = new Map<string, SlackSurface[]>();
  const problems: string[] = [];
  let read = 0;
  let readUploads = 0;
  const uploadsSeen = new Map<string, string>();

  /** The work Bolt's listeners queued after their acks is done, and with it every Web API call it made. */
  async function settle(): Promise<void> {
    await new Promise((r) => setImmediate(r)); // the listener pushes its work right after the ack
    await slackAdapter.idle();
  }

  const listOf = (user: string) => {
    const list = surfaces.get(user) ?? [];
    surfaces.set(user, list);
    return list;
  };
  const userOfChannel = (channel: string) => (channel.startsWith("D") ? channel.slice(1) : undefined);

  /** Turns the Web API calls made since the last look into surfaces of the members they were for. */
  function collect(actor?: string, viewErrors?: Record<string, string>): Shown[] {
    const fresh: Shown[] = [];
    const uploads = fake.uploads.slice(readUploads);
    readUploads = fake.uploads.length;
    for (const upload of uploads) uploadsSeen.set(upload.id, multipartBody(upload.content));
    const filenames = new Map<string, string>();
    for (const call of fake.calls) {
      if (call.method === "files.getUploadURLExternal" && call.result)
        filenames.set(String(call.result.file_id), String(call.params.filename));
    }
    for (const call of fake.calls.slice(read) as RecordedCall[]) {
      const p = call.params;
      if (!call.result) continue;
      if (call.method === "chat.postMessage" || call.method === "chat.update") {
        const channel = String(p.channel);
        problems.push(...slackLimits("message", (p.blocks as SlackBlock[]) ?? []));
        const user = userOfChannel(channel);
        if (!user) continue;
        const surface: SlackSurface = {
          ...slackShown((p.blocks as SlackBlock[]) ?? [], String(p.text ?? "")),
          message: { channel, ts: String(call.result.ts) },
        };
        listOf(user).push(surface);
        if (user === actor) fresh.push(surface.shown);
      } else if (call.method === "views.open" && actor) {
        const view = p.view as { blocks: SlackBlock[]; title: SlackText; private_metadata: string };
        problems.push(...slackLimits("modal", view.blocks, p.view as Record<string, unknown>));
        const surface: SlackSurface = {
          ...slackShown(view.blocks, "", view.title.text),
          modal: { id: String((call.result.view as { id: string }).id), privateMetadata: view.private_metadata },
        };
        listOf(actor).push(surface);
        fresh.push(surface.shown);
      } else if (call.method === "files.completeUploadExternal") {
        const user = userOfChannel(String(p.channel_id));
        const files = JSON.parse(String(p.files)) as { id: string }[];
        const target = user ? listOf(user).findLast((s) => s.message) : undefined;
        for (const f of files) {
          target?.shown.files.push({ filename: filenames.get(f.id) ?? "", content: uploadsSeen.get(f.id) ?? "" });
        }
      }
    }
    read = fake.calls.length;
    if (viewErrors && actor) {
      // `response_action: errors` keeps the modal open with the messages beside the fields.
      const modal = listOf(actor).findLast((s) => s.modal);
      if (modal) {
        const again: SlackSurface = { ...modal, shown: { ...modal.shown, errors: viewErrors } };
        listOf(actor).push(again);
        fresh.push(again.shown);
      }
    }
    return fresh;
  }

  async function member(id: string): Promise<Member> {
    const seen = () => listOf(id).map((s) => s.shown);
    const send = async (request: Parameters<typeof post>[1]): Promise<Shown[]> => {
      const response = await post(url, request);
      if (response.status !== 200) throw new Error(`Slack answered ${response.status}`);
      const body = await response.text();
      const ack = body ? (JSON.parse(body) as { response_action?: string; errors?: Record<string, string> }) : {};
      await settle();
      return collect(id, ack.response_action === "errors" ? ack.errors : undefined);
    };
    const self: Member = {
      id,
      key: key(id),
      get seen() {
        return seen();
      },
      say: (text) => send(dmMessage(id, text)),
      async press(label) {
        const fits = (b: SlackElement) => matches(label, b.text?.text ?? "");
        const surface = listOf(id).findLast((s) => s.buttons.some(fits));
        const button = surface?.buttons.find(fits);
        if (!surface || !button) throw new Error(`Slack: no button "${label}" shown to ${id}`);
        return send(
          blockAction({
            user: id,
            actionId: button.action_id,
            ...(button.value !== undefined ? { value: button.value } : {}),
            ...(surface.message ? { channel: surface.message.channel, ts: surface.message.ts } : {}),
          }),
        );
      },
      async submit(values) {
        const surface = listOf(id).findLast((s) => s.shown.inputs.length > 0);
        if (!surface) throw new Error(`Slack: no form shown to ${id}`);
        const state = slackState(surface.elements, formWith(surface.shown.inputs, values));
        if (surface.modal) {
          const { modal } = surface;
          return send(viewSubmission(id, { id: modal.id, private_metadata: modal.privateMetadata }, state));
        }
        // A form in a message: its submit button (the first of the last row) carries the inputs' state.
        const submit = surface.formSubmit;
        if (!submit || !surface.message) throw new Error(`Slack: the form shown to ${id} has no submit button`);
        return send(
          blockAction({
            user: id,
            actionId: submit.action_id,
            ...(submit.value !== undefined ? { value: submit.value } : {}),
            channel: surface.message.channel,
            ts: surface.message.ts,
            state,
          }),
        );
      },
    };
    await self.say("help");
    return self;
  }

  return {
    name: "slack",
    ctx,
    clock,
    key,
    member,
    problems,
    blockNextSend: () => fake.fail("chat.postMessage", { error: "cannot_dm_bot" }),
    async drain() {
      await drainAll(ctx, adapter);
      await settle();
      collect();
    },
    async stop() {
      await app.stop();
      await fake.stop();
    },
  };
};

// ---------------------------------------------------------------------------------------------------------------
// Teams

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
      DATABASE_PATH: tempDatabasePath(),
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

export const platforms: [string, PlatformFactory][] = [
  ["slack", slackPlatform],
  ["teams", teamsPlatform],
];
