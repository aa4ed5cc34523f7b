// Leads: search and status filter (kept in the address bar), best score first within a page.
import { useState } from 'preact/hooks';
import { formatDate, formatMoney, t, tValue } from '../../i18n';
import { navigate, RouteProps, setQuery } from '../../router';
import { can } from '../../session';
import { DataTable } from '../../ui/DataTable';
import { PageHeader } from '../../ui/components';
import { useDebounced } from '../../ui/hooks';
import { Row, StateBadge } from '../sales/shared';

export const LEAD_STATUSES = ['new', 'contacted', 'qualified', 'converted', 'disqualified'];
export const LEAD_SOURCES = ['web', 'referral', 'event', 'campaign', 'cold_call', 'partner', 'other'];

export function LeadList({ query }: RouteProps) {
  const [text, setText] = useState(query.get('q') ?? '');
  const q = useDebounced(text, 300);
  const status = query.get('status') ?? '';
  return (
    <>
      <PageHeader title={t('nav.leads')}>
        {can('crm.lead.create') && (
          <button type="button" class="primary" onClick={() => navigate('/leads/new')}>{t('crm.new_lead')}</button>)}
        {can('crm.lead.create') && (
          <button type="button" onClick={() => navigate('/customers/import?kind=leads')}>{t('imp.title')}</button>)}
      </PageHeader>
      <form class="filters card" role="search" onSubmit={(e) => e.preventDefault()}>
        <div class="field"><label for="lq">{t('action.search')}</label>
          <input id="lq" type="search" value={text} placeholder={t('crm.lead_search_hint')}
                 onInput={(e) => { setText(e.currentTarget.value); setQuery({ q: e.currentTarget.value }); }} /></div>
        <div class="field"><label for="lstatus">{t('common.status')}</label>
          <select id="lstatus" value={status} onChange={(e) => setQuery({ status: e.currentTarget.value })}>
            <option value="">{t('common.all')}</option>
            {LEAD_STATUSES.map((s) => <option key={s} value={s}>{tValue('crm.lead_status', s)}</option>)}
          </select></div>
      </form>
      <DataTable<Row> path="leads" query={{ q, status }} label={t('nav.leads')} rowHref={(l) => `/leads/${l.id}`}
        columns={[
          { key: 'number', label: t('common.number') },
          { key: 'title', label: t('crm.lead_title'), sort: 'title' },
          { key: 'company_name', label: t('crm.company'), render: (l) => l.company_name ?? '' },
          { key: 'contact_name', label: t('crm.contact'), render: (l) => l.contact_name ?? '' },
          { key: 'source', label: t('crm.source'), render: (l) => tValue('crm.source', l.source) },
          { key: 'score', label: t('crm.score'), align: 'right' },
          { key: 'estimated_value', label: t('crm.estimated_value'), align: 'right',
            render: (l) => (l.estimated_value ? formatMoney(l.estimated_value, l.currency ?? undefined) : '') },
          { key: 'status', label: t('common.status'), render: (l) => <StateBadge prefix="crm.lead_status" value={l.status} /> },
          { key: 'created_at', label: t('common.created'), render: (l) => formatDate(l.created_at), sort: 'created_at' },
        ]} />
    </>
  );
}
