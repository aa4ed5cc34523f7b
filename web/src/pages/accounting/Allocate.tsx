// Allocating a posted payment or credit note to the party's open documents: the posted
// invoices (or credit notes, for a refund) with what is still open, their due dates and days
// overdue from the ledger's open items (GET /open-items?party_id=), and an amount per row.
import { useState } from 'preact/hooks';
import { api, Page } from '../../api';
import { formatDate, formatMoney, t } from '../../i18n';
import { Link } from '../../router';
import { can } from '../../session';
import { ErrorBanner } from '../../ui/components';
import { useAction, useApi } from '../../ui/hooks';
import { Row, SimpleTable } from './parts';
import { invoiceNo } from './InvoiceList';

interface Props {
  partyId: number;
  currency: string;
  targetKind: 'invoice' | 'credit_note';
  available: string;                 // what is left to allocate
  path: string;                      // payments/{id}/allocate or invoices/{id}/allocate
  onDone: () => void;
}

export function Allocate(props: Props) {
  const docs = useApi<Page<Row>>('invoices', { party_id: props.partyId, state: 'posted', kind: props.targetKind, limit: 100 });
  const items = useApi<{ items: Row[] }>(can('accounting.match.read') ? 'open-items' : null, { party_id: props.partyId });
  const [amounts, setAmounts] = useState<Record<number, string>>({});
  const open = (docs.data?.items ?? []).filter((d) => d.currency === props.currency && Number(d.residual) > 0);
  const due = new Map<number, Row>();
  for (const i of items.data?.items ?? []) {
    const seen = due.get(i.entry_id);
    if (!seen || String(i.due_date) < String(seen.due_date)) due.set(i.entry_id, i);
  }
  const save = useAction(async () => {
    const allocations = Object.entries(amounts).filter(([, v]) => v.trim() && Number(v) > 0)
      .map(([id, v]) => ({ invoice_id: Number(id), amount: v.trim() }));
    await api.post(props.path, { allocations });
    setAmounts({});
    props.onDone();
  });
  // Fills the rows oldest due first with what is left.
  const fill = () => {
    let left = Number(props.available);
    const next: Record<number, string> = {};
    const sorted = [...open].sort((a, b) => String(due.get(a.entry_id)?.due_date ?? a.date)
      .localeCompare(String(due.get(b.entry_id)?.due_date ?? b.date)));
    for (const d of sorted) {
      if (left <= 0) break;
      const take = Math.min(left, Number(d.residual));
      next[d.id] = take.toFixed(2);
      left = Math.round((left - take) * 100) / 100;
    }
    setAmounts(next);
  };
  if (docs.error) return <ErrorBanner error={docs.error} />;
  const chosen = Object.values(amounts).reduce((s, v) => s + (Number(v) || 0), 0);
  return (
    <div data-testid="allocate">
      <ErrorBanner error={save.error} />
      <SimpleTable label={t('acc.open_documents')} numeric={[4, 5]}
        head={[t('common.number'), t('common.date'), t('common.due'), t('acc.days_overdue'), t('acc.residual'), t('acc.allocate_amount')]}
        rows={open.map((d) => {
          const it = due.get(d.entry_id);
          return [
            <Link href={`/invoices/${d.id}`}>{invoiceNo(d)}</Link>, formatDate(d.date), formatDate(it?.due_date),
            it && it.days_overdue > 0 ? <span class="overdue">{it.days_overdue}</span> : '—',
            formatMoney(d.residual, d.currency),
            <input aria-label={`${t('acc.allocate_amount')} ${invoiceNo(d)}`} inputMode="decimal" size={10}
                   value={amounts[d.id] ?? ''} onInput={(e) => setAmounts({ ...amounts, [d.id]: e.currentTarget.value })} />,
          ];
        })} />
      {open.length > 0 && (
        <div class="toolbar">
          <span class="muted">{t('acc.available')}: {formatMoney(props.available, props.currency)}
            {' · '}{t('acc.chosen')}: {formatMoney(chosen, props.currency)}</span>
          <button type="button" onClick={fill}>{t('acc.fill_oldest')}</button>
          <button type="button" class="primary" disabled={save.busy || chosen <= 0} onClick={() => void save.run()}>
            {t('acc.allocate')}</button>
        </div>
      )}
    </div>
  );
}
