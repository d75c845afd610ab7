// The playground page plays the Teams client and the Bot Framework connector: it posts activities to the bot's
// /api/messages with a serviceUrl pointing back at /playground/connector/, and shows what arrives there.
/* global AdaptiveCards */

const identities = {
  gp: { id: "pg-gp-1", name: "Dokter Jansen" },
  gp2: { id: "pg-gp-2", name: "Dokter de Boer" },
  organiser: { id: "pg-organiser", name: "Organisator" },
};
const chips = {
  member: ["sessies", "sessies utrecht", "sessies september", "mijn sessies", "mijn gegevens", "help"],
  organiser: window.SPREEKUUR_ORGANISER_CHIPS || [],
};
const bot = { id: "28:spreekuur", name: "Spreekuur" };
const cardType = "application/vnd.microsoft.card.adaptive";

// One transcript per identity, each with its own event stream, kept while you switch: the active one is #messages.
const transcripts = new Map();
let messages = document.getElementById("messages");
const traffic = document.getElementById("traffic");
const identitySelect = document.getElementById("identity");
const localeSelect = document.getElementById("locale");
let identity = identities.gp;
const elementsByActivity = new Map();

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

// The core writes **bold** and _italic_; Teams renders markdown, and so does the page.
AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
  result.outputHtml = escapeHtml(text)
    .replace(/\*\*(.+?)\*\*/g, "<strong>$1</strong>")
    .replace(/(^|\s)_(.+?)_(?=\s|$)/g, "$1<em>$2</em>")
    .replace(/\n/g, "<br>");
  result.didProcess = true;
};

function conversationId() {
  return `pg-conv-${identity.id}`;
}

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
    conversation: { id: conversationId(), conversationType: "personal", tenantId: "playground" },
    locale: localeSelect.value,
    channelData: { tenant: { id: "playground" } },
  };
}

function logTraffic(direction, summary) {
  const li = document.createElement("li");
  li.className = direction;
  li.textContent = `${direction === "out" ? "→" : "←"} ${summary}`;
  traffic.prepend(li);
}

async function post(activity) {
  logTraffic(
    "out",
    `${identity.name}: ${activity.type}${activity.name ? ` ${activity.name}` : ""}${activity.text ? `: ${activity.text}` : ""}`,
  );
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

function nameOf(conversation) {
  return Object.values(identities).find((i) => `pg-conv-${i.id}` === conversation)?.name ?? conversation;
}

function showActivity(event, list) {
  const { activity } = event;
  if (activity.type !== "message") return;
  const existing = elementsByActivity.get(activity.id);
  if (existing) {
    // An update replaces the card; the same activity again (a stream reconnect replays history) is ignored.
    if (event.kind === "update") {
      fillActivity(existing, activity);
      logTraffic("in", `update ${activity.id.slice(0, 8)}`);
    }
    return;
  }
  const li = renderActivity(activity, event.proactive);
  elementsByActivity.set(activity.id, li);
  list.appendChild(li);
  li.scrollIntoView({ block: "end" });
  logTraffic(
    "in",
    `${nameOf(event.conversation)}: message${event.proactive ? " (proactief)" : ""}${activity.summary ? `: ${activity.summary.slice(0, 60)}` : ""}`,
  );
}

function showNotice(text) {
  const li = document.createElement("li");
  li.className = "bot";
  const div = document.createElement("div");
  div.className = "text";
  div.textContent = text;
  li.appendChild(div);
  messages.appendChild(li);
}

function showMine(text, activityId) {
  const li = document.createElement("li");
  li.className = "me";
  li.dataset.activityId = activityId;
  li.textContent = text;
  messages.appendChild(li);
  li.scrollIntoView({ block: "end" });
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
      fillActivity(target, { id: activityId, attachments: [{ contentType: cardType, content: answer.value }] });
    }
    return;
  }
  if (action instanceof AdaptiveCards.SubmitAction) {
    await post({ ...base("message"), replyToId: activityId, value: action.data });
  }
}

async function say(text) {
  const activity = { ...base("message"), text };
  showMine(text, activity.id);
  await post(activity);
}

function transcriptFor(conversation) {
  let list = transcripts.get(conversation);
  if (list) return list;
  list = transcripts.size === 0 ? messages : document.createElement("ol");
  list.setAttribute("aria-live", "polite");
  if (list !== messages) messages.after(list);
  transcripts.set(conversation, list);
  const events = new EventSource(`/playground/events/${encodeURIComponent(conversation)}`);
  events.onmessage = (message) => showActivity(JSON.parse(message.data), list);
  events.addEventListener("replayed", () => {
    list.dataset.conversation = conversation;
  });
  return list;
}

function connect() {
  const list = transcriptFor(conversationId());
  for (const other of transcripts.values()) {
    other.hidden = other !== list;
    other.removeAttribute("id");
  }
  list.id = "messages";
  messages = list;
  list.lastElementChild?.scrollIntoView({ block: "end" });
  const words = identity === identities.organiser ? [...chips.member, ...chips.organiser] : chips.member;
  const box = document.getElementById("chips");
  box.replaceChildren(
    ...words.map((text) => {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = text;
      button.onclick = () => say(text);
      return button;
    }),
  );
}

async function install() {
  const key = `installed:${identity.id}`;
  connect();
  if (sessionStorage.getItem(key)) return;
  sessionStorage.setItem(key, "1");
  await post({ ...base("conversationUpdate"), membersAdded: [bot, { id: identity.id, name: identity.name }] });
}

document.getElementById("composer").addEventListener("submit", (event) => {
  event.preventDefault();
  const input = document.getElementById("text");
  const text = input.value.trim();
  if (!text) return;
  input.value = "";
  say(text);
});
identitySelect.addEventListener("change", () => {
  identity = identities[identitySelect.value];
  install();
});
install();
