// The sales order: lines with what is delivered and invoiced, confirm (the credit block shown
// with its figures; an override for holders of sales.credit.approve), cancel, invoice; then
// everything that follows it — deliveries, invoices and payments, approvals, tickets.
import { useState } from 'preact/hooks';
import { api, ApiError } from '../../api';
import { formatDate, formatDateTime, formatMoney, t } from '../../i18n';
import { Link, RouteProps } from '../../router';
import { can } from '../../session';
import { Dialog, ErrorBanner, Loading, PageHeader, Section } from '../../ui/components';
import { useAction, useApi } from '../../ui/hooks';
import { GuardBanner, WorkflowSection } from './Guard';
import { AvailabilityBadge, Deliveries, Invoices, Tickets, useAvailability } from './OrderSections';
import { PartyLink, ProductLink, qty, Row, StateBadge, Table } from './shared';

function address(a: Row | null | undefined): string {
  if (!a) return '—';
  return [a.name, a.line1, a.line2, a.postal_code, a.city, a.region, a.country].filter(Boolean).join(', ') || '—';
}

function CreditBlock(props: { error: ApiError; busy: boolean; onOverride: () => void; orderId: number }) {
  const [checked, setChecked] = useState(false);
  const start = useAction(async () => {
    const wf = props.error.body.workflow as Row | undefined;
    await api.post('workflow-instances', wf?.body ?? { key: 'credit_override', document_type: 'sales_order', document_id: props.orderId });
  });
  return (
    <div class="credit-block" data-testid="credit-block">
      <GuardBanner error={props.error} />
      {can('sales.credit.approve') && (
        <div class="toolbar">
          <label><input type="checkbox" checked={checked} onChange={(e) => setChecked(e.currentTarget.checked)} />
            {' '}{t('sales.override_credit')}</label>
          <button type="button" class="danger" disabled={!checked || props.busy} onClick={props.onOverride}>
            {t('sales.confirm_override')}</button>
        </div>
      )}
      {can('sales.order.update') && (
        <div class="toolbar">
          <button type="button" disabled={start.busy} onClick={() => void start.run()}>{t('sales.request_override')}</button>
          {start.error ? <GuardBanner error={start.error} /> : null}
        </div>
      )}
    </div>
  );
}

function Lines(props: { order: Row }) {
  const o = props.order;
  const avail = useAvailability(o);
  const open = o.state === 'draft' || o.state === 'confirmed';
  return (
    <Table label={t('sales.lines')} testid="order-lines" numeric={[1, 2, 3, 4, 5, 6]}
      head={[t('common.product'), t('common.quantity'), t('sales.delivered'), t('sales.invoiced'), t('sales.unit_price'),
             t('sales.discount_pct'), t('sales.untaxed'), ...(open ? [t('sales.availability')] : [])]}
      rows={(o.lines as Row[]).map((l) => [
        <ProductLink id={l.product_id} name={l.description} />, `${qty(l.quantity)} ${l.uom ?? ''}`,
        qty(l.delivered), qty(l.invoiced), formatMoney(l.unit_price, o.currency),
        Number(l.discount_percent) ? `${qty(l.discount_percent)} %` : '—', formatMoney(l.untaxed, o.currency),
        ...(open ? [<AvailabilityBadge a={avail.get(l.id)} />] : [])])} />
  );
}

export function OrderPage({ params }: RouteProps) {
  const o = useApi<Row>(`sales-orders/${params.id}`);
  const [cancelling, setCancelling] = useState(false);
  const verb = useAction(async (name: string, body: Row = {}) => {
    o.setData(await api.post<Row>(`sales-orders/${params.id}/${name}`, body, { ifMatch: o.data?.version }));
    setCancelling(false);
  });
  if (!o.data) return o.error ? <ErrorBanner error={o.error} /> : <Loading />;
  const order = o.data;
  const update = can('sales.order.update');
  const nothingDone = order.delivery_status === 'nothing' && order.invoice_status === 'nothing';
  const toInvoice = (order.lines as Row[]).some((l) => Number(l.invoiced) < Number(order.invoice_policy === 'ordered' ? l.quantity : l.delivered));
  const creditError = verb.error instanceof ApiError && verb.error.code === 'sales.credit_limit' ? verb.error : null;
  const b = (name: string, label: string, show: boolean, cls = '') => show && (
    <button type="button" class={cls} disabled={verb.busy} onClick={() => void verb.run(name)}>{label}</button>);
  return (
    <>
      <PageHeader title={t('sales.order_title', { number: order.number })} subtitle={<>
        <StateBadge prefix="state" value={order.state} />{' '}
        <span class="muted">{t('sales.delivered')}:</span> <StateBadge prefix="sales.progress" value={order.delivery_status} />{' '}
        <span class="muted">{t('sales.invoiced')}:</span> <StateBadge prefix="sales.progress" value={order.invoice_status} /></>}>
        {b('reprice', t('sales.reprice'), update && order.state === 'draft')}
        {b('confirm', t('action.confirm'), update && order.state === 'draft', 'primary')}
        {b('invoice', t('sales.create_invoice'), update && order.state === 'confirmed' && toInvoice, 'primary')}
        {update && (order.state === 'draft' || (order.state === 'confirmed' && nothingDone)) && (
          <button type="button" class="danger" disabled={verb.busy} onClick={() => setCancelling(true)}>{t('sales.cancel_order')}</button>)}
      </PageHeader>
      <Dialog title={t('sales.cancel_order')} open={cancelling} onClose={() => setCancelling(false)}>
        <p>{t('sales.cancel_order_hint')}</p>
        <div class="toolbar">
          <button type="button" class="danger" disabled={verb.busy} onClick={() => void verb.run('cancel')}>{t('sales.cancel_order')}</button>
          <button type="button" onClick={() => setCancelling(false)}>{t('action.close')}</button>
        </div>
      </Dialog>
      {creditError
        ? <CreditBlock error={creditError} busy={verb.busy} orderId={order.id}
                       onOverride={() => void verb.run('confirm', { override_credit: true })} />
        : verb.error ? <GuardBanner error={verb.error} onReload={() => { verb.setError(null); o.reload(); }} /> : null}
      <Section title={t('sales.lines')} id="order-lines">
        <Lines order={order} />
        <dl class="facts totals">
          <dt>{t('sales.untaxed')}</dt><dd class="num">{formatMoney(order.untaxed, order.currency)}</dd>
          <dt>{t('sales.tax')}</dt><dd class="num">{formatMoney(order.tax, order.currency)}</dd>
          <dt>{t('common.total')}</dt><dd class="num"><strong>{formatMoney(order.total, order.currency)}</strong></dd>
        </dl>
      </Section>
      <div class="grid spaced">
        <Section title={t('common.details')} id="order-facts">
          <dl class="facts">
            <dt>{t('common.customer')}</dt><dd><PartyLink id={order.party_id} /></dd>
            <dt>{t('common.date')}</dt><dd>{formatDate(order.date)}</dd>
            {order.confirmed_at && <><dt>{t('sales.confirmed_at')}</dt><dd>{formatDateTime(order.confirmed_at)}</dd></>}
            {order.quote_id && <><dt>{t('sales.quote')}</dt><dd><Link href={`/quotes/${order.quote_id}`}>{t('sales.open_quote')}</Link></dd></>}
            <dt>{t('sales.billing_address')}</dt><dd>{address(order.billing_address)}</dd>
            <dt>{t('sales.shipping_address')}</dt><dd>{address(order.shipping_address)}</dd>
            <dt>{t('sales.invoice_policy')}</dt><dd>{t(order.invoice_policy === 'ordered' ? 'sales.policy_ordered' : 'sales.policy_delivered')}</dd>
            {order.advance_required && <><dt>{t('sales.advance')}</dt><dd><span class="badge warn">{t('sales.advance_required')}</span></dd></>}
            {order.credit_override_by && <><dt>{t('sales.credit')}</dt><dd><span class="badge warn">{t('sales.credit_overridden')}</span></dd></>}
          </dl>
        </Section>
        <Deliveries orderId={order.id} reloadKey={order.version} />
      </div>
      <Invoices orderId={order.id} reloadKey={order.version} />
      <div class="grid">
        <WorkflowSection type="sales_order" id={order.id} reloadKey={order.version} />
        <Tickets orderId={order.id} />
      </div>
    </>
  );
}
