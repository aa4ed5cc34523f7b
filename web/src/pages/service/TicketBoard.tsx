// The ticket board: a column per status (GET /boards/tickets), cards with customer, priority
// and deadline; moving a card runs the ticket's verb. Moving to "resolved" asks for the
// resolution first.
import { t } from '../../i18n';
import { navigate } from '../../router';
import { can } from '../../session';
import { Board, Card } from '../../ui/Board';
import { Badge, PageHeader } from '../../ui/components';
import { usePrompt } from '../../ui/usePrompt';
import { Deadline, priorityTone } from './parts';

export function TicketBoard() {
  const [dialog, ask] = usePrompt();
  const beforeMove = async (_card: Card, to: string) => {
    if (to !== 'resolved') return {};
    const resolution = await ask({ title: t('svc.resolve'), label: t('svc.resolution') });
    return resolution === null ? null : { resolution };
  };
  return (
    <>
      <PageHeader title={t('nav.ticket_board')} subtitle={t('svc.board_hint')}>
        {can('service.ticket.create') && (
          <button type="button" class="primary" onClick={() => navigate('/tickets/new')}>{t('svc.new_ticket')}</button>)}
        <button type="button" onClick={() => navigate('/tickets')}>{t('nav.tickets')}</button>
      </PageHeader>
      <Board board="tickets" cardHref={(c) => `/tickets/${c.id}`} beforeMove={beforeMove}
        renderCard={(c) => (
          <>
            <div>{c.title}</div>
            <div class="muted">{c.party_name}{c.owner_name ? ` · ${c.owner_name}` : ''}</div>
            <div><Badge prefix="svc.priority" value={String(c.priority ?? '')} tone={priorityTone(String(c.priority ?? ''))} />{' '}
              <Deadline ticket={c} /></div>
          </>
        )} />
      {dialog}
    </>
  );
}
