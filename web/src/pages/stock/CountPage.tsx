// An inventory count: enter the counted quantity of each product and lot (big steppers for a
// tablet), add what was found but not expected, save, then validate — differences become
// moves to or from inventory loss.
import { useEffect, useState } from 'preact/hooks';
import { api, Page } from '../../api';
import { formatDate, formatDateTime, t } from '../../i18n';
import { RouteProps } from '../../router';
import { can } from '../../session';
import { ErrorBanner, Facts, Loading, PageHeader, Section } from '../../ui/components';
import { fieldErrorText } from '../../ui/errors';
import { useAction, useApi } from '../../ui/hooks';
import { GuardBanner } from '../sales/Guard';
import { Picker, ProductLink, qty, Row, StateBadge } from '../sales/shared';
import { LocationName } from './CountList';
import { Stepper } from './Stepper';

interface CountLine { key: string; product_id: number; sku?: string; name?: string; lot_id?: number | null;
  lot_name?: string | null; expected?: string | null; counted: string; difference?: string | null }

function fromServer(c: Row): CountLine[] {
  return (c.lines as Row[]).map((l) => ({ key: `s${l.id}`, product_id: l.product_id, sku: l.sku, lot_id: l.lot_id,
    lot_name: l.lot_name, expected: l.expected, counted: String(Number(l.counted)), difference: l.difference }));
}

function AddLine(props: { onAdd: (l: CountLine) => void }) {
  const [product, setProduct] = useState<Row | null>(null);
  const [lot, setLot] = useState('');
  const [counted, setCounted] = useState('1');
  return (
    <div class="filters add-count-line">
      <Picker id="count-add-product" label={t('stock.add_product')} path="products" query={{ kind: 'stocked' }} value={product}
              show={(r) => `${r.sku ?? ''} ${r.name ?? ''}`.trim()} onPick={setProduct} />
      {product?.tracking && product.tracking !== 'none' && (
        <div class="field"><label for="count-add-lot">{t('stock.lot')}</label>
          <input id="count-add-lot" value={lot} onInput={(e) => setLot(e.currentTarget.value)} /></div>)}
      <div class="field"><span>{t('stock.counted')}</span>
        <Stepper label={t('stock.counted')} value={counted} onChange={setCounted} /></div>
      <div class="field"><span>&nbsp;</span>
        <button type="button" class="big" disabled={!product} onClick={() => {
          props.onAdd({ key: `n${Date.now()}`, product_id: product!.id, sku: product!.sku, name: product!.name,
                        lot_name: lot || null, counted });
          setProduct(null); setLot(''); setCounted('1');
        }}>{t('action.add_line')}</button></div>
    </div>
  );
}

export function CountPage({ params }: RouteProps) {
  const c = useApi<Row>(`inventory-counts/${params.id}`);
  // A draft has no expected quantities yet: what the system holds at the location now.
  const draftStock = useApi<Page<Row>>(c.data?.state === 'draft' ? 'stock' : null, { location_id: c.data?.location_id, limit: 500 });
  const held = new Map((draftStock.data?.items ?? []).filter((s) => s.location_id === c.data?.location_id)
    .map((s) => [`${s.product_id}/${s.lot_id ?? ''}`, s.quantity as string]));
  const [lines, setLines] = useState<CountLine[]>([]);
  const [dirty, setDirty] = useState(false);
  useEffect(() => { if (c.data) { setLines(fromServer(c.data)); setDirty(false); } }, [c.data?.version]);
  const save = async (): Promise<Row> => {
    const body = { lines: lines.map((l) => ({ product_id: l.product_id, counted: l.counted.trim() || '0',
      ...(l.lot_id ? { lot_id: l.lot_id } : l.lot_name ? { lot_name: l.lot_name } : {}) })) };
    const saved = await api.patch<Row>(`inventory-counts/${params.id}`, body, { ifMatch: c.data?.version });
    c.setData(saved);
    return saved;
  };
  const act = useAction(async (name: 'save' | 'validate' | 'cancel') => {
    let version = c.data?.version;
    if (dirty && name !== 'cancel') version = (await save()).version;
    if (name !== 'save') c.setData(await api.post<Row>(`inventory-counts/${params.id}/${name}`, {}, { ifMatch: version }));
  });
  if (!c.data) return c.error ? <ErrorBanner error={c.error} /> : <Loading />;
  const x = c.data;
  const draft = x.state === 'draft';
  const edit = draft && can('inventory.count.create');
  const set = (i: number, v: string) => { setLines(lines.map((l, j) => (j === i ? { ...l, counted: v } : l))); setDirty(true); };
  return (
    <>
      <PageHeader title={x.number} subtitle={<><LocationName id={x.location_id} /> · <StateBadge prefix="stock.state" value={x.state} /></>}>
        {edit && <button type="button" class="big" disabled={act.busy || !dirty} onClick={() => void act.run('save')}>{t('action.save')}</button>}
        {draft && can('inventory.count.approve') && (
          <button type="button" class="primary big" disabled={act.busy} onClick={() => void act.run('validate')}>{t('stock.validate')}</button>)}
        {edit && <button type="button" class="danger big" disabled={act.busy} onClick={() => void act.run('cancel')}>{t('action.cancel')}</button>}
      </PageHeader>
      <GuardBanner error={act.error} onReload={() => { act.setError(null); c.reload(); }} />
      {dirty && <p class="muted" role="status">{t('sales.unsaved')}</p>}
      <Section title={t('stock.count_lines')} id="count-lines">
        <div class="table-wrap">
          <table class="data pick-table" aria-label={t('stock.count_lines')}>
            <thead><tr>
              <th scope="col">{t('common.product')}</th><th scope="col">{t('stock.lot')}</th>
              <th scope="col" class="num">{t('stock.expected')}</th><th scope="col">{t('stock.counted')}</th>
              <th scope="col" class="num">{t('stock.difference')}</th>
            </tr></thead>
            <tbody>
              {lines.map((l, i) => {
                const expected = l.expected ?? (draft ? held.get(`${l.product_id}/${l.lot_id ?? ''}`) ?? (l.lot_id || !l.lot_name ? '0' : null) : null);
                const diff = !draft ? l.difference : expected == null ? null : String(Number(l.counted || 0) - Number(expected));
                return (
                <tr key={l.key} data-testid="count-line">
                  <td><ProductLink id={l.product_id} name={l.name} sku={l.sku} /></td>
                  <td>{l.lot_name ?? '—'}</td>
                  <td class="num">{qty(expected)}</td>
                  <td>{edit ? <Stepper label={t('stock.counted_for', { product: l.sku ?? String(l.product_id) })} value={l.counted}
                                       onChange={(v) => set(i, v)} /> : qty(l.counted)}
                    {fieldErrorText(act.error, `lines[${i}]`) && <small class="field-error" role="alert">{fieldErrorText(act.error, `lines[${i}]`)}</small>}</td>
                  <td class="num">{diff == null ? '—' : <span class={Number(diff) ? 'badge warn' : ''}>{qty(diff)}</span>}</td>
                </tr>);
              })}
            </tbody>
          </table>
        </div>
        {edit && <AddLine onAdd={(l) => { setLines([...lines, l]); setDirty(true); }} />}
      </Section>
      <Section title={t('common.details')} id="count-facts">
        <Facts items={[[t('stock.location'), <LocationName id={x.location_id} />], [t('common.date'), formatDate(x.date)],
          [t('stock.validated_at'), formatDateTime(x.validated_at)], [t('common.notes'), x.note || '—']]} />
      </Section>
    </>
  );
}
