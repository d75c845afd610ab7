import type { Reply } from "../contract.js";
import { checkRosterName } from "../domain/roster-name.js";
import { getSession } from "../domain/sessions.js";
import type { CoreContext } from "../services/context.js";
import { type Role, roles } from "../types.js";
import { ActionIds, InputIds } from "../views/action-ids.js";
import type { ViewContext } from "../views/view-context.js";
import { profileForm } from "../views/views.js";

// Checks of a submitted form that read nothing but the form (and at most a row): the same rules the action
// handler applies, without its writes. Adapters use them to answer "fix these fields" before acknowledging, and
// leave the transaction for after the acknowledgement (Slack closes a modal only on a prompt ack).

export interface ProfileInput {
  rosterName: string;
  role: string;
  errors: { rosterName?: string; role?: string };
}

/** The roster name and role as typed, cleaned, with an error per field that is not acceptable. */
export function profileInput(view: ViewContext, form: Record<string, string> | undefined): ProfileInput {
  const checked = checkRosterName(form?.[InputIds.rosterName]);
  const rosterName = checked.name;
  const role = (form?.[InputIds.role] ?? "").trim();
  const errors: ProfileInput["errors"] = {};
  if (!checked.ok)
    errors.rosterName = checked.reason === "no_letter" ? view.t.errorNameLetters : view.t.errorNameRequired;
  if (!roles.includes(role as Role)) errors.role = view.t.errorRoleRequired;
  return { rosterName, role, errors };
}

export const hasErrors = (input: ProfileInput) => Boolean(input.errors.rosterName || input.errors.role);

/** Returns the form again with its errors, or undefined when the form itself is fine. Never writes. */
export type FormCheck = (
  ctx: CoreContext,
  view: ViewContext,
  value: string | undefined,
  form: Record<string, string> | undefined,
) => Reply | undefined;

export const formChecks: Record<string, FormCheck> = {
  [ActionIds.profileSubmit]: (ctx, view, value, form) => {
    const input = profileInput(view, form);
    if (!hasErrors(input)) return undefined;
    // An unknown session is not a field error: the handler answers it (after the ack).
    const session = value ? getSession(ctx.db, value) : undefined;
    return session ? profileForm(session, view, input) : undefined;
  },
};
