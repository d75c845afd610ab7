/** Stable, namespaced ids of buttons and forms; adapters pass them through unchanged and the core routes by them. */
export const ActionIds = {
  sessionsList: "sessions.list",
  sessionDetails: "signup.details",
  signUp: "signup.join",
  profileSubmit: "signup.profile",
  cancel: "signup.cancel",
  cancelConfirm: "signup.cancel.confirm",
  cancelKeep: "signup.cancel.keep",
  mine: "signup.mine",
  help: "help.show",
  setLocale: "member.locale",
} as const;

/** Form input ids. */
export const InputIds = {
  rosterName: "roster_name",
  role: "role",
} as const;
