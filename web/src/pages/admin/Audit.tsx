// The audit trail of one record (GET /audit?entity=&id=), newest first: each change as
// field: old → new, with the user, the time and the request id that ties it to the logs.
import { useState } from 'preact/hooks';
import { formatDateTime, t, tValue } from '../../i18n';
import { Link, RouteProps, setQuery } from '../../router';
import { PageHeader } from '../../ui/components';
import { DataTable } from '../../ui/DataTable';
import { NameOf, Row } from '../accounting/parts';
import { docHref } from '../workflow/Inbox';

const ENTITIES = ['party', 'quote', 'sales_order', 'invoice', 'payment', 'journal_entry', 'transfer', 'ticket',
                  'kb_article', 'user', 'role', 'department', 'company', 'workflow_instance'];

function show(v: unknown): string {
  if (v === null || v === undefined) return '∅';
  if (typeof v === 'string') return v.length > 120 ? `${v.slice(0, 117)}…` : v;
  const s = JSON.stringify(v);
  return s.length > 120 ? `${s.slice(0, 117)}…` : s;
}

/** The changed fields of one audit row: `field: old → new`. */
export function Changes({ changes }: { changes: Record<string, unknown> | null | undefined }) {
  const entries = Object.entries(changes ?? {});
  if (entries.length === 0) return <span class="muted">—</span>;
  return (
    <ul class="changes">
      {entries.map(([field, pair]) => {
        const [oldV, newV] = Array.isArray(pair) ? pair : [undefined, pair];
        return <li key={field}><strong>{field}</strong>: <code>{show(oldV)}</code> → <code>{show(newV)}</code></li>;
      })}
    </ul>
  );
}

export function AuditTrail({ query }: RouteProps) {
  const entity = query.get('entity') ?? '';
  const id = query.get('id') ?? '';
  const [idText, setIdText] = useState(id);
  const href = !entity || !id ? null : entity === 'party' ? `/customers/${id}` : docHref(entity, Number(id));
  return (
    <>
      <PageHeader title={t('nav.audit')} subtitle={entity && id ? `${tValue('adm.entity', entity)} #${id}` : undefined}>
        {href && <Link href={href}>{t('action.open')}</Link>}
      </PageHeader>
      <form class="filters card" role="search" onSubmit={(e) => { e.preventDefault(); setQuery({ id: idText.trim() }); }}>
        <div class="field"><label for="a-entity">{t('adm.entity')}</label>
          <select id="a-entity" value={entity} onChange={(e) => setQuery({ entity: e.currentTarget.value })}>
            <option value="">{t('common.all')}</option>
            {(ENTITIES.includes(entity) || !entity ? ENTITIES : [entity, ...ENTITIES]).map((x) => (
              <option key={x} value={x}>{tValue('adm.entity', x)}</option>))}
          </select></div>
        <div class="field"><label for="a-id">{t('common.id')}</label>
          <input id="a-id" inputMode="numeric" value={idText} onInput={(e) => setIdText(e.currentTarget.value)}
                 onChange={(e) => setQuery({ id: e.currentTarget.value.trim() })} /></div>
        <div class="field"><span>&nbsp;</span><button type="submit">{t('action.filter')}</button></div>
      </form>
      <DataTable<Row> path="audit" query={{ entity, id }} label={t('nav.audit')} pageSize={50}
        columns={[
          { key: 'at', label: t('adm.when'), render: (a) => formatDateTime(a.at) },
          { key: 'user', label: t('wf.user'), render: (a) => (a.user_id ? <NameOf kind="users" id={a.user_id} /> : t('adm.system')) },
          { key: 'entity', label: t('adm.entity'), render: (a) => `${tValue('adm.entity', a.entity)} #${a.entity_id}` },
          { key: 'action', label: t('wf.action'), render: (a) => tValue('adm.audit_action', a.action) },
          { key: 'changes', label: t('adm.changes'), render: (a) => <Changes changes={a.changes} /> },
          { key: 'request_id', label: t('adm.request_id'), render: (a) => <code>{a.request_id ?? '—'}</code> },
        ]} />
    </>
  );
}
