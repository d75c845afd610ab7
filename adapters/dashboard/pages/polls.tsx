import { dashboardPageTexts } from "../../../src/i18n/dashboard-page-texts.js";
import type { Viewer } from "../../../src/services/dashboard/access.js";
import type { PollResult, Polls } from "../../../src/services/dashboard/model.js";
import { Layout } from "./layout.js";
import { Chart, useWhen } from "./parts.js";

// The polls: per poll its votes as a horizontal bar chart, or why they are not shown (an anonymous poll before its
// close, or fewer answers than the minimum group): then only the options, no counts.

function Poll(props: { poll: PollResult; viewer: Viewer }) {
  const when = useWhen();
  const { poll: p } = props;
  const locale = props.viewer.locale;
  const t = dashboardPageTexts(locale);
  const heading = `poll-${p.id}`;
  const round = p.round;
  const hidden = p.hidden ?? (p.options.some((o) => o.votes === undefined) ? "until_close" : undefined);
  return (
    <section class="card" aria-labelledby={heading}>
      <h2 id={heading}>{p.question}</h2>
      <p class="muted">
        {[
          t.pollStatus[p.status],
          p.anonymous ? t.anonymous : t.named,
          round &&
            (round.open ? t.roundOpen(when(round.closesAt, locale)) : t.roundClosed(when(round.closesAt, locale))),
          t.participants(p.participants),
        ]
          .filter(Boolean)
          .join(" · ")}
      </p>
      {hidden ? (
        <>
          <p class="hidden-reason">{t.hidden[hidden]}</p>
          <ul class="options">
            {p.options.map((o) => (
              <li key={o.label}>{o.label}</li>
            ))}
          </ul>
        </>
      ) : (
        <Chart
          label={t.pollChart(p.question)}
          name={p.question}
          locale={locale}
          head={[t.option, t.votes]}
          data={{
            type: "bar",
            horizontal: true,
            labels: p.options.map((o) => o.label),
            series: [{ label: t.votes, data: p.options.map((o) => o.votes ?? 0) }],
          }}
        />
      )}
    </section>
  );
}

export function PollsPage(props: { data: Polls; viewer: Viewer }) {
  const { data, viewer } = props;
  const t = dashboardPageTexts(viewer.locale);
  return (
    <Layout viewer={viewer} current="polls" title={t.pollsTitle}>
      {data.polls.length === 0 ? (
        <p class="empty">{t.pollsNone}</p>
      ) : (
        data.polls.map((p) => <Poll key={p.id} poll={p} viewer={viewer} />)
      )}
    </Layout>
  );
}
