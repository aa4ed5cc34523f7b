// Deliveries, receipts and returns: filtered by kind and state (kept in the address bar).
import { formatDate, t, tValue } from '../../i18n';
import { Link, RouteProps, setQuery } from '../../router';
import { DataTable } from '../../ui/DataTable';
import { PageHeader } from '../../ui/components';
import { PartyLink, Row, StateBadge } from '../sales/shared';

export const TRANSFER_KINDS = ['delivery', 'receipt', 'return', 'internal'];
export const TRANSFER_STATES = ['draft', 'waiting', 'ready', 'done', 'cancelled'];

export function OriginLink(props: { t: Row }) {
  const x = props.t;
  if (x.origin_type === 'sales_order' && x.origin_id) return <Link href={`/orders/${x.origin_id}`}>{x.origin_ref || `#${x.origin_id}`}</Link>;
  return <>{x.origin_ref || '—'}</>;
}

export function TransferList({ query }: RouteProps) {
  const kind = query.get('kind') ?? '';
  const state = query.get('state') ?? '';
  return (
    <>
      <PageHeader title={t('nav.transfers')} />
      <form class="filters card big-touch" role="search" onSubmit={(e) => e.preventDefault()}>
        <fieldset class="segmented">
          <legend>{t('stock.kind')}</legend>
          {['', ...TRANSFER_KINDS].map((k) => (
            <button key={k || 'all'} type="button" aria-pressed={kind === k} onClick={() => setQuery({ kind: k })}>
              {k ? tValue('transfer', k) : t('common.all')}</button>))}
        </fieldset>
        <div class="field"><label for="tstate">{t('common.state')}</label>
          <select id="tstate" value={state} onChange={(e) => setQuery({ state: e.currentTarget.value })}>
            <option value="">{t('common.all')}</option>
            {TRANSFER_STATES.map((s) => <option key={s} value={s}>{tValue('stock.state', s)}</option>)}
          </select></div>
      </form>
      <DataTable<Row> path="transfers" query={{ kind, state }} label={t('nav.transfers')}
        rowHref={(x) => `/transfers/${x.id}`}
        columns={[
          { key: 'number', label: t('common.number'), sort: 'number' },
          { key: 'kind', label: t('stock.kind'), render: (x) => tValue('transfer', x.kind) },
          { key: 'party', label: t('stock.partner'), render: (x) => <PartyLink id={x.party_id} /> },
          { key: 'origin', label: t('stock.origin'), render: (x) => <OriginLink t={x} /> },
          { key: 'date', label: t('common.date'), render: (x) => formatDate(x.done_date ?? x.date), sort: 'date' },
          { key: 'state', label: t('common.state'), render: (x) => <StateBadge prefix="stock.state" value={x.state} /> },
        ]} />
    </>
  );
}
