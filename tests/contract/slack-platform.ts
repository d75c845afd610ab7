import { startApp } from "../../adapters/app.js";
import { SlackAdapter } from "../../adapters/slack/slack-adapter.js";
import { ManualClock } from "../../src/clock.js";
import { silentLogger } from "../../src/log.js";
import { testConfig } from "../support/app-config.js";
import { tempDatabasePath } from "../support/driver.js";
import { FakeSlack, type RecordedCall } from "../support/fake-slack.js";
import { blockAction, botToken, dmMessage, post, signingSecret, viewSubmission } from "../support/slack-requests.js";
import { drainAll, formWith, importCsv, type Member, matches, type PlatformFactory, type Shown } from "./platform.js";
import {
  multipartBody,
  type SlackBlock,
  type SlackElement,
  type SlackSurface,
  type SlackText,
  slackLimits,
  slackShown,
  slackState,
} from "./slack-surfaces.js";

// The real Slack stack as a contract platform: signed requests to Bolt, a fake Web API whose calls are read back.

export const slackPlatform: PlatformFactory = async (options) => {
  const fake = await new FakeSlack().start();
  const clock = new ManualClock(options.now);
  const key = (id: string) => `slack:${id}`;
  const app = await startApp({
    config: testConfig({
      DATABASE_PATH: options.databasePath ?? tempDatabasePath(),
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
