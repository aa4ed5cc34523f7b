// Departments: name, parent and manager (SLA escalations and workflow steps reach the
// manager); create and edit.
import { useState } from 'preact/hooks';
import { api, newIdempotencyKey, Page } from '../../api';
import { formatDate, t } from '../../i18n';
import { Link } from '../../router';
import { can } from '../../session';
import { Dialog, ErrorBanner, Field, Loading, PageHeader } from '../../ui/components';
import { useAction, useApi } from '../../ui/hooks';
import { Row, SimpleTable } from '../accounting/parts';

function DepartmentDialog(props: { dep: Row | null; all: Row[]; users: Row[]; onClose: () => void; onDone: () => void }) {
  const d = props.dep;
  const [name, setName] = useState(d?.name ?? '');
  const [parent, setParent] = useState(d?.parent_id ? String(d.parent_id) : '');
  const [manager, setManager] = useState(d?.manager_user_id ? String(d.manager_user_id) : '');
  const [key] = useState(newIdempotencyKey);
  const save = useAction(async () => {
    const body = { name: name.trim(), parent_id: parent ? Number(parent) : null, manager_user_id: manager ? Number(manager) : null };
    if (d) await api.patch(`departments/${d.id}`, body, { ifMatch: d.version });
    else await api.post('departments', body, { idempotencyKey: key });
    props.onDone();
  });
  return (
    <Dialog title={d ? t('adm.edit_department') : t('adm.new_department')} open onClose={props.onClose}>
      <form noValidate onSubmit={(e) => { e.preventDefault(); void save.run(); }}>
        <ErrorBanner error={save.error} onReload={props.onDone} />
        <Field label={t('common.name')} name="name" error={save.error} value={name} onInput={(e) => setName(e.currentTarget.value)} />
        <Field label={t('adm.parent')} name="parent_id" error={save.error}>
          <select id="f-parent_id" value={parent} onChange={(e) => setParent(e.currentTarget.value)}>
            <option value="">—</option>
            {props.all.filter((x) => x.id !== d?.id).map((x) => <option key={x.id} value={x.id}>{x.name}</option>)}
          </select>
        </Field>
        <Field label={t('adm.manager')} name="manager_user_id" error={save.error}>
          <select id="f-manager_user_id" value={manager} onChange={(e) => setManager(e.currentTarget.value)}>
            <option value="">—</option>
            {props.users.map((u) => <option key={u.id} value={u.id}>{u.display_name}</option>)}
          </select>
        </Field>
        <div class="toolbar">
          <button type="submit" class="primary" disabled={save.busy || !name.trim()}>{t('action.save')}</button>
          <button type="button" onClick={props.onClose}>{t('action.cancel')}</button>
        </div>
      </form>
    </Dialog>
  );
}

export function Departments() {
  const deps = useApi<Page<Row>>('departments', { limit: 200 });
  const users = useApi<Page<Row>>(can('security.user.read') ? 'users' : null, { limit: 200 });
  const [editing, setEditing] = useState<Row | null | undefined>(undefined);
  if (!deps.data) return deps.error ? <ErrorBanner error={deps.error} /> : <Loading />;
  const all = deps.data.items;
  const depName = new Map(all.map((d) => [d.id, d.name]));
  const userName = new Map((users.data?.items ?? []).map((u) => [u.id, u.display_name]));
  return (
    <>
      <PageHeader title={t('nav.departments')}>
        {can('security.department.create') && <button type="button" class="primary" onClick={() => setEditing(null)}>{t('adm.new_department')}</button>}
      </PageHeader>
      <SimpleTable label={t('nav.departments')} testid="departments"
        head={[t('common.name'), t('adm.parent'), t('adm.manager'), t('common.created'), t('common.actions')]}
        rows={all.map((d) => [d.name, depName.get(d.parent_id) ?? '—',
          d.manager_user_id ? userName.get(d.manager_user_id) ?? `#${d.manager_user_id}` : '—', formatDate(d.created_at),
          <div class="toolbar">
            {can('security.department.update') && <button type="button" onClick={() => setEditing(d)}>{t('action.edit')}</button>}
            {can('security.audit.read') && <Link href={`/audit?entity=department&id=${d.id}`}>{t('nav.audit')}</Link>}
          </div>])} />
      {editing !== undefined && <DepartmentDialog dep={editing} all={all} users={users.data?.items ?? []}
        onClose={() => setEditing(undefined)} onDone={() => { setEditing(undefined); deps.reload(); }} />}
    </>
  );
}
