import type { Platform } from "../contract.js";

// Data, not logic: the platform ids a typed member key may name (ORGANISERS, a session file's leader_id, the CLI),
// so that a typo such as `slak:U1` is refused. One line per adapter that ships with the bot; nothing else in the
// core names a platform.
export const platformIds: readonly Platform[] = ["slack", "teams", "playground", "memory"];
