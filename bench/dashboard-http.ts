// The dashboard's JSON API over HTTP, once adapters/dashboard/mount.ts exists on this branch: not yet.
import type { CoreContext } from "../src/services/context.js";

export async function measureHttp(_ctx: CoreContext, _iterations: number): Promise<void> {
  console.log("\nHTTP: adapters/dashboard/mount.ts is not on this branch yet; only the producers are measured.");
}
