// Create or edit a customer. While the user types, the server is asked for likely duplicates
// (POST /party-duplicates) and they are shown with links; saving a likely duplicate is refused
// by the server (409) until the user confirms it is a different customer.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, newIdempotencyKey } from '../../api';
import { t, tValue } from '../../i18n';
import { Link, navigate, RouteProps } from '../../router';
import { ErrorBanner, Field, FormActions, Loading, PageHeader } from '../../ui/components';
import { useApi, useDebounced } from '../../ui/hooks';

interface PartyForm {
  kind: string; name: string; email: string; phone: string; tax_id: string; website: string;
  credit_limit: string; payment_term_days: string; language: string; notes: string;
  roles: string[]; city: string;
}
interface Candidate { id: number; name: string; reasons: string[]; similarity_pct: number }

const EMPTY: PartyForm = { kind: 'organization', name: '', email: '', phone: '', tax_id: '',
  website: '', credit_limit: '', payment_term_days: '', language: '', notes: '',
  roles: ['customer'], city: '' };

function toBody(f: PartyForm, creating: boolean) {
  const body: Record<string, unknown> = {
    kind: f.kind, name: f.name.trim(), email: f.email.trim() || null, phone: f.phone.trim() || null,
    tax_id: f.tax_id.trim() || null, website: f.website.trim() || null,
    credit_limit: f.credit_limit.trim() || null, language: f.language || null, notes: f.notes,
    roles: f.roles,
    payment_term_days: f.payment_term_days.trim() === '' ? null : Number(f.payment_term_days),
  };
  if (creating && f.city.trim()) body.addresses = [{ kind: 'billing', city: f.city.trim(), line1: '', country: 'CN' }];
  return body;
}

export function CustomerForm({ params }: RouteProps) {
  const editing = params.id !== undefined;
  const existing = useApi<Record<string, unknown>>(editing ? `parties/${params.id}` : null);
  const [form, setForm] = useState<PartyForm>(EMPTY);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [candidates, setCandidates] = useState<Candidate[]>([]);
  const [allowDuplicates, setAllowDuplicates] = useState(false);
  const [key] = useState(newIdempotencyKey);

  useEffect(() => {
    const p = existing.data;
    if (!p) return;
    const s = (k: string) => (p[k] === null || p[k] === undefined ? '' : String(p[k]));
    setForm({ ...EMPTY, kind: s('kind'), name: s('name'), email: s('email'), phone: s('phone'),
      tax_id: s('tax_id'), website: s('website'), credit_limit: s('credit_limit'),
      payment_term_days: s('payment_term_days'), language: s('language'), notes: s('notes'),
      roles: (p.roles as string[]) ?? [] });
  }, [existing.data]);

  const probe = useDebounced(JSON.stringify([form.name, form.email, form.phone, form.tax_id, form.city]), 400);
  useEffect(() => {
    if (!form.name.trim() && !form.email.trim() && !form.phone.trim() && !form.tax_id.trim()) {
      setCandidates([]);
      return;
    }
    const body: Record<string, unknown> = {};
    for (const k of ['name', 'email', 'phone', 'tax_id', 'city'] as const) if (form[k].trim()) body[k] = form[k].trim();
    if (editing) body.exclude_id = Number(params.id);
    api.post<{ candidates: Candidate[] }>('party-duplicates', body)
      .then((r) => setCandidates(r.candidates)).catch(() => undefined);
  }, [probe]);

  const set = (k: keyof PartyForm) => (e: Event) =>
    setForm({ ...form, [k]: (e.currentTarget as HTMLInputElement).value });
  const toggleRole = (role: string) => setForm({ ...form,
    roles: form.roles.includes(role) ? form.roles.filter((r) => r !== role) : [...form.roles, role] });

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = { ...toBody(form, !editing), allow_duplicates: allowDuplicates || undefined };
      const saved = editing
        ? await api.patch<{ id: number }>(`parties/${params.id}`, body, { ifMatch: Number(existing.data?.version) })
        : await api.post<{ id: number }>('parties', body, { idempotencyKey: allowDuplicates ? undefined : key });
      navigate(`/customers/${saved.id}`);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'party.possible_duplicates') {
        setCandidates((err.body.candidates as Candidate[]) ?? []);
      }
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  if (editing && !existing.data) return existing.error ? <ErrorBanner error={existing.error} /> : <Loading />;
  return (
    <>
      <PageHeader title={editing ? t('cust.edit') : t('cust.new')} />
      <form class="card" onSubmit={submit} noValidate>
        <ErrorBanner error={error} onReload={() => { setError(null); existing.reload(); }} />
        {candidates.length > 0 && (
          <div class="alert warn" role="status" data-testid="duplicates">
            <strong>{t('cust.duplicates_title')}</strong>
            <ul>{candidates.map((c) => (
              <li key={c.id}><Link href={`/customers/${c.id}`}>{c.name}</Link>{' '}
                <span class="muted">({c.reasons.map((r) => tValue('dup', r)).join(', ')}
                  {c.similarity_pct ? ` · ${c.similarity_pct} %` : ''})</span></li>))}</ul>
            <label><input type="checkbox" checked={allowDuplicates}
                          onChange={(e) => setAllowDuplicates(e.currentTarget.checked)} />
              {' '}{t('cust.not_a_duplicate')}</label>
          </div>
        )}
        <div class="form-grid">
          <Field label={t('cust.kind')} name="kind" error={error}>
            <select id="f-kind" value={form.kind} onChange={set('kind')}>
              <option value="organization">{tValue('kind', 'organization')}</option>
              <option value="person">{tValue('kind', 'person')}</option>
            </select>
          </Field>
          <Field label={t('common.name')} name="name" error={error} value={form.name} onInput={set('name')} required />
          <Field label={t('common.email')} name="email" type="email" error={error} value={form.email} onInput={set('email')} />
          <Field label={t('common.phone')} name="phone" type="tel" error={error} value={form.phone} onInput={set('phone')} />
          <Field label={t('cust.tax_id')} name="tax_id" error={error} value={form.tax_id} onInput={set('tax_id')} />
          <Field label={t('cust.website')} name="website" error={error} value={form.website} onInput={set('website')} />
          {!editing && <Field label={t('cust.city')} name="addresses" error={error} value={form.city} onInput={set('city')} />}
          <Field label={t('cust.credit_limit')} name="credit_limit" inputMode="decimal" error={error}
                 value={form.credit_limit} onInput={set('credit_limit')} />
          <Field label={t('cust.payment_term_days')} name="payment_term_days" inputMode="numeric" error={error}
                 value={form.payment_term_days} onInput={set('payment_term_days')} />
          <Field label={t('lang.label')} name="language" error={error}>
            <select id="f-language" value={form.language} onChange={set('language')}>
              <option value="">—</option><option value="en">English</option><option value="zh-CN">简体中文</option>
            </select>
          </Field>
        </div>
        <fieldset class="field"><legend>{t('cust.role')}</legend>
          {['customer', 'prospect', 'supplier'].map((r) => (
            <label key={r} class="inline"><input type="checkbox" checked={form.roles.includes(r)}
                   onChange={() => toggleRole(r)} /> {tValue('role', r)} </label>))}
        </fieldset>
        <Field label={t('common.notes')} name="notes" error={error}>
          <textarea id="f-notes" value={form.notes} onInput={set('notes')} />
        </Field>
        <FormActions busy={busy} />
      </form>
    </>
  );
}
