// The pipeline: opportunities by stage on the shared kanban board (drag a card or use its
// move buttons; changes by others arrive live). Moving into a lost stage first asks for the
// reason in a dialog; the move then carries it.
import type { Page } from '../../api';
import { formatDate, formatMoney, t } from '../../i18n';
import { Board, Card } from '../../ui/Board';
import { PageHeader } from '../../ui/components';
import { useApi } from '../../ui/hooks';
import { usePrompt } from '../../ui/usePrompt';
import { Row } from '../sales/shared';

function OpportunityCard(props: { card: Card }) {
  const c = props.card;
  return (
    <div class="card-body">
      {c.title && <div>{c.title}</div>}
      <div class="muted">{c.party_name}</div>
      <div>{formatMoney(c.amount as string, c.currency as string)} · {String(c.probability ?? '')} %</div>
      <div class="muted">{c.expected_close ? formatDate(c.expected_close as string) : ''}{c.owner_name ? ` · ${c.owner_name}` : ''}</div>
    </div>
  );
}

export function Pipeline() {
  const stages = useApi<Page<Row>>('opportunity-stages', { all: 'true' });
  const lost = new Set((stages.data?.items ?? []).filter((s) => s.outcome === 'lost').map((s) => String(s.id)));
  const [dialog, ask] = usePrompt();
  const beforeMove = async (_card: Card, to: string) => {
    if (!lost.has(to)) return {};
    const reason = await ask({ title: t('crm.lost_title'), hint: t('crm.lost_hint'),
                               label: t('crm.lost_reason'), confirm: t('crm.mark_lost') });
    return reason === null ? null : { lost_reason: reason };
  };
  return (
    <>
      <PageHeader title={t('nav.pipeline')} subtitle={t('crm.pipeline_hint')} />
      <Board board="opportunities" cardHref={(c) => `/opportunities/${c.id}`} beforeMove={beforeMove}
             renderCard={(c) => <OpportunityCard card={c} />} />
      {dialog}
    </>
  );
}
