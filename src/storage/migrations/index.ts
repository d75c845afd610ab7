import initial from "./001-initial.js";
import delivery from "./002-delivery.js";

/** Append-only: never edit a released migration, add the next number. */
export const migrations: readonly { version: number; name: string; sql: string }[] = [
  { version: 1, name: "initial", sql: initial },
  { version: 2, name: "delivery", sql: delivery },
];
