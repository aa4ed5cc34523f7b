// Refusals with more to say than a sentence: a workflow guard (409 workflow.pending names the
// step that is waiting) and the credit block (409 sales.credit_limit with its figures); and
// the workflow instances that run on a document.
import { ApiError, Page } from '../../api';
import { formatDateTime, formatMoney, t, tValue } from '../../i18n';
import { can } from '../../session';
import { ErrorBanner, Facts, Section } from '../../ui/components';
import { errorText } from '../../ui/errors';
import { useApi } from '../../ui/hooks';
import { Row, StateBadge, useReloadOn } from './shared';

export function GuardBanner(props: { error: unknown; onReload?: () => void }) {
  const e = props.error;
  if (!(e instanceof ApiError) || e.status !== 409) return <ErrorBanner error={e} onReload={props.onReload} />;
  const wf = e.body.workflow as Row | undefined;
  const credit = e.body.credit as Row | undefined;
  return (
    <div class="alert warn" role="alert" data-testid="guard" data-code={e.code}>
      <strong>{errorText(e)}</strong>
      {wf && (wf.pending_step_name || wf.name) && (
        <p>{t('sales.workflow_pending', { name: wf.name ?? wf.key ?? '', step: wf.pending_step_name ?? wf.pending_step ?? '' })}
</p>
      )}
      {credit && (
        <Facts items={[
          [t('sales.credit_limit'), formatMoney(credit.credit_limit, credit.currency)],
          [t('sales.open_receivable'), formatMoney(credit.open_receivable, credit.currency)],
          [t('sales.unbilled_orders'), formatMoney(credit.unbilled_orders, credit.currency)],
          [t('sales.this_order'), formatMoney(credit.this_order, credit.currency)],
          [t('sales.excess'), <strong>{formatMoney(credit.excess, credit.currency)}</strong>],
        ]} />
      )}
    </div>
  );
}

/** One workflow instance with its open tasks and its history (the list carries neither). */
function Instance(props: { id: number; reloadKey: unknown }) {
  const w = useApi<Row>(`workflow-instances/${props.id}`);
  useReloadOn(w, props.reloadKey);
  if (!w.data) return w.error ? <li><ErrorBanner error={w.error} /></li> : <li class="muted">{t('list.loading')}</li>;
  const x = w.data;
  const open = ((x.tasks ?? []) as Row[]).filter((k) => k.state === 'open');
  return (
    <li class="workflow" data-testid="workflow">
      <strong>{x.name || x.key}</strong> <StateBadge prefix="sales.wf" value={x.state} />{' '}
      <span class="muted">{formatDateTime(x.started_at)}</span>
      {open.map((k) => (
        <div key={k.id}>{t('sales.pending_step')}: {k.name || k.step}
          {k.due_at ? <span class="muted"> · {t('common.due')} {formatDateTime(k.due_at)}</span> : null}</div>))}
      {(x.history ?? []).length > 0 && (
        <details>
          <summary>{t('sales.workflow_history')}</summary>
          <ul>{((x.history ?? []) as Row[]).map((h) => (
            <li key={h.id}>{formatDateTime(h.at)} · {tValue('sales.wf', h.action)}{h.step ? ` · ${h.step}` : ''}
              {h.comment ? ` — ${h.comment}` : ''}</li>))}</ul>
        </details>
      )}
    </li>
  );
}

/** The approval workflows of a document (quote, sales_order). */
export function WorkflowSection(props: { type: string; id: number; reloadKey?: unknown }) {
  const allowed = can('workflow.instance.read');
  const list = useApi<Page<Row>>(allowed ? 'workflow-instances' : null,
                                 { document_type: props.type, document_id: props.id, limit: 20 });
  useReloadOn(list, props.reloadKey);
  if (!allowed) return null;
  const rows = list.data?.items ?? [];
  return (
    <Section title={t('sales.workflows')} id="workflows">
      <ErrorBanner error={list.error} />
      {rows.length === 0 ? <p class="muted">{t('list.empty')}</p> :
        <ul class="plain workflows">{rows.map((w) => <Instance key={w.id} id={w.id} reloadKey={props.reloadKey} />)}</ul>}
    </Section>
  );
}
