// Roles with their permissions and scopes (own records, own department, whole company): the
// list, and an editor grouping the permission catalog (GET /permissions) by area.
import { useState } from 'preact/hooks';
import { api, newIdempotencyKey, Page } from '../../api';
import { t, tValue } from '../../i18n';
import { can } from '../../session';
import { Badge, ErrorBanner, Field, Loading, PageHeader, Section } from '../../ui/components';
import { useAction, useApi } from '../../ui/hooks';
import { Row, SimpleTable } from '../accounting/parts';

const SCOPES = ['own', 'department', 'company'];

function RoleEditor(props: { role: Row | null; catalog: Row[]; onDone: () => void; onCancel: () => void }) {
  const r = props.role;
  const [name, setName] = useState(r?.name ?? '');
  const [isAdmin, setIsAdmin] = useState(Boolean(r?.is_admin));
  const [grants, setGrants] = useState<Record<string, string>>(
    Object.fromEntries((r?.permissions ?? []).map((p: Row) => [p.permission, p.scope ?? 'company'])));
  const [filter, setFilter] = useState('');
  const [key] = useState(newIdempotencyKey);
  const save = useAction(async () => {
    const permissions = Object.entries(grants).filter(([, s]) => s).map(([permission, scope]) => ({ permission, scope }));
    const body = { name: name.trim(), is_admin: isAdmin, permissions };
    if (r) await api.patch(`roles/${r.id}`, body, { ifMatch: r.version });
    else await api.post('roles', body, { idempotencyKey: key });
    props.onDone();
  });
  const shown = props.catalog.filter((p) => !filter || p.name.includes(filter) || String(p.description ?? '').toLowerCase().includes(filter.toLowerCase()));
  const areas = [...new Set(shown.map((p) => p.name.split('.')[0]))];
  return (
    <Section title={r ? t('adm.edit_role', { name: r.name }) : t('adm.new_role')} id="role-editor">
      <form noValidate onSubmit={(e) => { e.preventDefault(); void save.run(); }}>
        <ErrorBanner error={save.error} onReload={props.onDone} />
        <div class="form-grid">
          <Field label={t('common.name')} name="name" error={save.error} value={name} onInput={(e) => setName(e.currentTarget.value)} />
          <div class="field"><span>&nbsp;</span><label class="inline">
            <input type="checkbox" checked={isAdmin} onChange={(e) => setIsAdmin(e.currentTarget.checked)} /> {t('adm.is_admin')}</label></div>
          <div class="field"><label for="perm-filter">{t('adm.filter_permissions')}</label>
            <input id="perm-filter" type="search" value={filter} onInput={(e) => setFilter(e.currentTarget.value)} /></div>
        </div>
        <div class="perm-grid">
          {areas.map((area) => (
            <fieldset key={area} class="field"><legend>{tValue('adm.area', area)}</legend>
              <SimpleTable label={area} head={[t('adm.permission'), t('adm.scope')]}
                rows={shown.filter((p) => p.name.startsWith(`${area}.`)).map((p) => [
                  <span title={p.description}><code>{p.name}</code>{p.description ? <span class="muted"> — {p.description}</span> : null}</span>,
                  <select aria-label={`${t('adm.scope')} ${p.name}`} value={grants[p.name] ?? ''}
                          onChange={(e) => setGrants({ ...grants, [p.name]: e.currentTarget.value })}>
                    <option value="">{t('adm.scope.none')}</option>
                    {SCOPES.map((s) => <option key={s} value={s}>{tValue('adm.scope', s)}</option>)}
                  </select>])} />
            </fieldset>))}
        </div>
        <div class="toolbar">
          <button type="submit" class="primary" disabled={save.busy || !name.trim()}>{t('action.save')}</button>
          <button type="button" onClick={props.onCancel}>{t('action.cancel')}</button>
        </div>
      </form>
    </Section>
  );
}

export function Roles() {
  const roles = useApi<Page<Row>>('roles', { limit: 200 });
  const catalog = useApi<{ items: Row[] }>('permissions');
  const [editing, setEditing] = useState<Row | null | undefined>(undefined);
  const del = useAction(async (r: Row) => {
    if (!window.confirm(t('adm.delete_role_confirm', { name: r.name }))) return;
    await api.del(`roles/${r.id}`, { ifMatch: r.version });
    roles.reload();
  });
  if (!roles.data) return roles.error ? <ErrorBanner error={roles.error} /> : <Loading />;
  const done = () => { setEditing(undefined); roles.reload(); };
  return (
    <>
      <PageHeader title={t('nav.roles')}>
        {can('security.role.create') && <button type="button" class="primary" onClick={() => setEditing(null)}>{t('adm.new_role')}</button>}
      </PageHeader>
      <ErrorBanner error={del.error ?? catalog.error} onReload={() => { del.setError(null); roles.reload(); }} />
      {editing !== undefined && catalog.data && (
        <RoleEditor key={editing?.id ?? 'new'} role={editing} catalog={catalog.data.items} onDone={done} onCancel={() => setEditing(undefined)} />)}
      <SimpleTable label={t('nav.roles')} testid="roles"
        head={[t('common.name'), t('adm.permissions'), t('common.actions')]}
        rows={roles.data.items.map((r) => [
          <>{r.name}{r.is_admin && <> <Badge prefix="adm" value="admin" tone="info" /></>}</>,
          r.is_admin ? t('adm.all_permissions') : (
            <details><summary>{t('adm.n_permissions', { n: (r.permissions ?? []).length })}</summary>
              <ul class="plain">{(r.permissions ?? []).map((p: Row) => (
                <li key={p.permission}><code>{p.permission}</code> · {tValue('adm.scope', p.scope ?? 'company')}</li>))}</ul>
            </details>),
          <div class="toolbar">
            {can('security.role.update') && <button type="button" onClick={() => setEditing(r)}>{t('action.edit')}</button>}
            {can('security.role.delete') && <button type="button" class="danger" disabled={del.busy} onClick={() => void del.run(r)}>{t('action.delete')}</button>}
          </div>])} />
    </>
  );
}
