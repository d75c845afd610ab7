import type { Platform } from "../contract.js";
import { activeInstallations, replaceSealedToken } from "../domain/installations.js";
import type { Db } from "../storage/db.js";
import type { SecretBox } from "./secret-box.js";

/**
 * At start: opens every stored token (a wrong or missing key stops the start with an error naming the setting) and
 * re-seals those sealed with an old key under the current one. Returns how many were re-sealed.
 */
export function resealTokens(db: Db, platform: Platform, box: SecretBox): number {
  let resealed = 0;
  for (const installation of activeInstallations(db, platform)) {
    const sealed = installation.sealedBotToken;
    if (!sealed) continue;
    const plain = box.open(sealed);
    if (!box.needsReseal(sealed)) continue;
    if (replaceSealedToken(db, platform, installation.workspace, sealed, box.seal(plain))) resealed++;
  }
  return resealed;
}
