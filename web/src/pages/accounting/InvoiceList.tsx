// Invoices and credit notes: filters (state, kind, customer, dates) kept in the address bar,
// the paged list with totals and what is still open.
import { formatDate, formatMoney, t, tValue } from '../../i18n';
import { RouteProps, setQuery } from '../../router';
import { Badge, PageHeader } from '../../ui/components';
import { DataTable } from '../../ui/DataTable';
import { PartyLink, PartyPicker, QueryDate, QuerySelect, Row, tone } from './parts';

export const INVOICE_STATES = ['draft', 'posted', 'paid', 'cancelled'];

export function invoiceNo(inv: Row): string {
  return inv.number ?? `${t('acc.draft')} #${inv.id}`;
}

export function InvoiceList({ query }: RouteProps) {
  const filter = {
    state: query.get('state') ?? '', kind: query.get('kind') ?? '', party_id: query.get('party_id') ?? '',
    from: query.get('from') ?? '', to: query.get('to') ?? '',
  };
  return (
    <>
      <PageHeader title={t('nav.invoices')} />
      <form class="filters card" role="search" onSubmit={(e) => e.preventDefault()}>
        <QuerySelect name="state" label={t('common.state')} query={query} all={t('common.all')}
                     options={INVOICE_STATES.map((s) => [s, tValue('state', s)])} />
        <QuerySelect name="kind" label={t('acc.kind')} query={query} all={t('common.all')}
                     options={['invoice', 'credit_note'].map((k) => [k, tValue('acc.kind', k)])} />
        <PartyPicker id="inv-party" label={t('common.customer')} value={filter.party_id ? Number(filter.party_id) : null}
                     onChange={(id) => setQuery({ party_id: id ? String(id) : null })} />
        <QueryDate name="from" label={t('acc.from')} query={query} />
        <QueryDate name="to" label={t('acc.to')} query={query} />
      </form>
      <DataTable<Row> path="invoices" query={filter} label={t('nav.invoices')}
        rowHref={(r) => `/invoices/${r.id}`}
        columns={[
          { key: 'number', label: t('common.number'), render: invoiceNo, sort: 'number' },
          { key: 'kind', label: t('acc.kind'), render: (r) => tValue('acc.kind', r.kind) },
          { key: 'party', label: t('common.customer'), render: (r) => <PartyLink id={r.party_id} name={r.party_name} /> },
          { key: 'date', label: t('common.date'), render: (r) => formatDate(r.date), sort: 'date' },
          { key: 'state', label: t('common.state'), render: (r) => <Badge prefix="state" value={r.state} tone={tone(r.state)} />, sort: 'state' },
          { key: 'total', label: t('common.total'), align: 'right', render: (r) => formatMoney(r.total, r.currency), sort: 'total' },
          { key: 'residual', label: t('acc.residual'), align: 'right', render: (r) => formatMoney(r.residual, r.currency) },
        ]} />
    </>
  );
}
