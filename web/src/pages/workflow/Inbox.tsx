// The approvals inbox: the open workflow tasks the user may decide (GET /workflow/inbox), each
// with its document's summary and link; approve or reject with a comment in a dialog; the
// instance's history (GET /workflow-instances/{id}) on demand.
import { useState } from 'preact/hooks';
import { api, Page } from '../../api';
import { formatDateTime, formatMoney, formatNumber, formatRelative, t, tDynamic, tValue } from '../../i18n';
import { Link } from '../../router';
import { can } from '../../session';
import { Badge, Dialog, ErrorBanner, Field, Loading, PageHeader, Section } from '../../ui/components';
import { useAction, useApi } from '../../ui/hooks';
import { NameOf, Row, SimpleTable, tone } from '../accounting/parts';

const DOC_HREF: Record<string, string> = {
  quote: '/quotes/', sales_order: '/orders/', ticket: '/tickets/', invoice: '/invoices/', payment: '/payments/',
  transfer: '/transfers/',
};

export function docHref(type: string, id: number): string | null {
  return DOC_HREF[type] ? `${DOC_HREF[type]}${id}` : null;
}

function DocSummary({ doc }: { doc: Row }) {
  const s: Row = doc.summary ?? {};
  const label = `${tValue('kind', doc.type)} ${s.number ?? s.name ?? s.subject ?? `#${doc.id}`}`;
  const href = docHref(doc.type, doc.id);
  return (
    <div>
      {href ? <Link href={href}>{label}</Link> : label}
      <div class="muted">
        {s.party_id && <><NameOf kind="parties" id={s.party_id} /> · </>}
        {s.total && <>{formatMoney(s.total, s.currency)} · </>}
        {s.max_discount_percent && <>{t('wf.max_discount', { pct: formatNumber(s.max_discount_percent) })} · </>}
        {(s.state ?? s.status) && tValue(doc.type === 'ticket' ? 'ticket' : 'state', s.state ?? s.status)}
      </div>
    </div>
  );
}

function History({ instanceId }: { instanceId: number }) {
  const r = useApi<Row>(`workflow-instances/${instanceId}`);
  if (!r.data) return r.error ? <ErrorBanner error={r.error} /> : <Loading />;
  const i = r.data;
  return (
    <div data-testid="history">
      <p><strong>{i.name}</strong> · <Badge prefix="wf.state" value={i.state} tone={tone(i.state)} />{' '}
        <span class="muted">{t('wf.started', { when: formatDateTime(i.started_at) })} · <NameOf kind="users" id={i.started_by} /></span></p>
      <SimpleTable label={t('wf.history')}
        head={[t('common.date'), t('wf.user'), t('wf.action'), t('wf.step'), t('common.comment')]}
        rows={(i.history ?? []).map((h: Row) => [formatDateTime(h.at), <NameOf kind="users" id={h.user_id} />,
          tValue('wf.act', h.action), h.step ?? '', h.comment ?? ''])} />
    </div>
  );
}

function Decide(props: { task: Row; approve: boolean; onClose: () => void; onDone: () => void; onStale: () => void }) {
  const [comment, setComment] = useState('');
  const act = useAction(async () => {
    await api.post(`workflow-tasks/${props.task.id}/${props.approve ? 'approve' : 'reject'}`,
                   { comment: comment.trim() || undefined, version: props.task.version });
    props.onDone();
  });
  return (
    <Dialog title={props.approve ? t('wf.approve_title') : t('wf.reject_title')} open onClose={props.onClose}>
      <p>{props.task.name}</p>
      <form onSubmit={(e) => { e.preventDefault(); void act.run(); }}>
        <ErrorBanner error={act.error} onReload={props.onStale} />
        <Field label={t('common.comment')} name="comment" error={act.error}>
          <textarea id="f-comment" rows={3} value={comment} onInput={(e) => setComment(e.currentTarget.value)}
                    required={!props.approve} />
        </Field>
        <div class="toolbar">
          <button type="submit" class={props.approve ? 'primary' : 'danger'} disabled={act.busy || (!props.approve && !comment.trim())}>
            {props.approve ? t('wf.approve') : t('wf.reject')}</button>
          <button type="button" onClick={props.onClose}>{t('action.cancel')}</button>
        </div>
      </form>
    </Dialog>
  );
}

export function Inbox() {
  const r = useApi<Page<Row>>('workflow/inbox', { limit: 100 });
  const [deciding, setDeciding] = useState<{ task: Row; approve: boolean } | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  const [done, setDone] = useState('');
  const items = r.data?.items ?? [];
  const now = Date.now();
  return (
    <>
      <PageHeader title={t('nav.inbox')} subtitle={r.data && t('wf.count', { n: items.length })} />
      <ErrorBanner error={r.error} />
      {done && <div class="alert ok" role="status">{done}</div>}
      {!r.data ? (!r.error && <Loading />) : items.length === 0 ? <p class="muted empty" data-testid="inbox-empty">{t('wf.empty')}</p> : (
        <SimpleTable label={t('nav.inbox')} testid="inbox"
          head={[t('wf.task'), t('wf.document'), t('common.due'), t('common.actions')]}
          rows={items.map((task) => [
            <div><strong>{task.name}</strong><div class="muted">{tDynamic(`wf.key.${task.key}`, task.key)}
              {task.escalated && <> · <Badge prefix="svc" value="escalated" tone="warn" /></>}</div></div>,
            <DocSummary doc={task.document ?? {}} />,
            task.due_at ? <span class={new Date(task.due_at).getTime() < now ? 'overdue' : undefined} title={formatDateTime(task.due_at)}>
              {formatRelative(task.due_at, now)}</span> : '—',
            <div class="toolbar">
              <button type="button" class="primary" onClick={() => setDeciding({ task, approve: true })}>{t('wf.approve')}</button>
              <button type="button" class="danger" onClick={() => setDeciding({ task, approve: false })}>{t('wf.reject')}</button>
              {can('workflow.instance.read') && (
                <button type="button" aria-expanded={open === task.instance_id}
                        onClick={() => setOpen(open === task.instance_id ? null : task.instance_id)}>{t('wf.history')}</button>)}
            </div>,
          ])} />
      )}
      {open !== null && <Section title={t('wf.history')} id="wf-history"><History instanceId={open} /></Section>}
      {deciding && <Decide task={deciding.task} approve={deciding.approve} onClose={() => setDeciding(null)}
        onStale={() => { setDeciding(null); r.reload(); }}
        onDone={() => {
          setDone(deciding.approve ? t('wf.approved_msg', { name: deciding.task.name }) : t('wf.rejected_msg', { name: deciding.task.name }));
          setDeciding(null); setOpen(null); r.reload();
        }} />}
    </>
  );
}
