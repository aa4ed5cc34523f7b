// The activities agenda: a user's open calls, meetings and tasks of the week by day, what is
// overdue (theirs, and everything overdue the caller may see), each marked done in one tap.
import { api, Page } from '../../api';
import { formatDate, formatDateTime, formatRelative, t, tValue } from '../../i18n';
import { Link, RouteProps, setQuery } from '../../router';
import { can, useSession } from '../../session';
import { ErrorBanner, Loading, PageHeader, Section } from '../../ui/components';
import { useAction, useApi } from '../../ui/hooks';
import { PartyLink, Row } from '../sales/shared';

const REF: Record<string, string> = { sales_order: '/orders', quote: '/quotes', invoice: '/invoices', ticket: '/tickets', delivery: '/transfers' };

function isoDay(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function addDays(iso: string, n: number): string {
  const d = new Date(`${iso}T00:00:00`);
  d.setDate(d.getDate() + n);
  return isoDay(d);
}

function Activity(props: { a: Row; onDone: () => void }) {
  const a = props.a;
  const done = useAction(async () => {
    await api.post(`activities/${a.id}/done`, {}, { ifMatch: a.version });
    props.onDone();
  });
  return (
    <li class="activity" data-testid="activity">
      <span class={`badge ${a.kind === 'meeting' ? 'info' : ''}`}>{tValue('crm.activity', a.kind)}</span>{' '}
      <strong>{a.subject}</strong>{' '}
      <span class="muted">{formatDateTime(a.due_at)} ({formatRelative(a.due_at)}){a.location ? ` · ${a.location}` : ''}</span>
      <div class="muted">
        {a.party_id && <PartyLink id={a.party_id} />}
        {a.lead_id && <> · <Link href={`/leads/${a.lead_id}`}>{t('crm.lead')}</Link></>}
        {a.opportunity_id && <> · <Link href={`/opportunities/${a.opportunity_id}`}>{t('crm.opportunity')}</Link></>}
        {a.ref_type && a.ref_id && REF[a.ref_type] && <> · <Link href={`${REF[a.ref_type]}/${a.ref_id}`}>{tValue('crm.ref', a.ref_type)}</Link></>}
      </div>
      {a.description && <p class="muted">{a.description}</p>}
      {!a.done && can('crm.activity.update') && (
        <button type="button" disabled={done.busy} onClick={() => void done.run()}>{t('crm.mark_done')}</button>)}
      <ErrorBanner error={done.error} />
    </li>
  );
}

export function Agenda({ query }: RouteProps) {
  const me = useSession();
  const from = query.get('from') ?? isoDay(new Date());
  const to = addDays(from, 6);
  const user = query.get('user_id') ?? String(me?.user.id ?? '');
  const users = useApi<Page<Row>>(can('security.user.read') ? 'users' : null, { limit: 200 });
  const agenda = useApi<Row>('activities/agenda', { user_id: user, from, to });
  const overdue = useApi<Row>('activities/overdue', { limit: 50 });
  const reload = () => { agenda.reload(); overdue.reload(); };
  const items = (agenda.data?.items ?? []) as Row[];
  const days = Array.from({ length: 7 }, (_, i) => addDays(from, i));
  const byDay = (d: string) => items.filter((a) => a.due_at && isoDay(new Date(a.due_at)) === d);
  return (
    <>
      <PageHeader title={t('nav.agenda')}>
        <button type="button" onClick={() => setQuery({ from: addDays(from, -7) })}>{t('crm.previous_week')}</button>
        <button type="button" onClick={() => setQuery({ from: null })}>{t('crm.today')}</button>
        <button type="button" onClick={() => setQuery({ from: addDays(from, 7) })}>{t('crm.next_week')}</button>
      </PageHeader>
      {users.data && (
        <form class="filters card" onSubmit={(e) => e.preventDefault()}>
          <div class="field"><label for="auser">{t('crm.agenda_of')}</label>
            <select id="auser" value={user} onChange={(e) => setQuery({ user_id: e.currentTarget.value })}>
              {users.data.items.map((u) => <option key={u.id} value={u.id}>{u.display_name ?? u.login}</option>)}
            </select></div>
        </form>)}
      <ErrorBanner error={agenda.error ?? overdue.error} />
      {!agenda.data ? <Loading /> : (
        <div class="grid agenda">
          <Section title={t('crm.overdue_mine', { n: (agenda.data.overdue ?? []).length })} id="overdue-mine">
            {(agenda.data.overdue ?? []).length === 0 ? <p class="muted">{t('list.empty')}</p> :
              <ul class="plain">{(agenda.data.overdue as Row[]).map((a) => <Activity key={a.id} a={a} onDone={reload} />)}</ul>}
          </Section>
          {days.map((d) => (
            <Section key={d} title={formatDate(d)} id={`day-${d}`}>
              {byDay(d).length === 0 ? <p class="muted">{t('crm.nothing_planned')}</p> :
                <ul class="plain">{byDay(d).map((a) => <Activity key={a.id} a={a} onDone={reload} />)}</ul>}
            </Section>))}
        </div>)}
      {overdue.data && (
        <Section title={t('crm.overdue_all', { n: (overdue.data.items ?? []).length })} id="overdue-all">
          {(overdue.data.items ?? []).length === 0 ? <p class="muted">{t('list.empty')}</p> :
            <ul class="plain">{(overdue.data.items as Row[]).map((a) => <Activity key={a.id} a={a} onDone={reload} />)}</ul>}
          {overdue.data.truncated && <p class="muted">{t('crm.truncated')}</p>}
        </Section>)}
    </>
  );
}
