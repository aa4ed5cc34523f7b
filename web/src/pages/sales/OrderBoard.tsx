// The order board: every open order in the column of its next step (to confirm, awaiting an
// advance, to deliver, to invoice, awaiting payment, done); confirming and invoicing are moves.
import { formatDate, formatMoney, t } from '../../i18n';
import { Link } from '../../router';
import { Board, Card } from '../../ui/Board';
import { PageHeader } from '../../ui/components';

function OrderCard(props: { card: Card }) {
  const c = props.card;
  return (
    <div class="card-body">
      <div>{c.party_name}</div>
      <div class="muted">{formatMoney(c.amount as string, c.currency as string)}
        {Number(c.paid) > 0 ? ` · ${t('sales.paid_amount', { amount: formatMoney(c.paid as string, c.currency as string) })}` : ''}</div>
      <div class="muted">{formatDate(c.date as string)}{c.owner_name ? ` · ${c.owner_name}` : ''}</div>
    </div>
  );
}

export function OrderBoard() {
  return (
    <>
      <PageHeader title={t('nav.orders_board')} subtitle={t('sales.board_hint')}>
        <Link href="/orders">{t('nav.orders')}</Link>
      </PageHeader>
      <Board board="sales-orders" cardHref={(c) => `/orders/${c.id}`} renderCard={(c) => <OrderCard card={c} />} />
    </>
  );
}
