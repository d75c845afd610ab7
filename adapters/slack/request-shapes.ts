import { z } from "zod";
import { directoryEventSchema } from "./directory-events.js";
import { slashCommand } from "./handlers.js";
import { installEventSchemas } from "./install-events.js";
import { formCallbackId } from "./render-modal.js";

// What a signed Slack body must look like before Bolt and our listeners see it. Bolt trusts the shape of whatever
// is signed (a `null` payload ends the process, `user: null` answers 500), so each body is first sorted the way
// Bolt sorts it (App.processEvent / getTypeAndConversation, in the same order), then checked against what the
// listener registered in handlers.ts reads. Anything no listener takes is answered 200 at once, instead of after
// Bolt's 3 s wait with a 404.

export type Verdict =
  | { kind: "pass"; what: string }
  | { kind: "ignore"; what: string }
  | { kind: "reject"; what: string; reason: string };

const id = z.string().min(1);
/** Any JSON object (Bolt does `"key" in value` on these, which throws on a string or null). */
const anObject = z.record(z.string(), z.unknown());

/** `state.values`: block id → action id → the input's value (handlers.ts formValues). */
const stateValues = z.record(
  z.string(),
  z.record(
    z.string(),
    z.object({
      value: z.string().nullish(),
      selected_option: z.object({ value: z.string() }).nullish(),
      selected_options: z.array(z.object({ value: z.string() })).nullish(),
    }),
  ),
);

const command = z.object({
  command: z.string(),
  text: z.string(),
  user_id: id,
  channel_id: id,
  trigger_id: id,
  response_url: z.string(),
});

// Team and user: Bolt reads `team.id`, else `user.team_id`, and `user.id` for every interactive payload.
const interactive = {
  user: z.object({ id, team_id: z.string().optional() }),
  team: z.object({ id: z.string() }).nullish(),
  enterprise: z.object({ id: z.string() }).nullish(),
};

const blockActions = z.object({
  ...interactive,
  trigger_id: id,
  actions: z.array(z.object({ type: z.string(), action_id: z.string(), value: z.string().optional() })).min(1),
  channel: z.object({ id }).optional(),
  container: z.object({ is_ephemeral: z.boolean().optional(), message_ts: z.string().optional() }).optional(),
  message: z.object({ ts: z.string() }).optional(),
  view: z.object({ type: z.string() }).optional(),
  state: z.object({ values: stateValues }).optional(),
  response_url: z.string().optional(),
});

const viewEnvelope = z.object({ ...interactive, view: z.object({ callback_id: z.string() }) });
const formSubmission = viewEnvelope.extend({
  trigger_id: z.string().optional(),
  view: z.object({
    id,
    callback_id: z.string(),
    private_metadata: z.string(),
    hash: z.string(),
    state: z.object({ values: stateValues }),
    app_installed_team_id: z.string().optional(),
  }),
  response_urls: z.array(z.object({ response_url: z.string() })).optional(),
});

const eventEnvelope = z.object({
  type: z.literal("event_callback"),
  event_id: id,
  team_id: z.string().optional(),
  // Bolt reads authorizations[0].team_id / enterprise_id.
  authorizations: z.array(anObject).optional(),
  event: z.object({ type: z.string() }),
});

// Fields Bolt looks into on every event it dispatches.
const eventCommon = { item: anObject.optional(), subteam: anObject.optional(), channel_id: z.string().optional() };

const messageEvent = z
  .object({
    ...eventCommon,
    type: z.literal("message"),
    channel: id,
    channel_type: z.string().optional(),
    user: id.optional(),
    text: z.string().optional(),
    subtype: z.string().optional(),
    bot_id: z.string().optional(),
    ts: z.string().optional(),
    thread_ts: z.string().optional(),
  })
  // The one the DM listener acts on needs its sender.
  .refine((m) => m.channel_type !== "im" || m.subtype !== undefined || m.bot_id !== undefined || m.user, {
    path: ["user"],
    message: "a direct message needs its user",
  });

const homeOpened = z.object({
  ...eventCommon,
  type: z.literal("app_home_opened"),
  user: id,
  channel: z.string().optional(),
  tab: z.string().optional(),
});

/** The events a listener is registered for; other event types are ignored. */
const listenedEvents: Record<string, z.ZodType> = {
  message: messageEvent,
  app_home_opened: homeOpened,
  team_join: directoryEventSchema.extend(eventCommon),
  user_change: directoryEventSchema.extend(eventCommon),
  app_uninstalled: installEventSchemas.app_uninstalled.extend(eventCommon),
  tokens_revoked: installEventSchemas.tokens_revoked.extend(eventCommon),
};

function check(schema: z.ZodType, value: unknown, what: string): Verdict {
  const result = schema.safeParse(value);
  if (result.success) return { kind: "pass", what };
  // Field names only, never values: the reason is logged and answered.
  const issue = result.error.issues[0];
  const where = issue?.path.length ? issue.path.join(".") : "body";
  const message = issue?.message.replace(/^Invalid input: /, "") ?? "is invalid";
  return { kind: "reject", what, reason: `${what}: ${where}: ${message}` };
}

const reject = (what: string, reason: string): Verdict => ({ kind: "reject", what, reason });
const ignore = (what: string): Verdict => ({ kind: "ignore", what });

/** Sorts a parsed body as Bolt would and says whether Bolt should see it. */
export function classifySlackBody(body: Record<string, unknown>): Verdict {
  const type = typeof body.type === "string" ? body.type : undefined;
  if (type === "url_verification") {
    return typeof body.challenge === "string" ? { kind: "pass", what: type } : reject(type, "challenge is missing");
  }
  if (body.event !== undefined) {
    const envelope = check(eventEnvelope, body, "event_callback");
    if (envelope.kind !== "pass") return envelope;
    const eventType = (body.event as { type: string }).type;
    const schema = listenedEvents[eventType];
    return schema ? check(schema, body.event, `event ${eventType}`) : ignore(`event ${eventType}`);
  }
  if (body.command !== undefined) {
    if (typeof body.command !== "string") return reject("command", "command must be one text");
    return body.command === slashCommand ? check(command, body, "command") : ignore("command");
  }
  if (body.name !== undefined || type === "block_suggestion") return ignore("options");
  if (body.actions !== undefined || type === "dialog_submission" || type === "block_actions") {
    return type === "block_actions" ? check(blockActions, body, type) : ignore(type ?? "actions");
  }
  if (type === "view_submission") {
    const envelope = check(viewEnvelope, body, type);
    if (envelope.kind !== "pass") return envelope;
    const callbackId = (body.view as { callback_id: string }).callback_id;
    // A modal from an older version of the bot: Slack closes it on an empty 200.
    return callbackId === formCallbackId ? check(formSubmission, body, type) : ignore(`${type} (other callback)`);
  }
  if (type !== undefined) return ignore(type);
  return reject("body", "type is missing");
}
