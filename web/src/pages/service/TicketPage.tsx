// One ticket: the deadline first (time left or overdue; paused while waiting on the customer),
// then the details, the verbs, progress entries, suggested knowledge-base answers, resolution
// actions and the survey. Every verb re-reads the ticket.
import { useEffect, useState } from 'preact/hooks';
import type { Page } from '../../api';
import { formatDateTime, formatRelative, t, tValue } from '../../i18n';
import { Link, RouteProps } from '../../router';
import { can } from '../../session';
import { Badge, ErrorBanner, Facts, Loading, PageHeader, Section } from '../../ui/components';
import { useApi } from '../../ui/hooks';
import { DocRef, NameOf, Row, tone } from '../accounting/parts';
import { Deadline, minutesText, priorityTone, useCategories } from './parts';
import { ResolutionActions, TicketVerbs } from './TicketActions';
import { Answers, Entries, Survey } from './TicketSections';

/** Re-renders every 30 s so "time left" stays true while the page is open. */
function useNow(ms = 30_000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}

function DeadlineCard({ tk, category }: { tk: Row; category?: Row }) {
  const now = useNow();
  const rel = (iso: string | null) => (iso ? `${formatDateTime(iso)} (${formatRelative(iso, now)})` : '—');
  const waiting = tk.status === 'waiting_on_customer';
  return (
    <div class="kpis" data-testid="deadline-card">
      <div class="kpi">
        <span class="muted">{t('svc.resolution_due')}</span>
        <span class="value deadline"><Deadline ticket={tk} now={now} /></span>
        <span class="muted">{formatDateTime(tk.resolution_due_at)}</span>
      </div>
      <div class="kpi">
        <span class="muted">{t('svc.first_response')}</span>
        <span class={`value ${tk.response_breached ? 'breached' : ''}`}>
          {tk.first_response_at ? formatDateTime(tk.first_response_at) : t('svc.no_response_yet')}</span>
        <span class="muted">{t('svc.response_due')}: {rel(tk.response_due_at)}</span>
      </div>
      <div class="kpi">
        <span class="muted">{t('svc.max_time')}</span>
        <span class="value">{minutesText(category?.max_processing_minutes)}</span>
        <span class="muted">{t('svc.paused_total', { time: minutesText(Math.round((tk.paused_business_seconds ?? 0) / 60)) })}</span>
      </div>
      {waiting && <div class="alert info" role="status">{t('svc.paused_hint', { since: formatDateTime(tk.paused_at) })}</div>}
    </div>
  );
}

function Details({ tk, category }: { tk: Row; category?: Row }) {
  const deps = useApi<Page<Row>>(can('security.department.read') ? 'departments' : null, { limit: 200 });
  return (
    <Facts items={[
      [t('common.customer'), <NameOf kind="parties" id={tk.party_id} link />],
      [t('svc.category'), category ? `${category.name} (${tValue('svc.cat_kind', category.kind)})` : `#${tk.category_id}`],
      [t('svc.channel'), tValue('svc.channel', tk.channel)],
      [t('svc.assignee'), <NameOf kind="users" id={tk.owner_user_id} />],
      [t('acc.department'), tk.department_id ? deps.data?.items.find((d) => d.id === tk.department_id)?.name ?? `#${tk.department_id}` : '—'],
      [t('common.created'), <>{formatDateTime(tk.created_at)} · <NameOf kind="users" id={tk.created_by_user_id} /></>],
      [t('svc.order'), <DocRef api="sales-orders" href="/orders" id={tk.sales_order_id} permission="sales.order.read" />],
      [t('svc.invoice'), <DocRef api="invoices" href="/invoices" id={tk.invoice_id} permission="invoicing.invoice.read" />],
      [t('svc.delivery'), <DocRef api="transfers" href="/transfers" id={tk.delivery_id} permission="inventory.transfer.read" />],
      [t('common.product'), <DocRef api="products" href="/products" id={tk.product_id} permission="catalog.product.read" />],
    ]} />
  );
}

export function TicketPage({ params }: RouteProps) {
  const r = useApi<Row>(`tickets/${params.id}`);
  const categories = useCategories();
  if (!r.data) return r.error ? <ErrorBanner error={r.error} /> : <Loading />;
  const tk = r.data;
  const category = categories.get(tk.category_id);
  return (
    <>
      <PageHeader title={`${tk.number} ${tk.subject}`} subtitle={<>
        <Badge prefix="ticket" value={tk.status} tone={tone(tk.status)} />{' '}
        <Badge prefix="svc.priority" value={tk.priority} tone={priorityTone(tk.priority)} />{' '}
        {tk.breached && <Badge prefix="svc" value="breached_badge" tone="danger" />}
        {(tk.response_escalated || tk.resolution_escalated) && <> <Badge prefix="svc" value="escalated" tone="warn" /></>}</>}>
        <TicketVerbs tk={tk} reload={r.reload} />
        {can('security.audit.read') && <Link href={`/audit?entity=ticket&id=${tk.id}`}>{t('nav.audit')}</Link>}
      </PageHeader>
      <DeadlineCard tk={tk} category={category} />
      <div class="grid">
        <Section title={t('common.details')} id="tk-details">
          <Details tk={tk} category={category} />
          {tk.description && <><h3>{t('svc.description')}</h3><p class="article-body">{tk.description}</p></>}
          {tk.resolution && <><h3>{t('svc.resolution')}</h3><p class="article-body" data-testid="resolution">{tk.resolution}</p></>}
        </Section>
        <Section title={t('svc.suggestions')} id="tk-suggestions">
          <Answers items={tk.suggestions ?? []} question={`${tk.subject}`} testid="suggestions" />
        </Section>
      </div>
      <div class="grid">
        <Section title={t('svc.progress')} id="tk-entries"><Entries tk={tk} reload={r.reload} /></Section>
        <div>
          <Section title={t('svc.resolution_actions')} id="tk-actions"><ResolutionActions tk={tk} reload={r.reload} /></Section>
          <Section title={t('svc.survey')} id="tk-survey"><Survey tk={tk} reload={r.reload} /></Section>
        </div>
      </div>
    </>
  );
}
