// The SLA report: tickets created in a range of days, per category and per department —
// on-time rate, mean resolution time (business hours, waiting excluded), breaches and the
// mean survey score — with charts of the on-time rate and the resolution time.
import { formatNumber, t } from '../../i18n';
import { RouteProps } from '../../router';
import { Chart } from '../../ui/Chart';
import { ErrorBanner, Loading, PageHeader, Section } from '../../ui/components';
import { useApi } from '../../ui/hooks';
import { isoDay, QueryDate, Row, SimpleTable, today } from '../accounting/parts';

const pct = (v: string | null | undefined) => (v === null || v === undefined ? '—' : `${formatNumber(Math.round(Number(v) * 100))} %`);
const num = (v: string | null | undefined, d = 1) => (v === null || v === undefined ? '—' : formatNumber(Number(v).toFixed(d), d));

function Figures(props: { label: string; rows: Row[]; name: (r: Row) => string; testid: string }) {
  return (
    <SimpleTable label={props.label} testid={props.testid} numeric={[1, 2, 3, 4, 5, 6, 7]}
      head={[t('common.name'), t('svc.sla_count'), t('svc.sla_resolved'), t('svc.sla_on_time'), t('svc.breached'),
             t('svc.sla_on_time_rate'), t('svc.sla_mean_hours'), t('svc.sla_mean_score')]}
      rows={props.rows.map((r) => [props.name(r), r.count, r.resolved, r.on_time,
        <span class={r.breached ? 'breached' : undefined}>{r.breached}</span>, pct(r.on_time_rate),
        num(r.mean_resolution_hours), num(r.mean_score)])} />
  );
}

export function SlaReport({ query }: RouteProps) {
  const from = query.get('from') ?? isoDay(new Date(Date.now() - 29 * 86400_000));
  const to = query.get('to') ?? today();
  const r = useApi<Row>('service/reports/sla', { from, to });
  const d = r.data;
  const cats: Row[] = d?.by_category ?? [];
  const deps: Row[] = d?.by_department ?? [];
  const tot: Row = d?.total ?? {};
  return (
    <>
      <PageHeader title={t('nav.sla')} subtitle={d?.time_zone} />
      <form class="filters card" onSubmit={(e) => e.preventDefault()}>
        <QueryDate name="from" label={t('acc.from')} query={query} fallback={from} />
        <QueryDate name="to" label={t('acc.to')} query={query} fallback={to} />
      </form>
      <ErrorBanner error={r.error} />
      {!d ? (!r.error && <Loading />) : (
        <>
          <div class="kpis" data-testid="sla-total">
            <div class="kpi"><span class="muted">{t('svc.sla_count')}</span><span class="value">{tot.count ?? 0}</span></div>
            <div class="kpi"><span class="muted">{t('svc.sla_on_time_rate')}</span><span class="value">{pct(tot.on_time_rate)}</span></div>
            <div class="kpi"><span class="muted">{t('svc.sla_mean_hours')}</span><span class="value">{num(tot.mean_resolution_hours)}</span></div>
            <div class="kpi"><span class="muted">{t('svc.breached')}</span><span class={`value ${tot.breached ? 'breached' : ''}`}>{tot.breached ?? 0}</span></div>
            <div class="kpi"><span class="muted">{t('svc.sla_mean_score')}</span><span class="value">{num(tot.mean_score)}</span></div>
          </div>
          {cats.length > 0 && (
            <div class="grid">
              <Section title={t('svc.sla_rate_chart')} id="sla-rate">
                <Chart kind="bar" label={t('svc.sla_rate_chart')} labels={cats.map((c) => c.name)}
                       series={[{ label: t('svc.sla_on_time_rate'), data: cats.map((c) => Math.round(Number(c.on_time_rate ?? 0) * 100)) }]} />
              </Section>
              <Section title={t('svc.sla_hours_chart')} id="sla-hours">
                <Chart kind="bar" label={t('svc.sla_hours_chart')} labels={cats.map((c) => c.name)}
                       series={[{ label: t('svc.sla_mean_hours'), data: cats.map((c) => Number(c.mean_resolution_hours ?? 0)) }]} />
              </Section>
            </div>
          )}
          <Section title={t('svc.sla_by_category')} id="sla-cat">
            <Figures label={t('svc.sla_by_category')} rows={cats} name={(c) => c.name ?? '—'} testid="sla-by-category" />
          </Section>
          <Section title={t('svc.sla_by_department')} id="sla-dep">
            <Figures label={t('svc.sla_by_department')} rows={deps} testid="sla-by-department"
                     name={(c) => c.department_name ?? (c.department_id ? `#${c.department_id}` : t('svc.no_department'))} />
          </Section>
        </>
      )}
    </>
  );
}
