// Price lists: currency, priority, validity, how many rules and to whom they are assigned.
import { Page } from '../../api';
import { formatDate, t } from '../../i18n';
import { Link } from '../../router';
import { ErrorBanner, Loading, PageHeader } from '../../ui/components';
import { useApi } from '../../ui/hooks';
import { Row, Table } from './shared';

export function validity(p: Row): string {
  if (!p.valid_from && !p.valid_to) return t('sales.always_valid');
  return `${p.valid_from ? formatDate(p.valid_from) : '…'} – ${p.valid_to ? formatDate(p.valid_to) : '…'}`;
}

export function PriceListList() {
  const lists = useApi<Page<Row>>('price-lists', { limit: 200 });
  if (!lists.data) return lists.error ? <ErrorBanner error={lists.error} /> : <Loading />;
  const items = [...lists.data.items].sort((a, b) => a.priority - b.priority);
  return (
    <>
      <PageHeader title={t('nav.price_lists')} subtitle={t('sales.price_lists_hint')} />
      <div class="card">
        <Table label={t('nav.price_lists')} testid="price-lists" numeric={[2]}
          head={[t('common.name'), t('common.currency'), t('sales.priority'), t('sales.validity'), t('sales.rules'),
                 t('sales.assigned_to'), t('common.status')]}
          rows={items.map((p) => [<Link href={`/price-lists/${p.id}`}>{p.name}</Link>, p.currency, p.priority, validity(p),
            (p.rules ?? []).length, (p.assignments ?? []).length ? t('sales.n_assignments', { n: p.assignments.length }) : t('sales.everyone'),
            p.active ? <span class="badge ok">{t('sales.active')}</span> : <span class="badge">{t('sales.archived')}</span>])} />
      </div>
    </>
  );
}
