// Small pieces shared by the accounting, service, workflow and administration pages: plain
// tables, date inputs kept in the address bar, name look-ups for ids the API returns without
// names (parties, users, accounts), a party picker, and the tone of a state badge.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, Page } from '../../api';
import { langStore, t } from '../../i18n';
import { Link, setQuery } from '../../router';
import { can, sessionStore } from '../../session';
import { useApi, useDebounced } from '../../ui/hooks';

export type Row = Record<string, any>;

/** A table of already-loaded rows (reports, sections of a document). */
export function SimpleTable(props: { label: string; head: ComponentChildren[]; rows: ComponentChildren[][];
                                     numeric?: number[]; foot?: ComponentChildren[]; testid?: string; caption?: string;
                                     rowClass?: (i: number) => string | undefined }) {
  if (props.rows.length === 0) return <p class="muted empty">{t('list.empty')}</p>;
  const cls = (j: number) => (props.numeric?.includes(j) ? 'num' : undefined);
  return (
    <div class="table-wrap">
      <table class="data" aria-label={props.label} data-testid={props.testid}>
        {props.caption && <caption class="muted">{props.caption}</caption>}
        <thead><tr>{props.head.map((h, j) => <th key={j} scope="col" class={cls(j)}>{h}</th>)}</tr></thead>
        <tbody>{props.rows.map((r, i) => (
          <tr key={i} class={props.rowClass?.(i)}>{r.map((c, j) => <td key={j} class={cls(j)}>{c}</td>)}</tr>))}
        </tbody>
        {props.foot && <tfoot><tr class="total">{props.foot.map((c, j) => <td key={j} class={cls(j)}>{c}</td>)}</tr></tfoot>}
      </table>
    </div>
  );
}

export function isoDay(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
/** Today in the company's time zone (what the server takes as the document date). */
export function today(): string {
  const tz = sessionStore.get()?.company?.time_zone;
  try {
    if (tz) return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  } catch { /* an unknown zone: the browser's day */ }
  return isoDay(new Date());
}
export const startOfYear = () => `${today().slice(0, 4)}-01-01`;

/** A date input whose value lives in the query string under `name`. */
export function QueryDate(props: { name: string; label: string; query: URLSearchParams; fallback?: string }) {
  const id = `q-${props.name}`;
  return (
    <div class="field"><label for={id}>{props.label}</label>
      <input id={id} type="date" value={props.query.get(props.name) ?? props.fallback ?? ''}
             onChange={(e) => setQuery({ [props.name]: e.currentTarget.value })} /></div>
  );
}

/** A select whose value lives in the query string under `name`. */
export function QuerySelect(props: { name: string; label: string; query: URLSearchParams;
                                     options: [string, string][]; all?: string; fallback?: string }) {
  const id = `q-${props.name}`;
  return (
    <div class="field"><label for={id}>{props.label}</label>
      <select id={id} value={props.query.get(props.name) ?? props.fallback ?? ''}
              onChange={(e) => setQuery({ [props.name]: e.currentTarget.value })}>
        {props.all !== undefined && <option value="">{props.all}</option>}
        {props.options.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
      </select></div>
  );
}

/** Badge tone of a document state. */
export function tone(state: string | null | undefined): string {
  switch (state) {
    case 'paid': case 'completed': case 'approved': case 'published': case 'resolved': case 'closed':
      return 'ok';
    case 'posted': case 'running': case 'open': case 'in_progress': case 'assigned': return 'info';
    case 'draft': case 'waiting_on_customer': case 'new': return 'warn';
    case 'cancelled': case 'rejected': case 'timed_out': case 'archived': return 'danger';
    default: return '';
  }
}

// --- names of ids --------------------------------------------------------------------------

const names = new Map<string, Promise<string>>();

function lookup(kind: 'parties' | 'users', id: number): Promise<string> {
  const key = `${kind}/${id}`;
  let p = names.get(key);
  if (!p) {
    p = api.get<Row>(`${kind}/${id}`)
      .then((r) => String(kind === 'users' ? r.display_name ?? r.login : r.name))
      .catch(() => `#${id}`);
    names.set(key, p);
  }
  return p;
}

/** Names of parties or users by id (read one by one, cached for the session); `#id` until known. */
export function useNames(kind: 'parties' | 'users', ids: (number | null | undefined)[]): (id: number | null | undefined) => string {
  const [known, setKnown] = useState<Record<number, string>>({});
  const wanted = [...new Set(ids.filter((x): x is number => typeof x === 'number'))].sort((a, b) => a - b);
  const allowed = can(kind === 'users' ? 'security.user.read' : 'party.party.read');
  useEffect(() => {
    if (!allowed) return undefined;
    let live = true;
    void Promise.all(wanted.map(async (id) => [id, await lookup(kind, id)] as const)).then((pairs) => {
      if (live) setKnown(Object.fromEntries(pairs));
    });
    return () => { live = false; };
  }, [kind, wanted.join(',')]);
  return (id) => (id === null || id === undefined ? '—' : known[id] ?? `#${id}`);
}

/** A link to the customer page with the party's name (looked up when not given). */
export function PartyLink(props: { id: number | null | undefined; name?: string | null;
                                   nameOf?: (id: number) => string }) {
  if (!props.id) return <>—</>;
  const label = props.name ?? props.nameOf?.(props.id) ?? `#${props.id}`;
  return <Link href={`/customers/${props.id}`}>{label}</Link>;
}

/** A party's or user's name for an id, looked up on its own (for cells of paged lists). */
export function NameOf(props: { kind: 'parties' | 'users'; id: number | null | undefined; link?: boolean }) {
  const name = useNames(props.kind, [props.id]);
  if (!props.id) return <>—</>;
  return props.link && props.kind === 'parties'
    ? <Link href={`/customers/${props.id}`}>{name(props.id)}</Link> : <>{name(props.id)}</>;
}

/** A link to another area's document by its number (or name), read when the user may read it. */
export function DocRef(props: { api: string; href: string; id: number | null | undefined; permission: string }) {
  const r = useApi<Row>(props.id && can(props.permission) ? `${props.api}/${props.id}` : null);
  if (!props.id) return <>—</>;
  return <Link href={`${props.href}/${props.id}`}>{r.data?.number ?? r.data?.name ?? `#${props.id}`}</Link>;
}

/** The account name in the user's language. */
export function accountName(a: { name?: string; name_zh?: string | null } | undefined): string {
  if (!a) return '';
  return (langStore.get() === 'zh' && a.name_zh) ? a.name_zh : a.name ?? '';
}

export interface Account { id: number; code: string; name: string; name_zh?: string; type: string;
                           is_group: boolean; reconcilable?: boolean }

let accountsCache: Promise<Account[]> | null = null;
/** The chart of accounts (read once per session). */
export function useAccounts(): Account[] | undefined {
  const [list, setList] = useState<Account[] | undefined>(undefined);
  useEffect(() => {
    if (!can('accounting.account.read')) return;
    accountsCache ??= api.get<Page<Account>>('accounts', { limit: 500 }).then((p) => p.items)
      .catch((e) => { accountsCache = null; throw e; });
    accountsCache.then(setList).catch(() => setList([]));
  }, []);
  return list;
}

/** Choose a customer by typing part of the name (GET /parties?q=); `value` is the party id. */
export function PartyPicker(props: { id: string; label: string; value: number | null;
                                     onChange: (id: number | null, name: string) => void;
                                     error?: ComponentChildren; role?: string }) {
  const [text, setText] = useState('');
  const [hits, setHits] = useState<Row[]>([]);
  const q = useDebounced(text.trim(), 250);
  const current = useNames('parties', [props.value]);
  useEffect(() => {
    if (!q) { setHits([]); return undefined; }
    const ctrl = new AbortController();
    api.get<Page<Row>>('parties', { q, limit: 8, role: props.role }, { signal: ctrl.signal })
      .then((p) => setHits(p.items)).catch(() => undefined);
    return () => ctrl.abort();
  }, [q]);
  return (
    <div class="field picker">
      <label for={props.id}>{props.label}</label>
      {props.value ? (
        <div class="toolbar">
          <span data-testid={`${props.id}-value`}>{current(props.value)}</span>
          <button type="button" class="link" onClick={() => props.onChange(null, '')}>{t('action.clear')}</button>
        </div>
      ) : (
        <>
          <input id={props.id} type="search" value={text} autoComplete="off"
                 placeholder={t('acc.party_search')} onInput={(e) => setText(e.currentTarget.value)} />
          {hits.length > 0 && (
            <ul class="plain picker-hits" role="listbox" aria-label={props.label}>
              {hits.map((p) => (
                <li key={p.id}><button type="button" class="link" role="option" aria-selected="false"
                    onClick={() => { setText(''); setHits([]); props.onChange(p.id, p.name); }}>{p.name}</button></li>))}
            </ul>
          )}
        </>
      )}
      {props.error}
    </div>
  );
}
