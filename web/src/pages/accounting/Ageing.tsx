// Receivables or payables by days past due per party (linked to the customer page), with the
// control account's balance; and budget against actual for a chosen budget and its periods.
import { Page } from '../../api';
import { formatMoney, formatNumber, t, tValue } from '../../i18n';
import { Link, RouteProps } from '../../router';
import { companyCurrency } from '../../session';
import { Chart } from '../../ui/Chart';
import { ErrorBanner, Loading, PageHeader, Section } from '../../ui/components';
import { useApi } from '../../ui/hooks';
import { DepartmentFilter } from './Reports';
import { accountName, QueryDate, QuerySelect, Row, SimpleTable, today } from './parts';

// Less income or more expense than planned is shown in red; other types have no good side.
const worse = (x: Row) => (x.type === 'income' && Number(x.variance) < 0) || (x.type === 'expense' && Number(x.variance) > 0);

const BUCKETS = ['current', 'days_1_30', 'days_31_60', 'days_61_90', 'over_90'] as const;

export function Ageing({ query }: RouteProps) {
  const kind = query.get('kind') ?? 'receivable';
  const asOf = query.get('as_of') ?? today();
  const r = useApi<Row>('reports/ageing', { kind, as_of: asOf });
  const d = r.data;
  const cur = d?.currency ?? companyCurrency();
  const parties: Row[] = d?.parties ?? [];
  return (
    <>
      <PageHeader title={t('acc.ageing')} subtitle={tValue('acc.ageing_kind', kind)} />
      <form class="filters card" onSubmit={(e) => e.preventDefault()}>
        <QuerySelect name="kind" label={t('acc.kind')} query={query} fallback="receivable"
                     options={['receivable', 'payable'].map((k) => [k, tValue('acc.ageing_kind', k)])} />
        <QueryDate name="as_of" label={t('acc.as_of')} query={query} fallback={asOf} />
      </form>
      <ErrorBanner error={r.error} />
      {!d ? (!r.error && <Loading />) : (
        <>
          <div class="kpis">
            <div class="kpi"><span class="muted">{t('common.total')}</span><span class="value">{formatMoney(d.totals?.total, cur)}</span></div>
            <div class="kpi"><span class="muted">{t('common.overdue')}</span><span class="value">
              {formatMoney(BUCKETS.slice(1).reduce((s, b) => s + Number(d.totals?.[b] ?? 0), 0), cur)}</span></div>
            <div class="kpi"><span class="muted">{t('acc.control_balance')}</span><span class="value">{formatMoney(d.control_balance, cur)}</span></div>
          </div>
          {parties.length > 0 && (
            <Section title={t('acc.by_party')} id="ageing-chart">
              <Chart kind="bar" stacked label={t('acc.ageing')} labels={parties.map((p) => p.party_name)}
                     series={BUCKETS.map((b) => ({ label: t(`ageing.${b}`), data: parties.map((p) => Number(p[b])) }))} />
            </Section>
          )}
          <Section title={t('acc.by_party')} id="ageing-table">
            <SimpleTable caption={t('acc.amounts_in', { currency: cur })} label={t('acc.ageing')} numeric={[1, 2, 3, 4, 5, 6]} testid="ageing"
              head={[t('acc.party'), ...BUCKETS.map((b) => t(`ageing.${b}`)), t('common.total')]}
              rows={parties.map((p) => [<Link href={`/customers/${p.party_id}`}>{p.party_name}</Link>,
                ...BUCKETS.map((b) => <span class={b !== 'current' && Number(p[b]) ? 'overdue' : undefined}>{formatMoney(p[b])}</span>),
                formatMoney(p.total)])}
              foot={[t('common.total'), ...BUCKETS.map((b) => formatMoney(d.totals?.[b])), formatMoney(d.totals?.total)]} />
          </Section>
        </>
      )}
    </>
  );
}

export function BudgetVsActual({ query }: RouteProps) {
  const budgets = useApi<Page<Row>>('budgets', { limit: 200 });
  const budgetId = query.get('budget_id') ?? String(budgets.data?.items[0]?.id ?? '');
  const budget = budgets.data?.items.find((b) => String(b.id) === budgetId);
  const year = useApi<Row>(budget ? `fiscal-years/${budget.fiscal_year_id}` : null);
  const periods: Row[] = year.data?.periods ?? [];
  const r = useApi<Row>(budgetId ? 'reports/budget-vs-actual' : null, {
    budget_id: budgetId, from_period_id: query.get('from_period_id'), to_period_id: query.get('to_period_id'),
    department_id: query.get('department_id'),
  });
  const d = r.data;
  const cur = d?.currency ?? companyCurrency();
  const rows: Row[] = d?.rows ?? [];
  const leaves = rows.filter((x) => !x.is_group);
  const pct = (v: unknown) => (v === null || v === undefined ? '—' : `${formatNumber(String(v), 1)} %`);
  return (
    <>
      <PageHeader title={t('acc.budget_vs_actual')} subtitle={d && `${d.from} – ${d.to}`} />
      <form class="filters card" onSubmit={(e) => e.preventDefault()}>
        <QuerySelect name="budget_id" label={t('acc.budget')} query={query} fallback={budgetId}
                     options={(budgets.data?.items ?? []).map((b) => [String(b.id), b.name])} />
        <QuerySelect name="from_period_id" label={t('acc.from_period')} query={query} all={t('acc.first_period')}
                     options={periods.map((p) => [String(p.id), p.name])} />
        <QuerySelect name="to_period_id" label={t('acc.to_period')} query={query} all={t('acc.last_period')}
                     options={periods.map((p) => [String(p.id), p.name])} />
        <DepartmentFilter query={query} />
      </form>
      <ErrorBanner error={budgets.error ?? r.error} />
      {budgets.data && budgets.data.items.length === 0 && <p class="muted">{t('acc.no_budgets')}</p>}
      {budgetId && !d && !r.error && <Loading />}
      {d && (
        <>
          <div class="kpis">
            {Object.entries(d.totals ?? {}).map(([type, f]) => (
              <div class="kpi" key={type}><span class="muted">{tValue('acc.type', type)}</span>
                <span class="value">{formatMoney((f as Row).actual, cur)}</span>
                <span class="muted">{t('acc.budget')}: {formatMoney((f as Row).budget, cur)} · {pct((f as Row).variance_pct)}</span></div>))}
          </div>
          {leaves.length > 0 && (
            <Section title={t('acc.summary_chart')} id="bva-chart">
              <Chart kind="bar" label={t('acc.budget_vs_actual')} labels={leaves.map((x) => `${x.code} ${accountName(x)}`)}
                     series={[{ label: t('acc.budget'), data: leaves.map((x) => Number(x.budget)) },
                              { label: t('acc.actual'), data: leaves.map((x) => Number(x.actual)) }]} />
            </Section>
          )}
          <Section title={t('acc.by_account')} id="bva-table">
            <SimpleTable caption={t('acc.amounts_in', { currency: cur })} label={t('acc.budget_vs_actual')} numeric={[1, 2, 3, 4]} testid="budget"
              rowClass={(i) => (rows[i].is_group ? 'group' : undefined)}
              head={[t('acc.account'), t('acc.budget'), t('acc.actual'), t('acc.variance'), t('acc.variance_pct')]}
              rows={rows.map((x) => [`${x.code} ${accountName(x)}`, formatMoney(x.budget), formatMoney(x.actual),
                <span class={worse(x) ? 'negative' : undefined}>{formatMoney(x.variance)}</span>, pct(x.variance_pct)])} />
          </Section>
        </>
      )}
    </>
  );
}
