import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

// The shared folder (official schemas) sits beside the repository in CI and at /work/shared on developer machines.

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export function sharedPath(relative: string): string {
  const candidates = [process.env.SPREEKUUR_SHARED_DIR, join(repoRoot, "../shared"), "/work/shared"].filter(
    (dir): dir is string => Boolean(dir),
  );
  for (const dir of candidates) {
    const path = join(dir, relative);
    if (existsSync(path)) return path;
  }
  throw new Error(`shared file ${relative} not found in ${candidates.join(", ")} (set SPREEKUUR_SHARED_DIR)`);
}
