// Quotes: filtered by state and customer (kept in the address bar), newest first.
import { formatDate, formatMoney, t, tValue } from '../../i18n';
import { navigate, RouteProps, setQuery } from '../../router';
import { can } from '../../session';
import { DataTable } from '../../ui/DataTable';
import { PageHeader } from '../../ui/components';
import { PartyLink, Row, StateBadge } from './shared';

export const QUOTE_STATES = ['draft', 'sent', 'accepted', 'rejected', 'expired', 'cancelled'];

export function QuoteList({ query }: RouteProps) {
  const state = query.get('state') ?? '';
  const party = query.get('party_id') ?? '';
  return (
    <>
      <PageHeader title={t('nav.quotes')}>
        {can('sales.quote.create') && (
          <button type="button" class="primary" onClick={() => navigate(`/quotes/new${party ? `?party_id=${party}` : ''}`)}>
            {t('sales.new_quote')}</button>)}
      </PageHeader>
      <form class="filters card" role="search" onSubmit={(e) => e.preventDefault()}>
        <div class="field"><label for="qstate">{t('common.state')}</label>
          <select id="qstate" value={state} onChange={(e) => setQuery({ state: e.currentTarget.value })}>
            <option value="">{t('common.all')}</option>
            {QUOTE_STATES.map((s) => <option key={s} value={s}>{tValue('state', s)}</option>)}
          </select></div>
        {party && <div class="field"><span>{t('common.customer')}</span>
          <span><PartyLink id={Number(party)} />{' '}
            <button type="button" class="link" onClick={() => setQuery({ party_id: null })}>{t('action.clear')}</button></span></div>}
      </form>
      <DataTable<Row> path="quotes" query={{ state, party_id: party }} label={t('nav.quotes')}
        rowHref={(q) => `/quotes/${q.id}`}
        columns={[
          { key: 'number', label: t('common.number'), sort: 'number' },
          { key: 'party', label: t('common.customer'), render: (q) => <PartyLink id={q.party_id} /> },
          { key: 'date', label: t('common.date'), render: (q) => formatDate(q.date), sort: 'date' },
          { key: 'valid_until', label: t('sales.valid_until'), render: (q) => formatDate(q.valid_until) },
          { key: 'state', label: t('common.state'), render: (q) => <StateBadge prefix="state" value={q.state} />, sort: 'state' },
          { key: 'total', label: t('common.total'), align: 'right', render: (q) => formatMoney(q.total, q.currency), sort: 'total' },
        ]} />
    </>
  );
}
