import type { Action, Attachment, Block, Locale, Reply } from "../../src/contract.js";
import { linkTexts } from "../../src/i18n/link-texts.js";

// With a public address (PUBLIC_URL) a calendar invite is a link button ("Zet in agenda") to the bot's signed
// calendar link, as in Teams: one message instead of the message plus files.uploadV2's three calls. Without one
// (Socket Mode on a laptop, say) the member's browser cannot reach the bot, so the invite is uploaded as before.
// Other files (a roster CSV, a privacy export) are always uploaded: their links would carry personal data.

export type LinkFor = (attachment: Attachment) => string;

const linked = (a: Attachment) => a.mediaType === "text/calendar" && a.invite !== undefined;

export class InviteLinks {
  constructor(
    /** Signs a link (http/calendar-links.ts); undefined without a public address: invites are uploaded. */
    private readonly linkFor: LinkFor | undefined,
    /** The member's language, for the button's label, when the reply does not say it (the outbox's). */
    private readonly localeOf: (user: string | undefined) => Locale,
  ) {}

  /** The reply with its calendar invites as link buttons, first in its last row of buttons; the rest uploaded. */
  apply(reply: Reply, user: string | undefined): Reply {
    const { linkFor } = this;
    const invites = linkFor ? (reply.attachments ?? []).filter(linked) : [];
    if (!linkFor || !invites.length) return reply;
    const { addToCalendar } = linkTexts(reply.locale ?? this.localeOf(user));
    const links: Action[] = invites.map((a) => ({ id: "calendar.link", label: addToCalendar, url: linkFor(a) }));
    const text: Block = { kind: "text", text: reply.text };
    const blocks: Block[] = [...(reply.blocks?.length ? reply.blocks : [text])];
    const last = blocks.findLastIndex((b) => b.kind === "actions");
    const row = blocks[last];
    if (row?.kind === "actions" && !reply.form) blocks[last] = { ...row, actions: [...links, ...row.actions] };
    else blocks.push({ kind: "actions", actions: links });
    const rest = (reply.attachments ?? []).filter((a) => !linked(a));
    const { attachments: _all, ...withoutFiles } = reply;
    return { ...withoutFiles, blocks, ...(rest.length ? { attachments: rest } : {}) };
  }
}
