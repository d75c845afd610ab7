import type { Locale } from "../../../src/contract.js";
import { dashboardPageTexts } from "../../../src/i18n/dashboard-page-texts.js";
import type { Viewer } from "../../../src/services/dashboard/access.js";
import type { Overview, SessionFill } from "../../../src/services/dashboard/model.js";
import { Layout } from "./layout.js";
import { DayChart, Facts, num, TableWrap, useWhen } from "./parts.js";

// The overview: every session's fill, waitlist and days to go, the ones that need another announcement flagged,
// the totals, and the sign-ups over time.

export const sessionHref = (id: string) => `/dashboard/sessions/${encodeURIComponent(id)}`;

export function DaysToGo(props: { session: SessionFill; locale: Locale }) {
  const t = dashboardPageTexts(props.locale);
  const { daysToGo, status } = props.session;
  if (status === "cancelled") return <>{t.cancelled}</>;
  if (daysToGo < 0) return <>{t.past}</>;
  return <>{daysToGo === 0 ? t.today : num(daysToGo, props.locale)}</>;
}

/** Confirmed of capacity, as text and as a meter (low under half full). */
export function Fill(props: { session: SessionFill; locale: Locale }) {
  const t = dashboardPageTexts(props.locale);
  const { confirmed, capacity, title } = props.session;
  return (
    <span class="fill">
      <meter
        min={0}
        max={Math.max(capacity, 1)}
        value={confirmed}
        low={capacity / 2}
        high={capacity}
        optimum={capacity}
        aria-label={t.fillLabel(title)}
      />
      <span>{t.fill(confirmed, capacity)}</span>
    </span>
  );
}

function SessionRow(props: { session: SessionFill; locale: Locale }) {
  const when = useWhen();
  const { session: s, locale } = props;
  const t = dashboardPageTexts(locale);
  return (
    <tr class={s.needsAttention ? "attention" : undefined}>
      <th scope="row">
        <a href={sessionHref(s.id)}>{s.title}</a>
        {s.needsAttention && (
          <strong class="flag" title={t.attentionHint}>
            {t.attention}
          </strong>
        )}
      </th>
      <td class="when">{when(s.startsAt, locale)}</td>
      <td>
        {s.city}
        {s.region && <span class="muted"> · {s.region}</span>}
      </td>
      <td>
        <Fill session={s} locale={locale} />
      </td>
      <td class="n">{num(s.waitlisted, locale)}</td>
      <td class="n">
        <DaysToGo session={s} locale={locale} />
      </td>
    </tr>
  );
}

export function OverviewPage(props: { data: Overview; viewer: Viewer }) {
  const { data, viewer } = props;
  const locale = viewer.locale;
  const t = dashboardPageTexts(locale);
  const attention = data.sessions.filter((s) => s.needsAttention).length;
  return (
    <Layout viewer={viewer} current="overview" title={t.overviewTitle}>
      <section aria-labelledby="totals">
        <h2 id="totals">{t.totals}</h2>
        <Facts
          items={[
            [t.totalSessions, num(data.totals.sessions, locale)],
            [t.totalCapacity, num(data.totals.capacity, locale)],
            [t.totalConfirmed, num(data.totals.confirmed, locale)],
            [t.totalWaitlisted, num(data.totals.waitlisted, locale)],
            [t.attention, num(attention, locale)],
          ]}
        />
      </section>
      <section aria-labelledby="sessions">
        <h2 id="sessions">{t.sessions}</h2>
        {attention > 0 && <p class="hint">{t.attentionHint}</p>}
        {data.sessions.length === 0 ? (
          <p class="empty">{t.none}</p>
        ) : (
          <TableWrap name={t.sessions} locale={locale}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t.session}</th>
                  <th scope="col">{t.date}</th>
                  <th scope="col">{t.place}</th>
                  <th scope="col">{t.filled}</th>
                  <th scope="col" class="n">
                    {t.waitlist}
                  </th>
                  <th scope="col" class="n">
                    {t.daysToGo}
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.sessions.map((s) => (
                  <SessionRow key={s.id} session={s} locale={locale} />
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>
      <section aria-labelledby="signups">
        <h2 id="signups">{t.signupsOverTime}</h2>
        <DayChart
          label={t.signupsChart}
          name={t.signupsOverTime}
          days={data.signupsOverTime}
          series={t.totalConfirmed}
          locale={locale}
        />
      </section>
    </Layout>
  );
}
