// Opening a ticket: the customer (preset by ?party_id=), subject and description, the category
// that sets the deadline (its maximum processing time is shown), channel, priority and the
// documents it is about. The ticket page then shows the deadline and suggested answers.
import { useState } from 'preact/hooks';
import { api, newIdempotencyKey, Page } from '../../api';
import { formatDate, t, tValue } from '../../i18n';
import { navigate, RouteProps } from '../../router';
import { can } from '../../session';
import { ErrorBanner, Field, FormActions, PageHeader } from '../../ui/components';
import { fieldErrorText, unplacedFieldErrors } from '../../ui/errors';
import { useAction, useApi } from '../../ui/hooks';
import { PartyPicker, Row } from '../accounting/parts';
import { CHANNELS, minutesText, PRIORITIES, useCategories } from './parts';

interface Form { subject: string; description: string; category_id: string; channel: string;
                 priority: string; invoice_id: string; sales_order_id: string; contact_id: string }

const PLACED = ['subject', 'description', 'party_id', 'category_id', 'channel', 'priority', 'invoice_id',
                'sales_order_id', 'contact_id'];

export function TicketForm({ query }: RouteProps) {
  const [party, setParty] = useState<number | null>(query.get('party_id') ? Number(query.get('party_id')) : null);
  const [f, setF] = useState<Form>({ subject: '', description: '', category_id: '', channel: 'phone',
                                     priority: '', invoice_id: '', sales_order_id: '', contact_id: '' });
  const [key] = useState(newIdempotencyKey);
  const categories = useCategories();
  const invoices = useApi<Page<Row>>(party && can('invoicing.invoice.read') ? 'invoices' : null, { party_id: party, limit: 50 });
  const orders = useApi<Page<Row>>(party && can('sales.order.read') ? 'sales-orders' : null, { party_id: party, limit: 50 });
  const contactList = useApi<Page<Row>>(party && can('party.party.read') ? `parties/${party}/contacts` : null, { limit: 100 });
  const set = (k: keyof Form) => (e: Event) => setF({ ...f, [k]: (e.currentTarget as HTMLInputElement).value });
  const cat = categories.get(Number(f.category_id));
  const save = useAction(async () => {
    const body: Row = { subject: f.subject.trim(), description: f.description, party_id: party,
                        category_id: f.category_id ? Number(f.category_id) : null, channel: f.channel };
    for (const k of ['invoice_id', 'sales_order_id', 'contact_id'] as const) if (f[k]) body[k] = Number(f[k]);
    if (f.priority) body.priority = f.priority;
    const tk = await api.post<Row>('tickets', body, { idempotencyKey: key });
    navigate(`/tickets/${tk.id}`, true);
  });
  const err = save.error;
  const contacts: Row[] = contactList.data?.items ?? [];
  return (
    <>
      <PageHeader title={t('svc.new_ticket')} />
      <form class="card" noValidate onSubmit={(e) => { e.preventDefault(); void save.run(); }}>
        <ErrorBanner error={err} />
        <div class="form-grid">
          <PartyPicker id="f-party_id" label={t('common.customer')} value={party} onChange={(id) => setParty(id)}
                       error={fieldErrorText(err, 'party_id') && <small class="field-error" role="alert">{fieldErrorText(err, 'party_id')}</small>} />
          <Field label={t('svc.category')} name="category_id" error={err}
                 hint={cat ? t('svc.category_hint', { time: minutesText(cat.max_processing_minutes) }) : undefined}>
            <select id="f-category_id" value={f.category_id} onChange={set('category_id')}>
              <option value="">—</option>
              {[...categories.values()].filter((c) => c.active !== false).map((c) => (
                <option key={c.id} value={c.id}>{c.name} ({minutesText(c.max_processing_minutes)})</option>))}
            </select>
          </Field>
          <Field label={t('svc.channel')} name="channel" error={err}>
            <select id="f-channel" value={f.channel} onChange={set('channel')}>
              {CHANNELS.map((c) => <option key={c} value={c}>{tValue('svc.channel', c)}</option>)}
            </select>
          </Field>
          <Field label={t('svc.priority')} name="priority" error={err}>
            <select id="f-priority" value={f.priority} onChange={set('priority')}>
              <option value="">{t('svc.priority_default')}{cat ? ` (${tValue('svc.priority', cat.default_priority)})` : ''}</option>
              {PRIORITIES.map((p) => <option key={p} value={p}>{tValue('svc.priority', p)}</option>)}
            </select>
          </Field>
          {contacts.length > 0 && (
            <Field label={t('svc.contact')} name="contact_id" error={err}>
              <select id="f-contact_id" value={f.contact_id} onChange={set('contact_id')}>
                <option value="">—</option>
                {contacts.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
              </select>
            </Field>
          )}
          {invoices.data && invoices.data.items.length > 0 && (
            <Field label={t('svc.invoice')} name="invoice_id" error={err}>
              <select id="f-invoice_id" value={f.invoice_id} onChange={set('invoice_id')}>
                <option value="">—</option>
                {invoices.data.items.filter((i) => i.number).map((i) => (
                  <option key={i.id} value={i.id}>{i.number} · {formatDate(i.date)}</option>))}
              </select>
            </Field>
          )}
          {orders.data && orders.data.items.length > 0 && (
            <Field label={t('svc.order')} name="sales_order_id" error={err}>
              <select id="f-sales_order_id" value={f.sales_order_id} onChange={set('sales_order_id')}>
                <option value="">—</option>
                {orders.data.items.map((o) => <option key={o.id} value={o.id}>{o.number ?? `#${o.id}`} · {formatDate(o.date)}</option>)}
              </select>
            </Field>
          )}
        </div>
        <Field label={t('svc.subject')} name="subject" error={err} value={f.subject} onInput={set('subject')} required />
        <Field label={t('svc.description')} name="description" error={err}>
          <textarea id="f-description" rows={5} value={f.description} onInput={set('description')} />
        </Field>
        {unplacedFieldErrors(err, PLACED).map((m) => <p key={m} class="field-error">{m}</p>)}
        <FormActions busy={save.busy} label={t('svc.open_ticket')} />
      </form>
    </>
  );
}
