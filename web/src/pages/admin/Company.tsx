// Company settings (name, currency, time zone, second factor for administrators), and the
// simple settings of sales (discount approval threshold, quote validity, invoice policy) and
// accounting (tax rounding). Each section saves with its version (412 when stale).
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { t, tValue } from '../../i18n';
import type { MessageKey } from '../../i18n';
import { can, loadSession } from '../../session';
import { ErrorBanner, Field, Loading, PageHeader, Section } from '../../ui/components';
import { useAction, useApi } from '../../ui/hooks';
import { Row } from '../accounting/parts';

interface Spec {
  name: string;
  label: MessageKey;
  kind: 'text' | 'number' | 'bool' | 'select';
  options?: string[];
  prefix?: string;        // tValue prefix of the options
  hint?: MessageKey;
  readOnly?: boolean;
}

function SettingsForm(props: { id: string; title: string; path: string; read: string; update: string; specs: Spec[];
                              after?: () => void }) {
  const r = useApi<Row>(can(props.read) ? props.path : null);
  const [f, setF] = useState<Row>({});
  const [saved, setSaved] = useState(false);
  useEffect(() => { if (r.data) setF(r.data); }, [r.data]);
  const editable = can(props.update);
  const save = useAction(async () => {
    const body: Row = {};
    for (const s of props.specs) {
      if (s.readOnly) continue;
      const v = f[s.name];
      body[s.name] = s.kind === 'number' ? (v === '' || v === null || v === undefined ? null : Number(v)) : v;
    }
    const out = await api.patch<Row>(props.path, body, { ifMatch: r.data?.version });
    r.setData(out);
    setSaved(true);
    props.after?.();
  });
  if (!can(props.read)) return null;
  return (
    <Section title={props.title} id={props.id}>
      {!r.data ? (r.error ? <ErrorBanner error={r.error} /> : <Loading />) : (
        <form noValidate onSubmit={(e) => { e.preventDefault(); setSaved(false); void save.run(); }}>
          <ErrorBanner error={save.error} onReload={() => { save.setError(null); r.reload(); }} />
          {saved && <div class="alert ok" role="status">{t('adm.saved')}</div>}
          {props.specs.map((s) => {
            const disabled = !editable || s.readOnly;
            const hint = s.hint ? t(s.hint) : undefined;
            if (s.kind === 'bool') {
              return (
                <div class="field" key={s.name}>
                  <label class="inline"><input type="checkbox" name={s.name} checked={Boolean(f[s.name])} disabled={disabled}
                         onChange={(e) => setF({ ...f, [s.name]: e.currentTarget.checked })} /> {t(s.label)}</label>
                  {hint && <small class="muted">{hint}</small>}
                </div>);
            }
            if (s.kind === 'select') {
              return (
                <Field key={s.name} label={t(s.label)} name={s.name} error={save.error} hint={hint}>
                  <select id={`f-${s.name}`} value={String(f[s.name] ?? '')} disabled={disabled}
                          onChange={(e) => setF({ ...f, [s.name]: e.currentTarget.value })}>
                    {(s.options ?? []).map((o) => <option key={o} value={o}>{tValue(s.prefix ?? 'adm.opt', o)}</option>)}
                  </select>
                </Field>);
            }
            return <Field key={s.name} label={t(s.label)} name={s.name} error={save.error} hint={hint} disabled={disabled}
                          inputMode={s.kind === 'number' ? 'decimal' : undefined} value={String(f[s.name] ?? '')}
                          onInput={(e) => setF({ ...f, [s.name]: e.currentTarget.value })} />;
          })}
          {editable && <button type="submit" class="primary" disabled={save.busy}>{save.busy ? t('action.saving') : t('action.save')}</button>}
        </form>
      )}
    </Section>
  );
}

export function CompanySettings() {
  return (
    <>
      <PageHeader title={t('nav.company')} />
      <div class="grid">
        <SettingsForm id="company" title={t('adm.company')} path="company" read="security.company.read"
          update="security.company.update" after={() => void loadSession()} specs={[
            { name: 'name', label: 'common.name', kind: 'text' },
            { name: 'currency', label: 'common.currency', kind: 'text', hint: 'adm.currency_hint' },
            { name: 'time_zone', label: 'adm.time_zone', kind: 'text', hint: 'adm.time_zone_hint' },
            { name: 'require_totp_for_admins', label: 'adm.require_totp', kind: 'bool', hint: 'adm.require_totp_hint' },
          ]} />
        <div>
          <SettingsForm id="sales-settings" title={t('adm.sales_settings')} path="sales-settings" read="sales.settings.read"
            update="sales.settings.update" specs={[
              { name: 'discount_approval_percent', label: 'adm.discount_threshold', kind: 'text', hint: 'adm.discount_threshold_hint' },
              { name: 'quote_validity_days', label: 'adm.quote_validity', kind: 'number' },
              { name: 'invoice_policy', label: 'adm.invoice_policy', kind: 'select', options: ['delivered', 'ordered'], prefix: 'adm.policy' },
            ]} />
          <SettingsForm id="accounting-settings" title={t('adm.accounting_settings')} path="accounting-settings"
            read="accounting.tax.read" update="accounting.tax.update" specs={[
              { name: 'chart_template', label: 'adm.chart_template', kind: 'text', readOnly: true },
              { name: 'tax_rounding', label: 'adm.tax_rounding', kind: 'select', options: ['line', 'document'], prefix: 'adm.rounding' },
            ]} />
        </div>
      </div>
    </>
  );
}
