// What follows a sales order, each from the area that owns it: its deliveries (inventory),
// invoices and the payments allocated to them (invoicing), service tickets, and the lines'
// available-to-promise.
import { Page } from '../../api';
import { formatDate, formatMoney, t, tValue } from '../../i18n';
import { Link } from '../../router';
import { can } from '../../session';
import { ErrorBanner, Section } from '../../ui/components';
import { useApi } from '../../ui/hooks';
import { qty, Row, StateBadge, Table, useReloadOn } from './shared';

export function Deliveries(props: { orderId: number; reloadKey: unknown }) {
  const allowed = can('inventory.transfer.read');
  const list = useApi<Page<Row>>(allowed ? 'transfers' : null,
                                 { origin_type: 'sales_order', origin_id: props.orderId, limit: 50 });
  useReloadOn(list, props.reloadKey);
  if (!allowed) return null;
  return (
    <Section title={t('sales.deliveries')} id="deliveries">
      <ErrorBanner error={list.error} />
      <Table label={t('sales.deliveries')} testid="deliveries"
        head={[t('common.number'), t('sales.kind'), t('common.date'), t('common.state')]}
        rows={(list.data?.items ?? []).map((d) => [<Link href={`/transfers/${d.id}`}>{d.number}</Link>,
          tValue('transfer', d.kind), formatDate(d.done_date ?? d.date), <StateBadge prefix="stock.state" value={d.state} />])} />
    </Section>
  );
}

/** The payments allocated to one invoice (the invoice list carries no allocations). */
function InvoicePayments(props: { invoiceId: number; reloadKey: unknown }) {
  const inv = useApi<Row>(`invoices/${props.invoiceId}`);
  useReloadOn(inv, props.reloadKey);
  const pays = ((inv.data?.allocations ?? []) as Row[]).filter((a) => a.with_type === 'payment' && a.state !== 'undone');
  if (pays.length === 0) return <span class="muted">—</span>;
  return (
    <ul class="plain">
      {pays.map((a) => (
        <li key={a.id}><Link href={`/payments/${a.with_id}`}>{a.with_number ?? `#${a.with_id}`}</Link>{' '}
          {formatMoney(a.amount, a.currency)} · {formatDate(a.date)}</li>))}
    </ul>
  );
}

export function Invoices(props: { orderId: number; reloadKey: unknown }) {
  const allowed = can('invoicing.invoice.read');
  const list = useApi<Page<Row>>(allowed ? 'invoices' : null,
                                 { origin_type: 'sales_order', origin_id: props.orderId, limit: 50 });
  useReloadOn(list, props.reloadKey);
  if (!allowed) return null;
  return (
    <Section title={t('sales.invoices_payments')} id="invoices">
      <ErrorBanner error={list.error} />
      <Table label={t('nav.invoices')} testid="order-invoices" numeric={[4, 5]}
        head={[t('common.number'), t('sales.kind'), t('common.date'), t('common.state'), t('common.total'),
               t('sales.residual'), t('nav.payments')]}
        rows={(list.data?.items ?? []).map((i) => [<Link href={`/invoices/${i.id}`}>{i.number ?? `#${i.id}`}</Link>,
          tValue('sales.invoice_kind', i.kind), formatDate(i.date), <StateBadge prefix="state" value={i.state} />,
          formatMoney(i.total, i.currency), formatMoney(i.residual, i.currency),
          <InvoicePayments invoiceId={i.id} reloadKey={props.reloadKey} />])} />
    </Section>
  );
}

export function Tickets(props: { orderId: number }) {
  const allowed = can('service.ticket.read');
  const list = useApi<Page<Row>>(allowed ? 'tickets' : null, { sales_order_id: props.orderId, limit: 50 });
  if (!allowed) return null;
  return (
    <Section title={t('nav.tickets')} id="tickets">
      <ErrorBanner error={list.error} />
      <Table label={t('nav.tickets')}
        head={[t('common.number'), t('sales.subject'), t('common.status'), t('common.due')]}
        rows={(list.data?.items ?? []).map((k) => [<Link href={`/tickets/${k.id}`}>{k.number}</Link>, k.subject,
          <StateBadge prefix="ticket" value={k.status} />, formatDate(k.resolution_due_at)])} />
    </Section>
  );
}

/** Available-to-promise per line while the order is not delivered. */
export function useAvailability(order: Row | undefined): Map<number, Row> {
  const open = order && (order.state === 'draft' || order.state === 'confirmed');
  const a = useApi<{ lines: Row[] }>(open && can('sales.order.read') ? `sales-orders/${order!.id}/availability` : null,
                                     );
  useReloadOn(a, order?.version);
  return new Map((a.data?.lines ?? []).map((l) => [l.line_id as number, l]));
}

export function AvailabilityBadge(props: { a: Row | undefined }) {
  if (!props.a) return null;
  return props.a.promisable
    ? <span class="badge ok">{t('sales.available', { available: qty(props.a.available) })}</span>
    : <span class="badge warn">{t('sales.short', { available: qty(props.a.available) })}</span>;
}
