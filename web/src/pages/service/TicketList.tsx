// Tickets: filters (status, category, breached, customer, mine) kept in the address bar, and
// the paged list with each ticket's deadline — time left, or how long overdue, in red.
import { formatDateTime, t, tValue } from '../../i18n';
import { navigate, RouteProps, setQuery } from '../../router';
import { can, sessionStore } from '../../session';
import { Badge, PageHeader } from '../../ui/components';
import { DataTable } from '../../ui/DataTable';
import { NameOf, PartyPicker, QuerySelect, Row, tone } from '../accounting/parts';
import { Deadline, priorityTone, STATUSES, useCategories } from './parts';

export function TicketList({ query }: RouteProps) {
  const categories = useCategories();
  const me = sessionStore.get()?.user.id;
  const filter = {
    status: query.get('status') ?? '', category_id: query.get('category_id') ?? '',
    breached: query.get('breached') ?? '', party_id: query.get('party_id') ?? '',
    owner_user_id: query.get('owner_user_id') ?? '',
  };
  return (
    <>
      <PageHeader title={t('nav.tickets')}>
        {can('service.ticket.create') && (
          <button type="button" class="primary" onClick={() => navigate('/tickets/new')}>{t('svc.new_ticket')}</button>)}
        <button type="button" onClick={() => navigate('/tickets/board')}>{t('nav.ticket_board')}</button>
      </PageHeader>
      <form class="filters card" role="search" onSubmit={(e) => e.preventDefault()}>
        <QuerySelect name="status" label={t('common.status')} query={query} all={t('common.all')}
                     options={STATUSES.map((s) => [s, tValue('ticket', s)])} />
        <QuerySelect name="category_id" label={t('svc.category')} query={query} all={t('common.all')}
                     options={[...categories.values()].map((c) => [String(c.id), c.name])} />
        <QuerySelect name="breached" label={t('svc.breached')} query={query} all={t('common.all')}
                     options={[['true', t('svc.breached_only')], ['false', t('svc.on_track_only')]]} />
        <PartyPicker id="tk-party" label={t('common.customer')} value={filter.party_id ? Number(filter.party_id) : null}
                     onChange={(id) => setQuery({ party_id: id ? String(id) : null })} />
        <div class="field"><span>&nbsp;</span><label class="inline">
          <input type="checkbox" checked={Boolean(me) && filter.owner_user_id === String(me)}
                 onChange={(e) => setQuery({ owner_user_id: e.currentTarget.checked ? String(me) : null })} />
          {' '}{t('svc.mine')}</label></div>
      </form>
      <DataTable<Row> path="tickets" query={filter} label={t('nav.tickets')}
        rowHref={(r) => `/tickets/${r.id}`}
        columns={[
          { key: 'number', label: t('common.number') },
          { key: 'subject', label: t('svc.subject') },
          { key: 'party', label: t('common.customer'), render: (r) => <NameOf kind="parties" id={r.party_id} link /> },
          { key: 'category', label: t('svc.category'), render: (r) => categories.get(r.category_id)?.name ?? '—' },
          { key: 'priority', label: t('svc.priority'), render: (r) => <Badge prefix="svc.priority" value={r.priority} tone={priorityTone(r.priority)} />, sort: 'priority' },
          { key: 'status', label: t('common.status'), render: (r) => <Badge prefix="ticket" value={r.status} tone={tone(r.status)} />, sort: 'status' },
          { key: 'deadline', label: t('svc.deadline'), render: (r) => <Deadline ticket={r} />, sort: 'resolution_due_at' },
          { key: 'created', label: t('common.created'), render: (r) => formatDateTime(r.created_at), sort: 'created_at' },
        ]} />
    </>
  );
}
