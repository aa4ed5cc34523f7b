// The lines of the quote editor. Each line is priced live by the one pricing service
// (POST /pricing/quote: the price and the explanation of every rule applied) and shows the
// product's availability (GET /stock/availability) while the user types.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { formatMoney, t } from '../../i18n';
import { can } from '../../session';
import { fieldErrorText } from '../../ui/errors';
import { useDebounced } from '../../ui/hooks';
import { Picker, ProductLink, qty, Row } from './shared';

export interface EditLine {
  key: number;
  product: Row | null;     // {id, sku?, name}
  quantity: string;
  discount: string;        // percent, '' = none
  explanation?: Priced['explanation'];  // the saved explanation
  unitPrice?: string;      // the saved unit price
  manualPrice?: string;    // a price typed by hand (kept on save)
}

export interface Priced {
  unit_price: string;
  list_price: string;
  discount_percent: string;
  amount: string;
  currency: string;
  explanation: { step: string; price: string; detail: string }[];
}

let nextKey = 1;
export function newLine(product: Row | null = null, quantity = '1', discount = ''): EditLine {
  return { key: nextKey++, product, quantity, discount };
}

/** The line's amount after its discount, from the live price. */
export function lineAmount(line: EditLine, priced: Priced | undefined): number {
  const unit = Number(priced?.unit_price ?? line.unitPrice ?? 0);
  const disc = Number(line.discount || 0);
  return unit * Number(line.quantity || 0) * (1 - disc / 100);
}

function Explanation(props: { steps: { step: string; price: string; detail: string }[]; currency: string }) {
  if (!props.steps.length) return null;
  return (
    <details class="explanation" data-testid="explanation">
      <summary>{t('sales.price_explanation')}</summary>
      <ol>
        {props.steps.map((s, i) => (
          <li key={i}><strong>{formatMoney(s.price, props.currency)}</strong>{' '}
            <span class="muted">{s.detail}</span></li>))}
      </ol>
    </details>
  );
}

function Availability(props: { productId: number; quantity: string }) {
  const [a, setA] = useState<Row | null>(null);
  useEffect(() => {
    if (!can('inventory.warehouse.read')) return;
    api.get<Row>('stock/availability', { product_id: props.productId }).then(setA).catch(() => setA(null));
  }, [props.productId]);
  if (!a) return <span class="muted">—</span>;
  const short = Number(props.quantity || 0) > Number(a.available);
  return (
    <span class={`badge ${short ? 'warn' : 'ok'}`} data-testid="availability"
          title={t('sales.availability_detail', { on_hand: qty(a.on_hand), reserved: qty(a.reserved), incoming: qty(a.incoming) })}>
      {short ? t('sales.short', { available: qty(a.available) }) : t('sales.available', { available: qty(a.available) })}
    </span>
  );
}

interface LineProps {
  line: EditLine;
  index: number;
  partyId: number | null;
  currency: string;
  editable: boolean;
  error: unknown;
  onChange: (l: EditLine) => void;
  onRemove: () => void;
  onPriced: (key: number, p: Priced | undefined) => void;
}

function LineEditor(props: LineProps) {
  const { line, editable } = props;
  const [priced, setPriced] = useState<Priced | undefined>(undefined);
  const [priceError, setPriceError] = useState('');
  const probe = useDebounced(JSON.stringify([line.product?.id, line.quantity, props.partyId]), 250);
  useEffect(() => {
    if (!editable || !line.product || !(Number(line.quantity) > 0)) {
      setPriced(undefined);
      props.onPriced(line.key, undefined);
      return undefined;
    }
    const ctrl = new AbortController();
    const body: Row = { product_id: line.product.id, quantity: line.quantity };
    if (props.partyId) body.party_id = props.partyId;
    api.post<Priced>('pricing/quote', body, { signal: ctrl.signal })
      .then((p) => { setPriced(p); setPriceError(''); props.onPriced(line.key, p); })
      .catch((e) => {
        if ((e as Error).name === 'AbortError') return;
        setPriced(undefined);
        setPriceError((e as Error).message);
        props.onPriced(line.key, undefined);
      });
    return () => ctrl.abort();
  }, [probe, editable]);

  const unit = priced?.unit_price ?? line.unitPrice;
  const steps = priced?.explanation ?? line.explanation ?? [];
  const lineError = fieldErrorText(props.error, `lines[${props.index}]`);
  const n = props.index + 1;
  return (
    <tbody class="quote-line" data-testid="quote-line">
      <tr>
        <td class="line-product">
          {editable ? (
            <Picker id={`line-${line.key}-product`} label={t('sales.line_product', { n })} labelClass="sr-only"
                    path="products" query={{ active: 'true' }} value={line.product}
                    show={(r) => `${r.sku ?? ''} ${r.name ?? r.description ?? ''}`.trim()}
                    onPick={(r) => props.onChange({ ...line, product: r })} />
          ) : <ProductLink id={line.product?.id} name={line.product?.name} sku={line.product?.sku} />}
        </td>
        <td class="num">
          {editable ? (
            <input class="qty-input" inputMode="decimal" aria-label={t('sales.line_quantity', { n })}
                   value={line.quantity} onInput={(e) => props.onChange({ ...line, quantity: e.currentTarget.value })} />
          ) : qty(line.quantity)}
        </td>
        <td class="num">
          {editable ? (
            <input class="pct-input" inputMode="decimal" aria-label={t('sales.line_discount', { n })}
                   value={line.discount} placeholder="0"
                   onInput={(e) => props.onChange({ ...line, discount: e.currentTarget.value })} />
          ) : (line.discount ? `${qty(line.discount)} %` : '—')}
        </td>
        <td class="num" data-testid="unit-price">{unit ? formatMoney(unit, priced?.currency ?? props.currency) : '—'}</td>
        <td class="num" data-testid="line-amount">{unit ? formatMoney(lineAmount(line, priced), priced?.currency ?? props.currency) : '—'}</td>
        <td>{line.product ? <Availability productId={line.product.id} quantity={line.quantity} /> : null}</td>
        <td>{editable && (
          <button type="button" class="icon" aria-label={t('sales.remove_line', { n })} onClick={props.onRemove}>✕</button>)}</td>
      </tr>
      {(steps.length > 0 || priceError || lineError) && (
        <tr class="line-detail">
          <td colSpan={7}>
            {priceError && <p class="field-error" role="alert">{priceError}</p>}
            {lineError && <p class="field-error" role="alert">{lineError}</p>}
            <Explanation steps={steps} currency={priced?.currency ?? props.currency} />
          </td>
        </tr>
      )}
    </tbody>
  );
}

interface LinesProps {
  lines: EditLine[];
  partyId: number | null;
  currency: string;
  editable: boolean;
  error: unknown;
  onChange: (lines: EditLine[]) => void;
  onPriced: (key: number, p: Priced | undefined) => void;
}

export function QuoteLines(props: LinesProps) {
  const set = (i: number, l: EditLine) => props.onChange(props.lines.map((x, j) => (j === i ? l : x)));
  return (
    <div class="table-wrap">
      <table class="data quote-lines" aria-label={t('sales.lines')}>
        <thead>
          <tr>
            <th scope="col">{t('common.product')}</th>
            <th scope="col" class="num">{t('common.quantity')}</th>
            <th scope="col" class="num">{t('sales.discount_pct')}</th>
            <th scope="col" class="num">{t('sales.unit_price')}</th>
            <th scope="col" class="num">{t('common.amount')}</th>
            <th scope="col">{t('sales.availability')}</th>
            <th scope="col"><span class="sr-only">{t('common.actions')}</span></th>
          </tr>
        </thead>
        {props.lines.map((l, i) => (
          <LineEditor key={l.key} line={l} index={i} partyId={props.partyId} currency={props.currency}
                      editable={props.editable} error={props.error} onChange={(x) => set(i, x)}
                      onRemove={() => { props.onPriced(l.key, undefined); props.onChange(props.lines.filter((_, j) => j !== i)); }}
                      onPriced={props.onPriced} />
        ))}
      </table>
      {props.editable && (
        <button type="button" onClick={() => props.onChange([...props.lines, newLine()])}>{t('action.add_line')}</button>
      )}
    </div>
  );
}
