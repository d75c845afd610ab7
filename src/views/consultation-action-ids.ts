/** Buttons and forms of consultation rounds (reactierondes). */
export const ConsultationActions = {
  /** A member's overview of their reaction ("Reageren" on the invitation, the reminder, the list). */
  open: "consultation.open",
  /** Anonymous rounds: a fresh key for a member who lost the card of the reaction they started. */
  startOver: "consultation.start-over",
  part: "consultation.part",
  save: "consultation.save",
  submit: "consultation.submit",
  list: "consultation.list",
  create: "consultation.create",
  createSubmit: "consultation.create.submit",
  export: "consultation.export",
  close: "consultation.close",
  closeConfirm: "consultation.close.confirm",
  keepOpen: "consultation.close.cancel",
} as const;

/** Inputs of the organisers' form; a draft link per core task is `draft_<taskId>`. */
export const ConsultationFields = {
  title: "title",
  audience: "audience",
  opens: "opens",
  closes: "closes",
  anonymous: "anonymity",
} as const;

export const draftField = (taskId: string) => `draft_${taskId}`;

/**
 * What a member's buttons carry: `<consultationId>:<taskId>:<key>`, task and key possibly empty. The key (anonymous
 * rounds only) exists nowhere but in the action values of the replies the member's own chat shows.
 */
export interface ReactionRef {
  consultationId: number;
  taskId: string;
  key?: string;
}

export function reactionValue(ref: ReactionRef): string {
  const tail = ref.key ? `:${ref.key}` : "";
  return `${ref.consultationId}:${ref.taskId}${tail}`;
}

export function parseReactionValue(value: string | undefined): ReactionRef | undefined {
  const match = /^(\d+)(?::([a-z0-9_-]*))?(?::([A-Za-z0-9_-]{16,64}))?$/.exec(value ?? "");
  if (!match) return undefined;
  return { consultationId: Number(match[1]), taskId: match[2] ?? "", ...(match[3] ? { key: match[3] } : {}) };
}
