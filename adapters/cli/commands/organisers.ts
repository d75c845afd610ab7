import type { MemberKey } from "../../../src/domain/member-key.js";
import { addOrganiser, listOrganisers, removeOrganiser } from "../../../src/domain/organisers.js";
import { CliError, memberKeyArgument, type RegisterCommands } from "../io.js";

export const registerOrganiserCommands: RegisterCommands = (program, { io, context }) => {
  const organisers = program.command("organisers").description("who may import, announce, broadcast and export");
  organisers
    .command("add")
    .argument("<platform:userId>", "e.g. slack:U012AB3CD", memberKeyArgument)
    .action((key: MemberKey) => {
      const ctx = context();
      const added = addOrganiser(ctx.db, key, ctx.clock.now());
      io.out(added ? `Added ${key.platform}:${key.userId}.\n` : "Already an organiser.\n");
    });
  organisers
    .command("remove")
    .argument("<platform:userId>", "e.g. slack:U012AB3CD", memberKeyArgument)
    .action((key: MemberKey) => {
      const ctx = context();
      if (!removeOrganiser(ctx.db, key)) {
        throw new CliError(`${key.platform}:${key.userId} is not an organiser in the database.`);
      }
      io.out(`Removed ${key.platform}:${key.userId}.\n`);
    });
  organisers.command("list").action(() => {
    const ctx = context();
    const fromDb = listOrganisers(ctx.db);
    const fromEnv = ctx.config.ORGANISERS.filter((key) => !fromDb.includes(key));
    for (const key of fromDb) io.out(`${key}\n`);
    for (const key of fromEnv) io.out(`${key}\t(from ORGANISERS)\n`);
    if (!fromDb.length && !fromEnv.length) io.out("No organisers.\n");
  });
};
