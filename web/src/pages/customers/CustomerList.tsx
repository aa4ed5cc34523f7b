// Customers: search and filters (kept in the address bar), saved segments, the paged list.
import { useState } from 'preact/hooks';
import { api, Page } from '../../api';
import { formatDate, t, tValue } from '../../i18n';
import { navigate, RouteProps, setQuery } from '../../router';
import { can } from '../../session';
import { DataTable } from '../../ui/DataTable';
import { Badge, ErrorBanner, PageHeader } from '../../ui/components';
import { useAction, useApi, useDebounced } from '../../ui/hooks';

interface Party {
  id: number; name: string; kind: string; roles: string[]; email: string | null;
  phone: string | null; lifecycle: string; updated_at: string; tags?: string[];
}
interface Segment { id: number; name: string; filter: Record<string, string> }

const FILTERS = ['q', 'role', 'lifecycle', 'city', 'tag'] as const;
const LIFECYCLES = ['prospect', 'new', 'active', 'loyal', 'at_risk', 'lost'];

export function CustomerList({ query }: RouteProps) {
  const current = Object.fromEntries(FILTERS.map((k) => [k, query.get(k) ?? '']));
  const [text, setText] = useState(current.q);
  const q = useDebounced(text, 300);
  const filter = { ...current, q, sort: query.get('sort') ?? '' };
  const segments = useApi<Page<Segment>>('segments', { limit: 100 });
  const save = useAction(async () => {
    const name = window.prompt(t('cust.segment_name'));
    if (!name) return;
    const f = Object.fromEntries(Object.entries(filter).filter(([, v]) => v));
    await api.post('segments', { name, filter: f });
    segments.reload();
  });
  const apply = (s: Segment) => {
    setText(String(s.filter.q ?? ''));
    setQuery(Object.fromEntries(FILTERS.map((k) => [k, s.filter[k] ? String(s.filter[k]) : null])));
  };

  return (
    <>
      <PageHeader title={t('nav.customers')}>
        {can('party.party.create') && (
          <button type="button" class="primary" onClick={() => navigate('/customers/new')}>
            {t('cust.new')}</button>)}
        {can('party.party.create') && (
          <button type="button" onClick={() => navigate('/customers/import')}>{t('imp.title')}</button>)}
      </PageHeader>
      <form class="filters card" role="search" onSubmit={(e) => e.preventDefault()}>
        <div class="field"><label for="cq">{t('action.search')}</label>
          <input id="cq" type="search" value={text} placeholder={t('cust.search_hint')}
                 onInput={(e) => { setText(e.currentTarget.value); setQuery({ q: e.currentTarget.value }); }} /></div>
        <div class="field"><label for="crole">{t('cust.role')}</label>
          <select id="crole" value={current.role} onChange={(e) => setQuery({ role: e.currentTarget.value })}>
            <option value="">{t('common.all')}</option>
            {['customer', 'prospect', 'supplier'].map((r) => <option key={r} value={r}>{tValue('role', r)}</option>)}
          </select></div>
        <div class="field"><label for="clife">{t('cust.lifecycle')}</label>
          <select id="clife" value={current.lifecycle} onChange={(e) => setQuery({ lifecycle: e.currentTarget.value })}>
            <option value="">{t('common.all')}</option>
            {LIFECYCLES.map((r) => <option key={r} value={r}>{tValue('lifecycle', r)}</option>)}
          </select></div>
        <div class="field"><label for="ccity">{t('cust.city')}</label>
          <input id="ccity" value={current.city} onChange={(e) => setQuery({ city: e.currentTarget.value })} /></div>
        <div class="field"><label for="csort">{t('cust.sort')}</label>
          <select id="csort" value={query.get('sort') ?? ''} onChange={(e) => setQuery({ sort: e.currentTarget.value })}>
            <option value="">{t('cust.sort_newest')}</option>
            <option value="name">{t('common.name')}</option>
          </select></div>
        <div class="field"><span>&nbsp;</span>
          <button type="button" onClick={() => void save.run()}>{t('cust.save_segment')}</button></div>
      </form>
      <ErrorBanner error={save.error} />
      {segments.data && segments.data.items.length > 0 && (
        <p class="toolbar" aria-label={t('cust.segments')}>
          <span class="muted">{t('cust.segments')}:</span>
          {segments.data.items.map((s) => (
            <button type="button" key={s.id} class="link" onClick={() => apply(s)}>{s.name}</button>))}
        </p>
      )}
      <DataTable<Party> path="parties" query={filter} label={t('nav.customers')}
        rowHref={(p) => `/customers/${p.id}`}
        columns={[
          { key: 'name', label: t('common.name'), sort: 'name' },
          { key: 'roles', label: t('cust.role'), render: (p) => p.roles.map((r) => tValue('role', r)).join(', ') },
          { key: 'lifecycle', label: t('cust.lifecycle'), render: (p) => <Badge prefix="lifecycle" value={p.lifecycle} /> },
          { key: 'email', label: t('common.email'), render: (p) => p.email ?? '' },
          { key: 'phone', label: t('common.phone'), render: (p) => p.phone ?? '' },
          { key: 'updated_at', label: t('common.updated'), render: (p) => formatDate(p.updated_at) },
        ]} />
      <p class="muted"><a href="/api/v1/exports/parties.csv" download>{t('cust.export')}</a></p>
    </>
  );
}
