// The quote editor: the customer (searched as you type), lines priced live with the
// explanation of every rule applied and the stock available, the customer's credit position
// next to the running total; save as draft, then the quote's verbs (QuoteActions).
import { useEffect, useState } from 'preact/hooks';
import { api, newIdempotencyKey } from '../../api';
import { formatDate, formatMoney, t } from '../../i18n';
import { Link, navigate, RouteProps } from '../../router';
import { can, companyCurrency } from '../../session';
import { ErrorBanner, Field, Loading, PageHeader, Section } from '../../ui/components';
import { fieldErrorText, unplacedFieldErrors } from '../../ui/errors';
import { useApi } from '../../ui/hooks';
import { CreditPanel } from './CreditPanel';
import { QuoteActions, QuoteHistory } from './QuoteActions';
import { EditLine, lineAmount, newLine, Priced, QuoteLines } from './QuoteLines';
import { Picker, Row, StateBadge } from './shared';

const EDITABLE = ['draft', 'sent'];

function linesOf(q: Row): EditLine[] {
  return (q.lines as Row[]).map((l) => ({
    ...newLine({ id: l.product_id, name: l.description }, String(Number(l.quantity)),
               Number(l.discount_percent) ? String(Number(l.discount_percent)) : ''),
    explanation: l.price_explanation, unitPrice: l.unit_price,
    manualPrice: l.manual_price ? l.unit_price : undefined,
  }));
}

function bodyOf(party: Row | null, lines: EditLine[], validUntil: string, notes: string, opportunity: string | null): Row {
  return {
    party_id: party?.id,
    ...(opportunity ? { opportunity_id: Number(opportunity) } : {}),
    valid_until: validUntil || undefined,
    notes,
    lines: lines.filter((l) => l.product).map((l) => {
      const out: Row = { product_id: l.product!.id, quantity: l.quantity.trim() };
      if (l.discount.trim()) out.discount_percent = l.discount.trim();
      if (l.manualPrice) out.unit_price = l.manualPrice;
      return out;
    }),
  };
}

export function QuoteEditor({ params, query }: RouteProps) {
  const id = params.id;
  const loaded = useApi<Row>(id ? `quotes/${id}` : null);
  const initialParty = query.get('party_id');
  const preset = useApi<Row>(!id && initialParty ? `parties/${initialParty}` : null);
  const quote = loaded.data;
  const [party, setParty] = useState<Row | null>(null);
  const [lines, setLines] = useState<EditLine[]>(() => (id ? [] : [newLine()]));
  const [validUntil, setValidUntil] = useState('');
  const [notes, setNotes] = useState('');
  const [dirty, setDirty] = useState(!id);
  const [priced, setPriced] = useState<Record<number, Priced | undefined>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [key] = useState(newIdempotencyKey);

  useEffect(() => { if (preset.data) setParty(preset.data); }, [preset.data]);
  useEffect(() => {
    if (!quote) return;
    setLines(linesOf(quote));
    setValidUntil(quote.valid_until ?? '');
    setNotes(quote.notes ?? '');
    setDirty(false);
    api.get<Row>(`parties/${quote.party_id}`).then(setParty).catch(() => setParty({ id: quote.party_id, name: `#${quote.party_id}` }));
  }, [quote]);

  const editable = !quote || (EDITABLE.includes(quote.state) && can('sales.quote.update'));
  const currency = quote?.currency ?? party?.currency ?? companyCurrency();
  const total = lines.reduce((s, l) => s + lineAmount(l, priced[l.key]), 0);
  const change = (f: () => void) => { f(); setDirty(true); };

  const save = async (e?: Event) => {
    e?.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = bodyOf(party, lines, validUntil, notes, quote ? null : query.get('opportunity_id'));
      if (quote) {
        loaded.setData(await api.patch<Row>(`quotes/${quote.id}`, body, { ifMatch: quote.version }));
      } else {
        const created = await api.post<Row>('quotes', body, { idempotencyKey: key });
        navigate(`/quotes/${created.id}`, true);
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  if (id && !quote) return loaded.error ? <ErrorBanner error={loaded.error} /> : <Loading />;
  const title = quote ? t('sales.quote_title', { number: quote.number }) : t('sales.new_quote');
  const extra = unplacedFieldErrors(error, ['party_id', 'lines', 'valid_until', 'notes']);
  return (
    <>
      <PageHeader title={title} subtitle={quote && <>
        <StateBadge prefix="state" value={quote.state} />{' '}
        {quote.revision ? t('sales.revision', { n: quote.revision }) : ''}{' '}
        {quote.order_id ? <Link href={`/orders/${quote.order_id}`}>{t('sales.open_order')}</Link> : null}</>}>
        {quote && <QuoteActions quote={quote} dirty={dirty} onChanged={(q) => loaded.setData(q)}
                                onReload={loaded.reload} />}
      </PageHeader>
      <form class="quote-editor" onSubmit={save} noValidate>
        <ErrorBanner error={error} onReload={() => { setError(null); loaded.reload(); }} />
        {extra.length > 0 && <div class="alert error" role="alert">{extra.join('\n')}</div>}
        <div class="quote-top">
          <Section title={t('common.customer')} id="quote-customer">
            <Picker id="quote-party" label={t('common.customer')} path="parties" value={party}
                    disabled={!editable || Boolean(quote)}
                    show={(r) => r.name}
                    error={fieldErrorText(error, 'party_id')}
                    onPick={(r) => change(() => setParty(r))} />
            <div class="form-grid">
              <Field label={t('sales.valid_until')} name="valid_until" type="date" error={error}
                     value={validUntil} disabled={!editable}
                     onInput={(e) => change(() => setValidUntil(e.currentTarget.value))} />
              {quote && <Field label={t('common.date')} name="date" value={formatDate(quote.date)} readOnly />}
            </div>
          </Section>
          <CreditPanel party={party} total={quote && !dirty ? Number(quote.untaxed) : total} currency={currency} />
        </div>
        <Section title={t('sales.lines')} id="quote-lines">
          <QuoteLines lines={lines} partyId={party?.id ?? null} currency={currency} editable={editable}
                      error={error} onChange={(ls) => change(() => setLines(ls))}
                      onPriced={(k, p) => setPriced((old) => ({ ...old, [k]: p }))} />
          <dl class="facts totals">
            {quote && !dirty ? <>
              <dt>{t('sales.untaxed')}</dt><dd class="num">{formatMoney(quote.untaxed, currency)}</dd>
              <dt>{t('sales.tax')}</dt><dd class="num">{formatMoney(quote.tax, currency)}</dd>
              <dt>{t('common.total')}</dt><dd class="num" data-testid="quote-total"><strong>{formatMoney(quote.total, currency)}</strong></dd>
            </> : <>
              <dt>{t('sales.untaxed_estimate')}</dt><dd class="num" data-testid="quote-total">{formatMoney(total, currency)}</dd>
            </>}
          </dl>
        </Section>
        <Field label={t('common.notes')} name="notes" error={error}>
          <textarea id="f-notes" value={notes} disabled={!editable}
                    onInput={(e) => change(() => setNotes(e.currentTarget.value))} />
        </Field>
        {editable && (
          <div class="toolbar">
            <button type="submit" class="primary" disabled={busy || !party || !dirty}>
              {busy ? t('action.saving') : t('sales.save_draft')}</button>
            {dirty && quote && <span class="muted">{t('sales.unsaved')}</span>}
            {quote?.state === 'sent' && <span class="muted">{t('sales.edit_makes_revision')}</span>}
          </div>
        )}
      </form>
      {quote && <QuoteHistory quote={quote} />}
    </>
  );
}
