// Products: search by SKU, name or barcode, filtered by category, kind and active.
import { useState } from 'preact/hooks';
import { Page } from '../../api';
import { formatMoney, t, tValue } from '../../i18n';
import { RouteProps, setQuery } from '../../router';
import { DataTable } from '../../ui/DataTable';
import { PageHeader } from '../../ui/components';
import { useApi, useDebounced } from '../../ui/hooks';
import { Row } from './shared';

export const KINDS = ['stocked', 'consumable', 'service'];

export function useCategories(): Map<number, Row> {
  const c = useApi<Page<Row>>('product-categories', { limit: 500 });
  return new Map((c.data?.items ?? []).map((x) => [x.id as number, x]));
}

export function categoryPath(cats: Map<number, Row>, id: number | null | undefined): string {
  const names: string[] = [];
  let c = id ? cats.get(id) : undefined;
  while (c && names.length < 10) {
    names.unshift(c.name);
    c = c.parent_id ? cats.get(c.parent_id) : undefined;
  }
  return names.join(' / ');
}

export function ProductList({ query }: RouteProps) {
  const [text, setText] = useState(query.get('q') ?? '');
  const q = useDebounced(text, 300);
  const category = query.get('category_id') ?? '';
  const kind = query.get('kind') ?? '';
  const active = query.get('active') ?? 'true';
  const cats = useCategories();
  const sorted = [...cats.values()].sort((a, b) => categoryPath(cats, a.id).localeCompare(categoryPath(cats, b.id)));
  return (
    <>
      <PageHeader title={t('nav.products')} />
      <form class="filters card" role="search" onSubmit={(e) => e.preventDefault()}>
        <div class="field"><label for="pq">{t('action.search')}</label>
          <input id="pq" type="search" value={text} placeholder={t('sales.product_search_hint')}
                 onInput={(e) => { setText(e.currentTarget.value); setQuery({ q: e.currentTarget.value }); }} /></div>
        <div class="field"><label for="pcat">{t('sales.category')}</label>
          <select id="pcat" value={category} onChange={(e) => setQuery({ category_id: e.currentTarget.value })}>
            <option value="">{t('common.all')}</option>
            {sorted.map((c) => <option key={c.id} value={c.id}>{categoryPath(cats, c.id)}</option>)}
          </select></div>
        <div class="field"><label for="pkind">{t('sales.kind')}</label>
          <select id="pkind" value={kind} onChange={(e) => setQuery({ kind: e.currentTarget.value })}>
            <option value="">{t('common.all')}</option>
            {KINDS.map((k) => <option key={k} value={k}>{tValue('sales.product_kind', k)}</option>)}
          </select></div>
        <div class="field"><label for="pactive">{t('sales.active')}</label>
          <select id="pactive" value={active} onChange={(e) => setQuery({ active: e.currentTarget.value })}>
            <option value="true">{t('sales.active_only')}</option>
            <option value="false">{t('sales.archived_only')}</option>
          </select></div>
      </form>
      <DataTable<Row> path="products" query={{ q, category_id: category, kind, active }} label={t('nav.products')}
        rowHref={(p) => `/products/${p.id}`}
        columns={[
          { key: 'sku', label: t('sales.sku'), sort: 'sku' },
          { key: 'name', label: t('common.name'), sort: 'name' },
          { key: 'kind', label: t('sales.kind'), render: (p) => tValue('sales.product_kind', p.kind) },
          { key: 'category', label: t('sales.category'), render: (p) => categoryPath(cats, p.category_id) },
          { key: 'uom', label: t('sales.uom') },
          { key: 'list_price', label: t('sales.list_price'), align: 'right', render: (p) => formatMoney(p.list_price, p.currency) },
        ]} />
    </>
  );
}
