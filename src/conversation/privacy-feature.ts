import type { Reply } from "../contract.js";
import { privacyTexts } from "../i18n/privacy-texts.js";
import { eraseMember, exportMemberData } from "../services/member-data.js";
import { normalize } from "../text/normalize.js";
import { notice } from "../views/views.js";
import { type Feature, forMembers, memberText, type Turn } from "./turn.js";

// The member's rights in chat: see everything stored about them, and have it erased.

const PrivacyActions = { eraseConfirm: "privacy.erase.confirm", eraseKeep: "privacy.erase.keep" } as const;

const exportPhrases = ["mijn gegevens", "my data", "mijn data", "welke gegevens", "what data"];
const erasePhrases = [
  "verwijder mijn gegevens",
  "wis mijn gegevens",
  "delete my data",
  "erase my data",
  "remove my data",
];

function exportReply(turn: Turn): Reply {
  const t = privacyTexts(turn.view.locale);
  const data = exportMemberData(turn.ctx, turn.member);
  const signups = (data.signups ?? []) as { status: string }[];
  const active = signups.filter((s) => s.status !== "cancelled");
  const known = new Set([
    "profile",
    "identities",
    "signups",
    "deliveries",
    "conversation references",
    "organiser role and actions",
  ]);
  const other = Object.entries(data)
    .filter(([name]) => !known.has(name))
    .reduce((sum, [, rows]) => sum + rows.length, 0);
  const { rosterName, role, locale } = turn.member;
  const text = t.summary(
    t.profile(rosterName, role ? turn.view.t.role[role] : null, locale),
    active.length,
    active.filter((s) => s.status === "waitlisted").length,
    (data.deliveries ?? []).length,
    other,
  );
  return {
    title: t.summaryTitle,
    text,
    blocks: [{ kind: "text", text }],
    attachments: [
      {
        filename: "mijn-gegevens-spreekuur.json",
        mediaType: "application/json",
        content: JSON.stringify(data, null, 2),
      },
    ],
  };
}

function eraseQuestion(turn: Turn): Reply {
  const t = privacyTexts(turn.view.locale);
  return {
    text: t.eraseQuestion,
    blocks: [
      { kind: "text", text: t.eraseQuestion },
      {
        kind: "actions",
        actions: [
          { id: PrivacyActions.eraseConfirm, label: t.eraseYes, style: "danger" },
          { id: PrivacyActions.eraseKeep, label: t.eraseNo },
        ],
      },
    ],
  };
}

export const privacyFeature: Feature = {
  actions: {
    [PrivacyActions.eraseConfirm]: forMembers((turn) => {
      eraseMember(turn.ctx, turn.member);
      turn.ctx.log.info({ platform: turn.member.platform }, "member erased on request");
      return [notice(privacyTexts(turn.view.locale).erased, { replaceSource: true })];
    }),
    [PrivacyActions.eraseKeep]: forMembers((turn) => [
      notice(privacyTexts(turn.view.locale).kept, { replaceSource: true }),
    ]),
  },
  text: (_turn, text) => {
    const said = normalize(text);
    if (erasePhrases.some((p) => said.startsWith(p))) return memberText("privacy.erase", (t) => [eraseQuestion(t)]);
    if (exportPhrases.some((p) => said.startsWith(p))) return memberText("privacy.export", (t) => [exportReply(t)]);
    return undefined;
  },
};
