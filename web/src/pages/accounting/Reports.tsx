// The financial reports: the index page, the trial balance and the general ledger of one
// account (running balance, paged by the server). Dates and filters live in the address bar.
import { useEffect, useState } from 'preact/hooks';
import { api, Page } from '../../api';
import { formatDate, formatMoney, t } from '../../i18n';
import { Link, RouteProps, setQuery } from '../../router';
import { can, companyCurrency } from '../../session';
import { Chart } from '../../ui/Chart';
import { Badge, ErrorBanner, Loading, PageHeader, Section } from '../../ui/components';
import { useApi } from '../../ui/hooks';
import { accountName, NameOf, QueryDate, QuerySelect, Row, SimpleTable, startOfYear, today, useAccounts } from './parts';

export const REPORTS = [
  ['/reports/trial-balance', 'acc.trial_balance', 'acc.trial_balance_hint'],
  ['/reports/general-ledger', 'acc.general_ledger', 'acc.general_ledger_hint'],
  ['/reports/profit-and-loss', 'acc.profit_and_loss', 'acc.profit_and_loss_hint'],
  ['/reports/balance-sheet', 'acc.balance_sheet', 'acc.balance_sheet_hint'],
  ['/reports/ageing', 'acc.ageing', 'acc.ageing_hint'],
  ['/reports/budget-vs-actual', 'acc.budget_vs_actual', 'acc.budget_vs_actual_hint'],
] as const;

export function ReportsIndex() {
  return (
    <>
      <PageHeader title={t('nav.reports')} />
      <div class="grid report-index">
        {REPORTS.map(([href, title, hint]) => (
          <section key={href} class="card">
            <h2><Link href={href}>{t(title)}</Link></h2>
            <p class="muted">{t(hint)}</p>
          </section>
        ))}
      </div>
    </>
  );
}

/** The department filter (only for those who may read departments). */
export function DepartmentFilter({ query }: { query: URLSearchParams }) {
  const deps = useApi<Page<Row>>(can('security.department.read') ? 'departments' : null, { limit: 200 });
  if (!deps.data) return null;
  return <QuerySelect name="department_id" label={t('acc.department')} query={query} all={t('common.all')}
                      options={deps.data.items.map((d) => [String(d.id), d.name])} />;
}

export function TrialBalance({ query }: RouteProps) {
  const from = query.get('from') ?? startOfYear();
  const to = query.get('to') ?? today();
  const all = query.get('all') === '1';
  const r = useApi<Row>('reports/trial-balance', { from, to, department_id: query.get('department_id'), all: all ? 1 : undefined });
  const d = r.data;
  const cur = d?.currency ?? companyCurrency();
  return (
    <>
      <PageHeader title={t('acc.trial_balance')}
                  subtitle={d && <Badge prefix="acc.balanced" value={d.balanced ? 'yes' : 'no'} tone={d.balanced ? 'ok' : 'danger'} />} />
      <form class="filters card" onSubmit={(e) => e.preventDefault()}>
        <QueryDate name="from" label={t('acc.from')} query={query} fallback={from} />
        <QueryDate name="to" label={t('acc.to')} query={query} fallback={to} />
        <DepartmentFilter query={query} />
        <div class="field"><span>&nbsp;</span><label class="inline">
          <input type="checkbox" checked={all} onChange={(e) => setQuery({ all: e.currentTarget.checked ? '1' : null })} />
          {' '}{t('acc.all_accounts')}</label></div>
      </form>
      <ErrorBanner error={r.error} />
      {!d ? (!r.error && <Loading />) : (
        <Section title={`${formatDate(d.from)} – ${formatDate(d.to)}`} id="tb">
          <SimpleTable caption={t('acc.amounts_in', { currency: cur })} label={t('acc.trial_balance')} numeric={[2, 3, 4, 5]} testid="trial-balance"
            head={[t('acc.code'), t('acc.account'), t('acc.opening'), t('acc.debit'), t('acc.credit'), t('acc.closing')]}
            rows={(d.accounts ?? []).map((a: Row) => [
              <Link href={`/reports/general-ledger?account_id=${a.id}&from=${from}&to=${to}`}>{a.code}</Link>, accountName(a),
              formatMoney(a.opening), formatMoney(a.debit), formatMoney(a.credit), formatMoney(a.closing)])}
            foot={[t('common.total'), '', '', formatMoney(d.totals?.debit), formatMoney(d.totals?.credit), '']} />
        </Section>
      )}
    </>
  );
}

interface Ledger { account: Row; opening: string; closing: string; balance_before?: string;
                   items: Row[]; next_cursor?: string | null }

export function GeneralLedger({ query }: RouteProps) {
  const accounts = useAccounts();
  const account = query.get('account_id') ?? '';
  const from = query.get('from') ?? startOfYear();
  const to = query.get('to') ?? today();
  const [data, setData] = useState<Ledger | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const load = async (cursor?: string) => {
    setBusy(true);
    setError(null);
    try {
      const page = await api.get<Ledger>('reports/general-ledger', { account_id: account, from, to, limit: 200, cursor });
      setData((old) => (cursor && old ? { ...page, items: [...old.items, ...page.items] } : page));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => { setData(null); if (account) void load(); }, [account, from, to]);
  const cur = companyCurrency();
  const postable = (accounts ?? []).filter((a) => !a.is_group);
  return (
    <>
      <PageHeader title={t('acc.general_ledger')} subtitle={data && `${data.account.code} ${accountName(data.account)}`} />
      <form class="filters card" onSubmit={(e) => e.preventDefault()}>
        <QuerySelect name="account_id" label={t('acc.account')} query={query} all={t('acc.choose_account')}
                     options={postable.map((a) => [String(a.id), `${a.code} ${accountName(a)}`])} />
        <QueryDate name="from" label={t('acc.from')} query={query} fallback={from} />
        <QueryDate name="to" label={t('acc.to')} query={query} fallback={to} />
      </form>
      <ErrorBanner error={error} />
      {!account && <p class="muted">{t('acc.choose_account_hint')}</p>}
      {account && !data && busy && <Loading />}
      {data && (
        <>
          <div class="kpis">
            <div class="kpi"><span class="muted">{t('acc.opening')}</span><span class="value">{formatMoney(data.opening, cur)}</span></div>
            <div class="kpi"><span class="muted">{t('acc.closing')}</span><span class="value">{formatMoney(data.closing, cur)}</span></div>
          </div>
          {data.items.length > 1 && (
            <Section title={t('acc.balance_over_time')} id="gl-chart">
              <Chart kind="line" label={t('acc.balance_over_time')} labels={data.items.map((i) => i.date)}
                     series={[{ label: t('acc.balance'), data: data.items.map((i) => Number(i.balance)) }]} />
            </Section>
          )}
          <Section title={t('acc.lines')} id="gl-lines">
            <SimpleTable caption={t('acc.amounts_in', { currency: cur })} label={t('acc.general_ledger')} numeric={[4, 5, 6]}
              head={[t('common.date'), t('acc.entry'), t('acc.reference'), t('common.customer'), t('acc.debit'), t('acc.credit'), t('acc.balance')]}
              rows={data.items.map((i) => [formatDate(i.date),
                can('accounting.entry.read') ? <Link href={`/journal-entries/${i.entry_id}`}>{i.number}</Link> : i.number,
                i.ref ?? '', <NameOf kind="parties" id={i.party_id} link />,
                Number(i.debit) ? formatMoney(i.debit) : '', Number(i.credit) ? formatMoney(i.credit) : '',
                formatMoney(i.balance)])} />
            <div class="table-foot">
              <span class="muted">{t('list.count', { n: data.items.length })}</span>
              {data.next_cursor && <button type="button" disabled={busy} onClick={() => void load(data.next_cursor!)}>{t('action.more')}</button>}
            </div>
          </Section>
        </>
      )}
    </>
  );
}
