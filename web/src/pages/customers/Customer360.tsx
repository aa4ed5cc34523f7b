// The customer's 360° page: everything GET /parties/{id}/overview returns — profile, contacts,
// addresses, lifecycle, consents, activities, leads, opportunities, quotes, orders, revenue and
// margin, tickets — plus deliveries, invoices, credit and receivables ageing from their own
// endpoints. Every row links to its document.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { api, Page } from '../../api';
import { formatDate, formatDateTime, formatMoney, t, tValue } from '../../i18n';
import { Link, navigate, RouteProps } from '../../router';
import { can } from '../../session';
import { Badge, Dialog, ErrorBanner, Facts, Field, Loading, PageHeader, Section } from '../../ui/components';
import { useAction, useApi } from '../../ui/hooks';

type Row = Record<string, any>;  // overview rows are shown field by field

interface Overview {
  profile: Row;
  addresses: Row[];
  contacts: Row[];
  consents: Row[];
  lifecycle: Row;
  merged_from: Row[];
  restricted: string[];
  sections: {
    activities?: { due: Row[]; recent: Row[] };
    campaigns?: Row[];
    leads?: Row[];
    opportunities?: Row[];
    orders?: { items: Row[] };
    quotes?: { items: Row[] };
    revenue?: Row;
    tickets?: { items: Row[]; open: number; breached: number; total: number };
  };
}

const SHOWN = 10;

/** A small table of a section; at most SHOWN rows, the rest behind `more` (the full list). */
function Table(props: { label: string; head: string[]; rows: ComponentChildren[][]; testid?: string;
                        more?: string }) {
  if (props.rows.length === 0) return <p class="muted">{t('list.empty')}</p>;
  const rows = props.rows.slice(0, SHOWN);
  return (
    <div class="table-wrap">
      <table class="data" aria-label={props.label} data-testid={props.testid}>
        <thead><tr>{props.head.map((h) => <th key={h} scope="col">{h}</th>)}</tr></thead>
        <tbody>{rows.map((r, i) => <tr key={i}>{r.map((c, j) => <td key={j}>{c}</td>)}</tr>)}</tbody>
      </table>
      {props.rows.length > SHOWN && (props.more
        ? <Link href={props.more}>{t('cust.show_all', { n: props.rows.length })}</Link>
        : <p class="muted">{t('cust.more_rows', { n: props.rows.length - SHOWN })}</p>)}
    </div>
  );
}

function Documents(props: { id: string; title: string; rows: Row[] | undefined; base: string;
                            partyId: number }) {
  return (
    <Section title={props.title} id={props.id}>
      <Table label={props.title} more={`${props.base}?party_id=${props.partyId}`}
        head={[t('common.number'), t('common.date'), t('common.state'), t('common.total')]}
        rows={(props.rows ?? []).map((d) => [
          <Link href={`${props.base}/${d.id}`}>{d.number}</Link>, formatDate(d.date),
          <Badge prefix="state" value={d.state} />, formatMoney(d.total, d.currency)])} />
    </Section>
  );
}

function Receivables(props: { partyId: number }) {
  const ageing = useApi<{ currency: string; parties: Row[] }>(can('accounting.report.read') ? 'reports/ageing' : null,
                                                              { kind: 'receivable' });
  const credit = useApi<Row>(`parties/${props.partyId}/credit`);
  const mine = ageing.data?.parties.find((p) => p.party_id === props.partyId);
  const cur = ageing.data?.currency;
  return (
    <Section title={t('cust.receivables')} id="receivables">
      <ErrorBanner error={credit.error} />
      {credit.data && <Facts items={[
        [t('cust.open_receivable'), formatMoney(credit.data.open_receivable, credit.data.currency)],
        [t('cust.customer_credit'), formatMoney(credit.data.credit, credit.data.currency)],
      ]} />}
      {mine && <Table label={t('dash.ageing')} head={['current', 'days_1_30', 'days_31_60', 'days_61_90', 'over_90']
          .map((b) => t(`ageing.${b}` as 'ageing.current'))}
        rows={[['current', 'days_1_30', 'days_31_60', 'days_61_90', 'over_90'].map((b) => formatMoney(mine[b], cur))]} />}
    </Section>
  );
}

function MergeDialog(props: { survivor: Row; onDone: () => void; onClose: () => void; open: boolean }) {
  const [other, setOther] = useState('');
  const merge = useAction(async () => {
    await api.post(`parties/${props.survivor.id}/merge`, { merge_id: Number(other) },
                   { ifMatch: props.survivor.version });
    props.onDone();
  });
  return (
    <Dialog title={t('cust.merge')} open={props.open} onClose={props.onClose}>
      <p>{t('cust.merge_hint', { name: props.survivor.name })}</p>
      <ErrorBanner error={merge.error} onReload={props.onDone} />
      <Field label={t('cust.merge_id')} name="merge_id" error={merge.error} inputMode="numeric"
             value={other} onInput={(e) => setOther(e.currentTarget.value)} />
      <div class="toolbar">
        <button type="button" class="danger" disabled={!other || merge.busy} onClick={() => void merge.run()}>
          {t('cust.merge')}</button>
        <button type="button" onClick={props.onClose}>{t('action.cancel')}</button>
      </div>
    </Dialog>
  );
}

export function Customer360({ params }: RouteProps) {
  const id = Number(params.id);
  const o = useApi<Overview>(`parties/${id}/overview`);
  const invoices = useApi<Page<Row>>(can('invoicing.invoice.read') ? 'invoices' : null, { party_id: id, limit: 20 });
  const deliveries = useApi<Page<Row>>(can('inventory.transfer.read') ? 'transfers' : null, { party_id: id, limit: 20 });
  const [merging, setMerging] = useState(false);
  if (!o.data) return o.error ? <ErrorBanner error={o.error} /> : <Loading />;
  const { profile: p, sections: s } = o.data;
  const rev = s.revenue;
  return (
    <>
      <PageHeader title={p.name} subtitle={<>
        <Badge prefix="lifecycle" value={p.lifecycle} /> {p.roles?.map((r: string) => tValue('role', r)).join(', ')}</>}>
        {can('party.party.update') && <button type="button" onClick={() => navigate(`/customers/${id}/edit`)}>{t('action.edit')}</button>}
        {can('sales.quote.create') && <button type="button" onClick={() => navigate(`/quotes/new?party_id=${id}`)}>{t('cust.new_quote')}</button>}
        {can('service.ticket.create') && <button type="button" onClick={() => navigate(`/tickets/new?party_id=${id}`)}>{t('cust.new_ticket')}</button>}
        {can('party.merge.create') && <button type="button" onClick={() => setMerging(true)}>{t('cust.merge')}</button>}
        <Link href={`/audit?entity=party&id=${id}`}>{t('nav.audit')}</Link>
      </PageHeader>
      <MergeDialog survivor={p} open={merging} onClose={() => setMerging(false)}
                   onDone={() => { setMerging(false); o.reload(); }} />
      {rev && (
        <div class="kpis" data-testid="revenue">
          <div class="kpi"><span class="muted">{t('cust.lifetime_revenue')}</span><span class="value">{formatMoney(rev.revenue, rev.currency)}</span></div>
          <div class="kpi"><span class="muted">{t('dash.margin')}</span><span class="value">{formatMoney(rev.margin, rev.currency)}</span></div>
          <div class="kpi"><span class="muted">{t('cust.purchases')}</span><span class="value">{o.data.lifecycle?.purchases ?? 0}</span></div>
          <div class="kpi"><span class="muted">{t('cust.last_sale')}</span><span class="value">{formatDate(rev.last_sale)}</span></div>
        </div>
      )}
      <div class="grid">
        <Section title={t('common.details')} id="profile">
          <Facts items={[
            [t('common.email'), p.email], [t('common.phone'), p.phone], [t('cust.tax_id'), p.tax_id],
            [t('cust.credit_limit'), p.credit_limit ? formatMoney(p.credit_limit, p.currency) : '—'],
            [t('cust.payment_term_days'), p.payment_term_days ?? '—'],
            [t('cust.tags'), (p.tags ?? []).join(', ') || '—'],
            [t('cust.addresses'), o.data.addresses.map((a) => [a.line1, a.city, a.country].filter(Boolean).join(', ')).join(' · ') || '—'],
            [t('cust.first_purchase'), formatDate(o.data.lifecycle?.first_purchase)],
          ]} />
        </Section>
        <Section title={t('cust.contacts')} id="contacts">
          <Table label={t('cust.contacts')} head={[t('common.name'), t('cust.job_title'), t('common.email'), t('common.phone')]}
            rows={o.data.contacts.map((c) => [c.name, c.job_title ?? '', c.email ?? '', c.phone ?? c.mobile ?? ''])} />
        </Section>
        <Receivables partyId={id} />
        <Section title={t('nav.tickets')} id="tickets">
          {s.tickets && <p class="muted">{t('cust.tickets_summary', { open: s.tickets.open, breached: s.tickets.breached, total: s.tickets.total })}</p>}
          <Table label={t('nav.tickets')} head={[t('common.number'), t('cust.subject'), t('common.status'), t('common.due')]}
            rows={(s.tickets?.items ?? []).map((k) => [<Link href={`/tickets/${k.id}`}>{k.number ?? `#${k.id}`}</Link>,
              k.subject ?? '', <Badge prefix="ticket" value={k.status} />, formatDateTime(k.resolution_due_at)])} />
        </Section>
      </div>
      <div class="grid wide">
        <Documents id="quotes" title={t('nav.quotes')} rows={s.quotes?.items} base="/quotes" partyId={id} />
        <Documents id="orders" title={t('nav.orders')} rows={s.orders?.items} base="/orders" partyId={id} />
        <Section title={t('nav.invoices')} id="invoices">
          <ErrorBanner error={invoices.error} />
          <Table label={t('nav.invoices')} testid="invoices" more={`/invoices?party_id=${id}`}
            head={[t('common.number'), t('common.date'), t('common.state'), t('common.total'), t('cust.residual')]}
            rows={(invoices.data?.items ?? []).map((d) => [<Link href={`/invoices/${d.id}`}>{d.number ?? `#${d.id}`}</Link>,
              formatDate(d.date), <Badge prefix="state" value={d.state} />, formatMoney(d.total, d.currency),
              formatMoney(d.residual, d.currency)])} />
        </Section>
        <Section title={t('cust.deliveries')} id="deliveries">
          <ErrorBanner error={deliveries.error} />
          <Table label={t('cust.deliveries')} more={`/transfers?party_id=${id}`} head={[t('common.number'), t('common.date'), t('cust.kind'), t('common.state'), t('cust.origin')]}
            rows={(deliveries.data?.items ?? []).map((d) => [<Link href={`/transfers/${d.id}`}>{d.number}</Link>,
              formatDate(d.date), tValue('transfer', d.kind), <Badge prefix="state" value={d.state} />, d.origin_ref ?? ''])} />
        </Section>
      </div>
      <div class="grid">
        <Section title={t('nav.pipeline')} id="opportunities">
          <Table label={t('nav.pipeline')} head={[t('common.name'), t('cust.stage'), t('common.amount'), t('cust.expected_close')]}
            rows={(s.opportunities ?? []).map((x) => [<Link href={`/opportunities/${x.id}`}>{x.name}</Link>, x.stage,
              formatMoney(x.amount, x.currency), formatDate(x.expected_close)])} />
        </Section>
        <Section title={t('nav.agenda')} id="activities">
          <Table label={t('nav.agenda')} head={[t('cust.subject'), t('cust.kind'), t('common.due'), t('common.status')]}
            rows={[...(s.activities?.due ?? []), ...(s.activities?.recent ?? [])].map((a) => [a.subject,
              tValue('activity', a.kind), formatDateTime(a.due_at), a.done_at ? t('cust.done') : t('cust.open')])} />
        </Section>
        <Section title={t('nav.leads')} id="leads">
          <Table label={t('nav.leads')} head={[t('common.name'), t('common.status')]}
            rows={(s.leads ?? []).map((l) => [<Link href={`/leads/${l.id}`}>{l.title ?? l.name ?? `#${l.id}`}</Link>, tValue('lead', l.status)])} />
        </Section>
        <Section title={t('nav.campaigns')} id="campaigns">
          <Table label={t('nav.campaigns')} head={[t('common.name'), t('common.status')]}
            rows={(s.campaigns ?? []).map((c) => [<Link href={`/campaigns/${c.campaign_id ?? c.id}`}>{c.name ?? `#${c.id}`}</Link>, tValue('member', c.status)])} />
        </Section>
        <Section title={t('cust.consents')} id="consents">
          <Table label={t('cust.consents')} head={[t('cust.purpose'), t('cust.granted'), t('common.date')]}
            rows={o.data.consents.map((c) => [tValue('purpose', c.purpose), c.granted ? t('common.yes') : t('common.no'),
              formatDateTime(c.recorded_at ?? c.created_at)])} />
        </Section>
      </div>
      {o.data.merged_from.length > 0 && <p class="muted">{t('cust.merged_from')}: {o.data.merged_from.map((m) => m.name).join(', ')}</p>}
    </>
  );
}
