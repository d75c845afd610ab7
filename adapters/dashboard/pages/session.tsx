import { dashboardPageTexts } from "../../../src/i18n/dashboard-page-texts.js";
import type { Viewer } from "../../../src/services/dashboard/access.js";
import type { SessionDetail } from "../../../src/services/dashboard/model.js";
import { Layout } from "./layout.js";
import { DaysToGo, Fill, sessionHref } from "./overview.js";
import { Facts, num, TableWrap, useWhen } from "./parts.js";

// One session: its facts, the sign-ups by role, attendance once held, the report's state and the roster.

export function SessionPage(props: { data: SessionDetail; viewer: Viewer }) {
  const when = useWhen();
  const { viewer } = props;
  const { session: s, byRole, attendance, report } = props.data;
  const locale = viewer.locale;
  const t = dashboardPageTexts(locale);
  return (
    <Layout viewer={viewer} current="session" title={s.title}>
      <p>
        <a href="/dashboard">{t.back}</a>
      </p>
      {s.needsAttention && (
        <p class="flag-line">
          <strong class="flag">{t.attention}</strong> {t.attentionHint}
        </p>
      )}
      <Facts
        items={[
          [t.date, when(s.startsAt, locale)],
          [t.venue, [s.venue, s.city, s.region].filter(Boolean).join(", ")],
          [t.audience, t.audiences[s.audience]],
          [t.leader, s.leaderName || "–"],
          [t.filled, <Fill key="fill" session={s} locale={locale} />],
          [t.waitlist, num(s.waitlisted, locale)],
          [t.daysToGo, <DaysToGo key="days" session={s} locale={locale} />],
          [t.report, t.reportStates[report]],
        ]}
      />
      <section aria-labelledby="by-role">
        <h2 id="by-role">{t.byRole}</h2>
        <TableWrap name={t.byRole} locale={locale}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t.role}</th>
                <th scope="col" class="n">
                  {t.confirmed}
                </th>
                <th scope="col" class="n">
                  {t.waitlisted}
                </th>
              </tr>
            </thead>
            <tbody>
              {byRole.map((row) => (
                <tr key={row.role}>
                  <th scope="row">{t.roles[row.role]}</th>
                  <td class="n">{num(row.confirmed, locale)}</td>
                  <td class="n">{num(row.waitlisted, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </section>
      <section aria-labelledby="attendance">
        <h2 id="attendance">{t.attendance}</h2>
        {attendance ? (
          <Facts
            items={[
              [t.attended, num(attendance.attended, locale)],
              [t.absent, num(attendance.absent, locale)],
              [t.unrecorded, num(attendance.unrecorded, locale)],
            ]}
          />
        ) : (
          <p>{t.notHeld}</p>
        )}
      </section>
      <p>
        <a class="button" href={`${sessionHref(s.id)}/roster.csv`} download>
          {t.roster}
        </a>
      </p>
    </Layout>
  );
}
