// A new lead (or an edit of one): without an owner the company's assignment rules pick one.
import { useEffect, useState } from 'preact/hooks';
import { api, newIdempotencyKey } from '../../api';
import { t, tValue } from '../../i18n';
import { navigate, RouteProps } from '../../router';
import { ErrorBanner, Field, FormActions, Loading, PageHeader } from '../../ui/components';
import { useApi } from '../../ui/hooks';
import { Row } from '../sales/shared';
import { LEAD_SOURCES } from './LeadList';

const TEXT = ['title', 'company_name', 'contact_name', 'email', 'phone', 'city', 'country', 'industry',
              'estimated_value', 'currency', 'employees', 'notes'] as const;
type Form = Record<(typeof TEXT)[number] | 'source', string>;
const EMPTY = Object.fromEntries([...TEXT, 'source'].map((k) => [k, k === 'source' ? 'web' : ''])) as Form;

function toBody(f: Form): Row {
  const b: Row = { title: f.title.trim(), source: f.source, notes: f.notes };
  for (const k of ['company_name', 'contact_name', 'email', 'phone', 'city', 'country', 'industry', 'estimated_value', 'currency'] as const) {
    b[k] = f[k].trim() || null;
  }
  b.employees = f.employees.trim() ? Number(f.employees) : null;
  return b;
}

export function LeadForm({ params }: RouteProps) {
  const editing = params.id !== undefined;
  const existing = useApi<Row>(editing ? `leads/${params.id}` : null);
  const [form, setForm] = useState<Form>(EMPTY);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [key] = useState(newIdempotencyKey);
  useEffect(() => {
    const l = existing.data;
    if (l) setForm(Object.fromEntries([...TEXT, 'source'].map((k) => [k, l[k] == null ? '' : String(l[k])])) as Form);
  }, [existing.data]);
  const set = (k: keyof Form) => (e: Event) => setForm({ ...form, [k]: (e.currentTarget as HTMLInputElement).value });
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const saved = editing
        ? await api.patch<Row>(`leads/${params.id}`, toBody(form), { ifMatch: existing.data?.version })
        : await api.post<Row>('leads', toBody(form), { idempotencyKey: key });
      navigate(`/leads/${saved.id}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  if (editing && !existing.data) return existing.error ? <ErrorBanner error={existing.error} /> : <Loading />;
  const f = (k: (typeof TEXT)[number], label: string, extra: Row = {}) =>
    <Field label={label} name={k} error={error} value={form[k]} onInput={set(k)} {...extra} />;
  return (
    <>
      <PageHeader title={editing ? t('crm.edit_lead') : t('crm.new_lead')} />
      <form class="card" onSubmit={submit} noValidate>
        <ErrorBanner error={error} onReload={() => { setError(null); existing.reload(); }} />
        <div class="form-grid">
          {f('title', t('crm.lead_title'), { required: true })}
          {f('company_name', t('crm.company'))}
          {f('contact_name', t('crm.contact'))}
          {f('email', t('common.email'), { type: 'email' })}
          {f('phone', t('common.phone'), { type: 'tel' })}
          {f('city', t('crm.city'))}
          {f('country', t('crm.country'), { maxLength: 2, placeholder: 'CN' })}
          {f('industry', t('crm.industry'))}
          {f('employees', t('crm.employees'), { inputMode: 'numeric' })}
          {f('estimated_value', t('crm.estimated_value'), { inputMode: 'decimal' })}
          {f('currency', t('common.currency'), { maxLength: 3, placeholder: 'CNY' })}
          <Field label={t('crm.source')} name="source" error={error}>
            <select id="f-source" value={form.source} onChange={set('source')}>
              {LEAD_SOURCES.map((s) => <option key={s} value={s}>{tValue('crm.source', s)}</option>)}
            </select>
          </Field>
        </div>
        <Field label={t('common.notes')} name="notes" error={error}>
          <textarea id="f-notes" value={form.notes} onInput={set('notes')} />
        </Field>
        <FormActions busy={busy} />
      </form>
    </>
  );
}
