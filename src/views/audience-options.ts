import type { InputOption } from "../contract.js";
import { provinces } from "../domain/regions.js";
import { type AudienceKind, roles } from "../types.js";
import type { ViewContext } from "./view-context.js";

/** The audiences the broadcast form offers, in its order. */
export const broadcastAudienceKinds: readonly AudienceKind[] = ["everyone", "region", "session", "waitlist", "channel"];

/** Audience choices in poll and survey forms: everyone, a role, or a region. */
export function audienceOptions(view: ViewContext): InputOption[] {
  return [
    { label: view.sp.audienceAll, value: "all" },
    ...roles.map((role) => ({ label: view.t.roleName[role], value: role })),
    ...provinces.map((p) => ({ label: p, value: `region:${p}` })),
  ];
}

export function yesNoOptions(view: ViewContext): InputOption[] {
  return [
    { label: view.sp.yes, value: "yes" },
    { label: view.sp.no, value: "no" },
  ];
}
