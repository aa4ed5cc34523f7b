// Campaigns: filtered by status and channel.
import { formatDate, formatMoney, t, tValue } from '../../i18n';
import { RouteProps, setQuery } from '../../router';
import { DataTable } from '../../ui/DataTable';
import { PageHeader } from '../../ui/components';
import { Row, StateBadge } from '../sales/shared';

export const CAMPAIGN_STATUSES = ['planned', 'active', 'done', 'cancelled'];
export const CHANNELS = ['email', 'phone', 'event', 'social', 'ads', 'mail', 'other'];

export function CampaignList({ query }: RouteProps) {
  const status = query.get('status') ?? '';
  const channel = query.get('channel') ?? '';
  return (
    <>
      <PageHeader title={t('nav.campaigns')} />
      <form class="filters card" role="search" onSubmit={(e) => e.preventDefault()}>
        <div class="field"><label for="cst">{t('common.status')}</label>
          <select id="cst" value={status} onChange={(e) => setQuery({ status: e.currentTarget.value })}>
            <option value="">{t('common.all')}</option>
            {CAMPAIGN_STATUSES.map((s) => <option key={s} value={s}>{tValue('crm.campaign_status', s)}</option>)}
          </select></div>
        <div class="field"><label for="cch">{t('crm.channel')}</label>
          <select id="cch" value={channel} onChange={(e) => setQuery({ channel: e.currentTarget.value })}>
            <option value="">{t('common.all')}</option>
            {CHANNELS.map((s) => <option key={s} value={s}>{tValue('crm.channel', s)}</option>)}
          </select></div>
      </form>
      <DataTable<Row> path="campaigns" query={{ status, channel }} label={t('nav.campaigns')} rowHref={(c) => `/campaigns/${c.id}`}
        columns={[
          { key: 'name', label: t('common.name'), sort: 'name' },
          { key: 'channel', label: t('crm.channel'), render: (c) => tValue('crm.channel', c.channel) },
          { key: 'starts_on', label: t('crm.period'), render: (c) => `${formatDate(c.starts_on)} – ${formatDate(c.ends_on)}`, sort: 'starts_on' },
          { key: 'budget', label: t('crm.budget'), align: 'right', render: (c) => formatMoney(c.budget, c.currency) },
          { key: 'status', label: t('common.status'), render: (c) => <StateBadge prefix="crm.campaign_status" value={c.status} /> },
        ]} />
    </>
  );
}
