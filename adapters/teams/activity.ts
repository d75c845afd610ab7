import type { Activity } from "botbuilder";
import type { From, Inbound } from "../../src/contract.js";

// Normalises a Teams activity into the core's inbound shape: who, where, what.

/** The tenant of an activity: on the conversation, else in the channel data. */
export function tenantOf(activity: Partial<Activity>): string | undefined {
  const fromChannel = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  return activity.conversation?.tenantId || (typeof fromChannel === "string" && fromChannel ? fromChannel : undefined);
}

export function fromOf(activity: Partial<Activity>): From | undefined {
  const user = activity.from?.id;
  const conversation = activity.conversation?.id;
  if (!user || !conversation) return undefined;
  const tenant = tenantOf(activity);
  return {
    platform: "teams",
    conversation,
    user,
    ...(tenant ? { workspace: tenant } : {}),
    direct: activity.conversation?.conversationType === "personal",
    ...(activity.locale ? { locale: activity.locale } : {}),
  };
}

/** String inputs of a card submit, without our own routing keys. */
function formOf(data: Record<string, unknown>): Record<string, string> | undefined {
  const entries = Object.entries(data).filter(
    ([key, value]) => key !== "actionId" && key !== "value" && key !== "msteams" && typeof value === "string",
  ) as [string, string][];
  return entries.length ? Object.fromEntries(entries) : undefined;
}

function actionOf(data: unknown, from: From, eventId: string | undefined): Inbound | undefined {
  if (!data || typeof data !== "object") return undefined;
  const record = data as Record<string, unknown>;
  if (typeof record.actionId !== "string") return undefined;
  const form = formOf(record);
  return {
    kind: "action",
    actionId: record.actionId,
    ...(typeof record.value === "string" ? { value: record.value } : {}),
    ...(form ? { form } : {}),
    from,
    ...(eventId ? { eventId } : {}),
  };
}

/** A typed message, or an `Action.Submit` (a message whose value carries our action data). */
export function messageInbound(activity: Partial<Activity>): Inbound | undefined {
  const from = fromOf(activity);
  if (!from) return undefined;
  const submitted = actionOf(activity.value, from, activity.id);
  if (submitted) return submitted;
  const text = (activity.text ?? "").replace(/<at>.*?<\/at>/g, "").trim();
  if (!text) return undefined;
  return { kind: "message", text, from, ...(activity.id ? { eventId: activity.id } : {}) };
}

/** The `adaptiveCard/action` invoke of an `Action.Execute`: the verb is the action id, data carries value and inputs. */
export function executeInbound(activity: Partial<Activity>): Inbound | undefined {
  const from = fromOf(activity);
  const action = (activity.value as { action?: { type?: unknown; verb?: unknown; data?: unknown } } | undefined)
    ?.action;
  if (!from || action?.type !== "Action.Execute" || typeof action.verb !== "string") return undefined;
  const data = { ...(action.data && typeof action.data === "object" ? action.data : {}), actionId: action.verb };
  const inbound = actionOf(data, from, activity.id);
  // The card clicked is the activity the invoke answers: in the member's chat, the core may update it later.
  if (inbound?.kind !== "action" || !from.direct || !activity.replyToId) return inbound;
  return { ...inbound, source: activity.replyToId };
}
