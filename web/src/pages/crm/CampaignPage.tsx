// A campaign: its plan, response tracking (members by status, response and conversion rates,
// cost per response, revenue and ROI), its members, and activate / complete / cancel.
import { api } from '../../api';
import { formatDate, formatDateTime, formatMoney, formatNumber, t, tValue } from '../../i18n';
import { RouteProps, setQuery } from '../../router';
import { can } from '../../session';
import { DataTable } from '../../ui/DataTable';
import { ErrorBanner, Facts, Loading, PageHeader, Section } from '../../ui/components';
import { useAction, useApi } from '../../ui/hooks';
import { PartyLink, Row, StateBadge, useReloadOn } from '../sales/shared';

const MEMBER_STATUSES = ['targeted', 'sent', 'responded', 'converted'];

function pct(v: string | null | undefined): string {
  return v === null || v === undefined ? '—' : `${formatNumber(Number(v), 1)} %`;
}

function Stats(props: { id: string; version: number }) {
  const s = useApi<Row>(`campaigns/${props.id}/stats`);
  useReloadOn(s, props.version);
  if (!s.data) return s.error ? <ErrorBanner error={s.error} /> : <Loading />;
  const x = s.data;
  return (
    <div class="kpis" data-testid="campaign-stats">
      <div class="kpi"><span class="muted">{t('crm.members')}</span><span class="value">{x.members}</span>
        <span class="muted">{MEMBER_STATUSES.map((m) => `${tValue('crm.member', m)} ${x.by_status?.[m] ?? 0}`).join(' · ')}</span></div>
      <div class="kpi"><span class="muted">{t('crm.response_rate')}</span><span class="value">{pct(x.response_rate)}</span></div>
      <div class="kpi"><span class="muted">{t('crm.conversion_rate')}</span><span class="value">{pct(x.conversion_rate)}</span></div>
      <div class="kpi"><span class="muted">{t('crm.cost_per_response')}</span><span class="value">{formatMoney(x.cost_per_response, x.currency)}</span></div>
      <div class="kpi"><span class="muted">{t('crm.revenue')}</span><span class="value">{formatMoney(x.revenue, x.currency)}</span>
        <span class="muted">{t('crm.roi')}: {pct(x.roi)}</span></div>
    </div>
  );
}

export function CampaignPage({ params, query }: RouteProps) {
  const c = useApi<Row>(`campaigns/${params.id}`);
  const verb = useAction(async (name: string) => {
    c.setData(await api.post<Row>(`campaigns/${params.id}/${name}`, {}, { ifMatch: c.data?.version }));
  });
  if (!c.data) return c.error ? <ErrorBanner error={c.error} /> : <Loading />;
  const x = c.data;
  const update = can('crm.campaign.update');
  const member = query.get('member') ?? '';
  return (
    <>
      <PageHeader title={x.name} subtitle={<>{tValue('crm.channel', x.channel)} · <StateBadge prefix="crm.campaign_status" value={x.status} /></>}>
        {update && x.status === 'planned' && <button type="button" class="primary" disabled={verb.busy} onClick={() => void verb.run('activate')}>{t('crm.activate')}</button>}
        {update && x.status === 'active' && <button type="button" class="primary" disabled={verb.busy} onClick={() => void verb.run('complete')}>{t('crm.complete')}</button>}
        {update && (x.status === 'planned' || x.status === 'active') &&
          <button type="button" class="danger" disabled={verb.busy} onClick={() => void verb.run('cancel')}>{t('action.cancel')}</button>}
      </PageHeader>
      <ErrorBanner error={verb.error} onReload={() => { verb.setError(null); c.reload(); }} />
      <Stats id={params.id} version={x.version} />
      <Section title={t('common.details')} id="campaign-facts">
        <Facts items={[[t('crm.period'), `${formatDate(x.starts_on)} – ${formatDate(x.ends_on)}`],
          [t('crm.budget'), formatMoney(x.budget, x.currency)], [t('crm.description'), x.description || '—'],
          [t('common.created'), formatDateTime(x.created_at)]]} />
      </Section>
      <Section title={t('crm.members')} id="campaign-members" actions={
        <select aria-label={t('crm.member_status')} value={member} onChange={(e) => setQuery({ member: e.currentTarget.value })}>
          <option value="">{t('common.all')}</option>
          {MEMBER_STATUSES.map((m) => <option key={m} value={m}>{tValue('crm.member', m)}</option>)}
        </select>}>
        <DataTable<Row> path={`campaigns/${params.id}/members`} query={{ status: member }} label={t('crm.members')}
          columns={[
            { key: 'party', label: t('common.customer'), render: (m) => <PartyLink id={m.party_id} /> },
            { key: 'status', label: t('common.status'), render: (m) => <StateBadge prefix="crm.member" value={m.status} /> },
            { key: 'sent_at', label: t('crm.sent_at'), render: (m) => formatDateTime(m.sent_at) },
            { key: 'responded_at', label: t('crm.responded_at'), render: (m) => formatDateTime(m.responded_at) },
            { key: 'converted_at', label: t('crm.converted_at'), render: (m) => formatDateTime(m.converted_at) },
          ]} />
      </Section>
    </>
  );
}
