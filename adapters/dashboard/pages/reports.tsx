import { dashboardPageTexts } from "../../../src/i18n/dashboard-page-texts.js";
import type { Viewer } from "../../../src/services/dashboard/access.js";
import type { Reports } from "../../../src/services/dashboard/model.js";
import { Layout } from "./layout.js";
import { sessionHref } from "./overview.js";
import { TableWrap, useWhen } from "./parts.js";

// The reports: which sessions have one (and who leads them), and the exports the CLI gives (organisers only).

export function ReportsPage(props: { data: Reports; viewer: Viewer }) {
  const when = useWhen();
  const { data, viewer } = props;
  const locale = viewer.locale;
  const t = dashboardPageTexts(locale);
  return (
    <Layout viewer={viewer} current="reports" title={t.reportsTitle}>
      {viewer.scope === "organiser" && (
        <p class="actions">
          <a class="button" href="/dashboard/reports/export.csv" download>
            {t.exportCsv}
          </a>
          <a class="button" href="/dashboard/reports/export.json" download>
            {t.exportJson}
          </a>
        </p>
      )}
      {data.sessions.length === 0 ? (
        <p class="empty">{t.reportsNone}</p>
      ) : (
        <TableWrap name={t.reportsTitle} locale={locale}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t.session}</th>
                <th scope="col">{t.date}</th>
                <th scope="col">{t.leader}</th>
                <th scope="col">{t.report}</th>
              </tr>
            </thead>
            <tbody>
              {data.sessions.map((row) => (
                <tr key={row.sessionId} class={`report-${row.state}`}>
                  <th scope="row">
                    <a href={sessionHref(row.sessionId)}>{row.title}</a>
                  </th>
                  <td class="when">{when(row.startsAt, locale)}</td>
                  <td>
                    {row.leaderName || "–"}
                    {row.leaderName && !row.leaderLinked && <span class="muted"> {t.leaderNotLinked}</span>}
                  </td>
                  <td>
                    <span class={`state state-${row.state}`}>{t.reportStates[row.state]}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </Layout>
  );
}
