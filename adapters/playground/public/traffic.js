// Chat markdown for cards, and the traffic panel: what the page posts to /api/messages and what arrives at its connector, as plain text.
// A long entry folds (<details>); on a phone the whole panel starts folded, below the chat.

const traffic = document.getElementById("traffic");
const panel = document.getElementById("traffic-panel");
const longEntry = 80;

if (window.matchMedia("(max-width: 700px)").matches) panel.open = false;

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

/** Chat markdown for a card: **bold**, _italic_ and line breaks, everything else escaped. */
export function markdownHtml(text) {
  return escapeHtml(text)
    .replace(/\*\*(.+?)\*\*/g, "<strong>$1</strong>")
    .replace(/(^|\s)_(.+?)_(?=\s|$)/g, "$1<em>$2</em>")
    .replace(/\n/g, "<br>");
}

/** Chat markdown as the reader sees it: **bold**, _italic_ and `code` without their marks. */
function plain(text) {
  return String(text)
    .replace(/\*\*(.+?)\*\*/gs, "$1")
    .replace(/(^|[\s(])_(.+?)_(?=[\s).,:;!?]|$)/gm, "$1$2")
    .replace(/`([^`]*)`/g, "$1");
}

/** The text an activity shows: its own text, or the text blocks of its cards. */
export function activityText(activity) {
  if (activity.text) return plain(activity.text);
  const texts = [];
  const walk = (node) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== "object") return;
    if (node.type === "TextBlock" && node.text) texts.push(plain(node.text));
    if (node.type === "TextRun" && node.text) texts.push(plain(node.text));
    for (const key of ["body", "items", "columns", "inlines", "card"]) walk(node[key]);
  };
  for (const attachment of activity.attachments || []) walk(attachment.content);
  return texts.join("\n");
}

/** One entry: → for what the page sent, ← for what came back; a long or multi-line text folds. */
export function logTraffic(direction, summary, text = "") {
  const li = document.createElement("li");
  li.className = direction;
  const head = `${direction === "out" ? "→" : "←"} ${summary}`;
  const body = plain(text).trim();
  if (!body) {
    li.textContent = head;
  } else if (body.length <= longEntry && !body.includes("\n")) {
    li.textContent = `${head}: ${body}`;
  } else {
    const details = document.createElement("details");
    const title = document.createElement("summary");
    title.textContent = `${head}: ${body.split("\n")[0].slice(0, longEntry - 20)}…`;
    const full = document.createElement("div");
    full.className = "full";
    full.textContent = body;
    details.append(title, full);
    li.appendChild(details);
  }
  traffic.prepend(li);
  // A playground, not an archive: the panel keeps the latest 200 entries.
  while (traffic.children.length > 200) traffic.lastElementChild.remove();
}
