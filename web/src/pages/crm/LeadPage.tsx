// A lead: its details and score, status changes (contacted, qualified, disqualified with a
// reason) and the conversion into a customer (new or existing), a contact and an opportunity.
import { useState } from 'preact/hooks';
import { api, ApiError } from '../../api';
import { formatDate, formatDateTime, formatMoney, t, tValue } from '../../i18n';
import { Link, navigate, RouteProps } from '../../router';
import { can } from '../../session';
import { Dialog, ErrorBanner, Facts, Field, Loading, PageHeader, Section } from '../../ui/components';
import { fieldErrorText, unplacedFieldErrors } from '../../ui/errors';
import { useAction, useApi } from '../../ui/hooks';
import { PartyLink, Picker, Row, StateBadge, Table } from '../sales/shared';

function ConvertDialog(props: { lead: Row; open: boolean; onClose: () => void; onDone: (l: Row) => void }) {
  const l = props.lead;
  const [existing, setExisting] = useState<Row | null>(null);
  const [mode, setMode] = useState<'new' | 'existing'>('new');
  const [contact, setContact] = useState(true);
  const [withOpp, setWithOpp] = useState(can('crm.opportunity.create'));
  const [opp, setOpp] = useState({ name: l.title ?? '', amount: l.estimated_value ?? '', expected_close: '' });
  const [allowDup, setAllowDup] = useState(false);
  const convert = useAction(async () => {
    const body: Row = { contact, version: l.version };
    if (mode === 'existing') body.party_id = existing?.id;
    if (mode === 'new' && allowDup) body.allow_duplicates = true;
    if (withOpp) {
      body.opportunity = { name: opp.name };
      if (opp.amount) body.opportunity.amount = opp.amount;
      if (opp.expected_close) body.opportunity.expected_close = opp.expected_close;
    }
    props.onDone(await api.post<Row>(`leads/${l.id}/convert`, body));
  });
  const dup = convert.error instanceof ApiError && convert.error.code === 'party.possible_duplicates'
    ? (convert.error.body.candidates as Row[]) ?? [] : [];
  const extra = unplacedFieldErrors(convert.error, ['party_id', 'opportunity']);
  return (
    <Dialog title={t('crm.convert_lead')} open={props.open} onClose={props.onClose}>
      <ErrorBanner error={dup.length ? null : convert.error} />
      {extra.length > 0 && <div class="alert error" role="alert">{extra.join('\n')}</div>}
      <fieldset class="field"><legend>{t('common.customer')}</legend>
        <label class="block"><input type="radio" name="cmode" checked={mode === 'new'} onChange={() => setMode('new')} />
          {' '}{t('crm.new_customer_from_lead', { name: l.company_name ?? l.contact_name ?? l.title })}</label>
        <label class="block"><input type="radio" name="cmode" checked={mode === 'existing'} onChange={() => setMode('existing')} />
          {' '}{t('crm.existing_customer')}</label>
      </fieldset>
      {mode === 'existing' && <Picker id="convert-party" label={t('common.customer')} path="parties" value={existing}
                                      show={(r) => r.name} onPick={setExisting} error={fieldErrorText(convert.error, 'party_id')} />}
      {dup.length > 0 && (
        <div class="alert warn" role="status" data-testid="duplicates">
          <strong>{t('cust.duplicates_title')}</strong>
          <ul>{dup.map((c) => (
            <li key={c.id}><button type="button" class="link" onClick={() => { setMode('existing'); setExisting(c); }}>
              {t('crm.use_customer', { name: c.name })}</button></li>))}</ul>
          <label><input type="checkbox" checked={allowDup} onChange={(e) => setAllowDup(e.currentTarget.checked)} />
            {' '}{t('cust.not_a_duplicate')}</label>
        </div>
      )}
      <label class="block"><input type="checkbox" checked={contact} onChange={(e) => setContact(e.currentTarget.checked)} />
        {' '}{t('crm.create_contact')}</label>
      {can('crm.opportunity.create') && (
        <label class="block"><input type="checkbox" checked={withOpp} onChange={(e) => setWithOpp(e.currentTarget.checked)} />
          {' '}{t('crm.create_opportunity')}</label>)}
      {withOpp && (
        <div class="form-grid">
          <Field label={t('common.name')} name="opportunity.name" error={convert.error} value={opp.name}
                 onInput={(e) => setOpp({ ...opp, name: e.currentTarget.value })} />
          <Field label={t('common.amount')} name="opportunity.amount" error={convert.error} value={opp.amount} inputMode="decimal"
                 onInput={(e) => setOpp({ ...opp, amount: e.currentTarget.value })} />
          <Field label={t('crm.expected_close')} name="opportunity.expected_close" error={convert.error} type="date"
                 value={opp.expected_close} onInput={(e) => setOpp({ ...opp, expected_close: e.currentTarget.value })} />
        </div>
      )}
      <div class="toolbar">
        <button type="button" class="primary" disabled={convert.busy || (mode === 'existing' && !existing)}
                onClick={() => void convert.run()}>{t('crm.convert')}</button>
        <button type="button" onClick={props.onClose}>{t('action.cancel')}</button>
      </div>
    </Dialog>
  );
}

function DisqualifyDialog(props: { open: boolean; busy: boolean; onClose: () => void; onSubmit: (reason: string) => void }) {
  const [reason, setReason] = useState('');
  return (
    <Dialog title={t('crm.disqualify')} open={props.open} onClose={props.onClose}>
      <Field label={t('crm.reason')} name="reason" value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      <div class="toolbar">
        <button type="button" class="danger" disabled={!reason.trim() || props.busy} onClick={() => props.onSubmit(reason.trim())}>
          {t('crm.disqualify')}</button>
        <button type="button" onClick={props.onClose}>{t('action.cancel')}</button>
      </div>
    </Dialog>
  );
}

export function LeadPage({ params }: RouteProps) {
  const lead = useApi<Row>(`leads/${params.id}`);
  const [dialog, setDialog] = useState<'' | 'convert' | 'disqualify'>('');
  const status = useAction(async (to: string, reason?: string) => {
    lead.setData(await api.post<Row>(`leads/${params.id}/status`, { status: to, reason, version: lead.data?.version }));
    setDialog('');
  });
  if (!lead.data) return lead.error ? <ErrorBanner error={lead.error} /> : <Loading />;
  const l = lead.data;
  const update = can('crm.lead.update');
  const open = !['converted', 'disqualified'].includes(l.status);
  return (
    <>
      <PageHeader title={l.title} subtitle={<>{l.number} · <StateBadge prefix="crm.lead_status" value={l.status} /></>}>
        {update && open && l.status !== 'contacted' && l.status !== 'qualified' &&
          <button type="button" disabled={status.busy} onClick={() => void status.run('contacted')}>{t('crm.mark_contacted')}</button>}
        {update && open && l.status !== 'qualified' &&
          <button type="button" disabled={status.busy} onClick={() => void status.run('qualified')}>{t('crm.qualify')}</button>}
        {update && open && <button type="button" class="primary" onClick={() => setDialog('convert')}>{t('crm.convert')}</button>}
        {update && open && <button type="button" class="danger" onClick={() => setDialog('disqualify')}>{t('crm.disqualify')}</button>}
        {update && <button type="button" onClick={() => navigate(`/leads/${l.id}/edit`)}>{t('action.edit')}</button>}
      </PageHeader>
      <ErrorBanner error={status.error} onReload={() => { status.setError(null); lead.reload(); }} />
      {dialog === 'convert' && <ConvertDialog lead={l} open onClose={() => setDialog('')}
                                              onDone={(x) => { lead.setData(x); setDialog(''); }} />}
      <DisqualifyDialog open={dialog === 'disqualify'} busy={status.busy} onClose={() => setDialog('')}
                        onSubmit={(r) => void status.run('disqualified', r)} />
      {l.status === 'converted' && (
        <div class="alert ok" role="status">{t('crm.converted_to')}{' '}<PartyLink id={l.party_id} />
          {l.opportunity_id && <> · <Link href={`/opportunities/${l.opportunity_id}`}>{t('crm.open_opportunity')}</Link></>}</div>)}
      {l.status === 'disqualified' && l.disqualify_reason && <div class="alert warn">{t('crm.reason')}: {l.disqualify_reason}</div>}
      <div class="grid">
        <Section title={t('common.details')} id="lead-facts">
          <Facts items={[
            [t('crm.company'), l.company_name], [t('crm.contact'), l.contact_name], [t('common.email'), l.email],
            [t('common.phone'), l.phone], [t('crm.city'), [l.city, l.country].filter(Boolean).join(', ') || '—'],
            [t('crm.industry'), l.industry], [t('crm.employees'), l.employees],
            [t('crm.estimated_value'), l.estimated_value ? formatMoney(l.estimated_value, l.currency ?? undefined) : '—'],
            [t('crm.source'), tValue('crm.source', l.source)],
            [t('nav.campaigns'), l.campaign_id ? <Link href={`/campaigns/${l.campaign_id}`}>#{l.campaign_id}</Link> : '—'],
            [t('common.created'), formatDateTime(l.created_at)], [t('crm.converted_at'), formatDate(l.converted_at)],
            [t('common.notes'), l.notes || '—'],
          ]} />
        </Section>
        <Section title={t('crm.score_title', { score: l.score })} id="lead-score">
          <Table label={t('crm.score')} numeric={[2]} head={[t('crm.signal'), t('crm.group'), t('crm.points')]}
            rows={((l.score_detail ?? []) as Row[]).map((s) => [s.label || `${s.field} ${s.op}${s.value !== undefined ? ` ${s.value}` : ''}`,
              tValue('crm.score_group', s.group), s.points])} />
        </Section>
      </div>
    </>
  );
}
