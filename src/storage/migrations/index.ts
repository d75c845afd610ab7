import initial from "./001-initial.js";
import surveysPolls from "./003-surveys-polls.js";

/** Append-only: never edit a released migration, add the next number. */
export const migrations: readonly { version: number; name: string; sql: string }[] = [
  { version: 1, name: "initial", sql: initial },
  { version: 3, name: "surveys-polls", sql: surveysPolls },
];
