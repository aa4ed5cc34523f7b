// An opportunity: amount, probability and weighted amount, its stage with the time spent in
// each (stage history), moving it to another stage (a lost stage asks for the reason), its
// quotes and activities.
import { useState } from 'preact/hooks';
import { api, Page } from '../../api';
import { formatDate, formatDateTime, formatMoney, t, tValue } from '../../i18n';
import { Link, navigate, RouteProps } from '../../router';
import { can } from '../../session';
import { ErrorBanner, Facts, Field, Loading, PageHeader, Section } from '../../ui/components';
import { useAction, useApi } from '../../ui/hooks';
import { PartyLink, Row, StateBadge, Table } from '../sales/shared';

function duration(seconds: number): string {
  if (seconds < 3600) return t('crm.minutes', { n: Math.max(1, Math.round(seconds / 60)) });
  if (seconds < 86400 * 2) return t('crm.hours', { n: Math.round(seconds / 3600) });
  return t('crm.days', { n: Math.round(seconds / 86400) });
}

function StageMove(props: { opp: Row; stages: Row[]; onMoved: (o: Row) => void }) {
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const target = props.stages.find((s) => String(s.id) === to);
  const move = useAction(async () => {
    props.onMoved(await api.post<Row>(`opportunities/${props.opp.id}/stage`, {
      stage_id: Number(to), version: props.opp.version, ...(target?.outcome === 'lost' ? { lost_reason: reason.trim() } : {}) }));
    setTo('');
    setReason('');
  });
  return (
    <div class="filters">
      <ErrorBanner error={move.error} />
      <div class="field"><label for="opp-stage">{t('crm.move_to_stage')}</label>
        <select id="opp-stage" value={to} onChange={(e) => setTo(e.currentTarget.value)}>
          <option value="">—</option>
          {props.stages.filter((s) => s.active && s.id !== props.opp.stage_id).map((s) => (
            <option key={s.id} value={s.id}>{s.name} ({s.probability} %)</option>))}
        </select></div>
      {target?.outcome === 'lost' && <Field label={t('crm.lost_reason')} name="lost_reason" error={move.error}
                                            value={reason} onInput={(e) => setReason(e.currentTarget.value)} />}
      <div class="field"><span>&nbsp;</span>
        <button type="button" class="primary" disabled={!to || move.busy || (target?.outcome === 'lost' && !reason.trim())}
                onClick={() => void move.run()}>{t('crm.move')}</button></div>
    </div>
  );
}

export function OpportunityPage({ params }: RouteProps) {
  const o = useApi<Row>(`opportunities/${params.id}`);
  const history = useApi<{ items: Row[] }>(`opportunities/${params.id}/history`);
  const stages = useApi<Page<Row>>('opportunity-stages', { all: 'true' });
  const partyId = o.data?.party_id;
  const quotes = useApi<Page<Row>>(partyId && can('sales.quote.read') ? 'quotes' : null, { party_id: partyId, limit: 200 });
  const acts = useApi<Page<Row>>(can('crm.activity.read') ? 'activities' : null, { opportunity_id: params.id, limit: 50 });
  if (!o.data) return o.error ? <ErrorBanner error={o.error} /> : <Loading />;
  const x = o.data;
  const linked = (quotes.data?.items ?? []).filter((q) => q.opportunity_id === x.id);
  return (
    <>
      <PageHeader title={x.name} subtitle={<>{x.number} · {x.stage_name} · <StateBadge prefix="crm.opp_status" value={x.status} /></>}>
        {can('sales.quote.create') && x.status === 'open' && (
          <button type="button" onClick={() => navigate(`/quotes/new?party_id=${x.party_id}&opportunity_id=${x.id}`)}>{t('sales.new_quote')}</button>)}
      </PageHeader>
      <div class="kpis">
        <div class="kpi"><span class="muted">{t('common.amount')}</span><span class="value">{formatMoney(x.amount, x.currency)}</span></div>
        <div class="kpi"><span class="muted">{t('crm.probability')}</span><span class="value">{x.probability} %</span></div>
        <div class="kpi"><span class="muted">{t('crm.weighted')}</span><span class="value">{formatMoney(x.weighted_amount, x.currency)}</span></div>
        <div class="kpi"><span class="muted">{t('crm.expected_close')}</span><span class="value">{formatDate(x.expected_close)}</span></div>
      </div>
      {x.lost_reason && <div class="alert warn">{t('crm.lost_reason')}: {x.lost_reason}</div>}
      <Section title={t('crm.stage_history')} id="opp-history">
        {can('crm.opportunity.update') && stages.data && (
          <StageMove opp={x} stages={stages.data.items} onMoved={(n) => { o.setData(n); history.reload(); }} />)}
        <ErrorBanner error={history.error} />
        <Table label={t('crm.stage_history')} testid="stage-history"
          head={[t('crm.stage'), t('crm.entered'), t('crm.left'), t('crm.time_in_stage')]}
          rows={(history.data?.items ?? []).map((h) => [h.stage_name, formatDateTime(h.entered_at),
            h.left_at ? formatDateTime(h.left_at) : '—', duration(h.seconds)])} />
      </Section>
      <div class="grid">
        <Section title={t('common.details')} id="opp-facts">
          <Facts items={[
            [t('common.customer'), <PartyLink id={x.party_id} />], [t('crm.stage'), x.stage_name],
            [t('crm.competitors'), x.competitors || '—'],
            [t('nav.leads'), x.lead_id ? <Link href={`/leads/${x.lead_id}`}>#{x.lead_id}</Link> : '—'],
            [t('nav.campaigns'), x.campaign_id ? <Link href={`/campaigns/${x.campaign_id}`}>#{x.campaign_id}</Link> : '—'],
            [t('common.created'), formatDateTime(x.created_at)], [t('crm.closed_at'), formatDateTime(x.closed_at)],
          ]} />
        </Section>
        <Section title={t('nav.quotes')} id="opp-quotes">
          <Table label={t('nav.quotes')} testid="opp-quotes"
            head={[t('common.number'), t('common.date'), t('common.state'), t('common.total')]}
            rows={linked.map((q) => [<Link href={`/quotes/${q.id}`}>{q.number}</Link>, formatDate(q.date),
              <StateBadge prefix="state" value={q.state} />, formatMoney(q.total, q.currency)])} />
        </Section>
        <Section title={t('nav.agenda')} id="opp-activities">
          <Table label={t('nav.agenda')}
            head={[t('crm.subject'), t('crm.kind'), t('common.due'), t('common.status')]}
            rows={(acts.data?.items ?? []).map((a) => [a.subject, tValue('crm.activity', a.kind), formatDateTime(a.due_at),
              a.done ? t('crm.done') : t('crm.open')])} />
        </Section>
      </div>
    </>
  );
}
