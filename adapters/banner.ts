// What `npm start` prints first: one block a person reads at a glance, Dutch first and English beside it.

export interface StartInfo {
  /** Where a browser reaches the bot, e.g. http://localhost:3978/. */
  url: string;
  /** Example sessions imported at this start (0 when the database already had sessions). */
  examplesLoaded: number;
  /** Sessions in the database after the start. */
  sessions: number;
  /** Whether the playground page is served at `url`. */
  playground: boolean;
}

/** The start banner, one line per fact: the address, the sessions, the playground and its organiser, how to stop. */
export function startBanner(info: StartInfo): string {
  const lines = [`Spreekuur luistert op ${info.url} (listening)`];
  if (info.examplesLoaded > 0) {
    lines.push(`  ${info.examplesLoaded} voorbeeldsessies geladen (example sessions loaded)`);
  } else if (info.sessions > 0) {
    lines.push(`  ${info.sessions} sessies in de database (sessions in the database)`);
  } else {
    lines.push("  Nog geen sessies (no sessions yet): npx spreekuur sessions import <bestand.csv>");
  }
  if (info.playground) {
    lines.push(`  Speeltuin (playground): open ${info.url} in de browser, geen chataccount nodig`);
    lines.push('  Organisator zijn (be the organiser): kies bovenaan "Organisator" en typ "bericht versturen"');
  }
  lines.push("  Stoppen (stop): Ctrl-C");
  return `${lines.join("\n")}\n`;
}
