import type { Locale } from "../../../src/contract.js";
import { dashboardConsultationTexts } from "../../../src/i18n/dashboard-consultation-texts.js";
import type { Viewer } from "../../../src/services/dashboard/access.js";
import type { ConsultationSummary, Consultations, RoleCounts } from "../../../src/services/dashboard/model.js";
import { Layout } from "./layout.js";
import { Facts, num, TableWrap, useWhen } from "./parts.js";

// The consultation rounds: per round its status, period, participation, the submitted reactions per core task with
// their counts per role (small groups merged as in the export), and the export as CSV and JSON. Counts only: the
// texts are in the export, and nothing here is per member.

const exportHref = (id: number, as: "csv" | "json") => `/dashboard/consultations/${id}/export.${as}`;

const merged = (c: ConsultationSummary) =>
  [c.byRole, ...c.tasks.map((task) => task.byRole)].some((counts) => counts.some((g) => g.role === "overig"));

function Roles(props: { counts: RoleCounts; locale: Locale }) {
  const t = dashboardConsultationTexts(props.locale);
  if (props.counts.length === 0) return <>–</>;
  return <>{props.counts.map((g) => `${t.roles[g.role]} ${num(g.count, props.locale)}`).join(" · ")}</>;
}

function Round(props: { round: ConsultationSummary; minimumGroup: number; viewer: Viewer }) {
  const when = useWhen();
  const { round: c } = props;
  const locale = props.viewer.locale;
  const t = dashboardConsultationTexts(locale);
  const heading = `consultation-${c.id}`;
  return (
    <section class="card" aria-labelledby={heading}>
      <h2 id={heading}>{c.title}</h2>
      <p class="muted">
        {[
          t.status[c.status],
          c.anonymous ? t.anonymous : t.named,
          t.period(when(c.opensAt, locale), when(c.closesAt, locale)),
        ].join(" · ")}
      </p>
      <Facts
        items={[
          [t.started, num(c.started, locale)],
          [t.submitted, num(c.submitted, locale)],
          [t.byRole, <Roles key="roles" counts={c.byRole} locale={locale} />],
        ]}
      />
      {c.submitted === 0 ? (
        <p class="empty">{t.noReactions}</p>
      ) : (
        <TableWrap name={t.tasksOf(c.title)} locale={locale}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t.coreTask}</th>
                <th scope="col" class="n">
                  {t.reactions}
                </th>
                <th scope="col">{t.byRole}</th>
              </tr>
            </thead>
            <tbody>
              {c.tasks.map((task) => (
                <tr key={task.taskId}>
                  <th scope="row">{task.label[locale]}</th>
                  <td class="n">{num(task.reactions, locale)}</td>
                  <td>
                    <Roles counts={task.byRole} locale={locale} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {merged(c) && <p class="hint">{t.merged(props.minimumGroup)}</p>}
      <p class="actions">
        <a class="button" href={exportHref(c.id, "csv")} download aria-label={t.exportCsv(c.title)}>
          {t.csv}
        </a>
        <a class="button" href={exportHref(c.id, "json")} download aria-label={t.exportJson(c.title)}>
          {t.json}
        </a>
      </p>
    </section>
  );
}

export function ConsultationsPage(props: { data: Consultations; viewer: Viewer }) {
  const { data, viewer } = props;
  const t = dashboardConsultationTexts(viewer.locale);
  return (
    <Layout viewer={viewer} current="consultations" title={t.title}>
      {data.consultations.length === 0 ? (
        <p class="empty">{t.none}</p>
      ) : (
        data.consultations.map((c) => <Round key={c.id} round={c} minimumGroup={data.minimumGroup} viewer={viewer} />)
      )}
    </Layout>
  );
}
