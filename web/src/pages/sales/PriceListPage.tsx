// A price list: validity, priority, rounding, to whom it applies and its rules in the order
// the pricing service tries them.
import { formatMoney, t, tValue } from '../../i18n';
import { RouteProps } from '../../router';
import { ErrorBanner, Facts, Loading, PageHeader, Section } from '../../ui/components';
import { useApi } from '../../ui/hooks';
import { categoryPath, useCategories } from './ProductList';
import { validity } from './PriceListList';
import { PartyLink, ProductLink, qty, Row, Table } from './shared';

export function ruleText(r: Row, currency: string): string {
  const base = tValue('sales.base', r.base);
  if (r.method === 'fixed') return t('sales.rule_fixed', { price: formatMoney(r.fixed_price, currency) });
  if (r.method === 'discount') return t('sales.rule_discount', { base, pct: qty(r.discount_percent) });
  return t('sales.rule_formula', { base, pct: qty(r.discount_percent), margin: qty(r.margin_percent),
                                   surcharge: formatMoney(r.surcharge, currency) });
}

export function PriceListPage({ params }: RouteProps) {
  const pl = useApi<Row>(`price-lists/${params.id}`);
  const cats = useCategories();
  if (!pl.data) return pl.error ? <ErrorBanner error={pl.error} /> : <Loading />;
  const p = pl.data;
  const rules = [...((p.rules ?? []) as Row[])].sort((a, b) => a.sequence - b.sequence);
  return (
    <>
      <PageHeader title={p.name} subtitle={p.active ? t('sales.active') : t('sales.archived')} />
      <div class="grid spaced">
        <Section title={t('common.details')} id="pl-facts">
          <Facts items={[
            [t('common.currency'), p.currency], [t('sales.priority'), p.priority], [t('sales.validity'), validity(p)],
            [t('sales.rounding'), Number(p.rounding) ? t('sales.rounding_text', { step: p.rounding, surcharge: p.rounding_surcharge }) : '—'],
          ]} />
        </Section>
        <Section title={t('sales.assigned_to')} id="pl-assign">
          {(p.assignments ?? []).length === 0 ? <p class="muted">{t('sales.everyone')}</p> : (
            <ul>{(p.assignments as Row[]).map((a, i) => (
              <li key={i}>{a.party_id ? <PartyLink id={a.party_id} /> : t('sales.customers_tagged', { tag: a.party_tag })}</li>))}</ul>
          )}
        </Section>
      </div>
      <Section title={t('sales.rules')} id="pl-rules">
        <Table label={t('sales.rules')} testid="rules" numeric={[2]}
          head={[t('sales.sequence'), t('sales.applies_to'), t('sales.min_quantity'), t('sales.price_rule')]}
          rows={rules.map((r) => [r.sequence,
            r.product_id ? <ProductLink id={r.product_id} /> : r.category_id ? `${t('sales.category')}: ${categoryPath(cats, r.category_id)}` : t('sales.all_products'),
            qty(r.min_quantity), ruleText(r, p.currency)])} />
      </Section>
    </>
  );
}
