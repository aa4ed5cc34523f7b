// A product: its master data (SKU, GTIN, unit, taxes, costing), stock on hand per location
// and lot (GET /stock?product_id=), what is available and incoming, and its price under each
// price list that has a rule for it (priced by the pricing service).
import { useEffect, useState } from 'preact/hooks';
import { api, Page } from '../../api';
import { formatDate, formatMoney, t, tValue, useLang } from '../../i18n';
import { Link, RouteProps } from '../../router';
import { can } from '../../session';
import { ErrorBanner, Facts, Loading, PageHeader, Section } from '../../ui/components';
import { useApi } from '../../ui/hooks';
import { ruleText } from './PriceListPage';
import { categoryPath, useCategories } from './ProductList';
import { qty, Row, Table } from './shared';

function Stock(props: { product: Row }) {
  const allowed = can('inventory.warehouse.read');
  const stock = useApi<Page<Row>>(allowed ? 'stock' : null, { product_id: props.product.id, limit: 200 });
  const avail = useApi<Row>(allowed ? 'stock/availability' : null, { product_id: props.product.id });
  if (!allowed || props.product.kind === 'service') return null;
  const a = avail.data;
  return (
    <Section title={t('sales.stock_on_hand')} id="stock" actions={<Link href={`/stock?product_id=${props.product.id}`}>{t('nav.stock')}</Link>}>
      <ErrorBanner error={stock.error ?? avail.error} />
      {a && <div class="kpis small" data-testid="availability">
        {(['on_hand', 'reserved', 'available', 'incoming', 'outgoing', 'projected'] as const).map((k) => (
          <div class="kpi" key={k}><span class="muted">{t(`sales.avail_${k}`)}</span><span class="value">{qty(a[k])}</span></div>))}
      </div>}
      <Table label={t('sales.stock_on_hand')} testid="stock-by-location" numeric={[3, 4, 5]}
        head={[t('stock.location'), t('stock.lot'), t('stock.expiry'), t('stock.on_hand'), t('stock.reserved'), t('sales.avail_available')]}
        rows={(stock.data?.items ?? []).map((s) => [s.location_name, s.lot_name ?? '—', formatDate(s.expiry_date),
          qty(s.quantity), qty(s.reserved), qty(s.available)])} />
    </Section>
  );
}

function Prices(props: { product: Row; cats: Map<number, Row> }) {
  const p = props.product;
  // A category rule applies to the sub-categories too.
  const mine = new Set<number>();
  for (let c = p.category_id ? props.cats.get(p.category_id) : undefined; c && !mine.has(c.id);
       c = c.parent_id ? props.cats.get(c.parent_id) : undefined) mine.add(c.id);
  const applies = (r: Row) => r.product_id === p.id || (r.category_id && mine.has(r.category_id)) || (!r.product_id && !r.category_id);
  const lists = useApi<Page<Row>>(can('catalog.price.read') ? 'price-lists' : null, { limit: 200 });
  const [prices, setPrices] = useState<Record<number, Row>>({});
  const applicable = (lists.data?.items ?? []).filter((l) => l.active && (l.rules as Row[]).some(applies));
  useEffect(() => {
    for (const l of applicable) {
      api.post<Row>('pricing/quote', { product_id: p.id, quantity: '1', price_list_id: l.id })
        .then((q) => setPrices((old) => ({ ...old, [l.id]: q }))).catch(() => undefined);
    }
  }, [lists.data]);
  if (!can('catalog.price.read')) return null;
  return (
    <Section title={t('nav.price_lists')} id="prices">
      <ErrorBanner error={lists.error} />
      <Table label={t('nav.price_lists')} testid="product-prices" numeric={[2]}
        head={[t('common.name'), t('sales.price_rule'), t('sales.unit_price_1')]}
        rows={applicable.map((l) => {
          const rules = (l.rules as Row[]).filter(applies);
          return [<Link href={`/price-lists/${l.id}`}>{l.name}</Link>,
            rules.map((r) => `${Number(r.min_quantity) ? `≥ ${qty(r.min_quantity)}: ` : ''}${ruleText(r, l.currency)}`).join('; '),
            prices[l.id] ? formatMoney(prices[l.id].unit_price, prices[l.id].currency) : '—'];
        })} />
    </Section>
  );
}

export function ProductPage({ params }: RouteProps) {
  const lang = useLang();
  const pr = useApi<Row>(`products/${params.id}`);
  const cats = useCategories();
  const uoms = useApi<Page<Row>>('uoms', { limit: 200 });
  const taxes = useApi<Page<Row>>(can('accounting.tax.read') ? 'taxes' : null);
  if (!pr.data) return pr.error ? <ErrorBanner error={pr.error} /> : <Loading />;
  const p = pr.data;
  const tax = (id: number | null) => {
    if (!id) return '—';
    const x = taxes.data?.items.find((r) => r.id === id);
    return x ? (lang === 'zh' && x.name_zh ? x.name_zh : x.name) : `#${id}`;
  };
  const uom = uoms.data?.items.find((u) => u.id === p.uom_id);
  return (
    <>
      <PageHeader title={p.name} subtitle={<><span class="sku">{p.sku}</span> · {tValue('sales.product_kind', p.kind)}
        {!p.active && <> · <span class="badge">{t('sales.archived')}</span></>}</>}>
        {can('sales.quote.create') && p.active && (
          <Link href="/quotes/new">{t('sales.new_quote')}</Link>)}
      </PageHeader>
      <div class="grid spaced">
        <Section title={t('common.details')} id="product-facts">
          <Facts items={[
            [t('sales.sku'), p.sku], [t('sales.gtin'), p.gtin ?? '—'], [t('sales.description'), p.description || '—'],
            [t('sales.category'), categoryPath(cats, p.category_id) || '—'],
            [t('sales.uom'), uom ? `${uom.name} (${uom.code})` : p.uom],
            [t('sales.list_price'), formatMoney(p.list_price, p.currency)],
            [t('sales.standard_cost'), formatMoney(p.standard_cost, p.currency)],
            [t('sales.sale_tax'), tax(p.sale_tax_id)], [t('sales.purchase_tax'), tax(p.purchase_tax_id)],
            [t('sales.costing'), tValue('sales.costing', p.costing_method)],
            [t('sales.tracking'), tValue('sales.tracking', p.tracking)],
            [t('sales.weight'), Number(p.weight_kg) ? `${qty(p.weight_kg)} kg` : '—'],
          ]} />
        </Section>
        <Prices product={p} cats={cats} />
      </div>
      <Stock product={p} />
    </>
  );
}
