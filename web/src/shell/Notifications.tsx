// The bell: unread count (refreshed every 30 s and on focus), the latest notifications, read.
import { useEffect, useState } from 'preact/hooks';
import { api, Page } from '../api';
import { formatDateTime, t } from '../i18n';
import { navigate } from '../router';

interface Notification {
  id: number;
  kind: string;
  title?: string;
  body?: string;
  subject?: string;
  link?: string;
  read_at?: string | null;
  created_at: string;
  entity?: string;
  entity_id?: number;
}

export function Notifications() {
  const [count, setCount] = useState(0);
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<Notification[]>([]);

  const refresh = () => {
    api.get<{ unread: number; count?: number }>('notifications/unread-count')
      .then((r) => setCount(Number(r.unread ?? r.count ?? 0)))
      .catch(() => undefined);
  };
  useEffect(() => {
    refresh();
    const id = window.setInterval(refresh, 30_000);
    window.addEventListener('focus', refresh);
    return () => { window.clearInterval(id); window.removeEventListener('focus', refresh); };
  }, []);

  const toggle = async () => {
    const next = !open;
    setOpen(next);
    if (next) {
      const page = await api.get<Page<Notification>>('notifications', { limit: 10 })
        .catch(() => ({ items: [], next_cursor: null }));
      setItems(page.items);
    }
  };
  const readOne = async (n: Notification) => {
    if (!n.read_at) await api.post(`notifications/${n.id}/read`).catch(() => undefined);
    setOpen(false);
    refresh();
    if (n.link) navigate(n.link);
  };
  const readAll = async () => {
    await api.post('notifications/read-all').catch(() => undefined);
    setItems(items.map((n) => ({ ...n, read_at: n.read_at ?? new Date().toISOString() })));
    refresh();
  };

  return (
    <div class="popover-anchor">
      <button type="button" class="icon bell" aria-expanded={open} aria-haspopup="true"
              aria-label={`${t('shell.notifications')} (${count})`} onClick={() => void toggle()}>
        <svg viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2">
          <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" /><path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
        </svg>{count > 0 && <span class="dot" data-testid="unread">{count}</span>}
      </button>
      {open && (
        <div class="popover" role="dialog" aria-label={t('shell.notifications')}>
          {items.length === 0 && <p class="muted">{t('shell.notifications_none')}</p>}
          <ul class="plain">
            {items.map((n) => (
              <li key={n.id} class={n.read_at ? 'read' : 'unread'}>
                <button type="button" class="link" onClick={() => void readOne(n)}>
                  <strong>{n.title ?? n.subject ?? n.kind}</strong>
                  {n.body && <span class="muted"> — {n.body}</span>}
                  <small class="muted block">{formatDateTime(n.created_at)}</small>
                </button>
              </li>
            ))}
          </ul>
          {count > 0 && <button type="button" onClick={() => void readAll()}>{t('shell.mark_all_read')}</button>}
        </div>
      )}
    </div>
  );
}
