// Stock on hand per product, internal location and lot, with what is reserved and available;
// filtered by product, warehouse, location and lot (kept in the address bar).
import { Page } from '../../api';
import { formatDate, t } from '../../i18n';
import { RouteProps, setQuery } from '../../router';
import { DataTable } from '../../ui/DataTable';
import { PageHeader } from '../../ui/components';
import { useApi } from '../../ui/hooks';
import { Picker, ProductLink, qty, Row, useRecord } from '../sales/shared';

export function useInternalLocations(): Row[] {
  const l = useApi<Page<Row>>('stock-locations', { kind: 'internal', limit: 500 });
  return l.data?.items ?? [];
}

export function StockList({ query }: RouteProps) {
  const productId = query.get('product_id') ?? '';
  const warehouse = query.get('warehouse_id') ?? '';
  const location = query.get('location_id') ?? '';
  const lot = query.get('lot_id') ?? '';
  const product = useRecord(productId ? `products/${productId}` : null);
  const warehouses = useApi<Page<Row>>('warehouses', { limit: 100 });
  const locations = useInternalLocations().filter((l) => !warehouse || String(l.warehouse_id) === warehouse);
  const lots = useApi<Page<Row>>(productId ? 'lots' : null, { product_id: productId, limit: 200 });
  return (
    <>
      <PageHeader title={t('nav.stock')} />
      <form class="filters card big-touch" role="search" onSubmit={(e) => e.preventDefault()}>
        <Picker id="stock-product" label={t('common.product')} path="products" value={productId ? (product ?? { id: productId, name: `#${productId}` }) : null}
                show={(r) => `${r.sku ?? ''} ${r.name ?? ''}`.trim()}
                onPick={(r) => setQuery({ product_id: r ? String(r.id) : null, lot_id: null })} />
        {productId && <div class="field"><span>&nbsp;</span>
          <button type="button" onClick={() => setQuery({ product_id: null, lot_id: null })}>{t('action.clear')}</button></div>}
        <div class="field"><label for="swh">{t('stock.warehouse')}</label>
          <select id="swh" value={warehouse} onChange={(e) => setQuery({ warehouse_id: e.currentTarget.value, location_id: null })}>
            <option value="">{t('common.all')}</option>
            {(warehouses.data?.items ?? []).map((w) => <option key={w.id} value={w.id}>{w.code} · {w.name}</option>)}
          </select></div>
        <div class="field"><label for="sloc">{t('stock.location')}</label>
          <select id="sloc" value={location} onChange={(e) => setQuery({ location_id: e.currentTarget.value })}>
            <option value="">{t('common.all')}</option>
            {locations.map((l) => <option key={l.id} value={l.id}>{l.name}</option>)}
          </select></div>
        {productId && <div class="field"><label for="slot">{t('stock.lot')}</label>
          <select id="slot" value={lot} onChange={(e) => setQuery({ lot_id: e.currentTarget.value })}>
            <option value="">{t('common.all')}</option>
            {(lots.data?.items ?? []).map((l) => <option key={l.id} value={l.id}>{l.name}</option>)}
          </select></div>}
      </form>
      <DataTable<Row> path="stock" label={t('nav.stock')} pageSize={100}
        query={{ product_id: productId, warehouse_id: warehouse, location_id: location, lot_id: lot }}
        columns={[
          { key: 'product', label: t('common.product'), render: (s) => <ProductLink id={s.product_id} name={s.product_name} sku={s.sku} /> },
          { key: 'location_name', label: t('stock.location') },
          { key: 'lot', label: t('stock.lot'), render: (s) => s.lot_name ?? '—' },
          { key: 'expiry', label: t('stock.expiry'), render: (s) => formatDate(s.expiry_date) },
          { key: 'quantity', label: t('stock.on_hand'), align: 'right', render: (s) => qty(s.quantity) },
          { key: 'reserved', label: t('stock.reserved'), align: 'right', render: (s) => qty(s.reserved) },
          { key: 'available', label: t('stock.available'), align: 'right', render: (s) => qty(s.available) },
        ]} />
    </>
  );
}
