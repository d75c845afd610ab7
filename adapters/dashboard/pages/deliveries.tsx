import type { Locale } from "../../../src/contract.js";
import { dashboardPageTexts } from "../../../src/i18n/dashboard-page-texts.js";
import type { Viewer } from "../../../src/services/dashboard/access.js";
import type { BroadcastProgress, Deliveries } from "../../../src/services/dashboard/model.js";
import { Layout } from "./layout.js";
import { num, TableWrap, useWhen } from "./parts.js";

// The broadcasts: each one's progress, failures by reason and "resend to failed". A broadcast still sending names
// its event stream in `data-events`; dashboard.js follows it and updates the `data-field` numbers and <progress>.

/** `everyone`, `region:Utrecht`, `session:DS27-01` in words; anything else as the organiser chose it. */
function audienceText(audience: string, locale: Locale): string {
  const t = dashboardPageTexts(locale).audienceOf;
  if (audience === "everyone") return t.everyone;
  const [kind, ...rest] = audience.split(":");
  const arg = rest.join(":");
  if (kind === "region" && arg) return `${t.region} ${arg}`;
  if (kind === "session" && arg) return `${t.session} ${arg}`;
  return audience;
}

const fields = ["total", "sent", "pending", "failed", "paused"] as const;

function Numbers(props: { b: BroadcastProgress; locale: Locale }) {
  const t = dashboardPageTexts(props.locale);
  const labels: Record<(typeof fields)[number], string> = {
    total: t.total,
    sent: t.sent,
    pending: t.pending,
    failed: t.failed,
    paused: t.paused,
  };
  return (
    <dl class="facts">
      {fields.map((field) => (
        <div key={field}>
          <dt>{labels[field]}</dt>
          <dd data-field={field}>{num(props.b[field], props.locale)}</dd>
        </div>
      ))}
    </dl>
  );
}

function Broadcast(props: { b: BroadcastProgress; viewer: Viewer }) {
  const when = useWhen();
  const { b, viewer } = props;
  const locale = viewer.locale;
  const t = dashboardPageTexts(locale);
  const heading = `broadcast-${b.id}`;
  return (
    <section
      class="card"
      aria-labelledby={heading}
      data-broadcast={b.id}
      data-events={b.done ? undefined : `/dashboard/api/deliveries/${b.id}/events`}
      data-done-text={t.done}
    >
      <h2 id={heading}>
        {t.broadcast(b.id)} <span class="muted">{`“${b.preview}”`}</span>
      </h2>
      <p class="muted">
        {t.to}: {audienceText(b.audience, locale)} · {t.created}: {when(b.createdAt, locale)} ·{" "}
        <span data-field="state" aria-live="polite">
          {b.done ? t.done : t.sending}
        </span>
      </p>
      <progress
        data-field="progress"
        max={Math.max(b.total, 1)}
        value={b.sent + b.failed}
        aria-label={t.progressLabel(b.id)}
      />
      <Numbers b={b} locale={locale} />
      {b.failures.length > 0 && (
        <>
          <h3>{t.failures}</h3>
          <TableWrap name={`${t.failures} (${t.broadcast(b.id)})`} locale={locale}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t.reason}</th>
                  <th scope="col" class="n">
                    {t.count}
                  </th>
                </tr>
              </thead>
              <tbody>
                {b.failures.map((f) => (
                  <tr key={f.reason}>
                    <th scope="row">{f.reason}</th>
                    <td class="n">{num(f.count, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      )}
      {b.failed > 0 && (
        <form method="post" action={`/dashboard/deliveries/${b.id}/resend`} class="resend">
          <input type="hidden" name="csrf" value={viewer.csrf} />
          <button type="submit">{t.resend}</button>
        </form>
      )}
    </section>
  );
}

export function DeliveriesPage(props: { data: Deliveries; viewer: Viewer }) {
  const { data, viewer } = props;
  const t = dashboardPageTexts(viewer.locale);
  return (
    <Layout viewer={viewer} current="deliveries" title={t.deliveriesTitle}>
      {data.broadcasts.length === 0 ? (
        <p class="empty">{t.deliveriesNone}</p>
      ) : (
        data.broadcasts.map((b) => <Broadcast key={b.id} b={b} viewer={viewer} />)
      )}
    </Layout>
  );
}
