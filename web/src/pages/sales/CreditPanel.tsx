// The customer's credit position next to a quote or order being typed: the credit limit of
// the party, its open receivable and unallocated credit (GET /parties/{id}/credit), this
// document's amount and what is left under the limit.
import { formatMoney, t } from '../../i18n';
import { Link } from '../../router';
import { can } from '../../session';
import { ErrorBanner, Section } from '../../ui/components';
import { useApi } from '../../ui/hooks';
import { Row } from './shared';

export function CreditPanel(props: { party: Row | null; total: number; currency: string }) {
  const p = props.party;
  const credit = useApi<Row>(p?.id && can('invoicing.invoice.read') ? `parties/${p.id}/credit` : null);
  if (!p) return <Section title={t('sales.credit')} id="credit"><p class="muted">{t('sales.pick_customer_first')}</p></Section>;
  const c = credit.data;
  const limit = p.credit_limit ? Number(p.credit_limit) : null;
  const open = c ? Number(c.open_receivable) : 0;
  const left = limit === null ? null : limit - open - props.total;
  const cur = c?.currency ?? p.currency ?? props.currency;
  return (
    <Section title={t('sales.credit')} id="credit">
      <ErrorBanner error={credit.error} />
      <dl class="facts" data-testid="credit">
        <dt>{t('common.customer')}</dt><dd><Link href={`/customers/${p.id}`}>{p.name}</Link></dd>
        <dt>{t('sales.credit_limit')}</dt><dd>{limit === null ? t('sales.no_limit') : formatMoney(limit, p.currency ?? cur)}</dd>
        <dt>{t('sales.open_receivable')}</dt><dd>{c ? formatMoney(c.open_receivable, cur) : '—'}</dd>
        {c && Number(c.credit) > 0 && <><dt>{t('sales.customer_credit')}</dt><dd>{formatMoney(c.credit, cur)}</dd></>}
        <dt>{t('sales.this_document')}</dt><dd>{formatMoney(props.total, props.currency)}</dd>
        {left !== null && <>
          <dt>{t('sales.credit_left')}</dt>
          <dd><span class={`badge ${left < 0 ? 'danger' : 'ok'}`} data-testid="credit-left">{formatMoney(left, cur)}</span></dd>
        </>}
      </dl>
      {left !== null && left < 0 && <p class="alert warn" role="status">{t('sales.over_limit')}</p>}
      {p.payment_term_days != null && <p class="muted">{t('sales.payment_term', { days: p.payment_term_days })}</p>}
    </Section>
  );
}
