// BENCH_PROFILE=<file.cpuprofile>: a CPU profile of the bot process over the drain only (not the start-up, the
// module loading or the seeding), to open in Chrome DevTools or read with any .cpuprofile tool.
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";

export interface DrainProfile {
  stop(): Promise<void>;
}

export async function startDrainProfile(path = process.env.BENCH_PROFILE): Promise<DrainProfile> {
  if (!path) return { stop: async () => {} };
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  return {
    async stop() {
      const { profile } = await session.post("Profiler.stop");
      writeFileSync(path, JSON.stringify(profile));
      session.disconnect();
      console.log(`CPU profile of the drain: ${path}`);
    },
  };
}
