// A list read page by page from the server (keyset cursors: `limit`, `cursor`, `next_cursor`).
// Columns that the endpoint can sort by name the server's `sort` key; clicking the header
// re-reads the list sorted by the server: ascending, then descending (`-key`), then back to the
// endpoint's default order.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, Page, Query } from '../api';
import { t } from '../i18n';
import { Link } from '../router';
import { ErrorBanner } from './components';

export interface Column<T> {
  key: string;
  label: string;
  render?: (row: T) => ComponentChildren;
  sort?: string;          // the server's sort value for this column
  align?: 'right';
}

interface Props<T> {
  path: string;
  query?: Query;
  columns: Column<T>[];
  rowHref?: (row: T) => string;
  pageSize?: number;
  label: string;          // accessible name of the table
  empty?: string;
  reloadKey?: unknown;    // change it to re-read
}

// The next sort after a click on the header of a column sorted by `key`.
function nextSort(current: string | undefined, key: string): string | undefined {
  if (current === key) return `-${key}`;
  if (current === `-${key}`) return undefined;
  return key;
}

function direction(current: string | undefined, key: string | undefined): 'ascending' | 'descending' | undefined {
  if (!key) return undefined;
  if (current === key) return 'ascending';
  if (current === `-${key}`) return 'descending';
  return undefined;
}

export function DataTable<T extends { id?: number | string }>(props: Props<T>) {
  const [rows, setRows] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [sort, setSort] = useState<string | undefined>(undefined);
  const key = JSON.stringify([props.path, props.query, sort, props.reloadKey]);

  const load = async (after: string | null, append: boolean, signal?: AbortSignal) => {
    setLoading(true);
    setError(null);
    try {
      const q: Query = { ...props.query, limit: props.pageSize ?? 50, cursor: after ?? undefined };
      if (sort) q.sort = sort;
      const page = await api.get<Page<T>>(props.path, q, { signal });
      setRows((old) => (append ? [...old, ...page.items] : page.items));
      setCursor(page.next_cursor ?? null);
    } catch (e) {
      if ((e as Error).name !== 'AbortError') setError(e);
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => {
    const ctrl = new AbortController();
    void load(null, false, ctrl.signal);
    return () => ctrl.abort();
  }, [key]);

  return (
    <div class="table-wrap">
      <ErrorBanner error={error} />
      <table class="data" aria-label={props.label} aria-busy={loading ? 'true' : undefined}>
        <thead>
          <tr>
            {props.columns.map((c) => {
              const dir = direction(sort, c.sort);
              return (
                <th key={c.key} scope="col" class={c.align === 'right' ? 'num' : undefined} aria-sort={dir}>
                  {c.sort ? (
                    <button type="button" class="link" title={t('list.sort_by', { column: c.label })}
                            onClick={() => setSort(nextSort(sort, c.sort!))}>
                      {c.label}{dir === 'ascending' ? ' ▲' : dir === 'descending' ? ' ▼' : ''}
                    </button>
                  ) : c.label}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={row.id ?? i}>
              {props.columns.map((c, j) => {
                const value = c.render ? c.render(row) : String((row as Record<string, unknown>)[c.key] ?? '');
                return (
                  <td key={c.key} class={c.align === 'right' ? 'num' : undefined}>
                    {j === 0 && props.rowHref ? <Link href={props.rowHref(row)}>{value || '—'}</Link> : value}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {!loading && rows.length === 0 && !error && <p class="muted empty">{props.empty ?? t('list.empty')}</p>}
      <div class="table-foot">
        <span class="muted">{t('list.count', { n: rows.length })}</span>
        {loading && <span class="muted" role="status">{t('list.loading')}</span>}
        {cursor && !loading && (
          <button type="button" onClick={() => void load(cursor, true)}>{t('action.more')}</button>
        )}
      </div>
    </div>
  );
}
