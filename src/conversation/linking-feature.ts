import type { Reply } from "../contract.js";
import { findIdentity, identitiesOf } from "../domain/identities.js";
import { issueLinkCode, linkCodeValidMs } from "../domain/link-codes.js";
import { preferPlatform, splitIdentity } from "../domain/linking.js";
import { linkingTexts } from "../i18n/linking-texts.js";
import { linkWithCode } from "../services/linking.js";
import { normalize } from "../text/normalize.js";
import { notice } from "../views/views.js";
import { type Feature, memberText, type Turn } from "./turn.js";

// One person on several platforms, in chat: `koppel` gives a code, `koppel 123456` on the other account joins the
// two, `ontkoppel` takes this account out again, `voorkeur <platform>` chooses where messages go.

/** The identity the turn is written from (the core made it when the turn started). */
function writingIdentity(turn: Turn) {
  const identity = findIdentity(turn.ctx.db, turn.from.platform, turn.from.user);
  if (!identity) throw new Error("the writing identity vanished");
  return identity;
}

const label = (platform: string) => platform.charAt(0).toUpperCase() + platform.slice(1);

function askCode(turn: Turn): Reply[] {
  // Whoever types the code joins this person: it must not be shown where others read along.
  if (!turn.from.direct) return [notice(linkingTexts(turn.view.locale).onlyDirect)];
  const code = issueLinkCode(turn.ctx.db, writingIdentity(turn).id, turn.now);
  return [notice(linkingTexts(turn.view.locale).codeIssued(code, linkCodeValidMs / 60_000))];
}

function typeCode(turn: Turn, code: string): Reply[] {
  const t = linkingTexts(turn.view.locale);
  const outcome = linkWithCode(turn.ctx, writingIdentity(turn).id, code);
  switch (outcome.kind) {
    case "linked":
      turn.ctx.log.info({ platform: turn.from.platform }, "identities linked by code");
      return [notice(t.linked)];
    case "expired":
      return [notice(t.expired)];
    case "same_member":
      return [notice(t.sameMember)];
    case "locked":
      return [notice(t.locked)];
    default:
      return [notice(t.wrong)];
  }
}

function unlink(turn: Turn): Reply[] {
  const t = linkingTexts(turn.view.locale);
  const outcome = splitIdentity(turn.ctx.db, writingIdentity(turn).id, turn.now);
  if (outcome.kind !== "split") return [notice(t.notLinked)];
  turn.ctx.log.info({ platform: turn.from.platform }, "identity unlinked");
  return [notice(t.unlinked)];
}

function prefer(turn: Turn, platform: string | undefined): Reply[] {
  const t = linkingTexts(turn.view.locale);
  const platforms = [...new Set(identitiesOf(turn.ctx.db, turn.member.id).map((i) => i.platform))];
  const yours = platforms.map(label).join(", ");
  if (!platform) return [notice(t.preferUsage(yours))];
  if (!preferPlatform(turn.ctx.db, turn.member.id, platform)) return [notice(t.preferUnknown(label(platform), yours))];
  return [notice(t.preferred(label(platform)))];
}

export const linkingFeature: Feature = {
  text: (_turn, text) => {
    const [word, ...rest] = normalize(text).split(" ");
    const argument = rest.join("");
    switch (word) {
      case "koppel":
        if (!argument) return memberText("linking.code", askCode);
        // Six digits, also when typed in groups ("123 456"); anything else is explained.
        return /^\d+$/.test(argument)
          ? memberText("linking.link", (turn) => typeCode(turn, argument))
          : memberText("linking.usage", (turn) => [notice(linkingTexts(turn.view.locale).codeUsage)]);
      case "ontkoppel":
        return rest.length === 0 ? memberText("linking.unlink", unlink) : undefined;
      case "voorkeur":
        return memberText("linking.prefer", (turn) => prefer(turn, rest.length ? rest.join(" ") : undefined));
      default:
        return undefined;
    }
  },
};
