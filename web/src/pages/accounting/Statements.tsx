// Profit and loss (a range of days, optionally against a comparison range) and the balance
// sheet (a day, optionally against another): the account hierarchy indented by level, group
// rows in bold, totals and a chart of the main figures.
import { formatDate, formatMoney, t } from '../../i18n';
import { RouteProps } from '../../router';
import { companyCurrency } from '../../session';
import { Chart } from '../../ui/Chart';
import { Badge, ErrorBanner, Loading, PageHeader, Section } from '../../ui/components';
import { useApi } from '../../ui/hooks';
import { DepartmentFilter } from './Reports';
import { accountName, QueryDate, Row, SimpleTable, startOfYear, today } from './parts';

interface Block { rows?: Row[]; total?: string }

function StatementBlock(props: { title: string; block: Block | undefined; compare: boolean; id: string }) {
  const cur = companyCurrency();
  const rows = props.block?.rows ?? [];
  const head = [t('acc.account'), t('common.amount')];
  if (props.compare) head.push(t('acc.compare'), t('acc.variance'));
  return (
    <Section title={props.title} id={props.id}>
      <SimpleTable caption={t('acc.amounts_in', { currency: cur })} label={props.title} head={head} numeric={[1, 2, 3]} testid={props.id}
        rowClass={(i) => (rows[i].is_group ? 'group' : undefined)}
        rows={rows.map((r) => {
          const cells = [
            <span style={{ paddingLeft: `${(r.level ?? 0) * 1.1}rem` }}>{r.code} {accountName(r)}</span>,
            formatMoney(r.amount)];
          if (props.compare) cells.push(formatMoney(r.compare), formatMoney(r.variance));
          return cells;
        })}
        foot={props.compare ? [t('common.total'), formatMoney(props.block?.total), '', '']
                            : [t('common.total'), formatMoney(props.block?.total)]} />
    </Section>
  );
}

export function ProfitAndLoss({ query }: RouteProps) {
  const from = query.get('from') ?? startOfYear();
  const to = query.get('to') ?? today();
  const cf = query.get('compare_from') ?? '';
  const ct = query.get('compare_to') ?? '';
  const compare = Boolean(cf && ct);
  const r = useApi<Row>('reports/profit-and-loss', {
    from, to, compare_from: compare ? cf : undefined, compare_to: compare ? ct : undefined,
    department_id: query.get('department_id'),
  });
  const d = r.data;
  const cur = companyCurrency();
  return (
    <>
      <PageHeader title={t('acc.profit_and_loss')} subtitle={`${formatDate(from)} – ${formatDate(to)}`} />
      <form class="filters card" onSubmit={(e) => e.preventDefault()}>
        <QueryDate name="from" label={t('acc.from')} query={query} fallback={from} />
        <QueryDate name="to" label={t('acc.to')} query={query} fallback={to} />
        <QueryDate name="compare_from" label={t('acc.compare_from')} query={query} />
        <QueryDate name="compare_to" label={t('acc.compare_to')} query={query} />
        <DepartmentFilter query={query} />
      </form>
      <ErrorBanner error={r.error} />
      {!d ? (!r.error && <Loading />) : (
        <>
          <div class="kpis">
            <div class="kpi"><span class="muted">{t('acc.income')}</span><span class="value">{formatMoney(d.income?.total, cur)}</span></div>
            <div class="kpi"><span class="muted">{t('acc.expense')}</span><span class="value">{formatMoney(d.expense?.total, cur)}</span></div>
            <div class="kpi" data-testid="net-profit"><span class="muted">{t('acc.net_profit')}</span>
              <span class={`value ${Number(d.net_profit) < 0 ? 'negative' : ''}`}>{formatMoney(d.net_profit, cur)}</span></div>
          </div>
          <Section title={t('acc.summary_chart')} id="pl-chart">
            <Chart kind="bar" label={t('acc.profit_and_loss')}
                   labels={[t('acc.income'), t('acc.expense'), t('acc.net_profit')]}
                   series={[{ label: cur, data: [Number(d.income?.total ?? 0), Number(d.expense?.total ?? 0), Number(d.net_profit ?? 0)] }]} />
          </Section>
          <StatementBlock id="pl-income" title={t('acc.income')} block={d.income} compare={compare} />
          <StatementBlock id="pl-expense" title={t('acc.expense')} block={d.expense} compare={compare} />
        </>
      )}
    </>
  );
}

export function BalanceSheet({ query }: RouteProps) {
  const date = query.get('date') ?? today();
  const cd = query.get('compare_date') ?? '';
  const r = useApi<Row>('reports/balance-sheet', { date, compare_date: cd || undefined });
  const d = r.data;
  const cur = companyCurrency();
  const liabEq = Number(d?.liabilities?.total ?? 0) + Number(d?.equity?.total ?? 0);
  return (
    <>
      <PageHeader title={t('acc.balance_sheet')}
                  subtitle={d && <Badge prefix="acc.balanced" value={d.balanced ? 'yes' : 'no'} tone={d.balanced ? 'ok' : 'danger'} />} />
      <form class="filters card" onSubmit={(e) => e.preventDefault()}>
        <QueryDate name="date" label={t('acc.as_of')} query={query} fallback={date} />
        <QueryDate name="compare_date" label={t('acc.compare_date')} query={query} />
      </form>
      <ErrorBanner error={r.error} />
      {!d ? (!r.error && <Loading />) : (
        <>
          <div class="kpis">
            <div class="kpi"><span class="muted">{t('acc.assets')}</span><span class="value">{formatMoney(d.assets?.total, cur)}</span></div>
            <div class="kpi"><span class="muted">{t('acc.liabilities')}</span><span class="value">{formatMoney(d.liabilities?.total, cur)}</span></div>
            <div class="kpi"><span class="muted">{t('acc.equity')}</span><span class="value">{formatMoney(d.equity?.total, cur)}</span></div>
          </div>
          <Section title={t('acc.summary_chart')} id="bs-chart">
            <Chart kind="bar" stacked label={t('acc.balance_sheet')} labels={[t('acc.assets'), t('acc.liabilities_equity')]}
                   series={[{ label: t('acc.assets'), data: [Number(d.assets?.total ?? 0), 0] },
                            { label: t('acc.liabilities'), data: [0, Number(d.liabilities?.total ?? 0)] },
                            { label: t('acc.equity'), data: [0, Number(d.equity?.total ?? 0)] }]} />
            <p class="muted">{t('acc.liabilities_equity')}: {formatMoney(liabEq, cur)}</p>
          </Section>
          <div class="grid">
            <StatementBlock id="bs-assets" title={t('acc.assets')} block={d.assets} compare={Boolean(cd)} />
            <div>
              <StatementBlock id="bs-liabilities" title={t('acc.liabilities')} block={d.liabilities} compare={Boolean(cd)} />
              <StatementBlock id="bs-equity" title={t('acc.equity')} block={d.equity} compare={Boolean(cd)} />
            </div>
          </div>
        </>
      )}
    </>
  );
}
