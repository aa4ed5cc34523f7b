// Pieces of the service pages: a ticket's deadline (time left, overdue, paused), the
// knowledge base's highlighted passages rendered without innerHTML, category names.
import { Fragment } from 'preact';
import { Page } from '../../api';
import { formatDateTime, formatRelative, t } from '../../i18n';
import { can } from '../../session';
import { useApi } from '../../ui/hooks';
import { Row } from '../accounting/parts';

export const STATUSES = ['new', 'assigned', 'in_progress', 'waiting_on_customer', 'resolved', 'closed'];
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'];
export const CHANNELS = ['phone', 'email', 'web'];

export const priorityTone = (p: string | undefined) =>
  (p === 'urgent' ? 'danger' : p === 'high' ? 'warn' : p === 'low' ? '' : 'info');

const done = (tk: Row) => tk.status === 'resolved' || tk.status === 'closed';

/** The resolution deadline as people read it: time left, overdue (red), paused or met. */
export function Deadline({ ticket: tk, now = Date.now() }: { ticket: Row; now?: number }) {
  const due = tk.resolution_due_at as string | null;
  if (done(tk)) {
    return (
      <span class={tk.resolution_breached ? 'breached' : undefined} title={formatDateTime(due)} data-testid="deadline">
        {tk.resolution_breached ? t('svc.resolved_late') : t('svc.resolved_on_time')}
      </span>
    );
  }
  if (!due) return <span class="muted">—</span>;
  const overdue = new Date(due).getTime() < now;
  if (tk.status === 'waiting_on_customer') {
    return <span class="muted" title={formatDateTime(due)} data-testid="deadline">{t('svc.paused')}</span>;
  }
  return (
    <span class={overdue || tk.breached ? 'breached' : undefined} title={formatDateTime(due)} data-testid="deadline">
      {overdue ? t('svc.overdue_since', { when: formatRelative(due, now) }) : t('svc.time_left', { when: formatRelative(due, now) })}
    </span>
  );
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", '#x27': "'", nbsp: '\u00a0' };

/** Decodes the few entities core/html.h writes, and numeric ones; anything else stays as text. */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, name: string) => {
    const lower = name.toLowerCase();
    if (lower in ENTITIES) return ENTITIES[lower];
    if (lower.startsWith('#x')) return String.fromCodePoint(parseInt(lower.slice(2), 16));
    if (lower.startsWith('#')) return String.fromCodePoint(parseInt(lower.slice(1), 10));
    return m;
  });
}

/**
 * A passage of the knowledge base: server HTML whose only markup is <mark>…</mark>. It is split
 * on those tags and every piece is rendered as text, so nothing the server sends is ever parsed
 * as HTML (any other tag would show literally).
 */
export function Passage({ html }: { html: string | null | undefined }) {
  if (!html) return null;
  const parts = html.split(/(<mark>|<\/mark>)/i);
  let marked = false;
  const out = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (/^<mark>$/i.test(p)) { marked = true; continue; }
    if (/^<\/mark>$/i.test(p)) { marked = false; continue; }
    if (!p) continue;
    const text = decodeEntities(p);
    out.push(marked ? <mark key={i}>{text}</mark> : <Fragment key={i}>{text}</Fragment>);
  }
  return <span class="passage">{out}</span>;
}

/** Ticket categories (id → row), for names and processing times. */
export function useCategories(): Map<number, Row> {
  const r = useApi<Page<Row>>(can('service.category.read') ? 'service/categories' : null, { limit: 200 });
  return new Map((r.data?.items ?? []).map((c) => [c.id, c]));
}

/** Business minutes as "2 d 4 h" style text (a business day is not 24 h: shown as hours). */
export function minutesText(m: number | null | undefined): string {
  if (m === null || m === undefined) return '—';
  const h = Math.floor(m / 60);
  const rest = m % 60;
  return h ? (rest ? t('svc.hours_minutes', { h, m: rest }) : t('svc.hours', { h })) : t('svc.minutes', { m });
}
