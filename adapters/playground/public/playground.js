// The playground page plays the Teams client and the Bot Framework connector: it posts activities to the bot's
// /api/messages with a serviceUrl pointing back at /playground/connector/, and shows what arrives there.
// The server keeps each conversation (both sides, in order) while the bot runs, so a reload replays it.
/* global AdaptiveCards */
import { activityText, logTraffic, markdownHtml } from "/playground/traffic.js";

const identities = {
  gp: { key: "gp", id: "pg-gp-1", name: "Dokter Jansen" },
  gp2: { key: "gp2", id: "pg-gp-2", name: "Dokter de Boer" },
  organiser: { key: "organiser", id: "pg-organiser", name: "Organisator" },
};
const chips = {
  member: ["sessies", "sessies utrecht", "sessies september", "mijn sessies", "mijn gegevens", "help"],
  organiser: window.SPREEKUUR_ORGANISER_CHIPS || [],
};
const bot = { id: "28:spreekuur", name: "Spreekuur" };
const cardType = "application/vnd.microsoft.card.adaptive";

/** The tab's own memory (sessionStorage): who is shown, each identity's language and unread count. */
const remember = {
  get: (key, fallback) => JSON.parse(sessionStorage.getItem(key) ?? "null") ?? fallback,
  set: (key, value) => sessionStorage.setItem(key, JSON.stringify(value)),
};

const localeSelect = document.getElementById("locale");
const chat = document.querySelector(".chat");
let identity = identities[remember.get("identity", "gp")] ?? identities.gp;
/** One transcript per identity, each with its own event stream from the start: the shown one is #messages. */
const transcripts = new Map();
const elementsByActivity = new Map();

// The core writes **bold** and _italic_; Teams renders markdown, and so does the page.
AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
  result.outputHtml = markdownHtml(text);
  result.didProcess = true;
};

const conversationOf = (who) => `pg-conv-${who.id}`;
const localeOf = (who) => remember.get(`locale:${who.key}`, "nl-NL");

function base(type) {
  return {
    type,
    // The prefix tells the connector a reply to the page from a proactive message (see connector.ts).
    id: `pg-${crypto.randomUUID()}`,
    timestamp: new Date().toISOString(),
    channelId: "msteams",
    serviceUrl: `${location.origin}/playground/connector/`,
    from: { id: identity.id, name: identity.name, aadObjectId: identity.id },
    recipient: bot,
    conversation: { id: conversationOf(identity), conversationType: "personal", tenantId: "playground" },
    // The identity's language, as Teams sends the client's: the bot answers in it.
    locale: localeOf(identity),
    channelData: { tenant: { id: "playground" } },
  };
}

async function post(activity) {
  logTraffic("out", `${identity.name}: ${activity.type}${activity.name ? ` ${activity.name}` : ""}`, activity.text);
  const response = await fetch("/api/messages", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(activity),
  });
  const body = await response.text();
  logTraffic("in", `HTTP ${response.status}${body ? ` (${body.length} bytes)` : ""}`);
  if (response.status === 401) {
    showNotice(
      "De bot weigert niet-ondertekende berichten: de speeltuin werkt alleen zolang MICROSOFT_APP_ID leeg is.",
    );
  }
  return body ? JSON.parse(body) : undefined;
}

/** Records the page's side (what was typed, a card answered in place) with the server, for a reload. */
async function record(kind, activity) {
  await fetch(`/playground/transcript/${encodeURIComponent(conversationOf(identity))}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ kind, activity }),
  }).catch(() => undefined);
}

function renderCard(content, activityId) {
  const card = new AdaptiveCards.AdaptiveCard();
  card.onExecuteAction = (action) => onAction(action, activityId);
  card.parse(content);
  const element = card.render();
  const wrapper = document.createElement("div");
  wrapper.className = "card";
  if (element) wrapper.appendChild(element);
  return wrapper;
}

function renderActivity(activity, proactive) {
  const li = document.createElement("li");
  li.className = "bot";
  li.dataset.activityId = activity.id;
  if (!proactive && activity.replyToId) li.dataset.replyTo = activity.replyToId;
  const meta = document.createElement("div");
  meta.className = "meta";
  meta.textContent = `Spreekuur${proactive ? " · uit zichzelf" : ""}`;
  li.appendChild(meta);
  fillActivity(li, activity);
  return li;
}

function fillActivity(li, activity) {
  // The same content again (the page's own answer echoed, a replay) keeps the card and what was typed in it.
  const content = JSON.stringify([activity.text, activity.attachments]);
  if (li.dataset.content === content) return;
  li.dataset.content = content;
  for (const child of [...li.children].slice(1)) child.remove();
  const cards = (activity.attachments || []).filter((a) => a.contentType === cardType);
  if (!cards.length && activity.text) {
    const text = document.createElement("div");
    text.className = "text";
    text.textContent = activity.text;
    li.appendChild(text);
  }
  for (const attachment of cards) li.appendChild(renderCard(attachment.content, activity.id));
  for (const attachment of (activity.attachments || []).filter((a) => a.contentType !== cardType)) {
    const link = document.createElement("a");
    link.href = attachment.contentUrl || "#";
    link.textContent = attachment.name || "bijlage";
    li.appendChild(link);
  }
}

function showMine(list, activity) {
  const li = document.createElement("li");
  li.className = "me";
  li.dataset.activityId = activity.id;
  li.textContent = activity.text;
  elementsByActivity.set(activity.id, li);
  list.appendChild(li);
  return li;
}

function showEvent(event, transcript) {
  const { activity } = event;
  if (activity.type !== "message") return;
  const existing = elementsByActivity.get(activity.id);
  if (existing) {
    // An update or answer replaces the card; the same activity again (a replay) is ignored.
    if (event.kind === "update" || event.kind === "answer") fillActivity(existing, activity);
    if (event.kind === "update" && transcript.replayed) logTraffic("in", `update ${activity.id.slice(0, 8)}`);
    return;
  }
  if (event.kind === "update" || event.kind === "answer") return;
  const li = event.kind === "mine" ? showMine(transcript.list, activity) : renderActivity(activity, event.proactive);
  if (event.kind !== "mine") {
    elementsByActivity.set(activity.id, li);
    transcript.list.appendChild(li);
  }
  if (transcript.who === identity) li.scrollIntoView({ block: "end" });
  if (event.kind === "mine" || !transcript.replayed) return;
  logTraffic("in", `${transcript.who.name}: message${event.proactive ? " (proactief)" : ""}`, activityText(activity));
  if (transcript.who !== identity) setUnread(transcript.who, remember.get(`unread:${transcript.who.key}`, 0) + 1);
}

/** The badge on an identity's tab: messages that arrived while another identity was shown. */
function setUnread(who, count) {
  remember.set(`unread:${who.key}`, count);
  const badge = document.querySelector(`#identities [data-identity="${who.key}"] .badge`);
  badge.textContent = count ? String(count) : "";
  badge.hidden = !count;
  badge.setAttribute("aria-label", `${count} nieuw`);
}

function showNotice(text) {
  const li = document.createElement("li");
  li.className = "bot";
  const div = document.createElement("div");
  div.className = "text";
  div.textContent = text;
  li.appendChild(div);
  transcripts.get(identity.key).list.appendChild(li);
}

async function onAction(action, activityId) {
  if (action instanceof AdaptiveCards.OpenUrlAction) {
    // A calendar invite (.ics, served as an attachment) downloads in place; other links open a new tab.
    const link = document.createElement("a");
    link.href = action.url;
    if (new URL(action.url).pathname.endsWith(".ics")) link.download = "";
    else link.target = "_blank";
    link.rel = "noopener";
    link.click();
    logTraffic("out", `GET ${new URL(action.url).pathname.slice(0, 40)}…`);
    return;
  }
  if (action instanceof AdaptiveCards.ExecuteAction) {
    const invoke = {
      ...base("invoke"),
      name: "adaptiveCard/action",
      replyToId: activityId,
      value: {
        action: { type: "Action.Execute", id: action.id, verb: action.verb, data: action.data },
        trigger: "manual",
      },
    };
    const answer = await post(invoke);
    const target = elementsByActivity.get(activityId);
    if (answer?.value && answer.type === cardType && target) {
      const updated = {
        id: activityId,
        type: "message",
        attachments: [{ contentType: cardType, content: answer.value }],
      };
      fillActivity(target, updated);
      await record("answer", updated);
    }
    return;
  }
  if (action instanceof AdaptiveCards.SubmitAction) {
    await post({ ...base("message"), replyToId: activityId, value: action.data });
  }
}

async function say(text) {
  const activity = { ...base("message"), text };
  showMine(transcripts.get(identity.key).list, activity).scrollIntoView({ block: "end" });
  // Recorded first, so that the replay after a reload has it before the bot's answer.
  await record("mine", { id: activity.id, type: "message", text });
  await post(activity);
}

function subscribe(who) {
  const list = document.createElement("ol");
  list.className = "messages";
  list.setAttribute("aria-live", "polite");
  list.hidden = true;
  chat.prepend(list);
  const transcript = { who, list, replayed: false };
  transcripts.set(who.key, transcript);
  const events = new EventSource(`/playground/events/${encodeURIComponent(conversationOf(who))}`);
  events.onmessage = (message) => showEvent(JSON.parse(message.data), transcript);
  events.addEventListener("replayed", () => {
    transcript.replayed = true;
    list.dataset.conversation = conversationOf(who);
    if (who === identity) list.lastElementChild?.scrollIntoView({ block: "end" });
  });
}

function show(who) {
  identity = who;
  remember.set("identity", who.key);
  for (const transcript of transcripts.values()) {
    const shown = transcript.who === who;
    transcript.list.hidden = !shown;
    if (shown) transcript.list.id = "messages";
    else transcript.list.removeAttribute("id");
  }
  for (const tab of document.querySelectorAll("#identities [data-identity]")) {
    tab.setAttribute("aria-selected", String(tab.dataset.identity === who.key));
  }
  setUnread(who, 0);
  localeSelect.value = localeOf(who);
  transcripts.get(who.key).list.lastElementChild?.scrollIntoView({ block: "end" });
  const words = who === identities.organiser ? [...chips.member, ...chips.organiser] : chips.member;
  document.getElementById("chips").replaceChildren(
    ...words.map((text) => {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = text;
      button.onclick = () => say(text);
      return button;
    }),
  );
}

async function install(who) {
  show(who);
  const key = `installed:${who.id}`;
  if (sessionStorage.getItem(key)) return;
  sessionStorage.setItem(key, "1");
  await post({ ...base("conversationUpdate"), membersAdded: [bot, { id: who.id, name: who.name }] });
}

document.getElementById("composer").addEventListener("submit", (event) => {
  event.preventDefault();
  const input = document.getElementById("text");
  const text = input.value.trim();
  if (!text) return;
  input.value = "";
  say(text);
});
for (const tab of document.querySelectorAll("#identities [data-identity]")) {
  tab.addEventListener("click", () => install(identities[tab.dataset.identity]));
}
localeSelect.addEventListener("change", () => remember.set(`locale:${identity.key}`, localeSelect.value));
for (const who of Object.values(identities)) {
  subscribe(who);
  setUnread(who, remember.get(`unread:${who.key}`, 0));
}
install(identity);
