// The global search box: parties, contacts, products and documents by name or number
// (GET /search). A scanned barcode (the scanner types digits and Enter) opens its product.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api';
import { t, tValue } from '../i18n';
import { navigate } from '../router';
import { useDebounced } from '../ui/hooks';

interface Hit {
  kind: string;
  id: number;
  title: string;
  subtitle?: string;
  href: string;
}

interface Answer {
  items: Hit[];
  barcode: boolean;
}

export function Search() {
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<Hit[] | null>(null);
  const [active, setActive] = useState(0);
  const debounced = useDebounced(q.trim(), 200);
  const box = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!debounced) { setHits(null); return undefined; }
    const ctrl = new AbortController();
    api.get<Answer>('search', { q: debounced, limit: 8 }, { signal: ctrl.signal })
      .then((a) => { setHits(a.items); setActive(0); })
      .catch(() => undefined);
    return () => ctrl.abort();
  }, [debounced]);

  // "/" focuses the search box from anywhere (not while typing in a field).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const tag = (e.target as HTMLElement).tagName;
      if (e.key === '/' && !['INPUT', 'TEXTAREA', 'SELECT'].includes(tag)) {
        e.preventDefault();
        box.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const go = (hit: Hit) => {
    setQ('');
    setHits(null);
    navigate(hit.href);
  };

  const onKeyDown = async (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') { e.preventDefault(); setActive((a) => Math.min(a + 1, (hits?.length ?? 1) - 1)); }
    if (e.key === 'ArrowUp') { e.preventDefault(); setActive((a) => Math.max(a - 1, 0)); }
    if (e.key === 'Escape') { setHits(null); }
    if (e.key === 'Enter') {
      e.preventDefault();
      const text = q.trim();
      if (!text) return;
      // A scanner is faster than the debounce: ask now, open a barcode hit directly.
      const a = await api.get<Answer>('search', { q: text, limit: 8 }).catch(() => null);
      if (!a) return;
      if ((a.barcode || a.items.length === 1) && a.items[0]) go(a.items[0]);
      else if (hits && hits[active]) go(hits[active]);
      else setHits(a.items);
    }
  };

  return (
    <div class="search popover-anchor" role="search">
      <input ref={box} type="search" value={q} aria-label={t('shell.search')}
             placeholder={t('shell.search_placeholder')} autoComplete="off"
             role="combobox" aria-expanded={hits !== null} aria-controls="search-results"
             aria-activedescendant={hits?.length ? `search-hit-${active}` : undefined}
             onInput={(e) => setQ(e.currentTarget.value)} onKeyDown={(e) => void onKeyDown(e)} />
      {hits !== null && (
        <ul id="search-results" class="popover plain" role="listbox">
          {hits.length === 0 && <li class="muted">{t('shell.search_none', { q: debounced })}</li>}
          {hits.map((h, i) => (
            <li key={`${h.kind}-${h.id}`} id={`search-hit-${i}`} role="option"
                aria-selected={i === active} class={i === active ? 'active' : undefined}
                onMouseDown={(e) => { e.preventDefault(); go(h); }}>
              <span class="badge">{tValue('kind', h.kind)}</span> {h.title}
              {h.subtitle && <small class="muted"> · {h.subtitle}</small>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
