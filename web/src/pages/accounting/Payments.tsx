// Payments and refunds: the filtered list, and one payment with its allocations, posting, and
// allocation of what is left to the customer's open invoices (or credit notes, for a refund).
import { api } from '../../api';
import { formatDate, formatMoney, t, tValue } from '../../i18n';
import { Link, RouteProps, setQuery } from '../../router';
import { can } from '../../session';
import { Badge, ErrorBanner, Facts, Loading, PageHeader, Section } from '../../ui/components';
import { DataTable } from '../../ui/DataTable';
import { useAction, useApi } from '../../ui/hooks';
import { Allocate } from './Allocate';
import { Allocations } from './InvoicePage';
import { NameOf, PartyLink, PartyPicker, QueryDate, QuerySelect, Row, tone, useNames } from './parts';

export const paymentNo = (p: Row) => p.number ?? `${t('acc.draft')} #${p.id}`;

export function PaymentList({ query }: RouteProps) {
  const filter = {
    state: query.get('state') ?? '', direction: query.get('direction') ?? '',
    party_id: query.get('party_id') ?? '', from: query.get('from') ?? '', to: query.get('to') ?? '',
  };
  return (
    <>
      <PageHeader title={t('nav.payments')} />
      <form class="filters card" role="search" onSubmit={(e) => e.preventDefault()}>
        <QuerySelect name="state" label={t('common.state')} query={query} all={t('common.all')}
                     options={['draft', 'posted', 'cancelled'].map((s) => [s, tValue('state', s)])} />
        <QuerySelect name="direction" label={t('acc.direction')} query={query} all={t('common.all')}
                     options={['inbound', 'outbound'].map((s) => [s, tValue('acc.dir', s)])} />
        <PartyPicker id="pay-party" label={t('common.customer')} value={filter.party_id ? Number(filter.party_id) : null}
                     onChange={(id) => setQuery({ party_id: id ? String(id) : null })} />
        <QueryDate name="from" label={t('acc.from')} query={query} />
        <QueryDate name="to" label={t('acc.to')} query={query} />
      </form>
      <DataTable<Row> path="payments" query={filter} label={t('nav.payments')}
        rowHref={(r) => `/payments/${r.id}`}
        columns={[
          { key: 'number', label: t('common.number'), render: paymentNo },
          { key: 'date', label: t('common.date'), render: (r) => formatDate(r.date), sort: 'date' },
          { key: 'direction', label: t('acc.direction'), render: (r) => tValue('acc.dir', r.direction) },
          { key: 'party', label: t('common.customer'), render: (r) => <NameOf kind="parties" id={r.party_id} link /> },
          { key: 'reference', label: t('acc.reference'), render: (r) => r.reference ?? '' },
          { key: 'state', label: t('common.state'), render: (r) => <Badge prefix="state" value={r.state} tone={tone(r.state)} /> },
          { key: 'amount', label: t('common.amount'), align: 'right', render: (r) => formatMoney(r.amount, r.currency), sort: 'amount' },
          { key: 'unallocated', label: t('acc.unallocated'), align: 'right', render: (r) => formatMoney(r.unallocated, r.currency) },
        ]} />
    </>
  );
}

export function PaymentPage({ params }: RouteProps) {
  const r = useApi<Row>(`payments/${params.id}`);
  const nameOf = useNames('parties', [r.data?.party_id]);
  const verb = useAction(async (name: 'post' | 'cancel') => {
    await api.post(`payments/${params.id}/${name}`, {}, { ifMatch: r.data?.version });
    r.reload();
  });
  const undo = useAction(async (id: number) => { await api.post(`allocations/${id}/undo`); r.reload(); });
  if (!r.data) return r.error ? <ErrorBanner error={r.error} /> : <Loading />;
  const p = r.data;
  const draft = p.state === 'draft';
  return (
    <>
      <PageHeader title={`${tValue('acc.dir', p.direction)} ${paymentNo(p)}`}
                  subtitle={<Badge prefix="state" value={p.state} tone={tone(p.state)} />}>
        {draft && can('invoicing.payment.approve') && (
          <button type="button" class="primary" disabled={verb.busy} onClick={() => void verb.run('post')}>{t('acc.post')}</button>)}
        {draft && can('invoicing.payment.create') && (
          <button type="button" class="danger" disabled={verb.busy} onClick={() => void verb.run('cancel')}>{t('acc.cancel_doc')}</button>)}
        {can('security.audit.read') && <Link href={`/audit?entity=payment&id=${p.id}`}>{t('nav.audit')}</Link>}
      </PageHeader>
      <ErrorBanner error={verb.error} onReload={() => { verb.setError(null); r.reload(); }} />
      <div class="grid">
        <Section title={t('common.details')} id="pay-details">
          <Facts items={[
            [t('common.customer'), <PartyLink id={p.party_id} nameOf={nameOf} />],
            [t('common.date'), formatDate(p.date)],
            [t('common.amount'), formatMoney(p.amount, p.currency)],
            [t('acc.unallocated'), <span data-testid="unallocated">{formatMoney(p.unallocated, p.currency)}</span>],
            [t('acc.reference'), p.reference ?? '—'],
            [t('common.notes'), p.memo ?? '—'],
            [t('acc.entry'), p.entry_id
              ? (can('accounting.entry.read') ? <Link href={`/journal-entries/${p.entry_id}`}>{p.entry_number}</Link> : p.entry_number)
              : '—'],
          ]} />
        </Section>
        <Section title={t('acc.allocations')} id="pay-allocations">
          <ErrorBanner error={undo.error} />
          <Allocations rows={p.allocations} busy={undo.busy} onUndo={(id) => void undo.run(id)} />
          {draft && (p.planned ?? []).length > 0 && (
            <p class="muted">{t('acc.planned', { n: p.planned.length })}</p>)}
        </Section>
      </div>
      {p.state === 'posted' && Number(p.unallocated) > 0 && can('invoicing.payment.create') && (
        <Section title={p.direction === 'inbound' ? t('acc.allocate_invoices') : t('acc.allocate_credit_notes')} id="pay-allocate">
          <Allocate partyId={p.party_id} currency={p.currency} available={p.unallocated}
                    targetKind={p.direction === 'inbound' ? 'invoice' : 'credit_note'}
                    path={`payments/${p.id}/allocate`} onDone={r.reload} />
        </Section>
      )}
    </>
  );
}
