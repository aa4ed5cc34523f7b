// A delivery, receipt or return, made for a warehouse tablet: big steppers to pick the done
// quantity of each move (partial quantities leave a back order, or cancel the rest), reserve,
// validate, cancel, and the customer return of a done delivery.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { formatDate, formatMoney, t, tValue } from '../../i18n';
import { Link, navigate, RouteProps } from '../../router';
import { can } from '../../session';
import { Dialog, ErrorBanner, Facts, Loading, PageHeader, Section } from '../../ui/components';
import { useAction, useApi } from '../../ui/hooks';
import { GuardBanner } from '../sales/Guard';
import { PartyLink, ProductLink, qty, Row, StateBadge, useRecord } from '../sales/shared';
import { LocationName } from './CountList';
import { OriginLink } from './TransferList';
import { Stepper } from './Stepper';

const OPEN = ['draft', 'waiting', 'ready'];

function TransferRef(props: { id: number }) {
  const r = useRecord(`transfers/${props.id}`);
  return <Link href={`/transfers/${props.id}`} class="doc-link">{r?.number ?? `#${props.id}`}</Link>;
}

function DocLinks(props: { ids: number[] | undefined }) {
  if (!props.ids?.length) return null;
  return <>{props.ids.map((id) => <TransferRef key={id} id={id} />)}</>;
}

function ReturnDialog(props: { transfer: Row; open: boolean; onClose: () => void }) {
  const moves = (props.transfer.moves as Row[]).filter((m) => m.state === 'done');
  const [qs, setQs] = useState<Record<number, string>>({});
  const create = useAction(async () => {
    const lines = moves.filter((m) => Number(qs[m.id] || 0) > 0).map((m) => ({ move_id: m.id, quantity: qs[m.id] }));
    const r = await api.post<Row>(`transfers/${props.transfer.id}/return`, { lines });
    navigate(`/transfers/${r.id}`);
  });
  return (
    <Dialog title={t('stock.return_title')} open={props.open} onClose={props.onClose}>
      <p class="muted">{t('stock.return_hint')}</p>
      <ErrorBanner error={create.error} />
      {moves.map((m) => (
        <div key={m.id} class="pick-row">
          <span><ProductLink id={m.product_id} name={m.product_name} sku={m.sku} /> {m.lot_name ? `· ${m.lot_name}` : ''}
            <span class="muted"> · {t('stock.delivered_qty', { n: qty(m.quantity) })}</span></span>
          <Stepper label={t('stock.return_qty', { product: m.sku })} value={qs[m.id] ?? '0'} max={Number(m.quantity)}
                   onChange={(v) => setQs({ ...qs, [m.id]: v })} />
        </div>))}
      <div class="toolbar">
        <button type="button" class="primary" disabled={create.busy || !moves.some((m) => Number(qs[m.id] || 0) > 0)}
                onClick={() => void create.run()}>{t('stock.create_return')}</button>
        <button type="button" onClick={props.onClose}>{t('action.close')}</button>
      </div>
    </Dialog>
  );
}

export function TransferPage({ params }: RouteProps) {
  const tr = useApi<Row>(`transfers/${params.id}`);
  const [picked, setPicked] = useState<Record<number, string>>({});
  const [lots, setLots] = useState<Record<number, string>>({});
  const [noBackorder, setNoBackorder] = useState(false);
  const [returning, setReturning] = useState(false);
  const x = tr.data;
  useEffect(() => {
    if (!x) return;
    setPicked(Object.fromEntries((x.moves as Row[]).filter((m) => OPEN.includes(x.state) && m.state !== 'cancelled')
      .map((m) => [m.id, String(Number(m.quantity))])));
  }, [x?.version]);
  const verb = useAction(async (name: string, body: Row = {}) => {
    tr.setData(await api.post<Row>(`transfers/${params.id}/${name}`, body, { ifMatch: x?.version }));
  });
  if (!x) return tr.error ? <ErrorBanner error={tr.error} /> : <Loading />;
  const open = OPEN.includes(x.state);
  const moves = (x.moves as Row[]);
  const validate = () => {
    const lines = moves.filter((m) => m.state !== 'done' && m.state !== 'cancelled' && Number(picked[m.id] || 0) > 0)
      .map((m) => ({ move_id: m.id, quantity: picked[m.id], ...(lots[m.id] ? { lot_name: lots[m.id] } : {}) }));
    void verb.run('validate', { lines, no_backorder: noBackorder || undefined });
  };
  const partial = moves.some((m) => m.state !== 'done' && m.state !== 'cancelled' && Number(picked[m.id] || 0) < Number(m.quantity));
  return (
    <>
      <PageHeader title={x.number} subtitle={<>{tValue('transfer', x.kind)} · <StateBadge prefix="stock.state" value={x.state} /></>}>
        {open && can('inventory.transfer.update') && x.kind !== 'receipt' && x.state !== 'ready' && (
          <button type="button" class="big" disabled={verb.busy} onClick={() => void verb.run('reserve', { allow_partial: true })}>{t('stock.reserve')}</button>)}
        {open && can('inventory.transfer.update') && (
          <button type="button" class="big danger" disabled={verb.busy} onClick={() => void verb.run('cancel')}>{t('stock.cancel')}</button>)}
        {x.state === 'done' && x.kind === 'delivery' && can('inventory.transfer.create') && (
          <button type="button" class="big" onClick={() => setReturning(true)}>{t('stock.return')}</button>)}
      </PageHeader>
      <GuardBanner error={verb.error} onReload={() => { verb.setError(null); tr.reload(); }} />
      {(x.backorder_ids ?? []).length > 0 && (
        <div class="alert info" role="status" data-testid="backorder">
          {t('stock.backorder_created')} <DocLinks ids={x.backorder_ids} /></div>)}
      <Section title={t('stock.moves')} id="moves">
        <div class="table-wrap">
          <table class="data pick-table" aria-label={t('stock.moves')}>
            <thead><tr>
              <th scope="col">{t('common.product')}</th><th scope="col">{t('stock.lot')}</th>
              <th scope="col" class="num">{t('common.quantity')}</th><th scope="col">{t('common.state')}</th>
              {open ? <th scope="col">{t('stock.done_qty')}</th> : <th scope="col" class="num">{t('stock.value')}</th>}
            </tr></thead>
            <tbody>
              {moves.map((m) => (
                <tr key={m.id} data-testid="move">
                  <td><ProductLink id={m.product_id} name={m.product_name} sku={m.sku} /></td>
                  <td>{m.lot_name ?? (open && m.state !== 'cancelled' && x.kind === 'receipt'
                    ? <input class="lot-input" aria-label={t('stock.lot_for', { product: m.sku })} value={lots[m.id] ?? ''}
                             onInput={(e) => setLots({ ...lots, [m.id]: e.currentTarget.value })} /> : '—')}</td>
                  <td class="num">{qty(m.quantity)}</td>
                  <td><StateBadge prefix="stock.move_state" value={m.state} /></td>
                  {open ? <td>{m.state !== 'done' && m.state !== 'cancelled' && (
                    <Stepper label={t('stock.done_for', { product: m.sku })} value={picked[m.id] ?? '0'} max={Number(m.quantity)}
                             onChange={(v) => setPicked({ ...picked, [m.id]: v })} />)}</td>
                    : <td class="num">{m.value ? formatMoney(m.value, x.currency) : '—'}</td>}
                </tr>))}
            </tbody>
          </table>
        </div>
        {open && can('inventory.transfer.approve') && (
          <div class="toolbar validate-bar">
            {partial && <label class="big-check"><input type="checkbox" checked={noBackorder}
                   onChange={(e) => setNoBackorder(e.currentTarget.checked)} /> {t('stock.no_backorder')}</label>}
            {partial && !noBackorder && <span class="muted">{t('stock.partial_hint')}</span>}
            <button type="button" class="primary big" disabled={verb.busy} onClick={validate}>{t('stock.validate')}</button>
          </div>
        )}
      </Section>
      <Section title={t('common.details')} id="transfer-facts">
        <Facts items={[
          [t('stock.partner'), <PartyLink id={x.party_id} />], [t('stock.origin'), <OriginLink t={x} />],
          [t('common.date'), formatDate(x.date)], [t('stock.done_date'), formatDate(x.done_date)],
          [t('stock.from'), <LocationName id={x.source_location_id} />], [t('stock.to'), <LocationName id={x.dest_location_id} />],
          [t('stock.backorder_of'), x.backorder_of_id ? <TransferRef id={x.backorder_of_id} /> : '—'],
          [t('stock.return_of'), x.return_of_id ? <TransferRef id={x.return_of_id} /> : '—'],
          [t('stock.returns'), (x.return_ids ?? []).length ? <DocLinks ids={x.return_ids} /> : '—'],
          [t('common.notes'), x.note || '—'],
        ]} />
      </Section>
      {x.state === 'done' && <ReturnDialog transfer={x} open={returning} onClose={() => setReturning(false)} />}
    </>
  );
}
