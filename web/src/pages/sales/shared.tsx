// Small pieces shared by the CRM, sales and warehouse pages: names of linked records (the
// documents carry ids only), state badges with a tone, a plain table, and the search pickers
// for customers and products.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, Page } from '../../api';
import { formatNumber, t, tValue } from '../../i18n';
import { Link } from '../../router';
import { can } from '../../session';
import { useDebounced } from '../../ui/hooks';

export type Row = Record<string, any>;

// One read per record for the whole session of the page: many rows name the same customer.
const names = new Map<string, Promise<Row | null>>();

function cached(path: string): Promise<Row | null> {
  let p = names.get(path);
  if (!p) {
    p = api.get<Row>(path).catch(() => null);
    names.set(path, p);
  }
  return p;
}

/** Forgets a cached record (after it was changed on this page). */
export function forget(path: string): void {
  names.delete(path);
}

export function useRecord(path: string | null): Row | null {
  const [row, setRow] = useState<Row | null>(null);
  useEffect(() => {
    if (!path) return undefined;
    let live = true;
    void cached(path).then((r) => { if (live) setRow(r); });
    return () => { live = false; };
  }, [path]);
  return row;
}

/** A customer's name linked to their 360° page. */
export function PartyLink(props: { id: number | null | undefined }) {
  const p = useRecord(props.id && can('party.party.read') ? `parties/${props.id}` : null);
  if (!props.id) return <>—</>;
  return <Link href={`/customers/${props.id}`}>{p?.name ?? `#${props.id}`}</Link>;
}

/** A product's SKU and name linked to its page. */
export function ProductLink(props: { id: number | null | undefined; name?: string; sku?: string }) {
  const known = props.name !== undefined;
  const p = useRecord(props.id && !known && can('catalog.product.read') ? `products/${props.id}` : null);
  if (!props.id) return <>—</>;
  const sku = props.sku ?? p?.sku;
  const name = props.name ?? p?.name;
  return (
    <Link href={`/products/${props.id}`}>
      {sku ? <span class="sku">{sku}</span> : null}{sku && name ? ' ' : ''}{name ?? (sku ? '' : `#${props.id}`)}
    </Link>
  );
}

const TONES: Record<string, string> = {
  draft: '', new: 'info', planned: '', waiting: 'warn', sent: 'info', contacted: 'info',
  qualified: 'info', open: 'info', active: 'info', confirmed: 'info', reserved: 'info',
  ready: 'info', running: 'info', targeted: '', partial: 'warn', waiting_approval: 'warn',
  accepted: 'ok', done: 'ok', won: 'ok', paid: 'ok', posted: 'ok', converted: 'ok',
  completed: 'ok', approved: 'ok', responded: 'ok', full: 'ok',
  rejected: 'danger', cancelled: 'danger', lost: 'danger', expired: 'danger',
  disqualified: 'danger', timed_out: 'danger',
};

/** A state as a coloured badge; `prefix` names the labels (e.g. "state", "stock.state"). */
export function StateBadge(props: { prefix: string; value: string | null | undefined }) {
  const tone = TONES[props.value ?? ''] ?? '';
  return <span class={`badge ${tone}`} data-state={props.value ?? ''}>{tValue(props.prefix, props.value)}</span>;
}

/** A quantity: trailing zeros of the 6-decimal strings dropped, in the user's locale. */
export function qty(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  return formatNumber(Number(value));
}

/** A table of rows already read (sections of a document page). */
export function Table(props: { label: string; head: ComponentChildren[]; rows: ComponentChildren[][];
                               testid?: string; numeric?: number[] }) {
  if (props.rows.length === 0) return <p class="muted">{t('list.empty')}</p>;
  const num = new Set(props.numeric ?? []);
  return (
    <div class="table-wrap">
      <table class="data" aria-label={props.label} data-testid={props.testid}>
        <thead><tr>{props.head.map((h, i) => <th key={i} scope="col" class={num.has(i) ? 'num' : undefined}>{h}</th>)}</tr></thead>
        <tbody>{props.rows.map((r, i) => (
          <tr key={i}>{r.map((c, j) => <td key={j} class={num.has(j) ? 'num' : undefined}>{c}</td>)}</tr>))}</tbody>
      </table>
    </div>
  );
}

interface PickerProps {
  id: string;
  label: string;
  path: string;                       // list endpoint searched with ?q=
  query?: Record<string, string>;
  value: Row | null;
  onPick: (row: Row | null) => void;
  show: (row: Row) => string;
  error?: string;
  disabled?: boolean;
  labelClass?: string;
}

/** A search box that lists matches from the server as the user types (a combobox). */
export function Picker(props: PickerProps) {
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<Row[]>([]);
  const [active, setActive] = useState(0);
  const q = useDebounced(text, 200);
  useEffect(() => {
    if (!open) return undefined;
    const ctrl = new AbortController();
    api.get<Page<Row>>(props.path, { ...props.query, q, limit: 10 }, { signal: ctrl.signal })
      .then((p) => { setItems(p.items); setActive(0); })
      .catch(() => undefined);
    return () => ctrl.abort();
  }, [q, open]);
  const pick = (r: Row) => { props.onPick(r); setText(''); setOpen(false); };
  const listId = `${props.id}-list`;
  return (
    <div class="field picker popover-anchor">
      <label for={props.id} class={props.labelClass}>{props.label}</label>
      <input id={props.id} role="combobox" aria-expanded={open} aria-controls={listId} autoComplete="off"
             aria-invalid={props.error ? 'true' : undefined} disabled={props.disabled}
             placeholder={props.value ? props.show(props.value) : t('sales.pick_hint')}
             value={open ? text : (props.value ? props.show(props.value) : text)}
             onFocus={() => setOpen(true)}
             onBlur={() => window.setTimeout(() => setOpen(false), 150)}
             onInput={(e) => { setText(e.currentTarget.value); setOpen(true); }}
             onKeyDown={(e) => {
               if (e.key === 'ArrowDown') { setActive(Math.min(active + 1, items.length - 1)); e.preventDefault(); }
               if (e.key === 'ArrowUp') { setActive(Math.max(active - 1, 0)); e.preventDefault(); }
               if (e.key === 'Enter' && open && items[active]) { pick(items[active]); e.preventDefault(); }
               if (e.key === 'Escape') setOpen(false);
             }} />
      {open && items.length > 0 && (
        <ul id={listId} role="listbox" class="popover plain picker-list">
          {items.map((r, i) => (
            <li key={r.id} role="option" aria-selected={i === active} class={i === active ? 'active' : undefined}
                onMouseDown={(e) => { e.preventDefault(); pick(r); }}>{props.show(r)}</li>))}
        </ul>
      )}
      {props.error && <small class="field-error" role="alert">{props.error}</small>}
    </div>
  );
}

/** Re-reads `loaded` whenever `key` changes after the first render (a document changed). */
export function useReloadOn(loaded: { reload: () => void }, key: unknown): void {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) { first.current = false; return; }
    loaded.reload();
  }, [key]);
}
