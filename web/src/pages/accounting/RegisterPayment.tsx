// Registering a customer's payment from an invoice: one POST /payments with the allocation to
// this invoice (docs/invoicing.md: allocations given at creation are applied when the payment
// posts). Who may approve payments posts it at once; others leave a draft for finance.
import { useState } from 'preact/hooks';
import { api, newIdempotencyKey, Page } from '../../api';
import { t } from '../../i18n';
import { navigate } from '../../router';
import { can } from '../../session';
import { Dialog, ErrorBanner, Field, FormActions } from '../../ui/components';
import { useAction, useApi } from '../../ui/hooks';
import { accountName, Row, today } from './parts';

interface Props {
  invoice: Row;
  open: boolean;
  onClose: () => void;
  onDone: () => void;
}

export function RegisterPayment({ invoice, open, onClose, onDone }: Props) {
  const [amount, setAmount] = useState(String(invoice.residual ?? ''));
  const [date, setDate] = useState(today());
  const [journal, setJournal] = useState('');
  const [reference, setReference] = useState(invoice.number ?? '');
  const [post, setPost] = useState(can('invoicing.payment.approve'));
  const [key] = useState(newIdempotencyKey);
  const journals = useApi<Page<Row>>(open && can('accounting.journal.read') ? 'journals' : null);
  const cash = (journals.data?.items ?? []).filter((j) => ['bank', 'cash'].includes(j.kind));
  const save = useAction(async () => {
    const body: Row = {
      party_id: invoice.party_id, direction: invoice.kind === 'credit_note' ? 'outbound' : 'inbound',
      amount: amount.trim(), currency: invoice.currency, date, reference: reference.trim() || undefined,
      post, allocations: [{ invoice_id: invoice.id, amount: amount.trim() }],
    };
    if (journal) body.journal_id = Number(journal);
    const p = await api.post<Row>('payments', body, { idempotencyKey: key });
    onDone();
    if (!post) navigate(`/payments/${p.id}`);
  });
  return (
    <Dialog title={t('acc.register_payment')} open={open} onClose={onClose}>
      <form onSubmit={(e) => { e.preventDefault(); void save.run(); }} noValidate>
        <ErrorBanner error={save.error} />
        <Field label={`${t('common.amount')} (${invoice.currency})`} name="amount" inputMode="decimal"
               error={save.error} value={amount} onInput={(e) => setAmount(e.currentTarget.value)} />
        <Field label={t('common.date')} name="date" type="date" error={save.error} value={date}
               onInput={(e) => setDate(e.currentTarget.value)} />
        {cash.length > 0 && (
          <Field label={t('acc.journal')} name="journal_id" error={save.error}>
            <select id="f-journal_id" value={journal} onChange={(e) => setJournal(e.currentTarget.value)}>
              <option value="">{t('acc.default_journal')}</option>
              {cash.map((j) => <option key={j.id} value={j.id}>{j.code} · {accountName(j)}</option>)}
            </select>
          </Field>
        )}
        <Field label={t('acc.reference')} name="reference" error={save.error} value={reference}
               onInput={(e) => setReference(e.currentTarget.value)} />
        {can('invoicing.payment.approve') && (
          <label class="inline"><input type="checkbox" checked={post}
                 onChange={(e) => setPost(e.currentTarget.checked)} /> {t('acc.post_now')}</label>
        )}
        {!post && <p class="muted">{t('acc.payment_draft_hint')}</p>}
        <FormActions busy={save.busy} disabled={!amount.trim()} label={t('acc.register_payment')}
                     onCancel={onClose} />
      </form>
    </Dialog>
  );
}
