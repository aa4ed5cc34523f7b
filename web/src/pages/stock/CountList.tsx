// Inventory counts: filtered by state and location; a new count starts from what the system
// holds at a location (every product and lot there), to be counted on the count's page.
import { useState } from 'preact/hooks';
import { api, Page } from '../../api';
import { formatDate, formatDateTime, t, tValue } from '../../i18n';
import { navigate, RouteProps, setQuery } from '../../router';
import { can } from '../../session';
import { DataTable } from '../../ui/DataTable';
import { Dialog, ErrorBanner, Field, PageHeader } from '../../ui/components';
import { useAction } from '../../ui/hooks';
import { Row, StateBadge, useRecord } from '../sales/shared';
import { useInternalLocations } from './StockList';

const COUNT_STATES = ['draft', 'done', 'cancelled'];

export function LocationName(props: { id: number | null | undefined }) {
  const l = useRecord(props.id ? `stock-locations/${props.id}` : null);
  return <>{l?.name ?? (props.id ? `#${props.id}` : '—')}</>;
}

function NewCount(props: { open: boolean; onClose: () => void; locations: Row[] }) {
  const [location, setLocation] = useState('');
  const create = useAction(async () => {
    const stock = await api.get<Page<Row>>('stock', { location_id: location, limit: 500 });
    const lines = stock.items.filter((s) => String(s.location_id) === location).map((s) => ({
      product_id: s.product_id, counted: String(Number(s.quantity)), ...(s.lot_id ? { lot_id: s.lot_id } : {}) }));
    const c = await api.post<Row>('inventory-counts', { location_id: Number(location), lines });
    navigate(`/counts/${c.id}`);
  });
  return (
    <Dialog title={t('stock.new_count')} open={props.open} onClose={props.onClose}>
      <p class="muted">{t('stock.new_count_hint')}</p>
      <ErrorBanner error={create.error} />
      <Field label={t('stock.location')} name="location_id" error={create.error}>
        <select id="f-location_id" value={location} onChange={(e) => setLocation(e.currentTarget.value)}>
          <option value="">—</option>
          {props.locations.map((l) => <option key={l.id} value={l.id}>{l.name}</option>)}
        </select>
      </Field>
      <div class="toolbar">
        <button type="button" class="primary big" disabled={!location || create.busy} onClick={() => void create.run()}>
          {t('action.create')}</button>
        <button type="button" onClick={props.onClose}>{t('action.cancel')}</button>
      </div>
    </Dialog>
  );
}

export function CountList({ query }: RouteProps) {
  const state = query.get('state') ?? '';
  const location = query.get('location_id') ?? '';
  const locations = useInternalLocations();
  const [creating, setCreating] = useState(false);
  return (
    <>
      <PageHeader title={t('nav.counts')}>
        {can('inventory.count.create') && (
          <button type="button" class="primary big" onClick={() => setCreating(true)}>{t('stock.new_count')}</button>)}
      </PageHeader>
      <NewCount open={creating} onClose={() => setCreating(false)} locations={locations} />
      <form class="filters card big-touch" role="search" onSubmit={(e) => e.preventDefault()}>
        <div class="field"><label for="cstate">{t('common.state')}</label>
          <select id="cstate" value={state} onChange={(e) => setQuery({ state: e.currentTarget.value })}>
            <option value="">{t('common.all')}</option>
            {COUNT_STATES.map((s) => <option key={s} value={s}>{tValue('stock.state', s)}</option>)}
          </select></div>
        <div class="field"><label for="cloc">{t('stock.location')}</label>
          <select id="cloc" value={location} onChange={(e) => setQuery({ location_id: e.currentTarget.value })}>
            <option value="">{t('common.all')}</option>
            {locations.map((l) => <option key={l.id} value={l.id}>{l.name}</option>)}
          </select></div>
      </form>
      <DataTable<Row> path="inventory-counts" query={{ state, location_id: location }} label={t('nav.counts')}
        rowHref={(c) => `/counts/${c.id}`}
        columns={[
          { key: 'number', label: t('common.number') },
          { key: 'location', label: t('stock.location'), render: (c) => <LocationName id={c.location_id} /> },
          { key: 'date', label: t('common.date'), render: (c) => formatDate(c.date) },
          { key: 'state', label: t('common.state'), render: (c) => <StateBadge prefix="stock.state" value={c.state} /> },
          { key: 'validated_at', label: t('stock.validated_at'), render: (c) => formatDateTime(c.validated_at) },
          { key: 'note', label: t('common.notes') },
        ]} />
    </>
  );
}
