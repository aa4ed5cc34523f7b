// The ticket's verbs as the state machine allows them (ticket_flow.cc): assign (a dialog with
// user and department), start, wait, resume, resolve (a dialog with the resolution), close,
// reopen; and the resolution action "credit note of the linked invoice".
import { useState } from 'preact/hooks';
import { api, Page } from '../../api';
import { t } from '../../i18n';
import { can, sessionStore } from '../../session';
import { Dialog, ErrorBanner, Field } from '../../ui/components';
import { useAction, useApi } from '../../ui/hooks';
import { InvoiceRef } from '../accounting/InvoicePage';
import { Row } from '../accounting/parts';

const SIMPLE: [string, string[]][] = [
  ['start', ['new', 'assigned']],
  ['wait', ['in_progress']],
  ['resume', ['waiting_on_customer']],
  ['close', ['resolved']],
  ['reopen', ['resolved', 'closed']],
];
const ASSIGNABLE = ['new', 'assigned', 'in_progress', 'waiting_on_customer'];
const RESOLVABLE = ['in_progress', 'waiting_on_customer'];

function AssignDialog(props: { tk: Row; open: boolean; onClose: () => void; onDone: () => void }) {
  const users = useApi<Page<Row>>(props.open && can('security.user.read') ? 'users' : null, { limit: 200 });
  const deps = useApi<Page<Row>>(props.open && can('security.department.read') ? 'departments' : null, { limit: 200 });
  const [user, setUser] = useState(props.tk.owner_user_id ? String(props.tk.owner_user_id) : '');
  const [dep, setDep] = useState(props.tk.department_id ? String(props.tk.department_id) : '');
  const save = useAction(async () => {
    const body: Row = {};
    if (user) body.user_id = Number(user);
    if (dep) body.department_id = Number(dep);
    if (!user && !dep) body.user_id = sessionStore.get()?.user.id;
    await api.post(`tickets/${props.tk.id}/assign`, body, { ifMatch: props.tk.version });
    props.onDone();
  });
  return (
    <Dialog title={t('svc.assign')} open={props.open} onClose={props.onClose}>
      <form onSubmit={(e) => { e.preventDefault(); void save.run(); }}>
        <ErrorBanner error={save.error} onReload={props.onDone} />
        <Field label={t('svc.assignee')} name="user_id" error={save.error}>
          <select id="f-user_id" value={user} onChange={(e) => setUser(e.currentTarget.value)}>
            <option value="">{t('svc.assign_me')}</option>
            {(users.data?.items ?? []).filter((u) => u.active !== false).map((u) => (
              <option key={u.id} value={u.id}>{u.display_name}</option>))}
          </select>
        </Field>
        {deps.data && (
          <Field label={t('acc.department')} name="department_id" error={save.error}>
            <select id="f-department_id" value={dep} onChange={(e) => setDep(e.currentTarget.value)}>
              <option value="">—</option>
              {deps.data.items.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
            </select>
          </Field>
        )}
        <div class="toolbar">
          <button type="submit" class="primary" disabled={save.busy}>{t('svc.assign')}</button>
          <button type="button" onClick={props.onClose}>{t('action.cancel')}</button>
        </div>
      </form>
    </Dialog>
  );
}

function ResolveDialog(props: { tk: Row; open: boolean; onClose: () => void; onDone: () => void }) {
  const [text, setText] = useState('');
  const save = useAction(async () => {
    await api.post(`tickets/${props.tk.id}/resolve`, { resolution: text.trim() }, { ifMatch: props.tk.version });
    props.onDone();
  });
  return (
    <Dialog title={t('svc.resolve')} open={props.open} onClose={props.onClose}>
      <form onSubmit={(e) => { e.preventDefault(); void save.run(); }}>
        <ErrorBanner error={save.error} onReload={props.onDone} />
        <Field label={t('svc.resolution')} name="resolution" error={save.error}>
          <textarea id="f-resolution" rows={4} value={text} onInput={(e) => setText(e.currentTarget.value)} />
        </Field>
        <div class="toolbar">
          <button type="submit" class="primary" disabled={save.busy || !text.trim()}>{t('svc.resolve')}</button>
          <button type="button" onClick={props.onClose}>{t('action.cancel')}</button>
        </div>
      </form>
    </Dialog>
  );
}

export function TicketVerbs({ tk, reload }: { tk: Row; reload: () => void }) {
  const [dialog, setDialog] = useState<'' | 'assign' | 'resolve'>('');
  const verb = useAction(async (name: string) => {
    await api.post(`tickets/${tk.id}/${name}`, {}, { ifMatch: tk.version });
    reload();
  });
  if (!can('service.ticket.update')) return null;
  const done = () => { setDialog(''); reload(); };
  return (
    <>
      {ASSIGNABLE.includes(tk.status) && <button type="button" onClick={() => setDialog('assign')}>{t('svc.assign')}</button>}
      {SIMPLE.filter(([, from]) => from.includes(tk.status)).map(([name]) => (
        <button key={name} type="button" disabled={verb.busy} onClick={() => void verb.run(name)}>{t(`svc.verb.${name}` as 'svc.verb.start')}</button>))}
      {RESOLVABLE.includes(tk.status) && (
        <button type="button" class="primary" onClick={() => setDialog('resolve')}>{t('svc.resolve')}</button>)}
      {dialog === 'assign' && <AssignDialog tk={tk} open onClose={() => setDialog('')} onDone={done} />}
      {dialog === 'resolve' && <ResolveDialog tk={tk} open onClose={() => setDialog('')} onDone={done} />}
      {verb.error && <div class="block"><ErrorBanner error={verb.error} onReload={() => { verb.setError(null); reload(); }} /></div>}
    </>
  );
}

/** Resolution actions: a credit note of the ticket's invoice (service and invoicing rights). */
export function ResolutionActions({ tk, reload }: { tk: Row; reload: () => void }) {
  const [post, setPost] = useState(false);
  const credit = useAction(async () => {
    await api.post(`tickets/${tk.id}/credit-note`, { post }, { ifMatch: tk.version });
    reload();
  });
  if (tk.credit_note_id) {
    return <p>{t('svc.credit_note_made')}{' '}
      {can('invoicing.invoice.read') ? <InvoiceRef id={tk.credit_note_id} /> : (tk.credit_note?.number ?? `#${tk.credit_note_id}`)}</p>;
  }
  if (!tk.invoice_id) return <p class="muted">{t('svc.no_invoice_linked')}</p>;
  if (!can('service.ticket.update') || !can('invoicing.invoice.create')) return <p class="muted">{t('svc.credit_note_rights')}</p>;
  return (
    <div>
      <p class="muted">{t('svc.credit_note_hint')}</p>
      <ErrorBanner error={credit.error} onReload={reload} />
      <div class="toolbar">
        {can('invoicing.invoice.approve') && (
          <label class="inline"><input type="checkbox" checked={post} onChange={(e) => setPost(e.currentTarget.checked)} /> {t('svc.post_credit_note')}</label>)}
        <button type="button" disabled={credit.busy} onClick={() => void credit.run()}>{t('svc.make_credit_note')}</button>
      </div>
    </div>
  );
}
