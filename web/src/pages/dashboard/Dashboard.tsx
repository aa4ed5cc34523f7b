// The manager's first page: sales this month against last, the pipeline by stage, receivables
// ageing, open tickets with SLA risk and low stock — each tile reads the API the area owns
// and is skipped when the user lacks its permission.
import type { Page } from '../../api';
import { formatMoney, formatNumber, t } from '../../i18n';
import { Link } from '../../router';
import { can, companyCurrency } from '../../session';
import { Chart } from '../../ui/Chart';
import { ErrorBanner, Loading, PageHeader, Section } from '../../ui/components';
import { useApi } from '../../ui/hooks';

interface SalesRow { month: string; revenue: string; margin: string }
interface SalesReport { currency: string; items: SalesRow[] }

function monthKey(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

function SalesTile() {
  const now = new Date();
  const from = new Date(now.getFullYear(), now.getMonth() - 5, 1);
  const r = useApi<SalesReport>('reports/sales', { group_by: 'month', from: `${monthKey(from)}-01` });
  if (r.error) return <ErrorBanner error={r.error} />;
  if (!r.data) return <Loading />;
  const rows = [...r.data.items].sort((a, b) => a.month.localeCompare(b.month));
  const by = new Map(rows.map((x) => [x.month, x]));
  const thisMonth = Number(by.get(monthKey(now))?.revenue ?? 0);
  const last = Number(by.get(monthKey(new Date(now.getFullYear(), now.getMonth() - 1, 1)))?.revenue ?? 0);
  const delta = last ? ((thisMonth - last) / last) * 100 : 0;
  return (
    <>
      <div class="kpis">
        <div class="kpi" data-testid="kpi-sales-month">
          <span class="muted">{t('dash.sales_this_month')}</span>
          <span class="value">{formatMoney(thisMonth, r.data.currency)}</span>
          {last > 0 && <span class={`delta ${delta >= 0 ? 'up' : 'down'}`}>
            {delta >= 0 ? '▲' : '▼'} {formatNumber(Math.abs(delta).toFixed(1), 1)} % {t('dash.vs_last_month')}
          </span>}
        </div>
        <div class="kpi">
          <span class="muted">{t('dash.sales_last_month')}</span>
          <span class="value">{formatMoney(last, r.data.currency)}</span>
        </div>
      </div>
      <Chart kind="bar" label={t('dash.sales_by_month')} labels={rows.map((x) => x.month)}
             series={[{ label: t('dash.revenue'), data: rows.map((x) => Number(x.revenue)) },
                      { label: t('dash.margin'), data: rows.map((x) => Number(x.margin)) }]} />
    </>
  );
}

interface BoardColumn { key: string; title: string; count: number;
                        sums?: { amount: string; currency: string }[] }

function PipelineTile() {
  const r = useApi<{ columns: BoardColumn[] }>('boards/opportunities', { cards: 1 });
  if (r.error) return <ErrorBanner error={r.error} />;
  if (!r.data) return <Loading />;
  const cur = companyCurrency();
  const cols = r.data.columns;
  return <Chart kind="bar" label={t('dash.pipeline')} labels={cols.map((c) => c.title)}
                series={[{ label: cur, data: cols.map((c) => Number(c.sums?.find((s) => s.currency === cur)?.amount ?? 0)) }]} />;
}

interface AgeingRow { current: string; days_1_30: string; days_31_60: string; days_61_90: string;
                      over_90: string; total: string }

function AgeingTile() {
  const r = useApi<{ currency: string; parties: AgeingRow[] }>('reports/ageing', { kind: 'receivable' });
  if (r.error) return <ErrorBanner error={r.error} />;
  if (!r.data) return <Loading />;
  const buckets = ['current', 'days_1_30', 'days_31_60', 'days_61_90', 'over_90'] as const;
  const sums = buckets.map((b) => r.data!.parties.reduce((s, p) => s + Number(p[b]), 0));
  return (
    <>
      <Chart kind="doughnut" label={t('dash.ageing')} labels={buckets.map((b) => t(`ageing.${b}`))}
             series={[{ label: r.data.currency, data: sums.map((s) => Math.max(s, 0)) }]} />
      <p class="muted">{t('common.total')}: {formatMoney(sums.reduce((a, b) => a + b, 0), r.data.currency)}
        {' · '}<Link href="/reports/ageing">{t('action.open')}</Link></p>
    </>
  );
}

function TicketsTile() {
  const r = useApi<{ columns: BoardColumn[] }>('boards/tickets', { cards: 1 });
  const breached = useApi<Page<{ id: number }>>('tickets', { breached: 'true', limit: 100 });
  if (r.error) return <ErrorBanner error={r.error} />;
  if (!r.data) return <Loading />;
  const open = r.data.columns.filter((c) => !['resolved', 'closed'].includes(c.key));
  return (
    <>
      <div class="kpis">
        <div class="kpi"><span class="muted">{t('dash.open_tickets')}</span>
          <span class="value">{open.reduce((s, c) => s + c.count, 0)}</span></div>
        <div class="kpi"><span class="muted">{t('dash.breached_tickets')}</span>
          <span class="value" style={{ color: 'var(--danger)' }}>{breached.data?.items.length ?? '…'}</span></div>
      </div>
      <Chart kind="bar" label={t('dash.tickets_by_status')} labels={open.map((c) => c.title)}
             series={[{ label: t('nav.tickets'), data: open.map((c) => c.count) }]} />
    </>
  );
}

interface StockRow { product_id: number; product_name: string; sku: string; available: string;
                     location_name: string }

function StockTile() {
  const r = useApi<Page<StockRow>>('stock', { limit: 500 });
  if (r.error) return <ErrorBanner error={r.error} />;
  if (!r.data) return <Loading />;
  const low = [...r.data.items].sort((a, b) => Number(a.available) - Number(b.available)).slice(0, 6);
  return (
    <table class="data" aria-label={t('dash.stock_alerts')}>
      <thead><tr><th>{t('common.product')}</th><th>{t('stock.location')}</th>
        <th class="num">{t('stock.available')}</th></tr></thead>
      <tbody>{low.map((s) => (
        <tr key={`${s.product_id}-${s.location_name}`}>
          <td><Link href={`/products/${s.product_id}`}>{s.product_name}</Link></td>
          <td>{s.location_name}</td>
          <td class={`num${Number(s.available) <= 10 ? ' field-error' : ''}`}>{formatNumber(s.available)}</td>
        </tr>))}</tbody>
    </table>
  );
}

export function Dashboard() {
  return (
    <>
      <PageHeader title={t('nav.dashboard')} />
      <div class="grid">
        {can('sales.report.read') || can('accounting.report.read') ? (
          <Section title={t('dash.sales')} id="dash-sales"><SalesTile /></Section>) : null}
        {can('crm.opportunity.read') && <Section title={t('dash.pipeline')} id="dash-pipe"><PipelineTile /></Section>}
        {can('accounting.report.read') && <Section title={t('dash.ageing')} id="dash-ageing"><AgeingTile /></Section>}
        {can('service.ticket.read') && <Section title={t('dash.tickets')} id="dash-tickets"><TicketsTile /></Section>}
        {can('inventory.warehouse.read') && <Section title={t('dash.stock_alerts')} id="dash-stock"><StockTile /></Section>}
      </div>
    </>
  );
}
