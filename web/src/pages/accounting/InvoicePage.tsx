// One invoice or credit note: lines, taxes, totals, instalments, allocations; the verbs (post,
// cancel, credit note, print), registering a payment, allocating a credit note, the journal
// entry it posted and its audit trail.
import { useState } from 'preact/hooks';
import { api } from '../../api';
import { formatDate, formatMoney, formatNumber, t, tValue } from '../../i18n';
import { Link, navigate, RouteProps } from '../../router';
import { can } from '../../session';
import { Badge, ErrorBanner, Facts, Loading, PageHeader, Section } from '../../ui/components';
import { useAction, useApi } from '../../ui/hooks';
import { Allocate } from './Allocate';
import { invoiceNo } from './InvoiceList';
import { DocRef, PartyLink, Row, SimpleTable, tone } from './parts';
import { RegisterPayment } from './RegisterPayment';

export function Allocations(props: { rows: Row[] | undefined; onUndo: (id: number) => void; busy: boolean }) {
  const href = (a: Row) => (a.with_type === 'payment' ? `/payments/${a.with_id}` : `/invoices/${a.with_id}`);
  return (
    <SimpleTable label={t('acc.allocations')} numeric={[3]} testid="allocations"
      head={[t('common.date'), t('acc.document'), t('common.state'), t('common.amount'), t('common.actions')]}
      rows={(props.rows ?? []).map((a) => [
        formatDate(a.date), <Link href={href(a)}>{a.with_number ?? `#${a.with_id}`}</Link>,
        <Badge prefix="acc.alloc" value={a.state} tone={a.state === 'active' ? 'ok' : ''} />,
        formatMoney(a.amount, a.currency),
        a.state === 'active' && can('invoicing.payment.create')
          ? <button type="button" disabled={props.busy} onClick={() => props.onUndo(a.id)}>{t('acc.undo')}</button> : '',
      ])} />
  );
}

/** A link to another invoice by its number. */
export function InvoiceRef({ id }: { id: number }) {
  return <DocRef api="invoices" href="/invoices" id={id} permission="invoicing.invoice.read" />;
}

function Lines({ inv }: { inv: Row }) {
  return (
    <SimpleTable label={t('acc.lines')} numeric={[1, 2, 3, 4, 5, 6]} testid="lines"
      head={[t('acc.description'), t('common.quantity'), t('common.price'), t('acc.discount'),
             t('acc.untaxed'), t('acc.tax'), t('common.total')]}
      rows={(inv.lines ?? []).map((l: Row) => [
        l.product_id ? <Link href={`/products/${l.product_id}`}>{l.description}</Link> : l.description,
        `${formatNumber(l.quantity)} ${l.uom_code ?? ''}`, formatMoney(l.unit_price, inv.currency),
        l.discount_percent && Number(l.discount_percent) ? `${formatNumber(l.discount_percent)} %` : '—',
        formatMoney(l.untaxed, inv.currency), formatMoney(l.tax, inv.currency), formatMoney(l.total, inv.currency)])}
      foot={[t('common.total'), '', '', '', formatMoney(inv.untaxed, inv.currency),
             formatMoney(inv.tax, inv.currency), formatMoney(inv.total, inv.currency)]} />
  );
}

function Taxes({ inv }: { inv: Row }) {
  return (
    <SimpleTable label={t('acc.taxes')} numeric={[1, 2, 3]}
      head={[t('acc.tax'), t('acc.rate'), t('acc.base'), t('common.amount')]}
      rows={(inv.taxes ?? []).map((x: Row) => [
        `${x.code ?? ''}${x.included ? ` (${t('acc.included')})` : ''}`, `${formatNumber(x.rate)} %`,
        formatMoney(x.base, inv.currency), formatMoney(x.amount, inv.currency)])} />
  );
}

function Verbs({ inv, reload, onPay }: { inv: Row; reload: () => void; onPay: () => void }) {
  const verb = useAction(async (name: 'post' | 'cancel' | 'credit') => {
    const out = await api.post<Row>(`invoices/${inv.id}/${name}`, name === 'credit' ? {} : undefined,
                                     { ifMatch: inv.version });
    if (name === 'credit') navigate(`/invoices/${out.id}`);
    else reload();
  });
  const isDraft = inv.state === 'draft';
  const open = inv.state === 'posted' && Number(inv.residual) > 0;
  return (
    <>
      {isDraft && can('invoicing.invoice.approve') && (
        <button type="button" class="primary" disabled={verb.busy} onClick={() => void verb.run('post')}>{t('acc.post')}</button>)}
      {isDraft && can('invoicing.invoice.update') && (
        <button type="button" class="danger" disabled={verb.busy} onClick={() => void verb.run('cancel')}>{t('acc.cancel_doc')}</button>)}
      {open && can('invoicing.payment.create') && (
        <button type="button" class="primary" onClick={onPay}>
          {inv.kind === 'credit_note' ? t('acc.register_refund') : t('acc.register_payment')}</button>)}
      {inv.kind === 'invoice' && ['posted', 'paid'].includes(inv.state) && can('invoicing.invoice.create') && (
        <button type="button" disabled={verb.busy} onClick={() => void verb.run('credit')}>{t('acc.credit_note')}</button>)}
      {inv.state !== 'draft' && (
        <a class="button" href={`/api/v1/invoices/${inv.id}/print`} target="_blank" rel="noopener">{t('action.print')}</a>)}
      {can('security.audit.read') && <Link href={`/audit?entity=invoice&id=${inv.id}`}>{t('nav.audit')}</Link>}
      {verb.error && <div class="block"><ErrorBanner error={verb.error} onReload={() => { verb.setError(null); reload(); }} /></div>}
    </>
  );
}

export function InvoicePage({ params }: RouteProps) {
  const r = useApi<Row>(`invoices/${params.id}`);
  const [paying, setPaying] = useState(false);
  const undo = useAction(async (id: number) => { await api.post(`allocations/${id}/undo`); r.reload(); });
  if (!r.data) return r.error ? <ErrorBanner error={r.error} /> : <Loading />;
  const inv = r.data;
  const cur = inv.currency;
  const addr = inv.address ?? {};
  return (
    <>
      <PageHeader title={`${tValue('acc.kind', inv.kind)} ${invoiceNo(inv)}`}
                  subtitle={<Badge prefix="state" value={inv.state} tone={tone(inv.state)} />}>
        <Verbs inv={inv} reload={r.reload} onPay={() => setPaying(true)} />
      </PageHeader>
      {paying && <RegisterPayment invoice={inv} open={paying} onClose={() => setPaying(false)}
                                  onDone={() => { setPaying(false); r.reload(); }} />}
      <div class="kpis" data-testid="totals">
        <div class="kpi"><span class="muted">{t('acc.untaxed')}</span><span class="value">{formatMoney(inv.untaxed, cur)}</span></div>
        <div class="kpi"><span class="muted">{t('acc.tax')}</span><span class="value">{formatMoney(inv.tax, cur)}</span></div>
        <div class="kpi"><span class="muted">{t('common.total')}</span><span class="value">{formatMoney(inv.total, cur)}</span></div>
        <div class="kpi"><span class="muted">{t('acc.residual')}</span><span class="value" data-testid="residual">{formatMoney(inv.residual, cur)}</span></div>
      </div>
      <div class="grid">
        <Section title={t('common.details')} id="inv-details">
          <Facts items={[
            [t('common.customer'), <PartyLink id={inv.party_id} name={inv.party_name} />],
            [t('acc.billing_address'), [addr.name, addr.line1, addr.city, addr.country].filter(Boolean).join(', ') || '—'],
            [t('common.date'), formatDate(inv.date)],
            [t('common.currency'), inv.rate && inv.currency !== inv.company_currency
              ? `${cur} (${t('acc.rate')} ${inv.rate}; ${formatMoney(inv.total_company, inv.company_currency)})` : cur],
            [t('acc.origin'), inv.origin_type === 'sales_order' && inv.origin_id
              ? <Link href={`/orders/${inv.origin_id}`}>{inv.origin_ref ?? `#${inv.origin_id}`}</Link> : inv.origin_ref ?? '—'],
            [t('acc.credit_of'), inv.credit_of_id ? <InvoiceRef id={inv.credit_of_id} /> : '—'],
            [t('acc.entry'), inv.entry_id
              ? (can('accounting.entry.read') ? <Link href={`/journal-entries/${inv.entry_id}`}>{inv.entry_number}</Link> : inv.entry_number)
              : '—'],
          ]} />
        </Section>
        <Section title={t('acc.instalments')} id="inv-instalments">
          <SimpleTable label={t('acc.instalments')} numeric={[1, 2]}
            head={[t('common.due'), t('common.amount'), t('acc.residual')]}
            rows={(inv.instalments ?? []).map((i: Row) => [formatDate(i.due_date), formatMoney(i.amount, cur), formatMoney(i.residual, cur)])} />
        </Section>
      </div>
      <Section title={t('acc.lines')} id="inv-lines"><Lines inv={inv} /></Section>
      <div class="grid">
        <Section title={t('acc.taxes')} id="inv-taxes"><Taxes inv={inv} /></Section>
        <Section title={t('acc.allocations')} id="inv-allocations">
          <ErrorBanner error={undo.error} />
          <Allocations rows={inv.allocations} busy={undo.busy} onUndo={(id) => void undo.run(id)} />
        </Section>
      </div>
      {inv.kind === 'credit_note' && inv.state === 'posted' && Number(inv.residual) > 0 && can('invoicing.payment.create') && (
        <Section title={t('acc.allocate_credit')} id="inv-allocate">
          <Allocate partyId={inv.party_id} currency={cur} targetKind="invoice" available={inv.residual}
                    path={`invoices/${inv.id}/allocate`} onDone={r.reload} />
        </Section>
      )}
    </>
  );
}
