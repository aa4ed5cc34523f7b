// Users of the company: search, create, edit (name, e-mail, department, roles), disable or
// enable, reset the password (their sessions end) and revoke every session.
import { useState } from 'preact/hooks';
import { api, newIdempotencyKey, Page } from '../../api';
import { formatDate, t, tValue } from '../../i18n';
import { Link } from '../../router';
import { can } from '../../session';
import { Badge, Dialog, ErrorBanner, Field, PageHeader } from '../../ui/components';
import { DataTable } from '../../ui/DataTable';
import { useAction, useApi, useDebounced } from '../../ui/hooks';
import { Row } from '../accounting/parts';

function UserDialog(props: { user: Row | null; roles: Row[]; deps: Row[]; onClose: () => void; onDone: () => void }) {
  const u = props.user;
  const [f, setF] = useState({ login: '', display_name: u?.display_name ?? '', email: u?.email ?? '', password: '',
                               language: u?.language ?? 'zh-CN', department_id: u?.department_id ? String(u.department_id) : '' });
  const [roleIds, setRoleIds] = useState<number[]>(u?.role_ids ?? []);
  const [key] = useState(newIdempotencyKey);
  const set = (k: keyof typeof f) => (e: Event) => setF({ ...f, [k]: (e.currentTarget as HTMLInputElement).value });
  const save = useAction(async () => {
    const body: Row = { display_name: f.display_name.trim(), email: f.email.trim() || null, language: f.language,
                        department_id: f.department_id ? Number(f.department_id) : null, role_ids: roleIds };
    if (u) await api.patch(`users/${u.id}`, body, { ifMatch: u.version });
    else await api.post('users', { ...body, login: f.login.trim(), password: f.password }, { idempotencyKey: key });
    props.onDone();
  });
  const toggle = (id: number) => setRoleIds(roleIds.includes(id) ? roleIds.filter((x) => x !== id) : [...roleIds, id]);
  return (
    <Dialog title={u ? t('adm.edit_user', { name: u.login }) : t('adm.new_user')} open onClose={props.onClose}>
      <form noValidate onSubmit={(e) => { e.preventDefault(); void save.run(); }}>
        <ErrorBanner error={save.error} onReload={props.onDone} />
        {!u && <Field label={t('login.login')} name="login" error={save.error} value={f.login} onInput={set('login')} autoComplete="off" />}
        <Field label={t('adm.display_name')} name="display_name" error={save.error} value={f.display_name} onInput={set('display_name')} />
        <Field label={t('common.email')} name="email" type="email" error={save.error} value={f.email} onInput={set('email')} />
        {!u && <Field label={t('login.password')} name="password" type="password" error={save.error} value={f.password}
                      onInput={set('password')} autoComplete="new-password" />}
        <Field label={t('lang.label')} name="language" error={save.error}>
          <select id="f-language" value={f.language} onChange={set('language')}>
            <option value="zh-CN">简体中文</option><option value="en">English</option>
          </select>
        </Field>
        <Field label={t('acc.department')} name="department_id" error={save.error}>
          <select id="f-department_id" value={f.department_id} onChange={set('department_id')}>
            <option value="">—</option>
            {props.deps.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
          </select>
        </Field>
        <fieldset class="field choices"><legend>{t('nav.roles')}</legend>
          {props.roles.map((r) => (
            <label key={r.id} class="inline"><input type="checkbox" checked={roleIds.includes(r.id)} onChange={() => toggle(r.id)} /> {r.name}</label>))}
        </fieldset>
        <div class="toolbar">
          <button type="submit" class="primary" disabled={save.busy}>{t('action.save')}</button>
          <button type="button" onClick={props.onClose}>{t('action.cancel')}</button>
        </div>
      </form>
    </Dialog>
  );
}

function PasswordDialog(props: { user: Row; onClose: () => void }) {
  const [password, setPassword] = useState('');
  const save = useAction(async () => {
    await api.post(`users/${props.user.id}/password`, { password });
    props.onClose();
  });
  return (
    <Dialog title={t('adm.reset_password_for', { name: props.user.login })} open onClose={props.onClose}>
      <form noValidate onSubmit={(e) => { e.preventDefault(); void save.run(); }}>
        <p class="muted">{t('adm.reset_password_hint')}</p>
        <ErrorBanner error={save.error} />
        <Field label={t('adm.new_password')} name="password" type="password" autoComplete="new-password" error={save.error}
               value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        <div class="toolbar">
          <button type="submit" class="primary" disabled={save.busy || !password}>{t('adm.reset_password')}</button>
          <button type="button" onClick={props.onClose}>{t('action.cancel')}</button>
        </div>
      </form>
    </Dialog>
  );
}

export function Users() {
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 300);
  const [tick, setTick] = useState(0);
  const [editing, setEditing] = useState<Row | null | undefined>(undefined);
  const [resetting, setResetting] = useState<Row | null>(null);
  const [notice, setNotice] = useState('');
  const roles = useApi<Page<Row>>(can('security.role.read') ? 'roles' : null, { limit: 200 });
  const deps = useApi<Page<Row>>(can('security.department.read') ? 'departments' : null, { limit: 200 });
  const roleName = new Map((roles.data?.items ?? []).map((r) => [r.id, r.name]));
  const depName = new Map((deps.data?.items ?? []).map((d) => [d.id, d.name]));
  const act = useAction(async (u: Row, what: 'toggle' | 'revoke') => {
    if (what === 'toggle') await api.patch(`users/${u.id}`, { active: !u.active }, { ifMatch: u.version });
    else await api.post(`users/${u.id}/revoke-sessions`);
    setNotice(what === 'revoke' ? t('adm.sessions_revoked', { name: u.login }) : '');
    setTick(tick + 1);
  });
  const canEdit = can('security.user.update');
  return (
    <>
      <PageHeader title={t('nav.users')}>
        {can('security.user.create') && <button type="button" class="primary" onClick={() => setEditing(null)}>{t('adm.new_user')}</button>}
      </PageHeader>
      <form class="filters card" role="search" onSubmit={(e) => e.preventDefault()}>
        <div class="field"><label for="uq">{t('action.search')}</label>
          <input id="uq" type="search" value={text} onInput={(e) => setText(e.currentTarget.value)} /></div>
      </form>
      <ErrorBanner error={act.error} onReload={() => { act.setError(null); setTick(tick + 1); }} />
      {notice && <div class="alert ok" role="status">{notice}</div>}
      <DataTable<Row> path="users" query={{ q }} label={t('nav.users')} reloadKey={tick}
        columns={[
          { key: 'login', label: t('login.login'), sort: 'login' },
          { key: 'display_name', label: t('adm.display_name'), sort: 'name' },
          { key: 'email', label: t('common.email'), render: (u) => u.email ?? '' },
          { key: 'department', label: t('acc.department'), render: (u) => depName.get(u.department_id) ?? '—' },
          { key: 'roles', label: t('nav.roles'), render: (u) => (u.role_ids ?? []).map((id: number) => roleName.get(id) ?? `#${id}`).join(', ') },
          { key: 'active', label: t('common.status'), render: (u) => <>
            <Badge prefix="adm.active" value={u.active ? 'yes' : 'no'} tone={u.active ? 'ok' : 'danger'} />
            {u.totp_enabled && <> <Badge prefix="adm" value="totp" tone="info" /></>}</> },
          { key: 'created', label: t('common.created'), render: (u) => formatDate(u.created_at) },
          { key: 'actions', label: t('common.actions'), render: (u) => canEdit ? (
            <div class="toolbar">
              <button type="button" onClick={() => setEditing(u)}>{t('action.edit')}</button>
              <button type="button" disabled={act.busy} onClick={() => void act.run(u, 'toggle')}>
                {u.active ? t('adm.disable') : t('adm.enable')}</button>
              <button type="button" onClick={() => setResetting(u)}>{t('adm.reset_password')}</button>
              <button type="button" disabled={act.busy} onClick={() => void act.run(u, 'revoke')}>{t('adm.revoke_sessions')}</button>
              {can('security.audit.read') && <Link href={`/audit?entity=user&id=${u.id}`}>{t('nav.audit')}</Link>}
            </div>) : tValue('adm.lang', u.language) },
        ]} />
      {editing !== undefined && <UserDialog user={editing} roles={roles.data?.items ?? []} deps={deps.data?.items ?? []}
        onClose={() => setEditing(undefined)} onDone={() => { setEditing(undefined); setTick(tick + 1); }} />}
      {resetting && <PasswordDialog user={resetting} onClose={() => { setResetting(null); }} />}
    </>
  );
}
