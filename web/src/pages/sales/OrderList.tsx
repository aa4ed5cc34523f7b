// Sales orders: filtered by state and customer, with their delivery and invoicing progress.
import { formatDate, formatMoney, t, tValue } from '../../i18n';
import { Link, RouteProps, setQuery } from '../../router';
import { DataTable } from '../../ui/DataTable';
import { PageHeader } from '../../ui/components';
import { PartyLink, Row, StateBadge } from './shared';

const ORDER_STATES = ['draft', 'confirmed', 'done', 'cancelled'];

export function OrderList({ query }: RouteProps) {
  const state = query.get('state') ?? '';
  const party = query.get('party_id') ?? '';
  return (
    <>
      <PageHeader title={t('nav.orders')}>
        <Link href="/orders/board">{t('nav.orders_board')}</Link>
      </PageHeader>
      <form class="filters card" role="search" onSubmit={(e) => e.preventDefault()}>
        <div class="field"><label for="ostate">{t('common.state')}</label>
          <select id="ostate" value={state} onChange={(e) => setQuery({ state: e.currentTarget.value })}>
            <option value="">{t('common.all')}</option>
            {ORDER_STATES.map((s) => <option key={s} value={s}>{tValue('state', s)}</option>)}
          </select></div>
        {party && <div class="field"><span>{t('common.customer')}</span>
          <span><PartyLink id={Number(party)} />{' '}
            <button type="button" class="link" onClick={() => setQuery({ party_id: null })}>{t('action.clear')}</button></span></div>}
      </form>
      <DataTable<Row> path="sales-orders" query={{ state, party_id: party }} label={t('nav.orders')}
        rowHref={(o) => `/orders/${o.id}`}
        columns={[
          { key: 'number', label: t('common.number'), sort: 'number' },
          { key: 'party', label: t('common.customer'), render: (o) => <PartyLink id={o.party_id} /> },
          { key: 'date', label: t('common.date'), render: (o) => formatDate(o.date), sort: 'date' },
          { key: 'state', label: t('common.state'), render: (o) => <StateBadge prefix="state" value={o.state} />, sort: 'state' },
          { key: 'delivery', label: t('sales.delivered'), render: (o) => <StateBadge prefix="sales.progress" value={o.delivery_status} /> },
          { key: 'invoice', label: t('sales.invoiced'), render: (o) => <StateBadge prefix="sales.progress" value={o.invoice_status} /> },
          { key: 'total', label: t('common.total'), align: 'right', render: (o) => formatMoney(o.total, o.currency), sort: 'total' },
        ]} />
    </>
  );
}
