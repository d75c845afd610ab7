import type { Action, Attachment, Block, Reply } from "../contract.js";
import type { MemberSignup } from "../domain/signups.js";
import type { Role, SessionWithCounts } from "../types.js";
import { ActionIds, InputIds } from "./action-ids.js";
import { sessionBlocks, sessionLine, statusText, titleOf, when } from "./session-blocks.js";
import type { ViewContext } from "./view-context.js";

// The sign-up conversation's replies (lists, details, the profile form, confirmations, notices) and the replies
// every feature shares (a notice, help, not understood, organiser only). Pure: data in, Reply out.

export interface Page {
  offset: number;
  size: number;
  filter?: string;
}

/** One page of sessions, with a "more" button carrying the filter and the next offset. */
export function sessionList(
  sessions: SessionWithCounts[],
  page: Page,
  ctx: ViewContext,
  mine: Map<string, Pick<MemberSignup, "status" | "position">>,
): Reply {
  if (!sessions.length) {
    return {
      text: ctx.t.noSessions(page.filter),
      blocks: [
        { kind: "text", text: ctx.t.noSessions(page.filter) },
        ...(page.filter
          ? [{ kind: "actions", actions: [{ id: ActionIds.sessionsList, label: ctx.t.buttonAll }] } satisfies Block]
          : []),
      ],
    };
  }
  const shown = sessions.slice(page.offset, page.offset + page.size);
  const header = `${ctx.t.sessionsHeader(sessions.length, page.filter)} ${ctx.t.pageInfo(page.offset + 1, page.offset + shown.length, sessions.length)}`;
  const blocks: Block[] = [{ kind: "text", text: header }];
  for (const session of shown) blocks.push(...sessionBlocks(session, ctx, mine.get(session.id)));
  const next = page.offset + page.size;
  const footer: Action[] = [];
  if (next < sessions.length) {
    footer.push({
      id: ActionIds.sessionsList,
      label: ctx.t.buttonMore,
      value: JSON.stringify({ f: page.filter ?? "", o: next }),
    });
  }
  footer.push({ id: ActionIds.mine, label: ctx.t.buttonMine });
  blocks.push({ kind: "actions", actions: footer });
  return { title: ctx.t.sessionsTitle, text: [header, ...shown.map((s) => sessionLine(s, ctx))].join("\n"), blocks };
}

export function sessionDetails(
  session: SessionWithCounts,
  ctx: ViewContext,
  signup?: Pick<MemberSignup, "status" | "position">,
): Reply {
  return {
    title: titleOf(session, ctx),
    text: sessionLine(session, ctx),
    blocks: sessionBlocks(session, ctx, signup, { details: false, full: true, heading: false }),
  };
}

export function mySessions(signups: MemberSignup[], ctx: ViewContext): Reply {
  if (!signups.length) {
    return {
      text: ctx.t.mineNone,
      blocks: [
        { kind: "text", text: ctx.t.mineNone },
        { kind: "actions", actions: [{ id: ActionIds.sessionsList, label: ctx.t.buttonAll }] },
      ],
    };
  }
  // The title is the card's heading on every surface: the blocks do not say it again.
  const blocks: Block[] = [];
  for (const signup of signups) blocks.push(...sessionBlocks(signup.session, ctx, signup));
  const lines = signups.map((s) => `${sessionLine(s.session, ctx)} (${statusText(s, ctx)})`);
  return { title: ctx.t.mineTitle, text: [ctx.t.mineTitle, ...lines].join("\n"), blocks };
}

export interface ProfileDraft {
  rosterName?: string;
  role?: string;
  errors?: { rosterName?: string; role?: string };
}

/** The one-time question for the roster name and role, as a form whose submit carries the session id. */
export function profileForm(session: SessionWithCounts, ctx: ViewContext, draft: ProfileDraft = {}): Reply {
  const roleOptions = (Object.keys(ctx.t.role) as Role[]).map((role) => ({ label: ctx.t.role[role], value: role }));
  // A listing card's "Aanmelden" may be older than the last place: a full session says so before the form.
  const full = session.placesLeft <= 0;
  const intro = full ? `${ctx.t.profileFull} ${ctx.t.profileIntro}` : ctx.t.profileIntro;
  return {
    title: ctx.t.profileTitle,
    text: `${intro} (${titleOf(session, ctx)}, ${when(session, ctx)})`,
    blocks: [
      ...(full ? [{ kind: "text", text: `**${ctx.t.profileFull}**` } satisfies Block] : []),
      { kind: "text", text: ctx.t.profileIntro },
      { kind: "text", text: `**${titleOf(session, ctx)}**, ${when(session, ctx)}, ${session.city}` },
      {
        kind: "input",
        id: InputIds.rosterName,
        label: ctx.t.profileName,
        maxLength: 80,
        ...(draft.rosterName ? { value: draft.rosterName } : {}),
        ...(draft.errors?.rosterName ? { error: draft.errors.rosterName } : {}),
      },
      {
        kind: "input",
        id: InputIds.role,
        label: ctx.t.profileRole,
        options: roleOptions,
        ...(draft.role ? { value: draft.role } : {}),
        ...(draft.errors?.role ? { error: draft.errors.role } : {}),
      },
    ],
    form: {
      submit: {
        id: ActionIds.profileSubmit,
        label: full ? ctx.t.buttonWaitlist : ctx.t.profileSubmit,
        value: session.id,
        style: "primary",
      },
    },
    replaceSource: true,
  };
}

export function confirmation(
  session: SessionWithCounts,
  ctx: ViewContext,
  already: boolean,
  invite: Attachment,
): Reply {
  // The plain text says it all; the card says each thing once: the title as heading, the time and place as facts.
  const message = already
    ? ctx.t.alreadyConfirmed(titleOf(session, ctx), when(session, ctx))
    : ctx.t.confirmed(titleOf(session, ctx), when(session, ctx), session.city);
  return {
    title: titleOf(session, ctx),
    text: message,
    blocks: [
      { kind: "text", text: already ? ctx.t.alreadyConfirmedCard : ctx.t.confirmedCard },
      ...sessionBlocks(session, ctx, { status: "confirmed" }, { details: false, full: true, heading: false }),
    ],
    attachments: [invite],
    replaceSource: true,
  };
}

export function waitlisted(session: SessionWithCounts, ctx: ViewContext, position: number, already: boolean): Reply {
  const message = already
    ? ctx.t.alreadyWaitlisted(titleOf(session, ctx), position)
    : ctx.t.waitlisted(titleOf(session, ctx), position);
  return {
    title: titleOf(session, ctx),
    text: message,
    blocks: [
      { kind: "text", text: already ? ctx.t.alreadyWaitlistedCard : ctx.t.waitlistedCard },
      ...sessionBlocks(session, ctx, { status: "waitlisted", position }, { details: false, heading: false }),
    ],
    replaceSource: true,
  };
}

export function cancelQuestion(session: SessionWithCounts, ctx: ViewContext): Reply {
  const question = ctx.t.cancelQuestion(titleOf(session, ctx), when(session, ctx));
  return {
    title: titleOf(session, ctx),
    text: question,
    blocks: [
      { kind: "text", text: question },
      {
        kind: "actions",
        actions: [
          { id: ActionIds.cancelConfirm, label: ctx.t.cancelYes, value: session.id, style: "danger" },
          { id: ActionIds.cancelKeep, label: ctx.t.cancelNo, value: session.id },
        ],
      },
    ],
    replaceSource: true,
  };
}

export function notice(text: string, extra: Partial<Reply> = {}): Reply {
  return { text, blocks: [{ kind: "text", text }], ...extra };
}

export function promotedNotice(session: SessionWithCounts, ctx: ViewContext, invite: Attachment): Reply {
  const message = ctx.t.promoted(titleOf(session, ctx), when(session, ctx), session.city);
  return {
    title: titleOf(session, ctx),
    text: message,
    blocks: [
      { kind: "text", text: ctx.t.promotedCard },
      ...sessionBlocks(session, ctx, { status: "confirmed" }, { details: false, heading: false }),
    ],
    attachments: [invite],
  };
}

/** The card that showed a waitlist place, once its member is promoted: signed up now. */
export function promotedCard(session: SessionWithCounts, ctx: ViewContext): Reply {
  return {
    title: titleOf(session, ctx),
    text: ctx.t.promoted(titleOf(session, ctx), when(session, ctx), session.city),
    blocks: [
      { kind: "text", text: ctx.t.promotedCard },
      ...sessionBlocks(session, ctx, { status: "confirmed" }, { details: false, heading: false }),
    ],
  };
}

export function sessionCancelledNotice(session: SessionWithCounts, ctx: ViewContext, invite: Attachment): Reply {
  const message = ctx.t.sessionCancelled(titleOf(session, ctx), when(session, ctx), session.city);
  return {
    title: titleOf(session, ctx),
    text: message,
    blocks: [
      { kind: "text", text: message },
      { kind: "actions", actions: [{ id: ActionIds.sessionsList, label: ctx.t.buttonAll }] },
    ],
    attachments: [invite],
  };
}

export function helpReply(ctx: ViewContext, withWelcome = false): Reply {
  const text = withWelcome ? `${ctx.t.welcome}\n\n${ctx.t.help}` : ctx.t.help;
  return {
    text,
    blocks: [
      { kind: "text", text },
      {
        kind: "actions",
        actions: [
          { id: ActionIds.sessionsList, label: ctx.t.buttonAll, style: "primary" },
          { id: ActionIds.mine, label: ctx.t.buttonMine },
        ],
      },
    ],
  };
}

/** The help with a section for a role: its words after the others', its buttons in a row of their own. */
export function helpWithSection(help: Reply, text: string, actions: Action[]): Reply {
  const blocks = help.blocks ?? [];
  const at = blocks.findIndex((block) => block.kind === "actions");
  const section: Block = { kind: "text", text };
  const withText = at < 0 ? [...blocks, section] : [...blocks.slice(0, at), section, ...blocks.slice(at)];
  return {
    ...help,
    text: `${help.text}\n\n${text}`,
    blocks: actions.length ? [...withText, { kind: "actions", actions }] : withText,
  };
}

/** An answer to text we did not understand: never an error, always a way on. */
export function unknownReply(ctx: ViewContext): Reply {
  const help = helpReply(ctx);
  return { text: ctx.t.unknown, blocks: [{ kind: "text", text: ctx.t.unknown }, ...(help.blocks ?? []).slice(1)] };
}
