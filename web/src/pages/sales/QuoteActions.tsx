// The verbs of a saved quote (reprice, request approval, approve, send, accept → the order,
// reject, cancel, print) and its history: revisions and approval workflows.
import { api } from '../../api';
import { formatDate, formatDateTime, formatMoney, t } from '../../i18n';
import { Link, navigate } from '../../router';
import { can } from '../../session';
import { Section } from '../../ui/components';
import { useAction, useApi } from '../../ui/hooks';
import { GuardBanner, WorkflowSection } from './Guard';
import { Row, StateBadge, Table } from './shared';

interface Props {
  quote: Row;
  dirty: boolean;
  onChanged: (q: Row) => void;
  onReload: () => void;
}

export function QuoteActions({ quote, dirty, onChanged, onReload }: Props) {
  const verb = useAction(async (name: string) => {
    const q = await api.post<Row>(`quotes/${quote.id}/${name}`, {}, { ifMatch: quote.version });
    if (name === 'accept' && q.order_id) {
      navigate(`/orders/${q.order_id}`);
      return;
    }
    onChanged(q);
  });
  const update = can('sales.quote.update');
  const draft = quote.state === 'draft';
  const sent = quote.state === 'sent';
  const waiting = quote.needs_approval && !quote.approved;
  const b = (name: string, label: string, show: boolean, cls = '') => show && (
    <button type="button" class={cls} disabled={verb.busy || dirty} onClick={() => void verb.run(name)}>{label}</button>);
  return (
    <>
      {b('reprice', t('sales.reprice'), update && draft)}
      {b('request-approval', t('sales.request_approval'), update && draft && waiting)}
      {b('approve', t('sales.approve'), can('sales.quote.approve') && draft && waiting)}
      {b('send', t('sales.send'), update && draft, waiting ? '' : 'primary')}
      {b('accept', t('sales.accept'), update && sent, 'primary')}
      {b('reject', t('sales.reject'), update && sent, 'danger')}
      {b('cancel', t('action.cancel'), update && draft, 'danger')}
      <button type="button" onClick={() => window.open(`/api/v1/quotes/${quote.id}/print`, '_blank', 'noopener')}>
        {t('action.print')}</button>
      {waiting && <span class="badge warn" data-testid="needs-approval">
        {t('sales.needs_approval', { pct: Number(quote.max_discount_percent) })}</span>}
      {quote.approved && <span class="badge ok">{t('sales.approved')}</span>}
      {verb.error ? <div class="action-error"><GuardBanner error={verb.error} onReload={onReload} /></div> : null}
    </>
  );
}

function Revisions(props: { quote: Row }) {
  const r = useApi<{ items: Row[] }>(`quotes/${props.quote.id}/revisions`);
  const items = r.data?.items ?? [];
  return (
    <Section title={t('sales.revisions')} id="revisions">
      <Table label={t('sales.revisions')} numeric={[3]}
        head={[t('sales.revision_no'), t('sales.replaced_at'), t('common.state'), t('common.total'), t('sales.lines')]}
        rows={items.map((x) => [x.revision, formatDateTime(x.replaced_at), <StateBadge prefix="state" value={x.quote?.state} />,
          formatMoney(x.quote?.total, x.quote?.currency),
          ((x.quote?.lines ?? []) as Row[]).map((l) => `${Number(l.quantity)} × ${l.description}`).join('; ')])} />
    </Section>
  );
}

export function QuoteHistory(props: { quote: Row }) {
  const q = props.quote;
  return (
    <div class="grid">
      <Revisions quote={q} />
      <WorkflowSection type="quote" id={q.id} reloadKey={q.version} />
      <Section title={t('common.details')} id="quote-facts">
        <dl class="facts">
          <dt>{t('common.date')}</dt><dd>{formatDate(q.date)}</dd>
          <dt>{t('sales.valid_until')}</dt><dd>{formatDate(q.valid_until)}</dd>
          {q.opportunity_id && <><dt>{t('sales.opportunity')}</dt>
            <dd><Link href={`/opportunities/${q.opportunity_id}`}>#{q.opportunity_id}</Link></dd></>}
          {q.order_id && <><dt>{t('sales.order')}</dt><dd><Link href={`/orders/${q.order_id}`}>{t('sales.open_order')}</Link></dd></>}
          <dt>{t('common.created')}</dt><dd>{formatDateTime(q.created_at)}</dd>
          <dt>{t('common.updated')}</dt><dd>{formatDateTime(q.updated_at)}</dd>
        </dl>
      </Section>
    </div>
  );
}
