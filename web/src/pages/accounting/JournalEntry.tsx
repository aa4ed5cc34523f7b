// A posted (or draft) journal entry with its lines: where invoices, payments and the general
// ledger link to. Read only; corrections are reversals made by accountants.
import { formatDate, formatMoney, t, tValue } from '../../i18n';
import { Link, RouteProps } from '../../router';
import { can } from '../../session';
import { Badge, ErrorBanner, Facts, Loading, PageHeader, Section } from '../../ui/components';
import { useApi } from '../../ui/hooks';
import { accountName, PartyLink, Row, SimpleTable, tone, useAccounts, useNames } from './parts';

export function JournalEntryPage({ params }: RouteProps) {
  const r = useApi<Row>(`journal-entries/${params.id}`);
  const accounts = useAccounts();
  const lines: Row[] = r.data?.lines ?? [];
  const nameOf = useNames('parties', lines.map((l) => l.party_id));
  if (!r.data) return r.error ? <ErrorBanner error={r.error} /> : <Loading />;
  const e = r.data;
  const byId = new Map((accounts ?? []).map((a) => [a.id, a]));
  const sum = (k: string) => lines.reduce((s, l) => s + Number(l[k] ?? 0), 0);
  return (
    <>
      <PageHeader title={`${t('acc.entry')} ${e.number ?? `#${e.id}`}`}
                  subtitle={<Badge prefix="state" value={e.state} tone={tone(e.state)} />}>
        {can('security.audit.read') && <Link href={`/audit?entity=journal_entry&id=${e.id}`}>{t('nav.audit')}</Link>}
      </PageHeader>
      <Section title={t('common.details')} id="je-details">
        <Facts items={[
          [t('common.date'), formatDate(e.date)],
          [t('acc.journal'), e.journal_code],
          [t('acc.kind'), tValue('acc.entry_kind', e.kind)],
          [t('acc.reference'), e.ref ?? '—'],
          [t('acc.reversal_of'), e.reversal_of_id ? <Link href={`/journal-entries/${e.reversal_of_id}`}>#{e.reversal_of_id}</Link> : '—'],
          [t('acc.reversed_by'), e.reversed_by_id ? <Link href={`/journal-entries/${e.reversed_by_id}`}>#{e.reversed_by_id}</Link> : '—'],
        ]} />
      </Section>
      <Section title={t('acc.lines')} id="je-lines">
        <SimpleTable label={t('acc.lines')} numeric={[3, 4]}
          head={[t('acc.account'), t('common.customer'), t('common.due'), t('acc.debit'), t('acc.credit')]}
          rows={lines.map((l) => [
            `${l.account_code ?? ''} ${accountName(byId.get(l.account_id))}`,
            <PartyLink id={l.party_id} nameOf={nameOf} />, formatDate(l.due_date),
            Number(l.debit) ? formatMoney(l.debit, e.currency) : '',
            Number(l.credit) ? formatMoney(l.credit, e.currency) : ''])}
          foot={[t('common.total'), '', '', formatMoney(sum('debit'), e.currency), formatMoney(sum('credit'), e.currency)]} />
      </Section>
    </>
  );
}
